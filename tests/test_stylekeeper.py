"""StyleKeeper backend: the math checked by hand on the tiny SDXL, then the backend end to end."""

from __future__ import annotations

import importlib.util
import math
import os
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

import sys

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repo root, when run without a conftest

from tools.base import BackendRequest, BadInputError, TurnCancelled  # noqa: E402
from tools.stylekeeper import (  # noqa: E402
    StyleKeeperBackend,
    SwapState,
    adain_channels,
    build_layout,
    encode_image,
    guided_noise,
    reference_noise_seed,
    resolve_layers,
    stochastic_reference_latent,
    stylekeeper_sample,
    swapped_attention,
    unet_forward,
    up_self_attention_names,
)

ROOT = Path(__file__).resolve().parents[1]
SDXL_SIX = [f"up_blocks.1.attentions.{a}.transformer_blocks.{b}.attn1" for a in range(3) for b in range(2)]


@pytest.fixture(scope="module")
def backend():
    return StyleKeeperBackend("tiny")


@pytest.fixture(scope="module")
def pipe(backend):
    return backend.pipeline()


def _img(seed: int, w: int = 32, h: int = 32) -> Image.Image:
    return Image.fromarray((np.random.RandomState(seed).rand(h, w, 3) * 255).astype("uint8"), mode="RGB")


def _arr(img: Image.Image) -> np.ndarray:
    return np.asarray(img).astype(np.float32)


def _module(unet, processor_name: str):
    return unet.get_submodule(processor_name.removesuffix(".processor"))


def _capture_attention(unet):
    """Forward hooks on every Attention module: name -> (hidden_states, encoder_hidden_states, output)."""
    from diffusers.models.attention_processor import Attention

    seen, handles = {}, []
    for name, mod in unet.named_modules():
        if isinstance(mod, Attention):
            def hook(m, args, kwargs, out, name=name):
                h = args[0] if args else kwargs["hidden_states"]
                seen[name] = (h.detach().clone(), kwargs.get("encoder_hidden_states"), out.detach().clone())
            handles.append(mod.register_forward_hook(hook, with_kwargs=True))
    return seen, handles


def _unet_inputs(rows: int, seed: int = 0):
    g = torch.Generator().manual_seed(seed)
    latents = torch.randn(rows, 4, 4, 4, generator=g)
    text = torch.randn(rows, 77, 64, generator=g)
    pooled = torch.randn(rows, 32, generator=g)
    time_ids = torch.tensor([[32, 32, 0, 0, 32, 32]], dtype=torch.float32).expand(rows, -1)
    return latents, text, pooled, time_ids


def _hand_attention(attn, h: torch.Tensor, q_row: int, kv_row: int) -> torch.Tensor:
    """softmax(Q K^T / sqrt(d)) V written out with matmuls, one row of the batch, then to_out."""
    q, k, v = attn.to_q(h[q_row]), attn.to_k(h[kv_row]), attn.to_v(h[kv_row])  # (tokens, inner)
    heads = attn.heads
    d = q.shape[-1] // heads
    q, k, v = (x.view(x.shape[0], heads, d).transpose(0, 1) for x in (q, k, v))  # (heads, tokens, d)
    weights = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(d), dim=-1)
    out = (weights @ v).transpose(0, 1).reshape(h.shape[1], heads * d)
    return attn.to_out[0](out)


@pytest.fixture(scope="module")
def swapped_run(pipe):
    """One UNet call with every kind of row and a two-layer swap set, hooks on all attention layers."""
    unet = pipe.unet
    names = resolve_layers(unet, [-6, -1])  # the first and last of the default six
    layout = build_layout(2, with_uncond=True, with_nvq=True)  # ref_c, ref_u, gen_c x2, gen_u x2, nvq x2
    inputs = _unet_inputs(len(layout.roles))
    with torch.no_grad():
        plain_seen, handles = _capture_attention(unet)
        plain_out = unet_forward(unet, *inputs[:1], 500, *inputs[1:])
        for h in handles:
            h.remove()
        state = SwapState()
        seen, handles = _capture_attention(unet)
        with swapped_attention(unet, names, state):
            state.layout = layout
            out = unet_forward(unet, *inputs[:1], 500, *inputs[1:])
        for h in handles:
            h.remove()
    return dict(names=names, layout=layout, seen=seen, out=out, plain_seen=plain_seen, plain_out=plain_out)


# ---- 1. the swapped layers -------------------------------------------------------------------


def test_swapped_layer_equals_hand_computed_attention(pipe, swapped_run):
    layout, seen = swapped_run["layout"], swapped_run["seen"]
    assert layout.roles[:2] == ("ref_c", "ref_u")
    for pname in swapped_run["names"]:
        name = pname.removesuffix(".processor")
        attn = _module(pipe.unet, pname)
        h, _, out = seen[name]
        with torch.no_grad():
            for i, role in enumerate(layout.roles):
                if role == "gen_c":
                    expected = _hand_attention(attn, h, q_row=i, kv_row=0)  # own Q, ref_c's K/V
                elif role == "gen_u":
                    expected = _hand_attention(attn, h, q_row=i, kv_row=1)  # own Q, ref_u's K/V
                else:
                    continue
                torch.testing.assert_close(out[i], expected, atol=1e-5, rtol=0)
                own = _hand_attention(attn, h, q_row=i, kv_row=i)
                assert (own - expected).abs().max() > 1e-3, "test would not tell a swap from plain attention"


def test_reference_rows_unchanged_by_swap(pipe, swapped_run):
    seen = swapped_run["seen"]
    for pname in swapped_run["names"]:
        attn = _module(pipe.unet, pname)
        h, _, out = seen[pname.removesuffix(".processor")]
        with torch.no_grad():
            for i in (0, 1):
                torch.testing.assert_close(out[i], _hand_attention(attn, h, i, i), atol=1e-5, rtol=0)
    # each row's whole computation only depends on itself, so the reference rows of the UNet's
    # output are the unhooked UNet's
    torch.testing.assert_close(swapped_run["out"][:2], swapped_run["plain_out"][:2], atol=1e-5, rtol=0)
    assert (swapped_run["out"][2:] - swapped_run["plain_out"][2:]).abs().max() > 1e-4


def test_layers_outside_the_set_are_untouched(pipe, swapped_run):
    from diffusers.models.attention_processor import AttnProcessor2_0

    unet, seen, plain_seen = pipe.unet, swapped_run["seen"], swapped_run["plain_seen"]
    swapped = {n.removesuffix(".processor") for n in swapped_run["names"]}
    others = [n for n in seen if n not in swapped]
    assert any(".attn2" in n for n in others) and any(n.startswith("up_blocks.0") for n in others)
    default = AttnProcessor2_0()
    with torch.no_grad():
        for name in others:
            h, ehs, out = seen[name]
            torch.testing.assert_close(out, default(unet.get_submodule(name), h, ehs), atol=1e-5, rtol=0)
            if name.startswith(("down_blocks", "mid_block")):  # run before any swap: identical to unhooked
                torch.testing.assert_close(out, plain_seen[name][2], atol=0, rtol=0)


def test_swap_off_equals_unhooked_unet(pipe, swapped_run):
    unet = pipe.unet
    inputs = _unet_inputs(len(swapped_run["layout"].roles))
    state = SwapState()  # layout None: the processor does plain attention
    with torch.no_grad(), swapped_attention(unet, swapped_run["names"], state):
        out = unet_forward(unet, *inputs[:1], 500, *inputs[1:])
    torch.testing.assert_close(out, swapped_run["plain_out"], atol=1e-5, rtol=0)


# ---- 2. NVQG and lambda = 0 ---------------------------------------------------------------------


def test_nvq_rows_use_reference_queries_with_own_keys_values(pipe, swapped_run):
    layout, seen = swapped_run["layout"], swapped_run["seen"]
    nvq_rows = layout.rows("nvq")
    assert len(nvq_rows) == 2
    for pname in swapped_run["names"]:
        attn = _module(pipe.unet, pname)
        h, _, out = seen[pname.removesuffix(".processor")]
        with torch.no_grad():
            for i in nvq_rows:
                expected = _hand_attention(attn, h, q_row=1, kv_row=i)  # ref_u's Q, own K/V
                torch.testing.assert_close(out[i], expected, atol=1e-5, rtol=0)
                assert (_hand_attention(attn, h, i, i) - expected).abs().max() > 1e-3


def test_guided_noise_formula():
    g = torch.Generator().manual_seed(0)
    c, u, nvq = (torch.randn(2, 4, 3, 3, generator=g) for _ in range(3))
    w = 7.0
    assert torch.equal(guided_noise(c, u, None, w, 0.0), u + w * (c - u))  # exact swap-CFG
    assert torch.equal(guided_noise(c, u, nvq, w, 0.0), u + w * (c - u))
    torch.testing.assert_close(guided_noise(c, None, nvq, w, 1.0), nvq + w * (c - nvq))
    neg = 0.7 * u + 0.3 * nvq
    torch.testing.assert_close(guided_noise(c, u, nvq, w, 0.3), neg + w * (c - neg))


def test_lambda_zero_is_plain_swap_cfg_in_the_loop(pipe):
    records = []
    stylekeeper_sample(
        pipe, _img(1), "a cat", width=32, height=32, steps=2, seed=3, guidance=5.0, lam=0.0,
        calibration_window=(-1, -1), observer=records.append,
    )
    for r in records:
        assert "nvq" not in r["layout"].roles  # the NVQG branch is skipped entirely
        out, lay = r["unet_out"], r["layout"]
        c, u = out[lay.rows("gen_c")], out[lay.rows("gen_u")]
        assert torch.equal(r["eps"], u + 5.0 * (c - u))
    records_nvq = []
    stylekeeper_sample(
        pipe, _img(1), "a cat", width=32, height=32, steps=2, seed=3, guidance=5.0, lam=1.0,
        calibration_window=(-1, -1), observer=records_nvq.append,
    )
    lay = records_nvq[0]["layout"]
    assert "gen_u" not in lay.roles and len(lay.rows("nvq")) == 1
    out = records_nvq[0]["unet_out"]
    c, nvq = out[lay.rows("gen_c")], out[lay.rows("nvq")]
    torch.testing.assert_close(records_nvq[0]["eps"], nvq + 5.0 * (c - nvq))


# ---- 3. colour calibration ---------------------------------------------------------------------


def _stats(x):
    return x.mean(dim=(-2, -1)), x.std(dim=(-2, -1))  # unbiased, as the authors' calibration


def test_adain_channels_matches_statistics():
    g = torch.Generator().manual_seed(0)
    x, ref = torch.randn(3, 4, 8, 8, generator=g) * 2 + 1, torch.randn(1, 4, 8, 8, generator=g) * 0.5 - 3
    y = adain_channels(x, ref)
    for a, b in zip(_stats(y), _stats(ref)):
        torch.testing.assert_close(a, b.expand_as(a), atol=1e-4, rtol=0)


def test_colour_calibration_only_inside_window(pipe):
    records = []
    # tiny, 4 steps: t = 751, 501, 251, 1; the window (400, 800) holds the first two
    stylekeeper_sample(
        pipe, _img(2), "a cat", width=32, height=32, steps=4, seed=5, lam=0.5, num_images=2,
        calibration_window=(400, 800), observer=records.append,
    )
    assert [r["t"] for r in records] == [751, 501, 251, 1]
    assert [r["calibrated"] for r in records] == [True, True, False, False]
    for r in records:
        x0, raw, ref = r["x0"], r["x0_raw"], r["x0_ref"]
        if r["calibrated"]:
            for a, b in zip(_stats(x0), _stats(ref)):
                torch.testing.assert_close(a, b.expand_as(a), atol=1e-4, rtol=1e-4)
            assert (x0 - raw).abs().max() > 1e-3
        else:
            torch.testing.assert_close(x0, raw, atol=1e-4, rtol=1e-4)
            assert (_stats(x0)[0] - _stats(ref)[0]).abs().max() > 1e-3
    # the step goes on with the ORIGINAL eps from the calibrated x0, as the authors' DDIM step does
    alphas = pipe.scheduler.alphas_cumprod.float()
    for r, following in zip(records, records[1:]):
        a_prev = alphas[following["t"]]
        expected = a_prev.sqrt() * r["x0"] + (1 - a_prev).sqrt() * r["eps"]
        torch.testing.assert_close(following["x_t"], expected, atol=1e-5, rtol=1e-5)


# ---- 4. stochastic encoding ------------------------------------------------------------------------


def test_stochastic_reference_latent_fresh_noise_each_step(pipe):
    style, seed = _img(3), 11
    runs = []
    for _ in range(2):
        records = []
        stylekeeper_sample(pipe, style, "a cat", width=32, height=32, steps=3, seed=seed, observer=records.append)
        runs.append(records)
    with torch.no_grad():
        z0 = encode_image(pipe.vae, style, 32, 32, pipe.unet.device)
    alphas = pipe.scheduler.alphas_cumprod
    g = torch.Generator().manual_seed(reference_noise_seed(seed))
    noises = []
    for r in runs[0]:
        eps = torch.randn(z0.shape, generator=g)
        a = alphas[r["t"]]
        torch.testing.assert_close(r["z_ref"], a.sqrt() * z0 + (1 - a).sqrt() * eps, atol=1e-6, rtol=0)
        noises.append((r["z_ref"] - a.sqrt() * z0) / (1 - a).sqrt())
    assert (noises[0] - noises[1]).abs().max() > 0.1 and (noises[1] - noises[2]).abs().max() > 0.1
    for r1, r2 in zip(*runs):  # reproducible for a fixed seed
        assert torch.equal(r1["z_ref"], r2["z_ref"])
    # the pure function itself
    g1, g2 = torch.Generator().manual_seed(0), torch.Generator().manual_seed(0)
    z = stochastic_reference_latent(z0, 500, alphas, g1)
    torch.testing.assert_close(z, alphas[500].sqrt() * z0 + (1 - alphas[500]).sqrt() * torch.randn(z0.shape, generator=g2))


# ---- 5. processors restored ---------------------------------------------------------------------------


def test_processors_restored_after_run_and_after_cancel(backend, pipe):
    before = dict(pipe.unet.attn_processors)
    backend.run(BackendRequest(tool="style", prompt="a cat", references=[_img(4)], seed=1, width=32, height=32))
    after = pipe.unet.attn_processors
    assert list(after) == list(before)
    assert all(type(after[k]) is type(before[k]) and after[k] is before[k] for k in before)

    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 2

    req = BackendRequest(tool="style", prompt="a cat", references=[_img(4)], seed=1, width=32, height=32,
                         is_cancelled=cancelled)
    with pytest.raises(TurnCancelled):
        backend.run(req)
    after = pipe.unet.attn_processors
    assert all(type(after[k]) is type(before[k]) and after[k] is before[k] for k in before)


# ---- layer selection ----------------------------------------------------------------------------------


def test_layer_selection_by_position(pipe):
    unet = pipe.unet
    names = [n.removesuffix(".processor") for n in resolve_layers(unet, "default")]
    assert names == SDXL_SIX  # the tiny UNet keeps SDXL's block layout, so the names are SDXL's
    assert len(up_self_attention_names(unet)) == 15
    assert resolve_layers(unet, [0, -1]) == [up_self_attention_names(unet)[0], up_self_attention_names(unet)[-1]]
    assert resolve_layers(unet, [SDXL_SIX[0]]) == [SDXL_SIX[0] + ".processor"]
    for bad in ([99], ["down_blocks.1.attentions.0.transformer_blocks.0.attn1"], "nope", []):
        with pytest.raises(BadInputError):
            resolve_layers(unet, bad)


def test_default_layers_on_the_real_sdxl_unet_config():
    from diffusers import UNet2DConditionModel

    spec = importlib.util.spec_from_file_location("gpu_stylekeeper", ROOT / "benchmarks" / "gpu_stylekeeper.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    with torch.device("meta"):
        unet = UNet2DConditionModel(**bench.SDXL_UNET_CONFIG)
    assert len(up_self_attention_names(unet)) == 36
    assert [n.removesuffix(".processor") for n in resolve_layers(unet, "default")] == SDXL_SIX
    wide = [n.removesuffix(".processor") for n in resolve_layers(unet, "wide")]
    assert wide[:10] == [f"up_blocks.0.attentions.2.transformer_blocks.{b}.attn1" for b in range(10)]
    assert wide[10:] == SDXL_SIX


# ---- 6. the backend end to end ---------------------------------------------------------------------


def test_backend_end_to_end(backend):
    steps_seen = []
    req = BackendRequest(tool="style", prompt="a cat", references=[_img(5, 40, 40)], seed=1, width=48, height=32,
                         on_step=lambda i, n: steps_seen.append((i, n)))
    res = backend.run(req)
    assert len(res.images) == 1 and res.images[0].size == (48, 32) and res.images[0].mode == "RGB"
    assert steps_seen == [(1, 4), (2, 4), (3, 4), (4, 4)]
    r = res.recipe
    assert r["backend"] == "stylekeeper" and r["models"] == {"stylekeeper-sdxl": "tiny-random"}
    assert (r["seed"], r["steps"], r["width"], r["height"], r["guidance"]) == (1, 4, 48, 32, 7.0)
    assert r["nvqg_lambda"] == 1.0 and r["layers"] == SDXL_SIX
    assert r["calibration_window"] == [100, 150] and r["swap_step_range"] == [0.0, 1.0] and r["strength"] is None

    same = backend.run(BackendRequest(tool="style", prompt="a cat", references=[_img(5, 40, 40)], seed=1,
                                      width=48, height=32))
    other = backend.run(BackendRequest(tool="style", prompt="a cat", references=[_img(5, 40, 40)], seed=2,
                                       width=48, height=32))
    assert np.abs(_arr(res.images[0]) - _arr(same.images[0])).max() <= 2
    assert np.abs(_arr(res.images[0]) - _arr(other.images[0])).mean() > 1


def test_backend_default_size_with_source_and_batch(backend):
    res = backend.run(BackendRequest(tool="style", prompt="a cat", references=[_img(6)], seed=1))
    assert res.images[0].size == (64, 64)
    src = _img(7, 43, 21)
    steps_seen = []
    res = backend.run(BackendRequest(tool="style", prompt="a cat", references=[_img(6)], source=src, seed=1,
                                     steps=5, options={"strength": 0.6, "num_images": 2},
                                     on_step=lambda i, n: steps_seen.append((i, n))))
    assert len(res.images) == 2 and all(im.size == (40, 24) for im in res.images)
    assert steps_seen == [(i, 3) for i in (1, 2, 3)]  # round(5 * 0.6) steps from the noised source
    assert res.recipe["strength"] == 0.6 and res.recipe["steps_run"] == 3 and res.recipe["num_images"] == 2
    assert np.abs(_arr(res.images[0]) - _arr(res.images[1])).mean() > 0.5  # different noise per sample
    res = backend.run(BackendRequest(tool="style", prompt="a cat", references=[_img(6)], source=src, width=80))
    assert res.images[0].size == (80, 40)  # the missing side follows the source's aspect


def test_backend_validates_inputs(backend):
    with pytest.raises(BadInputError, match="references"):
        backend.run(BackendRequest(tool="style", prompt="x"))
    with pytest.raises(BadInputError, match="nvqg_lambda"):
        backend.run(BackendRequest(tool="style", prompt="x", references=[_img(0)], options={"nvqg_lambda": 2}))
    with pytest.raises(BadInputError, match="swap_step_range"):
        backend.run(BackendRequest(tool="style", prompt="x", references=[_img(0)], options={"swap_step_range": 3}))
    with pytest.raises(BadInputError, match="unknown"):
        backend.run(BackendRequest(tool="style", prompt="x", references=[_img(0)], options={"lamda": 1}))


def test_real_preset_catalogue_and_lazy_constructor():
    b = StyleKeeperBackend("real")  # loads nothing
    assert b._pipe is None
    specs = b.pull_specs()
    assert [s.repo_id for s in specs] == ["stabilityai/stable-diffusion-xl-base-1.0", "madebyollin/sdxl-vae-fp16-fix"]
    for s in specs:
        assert len(s.revision) == 40 and all(c in "0123456789abcdef" for c in s.revision)
        assert s.allow_patterns and all(p.endswith((".json", ".safetensors", "/*")) for p in s.allow_patterns)
    assert b.model_ids() == {s.repo_id: s.revision for s in specs}


def test_real_preset_without_weights_is_a_clear_error(tmp_path, monkeypatch):
    from tools.base import ModelMissingError

    import huggingface_hub.constants

    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_CACHE", str(tmp_path))  # an empty cache
    b = StyleKeeperBackend("real", device="cpu")
    with pytest.raises(ModelMissingError, match="studio models pull stylekeeper"):
        b.run(BackendRequest(tool="style", prompt="a cat", references=[_img(0)], seed=1))
    assert b._pipe is None


def test_real_loading_path_on_a_fake_snapshot(tmp_path, monkeypatch, pipe):
    """build_real_pipeline over folders holding only what allow_patterns would pull (tiny weights)."""
    import fnmatch
    import shutil

    import tools.hub
    from tools.stylekeeper import SDXL_BASE, SDXL_VAE_FP16_FIX, build_real_pipeline

    full = tmp_path / "full"
    pipe.save_pretrained(full, variant="fp16", safe_serialization=True)
    pipe.vae.save_pretrained(tmp_path / "vae_full", safe_serialization=True)
    snapshots = {}
    for spec, src in ((SDXL_BASE, full), (SDXL_VAE_FP16_FIX, tmp_path / "vae_full")):
        dst = tmp_path / spec.repo_id.replace("/", "--")
        for f in src.rglob("*"):
            rel = f.relative_to(src).as_posix()
            if f.is_file() and any(fnmatch.fnmatch(rel, p) for p in spec.allow_patterns):
                (dst / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(f, dst / rel)
        snapshots[spec.repo_id] = dst
    assert (snapshots[SDXL_BASE.repo_id] / "unet" / "diffusion_pytorch_model.fp16.safetensors").exists()
    assert not (snapshots[SDXL_BASE.repo_id] / "vae").exists()
    monkeypatch.setattr(tools.hub, "require_local", lambda spec, name: snapshots[spec.repo_id])
    real = build_real_pipeline("cpu", torch.float32)
    assert type(real.scheduler).__name__ == "DDIMScheduler"
    images, _ = stylekeeper_sample(real, _img(1), "a cat", width=32, height=32, steps=2, seed=0)
    ref, _ = stylekeeper_sample(pipe, _img(1), "a cat", width=32, height=32, steps=2, seed=0)
    assert np.abs(_arr(images[0]) - _arr(ref[0])).max() <= 2  # same weights, same output
