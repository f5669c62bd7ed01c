"""Multi-reference FLUX.1 Kontext: the image model behind DreamOmni2.

Stock `FluxKontextPipeline` conditions on one image. DreamOmni2 feeds any number of input images
(the source of an edit first, then the references) through the same transformer:

1. each input is resized (Lanczos) to the nearest Kontext aspect bucket, VAE-encoded, normalised
   ((z - shift) * scale) and packed into 2x2 tokens;
2. FLUX's rotary ids are (index, row, col) triples. The target (noise) tokens get (0, r, c); input i
   (0-based) gets (i + 1, r, c + offset_i) with offset_0 = 0 and offset_i the summed token widths of the
   earlier inputs. The index axis tells the images apart ("index encoding"); the width offset stops the
   model from copying pixels between images that would otherwise share positions ("position shift");
3. the transformer sees [target, input 1, input 2, ...] and only the target part of its prediction is
   used for the flow-matching Euler step.

The file reads top to bottom: bucket and id helpers (pure functions), the pipeline (`__call__` in
numbered steps). DreamOmni2's LoRA switching is in `tools/dreamomni2_loras.py`, the tiny components the tests
and the tiny preset build in `tools/kontext_tiny.py`. It imports only torch, numpy, PIL, diffusers,
transformers, safetensors, peft and tools.*.
"""

from __future__ import annotations

import math
from typing import Any, Callable, Sequence

import numpy as np
import torch
from diffusers import FluxKontextPipeline
from diffusers.pipelines.flux.pipeline_flux_kontext import (
    PREFERRED_KONTEXT_RESOLUTIONS,
    calculate_shift,
    retrieve_timesteps,
)
from diffusers.pipelines.flux.pipeline_output import FluxPipelineOutput
from diffusers.utils.torch_utils import randn_tensor
from PIL import Image

from tools.base import TurnCancelled

KONTEXT_REPO = "black-forest-labs/FLUX.1-Kontext-dev"

# --------------------------------------------------------------------------------------------------
# 1. Sizes and rotary ids (pure functions)
# --------------------------------------------------------------------------------------------------


def bucket_size(
    width: int,
    height: int,
    *,
    buckets: Sequence[tuple[int, int]] = PREFERRED_KONTEXT_RESOLUTIONS,
    target_area: int | None = None,
    multiple_of: int = 16,
) -> tuple[int, int]:
    """The (width, height) an input image of `width` x `height` is resized to.

    By default the Kontext bucket (from diffusers' `PREFERRED_KONTEXT_RESOLUTIONS`, ~1 megapixel,
    672x1568 ... 1568x672) whose aspect ratio is nearest, as `FluxKontextPipeline` picks it. With
    `target_area` (tiny models, tests) the aspect ratio is kept at about that many pixels instead.
    Both are floored to `multiple_of` (the VAE factor times the 2x2 packing: 16 for FLUX).
    """
    if width <= 0 or height <= 0:
        raise ValueError(f"image size must be positive, got {width}x{height}")
    aspect = width / height
    if target_area is None:
        _, w, h = min((abs(aspect - bw / bh), bw, bh) for bw, bh in buckets)
    else:
        w = math.sqrt(target_area * aspect)
        h = w / aspect
        w, h = round(w / multiple_of) * multiple_of, round(h / multiple_of) * multiple_of
    w = max(multiple_of, int(w) // multiple_of * multiple_of)
    h = max(multiple_of, int(h) // multiple_of * multiple_of)
    return w, h


AUTHORS_MAX_AREA = 1024 * 1024  # DreamOmni2Pipeline.__call__ re-scales every output to this many pixels


def output_size(width: int, height: int, max_area: int = AUTHORS_MAX_AREA, multiple_of: int = 16) -> tuple[int, int]:
    """The authors' output size for a requested `width` x `height`: the same aspect ratio at `max_area` pixels,
    each side rounded (Python's round) and then floored to `multiple_of`. Four of the 17 Kontext buckets come out
    16 px smaller (672x1568 -> 656x1552); a 512x512 request becomes 1024x1024."""
    aspect = width / height
    w, h = round(math.sqrt(max_area * aspect)), round(math.sqrt(max_area / aspect))
    return max(multiple_of, w // multiple_of * multiple_of), max(multiple_of, h // multiple_of * multiple_of)


def _grid_ids(index: float, rows: int, cols: int, col_offset: int, dtype) -> torch.Tensor:
    ids = torch.zeros(rows, cols, 3, dtype=dtype)
    ids[..., 0] = index
    ids[..., 1] = torch.arange(rows, dtype=dtype)[:, None]
    ids[..., 2] = torch.arange(cols, dtype=dtype)[None, :] + col_offset
    return ids.reshape(rows * cols, 3)


def multi_reference_ids(
    target_hw: tuple[int, int],
    input_hws: Sequence[tuple[int, int]],
    dtype: torch.dtype = torch.float32,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Rotary ids of the target tokens and of all input-image tokens, in sequence order.

    Sizes are packed token grids (rows, cols) = (latent height / 2, latent width / 2).
    Target token (r, c) -> (0, r, c). Input i (0-based) token (r, c) -> (i + 1, r, c + offset_i) with
    offset_0 = 0 and offset_i = sum of the token widths of inputs 0 .. i-1.
    Returns (target_ids [Ht*Wt, 3], image_ids [sum Hi*Wi, 3]); image_ids is empty (0, 3) without inputs.
    """
    target_ids = _grid_ids(0, target_hw[0], target_hw[1], 0, dtype)
    parts, offset = [], 0
    for i, (rows, cols) in enumerate(input_hws):
        parts.append(_grid_ids(i + 1, rows, cols, offset, dtype))
        offset += cols
    image_ids = torch.cat(parts, dim=0) if parts else torch.zeros(0, 3, dtype=dtype)
    return target_ids, image_ids


# --------------------------------------------------------------------------------------------------
# 2. The pipeline
# --------------------------------------------------------------------------------------------------


class FluxKontextMultiRefPipeline(FluxKontextPipeline):
    """`FluxKontextPipeline` with any number of input images (DreamOmni2's multi-image encoding).

    Loads like its parent (`from_pretrained`, or from components) and keeps its text encoding, VAE
    and LoRA loading; `__call__` is rewritten for a list of images.
    """

    def prepare_image_latents(
        self,
        images: Sequence[Image.Image],
        batch_size: int,
        device: torch.device,
        dtype: torch.dtype,
        bucket_fn: Callable[[int, int], tuple[int, int]] | None = None,
    ) -> tuple[list[torch.Tensor], list[tuple[int, int]], list[tuple[int, int]]]:
        """Resize, encode, normalise and pack each input once per call.

        Returns the packed latents per input ([batch, tokens, channels * 4]), each input's pixel size
        (width, height) after bucketing, and each one's token grid (rows, cols).
        """
        if bucket_fn is None:
            bucket_fn = lambda w, h: bucket_size(w, h, multiple_of=self.vae_scale_factor * 2)  # noqa: E731
        packed, pixel_sizes, grids = [], [], []
        for image in images:
            w, h = bucket_fn(*image.size)
            resized = image.convert("RGB").resize((w, h), Image.LANCZOS)
            pixels = self.image_processor.preprocess(resized, h, w).to(device=device, dtype=dtype)
            latents = self._encode_vae_image(pixels, generator=None)  # (z - shift) * scale, argmax
            channels, lat_h, lat_w = latents.shape[1:]
            latents = self._pack_latents(latents, 1, channels, lat_h, lat_w)
            packed.append(latents.expand(batch_size, -1, -1))
            pixel_sizes.append((w, h))
            grids.append((lat_h // 2, lat_w // 2))
        return packed, pixel_sizes, grids

    def check_multiref_inputs(self, images, prompt, prompt_embeds, pooled_prompt_embeds, task, height, width,
                              image_latents=None):
        if task not in ("edit", "generate"):
            raise ValueError(f"`task` must be 'edit' or 'generate', not {task!r}")
        if image_latents is not None:
            if images:
                raise ValueError("pass `images` or `image_latents`, not both")
            for i, z in enumerate(image_latents):
                if z.ndim != 4 or z.shape[0] != 1 or z.shape[2] % 2 or z.shape[3] % 2:
                    raise ValueError(f"`image_latents[{i}]` must be (1, C, h, w) with even h and w, got {tuple(z.shape)}")
        elif task == "edit" and not images:
            raise ValueError("`images` must hold the source image (first) for task='edit'")
        for i, image in enumerate(images):
            if not isinstance(image, Image.Image):
                raise ValueError(f"`images[{i}]` must be a PIL image, got {type(image).__name__}")
        if prompt is None and prompt_embeds is None:
            raise ValueError("pass `prompt` or `prompt_embeds`")
        if prompt_embeds is not None and pooled_prompt_embeds is None:
            raise ValueError("`pooled_prompt_embeds` must come with `prompt_embeds`")
        step = self.vae_scale_factor * 2
        for name, value in (("height", height), ("width", width)):
            if value is not None and (value <= 0 or value % step):
                raise ValueError(f"`{name}` must be a positive multiple of {step}, got {value}")

    @torch.no_grad()
    def __call__(
        self,
        images: Sequence[Image.Image] | None = None,
        prompt: str | list[str] | None = None,
        prompt_2: str | list[str] | None = None,
        *,
        task: str = "edit",
        height: int | None = None,
        width: int | None = None,
        num_inference_steps: int = 28,
        sigmas: list[float] | None = None,
        guidance_scale: float = 3.5,
        num_images_per_prompt: int = 1,
        generator: torch.Generator | None = None,
        latents: torch.Tensor | None = None,
        image_latents: Sequence[torch.Tensor] | None = None,
        prompt_embeds: torch.Tensor | None = None,
        pooled_prompt_embeds: torch.Tensor | None = None,
        output_type: str = "pil",
        return_dict: bool = True,
        joint_attention_kwargs: dict[str, Any] | None = None,
        callback_on_step_end: Callable | None = None,
        callback_on_step_end_tensor_inputs: Sequence[str] = ("latents",),
        max_sequence_length: int = 512,
        bucket_fn: Callable[[int, int], tuple[int, int]] | None = None,
        max_area: int | None = None,
        on_step: Callable[[int, int], None] | None = None,
        is_cancelled: Callable[[], bool] | None = None,
    ):
        """Edit (task="edit": `images[0]` is the source and sets the output size) or generate
        (task="generate": 1024x1024 unless `height`/`width` say otherwise) with `images` as inputs.

        `bucket_fn(w, h) -> (w, h)` sizes each input (default: the nearest Kontext bucket).
        `image_latents`: the inputs already VAE-encoded and normalised, (1, C, h, w) each, in place of `images`.
        `max_area`: re-scale the output size to that many pixels at its aspect ratio, as the authors' pipeline always
        does (`output_size`); None keeps `height`/`width` (or the default) as they are.
        `on_step(i, total)` is called after every step (1-based); `is_cancelled()` is checked before
        every step and raises `TurnCancelled`. `callback_on_step_end(pipe, i, t, tensors)` and
        `pipe._interrupt` work as in diffusers.
        """
        images = list(images or [])
        # 1. Check inputs
        self.check_multiref_inputs(images, prompt, prompt_embeds, pooled_prompt_embeds, task, height, width, image_latents)
        self._guidance_scale = guidance_scale
        self._joint_attention_kwargs = joint_attention_kwargs or {}
        self._current_timestep = None
        self._interrupt = False

        # 2. Encode the prompt
        device = self._execution_device
        if prompt_embeds is not None:
            batch_size = prompt_embeds.shape[0]
        else:
            batch_size = 1 if isinstance(prompt, str) else len(prompt)
        prompt_embeds, pooled_prompt_embeds, text_ids = self.encode_prompt(
            prompt=prompt,
            prompt_2=prompt_2,
            prompt_embeds=prompt_embeds,
            pooled_prompt_embeds=pooled_prompt_embeds,
            device=device,
            num_images_per_prompt=num_images_per_prompt,
            max_sequence_length=max_sequence_length,
            lora_scale=self._joint_attention_kwargs.get("scale"),
        )
        batch = batch_size * num_images_per_prompt
        dtype = prompt_embeds.dtype

        # 3. Encode the input images, once for the whole call
        if image_latents is not None:
            packed = [self._pack_latents(z.to(device, dtype), 1, *z.shape[1:]).expand(batch, -1, -1) for z in image_latents]
            grids = [(z.shape[2] // 2, z.shape[3] // 2) for z in image_latents]
            pixel_sizes = [(z.shape[3] * self.vae_scale_factor, z.shape[2] * self.vae_scale_factor) for z in image_latents]
            image_latents = packed
        else:
            image_latents, pixel_sizes, grids = self.prepare_image_latents(images, batch, device, dtype, bucket_fn)

        # 4. Output size and initial noise
        if height is None or width is None:
            if task == "edit":
                default_w, default_h = pixel_sizes[0]  # the source's bucket
            else:
                default_w = default_h = self.default_sample_size * self.vae_scale_factor  # 1024 for FLUX
            height, width = height or default_h, width or default_w
        if max_area is not None:
            width, height = output_size(int(width), int(height), max_area, self.vae_scale_factor * 2)
        channels = self.transformer.config.in_channels // 4
        lat_h = 2 * (int(height) // (self.vae_scale_factor * 2))
        lat_w = 2 * (int(width) // (self.vae_scale_factor * 2))
        if latents is None:
            shape = (batch, channels, lat_h, lat_w)
            noise = randn_tensor(shape, generator=generator, device=device, dtype=dtype)
            latents = self._pack_latents(noise, batch, channels, lat_h, lat_w)
        else:
            latents = latents.to(device=device, dtype=dtype)
        target_tokens = latents.shape[1]

        # 5. Rotary ids and the fixed part of the sequence: [target, input 1, input 2, ...]
        target_ids, image_ids = multi_reference_ids((lat_h // 2, lat_w // 2), grids)
        latent_ids = torch.cat([target_ids, image_ids], dim=0).to(device)  # float32: exact beyond 256
        model_input = torch.empty(
            (batch, target_tokens + image_ids.shape[0], latents.shape[2]), device=device, dtype=dtype
        )
        if image_latents:
            model_input[:, target_tokens:] = torch.cat(image_latents, dim=1)

        # 6. Timesteps: flow matching with FLUX's resolution-dependent shift
        sigmas = np.linspace(1.0, 1 / num_inference_steps, num_inference_steps) if sigmas is None else sigmas
        mu = calculate_shift(
            target_tokens,
            self.scheduler.config.get("base_image_seq_len", 256),
            self.scheduler.config.get("max_image_seq_len", 4096),
            self.scheduler.config.get("base_shift", 0.5),
            self.scheduler.config.get("max_shift", 1.15),
        )
        timesteps, num_inference_steps = retrieve_timesteps(
            self.scheduler, num_inference_steps, device, sigmas=sigmas, mu=mu
        )
        self._num_timesteps = len(timesteps)
        guidance = None
        if self.transformer.config.guidance_embeds:  # distilled guidance; true CFG stays off
            guidance = torch.full([batch], guidance_scale, device=device, dtype=torch.float32)

        # 7. Denoising loop (no host syncs inside: every tensor above is already on the device)
        self.scheduler.set_begin_index(0)
        total = len(timesteps)
        for i, t in enumerate(timesteps):
            if is_cancelled is not None and is_cancelled():
                raise TurnCancelled(f"cancelled before step {i + 1} of {total}")
            if self._interrupt:
                break
            self._current_timestep = t
            model_input[:, :target_tokens] = latents
            noise_pred = self.transformer(
                hidden_states=model_input,
                timestep=t.expand(batch).to(dtype) / 1000,
                guidance=guidance,
                pooled_projections=pooled_prompt_embeds,
                encoder_hidden_states=prompt_embeds,
                txt_ids=text_ids,
                img_ids=latent_ids,
                joint_attention_kwargs=self._joint_attention_kwargs,
                return_dict=False,
            )[0]
            noise_pred = noise_pred[:, :target_tokens]  # only the target part is denoised
            latents = self.scheduler.step(noise_pred, t, latents, return_dict=False)[0]

            if callback_on_step_end is not None:
                tensors = {"latents": latents, "prompt_embeds": prompt_embeds}
                outputs = callback_on_step_end(
                    self, i, t, {k: tensors[k] for k in callback_on_step_end_tensor_inputs}
                ) or {}
                latents = outputs.pop("latents", latents)
                prompt_embeds = outputs.pop("prompt_embeds", prompt_embeds)
            if on_step is not None:
                on_step(i + 1, total)
        self._current_timestep = None

        # 8. Decode
        if output_type == "latent":
            image = latents
        else:
            unpacked = self._unpack_latents(latents, height, width, self.vae_scale_factor)
            unpacked = unpacked / self.vae.config.scaling_factor + self.vae.config.shift_factor
            image = self.vae.decode(unpacked, return_dict=False)[0]
            image = self.image_processor.postprocess(image, output_type=output_type)
        self.maybe_free_model_hooks()
        if not return_dict:
            return (image,)
        return FluxPipelineOutput(images=image)
