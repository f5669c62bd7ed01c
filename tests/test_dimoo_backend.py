"""DimooBackend("tiny") end to end for the five tools."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from tools.base import BackendRequest, BadInputError, TurnCancelled
from tools.dimoo import DimooBackend


@pytest.fixture(scope="module")
def backend():
    return DimooBackend("tiny")


@pytest.fixture(scope="module")
def photo():
    return Image.fromarray(np.random.RandomState(0).randint(0, 255, (40, 56, 3), dtype=np.uint8), "RGB")


def _run(backend, **kw):
    steps = []
    result = backend.run(BackendRequest(on_step=lambda i, n: steps.append((i, n)), **kw))
    return result, steps


def test_constructor_loads_nothing():
    b = DimooBackend("tiny")
    assert b._parts is None
    assert b.model_ids() == {"lumina-dimoo": "tiny-random"}
    real = DimooBackend("real")
    spec = real.pull_specs()[0]
    assert spec.repo_id == "Alpha-VLLM/Lumina-DiMOO" and "vqvae/*" in spec.allow_patterns
    assert real._parts is None


def test_generate_steps_recipe_and_determinism(backend):
    result, steps = _run(backend, tool="generate", prompt="a red fox", seed=7, width=48, height=32)
    assert steps == [(1, 4), (2, 4), (3, 4), (4, 4)]
    img = result.images[0]
    codes = backend.last_run["codes"].clone()
    assert img.mode == "RGB" and img.size == (48, 32)
    r = result.recipe
    assert r["backend"] == "lumina-dimoo" and r["model_id"] == "tiny-random" and r["task"] == "generate"
    assert (r["seed"], r["steps"], r["width"], r["height"], r["cfg"]) == (7, 4, 48, 32, {"text": 4.0})
    assert {"cache", "cache_warmup_ratio", "cache_refresh_interval", "cache_recompute_ratio"} <= set(r)
    again, _ = _run(backend, tool="generate", prompt="a red fox", seed=7, width=48, height=32)
    assert again.images[0].tobytes() == img.tobytes()
    other, _ = _run(backend, tool="generate", prompt="a red fox", seed=8, width=48, height=32)
    assert not np.array_equal(backend.last_run["codes"].numpy(), codes.numpy())  # sampled anew with the other seed
    assert other.images[0].tobytes() != img.tobytes()


def test_generate_rejects_bad_size(backend):
    with pytest.raises(BadInputError, match="multiple of 16"):
        backend.run(BackendRequest(tool="generate", prompt="x", width=40))


def test_generate_with_cache_option(backend):
    result, steps = _run(backend, tool="generate", prompt="x", steps=8, options={"cache": True, "cache_recompute_ratio": 0.2})
    assert len(steps) == 8 and result.recipe["cache"] is True
    assert any(not rec.full_pass for rec in backend.last_run["trace"])


def test_edit_and_subject(backend, photo):
    result, steps = _run(backend, tool="edit", prompt="make it red", source=photo, seed=1)
    assert len(steps) == 4 and result.images[0].mode == "RGB"
    assert result.recipe["cfg"] == {"text": 2.5, "image": 4.0} and result.recipe["inputs"] == 1
    with_ref, _ = _run(backend, tool="edit", prompt="put the hat on it", source=photo, references=[photo], seed=1)
    assert with_ref.recipe["inputs"] == 2


def test_style(backend, photo):
    result, steps = _run(backend, tool="style", prompt="in this style", source=photo, references=[photo], seed=2)
    assert len(steps) == 4 and result.images[0].mode == "RGB"
    assert result.recipe["inputs"] == 2
    alone, _ = _run(backend, tool="style", prompt="a cat", references=[photo], seed=2)
    assert alone.recipe["inputs"] == 1


def test_inpaint_irregular_mask_keeps_outside_tokens(backend):
    source = Image.fromarray(np.random.RandomState(1).randint(0, 255, (80, 96, 3), dtype=np.uint8), "RGB")
    mask = Image.new("L", (192, 160), 0)  # a different size than the source: it is rescaled
    draw = ImageDraw.Draw(mask)
    draw.polygon([(0, 0), (120, 10), (20, 110)], fill=255)  # a triangle
    draw.point((185, 150), fill=255)  # plus one lone pixel in the last token
    result, steps = _run(backend, tool="inpaint", prompt="a flower", source=source, mask=mask, seed=3, steps=5)
    assert len(steps) == 5 and result.images[0].size == (96, 80)
    run = backend.last_run
    region, codes, src = run["region"], run["codes"], run["source_codes"]
    assert region.shape == (5, 6) and 0 < int(region.sum()) < region.numel()
    rr, cc = np.nonzero(region.numpy())
    assert not region[rr.min() : rr.max() + 1, cc.min() : cc.max() + 1].all()  # not a rectangle
    assert bool(region[4, 5]) and not bool(region[4, 4])  # the lone pixel marks exactly its token
    assert np.array_equal(codes[~region].numpy(), src[~region].numpy())  # outside: the source's tokens
    assert not np.array_equal(codes[region].numpy(), src[region].numpy())  # inside: regenerated
    # the returned image: the source's exact pixels outside the mask, the sampled ones inside
    out, inside = np.asarray(result.images[0]), np.asarray(mask.resize((96, 80), Image.NEAREST)) >= 128
    assert np.array_equal(out[~inside], np.asarray(source)[~inside])
    assert np.array_equal(out[inside], np.asarray(run["sampled"].resize((96, 80), Image.LANCZOS))[inside])


def test_inpaint_empty_mask_is_an_error(backend, photo):
    with pytest.raises(BadInputError, match="mask is empty"):
        backend.run(BackendRequest(tool="inpaint", prompt="x", source=photo, mask=Image.new("L", photo.size, 0)))


def test_describe(backend, photo):
    result, steps = _run(backend, tool="describe", prompt="what is this?", references=[photo, photo], seed=0,
                         options={"gen_length": 12, "block_length": 4})
    assert len(backend.last_run["answer_ids"]) == 12
    assert result.text == backend._build().codec.decode(backend.last_run["answer_ids"])  # the answer is the ids sampled
    assert steps[-1] == (12, 12)
    assert result.recipe["gen_length"] == 12 and result.recipe["images"] == 2
    again, _ = _run(backend, tool="describe", prompt="what is this?", references=[photo, photo],
                    options={"gen_length": 12, "block_length": 4})
    assert again.text == result.text


def test_cancellation(backend):
    with pytest.raises(TurnCancelled):
        backend.run(BackendRequest(tool="generate", prompt="x", is_cancelled=lambda: True))
