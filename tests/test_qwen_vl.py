"""tools/qwen_vl.py: the tiny Qwen2.5-VL runs through the real code path; tags; missing weights."""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import pytest
from PIL import Image

from tools.base import BackendRequest, BadInputError, ModelMissingError
from tools.qwen_vl import (
    DREAMOMNI2_VLM_SUBFOLDER,
    QwenVLBackend,
    image_labels,
    strip_answer_tags,
)


@pytest.fixture(scope="module")
def backend():
    return QwenVLBackend(preset="tiny")


def _images():
    return [Image.new("RGB", (40, 30), (200, 20, 20)), Image.new("RGB", (64, 48), (10, 90, 200))]


def test_describe_one_image_is_text_and_deterministic(backend):
    request = BackendRequest(tool="describe", prompt="What is in the picture?", references=_images()[:1])
    first = backend.run(request)
    second = backend.run(request)
    assert first.text and first.text == second.text
    assert first.text == backend.chat(_images()[:1], "What is in the picture?", 8, None, ["Image 1:"])
    assert first.recipe["backend"] == "qwen-vl"
    assert first.recipe["model"] == "tiny-random"
    assert first.recipe["max_new_tokens"] == 8
    assert first.recipe["labels"] == ["Image 1:"]


def test_describe_two_images_with_handles(backend):
    steps = []
    request = BackendRequest(
        tool="describe",
        prompt="Compare them.",
        references=_images(),
        options={"handles": [3, 5], "max_new_tokens": 4},
        on_step=lambda i, n: steps.append((i, n)),
    )
    result = backend.run(request)
    assert result.text and result.text == backend.run(request).text
    assert result.text == backend.chat(_images(), "Compare them.", 4, None, ["Image #3:", "Image #5:"])
    assert result.recipe["labels"] == ["Image #3:", "Image #5:"]
    assert result.recipe["images"] == 2 and result.recipe["max_new_tokens"] == 4
    assert steps[-1] == (1, 1)


def test_prompt_labels_each_image_before_it(backend):
    _, processor = backend.load()
    messages = [
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "Image 1:"},
                {"type": "image"},
                {"type": "text", "text": "Image 2:"},
                {"type": "image"},
                {"type": "text", "text": "q"},
            ],
        }
    ]
    text = processor.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
    assert text.index("Image 1:") < text.index("<|image_pad|>") < text.index("Image 2:")
    assert text.count("<|image_pad|>") == 2 and text.endswith("<|im_start|>assistant\n")


def test_chat_with_system_and_no_images(backend, monkeypatch):
    """What reaches the model is the system line and the question (and with images, their labels and vision tokens),
    and the answer is exactly the greedy new tokens decoded."""
    model, processor = backend.load()
    seen = []
    generate = model.generate

    def recording_generate(**inputs):
        out = generate(**inputs)
        seen.append((inputs, out))
        return out

    monkeypatch.setattr(model, "generate", recording_generate)
    answer = backend.chat([], "Say something.", max_new_tokens=3, system="You are terse.")
    inputs, out = seen[-1]
    prompt = processor.batch_decode(inputs["input_ids"])[0]
    assert "You are terse." in prompt and "Say something." in prompt and "pixel_values" not in inputs
    assert inputs["do_sample"] is False and 1 <= out.shape[1] - inputs["input_ids"].shape[1] <= 3
    new = processor.batch_decode(out[:, inputs["input_ids"].shape[1]:], skip_special_tokens=True,
                                 clean_up_tokenization_spaces=False)[0]
    assert answer == new.strip()

    with_images = backend.chat(_images(), "It is editing task.", max_new_tokens=5)
    inputs, _ = seen[-1]
    prompt = processor.batch_decode(inputs["input_ids"])[0]
    assert "You are terse." not in prompt
    assert prompt.index("Image 1:") < prompt.index("Image 2:") < prompt.index("It is editing task.")
    assert inputs["pixel_values"].shape[0] > 0 and inputs["image_grid_thw"].shape[0] == 2
    assert with_images == backend.chat(_images(), "It is editing task.", max_new_tokens=5)  # greedy


def test_describe_rejects_bad_requests(backend):
    with pytest.raises(BadInputError):
        backend.run(BackendRequest(tool="describe", prompt="what?"))
    with pytest.raises(BadInputError):
        backend.run(BackendRequest(tool="edit", prompt="x", references=_images()))
    with pytest.raises(BadInputError):
        image_labels(2, handles=[1])


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("<edit>Replace the hat with the red cap from image 2.</edit>", "Replace the hat with the red cap from image 2."),
        ("<gen>A cat on a sofa, watercolor style.</gen>", "A cat on a sofa, watercolor style."),
        ("<gen>\n  a lighthouse at dusk \n</gen>\n", "a lighthouse at dusk"),
        ("<edit>make the sky stormy", "make the sky stormy"),  # cut before the closing tag
        ("make the sky stormy</edit>", "make the sky stormy"),
        ("Sure! <gen>a red fox in snow</gen> Hope this helps.", "a red fox in snow"),
        ("<answer><edit>turn it blue</edit></answer>", "turn it blue"),  # nested, unknown outer tag
        ("<gen><gen>twice</gen></gen>", "twice"),
        ("no tags at all  ", "no tags at all"),
        ("a < b and c > d", "a < b and c > d"),
        ("", ""),
    ],
)
def test_strip_answer_tags(raw, expected):
    assert strip_answer_tags(raw) == expected


def test_strip_is_not_fixed_slicing():
    # The authors' text[6:-7] would eat letters of a 5-character tag such as <gen>.
    assert strip_answer_tags("<gen>abcdefgh</gen>") == "abcdefgh"


def test_real_preset_without_cache_names_the_pull_command(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf" / "hub"))
    import huggingface_hub.constants as hc

    monkeypatch.setattr(hc, "HF_HUB_CACHE", str(tmp_path / "hf" / "hub"))
    monkeypatch.setattr(hc, "HF_HUB_OFFLINE", True)
    real = QwenVLBackend(preset="real")  # constructing loads nothing
    assert real._model is None
    spec = real.pull_specs()[0]
    assert spec.repo_id == "xiabs/DreamOmni2"
    assert all(p.startswith(DREAMOMNI2_VLM_SUBFOLDER + "/") for p in spec.allow_patterns)
    assert not real.weights_present()
    with pytest.raises(ModelMissingError, match="studio models pull dreamomni2"):
        real.run(BackendRequest(tool="describe", prompt="what?", references=_images()[:1]))
    plain = QwenVLBackend(preset="real", model="qwen2.5-vl-7b")
    assert len(plain.pull_specs()[0].revision) == 40
    with pytest.raises(ModelMissingError, match="studio models pull qwen-vl"):
        plain.chat(_images()[:1], "hi", max_new_tokens=2)


def test_real_loading_code_reads_a_local_folder(tmp_path, backend):
    """The real preset's loader (from_pretrained + processor without torchvision) on a saved tiny model."""
    import torch

    from tools.qwen_vl import load_from_folder

    model, processor = backend.load()
    model.save_pretrained(tmp_path)
    processor.save_pretrained(tmp_path)
    loaded_model, loaded_processor = load_from_folder(tmp_path, dtype=torch.float32)
    assert loaded_processor.image_processor is not None
    reloaded = QwenVLBackend(preset="tiny")
    reloaded._model, reloaded._processor = loaded_model, loaded_processor
    images = _images()
    assert reloaded.chat(images, "q", max_new_tokens=4) == backend.chat(images, "q", max_new_tokens=4)
