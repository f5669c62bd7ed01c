"""DreamOmni2's two LoRAs on the multi-reference Kontext pipeline: loaded once, switched per call (the "edit" adapter
for edits, "generation" for new pictures from references), and a tiny random pair for the tiny preset and tests."""

from __future__ import annotations

from typing import Any, Sequence

import torch
from diffusers import FluxKontextPipeline

DREAMOMNI2_LORA_SUBFOLDERS = {"edit": "edit_lora", "generation": "gen_lora"}
# the file inside each adapter folder (the authors' ComfyUI instructions link these exact paths)
DREAMOMNI2_LORA_FILE = "pytorch_lora_weights.safetensors"
LORA_ADAPTERS = tuple(DREAMOMNI2_LORA_SUBFOLDERS)




def load_loras(pipe: FluxKontextPipeline, sources: dict[str, Any], **kwargs) -> None:
    """Load each adapter of `sources` ({"edit": path_or_state_dict, "generation": ...}) into the
    transformer once, under its name. The base weights are not reloaded; switch with `use_lora`."""
    loaded = set(pipe.get_list_adapters().get("transformer", []))
    for name, source in sources.items():
        if name not in loaded:
            pipe.load_lora_weights(source, adapter_name=name, **kwargs)
    use_lora(pipe, None)


def use_lora(pipe: FluxKontextPipeline, name: str | None, weight: float = 1.0) -> None:
    """Make adapter `name` the only active one (DreamOmni2 uses weight 1); None disables all."""
    if name is None:
        pipe.disable_lora()
        return
    adapters = pipe.get_list_adapters().get("transformer", [])
    if name not in adapters:
        raise ValueError(f"LoRA adapter {name!r} is not loaded (loaded: {adapters}); call load_loras first")
    pipe.enable_lora()
    pipe.set_adapters([name], adapter_weights=[weight])


def dreamomni2_lora_sources(snapshot_dir) -> dict[str, str]:
    """The adapter folders inside a local snapshot of xiabs/DreamOmni2 (load each with
    `weight_name=DREAMOMNI2_LORA_FILE`); a missing file is named in the error."""
    from pathlib import Path

    from tools.base import ModelMissingError

    sources = {}
    for name, sub in DREAMOMNI2_LORA_SUBFOLDERS.items():
        folder = Path(snapshot_dir) / sub
        if not (folder / DREAMOMNI2_LORA_FILE).is_file():
            raise ModelMissingError(f"{folder / DREAMOMNI2_LORA_FILE} is missing from the DreamOmni2 snapshot; "
                                    "fetch it with:  studio models pull dreamomni2")
        sources[name] = str(folder)
    return sources


def tiny_lora_state_dict(
    transformer,
    seed: int,
    rank: int = 2,
    targets: Sequence[str] = ("to_q", "to_k", "to_v", "to_out.0"),
    scale: float = 0.5,
) -> dict[str, torch.Tensor]:
    """A random LoRA for `transformer` in diffusers' Flux key format ("transformer.<module>.lora_A.weight"),
    the same structure as a trained one, so the loading and switching code runs on tiny models."""
    generator = torch.Generator().manual_seed(seed)
    state = {}
    for name, module in transformer.named_modules():
        if isinstance(module, torch.nn.Linear) and any(name.endswith("attn." + t) for t in targets):
            a = torch.randn(rank, module.in_features, generator=generator) * scale
            b = torch.randn(module.out_features, rank, generator=generator) * scale
            state[f"transformer.{name}.lora_A.weight"] = a
            state[f"transformer.{name}.lora_B.weight"] = b
    return state
