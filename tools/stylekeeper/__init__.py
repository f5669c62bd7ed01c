"""StyleKeeper: generation in the style of a reference image without copying its content.

Training-free, on SDXL base 1.0 (DESIGN.md §6; docs/stylekeeper.md). Reading order:

1. `functional`  the pure math (row layout, swapped attention, guidance, stochastic encoding, AdaIN);
2. `attention`   the attention processor, the layer choice, installing / restoring it;
3. `sampling`    the denoising loop (`stylekeeper_sample`);
4. `backend`     the pipelines (tiny random SDXL, real pinned SDXL) and `StyleKeeperBackend`.

One UNet batch per step holds every branch; rows are laid out as

    [ref_c, ref_u, gen_c x N, gen_u x N (if lambda < 1), nvq x N (if lambda > 0)]

`ref_*` rows carry the (stochastically encoded) style latent, `gen_*` and `nvq` rows the latents
being generated; `_c` rows use the prompt, `_u` and `nvq` rows the null prompt. In the swapped
self-attention layers each row takes its queries from row `q_src[i]` and its keys/values from row
`kv_src[i]`: a gen row attends with its own queries to its reference's K/V, an nvq row uses the
null-prompt reference's queries against its own K/V (simulated content leakage), and the
reference rows attend normally.
"""

from tools.stylekeeper.attention import (
    LAYER_PRESETS,
    StyleSwapProcessor,
    SwapState,
    resolve_layers,
    swapped_attention,
    up_self_attention_names,
)
from tools.stylekeeper.backend import (
    DEFAULT_OPTIONS,
    PRESET_DEFAULTS,
    SDXL_BASE,
    SDXL_VAE_FP16_FIX,
    StyleKeeperBackend,
    build_real_pipeline,
    build_tiny_pipeline,
    byte_level_clip_tokenizer,
)
from tools.stylekeeper.functional import (
    RowLayout,
    adain_channels,
    build_layout,
    calibrated_ddim_step,
    guided_noise,
    predict_x0,
    reference_noise_seed,
    stochastic_reference_latent,
    swap_attention,
)
from tools.stylekeeper.sampling import (
    DEFAULT_GUIDANCE,
    decode_latents,
    encode_image,
    stylekeeper_sample,
    unet_forward,
)

__all__ = [
    "DEFAULT_GUIDANCE", "DEFAULT_OPTIONS", "LAYER_PRESETS", "PRESET_DEFAULTS", "SDXL_BASE", "SDXL_VAE_FP16_FIX",
    "RowLayout", "StyleKeeperBackend", "StyleSwapProcessor", "SwapState", "adain_channels", "build_layout",
    "build_real_pipeline", "build_tiny_pipeline", "byte_level_clip_tokenizer", "decode_latents", "encode_image",
    "calibrated_ddim_step", "guided_noise", "predict_x0", "reference_noise_seed", "resolve_layers",
    "stochastic_reference_latent", "stylekeeper_sample", "swap_attention", "swapped_attention", "unet_forward",
    "up_self_attention_names",
]
