"""Qwen2.5-VL: image understanding (`describe`) and the chat call behind DreamOmni2's instruction
rewriting and the model router.

Two presets go through the same code path:

* ``real``: a Qwen2.5-VL-7B checkpoint from the local Hugging Face cache, bf16 on CUDA. By default the
  DreamOmni2 instruction model (``xiabs/DreamOmni2``, subfolder ``vlm-model``, a Qwen2.5-VL-7B
  fine-tune); ``model="qwen2.5-vl-7b"`` picks plain ``Qwen/Qwen2.5-VL-7B-Instruct``.
* ``tiny``: the same classes (``Qwen2_5_VLForConditionalGeneration`` and a Qwen2.5-VL processor) built
  from a tiny config with random weights after ``torch.manual_seed(0)`` and a byte-level tokenizer
  built in memory. It answers with noise; tests check the wiring, not the words.

Nothing heavy happens at import or in ``__init__``; the model loads on first use and stays cached on
the instance. This module imports only torch, transformers, PIL and tools.* (the GPU host has no
studio dependencies).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any, Sequence

import torch
from PIL import Image

from tools.base import Backend, BackendRequest, BackendResult, BadInputError, WeightSpec
from tools.qwen_vl_tiny import _image_only_processor_class, build_tiny_model

# --------------------------------------------------------------------------------------------------
# Weights
# --------------------------------------------------------------------------------------------------

DREAMOMNI2_REPO = "xiabs/DreamOmni2"
# No pinned commit of xiabs/DreamOmni2 could be found offline; "main" until someone pins it.
DREAMOMNI2_REVISION = "main"
DREAMOMNI2_VLM_SUBFOLDER = "vlm-model"  # the repo also holds edit_lora/ and gen_lora/

QWEN_VL_REPO = "Qwen/Qwen2.5-VL-7B-Instruct"
QWEN_VL_REVISION = "cc594898137f460bfe9f0759e9844b3ce807cfb5"

_MODEL_FILES = ("*.safetensors", "*.json", "*.jinja", "merges.txt", "vocab.json", "tokenizer*")


@dataclass(frozen=True)
class _RealModel:
    spec: WeightSpec
    subfolder: str | None
    pull_name: str  # the `studio models pull NAME` that fetches it


REAL_MODELS: dict[str, _RealModel] = {
    "dreamomni2": _RealModel(
        WeightSpec(
            DREAMOMNI2_REPO,
            DREAMOMNI2_REVISION,
            tuple(f"{DREAMOMNI2_VLM_SUBFOLDER}/{p}" for p in _MODEL_FILES),
        ),
        DREAMOMNI2_VLM_SUBFOLDER,
        "dreamomni2",
    ),
    "qwen2.5-vl-7b": _RealModel(
        WeightSpec(QWEN_VL_REPO, QWEN_VL_REVISION, _MODEL_FILES), None, "qwen-vl"
    ),
}

DEFAULT_MAX_NEW_TOKENS = {"tiny": 8, "real": 256}

# --------------------------------------------------------------------------------------------------
# Answer tags
# --------------------------------------------------------------------------------------------------

_TAG = r"[A-Za-z_][\w\-]*"
_PAIRED = re.compile(rf"<({_TAG})>(.*?)</\1\s*>", re.DOTALL)
_LEADING_OPEN = re.compile(rf"^\s*<{_TAG}>")
_TRAILING_CLOSE = re.compile(rf"</{_TAG}\s*>\s*$")
# Tags DreamOmni2's instruction model (and similar rewriters) wrap answers in; dropped anywhere.
_KNOWN_TAGS = re.compile(r"</?\s*(?:gen|edit|generation|editing|answer|prompt|instruction)\s*>", re.I)


def strip_answer_tags(text: str) -> str:
    """The answer inside the wrapper tags of DreamOmni2's instruction model.

    The authors' scripts cut ``text[6:-7]`` (a ``<edit>``/``</edit>``-sized wrapper); this does the
    same job without trusting the lengths: the content of the outermost tag pair (any tag name, pairs
    nested inside are unwrapped too), a missing closing or opening tag, surrounding whitespace, and
    text with no tags at all (returned stripped) all work.
    """
    out = text.strip()
    for _ in range(8):  # unwrap nested wrappers, outermost first
        before = out
        paired = _PAIRED.search(out)
        if paired:  # "<gen>answer</gen>", possibly with chatter around it: keep the answer
            out = paired.group(2).strip()
        else:
            out = _LEADING_OPEN.sub("", out, count=1)  # "<gen>answer" (cut before the closing tag)
            out = _TRAILING_CLOSE.sub("", out, count=1).strip()  # "answer</gen>"
        if out == before:
            break
    return _KNOWN_TAGS.sub("", out).strip()


# --------------------------------------------------------------------------------------------------
# The backend
# --------------------------------------------------------------------------------------------------


def image_labels(count: int, handles: Sequence[Any] | None = None) -> list[str]:
    """"Image 1:", "Image 2:", ... or, given session handles, "Image #3:", "Image #5:", ..."""
    if handles is None:
        return [f"Image {i}:" for i in range(1, count + 1)]
    if len(handles) != count:
        raise BadInputError(f"options['handles'] names {len(handles)} images but {count} were given")
    return [f"Image #{h}:" if isinstance(h, int) else f"Image {h}:" for h in handles]


class QwenVLBackend(Backend):
    """Answers questions about one or more images (`describe`); `chat` is the reusable call."""

    name = "qwen-vl"
    tools = frozenset({"describe"})
    option_names = frozenset({"handles", "max_new_tokens", "system"})

    def __init__(
        self,
        preset: str = "tiny",
        device: str | None = None,
        dtype: str | None = None,
        model: str = "dreamomni2",
    ):
        if preset not in ("tiny", "real"):
            raise BadInputError(f"preset must be 'tiny' or 'real', not {preset!r}")
        if model not in REAL_MODELS:
            raise BadInputError(f"model must be one of {sorted(REAL_MODELS)}, not {model!r}")
        super().__init__(preset, device, dtype)
        self.model_key = model
        self._model = None
        self._processor = None
        self._lock = threading.Lock()

    # -- identity ----------------------------------------------------------------------------------

    @property
    def real_model(self) -> _RealModel:
        return REAL_MODELS[self.model_key]

    def model_ids(self) -> dict[str, str]:
        if self.preset == "tiny":
            return {"vlm": "tiny-random"}
        spec = self.real_model.spec
        sub = f"/{self.real_model.subfolder}" if self.real_model.subfolder else ""
        from tools.hub import resolved_revision

        return {"vlm": f"{spec.repo_id}{sub}@{resolved_revision(spec)}"}

    def pull_specs(self) -> list[WeightSpec]:
        return [self.real_model.spec]

    # -- loading -----------------------------------------------------------------------------------

    def _resolved_device(self) -> torch.device:
        if self.device:
            return torch.device(self.device)
        if self.preset == "real" and torch.cuda.is_available():
            return torch.device("cuda")
        return torch.device("cpu")

    def _resolved_dtype(self) -> torch.dtype:
        if self.dtype:
            return getattr(torch, self.dtype)
        return torch.bfloat16 if self.preset == "real" else torch.float32

    def load(self):
        """(model, processor), loaded once per instance."""
        with self._lock:
            if self._model is None:
                if self.preset == "tiny":
                    model, processor = build_tiny_model(seed=0)
                else:
                    model, processor = self._load_real()
                self._model = model.to(device=self._resolved_device(), dtype=self._resolved_dtype())
                self._processor = processor
        return self._model, self._processor

    def _load_real(self):
        from tools.hub import require_local

        real = self.real_model
        path = require_local(real.spec, real.pull_name)
        if real.subfolder:
            path = path / real.subfolder
        return load_from_folder(path, self._resolved_dtype())

    # -- calls -------------------------------------------------------------------------------------

    @torch.inference_mode()
    def chat(
        self,
        images: list[Image.Image],
        text: str,
        max_new_tokens: int,
        system: str | None = None,
        labels: Sequence[str] | None = None,
    ) -> str:
        """One user turn (images first, each after its label, then `text`); greedy decoding.

        Returns the decoded answer with special tokens removed and whitespace stripped. `labels`
        (one per image) defaults to "Image 1:", "Image 2:", ...; pass [] to send the images bare.
        """
        if max_new_tokens < 1:
            raise BadInputError(f"max_new_tokens must be at least 1, not {max_new_tokens}")
        labels = image_labels(len(images)) if labels is None else list(labels)
        if labels and len(labels) != len(images):
            raise BadInputError(f"{len(labels)} labels for {len(images)} images")
        model, processor = self.load()

        content: list[dict[str, Any]] = []
        for i, image in enumerate(images):
            if labels:
                content.append({"type": "text", "text": labels[i]})
            content.append({"type": "image"})
        content.append({"type": "text", "text": text})
        messages: list[dict[str, Any]] = []
        if system:
            messages.append({"role": "system", "content": [{"type": "text", "text": system}]})
        messages.append({"role": "user", "content": content})

        prompt = processor.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
        rgb = [im if im.mode == "RGB" else im.convert("RGB") for im in images]
        inputs = processor(text=[prompt], images=rgb or None, return_tensors="pt").to(model.device)
        if "pixel_values" in inputs:
            inputs["pixel_values"] = inputs["pixel_values"].to(model.dtype)
        generated = model.generate(
            **inputs, do_sample=False, max_new_tokens=max_new_tokens, min_new_tokens=1
        )
        new_tokens = generated[:, inputs["input_ids"].shape[1] :]
        answer = processor.batch_decode(
            new_tokens, skip_special_tokens=True, clean_up_tokenization_spaces=False
        )[0]
        return answer.strip()

    def run(self, request: BackendRequest) -> BackendResult:
        if request.tool != "describe":
            raise BadInputError(f"{self.name} only runs 'describe', not {request.tool!r}")
        images = ([request.source] if request.source is not None else []) + list(request.references)
        if not images:
            raise BadInputError("describe needs at least one image")
        if not request.prompt.strip():
            raise BadInputError("describe needs a question")
        max_new_tokens = int(
            request.options.get("max_new_tokens") or DEFAULT_MAX_NEW_TOKENS[self.preset]
        )
        labels = image_labels(len(images), request.options.get("handles"))
        request.check_cancelled()
        answer = self.chat(images, request.prompt, max_new_tokens, request.options.get("system"), labels)
        request.on_step(1, 1)
        return BackendResult(
            text=answer,
            recipe={
                "tool": "describe",
                "backend": self.name,
                "model": self.model_ids()["vlm"],
                "revision": "tiny-random" if self.preset == "tiny" else self.model_ids()["vlm"].rsplit("@", 1)[1],
                "preset": self.preset,
                "prompt": request.prompt,
                "labels": labels,
                "images": len(images),
                "max_new_tokens": max_new_tokens,
                "decoding": "greedy",
            },
        )


def load_from_folder(path, dtype: torch.dtype = torch.bfloat16):
    """(model, processor) from a local Qwen2.5-VL folder (safetensors only; nothing downloaded)."""
    from transformers import Qwen2_5_VLForConditionalGeneration

    model = Qwen2_5_VLForConditionalGeneration.from_pretrained(path, dtype=dtype, use_safetensors=True)
    return model.eval(), load_processor(path)


def load_processor(path):
    """Qwen2.5-VL's processor from `path`; without torchvision (its video processor needs it), an
    image-only processor built from the same files."""
    try:
        from transformers import AutoProcessor

        processor = AutoProcessor.from_pretrained(path)
        if getattr(processor, "image_processor", None) is not None:
            return processor
    except Exception:  # ImportError (torchvision) or a processor class this install lacks
        pass
    from transformers import AutoTokenizer
    from transformers.models.qwen2_vl.image_processing_pil_qwen2_vl import Qwen2VLImageProcessorPil

    tokenizer = AutoTokenizer.from_pretrained(path)
    return _image_only_processor_class()(
        image_processor=Qwen2VLImageProcessorPil.from_pretrained(path),
        tokenizer=tokenizer,
        chat_template=_read_chat_template(path) or tokenizer.chat_template,
    )


def _read_chat_template(path) -> str | None:
    import json
    from pathlib import Path

    folder = Path(path)
    if (folder / "chat_template.jinja").is_file():
        return (folder / "chat_template.jinja").read_text()
    if (folder / "chat_template.json").is_file():
        return json.loads((folder / "chat_template.json").read_text()).get("chat_template")
    return None
