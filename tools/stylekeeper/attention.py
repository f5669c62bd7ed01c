"""The swapped self-attention processor, the choice of layers, and installing / restoring it."""

from __future__ import annotations

import contextlib
from typing import Iterator, Sequence

import torch
import torch.nn.functional as F

from tools.base import BadInputError
from tools.stylekeeper.functional import RowLayout, swap_attention

LAYER_PRESETS = {"default": 6, "wide": 16}  # counted from the end of the up-block self-attn layers


class SwapState:
    """Shared between the loop and the processors: the current step's row layout (None: off)."""

    def __init__(self) -> None:
        self.layout: RowLayout | None = None
        self._index: dict[tuple[RowLayout, torch.device], tuple[torch.Tensor, torch.Tensor]] = {}

    def index(self, device: torch.device) -> tuple[torch.Tensor, torch.Tensor]:
        """The current layout's (q_src, kv_src) as tensors on `device`, made once per layout."""
        key = (self.layout, device)
        if key not in self._index:
            self._index[key] = (
                torch.tensor(self.layout.q_src, device=device),
                torch.tensor(self.layout.kv_src, device=device),
            )
        return self._index[key]


class StyleSwapProcessor:
    """Self-attention where each row takes Q from `layout.q_src[i]` and K/V from `layout.kv_src[i]`."""

    def __init__(self, state: SwapState):
        self.state = state

    def __call__(self, attn, hidden_states, encoder_hidden_states=None, attention_mask=None, temb=None, **kwargs):
        layout = self.state.layout
        if encoder_hidden_states is not None or attention_mask is not None:
            raise ValueError("StyleSwapProcessor only handles unmasked self-attention layers")
        residual = hidden_states
        if attn.spatial_norm is not None:
            hidden_states = attn.spatial_norm(hidden_states, temb)
        input_ndim = hidden_states.ndim
        if input_ndim == 4:
            b, c, h, w = hidden_states.shape
            hidden_states = hidden_states.view(b, c, h * w).transpose(1, 2)
        if attn.group_norm is not None:
            hidden_states = attn.group_norm(hidden_states.transpose(1, 2)).transpose(1, 2)
        batch = hidden_states.shape[0]
        q, k, v = attn.to_q(hidden_states), attn.to_k(hidden_states), attn.to_v(hidden_states)
        head_dim = k.shape[-1] // attn.heads
        q, k, v = (x.view(batch, -1, attn.heads, head_dim).transpose(1, 2) for x in (q, k, v))
        if attn.norm_q is not None:
            q = attn.norm_q(q)
        if attn.norm_k is not None:
            k = attn.norm_k(k)
        if layout is None:
            out = F.scaled_dot_product_attention(q, k, v, dropout_p=0.0, is_causal=False)
        else:
            out = swap_attention(q, k, v, layout, self.state.index(q.device))
        out = out.transpose(1, 2).reshape(batch, -1, attn.heads * head_dim).to(q.dtype)
        out = attn.to_out[1](attn.to_out[0](out))
        if input_ndim == 4:
            out = out.transpose(-1, -2).reshape(b, c, h, w)
        if attn.residual_connection:
            out = out + residual
        return out / attn.rescale_output_factor


def up_self_attention_names(unet) -> list[str]:
    """Processor names of the up blocks' self-attention layers, in the UNet's own order."""
    return [n for n in unet.attn_processors if n.startswith("up_blocks.") and ".attn1." in n]


def resolve_layers(unet, spec: str | Sequence[int | str]) -> list[str]:
    """Turn a layer spec into processor names.

    `spec` is "default" (the last 6 up-block self-attention layers: in SDXL exactly
    `up_blocks.1.attentions.{0,1,2}.transformer_blocks.{0,1}.attn1`), "wide" (the last 16: SDXL's
    `up_blocks.0.attentions.2` ten + those six), a list of positions among the up-block
    self-attention layers (negative counts from the end), or a list of processor names.
    """
    names = up_self_attention_names(unet)
    if isinstance(spec, str):
        if spec not in LAYER_PRESETS:
            raise BadInputError(f"options['layers']={spec!r}: use one of {sorted(LAYER_PRESETS)} or a list")
        return names[-min(LAYER_PRESETS[spec], len(names)):]
    chosen: list[str] = []
    for item in spec:
        if isinstance(item, int) and not isinstance(item, bool):
            if not -len(names) <= item < len(names):
                raise BadInputError(
                    f"options['layers'] position {item} is out of range: this UNet has {len(names)} "
                    "up-block self-attention layers"
                )
            name = names[item]
        elif isinstance(item, str):
            name = item if item.endswith(".processor") else item + ".processor"
            if name not in names:
                raise BadInputError(f"options['layers'] entry {item!r} is not an up-block self-attention layer")
        else:
            raise BadInputError(f"options['layers'] entries must be ints or names, got {item!r}")
        if name not in chosen:
            chosen.append(name)
    if not chosen:
        raise BadInputError("options['layers'] is empty")
    return [n for n in names if n in chosen]


@contextlib.contextmanager
def swapped_attention(unet, layer_names: Sequence[str], state: SwapState) -> Iterator[None]:
    """Install StyleSwapProcessor in `layer_names`; restore the original processors on exit."""
    originals = dict(unet.attn_processors)
    processors = dict(originals)
    swap = StyleSwapProcessor(state)
    for name in layer_names:
        processors[name] = swap
    unet.set_attn_processor(processors)  # set_attn_processor pops from the dict it is given
    try:
        yield
    finally:
        state.layout = None
        unet.set_attn_processor(dict(originals))
