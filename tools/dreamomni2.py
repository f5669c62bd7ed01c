"""DreamOmni2 backend: multi-reference editing and generation on FLUX Kontext (DESIGN.md §6).

One call:
1. the instruction model (Qwen2.5-VL; on `real` DreamOmni2's fine-tune) sees every input image
   and the instruction + " It is editing task." / " It is generation task." and rewrites it; its
   tags are stripped (`strip_answer_tags`). A rewrite the agent already has is reused, no VLM call.
2. the matching LoRA ("edit" or "generation") is switched on; both were loaded once with the base;
3. `FluxKontextMultiRefPipeline` denoises with every input image in the sequence (index axis +
   width position shift), output sized by the source's bucket (edit) or 1024² (generate), then re-scaled to 1024²
   pixels at that aspect ratio as the authors' pipeline does (`output_size`), unless the person asked for a size.

`real` loads FLUX.1-Kontext-dev (bf16, CUDA) and the LoRAs from the local Hugging Face cache;
`tiny` builds the same classes from tiny configs with seeded random weights and tiny random LoRAs.
style runs as an edit with the style image as the last input, and inpaint as an edit composited
into the mask, until a preset routes them to StyleKeeper or Lumina-DiMOO.
"""

from __future__ import annotations

import threading
from typing import Any

import torch
from PIL import Image

from tools.base import Backend, BackendRequest, BackendResult, BadInputError, WeightSpec, composite_in_mask
from tools.hub import require_local, resolved_revision
from tools.kontext_multiref import KONTEXT_REPO, FluxKontextMultiRefPipeline, bucket_size
from tools.dreamomni2_loras import (
    DREAMOMNI2_LORA_FILE,
    DREAMOMNI2_LORA_SUBFOLDERS,
    dreamomni2_lora_sources,
    load_loras,
    tiny_lora_state_dict,
    use_lora,
)
from tools.kontext_tiny import TINY_MAX_SEQUENCE_LENGTH, build_tiny_kontext_components, tiny_bucket
from tools.qwen_vl import DREAMOMNI2_REPO, DREAMOMNI2_REVISION, strip_answer_tags

KONTEXT = WeightSpec(
    KONTEXT_REPO,
    # a commit of the hub repo seen in public snapshot paths (diffusers-format layout)
    "af58063aa431f4d2bbc11ae46f57451d4416a170",
    ("model_index.json", "*/config.json", "*/*.safetensors", "*/*.json", "*/*.txt", "*/spiece.model"),
)
# the same repository (and revision) as the instruction model: the adapters sit beside vlm-model/
DREAMOMNI2_LORAS = WeightSpec(
    DREAMOMNI2_REPO, DREAMOMNI2_REVISION, tuple(f"{sub}/{DREAMOMNI2_LORA_FILE}" for sub in DREAMOMNI2_LORA_SUBFOLDERS.values()))
TASK_SUFFIX = {"edit": " It is editing task.", "generate": " It is generation task."}


def vlm_inputs(images: list[Image.Image], bucket=bucket_size) -> list[Image.Image]:
    """Each image as the authors hand it to the instruction VLM (utils/vprocess.py): Lanczos-resized to its Kontext
    bucket. A 512² upload reaches it at 1024² (1,369 visual tokens, not 324); a 4032×3024 photo at 1184×880 (1,302, not
    15,552)."""
    sized = [(image, bucket(*image.size)) for image in images]
    return [image if image.size == size else image.resize(size, Image.Resampling.LANCZOS) for image, size in sized]
DEFAULTS = {
    "tiny": {"steps": 4, "size": 32, "guidance": 3.5, "rewrite_tokens": 8},
    "real": {"steps": 30, "size": 1024, "guidance": 3.5, "rewrite_tokens": 4096},  # the authors' max_new_tokens
}


class DreamOmni2Backend(Backend):
    name = "dreamomni2"
    tools = frozenset({"generate", "edit", "style", "inpaint"})
    option_names = frozenset({"rewritten_prompt"})
    rewrites_prompts = True  # the agent may pass a cached rewrite in options["rewritten_prompt"]

    def __init__(self, preset: str = "tiny", device: str | None = None, dtype: str | None = None):
        super().__init__(preset, device, dtype)
        self.defaults = DEFAULTS[preset]
        self.pool = None  # set by BackendPool: the instruction model is the pool's shared VLM
        self._pipe: FluxKontextMultiRefPipeline | None = None
        self._vlm = None
        self._lock = threading.Lock()

    # -- loading -------------------------------------------------------------------------------
    def model_ids(self) -> dict[str, str]:
        if self.preset == "tiny":
            return {"pipeline": "FluxKontextMultiRefPipeline (tiny random, seed 0, tiny LoRAs)"}
        return {"base": f"{KONTEXT.repo_id}@{KONTEXT.revision}",
                "loras": f"{DREAMOMNI2_LORAS.repo_id}@{resolved_revision(DREAMOMNI2_LORAS)}"}

    def pull_specs(self) -> list[WeightSpec]:
        return [KONTEXT, DREAMOMNI2_LORAS]

    def pipeline(self) -> FluxKontextMultiRefPipeline:
        with self._lock:
            if self._pipe is None:
                self._pipe = self._build_tiny() if self.preset == "tiny" else self._load_real()
        return self._pipe

    def _build_tiny(self) -> FluxKontextMultiRefPipeline:
        pipe = FluxKontextMultiRefPipeline(**build_tiny_kontext_components(seed=0))
        load_loras(pipe, {"edit": tiny_lora_state_dict(pipe.transformer, seed=1),
                          "generation": tiny_lora_state_dict(pipe.transformer, seed=2)})
        pipe.set_progress_bar_config(disable=True)
        return pipe

    def _load_real(self) -> FluxKontextMultiRefPipeline:
        base = require_local(KONTEXT, "dreamomni2")
        loras = require_local(DREAMOMNI2_LORAS, "dreamomni2")
        if not torch.cuda.is_available():
            raise BadInputError("the real DreamOmni2 preset needs a CUDA GPU (~33 GB for FLUX Kontext + "
                                "~17 GB for the instruction model); use --preset tiny on this machine")
        free, _ = torch.cuda.mem_get_info()
        if free < 34 * 2**30:
            raise BadInputError(f"the GPU has {free / 2**30:.0f} GiB free; FLUX Kontext needs ~33 GiB "
                                "(and the instruction model ~17 GiB more)")
        pipe = FluxKontextMultiRefPipeline.from_pretrained(base, torch_dtype=torch.bfloat16, use_safetensors=True)
        pipe.to(self.device or "cuda")
        load_loras(pipe, dreamomni2_lora_sources(loras), weight_name=DREAMOMNI2_LORA_FILE)
        pipe.set_progress_bar_config(disable=True)
        return pipe

    def instruction_model(self):
        if self._vlm is None:
            if self.pool is not None:
                self._vlm = self.pool.get("qwen-vl")
            else:
                from tools.qwen_vl import QwenVLBackend

                self._vlm = QwenVLBackend(preset=self.preset, device=self.device, dtype=self.dtype)
        return self._vlm

    # -- running -------------------------------------------------------------------------------
    def rewrite(self, images: list[Image.Image], instruction: str, task: str) -> str:
        """The instruction model's version of the instruction, tags stripped (the original if empty). Each image
        reaches it at its Kontext bucket, as the authors resize it (`vlm_inputs`)."""
        bucket = tiny_bucket if self.preset == "tiny" else bucket_size
        answer = self.instruction_model().chat(
            vlm_inputs(images, bucket), instruction + TASK_SUFFIX[task], self.defaults["rewrite_tokens"], labels=[]
        )
        return strip_answer_tags(answer).strip() or instruction

    def run(self, request: BackendRequest) -> BackendResult:
        # 1. Check inputs
        tool = request.tool
        if tool not in self.tools:
            raise BadInputError(f"the {self.name} backend cannot run {tool!r}")
        if tool in ("edit", "inpaint") and request.source is None:
            raise BadInputError(f"{tool} needs a source image")
        if tool == "inpaint" and request.mask is None:
            raise BadInputError("inpaint needs a mask")
        if tool == "style" and not request.references:
            raise BadInputError("style needs a style image")
        unknown = set(request.options) - self.option_names  # the same list the turn runner checks first
        if unknown:
            raise BadInputError(f"unknown option(s) for {self.name}: {sorted(unknown)}")

        # 2. Inputs in sequence order: the source first (it sets the output size), then references
        images = ([request.source] if request.source is not None else []) + list(request.references)
        task = "edit" if request.source is not None else "generate"
        instruction = request.prompt
        if tool == "style":
            instruction = f"{request.prompt}, in the style of the last image"
        steps = request.steps or self.defaults["steps"]
        guidance = request.guidance if request.guidance is not None else self.defaults["guidance"]
        width, height = request.width, request.height
        asked = width is not None and height is not None  # a size the person asked for wins over the authors' re-scale
        if task == "generate":
            width, height = width or self.defaults["size"], height or self.defaults["size"]

        # 3. Rewrite the instruction (or reuse the rewrite the agent found for these inputs)
        pipe = self.pipeline()
        rewritten = request.options.get("rewritten_prompt")
        reused = rewritten is not None
        if not reused:
            rewritten = self.rewrite(images, instruction, task)
        request.check_cancelled()

        # 4. Denoise with the task's LoRA
        use_lora(pipe, "edit" if task == "edit" else "generation")
        tiny = self.preset == "tiny"
        with torch.inference_mode():
            result = pipe(
                images,
                prompt=rewritten,
                task=task,
                height=height,
                width=width,
                num_inference_steps=steps,
                guidance_scale=guidance,
                generator=torch.Generator("cpu").manual_seed(request.seed),
                max_sequence_length=TINY_MAX_SEQUENCE_LENGTH if tiny else 512,
                bucket_fn=tiny_bucket if tiny else None,
                max_area=None if asked else self.defaults["size"] ** 2,
                on_step=request.on_step,
                is_cancelled=request.is_cancelled,
            )
        image = result.images[0].convert("RGB")
        if tool == "inpaint":
            image = composite_in_mask(image, request.source, request.mask)

        recipe: dict[str, Any] = {
            "backend": self.name,
            "models": self.model_ids(),
            "task": task,
            "lora": "edit" if task == "edit" else "generation",
            "prompt": request.prompt,
            "instruction": instruction,
            "rewritten_prompt": rewritten,
            "rewrite_reused": reused,
            "seed": request.seed,
            "steps": steps,
            "width": image.width,
            "height": image.height,
            "size_rule": "as asked" if asked else f"the authors' re-scale to {self.defaults['size']}² pixels",
            "guidance": guidance,
            "num_inputs": len(images),
        }
        return BackendResult(images=[image], recipe=recipe)
