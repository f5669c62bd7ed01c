"""Sentence-encoder vectors of single words, for telling which image a person's words describe
(studio/content.py): "coat" is near "jacket", "red" is not near "blue"."""

from __future__ import annotations

import functools


class WordVectors:
    """Sentence-encoder vectors of single words (all-MiniLM-L6-v2, the interpreter's base, without its
    adapter), computed once per word per process."""

    def __init__(self):
        from transformers import AutoModel, AutoTokenizer

        from studio.interpreter import base_model_dir, check_base_weights

        folder = base_model_dir()
        check_base_weights(folder)
        self.tokenizer = AutoTokenizer.from_pretrained(folder)
        self.model = AutoModel.from_pretrained(folder).eval()
        self.cache: dict[str, object] = {}

    def similarity(self, a: str, b: str) -> float:
        va, vb = self.vectors([a, b])
        return float((va * vb).sum())

    def vectors(self, words: list[str]) -> list:
        import torch

        missing = [w for w in dict.fromkeys(words) if w not in self.cache]
        if missing:
            batch = self.tokenizer(missing, padding=True, return_tensors="pt")
            with torch.inference_mode():
                hidden = self.model(**batch).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            pooled = torch.nn.functional.normalize((hidden * mask).sum(1) / mask.sum(1), dim=-1)
            self.cache.update(zip(missing, pooled))
        return [self.cache[w] for w in words]


@functools.cache
def word_vectors() -> WordVectors:
    """One encoder per process, loaded on the first reference that needs it (about 1 s)."""
    return WordVectors()
