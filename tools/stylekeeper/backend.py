"""The `style` tool's backend: presets, pinned weights, the tiny and real SDXL pipelines."""

from __future__ import annotations

import threading
from typing import Any

import torch

from tools.base import Backend, BackendRequest, BackendResult, BadInputError, WeightSpec, tiny_size
from tools.stylekeeper.sampling import DEFAULT_GUIDANCE, stylekeeper_sample

SDXL_BASE = WeightSpec(
    repo_id="stabilityai/stable-diffusion-xl-base-1.0",
    revision="462165984030d82259a11f4367a4eed129e94a7b",
    allow_patterns=(
        "model_index.json",
        "scheduler/scheduler_config.json",
        "tokenizer/*",
        "tokenizer_2/*",
        "text_encoder/config.json",
        "text_encoder/model.fp16.safetensors",
        "text_encoder_2/config.json",
        "text_encoder_2/model.fp16.safetensors",
        "unet/config.json",
        "unet/diffusion_pytorch_model.fp16.safetensors",
    ),
)
SDXL_VAE_FP16_FIX = WeightSpec(
    repo_id="madebyollin/sdxl-vae-fp16-fix",
    revision="207b116dae70ace3637169f1ddd2434b91b3a8cd",
    allow_patterns=("config.json", "diffusion_pytorch_model.safetensors"),
)

PRESET_DEFAULTS = {
    "tiny": {"steps": 4, "size": 64, "multiple": 8},
    "real": {"steps": 30, "size": 1024, "multiple": 64},
}
DEFAULT_OPTIONS: dict[str, Any] = {
    "nvqg_lambda": 1.0,  # 0: plain swap-CFG; 1: the negative is the NVQ prediction alone
    "layers": "default",  # "default" (last 6 up-block self-attn layers), "wide" (last 16), or a list
    "swap_step_range": (0.0, 1.0),  # fraction of the denoising steps where the swap (and NVQG) apply
    "calibration_window": (100, 150),  # timesteps t (of 1000) where x0 is AdaIN-calibrated
    "num_images": 1,
    "strength": 0.6,  # with a source image: how far it is re-noised
    "reference_prompt": "",  # the text condition of the reference's row; the turn runner passes the style image's caption
}


def byte_level_clip_tokenizer(pad_token: str | None = None):
    """A CLIPTokenizer over the 256 byte-level characters (+ `</w>` forms), no hub files."""
    from transformers import CLIPTokenizer

    printable = [*range(ord("!"), ord("~") + 1), *range(ord("¡"), ord("¬") + 1), *range(ord("®"), ord("ÿ") + 1)]
    extra = [b for b in range(256) if b not in printable]
    chars = [chr(c) for c in printable] + [chr(256 + k) for k in range(len(extra))]
    vocab = {c: i for i, c in enumerate(chars)}
    vocab.update({c + "</w>": len(chars) + i for i, c in enumerate(chars)})
    vocab["<|startoftext|>"] = len(vocab)
    vocab["<|endoftext|>"] = len(vocab)
    kwargs = {"pad_token": pad_token} if pad_token else {}
    return CLIPTokenizer(vocab=vocab, merges=[], model_max_length=77, **kwargs)


def build_tiny_pipeline():
    """SDXL's classes with tiny configs and seeded random weights. The UNet keeps SDXL's block
    layout (DownBlock2D + two CrossAttn blocks, transformer depths 1/2/3) so the up-block
    self-attention names match SDXL's: the default six are `up_blocks.1...attn1` as in SDXL."""
    from diffusers import AutoencoderKL, DDIMScheduler, StableDiffusionXLPipeline, UNet2DConditionModel
    from transformers import CLIPTextConfig, CLIPTextModel, CLIPTextModelWithProjection

    tokenizer, tokenizer_2 = byte_level_clip_tokenizer(), byte_level_clip_tokenizer(pad_token="!")
    te_config = CLIPTextConfig(
        vocab_size=len(tokenizer), hidden_size=32, intermediate_size=37, num_hidden_layers=2,
        num_attention_heads=4, max_position_embeddings=77, projection_dim=32, hidden_act="gelu",
        bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id, pad_token_id=tokenizer.pad_token_id,
    )
    torch.manual_seed(0)
    unet = UNet2DConditionModel(
        sample_size=8, in_channels=4, out_channels=4, layers_per_block=2,
        block_out_channels=(8, 16, 32),
        down_block_types=("DownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D"),
        up_block_types=("CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "UpBlock2D"),
        attention_head_dim=(1, 2, 4), transformer_layers_per_block=(1, 2, 3), use_linear_projection=True,
        addition_embed_type="text_time", addition_time_embed_dim=8, projection_class_embeddings_input_dim=80,
        cross_attention_dim=64, norm_num_groups=4,
    )
    torch.manual_seed(0)
    vae = AutoencoderKL(
        in_channels=3, out_channels=3, latent_channels=4, block_out_channels=(8, 16, 16, 16),
        down_block_types=("DownEncoderBlock2D",) * 4, up_block_types=("UpDecoderBlock2D",) * 4,
        layers_per_block=1, norm_num_groups=4, sample_size=64, scaling_factor=0.13025, force_upcast=False,
    )
    torch.manual_seed(0)
    text_encoder = CLIPTextModel(te_config)
    torch.manual_seed(0)
    text_encoder_2 = CLIPTextModelWithProjection(te_config)
    scheduler = DDIMScheduler(
        num_train_timesteps=1000, beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear",
        clip_sample=False, set_alpha_to_one=False, steps_offset=1, timestep_spacing="leading",
    )
    pipe = StableDiffusionXLPipeline(
        vae=vae, text_encoder=text_encoder, text_encoder_2=text_encoder_2, tokenizer=tokenizer,
        tokenizer_2=tokenizer_2, unet=unet, scheduler=scheduler, force_zeros_for_empty_prompt=True,
        add_watermarker=False,
    )
    pipe.set_progress_bar_config(disable=True)
    return pipe


def build_real_pipeline(device: str, dtype: torch.dtype):
    """SDXL base 1.0 (fp16 files) + the fp16-fix VAE from the local cache, DDIM scheduler."""
    from diffusers import AutoencoderKL, DDIMScheduler, StableDiffusionXLPipeline

    from tools.hub import require_local

    base = require_local(SDXL_BASE, "stylekeeper")
    vae_dir = require_local(SDXL_VAE_FP16_FIX, "stylekeeper")
    vae = AutoencoderKL.from_pretrained(vae_dir, dtype=dtype, use_safetensors=True)
    scheduler = DDIMScheduler.from_pretrained(base, subfolder="scheduler")
    pipe = StableDiffusionXLPipeline.from_pretrained(
        base, vae=vae, scheduler=scheduler, dtype=dtype, variant="fp16", use_safetensors=True,
        add_watermarker=False,
    )
    pipe.set_progress_bar_config(disable=True)
    return pipe.to(device)


_DTYPES = {"bf16": torch.bfloat16, "bfloat16": torch.bfloat16, "fp16": torch.float16,
           "float16": torch.float16, "fp32": torch.float32, "float32": torch.float32}


class StyleKeeperBackend(Backend):
    """The `style` tool: StyleKeeper (swapped self-attention + NVQG + colour calibration) on SDXL."""

    name = "stylekeeper"
    tools = frozenset({"style"})
    option_names = frozenset(DEFAULT_OPTIONS)
    captions_reference = True  # the turn runner passes the style image's caption as options["reference_prompt"]

    def __init__(self, preset: str = "tiny", device: str | None = None, dtype: str | None = None):
        if preset not in PRESET_DEFAULTS:
            raise BadInputError(f"preset {preset!r}: use 'tiny' or 'real'")
        super().__init__(preset, device, dtype)
        self._pipe = None
        self._lock = threading.Lock()  # one run at a time per instance: the pipeline is shared state

    # -- catalogue --------------------------------------------------------------------------
    def model_ids(self) -> dict[str, str]:
        if self.preset == "tiny":
            return {"stylekeeper-sdxl": "tiny-random"}
        return {s.repo_id: s.revision for s in self.pull_specs()}

    def pull_specs(self) -> list[WeightSpec]:
        return [SDXL_BASE, SDXL_VAE_FP16_FIX]

    # -- loading ----------------------------------------------------------------------------
    def _torch_dtype(self) -> torch.dtype:
        default = "fp32" if self.preset == "tiny" else "bf16"
        key = (self.dtype or default).lower()
        if key not in _DTYPES:
            raise BadInputError(f"dtype {self.dtype!r}: use one of {sorted(_DTYPES)}")
        return _DTYPES[key]

    def pipeline(self):
        """The cached pipeline, built on first use."""
        if self._pipe is None:
            if self.preset == "tiny":
                pipe, dtype = build_tiny_pipeline().to(self.device or "cpu"), self._torch_dtype()
                self._pipe = pipe if dtype == torch.float32 else pipe.to(dtype=dtype)
            else:
                self._pipe = build_real_pipeline(self.device or "cuda", self._torch_dtype())
        return self._pipe

    # -- running ----------------------------------------------------------------------------
    def _resolve(self, request: BackendRequest) -> dict[str, Any]:
        if request.tool != "style":
            raise BadInputError(f"the stylekeeper backend runs the 'style' tool, not {request.tool!r}")
        if not request.references:
            raise BadInputError("style needs a style image: pass it as references[0]")
        unknown = set(request.options) - self.option_names  # the same list the turn runner checks first
        if unknown:
            raise BadInputError(f"unknown stylekeeper options {sorted(unknown)}; known: {sorted(DEFAULT_OPTIONS)}")
        opts = {**DEFAULT_OPTIONS, **request.options}
        d = PRESET_DEFAULTS[self.preset]
        m = d["multiple"]
        width, height = request.width, request.height
        if request.source is not None and (width is None or height is None):
            sw, sh = request.source.size  # the source's size (or aspect, if one side is given)
            if width is None and height is None:
                width, height = max(m, round(sw / m) * m), max(m, round(sh / m) * m)
            elif width is None:
                width = max(m, round(height * sw / sh / m) * m)
            else:
                height = max(m, round(width * sh / sw / m) * m)
        width, height = width or d["size"], height or d["size"]
        if self.preset == "tiny" and request.width is None and request.height is None:
            # a large source must not make the tiny pipeline slow (asked-for sizes are the studio's to cap)
            width, height = tiny_size(width, height)
        if width % 8 or height % 8 or width <= 0 or height <= 0:
            raise BadInputError(f"width/height must be positive multiples of 8, got {width}x{height}")
        steps = request.steps if request.steps is not None else d["steps"]
        try:
            lam = float(opts["nvqg_lambda"])
            lo, hi = (float(v) for v in opts["swap_step_range"])
            c_lo, c_hi = (int(v) for v in opts["calibration_window"])
            n, strength = int(opts["num_images"]), float(opts["strength"])
        except (TypeError, ValueError) as exc:
            raise BadInputError(
                f"bad stylekeeper option ({exc}): nvqg_lambda, strength are numbers; swap_step_range is "
                "(start, end) fractions; calibration_window is (low_t, high_t); num_images an int"
            ) from exc
        checks = [
            (steps >= 1, f"steps must be >= 1, got {steps}"),
            (0.0 <= lam <= 1.0, f"options['nvqg_lambda'] must be in [0, 1], got {lam}"),
            (0.0 <= lo <= hi <= 1.0, f"options['swap_step_range'] must satisfy 0 <= start <= end <= 1, got {(lo, hi)}"),
            (c_lo <= c_hi, f"options['calibration_window'] must be (low_t, high_t), got {(c_lo, c_hi)}"),
            (1 <= n <= 16, f"options['num_images'] must be in 1..16, got {n}"),
            (0.0 < strength <= 1.0, f"options['strength'] must be in (0, 1], got {strength}"),
        ]
        for ok, msg in checks:
            if not ok:
                raise BadInputError(msg)
        guidance = DEFAULT_GUIDANCE if request.guidance is None else float(request.guidance)
        return dict(
            width=width, height=height, steps=steps, seed=int(request.seed), guidance=guidance, lam=lam,
            layers=opts["layers"], swap_step_range=(lo, hi), calibration_window=(c_lo, c_hi), num_images=n,
            strength=strength, reference_prompt=str(opts["reference_prompt"]),
        )

    def run(self, request: BackendRequest) -> BackendResult:
        args = self._resolve(request)
        with self._lock:
            images, used = stylekeeper_sample(
                self.pipeline(), request.references[0], request.prompt, source=request.source,
                on_step=request.on_step, check_cancelled=request.check_cancelled, **args,
            )
        recipe = {
            "tool": "style",
            "backend": self.name,
            "preset": self.preset,
            "models": self.model_ids(),
            "prompt": request.prompt,
            "reference_prompt": args["reference_prompt"],
            "seed": args["seed"],
            "steps": args["steps"],
            "steps_run": used["steps_run"],
            "width": args["width"],
            "height": args["height"],
            "guidance": args["guidance"],
            "nvqg_lambda": args["lam"],
            "layers": used["layers"],
            "swap_step_range": list(args["swap_step_range"]),
            "calibration_window": list(args["calibration_window"]),
            "strength": args["strength"] if request.source is not None else None,
            "num_images": args["num_images"],
            "scheduler": "DDIM",
            "eta": 0.0,
            "dtype": str(self._torch_dtype()).removeprefix("torch."),
        }
        return BackendResult(images=images, recipe=recipe)
