"""Lumina-DiMOO sampling speed at the real 8B shape, uncached vs the Max Logit Cache.

Standalone: imports torch, numpy, PIL, tools.dimoo and tools.base only (diffusers optionally, for
the separate VQ-decode timing). Random bf16 weights are created directly on the GPU (meta device,
then ``to_empty`` and an in-place normal fill): no CPU initialisation of 8B parameters. Text prompt
tokens are random ids. VQ encode/decode are not part of the sampler timings.

    python benchmarks/gpu_dimoo.py --out dimoo_gpu.json          # H100: t2i 1024² + edit 512², 64 steps
    python benchmarks/gpu_dimoo.py --tiny --out /tmp/dimoo.json  # CPU smoke test of the same code path
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import torch  # noqa: E402

from tools.dimoo.model import REAL_CONFIG, LLaDAConfig, build_on_device, param_flops_per_position  # noqa: E402
from tools.dimoo.samplers import BRANCH_MODES, CacheSettings, cfg_three_way, cfg_two_way, sample_image  # noqa: E402
from tools.dimoo.tokens import REAL_TOKENS, DimooTokens, image_block, image_target  # noqa: E402

T0 = time.perf_counter()


def log(msg: str) -> None:
    print(f"[{time.perf_counter() - T0:7.1f}s] {msg}", flush=True)


def sync(device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize()


TEXT_HI = 120000  # random "text" ids stay below every special id


def random_text(n: int, gen: torch.Generator) -> list[int]:
    lo = 1000 if TEXT_HI > 2000 else 0
    return torch.randint(lo, TEXT_HI, (n,), generator=gen).tolist()


def t2i_job(tokens: DimooTokens, side: int, gen: torch.Generator, prompt_len: int):
    rows = cols = side // 16
    grid = torch.full((rows * cols,), tokens.mask, dtype=torch.long)
    target = image_target(grid.tolist(), rows, cols, tokens)
    cond, uncond = random_text(prompt_len, gen), random_text(24, gen)
    branches = [cond + target.ids, uncond + target.ids]
    positions = [[len(p) + o for o in target.grid_offsets] for p in (cond, uncond)]
    return branches, positions, grid, cfg_two_way(4.0)


def edit_job(tokens: DimooTokens, side: int, gen: torch.Generator, prompt_len: int):
    rows = cols = side // 16
    src_codes = torch.randint(0, tokens.codebook_size, (rows * cols,), generator=gen)
    block = image_block(tokens.code_to_id(src_codes).tolist(), rows, cols, tokens)  # stands in for VQ encode
    grid = torch.full((rows * cols,), tokens.mask, dtype=torch.long)
    target = image_target(grid.tolist(), rows, cols, tokens)
    text, untext = random_text(prompt_len, gen), random_text(40, gen)
    prefixes = [text[:-1] + block + text[-1:], untext[:-1] + block + untext[-1:], text]
    branches = [p + target.ids for p in prefixes]
    positions = [[len(p) + o for o in target.grid_offsets] for p in prefixes]
    return branches, positions, grid, cfg_three_way(2.5, 4.0)


BRANCHES = "auto"


def time_sampler(model, job, tokens, steps, cache: CacheSettings, device, label: str) -> dict:
    branches, positions, grid, guidance = job
    model.stats.reset()
    every = max(1, steps // 8)

    def progress(i, n):
        if i % every == 0 or i == n:
            log(f"  {label}: step {i}/{n}")

    sync(device)
    t = time.perf_counter()
    out = sample_image(model, branches, positions, grid, tokens, steps, guidance, temperature=1.0,
                       generator=torch.Generator(device=device).manual_seed(0), cache=cache, on_step=progress,
                       branch_mode=BRANCHES)
    sync(device)
    seconds = time.perf_counter() - t
    assert not bool((out == tokens.mask).any()), "sampler left MASK tokens"
    return dict(seconds=seconds, positions=model.stats.positions, full_passes=model.stats.full_passes,
                cached_passes=model.stats.cached_passes)


def compare(model, job, tokens, steps, cache: CacheSettings, device, name: str) -> dict:
    """Uncached vs cached on one job; if the chosen branch mode fails, retry once with "batched"."""
    global BRANCHES
    try:
        return dict(branch_mode=BRANCHES, **_compare(model, job, tokens, steps, cache, device, name))
    except Exception as exc:
        if BRANCHES == "batched":
            raise
        log(f"{name}: branch mode {BRANCHES!r} failed ({type(exc).__name__}: {exc}); retrying batched")
        failed, BRANCHES = BRANCHES, "batched"
        out = _compare(model, job, tokens, steps, cache, device, name)
        return dict(branch_mode="batched", failed_branch_mode=f"{failed}: {type(exc).__name__}: {exc}", **out)


def _compare(model, job, tokens, steps, cache: CacheSettings, device, name: str) -> dict:
    seq_lens = [len(b) for b in job[0]]
    log(f"{name}: branches {len(seq_lens)}, sequence lengths {seq_lens}, {len(job[2])} image tokens, {steps} steps")
    plain = time_sampler(model, job, tokens, steps, CacheSettings(enabled=False), device, f"{name} uncached")
    log(f"{name}: uncached {plain['seconds']:.2f} s")
    cached = time_sampler(model, job, tokens, steps, cache, device, f"{name} cached")
    log(f"{name}: cached {cached['seconds']:.2f} s")
    result = dict(
        sequence_lengths=seq_lens,
        image_tokens=len(job[2]),
        steps=steps,
        uncached_s=round(plain["seconds"], 3),
        cached_s=round(cached["seconds"], 3),
        speedup=round(plain["seconds"] / cached["seconds"], 3),
        positions_uncached=plain["positions"],
        positions_cached=cached["positions"],
        fraction_of_positions_computed=round(cached["positions"] / plain["positions"], 4),
        full_passes_cached=cached["full_passes"],
        cached_passes=cached["cached_passes"],
        block_flops_saved=round(1 - cached["positions"] / plain["positions"], 4),
    )
    log(f"{name}: speedup {result['speedup']:.2f}x, positions computed {result['fraction_of_positions_computed']:.1%}")
    return result


def time_vq_decode(device, side: int, tiny: bool) -> dict | None:
    """Decode a random code grid with an aMUSEd-VQ-shaped VQModel (random weights, float32)."""
    try:
        from diffusers import VQModel
    except Exception as exc:  # diffusers is optional here
        return {"skipped": f"diffusers not importable: {exc}"}
    if tiny:
        from tools.dimoo.images import tiny_vq_config

        cfg = tiny_vq_config(64)
    else:  # approximate aMUSEd VQ shape (the real config comes from the checkpoint's vqvae folder)
        cfg = dict(in_channels=3, out_channels=3, down_block_types=("DownEncoderBlock2D",) * 5,
                   up_block_types=("UpDecoderBlock2D",) * 5, block_out_channels=(128, 256, 256, 512, 768),
                   layers_per_block=2, latent_channels=64, num_vq_embeddings=8192, vq_embed_dim=64,
                   norm_num_groups=32, mid_block_add_attention=False, lookup_from_codebook=True)
    from tools.dimoo.images import decode_codes

    with torch.device(device):
        vq = VQModel(**cfg).eval()
    codes = torch.randint(0, cfg["num_vq_embeddings"], (side // 16, side // 16), device=device)
    decode_codes(vq, codes)
    sync(device)
    t = time.perf_counter()
    decode_codes(vq, codes)
    sync(device)
    out = {"side": side, "seconds": round(time.perf_counter() - t, 3), "config": "approximate aMUSEd VQ, random weights"}
    del vq
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--steps", type=int, default=64)
    ap.add_argument("--t2i-size", type=int, default=1024)
    ap.add_argument("--edit-size", type=int, default=512)
    ap.add_argument("--prompt-len", type=int, default=64)
    ap.add_argument("--warmup-ratio", type=float, default=0.3)
    ap.add_argument("--refresh-interval", type=int, default=5)
    ap.add_argument("--recompute-ratio", type=float, default=0.1)
    ap.add_argument("--branches", choices=BRANCH_MODES, default="auto",
                    help="how the CFG branches run (see tools.dimoo.samplers._Passes); auto = sampler default")
    ap.add_argument("--skip-edit", action="store_true")
    ap.add_argument("--skip-vq", action="store_true")
    ap.add_argument("--budget-s", type=float, default=140.0, help="skip remaining parts after this many seconds")
    ap.add_argument("--tiny", action="store_true", help="tiny config on CPU (smoke test)")
    ap.add_argument("--out", default=None, help="write the results as JSON here")
    args = ap.parse_args()
    global BRANCHES
    BRANCHES = args.branches

    if args.tiny:
        from tools.dimoo.tokens import ByteTokenizer, tiny_tokens

        device, dtype = torch.device("cpu"), torch.float32
        torch.set_num_threads(1)
        tokens = tiny_tokens(ByteTokenizer())
        global TEXT_HI
        TEXT_HI = 256
        cfg = LLaDAConfig(d_model=64, n_heads=4, n_kv_heads=4, n_layers=2, mlp_hidden_size=128,
                          vocab_size=tokens.vocab_size, rope_theta=10000.0)
        if args.t2i_size == 1024:
            args.t2i_size, args.edit_size = 64, 32
        if args.steps == 64:
            args.steps = 8
        args.prompt_len = min(args.prompt_len, 16)
    else:
        if not torch.cuda.is_available():
            print("no CUDA device: run with --tiny for the CPU smoke test", file=sys.stderr)
            return 2
        device, dtype, tokens, cfg = torch.device("cuda"), torch.bfloat16, REAL_TOKENS, REAL_CONFIG
    for side in (args.t2i_size, args.edit_size):
        if side % 16:
            ap.error(f"sizes must be multiples of 16, got {side}")

    results: dict = dict(
        device=torch.cuda.get_device_name(0) if device.type == "cuda" else platform.processor() or "cpu",
        torch=torch.__version__,
        dtype=str(dtype),
        config=cfg.__dict__,
        weights="random (normal std 0.02), built on the device",
        cache_settings=dict(warmup_ratio=args.warmup_ratio, refresh_interval=args.refresh_interval,
                            recompute_ratio=args.recompute_ratio),
        block_matmul_flops_per_position=param_flops_per_position(cfg),
        branches=args.branches,
        notes="Sampler only: VQ encode/decode excluded (VQ decode timed separately); prompt ids random.",
    )
    log(f"building {'tiny' if args.tiny else 'LLaDA-8B-shape'} model on {device} in {dtype}")
    model = build_on_device(cfg, device, dtype, seed=0)
    sync(device)
    results["build_s"] = round(time.perf_counter() - T0, 2)
    log(f"built ({sum(p.numel() for p in model.parameters()) / 1e9:.2f} B parameters)")
    cache = CacheSettings(enabled=True, warmup_ratio=args.warmup_ratio, refresh_interval=args.refresh_interval,
                          recompute_ratio=args.recompute_ratio)
    gen = torch.Generator().manual_seed(0)

    def write():
        if device.type == "cuda":
            results["peak_memory_gib"] = round(torch.cuda.max_memory_allocated() / 2**30, 2)
        results["total_s"] = round(time.perf_counter() - T0, 1)
        if args.out:
            with open(args.out, "w") as f:
                json.dump(results, f, indent=2)
            log(f"wrote {args.out}")

    # Warm-up: kernels, allocator, both passes (not timed).
    warm = t2i_job(tokens, min(args.t2i_size, 256), gen, args.prompt_len)
    warm_cache = CacheSettings(enabled=True, warmup_ratio=0.0, refresh_interval=2, recompute_ratio=args.recompute_ratio)
    try:
        time_sampler(model, warm, tokens, 4, warm_cache, device, "warm-up")
    except Exception as exc:
        if BRANCHES == "batched":
            raise
        results["failed_branch_mode"] = f"{BRANCHES}: {type(exc).__name__}: {exc}"
        log(f"warm-up: branch mode {BRANCHES!r} failed ({exc}); using 'batched'")
        BRANCHES = "batched"
        time_sampler(model, warm, tokens, 4, warm_cache, device, "warm-up")
    log("warm-up done")

    try:
        results["t2i"] = dict(size=args.t2i_size, **compare(model, t2i_job(tokens, args.t2i_size, gen, args.prompt_len),
                                                            tokens, args.steps, cache, device, f"t2i {args.t2i_size}²"))
        results["t2i"]["uncached_s_per_step"] = round(results["t2i"]["uncached_s"] / args.steps, 4)
        write()
        if not args.skip_edit:
            if time.perf_counter() - T0 > args.budget_s:
                results["edit"] = {"skipped": "time budget"}
            else:
                results["edit"] = dict(size=args.edit_size,
                                       **compare(model, edit_job(tokens, args.edit_size, gen, args.prompt_len), tokens,
                                                 args.steps, cache, device, f"edit {args.edit_size}²"))
            write()
        if not args.skip_vq:
            if time.perf_counter() - T0 > args.budget_s:
                results["vq_decode"] = {"skipped": "time budget"}
            else:
                del model
                if device.type == "cuda":
                    torch.cuda.empty_cache()
                log("timing VQ decode separately")
                results["vq_decode"] = time_vq_decode(device, args.t2i_size, args.tiny)
    except Exception as exc:  # keep what was measured
        results["error"] = f"{type(exc).__name__}: {exc}"
        log(f"error: {results['error']}")
        write()
        raise
    write()
    t2i = results.get("t2i", {})
    log(f"t2i: {t2i.get('uncached_s')} s -> {t2i.get('cached_s')} s per image ({t2i.get('speedup')}x)")
    if isinstance(results.get("edit"), dict) and "speedup" in results["edit"]:
        e = results["edit"]
        log(f"edit: {e['uncached_s']} s -> {e['cached_s']} s per image ({e['speedup']}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
