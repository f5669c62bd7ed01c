"""Building Lumina-DiMOO's parts for tools/dimoo/backend.py: the tiny preset from tiny configs with seeded random
weights, or the real checkpoint from the local cache (its config checked against what this loader supports)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tools.base import WeightSpec


@dataclass
class Parts:
    """What one run needs: the LLaDA model, the VQ tokenizer, the text codec, the token ids, the device."""

    model: Any
    vq: Any
    codec: Any
    tokens: Any
    device: Any


def build_tiny(device_name: str | None) -> Parts:
    """The tiny preset: the same classes from tiny configs, seeded random weights, an in-memory byte tokenizer."""
    import torch
    from diffusers import VQModel

    from tools.dimoo.images import tiny_vq_config
    from tools.dimoo.model import DimooLM, LLaDAConfig
    from tools.dimoo.tokens import ByteTokenizer, tiny_tokens

    device = torch.device(device_name or "cpu")
    codec = ByteTokenizer()
    tokens = tiny_tokens(codec)
    cfg = LLaDAConfig(d_model=64, n_heads=4, n_kv_heads=4, n_layers=2, mlp_hidden_size=128,
                      vocab_size=tokens.vocab_size, rope_theta=10000.0)
    torch.manual_seed(0)
    model = DimooLM(cfg).to(device).eval()
    vq = VQModel(**tiny_vq_config(tokens.codebook_size)).to(device).eval()
    return Parts(model, vq, codec, tokens, device)


def build_real(spec: WeightSpec, device_name: str | None, dtype_name: str | None) -> Parts:
    """The pinned checkpoint from the local Hugging Face cache, loaded by key name."""
    import json

    import torch
    from diffusers import VQModel
    from transformers import AutoTokenizer

    from tools.dimoo.checkpoint_map import load_safetensors
    from tools.dimoo.model import DimooLM, LLaDAConfig
    from tools.dimoo.tokens import REAL_TOKENS, HFTextCodec
    from tools.hub import require_local

    root = require_local(spec, "lumina-dimoo")
    raw = json.loads((root / "config.json").read_text())
    expect = {"block_type": "llama", "activation_type": "silu", "weight_tying": False}
    for key, value in expect.items():
        if key in raw and raw[key] != value:
            raise RuntimeError(f"{spec.repo_id} config has {key}={raw[key]!r}; this loader supports {value!r} only")
    cfg = LLaDAConfig(
        d_model=raw["d_model"],
        n_heads=raw["n_heads"],
        n_kv_heads=raw.get("n_kv_heads") or raw["n_heads"],
        n_layers=raw["n_layers"],
        mlp_hidden_size=raw["mlp_hidden_size"],
        vocab_size=raw.get("embedding_size") or raw["vocab_size"],
        rope_theta=raw.get("rope_theta", 500000.0),
        rms_norm_eps=raw.get("rms_norm_eps", 1e-5),
    )
    device = torch.device(device_name or ("cuda" if torch.cuda.is_available() else "cpu"))
    dtype = getattr(torch, dtype_name) if dtype_name else (torch.bfloat16 if device.type == "cuda" else torch.float32)
    with torch.device("meta"):
        model = DimooLM(cfg, dtype=dtype)
    model = model.to_empty(device=device).eval()
    load_safetensors(model, root)
    vq = VQModel.from_pretrained(root, subfolder="vqvae").to(device).eval()  # float32, as the authors
    codec = HFTextCodec(AutoTokenizer.from_pretrained(root))
    return Parts(model, vq, codec, REAL_TOKENS, device)
