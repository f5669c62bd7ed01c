"""The StyleKeeper denoising loop on an SDXL pipeline's components (DDIM, eta 0)."""

from __future__ import annotations

from typing import Callable, Sequence

import torch
from PIL import Image, ImageOps

from tools.stylekeeper.attention import SwapState, resolve_layers, swapped_attention
from tools.stylekeeper.functional import (
    RowLayout,
    build_layout,
    calibrated_ddim_step,
    guided_noise,
    predict_x0,
    reference_noise_seed,
    stochastic_reference_latent,
)

DEFAULT_GUIDANCE = 7.0


def _image_to_tensor(img: Image.Image, width: int, height: int) -> torch.Tensor:
    img = ImageOps.fit(img.convert("RGB"), (width, height), method=Image.Resampling.LANCZOS)
    data = torch.frombuffer(bytearray(img.tobytes()), dtype=torch.uint8).view(height, width, 3)
    return (data.permute(2, 0, 1).float() / 127.5 - 1.0).unsqueeze(0)


def encode_image(vae, img: Image.Image, width: int, height: int, device) -> torch.Tensor:
    x = _image_to_tensor(img, width, height).to(device=device, dtype=vae.dtype)
    z = vae.encode(x).latent_dist.mode().float()
    shift = getattr(vae.config, "shift_factor", None) or 0.0
    return (z - shift) * vae.config.scaling_factor


def decode_latents(vae, z: torch.Tensor) -> list[Image.Image]:
    shift = getattr(vae.config, "shift_factor", None) or 0.0
    x = vae.decode((z / vae.config.scaling_factor + shift).to(vae.dtype), return_dict=False)[0]
    x = ((x.float() / 2 + 0.5).clamp(0, 1) * 255).round().to(torch.uint8).permute(0, 2, 3, 1).cpu()
    return [Image.fromarray(a.numpy(), mode="RGB") for a in x]


def unet_forward(unet, latents, t, text, pooled, time_ids) -> torch.Tensor:
    dtype = unet.dtype
    out = unet(
        latents.to(dtype),
        t,
        encoder_hidden_states=text.to(dtype),
        added_cond_kwargs={"text_embeds": pooled.to(dtype), "time_ids": time_ids.to(dtype)},
        return_dict=False,
    )[0]
    return out.float()


def calibrates(t: int, window: tuple[int, int]) -> bool:
    """Whether step t is colour-calibrated: strictly inside the window, as the authors' 150 > t > 100 (at 30 steps t = 100
    is not)."""
    return window[0] < t < window[1]


def _alpha_prev(scheduler, t: int, alphas: torch.Tensor) -> torch.Tensor:
    """ᾱ of the timestep DDIM steps to from t (its `final_alpha_cumprod` past the start), as DDIMScheduler.step has it."""
    prev = t - scheduler.config.num_train_timesteps // scheduler.num_inference_steps
    return alphas[prev] if prev >= 0 else torch.as_tensor(scheduler.final_alpha_cumprod, dtype=torch.float32)


@torch.inference_mode()
def stylekeeper_sample(
    pipe,
    style_image: Image.Image,
    prompt: str,
    *,
    width: int,
    height: int,
    steps: int,
    seed: int,
    guidance: float = DEFAULT_GUIDANCE,
    lam: float = 1.0,
    layers: str | Sequence[int | str] = "default",
    swap_step_range: tuple[float, float] = (0.0, 1.0),
    calibration_window: tuple[int, int] = (100, 150),
    num_images: int = 1,
    source: Image.Image | None = None,
    strength: float = 0.6,
    reference_prompt: str = "",
    on_step: Callable[[int, int], None] = lambda i, n: None,
    check_cancelled: Callable[[], None] = lambda: None,
    observer: Callable[[dict], None] | None = None,
) -> tuple[list[Image.Image], dict]:
    """Run StyleKeeper on an SDXL pipeline's components; returns the images and what was used."""
    unet, vae, scheduler = pipe.unet, pipe.vae, pipe.scheduler
    device = unet.device
    layer_names = resolve_layers(unet, layers)
    n = num_images

    # 1. Text conditions: [reference prompt, prompt]; the null condition is zeros (SDXL's choice).
    pe, npe, ppe, nppe = pipe.encode_prompt(
        prompt=[reference_prompt, prompt], device=device, num_images_per_prompt=1, do_classifier_free_guidance=True
    )
    text = {"ref_c": pe[0], "ref_u": npe[0], "gen_c": pe[1], "gen_u": npe[0], "nvq": npe[0]}
    pooled = {"ref_c": ppe[0], "ref_u": nppe[0], "gen_c": ppe[1], "gen_u": nppe[0], "nvq": nppe[0]}
    time_ids = torch.tensor([[height, width, 0, 0, height, width]], device=device, dtype=torch.float32)

    # 2. Latents: style (z0 for stochastic encoding), initial noise or the noised source.
    scheduler.set_timesteps(steps, device=device)
    timesteps = [int(t) for t in scheduler.timesteps]
    alphas = scheduler.alphas_cumprod.to(torch.float32)
    z_style = encode_image(vae, style_image, width, height, device)
    gen = torch.Generator(device="cpu").manual_seed(int(seed))
    ref_gen = torch.Generator(device="cpu").manual_seed(reference_noise_seed(seed))
    lh, lw = z_style.shape[-2:]
    noise = torch.randn((n, z_style.shape[1], lh, lw), generator=gen, dtype=torch.float32).to(device)
    if source is not None:
        keep = max(1, min(int(round(steps * strength)), steps))
        timesteps = timesteps[steps - keep :]
        z_src = encode_image(vae, source, width, height, device)
        x = scheduler.add_noise(z_src.expand(n, -1, -1, -1), noise, torch.tensor([timesteps[0]] * n))
    else:
        x = noise * scheduler.init_noise_sigma
    total = len(timesteps)

    # 3. Denoising loop: one UNet batch per step for every branch.
    state = SwapState()
    batch_cache: dict[RowLayout, tuple[torch.Tensor, torch.Tensor, torch.Tensor]] = {}
    with swapped_attention(unet, layer_names, state):
        for i, t in enumerate(timesteps):
            check_cancelled()
            swap_on = swap_step_range[0] * total <= i < swap_step_range[1] * total
            layout = build_layout(n, with_uncond=lam < 1, with_nvq=lam > 0, swap=swap_on)
            if layout not in batch_cache:
                batch_cache[layout] = (
                    torch.stack([text[r] for r in layout.roles]),
                    torch.stack([pooled[r] for r in layout.roles]),
                    time_ids.expand(len(layout.roles), -1),
                )
            emb, pool, tid = batch_cache[layout]
            z_ref = stochastic_reference_latent(z_style, t, alphas, ref_gen)
            n_ref = sum(r.startswith("ref") for r in layout.roles)  # reference rows come first
            latents = torch.cat([z_ref] * n_ref + [x] * ((len(layout.roles) - n_ref) // n))
            state.layout = layout if swap_on else None
            out = unet_forward(unet, scheduler.scale_model_input(latents, t), t, emb, pool, tid)

            def part(role: str) -> torch.Tensor | None:
                rows = layout.rows(role)
                return out[rows] if rows else None

            if swap_on:
                eps = guided_noise(part("gen_c"), part("gen_u"), part("nvq"), guidance, lam)
            else:
                eps = guided_noise(part("gen_c"), part("gen_u"), None, guidance, 0.0)
            a_t, a_prev = alphas[t].to(device), _alpha_prev(scheduler, t, alphas).to(device)
            x0_ref = predict_x0(z_ref, out[:1], a_t)
            x0_raw = predict_x0(x, eps, a_t)
            calibrate = calibrates(t, calibration_window)
            x_prev, x0 = calibrated_ddim_step(x0_raw, eps, a_prev, x0_ref if calibrate else None)
            if observer is not None:
                observer(
                    {"i": i, "t": t, "layout": layout, "z_ref": z_ref, "x_t": x, "unet_out": out, "eps": eps,
                     "x0_ref": x0_ref, "x0_raw": x0_raw, "x0": x0, "calibrated": calibrate}
                )
            x = x_prev
            on_step(i + 1, total)
        images = decode_latents(vae, x)
    used = {"layers": [s.removesuffix(".processor") for s in layer_names], "steps_run": total}
    return images, used
