"""PNG downloads that carry their recipe in PNG text chunks."""

from __future__ import annotations

import io
import json
from typing import Any

from PIL import Image
from PIL.PngImagePlugin import PngInfo

PREFIX = "image-studio:"


def recipe_chunks(ref: Any) -> dict[str, str]:
    """The text chunks for an image: tool, prompt, rewritten prompt, seed, model, revision, parents."""
    recipe = ref.recipe or {}
    chunks: dict[str, str] = {"handle": f"#{ref.handle}", "id": ref.id, "origin": ref.origin}
    parents = ref.parents
    chunks["parents"] = ", ".join(f"#{p.handle} {p.id}" for p in parents)
    if recipe:
        chunks["tool"] = str(recipe.get("tool", ""))
        chunks["backend"] = str(recipe.get("backend", ""))
        chunks["prompt"] = str(recipe.get("prompt", ""))
        rewritten = recipe.get("rewritten_prompt") or recipe.get("pipeline_prompt")
        if rewritten and rewritten != recipe.get("prompt"):
            chunks["rewritten_prompt"] = str(rewritten)
        if recipe.get("seed") is not None:
            chunks["seed"] = str(recipe["seed"])
        chunks["model"] = str(recipe.get("model_id") or recipe.get("models") or "")
        revision = recipe.get("revision") or recipe.get("revisions")
        chunks["revision"] = json.dumps(revision) if isinstance(revision, (dict, list)) else str(revision or "")
        chunks["recipe"] = json.dumps(recipe, sort_keys=True, default=str)
    return {PREFIX + key: value for key, value in chunks.items()}


def png_with_recipe(ref: Any) -> bytes:
    """The image as PNG bytes with its recipe in iTXt chunks (UTF-8 safe)."""
    info = PngInfo()
    for key, value in recipe_chunks(ref).items():
        info.add_itxt(key, value)
    buffer = io.BytesIO()
    ref.pil().save(buffer, format="PNG", pnginfo=info)
    return buffer.getvalue()


def read_recipe_chunks(png: bytes) -> dict[str, str]:
    """The image-studio text chunks of a PNG (for tests and for people who want them back)."""
    image = Image.open(io.BytesIO(png))
    image.load()
    return {k[len(PREFIX):]: v for k, v in image.text.items() if k.startswith(PREFIX)}
