"""tools/kontext_multiref.py: multi-image rotary ids, sequence layout, stock parity, LoRA switching.

Everything runs on the tiny FLUX Kontext (VAE factor 1, one latent channel: an image of W x H pixels
is (H/2) x (W/2) tokens), 2 steps at 32 px.
"""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import pytest
import torch
from diffusers import FluxKontextPipeline
from PIL import Image

from tools.base import TurnCancelled
from tools.kontext_multiref import FluxKontextMultiRefPipeline, bucket_size, multi_reference_ids
from tools.dreamomni2_loras import load_loras, tiny_lora_state_dict, use_lora
from tools.kontext_tiny import build_tiny_kontext_components, tiny_bucket

STEPS = 2
PROMPT = "put the hat from image 2 on the dog"


def _image(w, h, seed):
    g = torch.Generator().manual_seed(seed)
    pixels = (torch.rand(h, w, 3, generator=g) * 255).to(torch.uint8).numpy()
    return Image.fromarray(pixels)


@pytest.fixture(scope="module")
def components():
    return build_tiny_kontext_components(seed=0)


@pytest.fixture(scope="module")
def pipe(components):
    p = FluxKontextMultiRefPipeline(**components)
    p.set_progress_bar_config(disable=True)
    return p


class Recorder:
    """Wraps transformer.forward to keep what each call saw."""

    def __init__(self, transformer):
        self.transformer = transformer
        self.calls = []
        self._forward = transformer.forward

    def __enter__(self):
        def forward(*args, **kwargs):
            self.calls.append(
                {"hidden_states": kwargs["hidden_states"].clone(), "img_ids": kwargs["img_ids"].clone()}
            )
            return self._forward(*args, **kwargs)

        self.transformer.forward = forward
        return self

    def __exit__(self, *exc):
        del self.transformer.forward  # back to the class method


def _run(pipe, images, **kwargs):
    kwargs.setdefault("num_inference_steps", STEPS)
    kwargs.setdefault("bucket_fn", tiny_bucket)
    kwargs.setdefault("max_sequence_length", 32)
    kwargs.setdefault("generator", torch.Generator().manual_seed(0))
    return pipe(images, PROMPT, **kwargs).images


# -- sizes ----------------------------------------------------------------------------------------


def test_bucket_size_uses_kontext_buckets():
    assert bucket_size(1000, 1000) == (1024, 1024)
    assert bucket_size(600, 1400) == (672, 1568)
    assert bucket_size(1600, 900) == (1392, 752)
    assert bucket_size(3000, 1000) == (1568, 672)  # beyond the widest bucket: the widest


def test_bucket_size_tiny_keeps_aspect_at_target_area():
    assert tiny_bucket(32, 32) == (32, 32)
    assert tiny_bucket(64, 32) == (44, 24)
    assert tiny_bucket(24, 40) == (24, 40)
    w, h = bucket_size(300, 200, target_area=64 * 64, multiple_of=16)
    assert w % 16 == 0 and h % 16 == 0 and w > h
    with pytest.raises(ValueError):
        bucket_size(0, 10)


# -- rotary ids (pure function) ----------------------------------------------------------------


def _triples(index, rows, cols, offset):
    return [[index, r, c + offset] for r in range(rows) for c in range(cols)]


def test_ids_one_input_exact():
    target, images = multi_reference_ids((2, 3), [(2, 2)])
    assert torch.equal(target, torch.tensor(_triples(0, 2, 3, 0), dtype=torch.float32))
    assert torch.equal(images, torch.tensor(_triples(1, 2, 2, 0), dtype=torch.float32))


def test_ids_two_inputs_exact():
    # input 1: 2 rows x 2 cols; input 2: 1 row x 3 cols (a different aspect ratio)
    _, images = multi_reference_ids((2, 3), [(2, 2), (1, 3)])
    expected = _triples(1, 2, 2, 0) + _triples(2, 1, 3, 2)
    assert torch.equal(images, torch.tensor(expected, dtype=torch.float32))


def test_ids_three_inputs_exact():
    # 2x2 (square), 1x3 (wide), 3x1 (tall): offsets 0, 2, 2 + 3 = 5
    _, images = multi_reference_ids((2, 3), [(2, 2), (1, 3), (3, 1)])
    expected = _triples(1, 2, 2, 0) + _triples(2, 1, 3, 2) + _triples(3, 3, 1, 5)
    assert torch.equal(images, torch.tensor(expected, dtype=torch.float32))
    assert images.shape == (4 + 3 + 3, 3)


def test_index_axis_numbers_the_inputs():
    """The index encoding: axis 0 is 0 for the target and i + 1 for input i, token by token."""
    target, images = multi_reference_ids((4, 4), [(2, 3), (3, 2), (1, 5), (2, 2)])
    assert torch.all(target[:, 0] == 0)
    sizes = [6, 6, 5, 4]
    expected_index = torch.cat([torch.full((n,), float(i + 1)) for i, n in enumerate(sizes)])
    assert torch.equal(images[:, 0], expected_index)


def test_width_offsets_accumulate_token_widths():
    """The position shift: input i's columns start at the summed widths of inputs 0..i-1, rows at 0."""
    hws = [(2, 3), (3, 2), (1, 5), (2, 2)]
    _, images = multi_reference_ids((4, 4), hws)
    start, offset, starts = 0, 0, []
    for i, (rows, cols) in enumerate(hws):
        block = images[start : start + rows * cols]
        starts.append(block[:, 2].min().item())
        assert block[:, 2].min().item() == offset, f"input {i}"
        assert block[:, 2].max().item() == offset + cols - 1, f"input {i}"
        assert block[:, 1].min().item() == 0 and block[:, 1].max().item() == rows - 1
        start, offset = start + rows * cols, offset + cols
    assert starts == [0, 3, 5, 10]  # the columns each input starts at, read from the ids


def test_ids_stay_exact_past_bf16_range():
    _, images = multi_reference_ids((98, 42), [(42, 98), (42, 98), (42, 98)])
    assert images[:, 2].max().item() == 3 * 98 - 1 == 293  # odd and > 256: bf16 would round it


# -- the pipeline ------------------------------------------------------------------------------


def test_sequence_layout_and_target_slicing(pipe):
    images = [_image(32, 32, 1), _image(64, 32, 2), _image(24, 40, 3)]
    grids = [(16, 16), (12, 22), (20, 12)]  # tiny_bucket: 32x32, 44x24, 24x40 pixels -> (H/2, W/2)
    with Recorder(pipe.transformer) as rec:
        latents = _run(pipe, images, output_type="latent")
    assert len(rec.calls) == STEPS
    target_tokens = 16 * 16  # the source's bucket sets the output: 32x32
    input_tokens = [r * c for r, c in grids]
    hidden = rec.calls[0]["hidden_states"]
    assert hidden.shape[1] == target_tokens + sum(input_tokens)
    # ids: [target, input 1, input 2, input 3] exactly as the pure function says
    target_ids, image_ids = multi_reference_ids((16, 16), grids)
    assert torch.equal(rec.calls[0]["img_ids"], torch.cat([target_ids, image_ids]))
    # sequence order: each input's packed latents sit in its slot, the same at every step
    packed, _, _ = pipe.prepare_image_latents(images, 1, torch.device("cpu"), torch.float32, tiny_bucket)
    start = target_tokens
    for i, part in enumerate(packed):
        for call in rec.calls:
            assert torch.equal(call["hidden_states"][:, start : start + part.shape[1]], part), f"input {i}"
        start += part.shape[1]
    # only the target part comes back
    assert latents.shape == (1, target_tokens, 4)


def test_four_inputs_end_to_end_edit_and_generate(pipe):
    images = [_image(40, 24, 4), _image(32, 32, 5), _image(24, 48, 6), _image(36, 36, 7)]
    steps = []
    out = _run(pipe, images, on_step=lambda i, n: steps.append((i, n)))[0]
    assert isinstance(out, Image.Image) and out.size == tiny_bucket(40, 24)  # the source's bucket
    assert steps == [(1, STEPS), (2, STEPS)]
    generated = _run(pipe, images, task="generate", height=24, width=40)[0]
    assert generated.size == (40, 24)


def test_one_input_matches_stock_kontext(components, pipe):
    stock = FluxKontextPipeline(**components)
    stock.set_progress_bar_config(disable=True)
    source = _image(32, 32, 8)
    with Recorder(pipe.transformer) as ours:
        mine = _run(pipe, [source], output_type="latent")
    with Recorder(stock.transformer) as theirs:
        reference = stock(
            image=source,
            prompt=PROMPT,
            height=32,
            width=32,
            max_area=32 * 32,
            _auto_resize=False,
            num_inference_steps=STEPS,
            max_sequence_length=32,
            generator=torch.Generator().manual_seed(0),
            output_type="latent",
        ).images
    assert torch.equal(ours.calls[0]["img_ids"], theirs.calls[0]["img_ids"].float())
    assert ours.calls[0]["hidden_states"].shape == theirs.calls[0]["hidden_states"].shape
    torch.testing.assert_close(mine, reference, atol=1e-3, rtol=1e-3)


def test_cancellation_and_input_checks(pipe):
    with pytest.raises(TurnCancelled):
        _run(pipe, [_image(32, 32, 9)], is_cancelled=lambda: True)
    with pytest.raises(ValueError, match="images"):
        _run(pipe, [])
    with pytest.raises(ValueError, match="task"):
        _run(pipe, [_image(32, 32, 9)], task="paint")
    with pytest.raises(ValueError, match="height"):
        _run(pipe, [_image(32, 32, 9)], height=31, width=32)


def test_callback_on_step_end_sees_latents(pipe):
    seen = []

    def callback(p, i, t, tensors):
        seen.append((i, tensors["latents"].shape))
        return {}

    _run(pipe, [_image(32, 32, 10)], callback_on_step_end=callback, output_type="latent")
    assert seen == [(0, (1, 256, 4)), (1, (1, 256, 4))]


# -- LoRA switching ----------------------------------------------------------------------------


def test_lora_switching_changes_and_restores_output():
    components = build_tiny_kontext_components(seed=0)
    p = FluxKontextMultiRefPipeline(**components)
    p.set_progress_bar_config(disable=True)
    images = [_image(32, 32, 11), _image(24, 40, 12)]
    base = _run(p, images, output_type="latent")
    load_loras(
        p,
        {
            "edit": tiny_lora_state_dict(p.transformer, seed=1),
            "generation": tiny_lora_state_dict(p.transformer, seed=2),
        },
    )
    base_params = {n: t.clone() for n, t in p.transformer.named_parameters() if "lora" not in n}
    use_lora(p, "edit")
    edit = _run(p, images, output_type="latent")
    use_lora(p, "generation")
    generation = _run(p, images, output_type="latent")
    use_lora(p, "edit")
    edit_again = _run(p, images, output_type="latent")
    use_lora(p, None)
    no_lora = _run(p, images, output_type="latent")

    assert (edit - base).abs().max() > 1e-2
    assert (generation - edit).abs().max() > 1e-2
    torch.testing.assert_close(edit_again, edit, atol=1e-4, rtol=1e-4)
    torch.testing.assert_close(no_lora, base, atol=1e-4, rtol=1e-4)
    # switching never touched (or reloaded) the base weights
    for name, tensor in p.transformer.named_parameters():
        if "lora" not in name:
            assert torch.equal(tensor, base_params[name]), name
    assert sorted(p.get_list_adapters()["transformer"]) == ["edit", "generation"]
    load_loras(p, {"edit": tiny_lora_state_dict(p.transformer, seed=1)})  # already there: no reload
    with pytest.raises(ValueError, match="not loaded"):
        use_lora(p, "style")
