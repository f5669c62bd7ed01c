"""The LLaDA transformer behind Lumina-DiMOO, written for this studio.

A LLaMA-style stack (RMSNorm, rotary positions, SiLU-gated MLP) with *bidirectional* attention:
there is no causal mask, every position sees every other (right padding is hidden by a key mask).
The module tree mirrors the published checkpoint names (``model.transformer.blocks.N.q_proj`` ...,
see ``checkpoint_map.py`` and ``docs/dimoo.md`` for where each name comes from), so loading is a
checked one-to-one copy.

Two ways to run it:

* ``forward`` — a plain full pass over every position. With ``kv_cache`` it also stores every
  layer's keys (after rotary) and values: the refill pass of the Max Logit Cache.
* ``forward_cached`` — only the selected positions go through the blocks: their Q/K/V are computed,
  their K/V are scattered into the cache, their queries attend to *all* cached keys, the MLP runs on
  them only. The caller scatters their logits back.

``stats`` counts the positions pushed through the blocks so tests and benchmarks can check what
the cache saves.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import torch
import torch.nn.functional as F
from torch import nn


@dataclass(frozen=True)
class LLaDAConfig:
    d_model: int
    n_heads: int
    n_kv_heads: int
    n_layers: int
    mlp_hidden_size: int
    vocab_size: int  # rows of wte / ff_out (the checkpoint's embedding size)
    rope_theta: float = 500000.0
    rms_norm_eps: float = 1e-5

    @property
    def head_dim(self) -> int:
        return self.d_model // self.n_heads


# LLaDA-8B shape (GSAI-ML/LLaDA-8B config: d_model 4096, 32 heads, 32 layers, mlp_hidden_size 12288,
# rope_theta 5e5, rms eps 1e-5, no biases, untied output) with DiMOO's vocabulary extended by the
# 8192 image codes: 126356 + 8192 = 134548 rows (see docs/dimoo.md for the derivation).
REAL_CONFIG = LLaDAConfig(
    d_model=4096,
    n_heads=32,
    n_kv_heads=32,
    n_layers=32,
    mlp_hidden_size=12288,
    vocab_size=134548,
    rope_theta=500000.0,
    rms_norm_eps=1e-5,
)


class RMSNorm(nn.Module):
    def __init__(self, size: int, eps: float, **factory):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(size, **factory))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        dtype = x.dtype
        x = x.float()
        x = x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps)
        return self.weight * x.to(dtype)


def rotary_tables(positions: torch.Tensor, head_dim: int, theta: float) -> tuple[torch.Tensor, torch.Tensor]:
    """cos/sin of shape (B, 1, T, head_dim) in float32 for integer positions (B, T)."""
    inv_freq = 1.0 / (theta ** (torch.arange(0, head_dim, 2, device=positions.device, dtype=torch.float32) / head_dim))
    angles = positions.to(torch.float32)[..., None] * inv_freq  # (B, T, hd/2)
    angles = torch.cat((angles, angles), dim=-1)[:, None]  # (B, 1, T, hd)
    return angles.cos(), angles.sin()


def apply_rotary(x: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor) -> torch.Tensor:
    """Rotate (B, H, T, hd) by the half-split ("rotate_half") convention, in float32."""
    xf = x.float()
    x1, x2 = xf.chunk(2, dim=-1)
    rotated = torch.cat((-x2, x1), dim=-1)
    return (xf * cos + rotated * sin).to(x.dtype)


class LLaDALlamaBlock(nn.Module):
    """One block; attribute names follow the checkpoint (attn_norm, q_proj, ..., ff_out)."""

    def __init__(self, cfg: LLaDAConfig, **factory):
        super().__init__()
        self.cfg = cfg
        kv_dim = cfg.n_kv_heads * cfg.head_dim
        self.attn_norm = RMSNorm(cfg.d_model, cfg.rms_norm_eps, **factory)
        self.ff_norm = RMSNorm(cfg.d_model, cfg.rms_norm_eps, **factory)
        self.q_proj = nn.Linear(cfg.d_model, cfg.d_model, bias=False, **factory)
        self.k_proj = nn.Linear(cfg.d_model, kv_dim, bias=False, **factory)
        self.v_proj = nn.Linear(cfg.d_model, kv_dim, bias=False, **factory)
        self.attn_out = nn.Linear(cfg.d_model, cfg.d_model, bias=False, **factory)
        self.ff_proj = nn.Linear(cfg.d_model, cfg.mlp_hidden_size, bias=False, **factory)  # gate (SiLU)
        self.up_proj = nn.Linear(cfg.d_model, cfg.mlp_hidden_size, bias=False, **factory)
        self.ff_out = nn.Linear(cfg.mlp_hidden_size, cfg.d_model, bias=False, **factory)

    def _qkv(self, x: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor):
        b, t, _ = x.shape
        h = self.attn_norm(x)
        hd = self.cfg.head_dim
        q = self.q_proj(h).view(b, t, self.cfg.n_heads, hd).transpose(1, 2)
        k = self.k_proj(h).view(b, t, self.cfg.n_kv_heads, hd).transpose(1, 2)
        v = self.v_proj(h).view(b, t, self.cfg.n_kv_heads, hd).transpose(1, 2)
        return apply_rotary(q, cos, sin), apply_rotary(k, cos, sin), v

    def _attend(self, q, k, v, key_mask):
        if self.cfg.n_kv_heads != self.cfg.n_heads:
            rep = self.cfg.n_heads // self.cfg.n_kv_heads
            k = k.repeat_interleave(rep, dim=1)
            v = v.repeat_interleave(rep, dim=1)
        # Bidirectional: no causal mask; only padded keys are hidden.
        return F.scaled_dot_product_attention(q, k, v, attn_mask=key_mask)

    def _finish(self, x: torch.Tensor, att: torch.Tensor) -> torch.Tensor:
        b, _, t, _ = att.shape
        x = x + self.attn_out(att.transpose(1, 2).reshape(b, t, self.cfg.d_model))
        h = self.ff_norm(x)
        return x + self.ff_out(F.silu(self.ff_proj(h)) * self.up_proj(h))

    def forward(self, x, cos, sin, key_mask, cache_slot: dict | None = None):
        q, k, v = self._qkv(x, cos, sin)
        if cache_slot is not None:
            cache_slot["k"], cache_slot["v"] = k, v
        return self._finish(x, self._attend(q, k, v, key_mask))

    def forward_cached(self, x, cos, sin, key_mask, positions, cache_slot: dict):
        """x: (B, k, D) for the selected positions (B, k); keys/values come from the cache."""
        q, k, v = self._qkv(x, cos, sin)
        idx = positions[:, None, :, None].expand(-1, k.shape[1], -1, k.shape[3])
        cache_slot["k"].scatter_(2, idx, k)
        cache_slot["v"].scatter_(2, idx, v)
        return self._finish(x, self._attend(q, cache_slot["k"], cache_slot["v"], key_mask))


class LLaDAModel(nn.Module):
    def __init__(self, cfg: LLaDAConfig, **factory):
        super().__init__()
        self.cfg = cfg
        self.transformer = nn.ModuleDict(
            dict(
                wte=nn.Embedding(cfg.vocab_size, cfg.d_model, **factory),
                blocks=nn.ModuleList([LLaDALlamaBlock(cfg, **factory) for _ in range(cfg.n_layers)]),
                ln_f=RMSNorm(cfg.d_model, cfg.rms_norm_eps, **factory),
                ff_out=nn.Linear(cfg.d_model, cfg.vocab_size, bias=False, **factory),
            )
        )


@dataclass
class ForwardStats:
    """Positions pushed through the transformer blocks (rows of the activations), per kind of pass."""

    full_positions: int = 0
    cached_positions: int = 0
    full_passes: int = 0
    cached_passes: int = 0
    per_call: list[int] = field(default_factory=list)

    @property
    def positions(self) -> int:
        return self.full_positions + self.cached_positions

    def reset(self) -> None:
        self.full_positions = self.cached_positions = self.full_passes = self.cached_passes = 0
        self.per_call.clear()


class KVCache:
    """Per-layer keys (after rotary) and values of one padded batch, plus its key mask."""

    def __init__(self, n_layers: int):
        self.layers: list[dict] = [dict() for _ in range(n_layers)]
        self.key_mask: torch.Tensor | None = None

    @property
    def filled(self) -> bool:
        return "k" in self.layers[0]


class DimooLM(nn.Module):
    """LLaDA for DiMOO: ``self.model.transformer...`` gives the checkpoint's parameter names."""

    def __init__(self, cfg: LLaDAConfig, device=None, dtype=None):
        super().__init__()
        self.cfg = cfg
        self.model = LLaDAModel(cfg, device=device, dtype=dtype)
        self.stats = ForwardStats()

    # -- helpers -------------------------------------------------------------------------------
    @property
    def blocks(self) -> nn.ModuleList:
        return self.model.transformer.blocks

    @staticmethod
    def _key_mask(lengths: torch.Tensor | None, total: int, device) -> torch.Tensor | None:
        if lengths is None or bool((lengths == total).all()):
            return None  # no padding: SDPA may pick its fastest kernel
        keys = torch.arange(total, device=device)[None, :] < lengths[:, None]
        return keys[:, None, None, :]  # (B, 1, 1, T) bool: True = may attend

    def head(self, hidden: torch.Tensor, vocab_slice: tuple[int, int] | None = None) -> torch.Tensor:
        """Final norm + output projection, optionally for a slice of the vocabulary, in the model's dtype: the
        authors' CFG and sampling arithmetic run on bf16 logits with the real weights on a GPU, and so does ours."""
        h = self.model.transformer.ln_f(hidden)
        w = self.model.transformer.ff_out.weight
        if vocab_slice is not None:
            w = w[vocab_slice[0] : vocab_slice[1]]
        return F.linear(h, w)

    # -- passes --------------------------------------------------------------------------------
    @torch.no_grad()
    def forward(
        self,
        input_ids: torch.Tensor,
        lengths: torch.Tensor | None = None,
        kv_cache: KVCache | None = None,
        vocab_slice: tuple[int, int] | None = None,
        return_hidden: bool = False,
    ) -> torch.Tensor:
        """Full bidirectional pass over (B, T) ids (right padded to ``lengths``); returns logits
        (B, T, V or the slice) or the last hidden states."""
        b, t = input_ids.shape
        device = input_ids.device
        key_mask = self._key_mask(lengths, t, device)
        positions = torch.arange(t, device=device)[None].expand(b, t)
        cos, sin = rotary_tables(positions, self.cfg.head_dim, self.cfg.rope_theta)
        x = self.model.transformer.wte(input_ids)
        for i, block in enumerate(self.blocks):
            x = block(x, cos, sin, key_mask, None if kv_cache is None else kv_cache.layers[i])
        if kv_cache is not None:
            kv_cache.key_mask = key_mask
        self.stats.full_positions += b * t
        self.stats.full_passes += 1
        self.stats.per_call.append(b * t)
        return x if return_hidden else self.head(x, vocab_slice)

    @torch.no_grad()
    def forward_cached(
        self,
        input_ids: torch.Tensor,
        positions: torch.Tensor,
        kv_cache: KVCache,
        vocab_slice: tuple[int, int] | None = None,
    ) -> torch.Tensor:
        """Recompute only ``positions`` (B, k) of the sequences whose K/V sit in ``kv_cache``.

        ``input_ids`` are the full current (B, T) ids; only the selected ones are embedded.
        Returns logits (B, k, V or slice) for the selected positions.
        """
        if not kv_cache.filled:
            raise RuntimeError("forward_cached needs a cache filled by a full forward first")
        b, k = positions.shape
        ids = input_ids.gather(1, positions)
        cos, sin = rotary_tables(positions, self.cfg.head_dim, self.cfg.rope_theta)
        x = self.model.transformer.wte(ids)
        for i, block in enumerate(self.blocks):
            x = block.forward_cached(x, cos, sin, kv_cache.key_mask, positions, kv_cache.layers[i])
        self.stats.cached_positions += b * k
        self.stats.cached_passes += 1
        self.stats.per_call.append(b * k)
        return self.head(x, vocab_slice)


def init_random_(model: DimooLM, seed: int = 0, std: float = 0.02) -> DimooLM:
    """Fill every weight in place on its current device (fast: no CPU round trip)."""
    gen = torch.Generator(device=model.model.transformer.wte.weight.device).manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("norm.weight") or name.endswith("ln_f.weight"):
                p.fill_(1.0)
            else:
                p.normal_(0.0, std, generator=gen)
    return model


def build_on_device(cfg: LLaDAConfig, device: str | torch.device, dtype: torch.dtype, seed: int = 0) -> DimooLM:
    """Allocate the model directly on ``device`` in ``dtype`` (meta first, then ``to_empty``) and
    give it seeded random weights. Used by the GPU benchmark: no CPU init of 8B parameters."""
    with torch.device("meta"):
        model = DimooLM(cfg, dtype=dtype)
    model = model.to_empty(device=device)
    return init_random_(model, seed=seed).eval()


def param_flops_per_position(cfg: LLaDAConfig) -> int:
    """Matmul FLOPs per position through the blocks (2·params), attention score terms excluded."""
    d, f, kv = cfg.d_model, cfg.mlp_hidden_size, cfg.n_kv_heads * cfg.head_dim
    per_layer = d * d * 2 + d * kv * 2 + 3 * d * f
    return 2 * cfg.n_layers * per_layer


__all__ = [
    "LLaDAConfig",
    "REAL_CONFIG",
    "DimooLM",
    "KVCache",
    "ForwardStats",
    "build_on_device",
    "init_random_",
    "param_flops_per_position",
]
