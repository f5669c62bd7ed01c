"""Time a DreamOmni2 edit: `FluxKontextMultiRefPipeline` against a plain hand-written Kontext loop.

What is timed (per configuration "source + N references", i.e. N + 1 input images, 1024x1024 each,
output 1024x1024, 28 steps, distilled guidance 3.5):

(a) pipeline: `FluxKontextMultiRefPipeline.__call__(..., output_type="latent")`: resizes and
    VAE-encodes the N + 1 inputs, builds ids, runs the 28 steps; no decode.
(b) plain: the loop diffusers' Kontext pipeline runs, written out by hand: `torch.cat([latents,
    image_latents])`, transformer call, `scheduler.step`; inputs already encoded (not timed).

Both get identical inputs: the same initial noise, text embeddings, image latents and rotary ids. The
ratio (a)/(b) measures what the pipeline adds on top of the unavoidable transformer work (including
its own input encoding). A VAE decode is timed once on its own.

Weights are random: the transformer has FLUX.1-Kontext-dev's configuration (19 double + 38 single
blocks, 24 heads x 128, joint dim 4096, pooled 768, rope axes 16/56/56, 64 input channels, guidance
embedding), built on the meta device and materialised directly on the GPU in bf16 (no CPU init of
12B parameters), filled with N(0, 0.02). The VAE has FLUX's configuration. The text encoders are not
built: T5 (1x512x4096) and CLIP-pooled (1x768) embeddings are random tensors of the right shapes.

    python benchmarks/gpu_dreamomni2.py --out results.json          # H100: real sizes, bf16, CUDA
    python benchmarks/gpu_dreamomni2.py --tiny --out tiny.json      # CPU: tiny configs, seconds

Imports only torch, diffusers, transformers, PIL, numpy and tools.* (no studio dependencies).
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import torch
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import diffusers  # noqa: E402
from diffusers import AutoencoderKL, FlowMatchEulerDiscreteScheduler, FluxTransformer2DModel  # noqa: E402
from diffusers.pipelines.flux.pipeline_flux_kontext import (  # noqa: E402
    FluxKontextPipeline,
    calculate_shift,
    retrieve_timesteps,
)

from tools.kontext_multiref import FluxKontextMultiRefPipeline  # noqa: E402
from tools.kontext_tiny import build_tiny_kontext_components, tiny_bucket  # noqa: E402

KONTEXT_TRANSFORMER_CONFIG = dict(
    patch_size=1,
    in_channels=64,
    num_layers=19,
    num_single_layers=38,
    attention_head_dim=128,
    num_attention_heads=24,
    joint_attention_dim=4096,
    pooled_projection_dim=768,
    guidance_embeds=True,
    axes_dims_rope=(16, 56, 56),
)
FLUX_VAE_CONFIG = dict(
    in_channels=3,
    out_channels=3,
    down_block_types=("DownEncoderBlock2D",) * 4,
    up_block_types=("UpDecoderBlock2D",) * 4,
    block_out_channels=(128, 256, 512, 512),
    layers_per_block=2,
    latent_channels=16,
    norm_num_groups=32,
    sample_size=1024,
    scaling_factor=0.3611,
    shift_factor=0.1159,
    use_quant_conv=False,
    use_post_quant_conv=False,
)
FLUX_SCHEDULER_CONFIG = dict(
    num_train_timesteps=1000,
    shift=3.0,
    use_dynamic_shifting=True,
    base_shift=0.5,
    max_shift=1.15,
    base_image_seq_len=256,
    max_image_seq_len=4096,
)


# --------------------------------------------------------------------------------------------------
# Models
# --------------------------------------------------------------------------------------------------


def random_init_on(module_factory, device: torch.device, dtype: torch.dtype) -> torch.nn.Module:
    """Build on the meta device, materialise on `device` in `dtype`, fill with small random values."""
    with torch.device("meta"):
        module = module_factory()
    module = module.to(dtype=dtype).to_empty(device=device)
    generator = torch.Generator(device=device).manual_seed(0)
    with torch.no_grad():
        for name, param in module.named_parameters():
            if param.ndim >= 2:
                param.normal_(0.0, 0.02, generator=generator)
            elif "norm" in name and name.endswith("weight"):
                param.fill_(1.0)
            else:
                param.zero_()
    if any(True for _ in module.buffers()):
        raise RuntimeError("random_init_on does not initialise buffers; this module has some")
    return module.eval()


def build_real_pipeline(device: torch.device, dtype: torch.dtype) -> FluxKontextMultiRefPipeline:
    transformer = random_init_on(lambda: FluxTransformer2DModel(**KONTEXT_TRANSFORMER_CONFIG), device, dtype)
    with torch.device(device):
        vae = AutoencoderKL(**FLUX_VAE_CONFIG)
    vae = vae.to(dtype=dtype).eval()
    pipe = FluxKontextMultiRefPipeline(
        scheduler=FlowMatchEulerDiscreteScheduler(**FLUX_SCHEDULER_CONFIG),
        vae=vae,
        text_encoder=None,
        tokenizer=None,
        text_encoder_2=None,
        tokenizer_2=None,
        transformer=transformer,
    )
    pipe.set_progress_bar_config(disable=True)
    return pipe


def build_tiny_pipeline() -> FluxKontextMultiRefPipeline:
    components = build_tiny_kontext_components(seed=0)
    for name in ("text_encoder", "tokenizer", "text_encoder_2", "tokenizer_2"):
        components[name] = None
    components["scheduler"] = FlowMatchEulerDiscreteScheduler(**FLUX_SCHEDULER_CONFIG)
    tiny_config = components["transformer"].config  # re-made through the real path's meta-device init
    components["transformer"] = random_init_on(
        lambda: FluxTransformer2DModel.from_config(tiny_config), torch.device("cpu"), torch.float32
    )
    pipe = FluxKontextMultiRefPipeline(**components)
    pipe.set_progress_bar_config(disable=True)
    return pipe


# --------------------------------------------------------------------------------------------------
# The plain loop (b)
# --------------------------------------------------------------------------------------------------


def plain_kontext_ids(target_grid, input_grids, device):
    """Rotary ids the way diffusers' Kontext builds them, extended by hand to several inputs."""
    ids = [FluxKontextPipeline._prepare_latent_image_ids(1, *target_grid, device, torch.float32)]
    offset = 0
    for i, (rows, cols) in enumerate(input_grids):
        image_ids = FluxKontextPipeline._prepare_latent_image_ids(1, rows, cols, device, torch.float32)
        image_ids[..., 0] = i + 1
        image_ids[..., 2] += offset
        offset += cols
        ids.append(image_ids)
    return torch.cat(ids, dim=0)


@torch.no_grad()
def plain_loop(transformer, scheduler, latents, image_latents, latent_ids, prompt_embeds, pooled, text_ids,
               steps: int, guidance_scale: float):
    device, dtype = latents.device, latents.dtype
    sigmas = np.linspace(1.0, 1 / steps, steps)
    mu = calculate_shift(
        latents.shape[1],
        scheduler.config.base_image_seq_len,
        scheduler.config.max_image_seq_len,
        scheduler.config.base_shift,
        scheduler.config.max_shift,
    )
    timesteps, _ = retrieve_timesteps(scheduler, steps, device, sigmas=sigmas, mu=mu)
    scheduler.set_begin_index(0)
    guidance = torch.full([latents.shape[0]], guidance_scale, device=device, dtype=torch.float32)
    for t in timesteps:
        noise_pred = transformer(
            hidden_states=torch.cat([latents, image_latents], dim=1),
            timestep=t.expand(latents.shape[0]).to(dtype) / 1000,
            guidance=guidance,
            pooled_projections=pooled,
            encoder_hidden_states=prompt_embeds,
            txt_ids=text_ids,
            img_ids=latent_ids,
            return_dict=False,
        )[0][:, : latents.shape[1]]
        latents = scheduler.step(noise_pred, t, latents, return_dict=False)[0]
    return latents


# --------------------------------------------------------------------------------------------------
# Timing
# --------------------------------------------------------------------------------------------------


def _sync(device):
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def _timed(fn, device):
    _sync(device)
    start = time.perf_counter()
    out = fn()
    _sync(device)
    return time.perf_counter() - start, out


def bench_config(pipe, device, dtype, refs: int, size: int, steps: int, repeats: int, warmup_steps: int,
                 text_shape, bucket_fn) -> dict:
    generator = torch.Generator().manual_seed(refs)
    images = [
        Image.fromarray((torch.rand(size, size, 3, generator=generator) * 255).to(torch.uint8).numpy())
        for _ in range(refs + 1)
    ]
    prompt_embeds = torch.randn(1, *text_shape[0], generator=generator).to(device, dtype)
    pooled = torch.randn(1, text_shape[1], generator=generator).to(device, dtype)
    text_ids = torch.zeros(prompt_embeds.shape[1], 3, device=device, dtype=dtype)
    channels = pipe.transformer.config.in_channels // 4
    lat = 2 * (size // (pipe.vae_scale_factor * 2))
    noise = torch.randn(1, channels, lat, lat, generator=generator).to(device, dtype)
    latents0 = pipe._pack_latents(noise, 1, channels, lat, lat)

    # Inputs of the plain loop, prepared outside its timing
    packed, _, grids = pipe.prepare_image_latents(images, 1, device, dtype, bucket_fn)
    image_latents = torch.cat(packed, dim=1)
    latent_ids = plain_kontext_ids((lat // 2, lat // 2), grids, device)
    plain_scheduler = FlowMatchEulerDiscreteScheduler.from_config(pipe.scheduler.config)

    def run_pipeline(n_steps):
        return pipe(
            images,
            prompt_embeds=prompt_embeds,
            pooled_prompt_embeds=pooled,
            latents=latents0,
            num_inference_steps=n_steps,
            guidance_scale=3.5,
            bucket_fn=bucket_fn,
            output_type="latent",
        ).images

    def run_plain(n_steps):
        return plain_loop(pipe.transformer, plain_scheduler, latents0, image_latents, latent_ids,
                          prompt_embeds, pooled, text_ids, n_steps, 3.5)

    run_pipeline(warmup_steps)
    run_plain(warmup_steps)
    syncs = {}
    if device.type == "cuda":  # host syncs per denoising step: (syncs of a 4-step call - of 2 steps) / 2
        for name, fn in (("pipeline", run_pipeline), ("plain", run_plain)):
            syncs[name] = (count_host_syncs(lambda: fn(4)) - count_host_syncs(lambda: fn(2))) / 2
    pipeline_times, plain_times = [], []
    for _ in range(repeats):  # interleaved so drifts (clocks, heat) hit both alike
        seconds, out_pipeline = _timed(lambda: run_pipeline(steps), device)
        pipeline_times.append(seconds)
        seconds, out_plain = _timed(lambda: run_plain(steps), device)
        plain_times.append(seconds)
    pipeline_s, plain_s = statistics.median(pipeline_times), statistics.median(plain_times)
    tokens_image = (refs + 2) * (lat // 2) ** 2
    return {
        "config": f"source + {refs} reference{'s' if refs != 1 else ''}",
        "references": refs,
        "input_images": refs + 1,
        "image_tokens": tokens_image,
        "text_tokens": int(prompt_embeds.shape[1]),
        "sequence_tokens": tokens_image + int(prompt_embeds.shape[1]),
        "steps": steps,
        "pipeline_s_per_turn": pipeline_s,
        "plain_s_per_turn": plain_s,
        "pipeline_s_per_step": pipeline_s / steps,
        "plain_s_per_step": plain_s / steps,
        "ratio_pipeline_over_plain": pipeline_s / plain_s,
        "pipeline_times": pipeline_times,
        "plain_times": plain_times,
        "host_syncs_per_step": syncs or "not measured (CPU)",
        "max_abs_diff_pipeline_vs_plain": float((out_pipeline.float() - out_plain.float()).abs().max()),
    }


def count_host_syncs(fn) -> int:
    """How many synchronizing CUDA calls `fn` makes (torch's sync debug mode, counted as warnings)."""
    torch.cuda.synchronize()
    torch.cuda.set_sync_debug_mode("warn")
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fn()
    finally:
        torch.cuda.set_sync_debug_mode("default")
    return sum("synchroniz" in str(w.message) for w in caught)


def time_decode(pipe, device, dtype, size) -> float:
    lat = size // pipe.vae_scale_factor
    z = torch.randn(1, pipe.vae.config.latent_channels, lat, lat, device=device, dtype=dtype)
    with torch.no_grad():
        pipe.vae.decode(z, return_dict=False)  # warm-up
        seconds, _ = _timed(lambda: pipe.vae.decode(z, return_dict=False), device)
    return seconds


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tiny", action="store_true", help="tiny configs on CPU (a smoke test of this script)")
    parser.add_argument("--out", type=Path, default=None, help="write the results as JSON here")
    parser.add_argument("--refs", default="1,2", help="reference counts N to time (source + N), e.g. 1,2")
    parser.add_argument("--steps", type=int, default=None, help="denoising steps (default 28; tiny 4)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--warmup-steps", type=int, default=2)
    args = parser.parse_args(argv)

    refs_list = [int(r) for r in args.refs.split(",") if r.strip()]
    started = time.perf_counter()
    if args.tiny:
        device, dtype, size = torch.device("cpu"), torch.float32, 32
        steps = args.steps or 4
        pipe = build_tiny_pipeline()
        text_shape = ((32, 32), 32)
        bucket_fn = tiny_bucket
    else:
        if not torch.cuda.is_available():
            print("no CUDA device: run with --tiny on a CPU", file=sys.stderr)
            return 2
        device, dtype, size = torch.device("cuda"), torch.bfloat16, 1024
        steps = args.steps or 28
        pipe = build_real_pipeline(device, dtype)
        text_shape = ((512, 4096), 768)
        bucket_fn = None  # the Kontext buckets: 1024x1024 stays 1024x1024
    build_s = time.perf_counter() - started

    report = {
        "device": torch.cuda.get_device_name(device) if device.type == "cuda" else platform.processor() or "cpu",
        "preset": "tiny" if args.tiny else "real-size random weights",
        "dtype": str(dtype).replace("torch.", ""),
        "torch": torch.__version__,
        "diffusers": diffusers.__version__,
        "size": size,
        "steps": steps,
        "repeats": args.repeats,
        "statistic": f"median of {args.repeats} after a {args.warmup_steps}-step warm-up of each path",
        "text_embeddings": "random tensors of T5 (512x4096) / CLIP pooled (768) shape; no text encoders built"
        if not args.tiny
        else "random tensors (tiny shapes)",
        "build_seconds": build_s,
        "results": [],
    }
    for refs in refs_list:
        result = bench_config(pipe, device, dtype, refs, size, steps, args.repeats, args.warmup_steps,
                              text_shape, bucket_fn)
        report["results"].append(result)
        print(
            f"{result['config']:<24} tokens {result['sequence_tokens']:>6}  "
            f"pipeline {result['pipeline_s_per_step']:.4f} s/step {result['pipeline_s_per_turn']:.3f} s/turn  "
            f"plain {result['plain_s_per_step']:.4f} s/step {result['plain_s_per_turn']:.3f} s/turn  "
            f"ratio {result['ratio_pipeline_over_plain']:.4f}  max|diff| {result['max_abs_diff_pipeline_vs_plain']:.2e}",
            flush=True,
        )
        if args.out:  # after every configuration, so a cut-off run keeps what it measured
            args.out.write_text(json.dumps(report, indent=2))
    report["vae_decode_s"] = time_decode(pipe, device, dtype, size)
    if device.type == "cuda":
        report["peak_memory_gib"] = torch.cuda.max_memory_allocated(device) / 2**30
    report["total_seconds"] = time.perf_counter() - started
    print(f"VAE decode {report['vae_decode_s']:.3f} s; total {report['total_seconds']:.1f} s", flush=True)
    if args.out:
        args.out.write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
