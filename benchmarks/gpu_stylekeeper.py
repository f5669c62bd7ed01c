"""Time StyleKeeper against plain SDXL, per image, on SDXL-sized models with random weights.

    python benchmarks/gpu_stylekeeper.py --out stylekeeper_bench.json          # CUDA, 1024², 10 steps
    python benchmarks/gpu_stylekeeper.py --tiny --out /tmp/sk_tiny.json        # CPU smoke test

What runs: a StableDiffusionXLPipeline whose UNet (the SDXL base 1.0 config below), both text
encoders (CLIP ViT-L/14 and OpenCLIP bigG/14 text towers) and VAE have the real sizes and random
weights, created directly on the GPU and cast to bf16. Every mode is timed end to end (prompt
encoding, denoising, VAE; StyleKeeper also VAE-encodes its style image):

    plain     diffusers' StableDiffusionXLPipeline, DDIM, CFG (UNet batch 2 per image)
    swap      StyleKeeper, λ = 0 (swap-CFG)          rows 2 + 2N
    nvqg      StyleKeeper, λ = 1 (default NVQG)      rows 2 + 2N
    nvqg-mix  StyleKeeper, λ = 0.5 (blend)           rows 2 + 3N

for num_images N in {1, 4}; one warm-up, then the median of --repeats runs, divided by N.
Imports only torch, diffusers, transformers, PIL, numpy and tools.stylekeeper / tools.base.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import torch
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from tools.stylekeeper import byte_level_clip_tokenizer, build_tiny_pipeline, stylekeeper_sample  # noqa: E402

# stabilityai/stable-diffusion-xl-base-1.0, unet/config.json (the fields that differ from defaults)
SDXL_UNET_CONFIG = dict(
    sample_size=128, in_channels=4, out_channels=4, layers_per_block=2,
    block_out_channels=(320, 640, 1280),
    down_block_types=("DownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D"),
    up_block_types=("CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "UpBlock2D"),
    attention_head_dim=(5, 10, 20), transformer_layers_per_block=(1, 2, 10), use_linear_projection=True,
    cross_attention_dim=2048, addition_embed_type="text_time", addition_time_embed_dim=256,
    projection_class_embeddings_input_dim=2816, norm_num_groups=32, norm_eps=1e-5,
)
SDXL_VAE_CONFIG = dict(
    in_channels=3, out_channels=3, latent_channels=4, block_out_channels=(128, 256, 512, 512),
    down_block_types=("DownEncoderBlock2D",) * 4, up_block_types=("UpDecoderBlock2D",) * 4,
    layers_per_block=2, norm_num_groups=32, sample_size=1024, scaling_factor=0.13025, force_upcast=False,
)
CLIP_L = dict(hidden_size=768, intermediate_size=3072, num_hidden_layers=12, num_attention_heads=12,
              projection_dim=768, hidden_act="quick_gelu")
CLIP_BIGG = dict(hidden_size=1280, intermediate_size=5120, num_hidden_layers=32, num_attention_heads=20,
                 projection_dim=1280, hidden_act="gelu")


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def build_sdxl_sized_pipeline(device: str, dtype: torch.dtype):
    from diffusers import AutoencoderKL, DDIMScheduler, StableDiffusionXLPipeline, UNet2DConditionModel
    from transformers import CLIPTextConfig, CLIPTextModel, CLIPTextModelWithProjection

    tok, tok2 = byte_level_clip_tokenizer(), byte_level_clip_tokenizer(pad_token="!")
    common = dict(vocab_size=49408, max_position_embeddings=77, bos_token_id=tok.bos_token_id,
                  eos_token_id=tok.eos_token_id, pad_token_id=tok.pad_token_id)
    torch.manual_seed(0)
    with torch.device(device):  # random init directly on the GPU (fast), then cast
        unet = UNet2DConditionModel(**SDXL_UNET_CONFIG).to(dtype)
        vae = AutoencoderKL(**SDXL_VAE_CONFIG).to(dtype)
        te = CLIPTextModel(CLIPTextConfig(**CLIP_L, **common)).to(dtype)
        te2 = CLIPTextModelWithProjection(CLIPTextConfig(**CLIP_BIGG, **common)).to(dtype)
    scheduler = DDIMScheduler(
        num_train_timesteps=1000, beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear",
        clip_sample=False, set_alpha_to_one=False, steps_offset=1, timestep_spacing="leading",
    )
    pipe = StableDiffusionXLPipeline(vae=vae, text_encoder=te, text_encoder_2=te2, tokenizer=tok, tokenizer_2=tok2,
                                     unet=unet, scheduler=scheduler, add_watermarker=False)
    pipe.set_progress_bar_config(disable=True)
    return pipe


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tiny", action="store_true", help="CPU smoke test with the tiny configs")
    ap.add_argument("--steps", type=int, default=None, help="denoising steps (default 10; tiny 2)")
    ap.add_argument("--size", type=int, default=None, help="image side (default 1024; tiny 64)")
    ap.add_argument("--repeats", type=int, default=None, help="timed runs per mode (default 3; tiny 1)")
    ap.add_argument("--num-images", type=int, nargs="+", default=[1, 4])
    ap.add_argument("--out", type=Path, default=None, help="write the results as JSON here")
    args = ap.parse_args()

    t_start = time.perf_counter()
    if args.tiny:
        device, dtype = "cpu", torch.float32
        torch.set_num_threads(1)  # tiny ops: one thread beats several fighting over shared cores
        steps, size, repeats = args.steps or 2, args.size or 64, args.repeats or 1
        pipe = build_tiny_pipeline()
    else:
        if not torch.cuda.is_available():
            log("no CUDA device: run with --tiny for the CPU smoke test")
            return 2
        device, dtype = "cuda", torch.bfloat16
        steps, size, repeats = args.steps or 10, args.size or 1024, args.repeats or 3
        log("building SDXL-sized pipeline (random weights, bf16, on cuda)")
        pipe = build_sdxl_sized_pipeline(device, dtype)
    log(f"pipeline ready in {time.perf_counter() - t_start:.1f}s; {size}x{size}, {steps} steps, device {device}")

    style = Image.fromarray((np.random.RandomState(0).rand(size, size, 3) * 255).astype("uint8"), mode="RGB")
    prompt = "a lighthouse at dusk"

    def sync() -> None:
        if device == "cuda":
            torch.cuda.synchronize()

    def run(mode: str, n: int) -> None:
        if mode == "plain":
            pipe(prompt, num_inference_steps=steps, guidance_scale=7.0, height=size, width=size,
                 num_images_per_prompt=n, generator=torch.Generator("cpu").manual_seed(0), output_type="pil")
        else:
            lam = {"swap": 0.0, "nvqg": 1.0, "nvqg-mix": 0.5}[mode]
            stylekeeper_sample(pipe, style, prompt, width=size, height=size, steps=steps, seed=0, guidance=7.0,
                               lam=lam, num_images=n)

    results = []
    for n in args.num_images:
        for mode in ("plain", "swap", "nvqg", "nvqg-mix"):
            run(mode, n)  # warm-up
            sync()
            times = []
            for _ in range(repeats):
                t0 = time.perf_counter()
                run(mode, n)
                sync()
                times.append(time.perf_counter() - t0)
            med = statistics.median(times)
            results.append({"mode": mode, "num_images": n, "seconds_per_run": med, "seconds_per_image": med / n,
                            "runs": times})
            log(f"{mode:9s} N={n}: {med:.3f}s per run, {med / n:.3f}s per image")

    plain = {r["num_images"]: r["seconds_per_image"] for r in results if r["mode"] == "plain"}
    for r in results:
        r["ratio_vs_plain"] = r["seconds_per_image"] / plain[r["num_images"]]
    print(f"\n{'mode':10s} {'N':>3s} {'s/image':>9s} {'x plain':>8s}", flush=True)
    for r in results:
        print(f"{r['mode']:10s} {r['num_images']:3d} {r['seconds_per_image']:9.3f} {r['ratio_vs_plain']:8.2f}",
              flush=True)
    report = {
        "device": torch.cuda.get_device_name() if device == "cuda" else "cpu",
        "dtype": str(dtype).removeprefix("torch."), "size": size, "steps": steps, "repeats": repeats,
        "torch": torch.__version__, "tiny": args.tiny, "results": results,
        "total_seconds": time.perf_counter() - t_start,
    }
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=2))
        log(f"wrote {args.out}")
    log(f"total {report['total_seconds']:.1f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
