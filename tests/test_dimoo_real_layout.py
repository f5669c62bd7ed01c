"""The real preset's loading path on a fake local snapshot: real token ids (MASK 126336, codes from
126356, 8192 codes), a shrunken LLaDA config.json, safetensors weights, a vqvae/ folder and a
tokenizer folder — everything `build_real` (tools/dimoo/build.py) reads, without the 16 GB of weights."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch
from PIL import Image

from tools.base import BackendRequest, ModelMissingError
from tools.dimoo import DimooBackend


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    from diffusers import VQModel
    from safetensors.torch import save_file
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    from tools.dimoo.images import tiny_vq_config
    from tools.dimoo.model import DimooLM, LLaDAConfig

    root = tmp_path_factory.mktemp("lumina-dimoo")
    raw = dict(d_model=16, n_heads=2, n_kv_heads=2, n_layers=1, mlp_hidden_size=32, vocab_size=126464,
               embedding_size=134548, rope_theta=500000.0, rms_norm_eps=1e-5, block_type="llama",
               activation_type="silu", weight_tying=False, include_bias=False)
    (root / "config.json").write_text(json.dumps(raw))
    cfg = LLaDAConfig(d_model=16, n_heads=2, n_kv_heads=2, n_layers=1, mlp_hidden_size=32, vocab_size=134548)
    torch.manual_seed(0)
    save_file({k: v.contiguous() for k, v in DimooLM(cfg).state_dict().items()}, str(root / "model.safetensors"))
    VQModel(**tiny_vq_config(8192)).save_pretrained(str(root / "vqvae"))
    alphabet = pre_tokenizers.ByteLevel.alphabet()
    tok = Tokenizer(models.BPE(vocab={c: i for i, c in enumerate(sorted(alphabet))}, merges=[]))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    fast = PreTrainedTokenizerFast(tokenizer_object=tok)
    fast.add_special_tokens({"additional_special_tokens": ["<system>", "</system>", "<user>", "</user>", "<uncondition>"]})
    fast.save_pretrained(str(root))
    return root


@pytest.fixture()
def real(snapshot, monkeypatch):
    import tools.hub

    monkeypatch.setattr(tools.hub, "require_local", lambda spec, name: snapshot)
    return DimooBackend("real", device="cpu")


def test_missing_weights_name_the_pull_command(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path))
    with pytest.raises(ModelMissingError, match="studio models pull lumina-dimoo"):
        DimooBackend("real", device="cpu").run(BackendRequest(tool="generate", prompt="x"))


def test_real_layout_generate_edit_describe(real):
    steps = []
    out = real.run(BackendRequest(tool="generate", prompt="a fox", width=32, height=32, steps=3, seed=0,
                                  on_step=lambda i, n: steps.append(i), options={"cache": False}))
    assert out.images[0].size == (32, 32) and steps == [1, 2, 3]
    assert out.recipe["model_id"] == "Alpha-VLLM/Lumina-DiMOO" and out.recipe["revision"]
    codes = real.last_run["codes"]
    assert int(codes.min()) >= 0 and int(codes.max()) < 8192
    photo = Image.fromarray(np.random.RandomState(0).randint(0, 255, (48, 48, 3), dtype=np.uint8))
    edited = real.run(BackendRequest(tool="edit", prompt="make it red", source=photo, steps=2,
                                     options={"bucket_side": 32}))
    assert edited.images[0].size == (32, 32)
    answer = real.run(BackendRequest(tool="describe", prompt="what is it?", references=[photo],
                                     options={"gen_length": 4, "block_length": 4, "understand_side": 32}))
    assert len(real.last_run["answer_ids"]) == 4
    assert answer.text == real._build().codec.decode(real.last_run["answer_ids"])  # the sampled ids, decoded
