"""PNG downloads that carry their recipe in PNG text chunks."""

from __future__ import annotations

import io
import json
import re
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


def a1111_parameters(ref: Any) -> str | None:
    """The recipe as the `parameters` text that AUTOMATIC1111, ComfyUI viewers and civitai read:
    the prompt on the first line, then "Steps: …, CFG scale: …, Seed: …, Size: WxH, Model: …"."""
    recipe = ref.recipe or {}
    if not recipe.get("prompt"):
        return None
    fields = [("Steps", recipe.get("steps")), ("CFG scale", recipe.get("guidance")), ("Seed", recipe.get("seed")),
              ("Size", f"{ref.width}x{ref.height}"), ("Model", recipe.get("model_id")), ("Tool", recipe.get("tool"))]
    settings = ", ".join(f"{name}: {str(value).replace(',', ';')}" for name, value in fields if value not in (None, ""))
    return f"{recipe['prompt']}\n{settings}"


def download_name(ref: Any, session_title: str) -> str:
    """ "fox-lighthouse_5_seed891941563.png": the session's first words, the handle, and the seed if any."""
    words = re.findall(r"[a-z0-9]+", session_title.lower())[:4] or ["image"]
    seed = (ref.recipe or {}).get("seed")
    return f"{'-'.join(words)}_{ref.handle}" + (f"_seed{seed}" if seed is not None else "") + ".png"


def png_with_recipe(ref: Any) -> bytes:
    """The image as PNG bytes with its recipe in iTXt chunks (UTF-8 safe), and the A1111 `parameters`."""
    info = PngInfo()
    for key, value in recipe_chunks(ref).items():
        info.add_itxt(key, value)
    parameters = a1111_parameters(ref)
    if parameters:
        info.add_itxt("parameters", parameters)
    buffer = io.BytesIO()
    ref.pil().save(buffer, format="PNG", pnginfo=info)
    return buffer.getvalue()


def read_recipe_chunks(png: bytes) -> dict[str, str]:
    """The image-studio text chunks of a PNG (for tests and for people who want them back)."""
    image = Image.open(io.BytesIO(png))
    image.load()
    return {k[len(PREFIX):]: v for k, v in image.text.items() if k.startswith(PREFIX)}
