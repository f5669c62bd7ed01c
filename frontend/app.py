"""Image Studio in the browser: `studio serve` runs `streamlit run frontend/app.py`.

A thin caller of the Python API (studio/api.py). Everything a person made lives in the store;
`st.session_state` holds only UI selections: the open session, the references and mask waiting
for the next message, the session just deleted (for its Undo), and the turn that is running right now.
Configuration comes from the environment that `studio serve` sets:
IMAGE_STUDIO_HOME, IMAGE_STUDIO_PRESET and (when exposed beyond localhost) IMAGE_STUDIO_TOKEN.
"""

from __future__ import annotations

import functools
import random
import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `streamlit run` puts only frontend/ on the path

from frontend.auth import require_token  # noqa: E402
from frontend.details import alt_text, image_details  # noqa: E402
from frontend.panels import branch_switcher, branches, chat_rows, mask_on_message, mask_panel, turn_tree  # noqa: E402
from frontend.owner import browser_id, remember_browser  # noqa: E402
from frontend.plain import as_text  # noqa: E402
from frontend.progress import progress_panel, queued_messages  # noqa: E402
from frontend.previews import show_preview  # noqa: E402
from frontend.pngmeta import download_name, png_with_recipe  # noqa: E402
from frontend.sending import finish_job, queue_message, run_next_queued, send_message, start_job  # noqa: E402
from frontend.settings import check_message_and_settings, settings_popover  # noqa: E402
from frontend.skiplink import skip_link  # noqa: E402
from frontend.state import (  # noqa: E402
    CHAT_IMAGE,
    THUMB,
    checkout_turn,
    clear_flash,
    flash,
    open_session,
    running_job,
    select_session,
    ss,
    studio_from_env,
)
from studio import Studio  # noqa: E402
from studio.images import NamedBytes  # noqa: E402


SESSION_THUMB = 32  # px: a session's picture in the sidebar
PENDING_THUMB = 48  # px: a reference or mask waiting for the next message, above the box
CHAT_HEIGHT, PANEL_HEIGHT = 600, 680  # px: the chat and the side panel scroll inside these (1000 px tall windows fit both)

# -- sidebar: preset, sessions ------------------------------------------------------------------
def sidebar(studio: Studio, session) -> None:
    busy = running_job() is not None
    with st.sidebar:
        st.header("Image Studio")
        st.caption(f"Preset **{studio.preset.name}** on **{studio.preset.device}**")
        if studio.preset.name == "tiny":
            st.warning("Tiny preset: the models have random weights, so every image is noise. "
                       "It exists for tests and wiring demos.", icon=":material/info:")
        st.button("New session", key="new_session", icon=":material/add:", width="stretch", disabled=busy,
                  on_click=select_session, args=(None,), help="It starts with your next message")
        st.subheader("Sessions")
        remember_browser()
        for other in reversed(studio.sessions(visible_to=browser_id())):
            current = session is not None and other.id == session.id
            with st.container(horizontal=True, gap="small", vertical_alignment="center"):
                shown = other.current_image()  # the picture the session is at, as its thumbnail
                if shown is not None:
                    st.image(str(shown.path), width=SESSION_THUMB, alt=alt_text(shown))
                st.button(as_text(other.title) if other.title else "Untitled", key=f"open_{other.id}", width="stretch",
                          type="primary" if current else "secondary", disabled=busy and not current,
                          on_click=select_session, args=(other.id,))
            st.caption(f"{other.last_active.astimezone():%d %b %Y, %H:%M}")
        if session is None:
            return
        st.divider()
        st.text_input("Title of this session", value=session.title, key=f"title_{session.id}",
                      on_change=_rename, args=(session,), help="Enter renames")
        st.button("Rename", key="rename", on_click=_rename, args=(session,))
        st.button("Delete session", key="delete", icon=":material/delete:", disabled=busy, on_click=_delete, args=(session,),
                  help="You can undo it until the studio restarts")
        if browser_id() is not None:  # a shared studio: sessions are this browser's until shared on purpose
            if session.owner is None:
                st.caption("Shared: everyone with the access token sees this session.")
            else:
                st.button("Share with everyone who has the token", key="share", icon=":material/group:", on_click=_share,
                          args=(session,))


def _share(session) -> None:
    session.share()
    clear_flash()
    flash("success", "Shared: everyone with the access token sees this session now.")


def _rename(session) -> None:
    title = (ss.get(f"title_{session.id}") or "").strip()
    if title == session.title:
        return  # (also the title box of a session just deleted, firing on a later rerun: its "Deleted" message stays)
    clear_flash()
    if not title:
        flash("error", "A session title cannot be empty.")
        return
    session.rename(title)
    flash("success", f"Renamed to “{title}”.")


def _delete(session) -> None:
    """Delete at once, with an Undo beside the message (the session waits in the store's trash)."""
    if ss.get("deleted_session") == session.id:
        return  # run again because a rerun cut the first run short: it is deleted already
    title = session.title or "Untitled"
    session.delete(undoable=True)
    # an empty page (and address) with the message and its Undo
    select_session(None, notice=("success", f"Deleted “{title}”."), deleted=session.id)


def _undo_delete(studio: Studio) -> None:
    deleted = ss.get("deleted_session")
    if not deleted:
        return  # run again after a cut-short rerun: restored already
    restored = studio.restore_session(deleted)
    select_session(restored.id, notice=("success", f"Restored “{restored.title or 'Untitled'}”."))


# -- chat ---------------------------------------------------------------------------------------
def show_images(refs, width: int = CHAT_IMAGE) -> None:
    if not refs:
        return
    cols = st.columns(min(len(refs), 4))
    for i, ref in enumerate(refs):
        cols[i % len(cols)].image(str(ref.path), caption=f"#{ref.handle}", width=width, alt=alt_text(ref))


def chat(session, uploads_by_turn: dict[str, list], every_turn: list) -> None:
    rows = chat_rows(session, every_turn)
    if not rows and running_job() is None:
        st.info("Write what to create — “a lighthouse at dusk” — or attach photos with the clip and say what "
                "to do with them. Refer to images by their number: “image 3”, “#3”.")
    head = session.head_turn_id
    children = branches(every_turn)
    for turn in rows:
        if turn.status == "running" and running_job() is not None:
            continue  # drawn below from the job itself, with its progress and Cancel
        with st.chat_message("user"):
            st.markdown(as_text(turn.text) if turn.text else "_(images only)_")
            show_images(uploads_by_turn.get(turn.id, []), width=THUMB)
            mask_on_message(turn)
            branch_switcher(session, turn, children)
        with st.chat_message("assistant"):
            if turn.status == "failed" and (turn.error or "").startswith("TurnCancelled"):
                stopped(session, turn, uploads_by_turn.get(turn.id, []))
            elif turn.status in ("failed", "interrupted"):
                st.error(f"This turn {turn.status}: {as_text(turn.error or '')}")
            elif turn.status == "running":
                st.caption("This turn is still running (or its server stopped).")
            else:
                st.markdown(as_text(turn.reply or ""))  # it may quote the person, or a model's words
                details = []
                if turn.tool:
                    details.append(f"tool `{turn.tool}`")
                if turn.inputs:
                    details.append("inputs " + ", ".join(f"#{r.handle}" for r in turn.inputs))
                if turn.images:
                    details.append("made " + ", ".join(f"#{r.handle}" for r in turn.images))
                if details:
                    st.caption(" · ".join(details))
                show_images(turn.images)
                if turn.images and turn.id == head:
                    result_actions(session, turn)
                if turn.needs_clarification and turn.id == head:
                    answer_choices(session, turn)
                if turn.id != head:
                    st.button("Branch from here", key=f"branch_chat_{turn.id}", icon=":material/call_split:",
                              disabled=running_job() is not None, on_click=checkout_turn, args=(session, turn.id))
    job = running_job()
    if job is not None:
        with st.chat_message("user"):
            st.markdown(as_text(job.label))
            if job.attachments:
                cols = st.columns(min(len(job.attachments), 4))
                for i, data in enumerate(job.attachments):
                    show_preview(cols[i % len(cols)], data, width=THUMB, alt=f"attachment {i + 1} of the message being run")
            if job.has_mask:
                st.caption("with a mask")
        with st.chat_message("assistant"):
            st.caption("Working on it: progress and Cancel are just above the message box.")
    queued_messages()


def result_actions(session, turn) -> None:
    """One row under the newest result: Re-roll (the same request, a new seed), Vary subtle or strong, Reference (with the
    next message) and Download; each is a message the studio reads like any other, so the chat shows what ran."""
    current = session.current_image()
    ref = current if current is not None and current.handle in {r.handle for r in turn.images} else turn.images[-1]
    busy = running_job() is not None
    with st.container(horizontal=True, gap="small", key=f"actions_{turn.id}"):
        st.button("Re-roll", key=f"reroll_{turn.id}", icon=":material/casino:", disabled=busy,
                  help="The same request again with a new seed",
                  on_click=lambda: start_job("try again", functools.partial(session.send, "try again",
                                                                             seed=random.randrange(2**31))))
        for strength in ("subtle", "strong"):
            st.button(f"Vary {strength}", key=f"vary_{strength}_{turn.id}", icon=":material/tune:", disabled=busy,
                      help=f"A {strength} variation of #{ref.handle}", on_click=_send_command,
                      args=(session, f"a {strength} variation of #{ref.handle}"))
        st.button("Reference", key=f"ref_chat_{turn.id}", icon=":material/attach_file:", on_click=_add_ref, args=(ref.handle,),
                  help=f"Attach #{ref.handle} as a reference to the next message")
        download_button(session, ref, key=f"download_chat_{ref.handle}")


def stopped(session, turn, uploads) -> None:
    """A cancelled turn, said neutrally ("Stopped at step 26/60"), with Retry (the same words and
    attachments again) and Edit prompt (the words back in the box)."""
    said = (turn.error or "").split(":", 1)[-1].strip() or "stopped"
    st.info(f"{said[:1].upper()}{said[1:]}.", icon=":material/stop_circle:")
    busy = running_job() is not None
    with st.container(horizontal=True):
        st.button("Retry", key=f"retry_{turn.id}", icon=":material/replay:", disabled=busy,
                  on_click=lambda: start_job(turn.text or "(images)", functools.partial(
                      session.send, turn.text, images=[ref.path.read_bytes() for ref in uploads])))
        st.button("Edit prompt", key=f"edit_{turn.id}", icon=":material/edit_note:",
                  on_click=lambda: ss.update(restore_text=turn.text))


def pending_bar(session) -> None:
    refs = ss.get("pending_refs") or []
    mask = ss.get("pending_mask")
    if not refs and mask is None:
        return
    with st.container(border=True):
        st.caption("Goes with your next message:")
        cols = st.columns(len(refs) + (1 if mask is not None else 0))
        for col, handle in zip(cols, refs):  # each as a small picture, so the person sees what goes
            col.image(str(session.image(handle).path), width=PENDING_THUMB, alt=f"reference #{handle} for the next message")
            col.button(f"#{handle} ✕", key=f"unref_{handle}", help="Remove this reference",
                       on_click=lambda h=handle: ss.update(pending_refs=[r for r in ss.pending_refs if r != h]))
        if mask is not None:
            show_preview(cols[-1], mask, width=PENDING_THUMB, alt="the mask that goes with the next message")
            cols[-1].button("mask ✕", key="unmask", help="Remove the mask", on_click=lambda: ss.update(pending_mask=None))


def answer_choices(session, question) -> None:
    """The images a question back offered, as thumbnails to click: the click answers "#n" and the
    request the question was about runs on that image."""
    offered = question.options
    if not offered:
        return
    cols = st.columns(min(len(offered), 4))
    for i, ref in enumerate(offered):
        with cols[i % len(cols)]:
            st.image(str(ref.path), width=THUMB, alt=alt_text(ref))
            st.button(f"#{ref.handle}", key=f"answer_{question.id}_{ref.handle}", icon=":material/check:",
                      disabled=running_job() is not None, help=f"Answer: #{ref.handle}",
                      on_click=_send_command, args=(session, f"#{ref.handle}"))


# -- gallery ------------------------------------------------------------------------------------
def gallery(session) -> None:
    images = session.images()
    if not images:
        st.caption("No images yet.")
        return
    current = session.current_image()
    busy = running_job() is not None
    for ref in reversed(images):
        with st.container(border=True):
            left, right = st.columns([1, 2])
            is_current = current is not None and current.handle == ref.handle
            left.image(str(ref.path), width=THUMB, alt=alt_text(ref))
            right.markdown(f"**#{ref.handle}**{' · :green-badge[current]' if is_current else ''}  \n"
                           f"{ref.origin} · {ref.width}×{ref.height}")
            # icon buttons with short text names (a screen reader and a test find them by name)
            with right.container(horizontal=True, gap="small"):
                st.button("Details", key=f"details_{ref.handle}", icon=":material/info:",
                          help=f"How #{ref.handle} was made: prompt, seed, parents",
                          on_click=lambda h=ref.handle: ss.update(details=h))
                st.button("Use", key=f"use_{ref.handle}", icon=":material/edit:", help=f"Use #{ref.handle} as the source",
                          disabled=busy or is_current, on_click=_send_command, args=(session, f"use image {ref.handle}"))
                st.button("Reference", key=f"ref_{ref.handle}", icon=":material/attach_file:",
                          help=f"Attach #{ref.handle} as a reference to the next message",
                          on_click=_add_ref, args=(ref.handle,))
                st.button("Describe", key=f"describe_{ref.handle}", icon=":material/chat:", help=f"Describe #{ref.handle}",
                          disabled=busy, on_click=_send_command, args=(session, f"describe image {ref.handle}"))
                download_button(session, ref)


def download_button(session, ref, key: str = "") -> None:
    st.download_button("Download", data=functools.partial(png_with_recipe, ref),
                       file_name=download_name(ref, session.title),
                       mime="image/png", key=key or f"download_{ref.handle}", icon=":material/download:",
                       help=f"Download #{ref.handle} as PNG with its recipe", on_click="ignore")


def _send_command(session, text: str) -> None:
    start_job(text, functools.partial(session.send, text))
    ss.toast = f"Sent: “{text}”"


def _add_ref(handle: int) -> None:
    refs = ss.setdefault("pending_refs", [])
    if handle not in refs:
        refs.append(handle)
    ss.toast = f"#{handle} goes with your next message as a reference."  # said where the click was, not at the page top

# -- page ---------------------------------------------------------------------------------------
def main() -> None:
    st.set_page_config(page_title="Image Studio", page_icon=":material/palette:", layout="wide")
    require_token()
    skip_link()  # first in the Tab order: Tab, Enter, and the message box has the focus
    studio = studio_from_env()
    finish_job(studio)
    run_next_queued(studio)
    session = open_session(studio)
    sidebar(studio, session)

    busy = running_job() is not None
    if "restore_text" in ss:  # a message the studio refused goes back into the box (before the box is drawn)
        ss.chat = ss.pop("restore_text")
    with st.bottom, st.container(horizontal=True, vertical_alignment="bottom", key="message_row"):
        settings_popover()  # aspect ratio, images, seed, steps: beside the message box, on every page
        # every file comes through (no type filter that would drop one silently); check_message names a bad one
        message = st.chat_input("Describe an image, or what to change. Say “image 3” to refer to #3.",
                                accept_file="multiple", key="chat", on_submit=check_message_and_settings)
    if message is not None:
        text = (message.text or "").strip()
        uploads = [NamedBytes(f.getvalue(), f.name) for f in message.files]
        if (text or uploads or ss.get("pending_refs")) and busy:
            queue_message(session, text, uploads)  # typed while a turn runs: it runs next
        elif text or uploads or ss.get("pending_refs"):
            send_message(studio, session, text, uploads)
            session = studio.session(ss.session_id)

    st.title(as_text(session.title) if session is not None and session.title else "New session")
    if ss.get("toast"):  # a gallery action's confirmation (set in its callback, shown once)
        st.toast(ss.pop("toast"), icon=":material/check:")  # our own words: handles and the command sent
    for level, text in ss.get("flash", []):
        getattr(st, level)(as_text(text))  # messages that name titles, files and errors
    if ss.get("deleted_session") and ss.get("flash"):  # offered while the "Deleted" message shows
        st.button("Undo delete", key="undo_delete", icon=":material/undo:", on_click=_undo_delete, args=(studio,))
    if session is None:
        st.info("Write what to create — “a lighthouse at dusk” — or attach photos with the clip and say what "
                "to do with them. The session starts with your first message and is named after it.")
        return

    every_turn = session.all_turns()  # read once per rerun: the chat, its version arrows and the Turns tab
    uploads_by_turn: dict[str, list] = {}
    refs = {r.id: r for r in session.images()}
    for stored in studio.store.session_images(session.id):
        if stored.origin == "upload" and stored.id in refs:
            uploads_by_turn.setdefault(stored.turn_id, []).append(refs[stored.id])

    busy = running_job() is not None
    left, right = st.columns([3, 2], gap="large")
    with left:
        with st.container(horizontal=True):
            st.button("Undo", key="undo", icon=":material/undo:", disabled=busy or not session.can_undo,
                      shortcut="Mod+Z", help="Go back one step that made images",
                      on_click=lambda: start_job("undo", lambda **_: session.undo()))
            st.button("Redo", key="redo", icon=":material/redo:", disabled=busy or not session.can_redo,
                      shortcut="Mod+Shift+Z", on_click=lambda: start_job("redo", lambda **_: session.redo()))
        # a fixed height scrolls on its own and follows the newest message (Streamlit scrolls a fixed-height container of
        # chat messages to its end), so a reload or a finished turn shows the latest turn, beside the panel
        with st.container(height=CHAT_HEIGHT, key="chat_scroll"):
            chat(session, uploads_by_turn, every_turn)
        if busy:  # a slim strip where the person is looking, however far the chat scrolled
            with st.container(key="progress_strip"):
                progress_panel()
        pending_bar(session)
    with right:
        # keyed: the tab the person chose stays chosen across the reruns of a turn (it jumped back to Images); a fixed
        # height: the panel scrolls on its own and stays beside the chat however many images there are
        images_tab, tree_tab, mask_tab = st.tabs(["Images", "Turns", "Mask"], key="panel_tab", height=PANEL_HEIGHT)
        with images_tab:
            gallery(session)
        with tree_tab:
            turn_tree(session, every_turn)
        with mask_tab:
            mask_panel(session)
    if ss.get("details") is not None:  # a gallery card's Details (dialogs do not open from callbacks); open
        image_details(session, ss.details)  # until dismissed, across the reruns that polling makes


main()
