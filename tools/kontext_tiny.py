"""Tiny random components of the multi-reference Kontext pipeline (tests and the tiny preset), after diffusers'
dummy-component recipe: the same classes as FLUX.1 Kontext, sizes a CPU runs in milliseconds."""

from __future__ import annotations

from typing import Any

import torch

from tools.kontext_multiref import bucket_size



TINY_MAX_SEQUENCE_LENGTH = 32


def tiny_bucket(width: int, height: int) -> tuple[int, int]:
    """Tiny-model bucketing: keep the aspect ratio at ~32x32 pixels, multiples of 4."""
    return bucket_size(width, height, target_area=32 * 32, multiple_of=4)


def _tiny_clip_tokenizer():
    from transformers import CLIPTokenizer

    from tools.qwen_vl_tiny import _byte_level_alphabet

    alphabet = _byte_level_alphabet()
    vocab = {ch: i for i, ch in enumerate(alphabet)}
    vocab.update({ch + "</w>": 256 + i for i, ch in enumerate(alphabet)})
    vocab["<|startoftext|>"] = len(vocab)
    vocab["<|endoftext|>"] = len(vocab)
    return CLIPTokenizer(vocab=vocab, merges=[], model_max_length=77)


def _tiny_t5_tokenizer():
    from transformers import T5Tokenizer

    pieces = [("<pad>", 0.0), ("</s>", 0.0), ("<unk>", 0.0), ("\u2581", -2.0)]
    pieces += [(chr(c), -3.0) for c in range(33, 127)]
    return T5Tokenizer(vocab=pieces, extra_ids=100)


def build_tiny_kontext_components(seed: int = 0) -> dict[str, Any]:
    """The components of a tiny FLUX Kontext (random weights after `seed`, tokenizers in memory).

    Use with `FluxKontextMultiRefPipeline(**build_tiny_kontext_components())` or the stock
    `FluxKontextPipeline(**...)`. VAE factor 1, one latent channel: a 32x32 image is 16x16 tokens.
    """
    from diffusers import AutoencoderKL, FlowMatchEulerDiscreteScheduler, FluxTransformer2DModel
    from transformers import CLIPTextConfig, CLIPTextModel, T5Config, T5EncoderModel

    clip_tokenizer = _tiny_clip_tokenizer()
    t5_tokenizer = _tiny_t5_tokenizer()
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        transformer = FluxTransformer2DModel(
            patch_size=1,
            in_channels=4,
            num_layers=1,
            num_single_layers=1,
            attention_head_dim=16,
            num_attention_heads=2,
            joint_attention_dim=32,
            pooled_projection_dim=32,
            axes_dims_rope=[4, 4, 8],
            guidance_embeds=True,
        )
        torch.manual_seed(seed)
        text_encoder = CLIPTextModel(
            CLIPTextConfig(
                vocab_size=len(clip_tokenizer),
                hidden_size=32,
                intermediate_size=37,
                num_hidden_layers=1,
                num_attention_heads=4,
                projection_dim=32,
                max_position_embeddings=77,
                bos_token_id=clip_tokenizer.bos_token_id,
                eos_token_id=clip_tokenizer.eos_token_id,
                pad_token_id=clip_tokenizer.pad_token_id,
                hidden_act="gelu",
            )
        )
        torch.manual_seed(seed)
        text_encoder_2 = T5EncoderModel(
            T5Config(
                vocab_size=len(t5_tokenizer),
                d_model=32,
                d_ff=37,
                d_kv=8,
                num_layers=1,
                num_heads=4,
                relative_attention_num_buckets=8,
                pad_token_id=0,
                eos_token_id=1,
                decoder_start_token_id=0,
            )
        )
        torch.manual_seed(seed)
        vae = AutoencoderKL(
            sample_size=32,
            in_channels=3,
            out_channels=3,
            block_out_channels=(4,),
            layers_per_block=1,
            latent_channels=1,
            norm_num_groups=1,
            use_quant_conv=False,
            use_post_quant_conv=False,
            shift_factor=0.0609,
            scaling_factor=1.5035,
        )
    return {
        "scheduler": FlowMatchEulerDiscreteScheduler(),
        "vae": vae.eval(),
        "text_encoder": text_encoder.eval(),
        "tokenizer": clip_tokenizer,
        "text_encoder_2": text_encoder_2.eval(),
        "tokenizer_2": t5_tokenizer,
        "transformer": transformer.eval(),
    }
