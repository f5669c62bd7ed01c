"""What the router may know about a session: handles, the head path, lineage, captions, the
last tool call — read from the store in two queries, as handles only (no pixels)."""

from __future__ import annotations

import re

from dataclasses import dataclass
from typing import Any

from memory.records import current_image_id, path_to
from memory.store import Store
from studio.alternatives import split_alternatives
from studio.interpreter import action_label
from studio.phrases import PETS
from studio.spellings import respelled
from studio.references import RouterContext
from studio.router_context import Question
from tools.schemas import ToolCall


@dataclass
class SessionView:
    router: RouterContext
    handle_to_id: dict[int, str]
    next_handle: int  # the handle the turn's first output will get
    last_mask: str | None  # the mask of the last tool call on the head path ("try again" reuses it)


_HEAD = object()
# words that name another picture: "make the table in the sunflower picture match this wood"
_OTHER_PICTURE = re.compile(r"\b(?:(?:in|on|of|from|into|to)\s+)?the\s+(?:[a-z'-]+\s+){0,2}(?:picture|pic|photo|image|one|shot|version)\b")


def session_view(store: Store, session_id: str, attached: list[str], has_mask: bool,
                 attached_names: dict[str, str] | None = None, head: Any = _HEAD) -> SessionView:
    """The session as the router sees it (handles), with this turn's uploads given tentative handles."""
    images = store.session_images(session_id)
    by_id = {im.id: im.handle for im in images}
    session = store.get_session(session_id)
    tree = store.tree_view(session_id)  # every branch: captions; the head path is a walk through it
    path = path_to(tree, session.head_turn_id if head is _HEAD else head)  # `head`: as if the head were there
    handle_to_id = {im.handle: im.id for im in images}
    next_handle = session.next_handle
    attached_handles: list[int] = []
    for image_id in attached:
        if image_id not in by_id:
            by_id[image_id] = next_handle
            handle_to_id[next_handle] = image_id
            next_handle += 1
        attached_handles.append(by_id[image_id])

    path_handles: list[int] = []
    parents: dict[int, list[int]] = {}
    descriptions: dict[int, str] = {}
    captions: dict[int, str] = {}  # what the person's words say each image shows (uploads, prompts, edits)
    names: dict[int, str] = {by_id[i]: n for i, n in (attached_names or {}).items() if n and i in by_id}  # uploads' file names
    called: dict[int, list[str]] = {}  # an upload -> the names the person gave it ("this is my dog Rocky")
    made_by: dict[int, ToolCall] = {}
    last_call: ToolCall | None = None
    last_made_call: ToolCall | None = None
    last_made_turn: Any = None
    last_style: int | None = None
    # what every image shows and came from, branches included ("the version with the hat" after an undo)
    for turn in tree:
        outputs = [by_id[link.image_id] for link in turn.images if link.role == "output" and link.image_id in by_id]
        inputs = [by_id[link.image_id] for link in turn.images if link.role == "input" and link.image_id in by_id]
        attached_here = [by_id[link.image_id] for link in turn.images if link.role == "attached" and link.image_id in by_id]
        parts = _captions_by_position(turn.text.lower(), len(attached_here)) if len(attached_here) > 1 else None
        for i, h in enumerate(attached_here):
            if h not in outputs and h not in captions:
                captions[h] = parts[i] if parts else turn.text.lower()
                if parts and _is_name(parts[i], turn.text):  # "Bantay is the first pic, Choco the second": the name, and
                    others = "|".join(re.escape(p) for p in parts if p != parts[i] and _is_name(p, turn.text))
                    captions[h] = f"{parts[i]} " + (re.sub(rf"\b(?:{others})\b", " ", turn.text.lower()) if others else "")  # the words
                if outputs and inputs and h != inputs[0]:  # lent to another picture: "the sunflower picture" is not this photo
                    captions[h] = _OTHER_PICTURE.sub(" ", captions[h])
            if parts and _is_name(parts[i], turn.text):
                called.setdefault(h, [parts[i]])  # "Rocky's the first pic and Duke's the second": their names
            if len(attached_here) == 1 and h not in called and (not outputs or inputs[1:2] == [h]):
                # a request's other capitalised words may be places: with one, only "this is my dog Pepper"
                called[h] = names_given(turn.text, introduced_only=bool(outputs))
        for link in turn.images:
            if link.role == "attached" and link.name and link.image_id in by_id:
                names.setdefault(by_id[link.image_id], link.name)
        keeps_content = keeps_source(turn.tool, turn.call["call"]["args"] if turn.call else {})
        words = respelled(turn.text).lower()  # "make it nite time": night, as later words will say it
        if turn.call and turn.call.get("repeat"):  # "one more time": the words of the request it repeats
            args = turn.call["call"]["args"]
            words = str(args.get("prompt") or args.get("instruction") or words).lower()
        lead = ""
        if turn.tool == "generate" and turn.call and "instead" not in words and not (turn.call and turn.call.get("repeat")):
            # "try again from the start, with the pig", "have another go, do me 3": the retry still shows the feast
            prompt = str(turn.call["call"]["args"].get("prompt") or "").lower()
            lead = "" if prompt in words else prompt
        # "three takes: one warm, one ice cold, ...": each version shows its own item
        each = split_alternatives(words, len(outputs), keep_labels=True) or [words] * len(outputs)
        for out, own in zip(outputs, each):
            # an edit still shows its source's content; a generation (with references) shows its prompt
            inherited = captions.get(inputs[0], "") if inputs and keeps_content else ""
            captions[out] = f"{inherited} {lead} {own}".strip()
            parents[out] = inputs
            if turn.call:
                made_by[out] = made_by.get(outputs[0]) or ToolCall.model_validate(turn.call["call"])  # once a turn
                made_from = f" of {', '.join(f'#{h}' for h in inputs)}" if inputs else ""
                descriptions[out] = f"{turn.tool}{made_from}: {turn.text[:80]!r}"
    for turn in path:
        for link in turn.images:
            if link.role in ("attached", "output", "shown") and link.image_id in by_id:
                if by_id[link.image_id] not in path_handles:
                    path_handles.append(by_id[link.image_id])
        if turn.kind == "tool" and turn.call:
            last_call = ToolCall.model_validate(turn.call["call"])
            if last_call.tool == "style":
                last_style = last_call.args["style_image"]
            if last_call.tool != "describe":
                last_made_call, last_made_turn = last_call, turn
    current_id = current_image_id(path)
    current = by_id.get(current_id) if current_id else None
    recent_uploads: list[int] = []  # uploads by when they were last sent (a re-sent image counts as new)
    for turn in path:
        for link in turn.images:
            if link.role == "attached" and link.image_id in by_id:
                handle = by_id[link.image_id]
                recent_uploads = [h for h in recent_uploads if h != handle] + [handle]
    recent_uploads = [h for h in recent_uploads if h not in attached_handles] + attached_handles
    current_path: list[int] = []  # the images that were current, turn after turn ("the previous one")
    for i in range(len(path)):
        made_current = current_image_id(path[: i + 1])
        handle = by_id.get(made_current) if made_current else None
        if handle is not None and (not current_path or current_path[-1] != handle):
            current_path.append(handle)
        naming = GIVES_A_NAME.search(path[i].text) if handle is not None and path[i].kind != "tool" else None
        if naming:  # "call this one Bob", "ok this one is officially biscuit v2": the image current then
            called[handle] = list(dict.fromkeys([*called.get(handle, []), (naming.group(1) or naming.group(2)).lower()]))
    picked = [by_id[link.image_id] for turn in path if turn.kind == "select"  # "the one the wife picked"
              for link in turn.images if link.role == "shown" and link.image_id in by_id]
    uploads = sorted({im.handle for im in images if im.origin == "upload"} | set(attached_handles))
    batch = next((outs for turn in path if current in (outs := [by_id[link.image_id] for link in turn.images
                  if link.role == "output" and link.image_id in by_id])), [])
    earlier = [turn for turn in tree if turn.kind != "pending"]  # this turn's own row is still pending
    ctx = RouterContext(
        handles=sorted(set(handle_to_id)),
        path_handles=path_handles + [h for h in attached_handles if h not in path_handles],
        uploads=uploads,
        attached=attached_handles,
        current=current,
        parents=parents,
        has_mask=has_mask,
        last_call=last_call,
        last_made_call=last_made_call,
        last_style_image=last_style,
        descriptions=descriptions,
        captions=captions,
        names=names,
        called={h: n for h, n in called.items() if n},
        made_by=made_by,
        batch=batch if len(batch) > 1 else [],
        picked=picked,
        recent=[_turn_line(turn, by_id) for turn in path[-8:]],
        current_path=current_path,
        recent_uploads=recent_uploads,
        previous_text=earlier[-1].text if earlier else "",
        question=Question.from_json(earlier[-1].question) if earlier else None,
        # read as if just undone ("undo it and put the same hat once more"): the undo is what happened last
        previous_action="undo" if head is not _HEAD else action_label(
            earlier[-1].kind, earlier[-1].tool, bool(earlier[-1].call and earlier[-1].call.get("repeat"))) if earlier else "",
    )
    return SessionView(ctx, handle_to_id, next_handle, _mask_of(last_made_turn))


_POSITION = {"first": 0, "1st": 0, "left": 0, "top": 0, "former": 0, "second": 1, "2nd": 1, "right": 1, "bottom": 1,
             "latter": 1, "third": 2, "3rd": 2}


def _captions_by_position(text: str, count: int) -> list[str] | None:
    """ "First pic is the empty living room, second is the grey sofa": what each attachment shows,
    so that "this room" later finds the first and "the sofa" the second. None when the words do not
    say it attachment by attachment."""
    marks = list(re.finditer(r"\b(?:the\s+)?(first|second|third|1st|2nd|3rd|left|right|top|bottom|former|latter)"
                             r"(?:\s+(?:one|pic|photo|image|picture|shot))?\s+(?:is|are|shows?|has)\b", text))
    if len(marks) < 2:
        return _captions_by_name_or_order(text, count)
    parts = [text] * count
    for i, mark in enumerate(marks):
        index = _POSITION[mark.group(1)] if mark.group(1) not in ("bottom", "latter", "right") else count - 1
        if index < count:
            end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
            parts[index] = re.sub(r"[\s,.;&-]*(?:\band\b)?[\s,.;&-]*$", "", text[mark.end():end]).strip()
    return parts



def _is_name(part: str, text: str) -> bool:
    """Whether a caption part is a name the message wrote capitalised ("Rocky")."""
    return bool(re.fullmatch(r"[a-z]+", part) and re.search(rf"\b{part.capitalize()}\b", text))


# "These are Mochi and Kopi, the dogs of my neighbour", "These are my two dogs, Rex and Luna."
NAMES_LISTED = re.compile(r"\b(?:these\s+are|here\s+are|meet)\s+(?:my\s+|our\s+)?(?:(?:two|2)\s+[a-z]+,?\s+)?([a-z]+)\s+(?:and|&)\s+([a-z]+)\b")


def _captions_by_name_or_order(text: str, count: int) -> list[str] | None:
    """ "Rocky's the first pic and Duke's the second": each photo's name; "here's the jacket and the shoes i'm
    selling": the things listed, in the order the photos were attached. None when the words do neither."""
    # ("Bantay is the first pic, Choco the second": the verb said once)
    named = [m for m in re.finditer(r"\b([a-z]+)(?:'s|\s+is)\s+(?:the\s+)?(first|second|third|1st|2nd|3rd)\b|"
                                    r"(?:(?<=,\s)|(?<=\band\s))([a-z]+)\s+the\s+(second|third|2nd|3rd)\b", text)
             if (m.group(1) or m.group(3)) not in ("it", "that", "this", "which", "what", "he", "she", "there", "here")]
    if len(named) == count:
        parts = [text] * count
        for mark in named:
            name, place = (mark.group(1), mark.group(2)) if mark.group(1) else (mark.group(3), mark.group(4))
            if _POSITION[place] < count:
                parts[_POSITION[place]] = name
        return parts
    names = NAMES_LISTED.search(text)
    if names and count == 2 and not {names.group(1), names.group(2)} & {"the", "my", "our", "his", "her", "a", "an", "some"}:
        return [names.group(1), names.group(2)]  # names (a name must be written capitalised to count, in session_view)
    listed = re.search(r"\b(?:here'?s|here\s+are|these\s+are|this\s+is|sending|attached(?:\s+are)?)\s+(.+?)(?:[.!?;]|$)", text)
    items = re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", listed.group(1)) if listed else []
    if len(items) == count and all(re.match(r"(?:the|my|our|his|her|a|an)\s+(?:[a-z'-]+\s+){0,2}[a-z'-]+(?:\s+i'?m\s+\w+)?$", item)
                                   for item in items):
        return items
    return None


# a name given to a picture in a remark: "call this one Bob", "this one is officially biscuit v2"
GIVES_A_NAME = re.compile(r"\b(?:call|name|dub)\s+(?:this|that|it)(?:\s+one)?\s+['\"]?([a-z][\w-]*(?:\s+v\d+)?)\b|"
                          r"\b(?:this|that|it)(?:\s+one)?\s+is\s+(?:officially|now|hereby)\s+(?:called\s+|named\s+)?['\"]?"
                          r"([a-z][\w-]*(?:\s+v\d+)?)\b", re.IGNORECASE)
# "his name is biscuit", "se llama Toby", "named Pepper"
_NAMED = re.compile(r"\b(?:name(?:'s|\s+is)|named|called|se\s+llama|heißt|s'appelle|si\s+chiama)\s+([a-zà-ÿ]+)", re.IGNORECASE)
# ("Dis we dog Bobby": Creole "this (is) our"; not "we all gon meet she up Prosperous Bay")
_INTRODUCED = re.compile(r"\b(?:(?:[Tt]his is|[Tt]his here'?s|[Hh]ere'?s|[Hh]ere is|(?:^|(?<=[.!?]\s))[Mm]eet|[Dd]is(?:\s+is)?)\s+(?:[Mm]y|[Oo]ur|we)?|[Ii]t'?s\s+(?:my|our))"
                         r"\s*(?:[a-z]+\s+){0,2}?([A-Z][a-zà-ÿ]{2,})\b")
# a pet's name typed in lower case: "this is tonys dog biscuit", "meet our cat mochi"
_PET_NAMED = re.compile(r"\b(?:this\s+is|here'?s|here\s+is|meet|it'?s)\s+(?:my|our|his|her|their|[a-z]+'?s)\s+(?:little\s+|old\s+|new\s+)?"
                        rf"{PETS}\s*,?\s+"
                        r"(?!(?:he|she|it|who|and|is|was|from|with|when|that|the|his|her|in|on|at|sitting|looking|lol|haha|too|also|again|"
                        r"here|there|but|so|as|for|to|of|or)\b)([a-z]{3,})\b")
_NOT_NAMES = {"I", "I'm", "I've", "I'd", "OK", "Ok", "And", "But", "So", "This", "That", "Here", "Meet", "My", "Our", "The",
              "He", "She", "It", "They", "We", "You", "Hi", "Hello", "Hey", "Please", "Thanks", "Also", "Just", "Now"}


def names_given(text: str, introduced_only: bool = False) -> list[str]:
    """The names an upload's message gives what it shows: capitalised words inside a sentence ("this is
    my dog Rocky", "This is Biscuit, our dog") and words after "his name is" / "called". Lowercased.
    `introduced_only`: only a name introduced as such ("this is my dog Pepper", "meet Rex", "called Bo")."""
    names = [m.group(1) for m in _NAMED.finditer(text)]
    names += re.findall(r"\b[Nn]ame[:,]?\s+([A-Z][a-zà-ÿ]{2,})\b", text)  # radio style: "station dog, name Bosun"
    names += [m.group(1) for m in _INTRODUCED.finditer(text) if m.group(1) not in _NOT_NAMES]
    names += [m.group(1) for m in _PET_NAMED.finditer(text)]
    # otherwise capitalised words ("Biscuit on the sofa"), but not beside a name introduced ("it's our dog
    # Pepper, Maya says ...": Maya is the person's daughter)
    for m in re.finditer(r"(?<![.!?:]\s)(?<!^)\b([A-Z][a-zà-ÿ]{2,})\b", text if not (introduced_only or names) else ""):
        if m.group(1) not in _NOT_NAMES and not text[:m.start()].rstrip().endswith((".", "!", "?", ":")) \
                and not re.search(r"\b(?:[Hh]ey|[Hh]i|[Hh]ello|[Dd]ear|[Yy]o|[Oo]k|[Oo]kay)\s+$", text[:m.start()]):  # "Hey Studio": who is spoken to
            names.append(m.group(1))
    return list(dict.fromkeys(n.lower() for n in names))


def _mask_of(turn) -> str | None:
    if turn is None:
        return None
    for link in turn.images:
        if link.role == "mask":
            return link.image_id
    return None


def keeps_source(tool: str | None, args: dict) -> bool:
    """A tool call's output still shows its source (an edit, an inpaint, a re-rendered image), so it
    inherits the source's caption; a generation shows only its own prompt."""
    return tool in ("edit", "inpaint") or (tool == "style" and args.get("source") is not None)


def _turn_line(turn, by_id: dict[str, int]) -> str:
    """One earlier turn for a reader: what the person said and what it did ("edit #2 -> #3")."""
    def listed(role: str) -> str:
        return ", ".join(f"#{by_id[link.image_id]}" for link in turn.images if link.role == role and link.image_id in by_id)

    did = action_label(turn.kind, turn.tool, bool(turn.call and turn.call.get("repeat")))
    inputs, outputs, attached = listed("input"), listed("output"), listed("attached")
    made = f" {inputs or '-'} -> {outputs}" if outputs else (f" of {inputs}" if inputs else "")
    sent = f" (attached {attached})" if attached else ""
    return f"person: {turn.text[:160]!r}{sent} => {did}{made}"
