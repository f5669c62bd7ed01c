"""What one browser tab holds between reruns (`st.session_state`): the open session, which the
address carries too, the flash messages, the running turn; and the checks a message passes before
it is sent. The studio itself (models and store) is one per server process."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from frontend.jobs import JobRegistry, TurnJob
from frontend.owner import browser_id, may_open
from studio import BadInputError, Studio
from studio.images import NamedBytes, open_image

UPLOAD_TYPES = ["png", "jpg", "jpeg", "webp"]
COMMAND_KINDS = ("undo", "redo")  # log entries of head moves: not part of the turn tree
THUMB = 96
CHAT_IMAGE = 160
POLL_SECONDS = 0.5

ss = st.session_state


# -- the studio (models and store, one per server process) ---------------------------------------
@st.cache_resource(show_spinner="Opening the studio…")
def get_studio(home: str, preset: str) -> Studio:
    return Studio.open(home, preset=preset)


def studio_from_env() -> Studio:
    home = os.environ.get("IMAGE_STUDIO_HOME", "~/.image-studio")
    preset = os.environ.get("IMAGE_STUDIO_PRESET", "tiny")
    return get_studio(str(Path(home).expanduser()), preset)


def open_session(studio: Studio):
    """The session this browser shows: the one in the address (`?session=…`, so a reload, a new tab or a
    server restart comes back to it), else the one open in this tab, else the one used most recently.
    None for a new home or after "New session": a session is made by its first message."""
    for session_id in (st.query_params.get("session"), ss.get("session_id")):
        if not session_id:
            continue
        if session_id == ss.get("deleted_session"):  # a rerun that still carries the address from before
            continue                                  # this tab's delete: no warning over its "Deleted"
        try:
            session = studio.session(session_id)
        except KeyError:
            flash("warning", "That session no longer exists; here is the one used most recently.")
            continue
        if not may_open(session, browser_id()):
            flash("warning", "That session belongs to another browser; here is yours.")
            continue
        select_session(session.id)
        return session
    latest = None if ss.get("fresh") else studio.last_used_session(visible_to=browser_id())
    if latest is not None:
        select_session(latest.id)
    else:
        st.query_params.pop("session", None)
    return latest


def select_session(session_id: str | None, notice: tuple[str, str] | None = None, deleted: str | None = None) -> None:
    """Open `session_id` (None: a new, empty page) with the `notice` flashed; `deleted`: the session
    whose delete this is, offered for undo. Session state is written before the address, because a
    rerun can cut a callback short at its first Streamlit call."""
    if ss.get("session_id") != session_id:
        if ss.get("session_id"):  # after a delete the "deleted" message stays
            clear_flash()
        ss.session_id = session_id
        ss.pending_refs = []
        ss.pending_mask = None
        ss.deleted_session = None  # its undo is offered only beside the "Deleted" message
    if notice:
        clear_flash()
        flash(*notice)
    if deleted:
        ss.deleted_session = deleted
    ss.fresh = session_id is None
    if session_id is None:
        st.query_params.pop("session", None)
    elif st.query_params.get("session") != session_id:
        st.query_params["session"] = session_id


def title_from(text: str) -> str:
    """A session's title from its first message: its first line, cut at a word near 48 characters."""
    line = " ".join((text or "").split("\n", 1)[0].split())
    if not line:
        return "Images"
    if len(line) <= 48:
        return line
    return line[:48].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"


def check_message() -> None:
    """Before the page handles a sent message: a file in it that is no image stops it whole, with the
    file's name, and its text goes back into the box (nothing is sent without the file)."""
    message = ss.get("chat")
    if message is None or isinstance(message, str):
        return
    problem = refused_upload([NamedBytes(f.getvalue(), f.name) for f in message.files])
    if problem:
        clear_flash()
        text = message.text or ""
        back = f" Your message is back in the box: “{text}”." if text.strip() else ""
        flash("error", f"Not sent: {problem.rstrip('.')}.{back} Remove that file and send again.")
        ss.chat = text


def refused_upload(uploads: list[bytes]) -> str | None:
    """Why one of the files is no image the studio takes (its name in the reason), checked before the
    turn starts so that nothing is sent without it; None when all are fine."""
    for upload in uploads:
        try:
            open_image(upload, what="attachment", fit=True)  # too large is scaled down later, not refused
        except BadInputError as exc:
            return str(exc)
    return None


def flash(level: str, text: str) -> None:
    """A message about the last action; it stays until the next action (reruns alone keep it)."""
    ss.setdefault("flash", []).append((level, text))


def clear_flash() -> None:
    ss.flash = []


@st.cache_resource
def job_registry() -> JobRegistry:
    return JobRegistry()


def running_job() -> TurnJob | None:
    """This tab's job, else the job running on the open session (started before a reload, or in another tab)."""
    return ss.get("job") or job_registry().get(ss.get("session_id"))


def checkout_turn(session, turn_id: str) -> None:
    clear_flash()
    try:
        session.checkout(turn_id)
    except (KeyError, ValueError) as exc:
        flash("error", str(exc))
        return
    flash("info", "Moved to an earlier turn: the next message starts a new branch from there.")
