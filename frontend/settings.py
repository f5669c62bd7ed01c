"""The settings popover by the message box: aspect ratio, number of images, seed and steps.

They last for the browser tab (`st.session_state`) until changed or reset, and go with every message sent from the
box as keyword arguments of `Session.send` (a queued message keeps those it was sent with). "Auto" (or an empty
field) sends nothing, so the words of the message and the preset decide. The aspect ratios are the sizes the studio
uses for the same words ("16:9" in a message), from `studio.parameters.ASPECTS`.
"""

from __future__ import annotations

import re

import streamlit as st

from frontend.plain import as_text
from frontend.state import check_message, clear_flash, flash, ss
from studio.parameters import ASPECTS
from tools.schemas import GenerationParams

AUTO = "auto"
ASPECT_CHOICES = ("1:1", "3:2", "2:3", "16:9", "9:16")
COUNT_CHOICES = (1, 2, 3, 4)
STEPS_LIMITS = (1, 150)  # what the popover takes (the library takes up to 1000, said in words)
SEED_MAX = next(m.le for m in GenerationParams.model_fields["seed"].metadata if getattr(m, "le", None) is not None)
DEFAULTS = {"settings_aspect": AUTO, "settings_count": AUTO, "settings_seed": "", "settings_steps": ""}
_WHOLE = re.compile(r"[0-9]+")


def _whole(raw: str) -> int | None:
    return int(raw) if _WHOLE.fullmatch(raw) else None


def read_settings() -> tuple[dict, dict[str, str]]:
    """The keyword arguments of `Session.send` that the popover sets (nothing for "auto" and empty fields), and
    what is wrong with a field, by field ("seed", "steps")."""
    chosen: dict = {}
    problems: dict[str, str] = {}
    aspect = ss.get("settings_aspect", AUTO)
    if aspect in ASPECTS:
        chosen["width"], chosen["height"] = ASPECTS[aspect]
    count = ss.get("settings_count", AUTO)
    if count in COUNT_CHOICES:
        chosen["count"] = count
    seed_text = (ss.get("settings_seed") or "").strip()
    if seed_text:
        seed = _whole(seed_text)
        if seed is None or seed > SEED_MAX:
            which = f"at most {SEED_MAX}" if seed is not None else "a whole number, 0 or more"
            problems["seed"] = f"Seed: {which}, not “{seed_text}”. Leave it empty for a new random seed each time."
        else:
            chosen["seed"] = seed
    steps_text = (ss.get("settings_steps") or "").strip()
    if steps_text:
        low, high = STEPS_LIMITS
        steps = _whole(steps_text)
        if steps is None or not low <= steps <= high:
            problems["steps"] = (f"Steps: a whole number from {low} to {high}, not “{steps_text}”. "
                                 "Leave it empty for the preset's default.")
        else:
            chosen["steps"] = steps
    return chosen, problems


def chosen_settings() -> dict:
    """The keyword arguments for the next `Session.send` (only the valid ones: a bad field stops the message
    before it is sent, in `check_message_and_settings`)."""
    return read_settings()[0]


def settings_label(chosen: dict, problems: dict[str, str]) -> str:
    """What is set, readable on the closed popover: "⚙ 16:9 · 4 images · seed 7 · 30 steps", "⚙ Settings"."""
    parts = []
    aspect = ss.get("settings_aspect", AUTO)
    if "width" in chosen and aspect in ASPECTS:
        parts.append(aspect)
    if "count" in chosen:
        parts.append("1 image" if chosen["count"] == 1 else f"{chosen['count']} images")
    if "seed" in chosen:
        parts.append(f"seed {chosen['seed']}")
    if "steps" in chosen:
        parts.append(f"{chosen['steps']} steps")
    label = "⚙ " + (" · ".join(parts) or "Settings")
    if problems:
        label += " · ⚠ check the " + " and the ".join(problems)
    return label


def settings_popover() -> None:
    """The popover and its fields (the page draws it in `st.bottom`, left of the message box, in its row)."""
    for key, value in DEFAULTS.items():
        ss.setdefault(key, value)
    chosen, problems = read_settings()
    with st.popover(settings_label(chosen, problems), key="settings", help="Aspect ratio, number of images, seed and "
                    "steps for every message you send from the box, until you change them"):
        st.pills("Aspect ratio", (AUTO, *ASPECT_CHOICES), required=True, key="settings_aspect", persist_state="session",
                 format_func=lambda v: "Auto" if v == AUTO else v,
                 help="Auto: the size the model and your words choose. " + ", ".join(
                     f"{a}: {ASPECTS[a][0]}×{ASPECTS[a][1]}" for a in ASPECT_CHOICES))
        st.segmented_control("Number of images", (AUTO, *COUNT_CHOICES), required=True, key="settings_count",
                             persist_state="session", format_func=lambda v: "Auto" if v == AUTO else str(v),
                             help="Auto: one, or as many as your words ask for (“3 variations”)")
        left, right = st.columns(2)
        left.text_input("Seed", key="settings_seed", placeholder="random", persist_state="session",
                        help="The same seed and words give the same picture; empty: a new random seed each time")
        right.text_input("Steps", key="settings_steps", placeholder="preset default", persist_state="session",
                         help=f"Denoising steps, {STEPS_LIMITS[0]} to {STEPS_LIMITS[1]}; empty: the preset's default")
        for problem in problems.values():
            st.error(as_text(problem), icon=":material/error:")  # it quotes what was typed
        st.caption("These go with every message from the box and win over the same settings said in its words.")
        st.button("Reset to automatic", key="settings_reset", icon=":material/restart_alt:", on_click=reset_settings,
                  disabled=all(ss.get(key) == value for key, value in DEFAULTS.items()))


def reset_settings() -> None:
    for key, value in DEFAULTS.items():
        ss[key] = value


def check_message_and_settings() -> None:
    """The message box's on_submit: files that are no images stop the message (`check_message`), and so does a bad
    seed or steps in the popover; the text goes back into the box and nothing is sent."""
    check_message()
    message = ss.get("chat")
    if message is None or isinstance(message, str):
        return  # nothing sent, or refused already
    problems = read_settings()[1]
    if problems:
        clear_flash()
        text = message.text or ""
        back = f" Your message is back in the box: “{text}”." if text.strip() else ""
        files = " Attach its files again." if message.files else ""
        said = " ".join(problems.values())
        flash("error", f"Not sent: fix the settings by the message box first. {said}{back}{files}")
        ss.chat = text
