"""StyleKeeper against the authors' own code (tests/fixtures/parity/stylekeeper, made by running naver-ai/StyleKeeper @
ac1219c): which timesteps are colour-calibrated, each calibrated or plain DDIM step's x_{t-1} and x̂0, and one swapped
self-attention layer, to 1e-5."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch
from diffusers import DDIMScheduler
from safetensors.torch import load_file

from tools.stylekeeper import calibrated_ddim_step, predict_x0
from tools.stylekeeper.backend import DEFAULT_OPTIONS
from tools.stylekeeper.sampling import _alpha_prev, calibrates

PARITY = Path(__file__).parent / "fixtures" / "parity" / "stylekeeper"
CASES = {case["id"]: case for case in json.loads((PARITY / "cases.json").read_text())["cases"]}
TENSORS = load_file(PARITY / "calibration_ddim.safetensors")
STEP_CASES = [case_id for case_id in CASES if case_id.startswith("calib_step_")]


def sdxl_ddim(steps: int) -> DDIMScheduler:
    """The studio's scheduler on SDXL base's settings (tools/stylekeeper/backend.py), set for `steps`."""
    config = CASES["calibration_window"]["parameters"]["scheduler_config"]
    scheduler = DDIMScheduler(
        num_train_timesteps=config["num_train_timesteps"], beta_start=config["beta_start"], beta_end=config["beta_end"],
        beta_schedule=config["beta_schedule"], clip_sample=config["clip_sample"], set_alpha_to_one=config["set_alpha_to_one"],
        steps_offset=config["steps_offset"], timestep_spacing=config["timestep_spacing"],
    )
    scheduler.set_timesteps(steps)
    return scheduler


def calibrated(t: int) -> bool:
    return calibrates(t, DEFAULT_OPTIONS["calibration_window"])


@pytest.mark.parametrize("steps", [30, 50])
def test_the_calibrated_timesteps_are_the_authors(steps):
    expected = CASES["calibration_window"]["expected"][str(steps)]
    timesteps = [int(t) for t in sdxl_ddim(steps).timesteps]
    assert timesteps == expected["timesteps"]
    assert [t for t in timesteps if calibrated(t)] == expected["calibrated"]  # at 30 steps t = 100 is not calibrated


@pytest.mark.parametrize("case_id", STEP_CASES)
def test_a_calibrated_ddim_step_matches_the_authors(case_id):
    case, get = CASES[case_id], lambda name: TENSORS[f"{case_id}/{name}"]
    steps, t = case["parameters"]["num_inference_steps"], case["parameters"]["timestep"]
    scheduler = sdxl_ddim(steps)
    alphas = scheduler.alphas_cumprod.to(torch.float32)
    a_t, a_prev = alphas[t], _alpha_prev(scheduler, t, alphas)
    assert a_prev.item() == pytest.approx(case["parameters"]["alpha_prod_t_prev"], abs=1e-7)
    x_t, eps = get("inputs/x_t"), get("inputs/eps")
    # row 0 is the reference: its own x̂0 gives the statistics; the sampler keeps it apart from the generated rows
    x0_ref = predict_x0(x_t[:1], eps[:1], a_t)
    assert calibrated(t) == case["parameters"]["calibrated"]
    x_prev, x0 = calibrated_ddim_step(predict_x0(x_t[1:], eps[1:], a_t), eps[1:], a_prev, x0_ref if calibrated(t) else None)
    torch.testing.assert_close(x0, get("expected/pred_original_sample")[1:], atol=1e-5, rtol=0)
    torch.testing.assert_close(x_prev, get("expected/prev_sample")[1:], atol=1e-5, rtol=0)
    if calibrated(t):  # the authors' x_{t-1} is far from one whose ε was re-derived from the calibrated x̂0
        assert (x_prev - get("contrast/prev_sample_if_eps_rederived")[1:]).abs().max() > 0.5
        torch.testing.assert_close(x0_ref.std(dim=(-2, -1))[0], get("expected/ref_std_unbiased"), atol=1e-5, rtol=0)


def test_the_swapped_self_attention_layer_matches_the_authors():
    """The authors' CrossFrameAttnProcessor on one layer with their weights: every row keeps its own queries and takes
    the keys/values of its CFG chunk's reference row. The studio's processor with that row layout gives their output."""
    from diffusers.models.attention_processor import Attention

    from tools.stylekeeper import RowLayout
    from tools.stylekeeper.attention import StyleSwapProcessor, SwapState

    tensors = load_file(PARITY / "swap_attention.safetensors")
    layer = Attention(query_dim=64, heads=2, dim_head=32, bias=False, out_bias=True)
    layer.load_state_dict({name.removeprefix("weights/"): t for name, t in tensors.items() if name.startswith("weights/")})
    state = SwapState()
    state.layout = RowLayout(("ref_u", "gen_u", "gen_u", "ref_c", "gen_c", "gen_c"), (0, 1, 2, 3, 4, 5), (0, 0, 0, 3, 3, 3))
    layer.set_processor(StyleSwapProcessor(state))
    with torch.no_grad():
        out = layer(tensors["inputs/hidden_states"])
    torch.testing.assert_close(out, tensors["expected/output"], atol=1e-5, rtol=0)
    assert (out - tensors["contrast/output_without_swap"]).abs().max() > 0.1


def test_guidance_at_w7_matches_the_authors_in_float32():
    """eps = eps_u + 7·(eps_c − eps_u) for the generated rows; the reference row takes its conditional prediction alone
    (their use_prompt_as_null), which is the ref_c row the sampler reads x̂0 of the reference from."""
    from tools.stylekeeper import guided_noise

    tensors = load_file(PARITY / "cfg.safetensors")
    uncond, cond, expected = tensors["inputs/eps_uncond"], tensors["inputs/eps_cond"], tensors["expected/guided_fp32"]
    torch.testing.assert_close(guided_noise(cond[1:], uncond[1:], None, 7.0, 0.0), expected[1:], atol=0, rtol=0)
    torch.testing.assert_close(cond[:1], expected[:1], atol=0, rtol=0)
