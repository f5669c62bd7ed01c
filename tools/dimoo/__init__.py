"""Lumina-DiMOO (LLaDA discrete diffusion + VQ tokenizer) for the studio's five tools.

``backend.DimooBackend`` is the entry point; ``model`` (the transformer), ``samplers`` (image and
text decoding, Max Logit Cache), ``tokens`` (ids, prompts), ``images`` (VQ, buckets, masks) and
``checkpoint_map`` (weight names) are the parts. Importing this package loads no torch and no model.
"""

from tools.dimoo.backend import DimooBackend

__all__ = ["DimooBackend"]
