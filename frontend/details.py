"""What an image is, in words: the alt text every picture carries ("#4: edit of #2 with #3, 'put this
hat on it'") and the details dialog the gallery opens (how it was made, the prompt ready to copy, and
"Use these settings", which puts the prompt, seed and steps into the message box)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from frontend.state import THUMB, ss

PROMPT_IN_ALT = 80  # characters of the prompt an alt text quotes


def made_from(ref: Any) -> str:
    """ "edit of #2 with #3", "generate", "upload": the step that brought the image."""
    if ref.origin == "upload":
        return "upload"
    tool = (ref.recipe or {}).get("tool") or "output"
    parents = [f"#{p.handle}" for p in ref.parents]
    if not parents:
        return str(tool)
    return f"{tool} of {parents[0]}" + (f" with {', '.join(parents[1:])}" if parents[1:] else "")


def alt_text(ref: Any) -> str:
    """The accessible name of an image: its handle, how it was made and the words that asked for it."""
    prompt = str((ref.recipe or {}).get("prompt") or "").strip()
    if len(prompt) > PROMPT_IN_ALT:
        prompt = prompt[:PROMPT_IN_ALT - 1].rstrip() + "…"
    return f"#{ref.handle}: {made_from(ref)}" + (f", '{prompt}'" if prompt else "")


def settings_message(recipe: dict) -> str:
    """The message "Use these settings" writes: the prompt with its seed and steps, in words the studio reads."""
    parts = [str(recipe.get("prompt") or "").strip()]
    if recipe.get("seed") is not None:
        parts.append(f"seed {recipe['seed']}")
    if recipe.get("steps"):
        parts.append(f"{recipe['steps']} steps")
    return ", ".join(p for p in parts if p)


def _closed() -> None:
    ss.details = None


@st.dialog("Image details", width="large", on_dismiss=_closed)
def image_details(session: Any, handle: int) -> None:
    ref = next((r for r in session.images() if r.handle == handle), None)
    if ref is None:
        st.warning(f"Image #{handle} is no longer in this session.")
        return
    recipe = ref.recipe or {}
    current = session.current_image()
    left, right = st.columns([1, 2])
    left.image(str(ref.path), width=THUMB * 2, alt=alt_text(ref))
    with right:
        badge = "  :green-badge[current]" if current is not None and current.handle == ref.handle else ""
        st.markdown(f"**#{ref.handle}** · {made_from(ref)} · {ref.width}×{ref.height}{badge}")
        facts = [(name, recipe.get(key)) for name, key in (("seed", "seed"), ("steps", "steps"), ("guidance", "guidance"),
                                                           ("model", "model_id"), ("backend", "backend"))]
        shown = " · ".join(f"{name} {value}" for name, value in facts if value not in (None, ""))
        if shown:
            st.caption(shown)
    if recipe.get("prompt"):
        st.caption("Prompt (hover it to copy)")
        st.code(str(recipe["prompt"]), language=None, wrap_lines=True)
        rewritten = recipe.get("rewritten_prompt") or recipe.get("pipeline_prompt")
        if rewritten and rewritten != recipe.get("prompt"):
            st.caption("What the model was given")
            st.code(str(rewritten), language=None, wrap_lines=True)
        if st.button("Use these settings", icon=":material/tune:", key=f"reuse_{ref.handle}",
                     help="Put this prompt, its seed and its steps into the message box"):
            ss.restore_text, ss.details = settings_message(recipe), None
            st.rerun()
    elif ref.origin == "upload":
        st.caption("Uploaded: no recipe. Refer to it as “image %d” or “#%d”." % (ref.handle, ref.handle))
