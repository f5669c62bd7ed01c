"""Sending a message: the turn runs in a worker thread (frontend/jobs.py) through `Session.send`,
like every other way into the studio; a message sent while one runs waits in the tab's queue."""

from __future__ import annotations

import functools
import hashlib

from frontend.jobs import TurnJob
from frontend.owner import browser_id
from frontend.settings import chosen_settings
from frontend.state import COMMAND_KINDS, clear_flash, flash, job_registry, running_job, select_session, ss, title_from
from studio import Studio


def start_job(label: str, run, attachments: list[bytes] = (), has_mask: bool = False, restore=None) -> None:
    if running_job() is not None:
        flash("warning", "A turn is still running; wait for it or cancel it.")
        return
    clear_flash()
    job = TurnJob(label=label, run=run, attachments=list(attachments), has_mask=has_mask, restore=restore)
    ss.job = job.start()
    if ss.get("session_id"):
        job_registry().put(ss.session_id, job)


def send_message(studio: Studio, session, text: str, uploads: list[bytes], settings: dict | None = None) -> None:
    """Send a chat message: the pending references (by handle) first, then this message's uploads, with the
    settings popover's choices (`settings`: those a queued message was sent with; None: the popover's now).
    Without a session (a new home, or after "New session") the message starts one, titled from it."""
    settings = chosen_settings() if settings is None else settings
    if session is None:
        session = studio.new_session(title=title_from(text), owner=browser_id())
        select_session(session.id)
        ss.new_session_id = session.id  # removed again if its first message is refused
    refs = list(ss.get("pending_refs") or [])
    mask = ss.get("pending_mask")
    # what the Mask tab's canvas holds now, attached or not: (the image it was painted on, the mask)
    canvas, painted = ss.get("drawn_mask") or (None, None)
    current = session.current_image()
    if current is None or canvas != current.id:
        canvas, painted = None, None  # strokes on an image that is no longer current (an undo since) stay behind
    painted_unattached = mask is None and painted is not None and (canvas, _digest(painted)) != ss.get("sent_drawn_mask")
    if painted_unattached:
        mask = painted  # a painted mask is never ignored: sending means using it
    if mask is not None and painted is not None and _digest(mask) == _digest(painted):
        ss.sent_drawn_mask = (canvas, _digest(painted))  # the strokes stay on that canvas; they go once
    images: list[bytes] = []
    missing = []
    for handle in refs:
        try:
            images.append(session.image(handle).path.read_bytes())
        except KeyError:
            missing.append(handle)
    images += uploads
    ss.pending_refs, ss.pending_mask = [], None
    start_job(
        text or "(images)",
        functools.partial(session.send, text, images=images, mask=mask, **settings),
        attachments=images, has_mask=mask is not None, restore=(refs, mask, text),
    )
    for handle in missing:
        flash("warning", f"image #{handle} is no longer in this session; it was not attached")
    if painted_unattached:
        flash("info", "The mask you painted went with this message (it was not attached yet).")


def queue_message(session, text: str, uploads: list[bytes]) -> None:
    """A message sent while a turn runs waits its turn (with the references, mask and settings chosen now)."""
    ss.setdefault("queued", []).append({"session": session.id, "text": text, "uploads": uploads,
                                        "refs": list(ss.get("pending_refs") or []), "mask": ss.get("pending_mask"),
                                        "settings": chosen_settings()})
    ss.pending_refs, ss.pending_mask = [], None


def run_next_queued(studio: Studio) -> None:
    """Start the oldest queued message once nothing runs."""
    if running_job() is not None or not ss.get("queued"):
        return
    item = ss.queued.pop(0)
    try:
        session = studio.session(item["session"])
    except KeyError:  # its session was deleted meanwhile
        return
    ss.pending_refs, ss.pending_mask = item["refs"], item["mask"]
    send_message(studio, session, item["text"], item["uploads"], settings=item.get("settings", {}))


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def finish_job(studio: Studio) -> None:
    """Turn a finished job into messages; the turn itself is already in the store."""
    job = running_job()
    if job is None or not job.done:
        return
    mine = ss.get("job") is job
    ss.job = None
    if not job_registry().finished(job) and not mine:
        return  # another tab showed this outcome
    if job.error_kind != "bad_input":
        ss.pop("new_session_id", None)
    if job.error_kind == "bad_input":
        refs, mask, text = job.restore or ([], None, "")
        ss.pending_refs, ss.pending_mask, ss.restore_text = refs, mask, text
        made_for_it = ss.pop("new_session_id", None)
        if made_for_it and not studio.session(made_for_it).all_turns():
            studio.session(made_for_it).delete()  # the session this message would have started
            select_session(None)
        flash("error", f"Not sent: {job.error}. Your message is back in the box.")
    elif job.error and job.cancelled:
        flash("info", f"{job.error[:1].upper()}{job.error[1:]}. The session is unchanged.")  # "Stopped at step 26/60."
    elif job.error:
        flash("error", f"The turn failed: {job.error}. The session is unchanged; carry on.")
    elif job.reply is not None and job.reply.turn.kind in COMMAND_KINDS:
        flash("info", job.reply.text)
