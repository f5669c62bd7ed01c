"""Time a whole studio edit turn (`Session.send`) against a plain diffusers Flux Kontext edit.

Both sides do the same work on the same random-weight, real-size FLUX Kontext transformer:

(a) studio: `session.send("edit image 1 using image 2 ...")`. It routes, loads the images from
    the store, runs the DreamOmni2 backend (multi-reference pipeline: VAE-encode the inputs,
    denoise, decode), encodes and hashes the PNG, and commits the turn to SQLite.
(b) plain: the same inputs VAE-encoded by the pipeline's own helper, then the hand-written Kontext
    loop from `gpu_dreamomni2.py`, a VAE decode and a conversion to PIL.

Random LoRAs of DreamOmni2's structure (edit, generation) are loaded; the studio activates the edit one,
and the plain loop runs on the same transformer with it active. Text embeddings are random tensors of the right shapes on both sides: the pipeline's
`encode_prompt` is replaced, so no T5 or CLIP is built.

The instruction model is not timed. The first turn stores a rewrite from a stand-in, and every
timed turn sends the same images and instruction, so the studio reuses the stored rewrite (no
VLM call), as it does in use.

    python benchmarks/gpu_studio_turn.py --out studio_turn.json    # CUDA, real sizes, bf16
    python benchmarks/gpu_studio_turn.py --tiny                    # CPU smoke test

On the GPU host this needs the studio's own dependencies: carry wheels of pydantic(-core),
SQLAlchemy, alembic, Mako, langgraph (+ langgraph-checkpoint, -checkpoint-sqlite, -sdk, -prebuilt,
langchain-core and their needs), ormsgpack, xxhash, typer, PyYAML and diffusers; see
benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import tempfile
from pathlib import Path

import torch
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from gpu_dreamomni2 import (  # noqa: E402
    _timed,
    build_real_pipeline,
    build_tiny_pipeline,
    plain_kontext_ids,
    plain_loop,
)
from diffusers import FlowMatchEulerDiscreteScheduler  # noqa: E402

from tools.dreamomni2_loras import load_loras, tiny_lora_state_dict  # noqa: E402
from tools.kontext_tiny import tiny_bucket  # noqa: E402


class StandInInstructionModel:
    """Answers like DreamOmni2's instruction model, in tags (its rewrite is then stored and reused)."""

    def chat(self, images, text, max_new_tokens, system=None, labels=None):
        return "<edit>make the first image's sky blue like the second image</edit>"


def png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tiny", action="store_true")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--steps", type=int, default=None)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)

    from studio import Studio
    from studio.config import Preset

    if args.tiny:
        device, dtype, size, steps = torch.device("cpu"), torch.float32, 32, args.steps or 4
        pipe, text_shape, bucket_fn, weights = build_tiny_pipeline(), ((32, 32), 32), tiny_bucket, "tiny"
    else:
        if not torch.cuda.is_available():
            print("no CUDA device: use --tiny", file=sys.stderr)
            return 2
        device, dtype, size, steps = torch.device("cuda"), torch.bfloat16, 1024, args.steps or 28
        pipe, text_shape, bucket_fn, weights = build_real_pipeline(device, dtype), ((512, 4096), 768), None, "real"

    generator = torch.Generator().manual_seed(0)
    prompt_embeds = torch.randn(1, *text_shape[0], generator=generator).to(device, dtype)
    pooled = torch.randn(1, text_shape[1], generator=generator).to(device, dtype)
    text_ids = torch.zeros(prompt_embeds.shape[1], 3, device=device, dtype=dtype)
    pipe.encode_prompt = lambda *a, **k: (prompt_embeds, pooled, text_ids)  # random text, both sides
    # DreamOmni2's two adapters, random, of rank 16 on the attention projections; the active one is
    # active for the plain loop too (same transformer module), so both sides pay for it
    load_loras(pipe, {name: tiny_lora_state_dict(pipe.transformer, seed=i + 1, rank=16, scale=0.01)
                      for i, name in enumerate(("edit", "generation"))})
    images = [Image.fromarray((torch.rand(size, size, 3, generator=generator) * 255).to(torch.uint8).numpy())
              for _ in range(2)]

    # (a) the studio: a preset whose edit backend is DreamOmni2 holding this pipeline
    home = tempfile.mkdtemp(prefix="studio-bench-")
    preset = Preset(name="bench", weights=weights, device=device.type,
                    tools={"generate": "dreamomni2", "edit": "dreamomni2", "style": "dreamomni2",
                           "inpaint": "dreamomni2", "describe": "qwen-vl"})
    studio = Studio.open(home, preset=preset)
    backend = studio.backends.get("dreamomni2")
    backend._pipe, backend._vlm = pipe, StandInInstructionModel()
    session = studio.new_session("bench")
    session.send("these are my photos", images=[png(im) for im in images])
    text = "edit image 1 using image 2: make the sky blue like the second picture"
    session.send(text, steps=2, seed=0)  # warm-up; stores the rewrite that the timed turns reuse

    # (b) plain: encode, loop, decode
    scheduler = FlowMatchEulerDiscreteScheduler.from_config(pipe.scheduler.config)
    channels = pipe.transformer.config.in_channels // 4
    lat = 2 * (size // (pipe.vae_scale_factor * 2))

    def plain_turn(n_steps: int) -> Image.Image:
        with torch.inference_mode():
            packed, _, grids = pipe.prepare_image_latents(images, 1, device, dtype, bucket_fn)
            image_latents = torch.cat(packed, dim=1)
            latent_ids = plain_kontext_ids((lat // 2, lat // 2), grids, device)
            noise = torch.randn(1, channels, lat, lat, generator=torch.Generator().manual_seed(0)).to(device, dtype)
            latents = pipe._pack_latents(noise, 1, channels, lat, lat)
            latents = plain_loop(pipe.transformer, scheduler, latents, image_latents, latent_ids,
                                 prompt_embeds, pooled, text_ids, n_steps, 3.5)
            latents = pipe._unpack_latents(latents, size, size, pipe.vae_scale_factor)
            latents = latents / pipe.vae.config.scaling_factor + pipe.vae.config.shift_factor
            decoded = pipe.vae.decode(latents, return_dict=False)[0]
            return pipe.image_processor.postprocess(decoded, output_type="pil")[0]

    plain_turn(2)
    studio_times, plain_times, backend_times = [], [], []
    for i in range(args.repeats):  # interleaved so clock drift hits both alike
        seconds, reply = _timed(lambda: session.send(text, steps=steps, seed=i + 1), device)
        assert reply.tool == "edit" and [r.handle for r in reply.inputs] == [1, 2], reply
        assert reply.images[0].recipe["rewrite_reused"] is True
        studio_times.append(seconds)
        backend_times.append(studio.store.tool_run_seconds(reply.turn.id))
        seconds, _ = _timed(lambda: plain_turn(steps), device)
        plain_times.append(seconds)
    studio.close()

    studio_s, plain_s = statistics.median(studio_times), statistics.median(plain_times)
    report = {
        "device": torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu",
        "dtype": str(dtype).replace("torch.", ""),
        "torch": torch.__version__,
        "size": size,
        "steps": steps,
        "inputs": "source + 1 reference",
        "statistic": f"median of {args.repeats}",
        "studio_s_per_turn": studio_s,
        "plain_s_per_turn": plain_s,
        "studio_s_per_step": studio_s / steps,
        "plain_s_per_step": plain_s / steps,
        "ratio_studio_over_plain": studio_s / plain_s,
        "studio_backend_s_median": statistics.median(backend_times),
        "studio_times": studio_times,
        "plain_times": plain_times,
    }
    print(f"studio {studio_s:.3f} s/turn ({studio_s / steps:.4f} s/step)  plain {plain_s:.3f} s/turn "
          f"({plain_s / steps:.4f} s/step)  ratio {studio_s / plain_s:.4f}", flush=True)
    if args.out:
        args.out.write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
