"""Lumina-DiMOO's re-mask rule against the authors' own loop (tests/fixtures/parity/dimoo, made by running
Alpha-VLLM/Lumina-DiMOO @ 81344e6): with N masked cells and T steps, every step commits at least one token
(k = min(keep_n, L − 1)), so N = 10 of an 8x8 grid finishes in 10 of 64 steps and N = 64 in 64."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
import torch

from tests.test_dimoo_samplers import _t2i
from tools.dimoo.samplers import cfg_two_way, cosine_remaining, sample_image, still_masked

PARITY = Path(__file__).parent / "fixtures" / "parity" / "dimoo"
CASE = json.loads((PARITY / "remask_trajectories.json").read_text())["cases"][0]
T = CASE["parameters"]["T"]


def authors(name: str) -> dict:
    expected = CASE["expected"][name]
    return {key: ast.literal_eval(value) if isinstance(value, str) else value for key, value in expected.items()}


@pytest.mark.parametrize("name, n", [("N10_in_8x8_T64", 10), ("N64_8x8_T64", 64)])
def test_the_schedule_and_the_clamp_are_the_authors(name, n):
    case = authors(name)
    assert [cosine_remaining(n, s, T) for s in range(T)] == case["keep_n_full_schedule"]
    fp32 = case["fp32"]
    assert [still_masked(n, before, s, T) for s, before in enumerate(fp32["masked_before"])] == fp32["k_after_clamp_L_minus_1"]


@pytest.mark.parametrize("name, n", [("N10_in_8x8_T64", 10), ("N64_8x8_T64", 64)])
def test_the_loop_commits_a_token_every_step(dimoo_tiny_lm, name, n):
    model, tok, t = dimoo_tiny_lm
    case = authors(name)
    grid = torch.arange(64) % 8 + t.image_slice[0]  # prefilled image tokens
    masked = case["masked_cells"] if n < 64 else list(range(64))
    grid[masked] = t.mask
    branches, positions = _t2i(tok, t, 8, 8, grid)
    trace = []
    sample_image(model, branches, positions, grid, t, T, cfg_two_way(0.0), temperature=1.0,
                 generator=torch.Generator().manual_seed(0), trace=trace)
    steps_run = case["fp32"]["steps_run"]
    assert [r.masked_after for r in trace[:steps_run]] == case["fp32"]["masked_after"]
    assert all(r.masked_before == 0 for r in trace[steps_run:])  # the authors' loop stops there; ours only idles


STYLE_CASE = json.loads((PARITY / "style_transfer_output_size.json").read_text())["cases"][0]


def test_buckets_and_the_style_transfer_size_are_the_authors():
    from tools.dimoo.images import area_bucket, crop_sizes

    assert sorted(crop_sizes(512, 32)) == sorted(tuple(c) for c in STYLE_CASE["parameters"]["crop_size_list"])
    for row in STYLE_CASE["expected"]["rows"]:
        assert list(area_bucket(tuple(row["content_wh"]), 512)) == row["content_bucket_wh"], row
        assert list(area_bucket(tuple(row["style_wh"]), 512)) == row["output_wh"], row  # the style image's bucket


def test_a_style_transfer_comes_out_at_the_style_images_bucket():
    from PIL import Image

    from tools.base import BackendRequest
    from tools.dimoo import DimooBackend
    from tools.dimoo.images import area_bucket

    backend = DimooBackend("tiny")
    content, style = Image.new("RGB", (80, 40), (10, 120, 200)), Image.new("RGB", (30, 90), (200, 60, 20))
    result = backend.run(BackendRequest(tool="style", prompt="in this style", source=content, references=[style], seed=3,
                                        options={"bucket_side": 64}))  # tiny's own 32 has one bucket only
    assert result.images[0].size == area_bucket(style.size, 64) != area_bucket(content.size, 64)


# ---- one step of the image loop: sampling precision and the re-mask cut (sampler_step) -----------------------------

STEP = json.loads((PARITY / "sampler_step.json").read_text())["cases"][0]
MASK_ID, CODE_OFFSET = STEP["parameters"]["mask_token_id"], STEP["parameters"]["token_offset"]


def _logits(dist: str) -> torch.Tensor:
    """The fixture's logits, rebuilt from their recipe (cases.json) and checked against the hash of the authors' file,
    so the 1 MB tensors need not be kept here."""
    import hashlib

    from safetensors import safe_open

    torch.manual_seed(501 if dist == "flat" else 502)
    logits = torch.randn(33, 8192)
    if dist == "peaked":
        logits[torch.arange(33), torch.randint(0, 8192, (33,))] = 9.0
    logits = logits.to(torch.bfloat16)
    with safe_open(PARITY / "sampler_step.safetensors", "pt") as f:
        expected_hash = f.metadata()[f"step/{dist}/logits.sha256"]
    assert hashlib.sha256(logits.view(torch.int16).numpy().tobytes()).hexdigest() == expected_hash
    return logits


@pytest.mark.parametrize("dist", ["flat", "peaked"])
@pytest.mark.parametrize("variant", ["fp32", "cpu_bf16_native"])
def test_one_sampler_step_is_the_authors_in_their_precision(dist, variant):
    """Step 2 of 8 on a 6x6 grid, 33 cells masked: the codes drawn, their probabilities, which cells go back to MASK
    and the grid after, bit for bit, with float32 logits and with bf16 logits (the real model's dtype on a GPU); float32
    probabilities within a few ulp, as CPU kernels differ."""
    from safetensors.torch import load_file

    from tools.dimoo.samplers import choose_remask, gumbel_sample

    want = load_file(PARITY / "sampler_step.safetensors")
    grid = want["step/grid_before"].flatten().clone()
    masked = (grid == MASK_ID).nonzero().squeeze(-1)
    logits = _logits(dist).float() if variant == "fp32" else _logits(dist)
    generator = torch.Generator().manual_seed(2002)  # the authors seed the global RNG; the same stream on CPU

    sampled, conf = gumbel_sample(logits, 1.0, generator)
    keep = still_masked(36, masked.numel(), 2, 8)
    remask = choose_remask(conf, keep, 1.0, generator)
    grid[masked] = CODE_OFFSET + sampled
    grid[masked[remask]] = MASK_ID

    key = f"step/{dist}/{variant}"
    assert keep == STEP["expected"]["rows"][f"{dist}/{variant}"]["k_after_clamp"]
    assert torch.equal(sampled, want[f"{key}/sampled_code"])
    assert conf.dtype == want[f"{key}/conf"].dtype
    if variant == "fp32":  # float32 exp differs in the last bits between CPU kernels (AVX2 here, AVX-512 where the
        # fixture was made): the draws, the re-mask and the grid stay bit for bit, the probabilities within a few ulp
        assert torch.allclose(conf, want[f"{key}/conf"], rtol=2e-6, atol=0)
    else:
        assert torch.equal(conf, want[f"{key}/conf"])
    assert torch.equal(remask, want[f"{key}/stay_masked"])
    assert torch.equal(grid.view(6, 6), want[f"{key}/grid_after"])


def test_bf16_sampling_is_greedier_as_the_authors_measured():
    """With peaked logits the bf16 draw picks the argmax at 32 of 33 cells, float32 at 14 (the authors' figures)."""
    from tools.dimoo.samplers import gumbel_sample

    agree = STEP["expected"]["rows"]["peaked/agreement"]
    logits = _logits("peaked")
    for dtype, key in ((torch.float32, "sampled_equal_to_argmax_fp32"), (torch.bfloat16, "sampled_equal_to_argmax_cuda_bf16_emulated")):
        sampled, _ = gumbel_sample(logits.to(dtype), 1.0, torch.Generator().manual_seed(2002))
        assert int((sampled == logits.argmax(-1)).sum()) == agree[key]


def test_a_bf16_model_samples_in_bf16(dimoo_tiny_lm):
    """The real preset runs the model in bf16 on a GPU; its logits, and so the CFG and the sampling, stay bf16 (the
    authors' precision) instead of being widened to float32 before sampling."""
    import copy

    from tools.dimoo.samplers import gumbel_sample

    model, tok, t = dimoo_tiny_lm
    half = copy.deepcopy(model).to(torch.bfloat16)
    grid = torch.full((16,), t.mask)
    branches, _ = _t2i(tok, t, 4, 4, grid)
    ids = torch.tensor([branches[0]])
    logits = half(ids, torch.tensor([ids.shape[1]]), vocab_slice=t.image_slice)
    assert logits.dtype == torch.bfloat16
    guided = cfg_two_way(2.0)(logits[:, -16:].expand(2, -1, -1))  # (cond, uncond) branches -> (16, C)
    _, conf = gumbel_sample(guided, 1.0, torch.Generator().manual_seed(0))
    assert guided.dtype == torch.bfloat16
    assert conf.dtype == torch.bfloat16


def test_a_tie_at_the_cut_commits_both_as_the_authors_threshold_does():
    """The authors keep masked the cells strictly below the keep-th lowest score: with two cells tied at the cut,
    both are committed (fewer than keep stay masked), where a top-k would re-mask one of them."""
    from tools.dimoo.samplers import choose_remask

    conf = torch.tensor([0.1, 0.2, 0.2, 0.5])
    assert choose_remask(conf, 2, 0.0, torch.Generator().manual_seed(0)).tolist() == [True, False, False, False]
    assert choose_remask(conf, 1, 0.0, torch.Generator().manual_seed(0)).tolist() == [True, False, False, False]
    assert choose_remask(conf, 9, 0.0, torch.Generator().manual_seed(0)).tolist() == [True, True, True, False]  # k <= L - 1


@pytest.mark.parametrize("name, n", [("N10_in_8x8_T64", 10), ("N64_8x8_T64", 64)])
@pytest.mark.parametrize("variant, dtype", [("fp32", torch.float32), ("cuda_bf16_emulated", torch.bfloat16)])
def test_whole_trajectories_with_the_authors_logits_and_noise(name, n, variant, dtype):
    """The authors' whole loop, step by step, from their logit and noise recipe: in bf16 two cells tie at the cut at
    N = 10 and are committed together, so it finishes in 9 steps, not 10."""
    from tools.dimoo.samplers import choose_remask, gumbel_sample

    want = authors(name)[variant]
    masked = torch.ones(n, dtype=torch.bool)
    after = []
    for step in range(want["steps_run"]):
        logits = torch.randn(int(masked.sum()), 8192, generator=torch.Generator().manual_seed(800 + step)).to(dtype)
        generator = torch.Generator().manual_seed(900 + step)
        _, conf = gumbel_sample(logits, 1.0, generator)
        remask = choose_remask(conf, still_masked(n, int(masked.sum()), step, T), 1.0, generator)
        masked[masked.clone()] = remask
        after.append(int(masked.sum()))
    assert after == want["masked_after"]


# ---- Max Logit Cache: which positions a cached step recomputes (max_logit_cache) ---------------------------------

CACHE = json.loads((PARITY / "max_logit_cache.json").read_text())["cases"][0]


def _selected(row: torch.Tensor, length: int) -> list[int]:
    return sorted({int(p) for p in row if p < length})  # less the row's top-up (padding or a repeat)


def test_cached_steps_recompute_the_authors_positions():
    """At every cached step of the authors' T = 64 run, from the max-logit vectors their selection read: the same
    positions of the cond (L = 100) and uncond (L = 92) branches, text prompt included."""
    from safetensors.torch import load_file

    from tools.dimoo.samplers import CacheSettings, select_recompute

    tensors = load_file(PARITY / "max_logit_cache.safetensors")
    settings = CacheSettings(enabled=True)
    full = settings.full_steps(CACHE["parameters"]["timesteps"])
    assert [s for s, f in enumerate(full) if f] == CACHE["expected"]["full_steps"]
    cached = [row for row in CACHE["expected"]["schedule"] if not row["full"]]
    assert cached
    for row in cached:
        cond = tensors[f"selection/step{row['step']:02d}/cond_max_logit_prev_step"]
        uncond = tensors[f"selection/step{row['step']:02d}/uncond_max_logit_prev_step"]
        m = torch.full((2, cond.numel()), 99.0)
        m[0], m[1, : uncond.numel()] = cond, uncond
        sel = select_recompute(m, torch.tensor([cond.numel(), uncond.numel()]), settings.recompute_ratio)
        assert _selected(sel[0], cond.numel()) == row["recomputed_positions_cond"], row["step"]
        assert _selected(sel[1], uncond.numel()) == row["recomputed_positions_uncond"], row["step"]


def test_bf16_ties_at_the_threshold_recompute_more_as_the_authors():
    """bf16 max logits tie: the authors' `<=` against the interpolated quantile selects 11 cond positions, not 10."""
    from safetensors.torch import load_file

    from tools.dimoo.samplers import select_recompute

    tensors = load_file(PARITY / "max_logit_cache.safetensors")
    cond, uncond = (tensors[f"bf16_selection/{b}_max_logit"].flatten() for b in ("cond", "uncond"))
    m = torch.full((2, cond.numel()), 99.0, dtype=torch.bfloat16)
    m[0], m[1, : uncond.numel()] = cond, uncond
    sel = select_recompute(m, torch.tensor([cond.numel(), uncond.numel()]), 0.1)
    for row, branch, length in ((sel[0], "cond", cond.numel()), (sel[1], "uncond", uncond.numel())):
        want = tensors[f"bf16_selection/{branch}_to_compute_mask"].flatten().nonzero().squeeze(-1).tolist()
        assert _selected(row, length) == want
    assert len(_selected(sel[0], cond.numel())) == CACHE["expected"]["bf16_selection"]["cond"]["n_selected"] == 11


def test_a_cached_run_of_the_authors_tiny_model_ends_on_their_codes(tmp_path):
    """The authors' tiny LLaDA (their key names, float32), their prompt layout, CFG 4, T = 64 with the Max Logit Cache
    on, noise from seed 1300: every one of the 64 final image tokens is theirs. This ties the LLaDA maths, the cached
    forward, the refresh schedule, the selection and the sampler together."""
    from safetensors.torch import load_file, save_file

    from tools.dimoo.checkpoint_map import load_safetensors
    from tools.dimoo.model import DimooLM, LLaDAConfig
    from tools.dimoo.samplers import CacheSettings
    from tools.dimoo.tokens import DimooTokens

    config = json.loads((PARITY / "tiny_llada_config.json").read_text())
    cfg = LLaDAConfig(d_model=config["d_model"], n_heads=config["n_heads"], n_kv_heads=config["n_kv_heads"],
                      n_layers=config["n_layers"], mlp_hidden_size=config["mlp_hidden_size"],
                      vocab_size=config["vocab_size"], rope_theta=config["rope_theta"], rms_norm_eps=config["rms_norm_eps"])
    tensors = load_file(PARITY / "max_logit_cache.safetensors")
    save_file({k.removeprefix("weights/"): v for k, v in tensors.items() if k.startswith("weights/")}, tmp_path / "model.safetensors")
    model = DimooLM(cfg).eval()
    load_safetensors(model, tmp_path)

    ids = CACHE["inputs"]["token_ids"]
    tokens = DimooTokens(mask=ids["mask"], newline=ids["newline"], boi=ids["boi"], eoi=ids["eoi"], boa=ids["boa"],
                         eoa=ids["eoa"], uncondition=0, image_offset=ids["text_vocab_size"], codebook_size=ids["codebook_size"])
    rows = [tok for _ in range(8) for tok in [tokens.mask] * 8 + [tokens.newline]]
    cond = CACHE["inputs"]["cond_text_ids"] + [tokens.boa, tokens.boi] + rows + [tokens.eoi, tokens.eoa]
    uncond = CACHE["inputs"]["uncond_text_ids"] + cond[CACHE["inputs"]["code_start"] - 2:]
    cells = [r * 9 + c for r in range(8) for c in range(8)]  # the grid's offsets after BOI

    def after_boi(seq):
        return [seq.index(tokens.boi) + 1 + cell for cell in cells]

    grid = sample_image(model, [cond, uncond], [after_boi(cond), after_boi(uncond)], torch.full((64,), tokens.mask),
                        tokens, CACHE["parameters"]["timesteps"], cfg_two_way(CACHE["parameters"]["cfg_scale"]),
                        temperature=1.0, generator=torch.Generator().manual_seed(1300), cache=CacheSettings(enabled=True))
    assert grid.tolist() == tensors["expected/final_vq_codes"].flatten().tolist()


def test_the_cache_is_off_unless_asked_as_in_the_authors_generator():
    """Issue 12 item 8: the authors' generator defaults to use_cache=False; the real preset follows until a quality
    measurement on real weights says otherwise (docs/dimoo.md)."""
    from tools.dimoo.backend import DEFAULTS

    assert DEFAULTS["real"].cache is False and DEFAULTS["tiny"].cache is False
