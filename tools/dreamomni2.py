"""DreamOmni2 backend: instruction editing and generation on diffusers' FLUX Kontext pipeline.

`real` loads FLUX.1-Kontext-dev (bf16, CUDA) and DreamOmni2's edit/generation LoRAs from the
local Hugging Face cache; `tiny` builds the same pipeline class from tiny configs with random
seeded weights and in-memory tokenizers (DESIGN.md §5), for tests and wiring demos.

Until the multi-reference pipeline lands, several input images are laid side by side into one
Kontext input (source first), and inpaint composites an instruction edit into the mask.
"""

from __future__ import annotations

import threading
from typing import Any

import torch
from PIL import Image

from tools.base import Backend, BackendRequest, BackendResult, BadInputError, WeightSpec
from tools.hub import require_local

KONTEXT = WeightSpec(
    "black-forest-labs/FLUX.1-Kontext-dev",
    "main",  # TODO(pin): resolved commit recorded by `studio models pull`
    ("model_index.json", "*/config.json", "*/*.safetensors", "*/*.json", "*/*.txt", "*/spiece.model"),
)
DREAMOMNI2 = WeightSpec("xiabs/DreamOmni2", "main", ("*.safetensors", "*.json"))
TINY_DEFAULTS = {"steps": 4, "size": 32, "guidance": 3.5}
REAL_DEFAULTS = {"steps": 30, "size": 1024, "guidance": 3.5}


# -- tiny components ---------------------------------------------------------------------------
def _byte_level_chars() -> list[str]:
    """The 256 printable stand-ins GPT-2/CLIP byte-level BPE uses for bytes."""
    keep = [*range(ord("!"), ord("~") + 1), *range(ord("¡"), ord("¬") + 1), *range(ord("®"), ord("ÿ") + 1)]
    codes, extra = keep[:], 0
    for b in range(256):
        if b not in keep:
            codes.append(256 + extra)
            extra += 1
    return [chr(c) for c in codes]


def tiny_clip_tokenizer():
    from transformers import CLIPTokenizer

    vocab: dict[str, int] = {}
    for suffix in ("", "</w>"):
        for ch in _byte_level_chars():
            vocab[ch + suffix] = len(vocab)
    vocab["<|startoftext|>"] = len(vocab)
    vocab["<|endoftext|>"] = len(vocab)
    return CLIPTokenizer(vocab=vocab, merges=[], model_max_length=77)


def tiny_t5_tokenizer():
    from transformers import T5Tokenizer

    letters = "abcdefghijklmnopqrstuvwxyz0123456789.,!?'-"
    pieces = [("<pad>", 0.0), ("</s>", 0.0), ("<unk>", 0.0)]
    pieces += [(c, -1.0) for c in letters] + [("▁" + c, -2.0) for c in letters] + [("▁", -3.0)]
    return T5Tokenizer(vocab=pieces, extra_ids=100)


def build_tiny_kontext(seed: int = 0):
    """A FluxKontextPipeline of the real classes, tiny sizes, random weights drawn after `seed`."""
    from diffusers import AutoencoderKL, FlowMatchEulerDiscreteScheduler, FluxKontextPipeline, FluxTransformer2DModel
    from transformers import CLIPTextConfig, CLIPTextModel, T5Config, T5EncoderModel

    clip_tok, t5_tok = tiny_clip_tokenizer(), tiny_t5_tokenizer()
    torch.manual_seed(seed)
    transformer = FluxTransformer2DModel(
        patch_size=1, in_channels=4, num_layers=1, num_single_layers=1, attention_head_dim=16,
        num_attention_heads=2, joint_attention_dim=32, pooled_projection_dim=32, axes_dims_rope=[4, 4, 8],
        guidance_embeds=True,
    )
    text_encoder = CLIPTextModel(CLIPTextConfig(
        bos_token_id=clip_tok.bos_token_id, eos_token_id=clip_tok.eos_token_id, pad_token_id=1,
        hidden_size=32, intermediate_size=37, num_attention_heads=4, num_hidden_layers=2,
        vocab_size=len(clip_tok), hidden_act="gelu", projection_dim=32,
    ))
    text_encoder_2 = T5EncoderModel(T5Config(
        vocab_size=len(t5_tok), d_model=32, d_kv=8, d_ff=37, num_layers=2, num_heads=4,
        relative_attention_num_buckets=8, decoder_start_token_id=0,
    ))
    vae = AutoencoderKL(
        sample_size=32, in_channels=3, out_channels=3, block_out_channels=(4,), layers_per_block=1,
        latent_channels=1, norm_num_groups=1, use_quant_conv=False, use_post_quant_conv=False,
        shift_factor=0.0609, scaling_factor=1.5035,
    )
    pipe = FluxKontextPipeline(
        scheduler=FlowMatchEulerDiscreteScheduler(), vae=vae, text_encoder=text_encoder, tokenizer=clip_tok,
        text_encoder_2=text_encoder_2, tokenizer_2=t5_tok, transformer=transformer,
    )
    pipe.set_progress_bar_config(disable=True)
    return pipe


# -- helpers -----------------------------------------------------------------------------------
def side_by_side(images: list[Image.Image], height: int) -> Image.Image:
    """Lay inputs left to right at a common height (the interim multi-image Kontext input)."""
    scaled = [im.resize((max(1, round(im.width * height / im.height)), height), Image.LANCZOS) for im in images]
    canvas = Image.new("RGB", (sum(im.width for im in scaled), height))
    x = 0
    for im in scaled:
        canvas.paste(im, (x, 0))
        x += im.width
    return canvas


def composite_in_mask(edited: Image.Image, source: Image.Image, mask: Image.Image) -> Image.Image:
    """Keep the source outside the mask (white = change), the edit inside."""
    mask = mask.convert("L").resize(source.size, Image.NEAREST)
    return Image.composite(edited.resize(source.size, Image.LANCZOS), source, mask)


def _round_to(value: int, multiple: int) -> int:
    return max(multiple, int(round(value / multiple)) * multiple)


class DreamOmni2Backend(Backend):
    name = "dreamomni2"
    tools = frozenset({"generate", "edit", "style", "inpaint"})

    def __init__(self, preset: str = "tiny", device: str | None = None, dtype: str | None = None):
        super().__init__(preset, device, dtype)
        self._pipe = None
        self._lock = threading.Lock()
        self.defaults = TINY_DEFAULTS if preset == "tiny" else REAL_DEFAULTS

    # -- loading -------------------------------------------------------------------------------
    def model_ids(self) -> dict[str, str]:
        if self.preset == "tiny":
            return {"pipeline": "FluxKontextPipeline (tiny random, seed 0)"}
        return {"base": f"{KONTEXT.repo_id}@{KONTEXT.revision}", "lora": f"{DREAMOMNI2.repo_id}@{DREAMOMNI2.revision}"}

    def pull_specs(self) -> list[WeightSpec]:
        return [KONTEXT, DREAMOMNI2]

    def pipeline(self):
        with self._lock:
            if self._pipe is None:
                self._pipe = build_tiny_kontext() if self.preset == "tiny" else self._load_real()
        return self._pipe

    def _load_real(self):
        from diffusers import FluxKontextPipeline

        base = require_local(KONTEXT, "dreamomni2")
        require_local(DREAMOMNI2, "dreamomni2")
        if not torch.cuda.is_available():
            raise BadInputError("the real DreamOmni2 preset needs a CUDA GPU with ~40 GB free; use --preset tiny here")
        pipe = FluxKontextPipeline.from_pretrained(base, torch_dtype=torch.bfloat16, use_safetensors=True)
        pipe.set_progress_bar_config(disable=True)
        return pipe.to(self.device or "cuda")

    # -- running -------------------------------------------------------------------------------
    def run(self, request: BackendRequest) -> BackendResult:
        if request.tool not in self.tools:
            raise BadInputError(f"the {self.name} backend cannot run {request.tool!r}")
        if request.tool == "inpaint" and (request.source is None or request.mask is None):
            raise BadInputError("inpaint needs a source image and a mask")
        if request.tool in ("edit", "inpaint") and request.source is None:
            raise BadInputError(f"{request.tool} needs a source image")
        if request.tool == "style" and not request.references:
            raise BadInputError("style needs a style image")

        pipe = self.pipeline()
        steps = request.steps or self.defaults["steps"]
        guidance = request.guidance if request.guidance is not None else self.defaults["guidance"]
        multiple = 2 * pipe.vae_scale_factor
        inputs = ([request.source] if request.source is not None else []) + list(request.references)
        prompt = request.prompt
        if request.tool == "style":
            prompt = f"{request.prompt}, in the style of the last reference image"

        if request.source is not None:  # edits keep the source's size unless asked otherwise
            width, height = request.width or request.source.width, request.height or request.source.height
        else:
            width = request.width or self.defaults["size"]
            height = request.height or self.defaults["size"]
        if self.preset == "tiny":  # keep the tiny model tiny whatever the input size
            scale = min(1.0, 64 / max(width, height))
            width, height = int(width * scale), int(height * scale)
        width, height = _round_to(width, multiple), _round_to(height, multiple)

        def on_step_end(_pipe, i, _t, kwargs):
            request.on_step(i + 1, steps)
            request.check_cancelled()
            return kwargs

        kontext_image = side_by_side(inputs, height) if inputs else None
        generator = torch.Generator("cpu").manual_seed(request.seed)
        with torch.inference_mode():
            result = pipe(
                prompt=prompt,
                image=kontext_image,
                width=width,
                height=height,
                max_area=width * height,
                num_inference_steps=steps,
                guidance_scale=guidance,
                generator=generator,
                callback_on_step_end=on_step_end,
                max_sequence_length=32 if self.preset == "tiny" else 512,
                _auto_resize=False,
            )
        image = result.images[0].convert("RGB")
        if request.tool == "inpaint":
            image = composite_in_mask(image, request.source, request.mask)
        recipe: dict[str, Any] = {
            "backend": self.name,
            "models": self.model_ids(),
            "prompt": request.prompt,
            "pipeline_prompt": prompt,
            "seed": request.seed,
            "steps": steps,
            "width": image.width,
            "height": image.height,
            "guidance": guidance,
            "num_inputs": len(inputs),
        }
        return BackendResult(images=[image], recipe=recipe)

