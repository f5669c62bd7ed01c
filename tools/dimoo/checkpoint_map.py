"""Checkpoint names of Lumina-DiMOO and the explicit map onto ``DimooLM``'s parameters.

The names are those of the public LLaDA modelling code (``LLaDAModelLM`` wraps ``LLaDAModel`` as
``self.model``; ``LLaDAModel.transformer`` is a ModuleDict with ``wte``, ``blocks``, ``ln_f``,
``ff_out``; each ``LLaDALlamaBlock`` has ``attn_norm``, ``ff_norm``, ``q_proj``, ``k_proj``,
``v_proj``, ``attn_out``, ``ff_proj``, ``up_proj``, ``ff_out``), with LLaDA-8B's config: no biases
(``include_bias`` false), untied output (``weight_tying`` false), RMSNorm with a weight only.
``checkpoint_names.json`` next to this file is that list at the real config, with its sources.
The published ``model.safetensors.index.json`` could not be read here (see docs/dimoo.md).
"""

from __future__ import annotations

import json
from pathlib import Path

import torch

from tools.dimoo.model import DimooLM, LLaDAConfig

NAMES_FILE = Path(__file__).with_name("checkpoint_names.json")

BLOCK_TENSORS = ("attn_norm", "ff_norm", "q_proj", "k_proj", "v_proj", "attn_out", "ff_proj", "up_proj", "ff_out")


def checkpoint_shapes(cfg: LLaDAConfig) -> dict[str, list[int]]:
    """Every tensor of the checkpoint, name -> shape, written out from the LLaDA code's layout."""
    d, f, v = cfg.d_model, cfg.mlp_hidden_size, cfg.vocab_size
    kv = cfg.n_kv_heads * cfg.head_dim
    block = {
        "attn_norm": [d],
        "ff_norm": [d],
        "q_proj": [d, d],
        "k_proj": [kv, d],
        "v_proj": [kv, d],
        "attn_out": [d, d],
        "ff_proj": [f, d],
        "up_proj": [f, d],
        "ff_out": [d, f],
    }
    out = {"model.transformer.wte.weight": [v, d]}
    for i in range(cfg.n_layers):
        for name in BLOCK_TENSORS:
            out[f"model.transformer.blocks.{i}.{name}.weight"] = block[name]
    out["model.transformer.ln_f.weight"] = [d]
    out["model.transformer.ff_out.weight"] = [v, d]
    return out


def name_map(cfg: LLaDAConfig) -> dict[str, str]:
    """Checkpoint name -> ``DimooLM`` parameter name. The module tree was written to mirror the
    checkpoint, so each entry maps to the same dotted path; the map is still explicit so a
    renamed or extra tensor fails loudly instead of being skipped."""
    out = {}
    for name in checkpoint_shapes(cfg):
        parts = name.split(".")
        assert parts[0] == "model" and parts[1] == "transformer", name
        out[name] = ".".join(["model", "transformer", *parts[2:]])
    return out


def documented_names() -> dict[str, list[int]]:
    return json.loads(NAMES_FILE.read_text())["tensors"]


def load_safetensors(model: DimooLM, folder: Path) -> None:
    """Copy every tensor of the folder's ``*.safetensors`` into ``model`` through ``name_map``;
    unknown, missing or mis-shaped tensors are errors."""
    from safetensors import safe_open

    mapping = name_map(model.cfg)
    params = dict(model.named_parameters())
    seen: set[str] = set()
    files = sorted(Path(folder).glob("*.safetensors"))
    if not files:
        raise FileNotFoundError(f"no *.safetensors in {folder}")
    for file in files:
        with safe_open(str(file), framework="pt", device="cpu") as f:
            for key in f.keys():
                if key not in mapping:
                    raise KeyError(f"checkpoint tensor {key!r} ({file.name}) has no place in the LLaDA module")
                target = params[mapping[key]]
                tensor = f.get_tensor(key)
                if tuple(tensor.shape) != tuple(target.shape):
                    raise ValueError(f"{key}: checkpoint shape {tuple(tensor.shape)} != module {tuple(target.shape)}")
                with torch.no_grad():
                    target.copy_(tensor.to(dtype=target.dtype, device=target.device))
                seen.add(key)
    missing = set(mapping) - seen
    if missing:
        raise KeyError(f"checkpoint lacks {len(missing)} tensors, e.g. {sorted(missing)[:3]}")


def write_names_file(cfg: LLaDAConfig) -> None:  # used once to produce checkpoint_names.json
    doc = {
        "source": (
            "Names: LLaDA modelling code (modeling_llada.py: LLaDAModelLM.model -> LLaDAModel.transformer "
            "{wte, blocks.N.{attn_norm,ff_norm,q_proj,k_proj,v_proj,attn_out,ff_proj,up_proj,ff_out}, ln_f, ff_out}), "
            "as shipped in Alpha-VLLM/Lumina-DiMOO's model/ folder (read via the public forks wwwG1n/learn1 "
            "model/modeling_llada.py and wittech/Lumina-DiMOO model/modeling_xllmx_dimoo.py). Shapes: LLaDA-8B config "
            "(d_model 4096, n_heads 32, n_kv_heads 32, n_layers 32, mlp_hidden_size 12288, include_bias false, "
            "weight_tying false) with vocabulary 134548 = 126356 (first image-code id) + 8192 codes, derived from the "
            "authors' generators (text_vocab_size = logits width - 8192 and code ids = k + 126356). "
            "NOT copied from the published model.safetensors.index.json, which was not readable here."
        ),
        "config": cfg.__dict__,
        "tensors": checkpoint_shapes(cfg),
    }
    NAMES_FILE.write_text(json.dumps(doc, indent=1) + "\n")
