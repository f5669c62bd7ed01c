"""Samplers of Lumina-DiMOO: masked image decoding (with the Max Logit Cache) and block text decoding.

Each piece is a small function so tests can check it alone:

* ``cosine_remaining``   — how many image tokens stay masked after step t (MaskGIT cosine schedule).
* ``still_masked``       — that count, clamped so every step commits at least one token (the authors' rule).
* ``gumbel_sample``      — Gumbel-max sampling at temperature τ plus the sampled token's probability.
* ``choose_remask``      — the least confident (log p + τ·fresh Gumbel) positions to re-mask.
* ``cfg_two_way`` / ``cfg_three_way`` — classifier-free guidance on the masked positions' logits.
* ``CacheSettings``      — which steps are full passes and what share is recomputed otherwise.
* ``select_recompute``   — the positions a cached step recomputes (lowest max logit per branch).
* ``sample_image``       — the whole loop for t2i, edit/style/subject and inpaint.
* ``sample_text``        — semi-autoregressive block decoding for image understanding.

The loop follows the authors' generators (generators/image_generation_generator.py,
image_to_image_generator.py, text_understanding_generator.py; see docs/dimoo.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Sequence

import torch

from tools.dimoo.model import DimooLM, KVCache
from tools.dimoo.tokens import DimooTokens

Guidance = Callable[[torch.Tensor], torch.Tensor]  # (branches, n, C) -> (n, C)


# ---- schedule, sampling, re-masking ----------------------------------------------------------


def cosine_remaining(n_initial: int, step: int, total: int) -> int:
    """Tokens left masked after 0-based ``step`` of ``total``: floor(N·cos(π/2·(t+1)/T)),
    at least 1 before the last step and 0 after it."""
    if step >= total - 1:
        return 0
    return max(1, math.floor(n_initial * math.cos(math.pi / 2 * (step + 1) / total)))


def still_masked(n_initial: int, n_masked: int, step: int, total: int) -> int:
    """How many of the ``n_masked`` cells go back to MASK after 0-based ``step``: the cosine count, but one less than
    are masked now at most, as the authors clamp it (k = min(keep_n, L − 1)): every step commits at least one token,
    so a small masked region finishes in N steps instead of idling until the schedule reaches it."""
    return max(0, min(cosine_remaining(n_initial, step, total), n_masked - 1))


def uniform(shape, generator: torch.Generator | None, device, dtype: torch.dtype) -> torch.Tensor:
    """Uniforms in [0, 1) as torch draws them for a tensor of ``dtype``: the float32 draw rounded to ``dtype``, and a
    value that rounds up to 1 mapped to 0 (CUDA's rule for bf16, and CPU's in torch 2.13). In bf16 that confines the
    Gumbel noise to about [−3.83, 5.53], which makes the authors' bf16 sampling much greedier than float32's."""
    u = torch.rand(shape, generator=generator, device=device, dtype=torch.float32)
    if dtype == torch.float32:
        return u
    u = u.to(dtype)
    return u.masked_fill(u == 1, 0)


def gumbel_noise(shape, generator: torch.Generator | None, device, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    u = uniform(shape, generator, device, dtype)
    return -torch.log(-torch.log(u + 1e-20) + 1e-20)


def gumbel_sample(logits: torch.Tensor, temperature: float, generator: torch.Generator | None):
    """Sample one index per row (argmax of logits/τ + Gumbel; greedy at τ = 0).
    Returns (indices, probability of each sampled index under softmax(logits)).
    Every op runs in the logits' dtype, as in the authors' loop: with a bf16 model (the real preset on a GPU) the
    noise, the sum and the softmax are bf16."""
    if temperature == 0:
        sampled = logits.argmax(dim=-1)
    else:
        noise = gumbel_noise(logits.shape, generator, logits.device, logits.dtype)
        sampled = (logits / temperature + noise).argmax(dim=-1)
    probs = torch.softmax(logits, dim=-1)
    return sampled, probs.gather(-1, sampled[..., None]).squeeze(-1)


def choose_remask(confidence: torch.Tensor, keep: int, temperature: float, generator: torch.Generator | None):
    """Boolean mask over the candidates, True for those that go back to MASK: the authors' rule, scoring each by
    log p + τ·(fresh Gumbel noise, drawn even at τ = 0 so the random stream stays theirs) and keeping masked those
    strictly below the ``keep``-th lowest score (k clamped to [0, L − 1]; a tie at the cut commits both)."""
    noise = gumbel_noise(confidence.shape, generator, confidence.device, confidence.dtype)
    score = torch.log(confidence.clamp_min(1e-20)) + temperature * noise
    k = min(max(keep, 0), confidence.numel() - 1)
    cut = torch.sort(score).values[k]
    return score < cut


def cfg_two_way(scale: float) -> Guidance:
    """(1 + s)·cond − s·uncond; branches are [cond, uncond]."""
    return lambda b: (1 + scale) * b[0] - scale * b[1]


def cfg_three_way(text_scale: float, image_scale: float) -> Guidance:
    """cond + s_t·(cond − uncond_text) + s_i·(cond − uncond_image); branches are [cond, uncond_text, uncond_image]."""
    return lambda b: b[0] + text_scale * (b[0] - b[1]) + image_scale * (b[0] - b[2])


# ---- Max Logit Cache -------------------------------------------------------------------------


@dataclass(frozen=True)
class CacheSettings:
    """Max Logit Cache knobs. ``enabled=False`` runs a full pass every step."""

    enabled: bool = False
    warmup_ratio: float = 0.3
    refresh_interval: int = 5
    recompute_ratio: float = 0.1

    def __post_init__(self):
        if not 0 <= self.warmup_ratio < 1:
            raise ValueError(f"cache_warmup_ratio must be in [0, 1), got {self.warmup_ratio}")
        if self.refresh_interval < 1:
            raise ValueError(f"cache_refresh_interval must be >= 1, got {self.refresh_interval}")
        if not 0 < self.recompute_ratio <= 1:
            raise ValueError(f"cache_recompute_ratio must be in (0, 1], got {self.recompute_ratio}")

    def full_steps(self, total: int) -> list[bool]:
        """Per 0-based step: True for a full pass (warm-up: steps ≤ int(T·warmup_ratio), as in the
        authors' generator; then every ``refresh_interval``-th step), False for a cached step."""
        if not self.enabled:
            return [True] * total
        warm = int(total * self.warmup_ratio)
        return [s <= warm or (s - warm) % self.refresh_interval == 0 for s in range(total)]

    def as_dict(self) -> dict:
        return dict(
            cache=self.enabled,
            cache_warmup_ratio=self.warmup_ratio,
            cache_refresh_interval=self.refresh_interval,
            cache_recompute_ratio=self.recompute_ratio,
        )


def select_recompute(max_logits: torch.Tensor, lengths: torch.Tensor, ratio: float) -> torch.Tensor:
    """Positions (B, k) a cached step recomputes, by the authors' rule: per branch, every position (text prompt
    included) whose cached max logit is at most the ``ratio`` quantile of that branch's (linear interpolation in
    float32, rounded to the logits' dtype) — about ratio·length positions, more when bf16 max logits tie at the
    threshold. Rows are topped up to equal k with that row's padding positions (padding keys are masked, so
    recomputing them changes nothing), or with a repeat of a selected position when a row has none left. Sorted
    ascending. One host sync per call (the width k), whatever the number of branches."""
    b, t = max_logits.shape
    positions = torch.arange(t, device=max_logits.device)
    valid = positions < lengths[:, None]
    logits = max_logits.float().masked_fill(~valid, float("nan"))  # padding left out of the quantile
    # the quantile in float32, the comparison in the logits' dtype: the authors compare a bf16 row with a 0-dim float32
    # quantile, which PyTorch's type promotion rounds to bf16 (ties at the rounded threshold are picked)
    threshold = torch.nanquantile(logits, ratio, dim=1, keepdim=True).to(max_logits.dtype)
    picked = valid & (max_logits <= threshold)
    k = int(picked.sum(1).max())  # the one host sync: the width of the result
    rank = torch.where(picked, 0, torch.where(valid, 2, 1))  # a row's picks, then its padding, then the rest
    order = torch.sort(rank * t + positions, dim=1).indices[:, :k]
    available = picked.sum(1, keepdim=True) + (t - lengths[:, None])  # picks and padding a row can offer
    first = picked.int().argmax(1, keepdim=True)  # a row short of both repeats its first pick
    chosen = torch.where(positions[None, :k] < available, order, first)
    return torch.sort(chosen, dim=1).values


# ---- the image loop ----------------------------------------------------------------------------


@dataclass
class StepRecord:
    step: int  # 1-based
    full_pass: bool
    masked_before: int
    masked_after: int
    positions: int  # rows pushed through the blocks this step (all branches)


def _pad(branches: Sequence[Sequence[int]], device) -> tuple[torch.Tensor, torch.Tensor]:
    lengths = torch.tensor([len(b) for b in branches], device=device)
    ids = torch.zeros(len(branches), int(lengths.max()), dtype=torch.long, device=device)
    for i, b in enumerate(branches):
        ids[i, : len(b)] = torch.tensor(list(b), dtype=torch.long, device=device)
    return ids, lengths


BRANCH_MODES = ("auto", "batched", "separate", "hybrid")


class _Passes:
    """Full and cached passes over the CFG branches.

    * ``batched``: one right-padded batch with a key mask (one launch sequence per pass);
    * ``separate``: one branch at a time, no padding and no mask (SDPA may pick its fastest kernel,
      no rows are wasted on padding);
    * ``hybrid``: full passes one branch at a time, their K/V copied into one padded batch cache, and
      cached passes batched (small passes are launch-bound, so batching them pays).
    All give the same logits up to float rounding.
    """

    def __init__(self, model: DimooLM, ids, lengths, vocab, use_cache: bool, mode: str):
        self.model, self.ids, self.lengths, self.vocab, self.mode = model, ids, lengths, vocab, mode
        self.sizes = [int(n) for n in lengths.tolist()]
        self.use_cache = use_cache
        n_layers = len(model.blocks)
        self.kv = [KVCache(n_layers) for _ in self.sizes] if use_cache and mode == "separate" else []
        self.kv_batch = KVCache(n_layers) if use_cache and mode in ("batched", "hybrid") else None

    def full(self) -> torch.Tensor:
        """Logits (B, T, C) of every position (padding rows of a branch are zero when unbatched)."""
        if self.mode == "batched":
            return self.model(self.ids, self.lengths, kv_cache=self.kv_batch, vocab_slice=self.vocab)
        out = None
        for i, n in enumerate(self.sizes):
            kv = None
            if self.use_cache:
                kv = self.kv[i] if self.mode == "separate" else KVCache(len(self.model.blocks))
            logits = self.model(self.ids[i : i + 1, :n], kv_cache=kv, vocab_slice=self.vocab)
            if out is None:
                out = logits.new_zeros(len(self.sizes), self.ids.shape[1], logits.shape[-1])
            out[i, :n] = logits[0]
            if self.mode == "hybrid" and kv is not None:
                self._copy_into_batch(i, n, kv)
        return out

    def _copy_into_batch(self, i: int, n: int, kv: KVCache) -> None:
        batch, t = self.kv_batch, self.ids.shape[1]
        for slot, layer in zip(batch.layers, kv.layers):
            for name in ("k", "v"):
                src = layer[name]  # (1, H, n, hd)
                if name not in slot:
                    slot[name] = src.new_zeros(len(self.sizes), src.shape[1], t, src.shape[3])
                slot[name][i, :, :n].copy_(src[0])
        batch.key_mask = self.model._key_mask(self.lengths, t, self.ids.device)

    def cached(self, logit_cache: torch.Tensor, ratio: float) -> None:
        """Recompute the lowest-max-logit share of positions and scatter their logits into the cache."""
        if self.mode in ("batched", "hybrid"):
            groups = [(slice(None), self.ids, self.lengths, self.kv_batch)]
        else:
            groups = [(slice(i, i + 1), self.ids[i : i + 1, :n], self.lengths[i : i + 1], self.kv[i])
                      for i, n in enumerate(self.sizes)]
        for rows, ids, lengths, kv in groups:
            width = ids.shape[1]
            sel = select_recompute(logit_cache[rows, :width].max(dim=-1).values, lengths, ratio)
            fresh = self.model.forward_cached(ids, sel, kv, vocab_slice=self.vocab)
            logit_cache[rows].scatter_(1, sel[..., None].expand(-1, -1, fresh.shape[-1]), fresh)


@torch.no_grad()
def sample_image(
    model: DimooLM,
    branches: Sequence[Sequence[int]],
    grid_positions: Sequence[Sequence[int]],
    grid: torch.Tensor,
    tokens: DimooTokens,
    steps: int,
    guidance: Guidance,
    temperature: float = 1.0,
    generator: torch.Generator | None = None,
    cache: CacheSettings = CacheSettings(),
    on_step: Callable[[int, int], None] | None = None,
    check_cancelled: Callable[[], None] | None = None,
    trace: list[StepRecord] | None = None,
    on_grid: Callable[[torch.Tensor], None] | None = None,
    branch_mode: str = "auto",
) -> torch.Tensor:
    """Fill the MASK entries of ``grid`` (N ids, row major; other entries are fixed and never
    change) by masked discrete diffusion over ``steps`` steps.

    ``branches`` are the CFG branches' full id sequences (cond first); ``grid_positions[b]`` are the
    N absolute positions of the grid inside branch b. ``guidance`` combines the branches' logits
    of the still-masked positions (and only those). ``on_grid`` (tests) sees a copy of the grid
    after every step. ``branch_mode`` (see ``_Passes``): "auto" is "batched" on CPU or when all
    branches have the same length, else "hybrid".
    Returns the final grid ids (N,).
    """
    device = next(model.parameters()).device
    ids, lengths = _pad(branches, device)
    pos = torch.tensor([list(p) for p in grid_positions], dtype=torch.long, device=device)  # (B, N)
    grid = grid.to(device).clone()
    n_initial = int((grid == tokens.mask).sum())
    vocab = tokens.image_slice
    full = cache.full_steps(steps)
    if branch_mode not in BRANCH_MODES:
        raise ValueError(f"branch_mode must be one of {BRANCH_MODES}, got {branch_mode!r}")
    if branch_mode == "auto":
        same = len(set(lengths.tolist())) == 1
        branch_mode = "batched" if device.type == "cpu" or same else "hybrid"
    passes = _Passes(model, ids, lengths, vocab, cache.enabled, branch_mode)
    logit_cache: torch.Tensor | None = None

    for step in range(steps):
        if check_cancelled is not None:
            check_cancelled()
        ids.scatter_(1, pos, grid.expand(ids.shape[0], -1))
        masked = (grid == tokens.mask).nonzero().squeeze(-1)
        before = model.stats.positions
        if masked.numel():
            if full[step] or logit_cache is None:
                logits_all = passes.full()  # (B, T, C)
                if cache.enabled:
                    logit_cache = logits_all
            else:
                passes.cached(logit_cache, cache.recompute_ratio)
                logits_all = logit_cache
            at = pos[:, masked]  # (B, m) absolute positions of the masked grid slots
            branch_logits = logits_all.gather(1, at[..., None].expand(-1, -1, logits_all.shape[-1]))
            logits = guidance(branch_logits)  # CFG on masked positions only
            sampled, conf = gumbel_sample(logits, temperature, generator)
            keep = still_masked(n_initial, masked.numel(), step, steps)
            remask = choose_remask(conf, keep, temperature, generator)
            grid[masked] = tokens.code_to_id(sampled)
            grid[masked[remask]] = tokens.mask
        if trace is not None:
            trace.append(
                StepRecord(
                    step=step + 1,
                    full_pass=bool(full[step] or logit_cache is None),
                    masked_before=int(masked.numel()),
                    masked_after=int((grid == tokens.mask).sum()),
                    positions=model.stats.positions - before,
                )
            )
        if on_grid is not None:
            on_grid(grid.clone())
        if on_step is not None:
            on_step(step + 1, steps)
    return grid


# ---- the text loop -----------------------------------------------------------------------------


def transfer_counts(n: int, steps: int) -> list[int]:
    """Split n tokens over steps as evenly as possible, the remainder going to the first steps."""
    base, rem = divmod(n, steps)
    return [base + (1 if i < rem else 0) for i in range(steps)]


@torch.no_grad()
def sample_text(
    model: DimooLM,
    prompt: Sequence[int],
    tokens: DimooTokens,
    gen_length: int,
    block_length: int,
    steps: int,
    temperature: float = 0.0,
    generator: torch.Generator | None = None,
    on_step: Callable[[int, int], None] | None = None,
    check_cancelled: Callable[[], None] | None = None,
) -> list[int]:
    """Answer ids for ``prompt`` + [BOA] + gen_length MASK + [EOA], decoded block by block
    (left to right); inside a block each step commits its share of the most probable predictions.
    Greedy at τ = 0. MASK and image-code ids are never predicted for text."""
    if gen_length % block_length:
        raise ValueError(f"gen_length {gen_length} must be a multiple of block_length {block_length}")
    n_blocks = gen_length // block_length
    per_block = max(1, steps // n_blocks)
    total = per_block * n_blocks
    device = next(model.parameters()).device
    seq = torch.tensor(list(prompt) + [tokens.boa] + [tokens.mask] * gen_length + [tokens.eoa], device=device)[None]
    start = len(prompt) + 1
    answer = torch.arange(start, start + gen_length, device=device)
    banned = [tokens.mask, *range(*tokens.image_slice)]
    done = 0
    for blk in range(n_blocks):
        lo, hi = blk * block_length, (blk + 1) * block_length
        counts = transfer_counts(int((seq[0, start + lo : start + hi] == tokens.mask).sum()), per_block)
        for i in range(per_block):
            if check_cancelled is not None:
                check_cancelled()
            hidden = model(seq, return_hidden=True)
            logits = model.head(hidden[0, answer])  # (gen_length, V)
            logits[:, [b for b in banned if b < logits.shape[-1]]] = -math.inf
            x0, conf = gumbel_sample(logits.float(), temperature, generator)  # text: float32 whatever the model
            current = seq[0, answer]
            eligible = current == tokens.mask
            eligible[:lo] = False
            eligible[hi:] = False
            conf = torch.where(eligible, conf, torch.full_like(conf, -math.inf))
            if counts[i]:
                pick = torch.topk(conf, counts[i]).indices
                seq[0, answer[pick]] = x0[pick]
            done += 1
            if on_step is not None:
                on_step(done, total)
    return seq[0, answer].tolist()
