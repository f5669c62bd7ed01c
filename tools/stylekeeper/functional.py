"""The pure math of StyleKeeper: row layout, swapped attention, guidance, stochastic encoding, AdaIN.

Everything here is a small function of tensors, testable without a UNet.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F


@dataclass(frozen=True)
class RowLayout:
    """Which batch row is what, and where each row takes its queries and keys/values from."""

    roles: tuple[str, ...]  # "ref_c" | "ref_u" | "gen_c" | "gen_u" | "nvq"
    q_src: tuple[int, ...]
    kv_src: tuple[int, ...]

    def rows(self, role: str) -> list[int]:
        return [i for i, r in enumerate(self.roles) if r == role]

    @property
    def is_identity(self) -> bool:
        return all(q == i == kv for i, (q, kv) in enumerate(zip(self.q_src, self.kv_src)))


def build_layout(num_images: int, with_uncond: bool, with_nvq: bool, swap: bool = True) -> RowLayout:
    """The row layout of one step. Without `swap` it is plain CFG rows (+ ref_c for calibration)."""
    if not swap:
        roles = ("ref_c",) + ("gen_c",) * num_images + ("gen_u",) * num_images
        ident = tuple(range(len(roles)))
        return RowLayout(roles, ident, ident)
    roles: list[str] = ["ref_c", "ref_u"]
    q_src, kv_src = [0, 1], [0, 1]
    for role, used in (("gen_c", True), ("gen_u", with_uncond), ("nvq", with_nvq)):
        if not used:
            continue
        for _ in range(num_images):
            i = len(roles)
            roles.append(role)
            if role == "gen_c":  # own queries, the conditional reference's keys/values
                q_src.append(i), kv_src.append(0)
            elif role == "gen_u":  # own queries, the unconditional reference's keys/values
                q_src.append(i), kv_src.append(1)
            else:  # nvq: the (null-prompt) reference's queries, own keys/values
                q_src.append(1), kv_src.append(i)
    return RowLayout(tuple(roles), tuple(q_src), tuple(kv_src))


def swap_attention(
    q: torch.Tensor,
    k: torch.Tensor,
    v: torch.Tensor,
    layout: RowLayout,
    index: tuple[torch.Tensor, torch.Tensor] | None = None,
) -> torch.Tensor:
    """softmax(Q[q_src] K[kv_src]ᵀ/√d) V[kv_src] per row; q, k, v are (batch, heads, tokens, dim).

    `index` may pass (q_src, kv_src) already as tensors on q's device (saves a copy per layer).
    """
    if len(layout.roles) != q.shape[0]:
        raise ValueError(f"layout has {len(layout.roles)} rows but the batch has {q.shape[0]}")
    if not layout.is_identity:
        if index is None:
            index = (torch.tensor(layout.q_src, device=q.device), torch.tensor(layout.kv_src, device=q.device))
        qi, kvi = index
        q, k, v = q.index_select(0, qi), k.index_select(0, kvi), v.index_select(0, kvi)
    return F.scaled_dot_product_attention(q, k, v, dropout_p=0.0, is_causal=False)


def guided_noise(
    eps_swap_cond: torch.Tensor,
    eps_swap_uncond: torch.Tensor | None,
    eps_nvq: torch.Tensor | None,
    w: float,
    lam: float,
) -> torch.Tensor:
    """ε = ε_neg + w·(ε_swap,cond − ε_neg) with ε_neg = (1−λ)·ε_swap,uncond + λ·ε_nvq.

    λ = 0 is exactly swap-CFG (ε_nvq is not used and may be None); λ = 1 uses ε_nvq alone.
    """
    if lam == 0:
        neg = eps_swap_uncond
    elif lam == 1:
        neg = eps_nvq
    else:
        neg = (1 - lam) * eps_swap_uncond + lam * eps_nvq
    return neg + w * (eps_swap_cond - neg)


def stochastic_reference_latent(
    z0: torch.Tensor, t: int, alphas_cumprod: torch.Tensor, generator: torch.Generator
) -> torch.Tensor:
    """√ᾱ_t z₀ + √(1−ᾱ_t) ε with a fresh ε drawn (on the CPU) from `generator`."""
    a = alphas_cumprod[int(t)].to(torch.float32)
    eps = torch.randn(z0.shape, generator=generator, dtype=torch.float32).to(z0.device)
    return a.sqrt() * z0 + (1 - a).sqrt() * eps


def adain_channels(x: torch.Tensor, ref: torch.Tensor, eps: float = 1e-8) -> torch.Tensor:
    """Match each channel's mean/std over (H, W) of every sample in `x` (N,C,H,W) to `ref` (1|N,C,H,W).
    The std is the unbiased one and `eps` 1e-8, as in the authors' DDIM step (naver-ai/StyleKeeper)."""
    mu_x, sd_x = x.mean(dim=(-2, -1), keepdim=True), x.std(dim=(-2, -1), keepdim=True)
    mu_r, sd_r = ref.mean(dim=(-2, -1), keepdim=True), ref.std(dim=(-2, -1), keepdim=True)
    return (x - mu_x) / (sd_x + eps) * sd_r + mu_r


def calibrated_ddim_step(x0: torch.Tensor, eps: torch.Tensor, alpha_prev: torch.Tensor,
                         x0_ref: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """One DDIM step (eta 0) from the predicted x̂0 and its ε, with the colour calibration: (x_{t-1}, x̂0). With
    `x0_ref`, x̂0 takes its channel statistics first, and the step still uses the ORIGINAL ε: x_{t-1} =
    √ᾱ_prev·x̂0_calibrated + √(1−ᾱ_prev)·ε. So 93-96% of the colour shift of x̂0 reaches x_{t-1}, as in the authors'
    step; an ε re-derived from the calibrated x̂0 would pass on only 10-17% (tests/fixtures/parity/stylekeeper)."""
    if x0_ref is not None:
        x0 = adain_channels(x0, x0_ref)
    return alpha_prev.sqrt() * x0 + (1 - alpha_prev).sqrt() * eps, x0


def predict_x0(x_t: torch.Tensor, eps: torch.Tensor, alpha_t: torch.Tensor) -> torch.Tensor:
    return (x_t - (1 - alpha_t).sqrt() * eps) / alpha_t.sqrt()


def reference_noise_seed(seed: int) -> int:
    """Seed of the generator that draws the reference's fresh per-step noise (separate stream)."""
    return (int(seed) * 1_000_003 + 0x5EED) % (2**63)
