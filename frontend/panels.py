"""The side panel's Turns and Mask tabs: the turn tree (click a turn to branch from it) and the
mask canvas over the current image; and an inpaint's mask shown on the message that sent it."""

from __future__ import annotations

import io

import streamlit as st

from frontend.details import alt_text
from frontend.plain import as_text
from frontend.previews import show_preview
from frontend.state import COMMAND_KINDS, THUMB, UPLOAD_TYPES, checkout_turn, clear_flash, flash, running_job, ss
from studio import BadInputError
from studio.images import NamedBytes, ingest_mask

TREE_THUMB = 32  # px: a turn's thumbnail in the tree

# -- the chat's rows ------------------------------------------------------------------------------
def chat_rows(session, every_turn: list):
    """The head path, with each turn's failed follow-ups placed after it (they never move the head)."""
    path = session.turns()
    on_path = {t.id for t in path}
    failed: dict[str | None, list] = {}
    for turn in every_turn:
        if turn.status in ("failed", "interrupted") and (turn.parent_id in on_path or turn.parent_id is None):
            failed.setdefault(turn.parent_id, []).append(turn)
    rows = list(failed.get(None, []))
    for turn in path:
        rows.append(turn)
        rows.extend(failed.get(turn.id, []))
    return rows


# -- other versions of a message -----------------------------------------------------------------
def branches(every_turn: list) -> dict[str | None, list]:
    """The finished turns of every branch by the turn they follow, oldest first (head moves left out)."""
    children: dict[str | None, list] = {}
    for turn in every_turn:
        if turn.kind not in COMMAND_KINDS and turn.status == "ok":
            children.setdefault(turn.parent_id, []).append(turn)
    return children


def branch_switcher(session, turn, children: dict[str | None, list]) -> None:
    """‹ 2/3 › under a message that was answered more than once (a branch from an earlier turn): the arrows go
    to the other versions, each as far as its branch went."""
    siblings = children.get(turn.parent_id, [])
    ids = [sibling.id for sibling in siblings]
    if len(siblings) < 2 or turn.id not in ids:
        return
    at = ids.index(turn.id)
    busy = running_job() is not None
    with st.container(horizontal=True, key=f"versions_{turn.id}"):
        st.button("‹", key=f"older_{turn.id}", help="The version before", disabled=busy or at == 0,
                  on_click=_show_branch, args=(session, siblings[at - 1] if at else turn, children, at, len(siblings)))
        st.caption(f"{at + 1}/{len(siblings)}")
        st.button("›", key=f"newer_{turn.id}", help="The version after", disabled=busy or at == len(siblings) - 1,
                  on_click=_show_branch, args=(session, siblings[min(at + 1, len(siblings) - 1)], children, at + 2, len(siblings)))


def _show_branch(session, turn, children: dict[str | None, list], place: int, of: int) -> None:
    tip = turn
    while children.get(tip.id):  # as far as that branch went: its newest turn at each step
        tip = children[tip.id][-1]
    clear_flash()
    try:
        session.checkout(tip.id)
    except (KeyError, ValueError) as exc:
        flash("error", str(exc))
        return
    flash("info", f"Showing version {place} of {of} of that message (Undo goes back).")


# -- turn tree ----------------------------------------------------------------------------------
def turn_tree(session, every_turn: list) -> None:
    """Every turn of every branch: a thumbnail of what it made and "from #n"; failed, cancelled and
    interrupted turns are greyed leaves that do not count as a fork; turns that made nothing (a
    question back, a chat, a choice of image) are greyed text."""
    turns = [t for t in every_turn if t.kind not in COMMAND_KINDS]
    if not turns:
        st.caption("No turns yet.")
        return
    children: dict[str | None, list] = {}
    for turn in turns:
        children.setdefault(turn.parent_id, []).append(turn)
    head = session.head_turn_id
    on_path = {t.id for t in session.turns()}
    busy = running_job() is not None
    number = {t.id: n for n, t in enumerate(turns, start=1)}
    # depth grows only where the history forks (a failed turn is no fork); "└" starts a branch, "┊" continues one
    roots = children.get(None, [])
    stack = [(t, 0, len([r for r in roots if r.status == "ok"]) > 1) for t in reversed(roots)]
    while stack:
        turn, depth, starts_branch = stack.pop()
        kids = children.get(turn.id, [])
        fork = len([k for k in kids if k.status == "ok"]) > 1
        stack.extend((kid, depth + (fork and kid.status == "ok"), fork and kid.status == "ok") for kid in reversed(kids))
        _tree_row(session, turn, number[turn.id], depth, starts_branch, head, on_path, busy)
    st.caption("● head · ○ on the current path · └ a branch starts · click a turn to go back to it")


def _tree_row(session, turn, number: int, depth: int, starts_branch: bool, head, on_path: set, busy: bool) -> None:
    what = turn.tool or turn.kind
    made = " → " + ", ".join(f"#{r.handle}" for r in turn.images) if turn.images else ""
    source = f" from #{turn.inputs[0].handle}" if turn.inputs and turn.images else ""
    text = as_text(turn.text if len(turn.text) <= 40 else turn.text[:39] + "…")
    mark = "● " if turn.id == head else ("○ " if turn.id in on_path else "")
    indent = "┊ " * max(depth - 1, 0) + (("└ " if starts_branch else "┊ ") if depth else "")
    label = f"{indent}{mark}{number}. {what}: {text}{source}{made}"
    with st.container(horizontal=True, gap="small", vertical_alignment="center"):
        if turn.images:
            st.image(str(turn.images[0].path), width=TREE_THUMB, alt=alt_text(turn.images[0]))
        if turn.status != "ok":
            st.caption(f"{indent}✕ ~~{number}. {what}: {text}~~ ({_why_not(turn)})")
        elif turn.id == head:
            st.markdown(f"**{label}** (head)")
        elif not turn.images and turn.kind != "tool":  # "which image did you mean?", chat, a choice of image
            st.caption(label)
        else:
            st.button(label, key=f"tree_{turn.id}", disabled=busy, type="tertiary",
                      help="Go to this turn: the next message branches from here", on_click=checkout_turn,
                      args=(session, turn.id))


def _why_not(turn) -> str:
    error = turn.error or ""
    if error.startswith("TurnCancelled"):
        return error.split(":", 1)[-1].strip() or "cancelled"
    return turn.status


# -- mask ---------------------------------------------------------------------------------------
def mask_panel(session) -> None:
    current = session.current_image()
    if current is None:
        ss.drawn_mask = None
        st.caption("Make or upload an image first; the mask is drawn on the current image.")
        return
    st.caption(f"Paint in white the part of #{current.handle} to change, then attach the mask; "
               "it goes with your next message (e.g. “put a hat here”).")
    drawn = draw_mask(current)
    # Set once the canvas is read, never cleared first: a rerun (the Enter of the next message) can cut this run
    # short inside draw_mask, and the strokes must still be here when that message is sent.
    ss.drawn_mask = (current.id, drawn) if drawn is not None else None  # goes with the next message, attached or not
    if drawn is not None and st.button("Attach drawn mask", key="attach_drawn_mask", icon=":material/brush:"):
        ss.pending_mask = drawn
        st.rerun()
    upload = st.file_uploader("…or upload a mask (white = change)", type=UPLOAD_TYPES, key=f"mask_upload_{session.id}")
    if upload is not None and st.button("Attach uploaded mask", key="attach_uploaded_mask"):
        try:
            ingest_mask(NamedBytes(upload.getvalue(), upload.name))  # the API's own check, before it waits for a message
        except BadInputError as exc:
            st.error(f"Not attached: {as_text(str(exc))}")
        else:
            ss.pending_mask = upload.getvalue()
            st.rerun()
    if ss.get("pending_mask") is not None:
        show_preview(st, ss.pending_mask, caption="mask for the next message", width=THUMB,
                     alt="the mask for the next message: white marks what changes")


def draw_mask(current) -> bytes | None:
    """A canvas over the current image; returns the painted strokes as a mask PNG the image's size."""
    try:
        from streamlit_drawable_canvas import st_canvas
    except Exception as exc:  # noqa: BLE001 - the component is optional; upload still works
        st.caption(f"Drawing is unavailable ({type(exc).__name__}); upload a mask instead.")
        return None
    from PIL import Image

    image = current.pil()
    width = 256
    height = max(16, round(width * image.height / image.width))
    stroke = st.slider("Brush size", 2, 60, 20, key="brush")
    result = st_canvas(
        stroke_color="#ffffff", stroke_width=stroke, background_image=image.resize((width, height)),
        width=width, height=height, drawing_mode="freedraw", return_image_data=True,
        key=f"canvas_{current.id[:16]}",
    )
    data = getattr(result, "image_bytes", None) if result is not None else None
    if not data:
        return None
    painted = Image.open(io.BytesIO(data)).convert("RGBA").getchannel("A")
    if painted.getextrema()[1] == 0:
        return None
    mask = painted.point(lambda v: 255 if v >= 128 else 0).resize(image.size, Image.NEAREST)
    buffer = io.BytesIO()
    mask.save(buffer, format="PNG")
    return buffer.getvalue()


def mask_on_message(turn) -> None:
    """An inpaint's mask, tinted over the picture it painted in, on the person's message (the mask has no handle
    and is in no gallery: this is where it shows)."""
    if turn.mask is None or not turn.inputs or not turn.mask.exists():
        return
    source = turn.inputs[0]
    st.image(_tinted(str(source.path), str(turn.mask)), caption=f"mask on #{source.handle}", width=THUMB,
             alt=f"the area painted on #{source.handle} for this message, tinted red")


@st.cache_data(max_entries=64, show_spinner=False)  # drawn again on every rerun of the page
def _tinted(source: str, mask: str) -> bytes:
    from PIL import Image

    image = Image.open(source).convert("RGB")
    image.thumbnail((THUMB * 2, THUMB * 2))
    area = Image.open(mask).convert("L").resize(image.size, Image.NEAREST)
    tinted = Image.composite(Image.blend(image, Image.new("RGB", image.size, (230, 40, 40)), 0.55), image, area)
    buffer = io.BytesIO()
    tinted.save(buffer, format="PNG")
    return buffer.getvalue()
