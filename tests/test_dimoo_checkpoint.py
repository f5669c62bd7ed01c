"""The LLaDA module at the real 8B config (meta device) against the documented checkpoint names."""

from __future__ import annotations

import torch

from tools.dimoo.checkpoint_map import checkpoint_shapes, documented_names, load_safetensors, name_map
from tools.dimoo.model import REAL_CONFIG, DimooLM, LLaDAConfig


def test_real_config_names_and_shapes_map_one_to_one():
    with torch.device("meta"):
        model = DimooLM(REAL_CONFIG, dtype=torch.bfloat16)
    params = {n: list(p.shape) for n, p in model.named_parameters()}
    documented = documented_names()
    mapping = name_map(REAL_CONFIG)
    assert set(mapping) == set(documented)  # every documented tensor has an entry
    assert sorted(mapping.values()) == sorted(params)  # ... onto every parameter, once
    for ckpt, module in mapping.items():
        assert params[module] == documented[ckpt], ckpt
    assert checkpoint_shapes(REAL_CONFIG) == documented
    n = sum(p.numel() for p in model.parameters())
    assert 8.0e9 < n < 9.0e9  # LLaDA-8B plus the image-code rows


def test_safetensors_round_trip(tmp_path):
    from safetensors.torch import save_file

    cfg = LLaDAConfig(d_model=16, n_heads=2, n_kv_heads=2, n_layers=2, mlp_hidden_size=32, vocab_size=50)
    torch.manual_seed(1)
    src = DimooLM(cfg)
    save_file({k: v.contiguous() for k, v in src.state_dict().items()}, str(tmp_path / "model.safetensors"))
    torch.manual_seed(2)
    dst = DimooLM(cfg)
    load_safetensors(dst, tmp_path)
    for (a, pa), (b, pb) in zip(src.named_parameters(), dst.named_parameters()):
        assert a == b and torch.equal(pa, pb)
