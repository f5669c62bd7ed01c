"""The words of a turn's reply once it has run: what a tool made, and what an undo or redo moved (the graph's
`respond` node, studio/graph.py)."""

from __future__ import annotations

from memory.records import current_image_id
from memory.store import HeadMove, Store
from studio.alternatives import listed_items


def tool_reply(call: dict, first_handle: int, n_outputs: int, weights: str) -> str:
    """What a tool call made, with the handles it gave: "Edited #2 into #3.", and for several "(#4: a fox, #5: ...)"."""
    args = call["args"]
    made = ", ".join(f"#{h}" for h in range(first_handle, first_handle + n_outputs))
    tool = call["tool"]
    if tool == "generate":
        what = f"Here is {made}: {args['prompt']}"
    elif tool == "edit":
        what = f"Edited #{args['source']} into {made}"
    elif tool == "style" and args.get("source") is not None:
        what = f"Re-rendered #{args['source']} in the style of #{args['style_image']}: {made}"
    elif tool == "style":
        what = f"Drew {made} in the style of #{args['style_image']}: {args['prompt']}"
    else:
        what = f"Repainted the masked area of #{args['source']}: {made}"
    note = " (tiny preset: random-weight models, so the image is noise)" if weights == "tiny" else ""
    last = first_handle + n_outputs - 1
    choose = f" I'll continue from #{last}; say “go back to #{first_handle}” to pick another." if n_outputs > 1 else ""
    items = listed_items(str(args.get("prompt") or ""), n_outputs)
    which = " (" + ", ".join(f"#{first_handle + i}: {item}" for i, item in enumerate(items)) + ")" if items else ""
    return f"{what}{which}.{note}{choose}"


def head_move_reply(kind: str, moved: list[HeadMove], store: Store, session_id: str) -> str:
    """What an undo or redo did, in the person's words: "Undid “make it blue”; #7 is current again."."""
    if not moved:
        return "Nothing to undo." if kind == "undo" else "Nothing to redo."
    texts = []
    for move in moved:
        if move.checkout:  # a move to an earlier turn, not a turn of its own
            texts.append("going to an earlier turn" if kind == "undo" else "the move to an earlier turn")
            continue
        text = " ".join(store.get_turn(move.turn_id).text.split()) or "the images you sent"
        texts.append(f"“{text if len(text) <= 48 else text[:47] + '…'}”")
    what = ("Undid " if kind == "undo" else "Redid ") + (texts[0] if len(texts) == 1 else f"{len(texts)} steps ({', '.join(texts)})")
    current = current_image_id(store.path_view(session_id))
    handle = next((image.handle for image in store.session_images(session_id) if image.id == current), None)
    if handle is None:
        return f"{what}; no image is current now."
    return f"{what}; #{handle} is current{' again' if kind == 'undo' else ''}."
