"""Pixels <-> image codes for Lumina-DiMOO: the VQ tokenizer (diffusers ``VQModel``), size buckets
and the user mask on the 16-px token grid."""

from __future__ import annotations

import numpy as np
import torch
from PIL import Image

PATCH = 16  # the VQ tokenizer downsamples 16x: one token per 16x16 pixels


def tiny_vq_config(codebook_size: int) -> dict:
    """A tiny VQModel with the real one's structure (5 levels -> 16x downsampling, codebook lookup)."""
    return dict(
        in_channels=3,
        out_channels=3,
        down_block_types=("DownEncoderBlock2D",) * 5,
        up_block_types=("UpDecoderBlock2D",) * 5,
        block_out_channels=(8, 8, 8, 8, 8),
        layers_per_block=1,
        latent_channels=4,
        num_vq_embeddings=codebook_size,
        vq_embed_dim=4,
        norm_num_groups=4,
        mid_block_add_attention=False,
        lookup_from_codebook=True,
    )


def vq_scale(vq) -> int:
    return 2 ** (len(vq.config.block_out_channels) - 1)


@torch.no_grad()
def encode_codes(vq, image: Image.Image) -> torch.Tensor:
    """Codes (rows, cols) of an RGB image whose sides are multiples of 16. Pixels go in as [0, 1]
    (the authors' VaeImageProcessor(do_normalize=False))."""
    w, h = image.size
    if w % PATCH or h % PATCH:
        raise ValueError(f"image size {w}x{h} is not a multiple of {PATCH}")
    p = next(vq.parameters())
    x = torch.from_numpy(np.asarray(image.convert("RGB"), dtype=np.float32) / 255.0)
    x = x.permute(2, 0, 1)[None].to(device=p.device, dtype=p.dtype)
    latents = vq.encode(x).latents
    _, _, lh, lw = latents.shape
    indices = vq.quantize(latents)[2][2]
    return indices.reshape(lh, lw).long()


@torch.no_grad()
def decode_codes(vq, codes: torch.Tensor) -> Image.Image:
    """RGB image of a (rows, cols) grid of codes."""
    rows, cols = codes.shape
    p = next(vq.parameters())
    dim = vq.config.vq_embed_dim or vq.config.latent_channels
    out = vq.decode(codes.reshape(1, rows, cols).to(p.device), force_not_quantize=True, shape=(1, rows, cols, dim))
    arr = out.sample.float().clamp(0, 1)[0].permute(1, 2, 0).cpu().numpy()
    return Image.fromarray((arr * 255).round().astype(np.uint8), "RGB")


def crop_sizes(max_side: int, patch: int = 32, max_ratio: float = 4.0) -> list[tuple[int, int]]:
    """Candidate (w, h) with w·h ≤ max_side² in units of ``patch`` and aspect ≤ max_ratio
    (the authors' generate_crop_size_list)."""
    n = (max_side // patch) ** 2
    out, wp, hp = [], n, 1
    while wp > 0:
        if max(wp, hp) / min(wp, hp) <= max_ratio:
            out.append((wp * patch, hp * patch))
        if (hp + 1) * wp <= n:
            hp += 1
        else:
            wp -= 1
    return out


def area_bucket(size: tuple[int, int], max_side: int, patch: int = 32) -> tuple[int, int]:
    """The candidate whose aspect ratio best matches ``size`` (the authors' var_center_crop, top 1)."""
    w, h = size
    best = max(crop_sizes(max_side, patch), key=lambda c: min(c[0] / w, c[1] / h) / max(c[0] / w, c[1] / h))
    return best


def fit_to_bucket(image: Image.Image, max_side: int, patch: int = 32) -> Image.Image:
    """Resize to cover the bucket, then crop its centre (the authors crop at a random offset)."""
    cw, ch = area_bucket(image.size, max_side, patch)
    w, h = image.size
    scale = max(cw / w, ch / h)
    image = image.convert("RGB").resize((max(cw, round(w * scale)), max(ch, round(h * scale))), Image.BICUBIC)
    left = (image.size[0] - cw) // 2
    top = (image.size[1] - ch) // 2
    return image.crop((left, top, left + cw, top + ch))


def fit_multiple(size: tuple[int, int], max_area: int) -> tuple[int, int]:
    """Keep the aspect ratio, shrink to at most ``max_area`` pixels, round sides down to 16."""
    w, h = size
    s = min(1.0, (max_area / (w * h)) ** 0.5)
    return max(PATCH, int(w * s) // PATCH * PATCH), max(PATCH, int(h * s) // PATCH * PATCH)


def mask_to_grid(mask: Image.Image, rows: int, cols: int, threshold: int = 128) -> torch.Tensor:
    """Bool (rows, cols): a token is regenerated when ANY pixel of the mask that falls in its cell is
    white (value >= threshold). The mask may have any size; cell r, c covers the mask pixels
    [floor(r·H/rows), ceil((r+1)·H/rows)) x [floor(c·W/cols), ceil((c+1)·W/cols)), so no pixel the
    user marked is lost to resampling and no marked pixel is left unchangeable."""
    arr = np.asarray(mask.convert("L")) >= threshold
    h, w = arr.shape
    out = torch.zeros(rows, cols, dtype=torch.bool)
    for r in range(rows):
        y0, y1 = (r * h) // rows, -((-(r + 1) * h) // rows)
        band = arr[y0:y1]
        for c in range(cols):
            x0, x1 = (c * w) // cols, -((-(c + 1) * w) // cols)
            out[r, c] = bool(band[:, x0:x1].any())
    return out
