"""The turn running now and the messages waiting behind it: the queued messages at the chat's end, the progress and
Cancel in a strip above the message box (frontend/sending.py starts turns; frontend/jobs.py runs them)."""

from __future__ import annotations

import streamlit as st

from frontend.plain import as_text
from frontend.state import POLL_SECONDS, running_job, ss


def queued_messages() -> None:
    """The messages sent while a turn runs, each with Remove; they run in order when it ends."""
    for n, item in enumerate(ss.get("queued") or []):
        with st.chat_message("user"):
            st.markdown(as_text(item["text"]) if item["text"] else "_(images only)_")
            st.caption("queued: runs when the turn before it ends")
            st.button("Remove", key=f"unqueue_{n}_{len(ss.queued)}", icon=":material/close:",
                      on_click=lambda n=n: ss.queued.pop(n))


@st.fragment(run_every=POLL_SECONDS)
def progress_panel() -> None:
    """Redrawn on its own every POLL_SECONDS while a turn runs; reruns the page when the turn ends.

    (A sleep + full `st.rerun()` loop instead keeps stale elements on screen: runs that end in a
    rerun do not clear them, so the page showed duplicated elements while a turn ran.)
    """
    job = running_job()
    if job is None:
        return
    if job.done:
        st.rerun(scope="app")
    seconds = f"{job.elapsed:.0f} s"
    if job.phase == "starting":
        st.markdown(f":material/hourglass_top: **Loading models and planning…** ({seconds})")
        st.progress(0.0)
    elif job.phase == "loading":
        st.markdown(f":material/hourglass_top: **{job.tool}** with {job.backend}: loading the model "
                    f"(first use only)… ({seconds})")
        st.progress(0.0)
    elif job.total and job.step >= job.total:
        st.markdown(f"**{job.tool}**: step {job.step}/{job.total} — finishing… ({seconds})")
        st.progress(1.0)
    else:
        which = f", image {job.image} of {job.images}" if job.images > 1 else ""
        st.markdown(f"**{job.tool}**: step {job.step}/{job.total}{which} ({seconds})")
        st.progress(job.step / job.total if job.total else 0.0)
    if job.cancelled:
        st.caption("Cancelling at the next step…")
    else:
        st.button("Cancel", key="cancel_job", on_click=job.cancel)
