"""What the router knows of a session when it reads a turn (handles only, no pixels), and the two
results of reading image references: a `Mention` (a span of the text and the images it names) or
`Unresolved` (the question to ask back)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tools.schemas import ToolCall


@dataclass(frozen=True)
class Question:
    """A question back as the store keeps it, so that the answer is read against what was asked, not against the
    wording of the reply: its words, the images it offered to choose among ("#6 or #7?"), and the thing it asked a
    photo of, when it asked for one ("I don't have a photo of your brother yet")."""

    text: str
    options: tuple[int, ...] = ()
    photo_of: str | None = None

    @classmethod
    def asked(cls, text: str, options: list[int] | tuple[int, ...] | None = None, photo_of: str | None = None) -> "Question":
        """The question with these words; the images it offers are the ones its words list, unless given."""
        if options is None:
            options = tuple(dict.fromkeys(int(n) for n in re.findall(r"#(\d+)", text)))
        return cls(text, tuple(options), photo_of)

    def to_json(self) -> dict:
        return {"text": self.text, "options": list(self.options), "photo_of": self.photo_of}

    @classmethod
    def from_json(cls, data: dict | None) -> "Question | None":
        if not data:
            return None
        return cls(data.get("text", ""), tuple(int(h) for h in data.get("options", [])), data.get("photo_of"))


@dataclass
class RouterContext:
    """What the router may know about the session (handles only, no pixels)."""

    handles: list[int]  # every image of the session, ascending
    path_handles: list[int]  # images along the head path, in order of appearance
    uploads: list[int]  # uploaded images (session-wide, ascending), this turn's attachments included
    attached: list[int]  # this turn's attachments, in order
    current: int | None
    parents: dict[int, list[int]] = field(default_factory=dict)  # output -> its inputs (source first)
    has_mask: bool = False
    last_call: ToolCall | None = None  # the last tool call along the head path
    last_made_call: ToolCall | None = None  # the last one that made images (not a describe)
    last_style_image: int | None = None
    descriptions: dict[int, str] = field(default_factory=dict)  # handle -> how it was made (model router)
    captions: dict[int, str] = field(default_factory=dict)  # handle -> what the person said it shows
    current_path: list[int] = field(default_factory=list)  # images that were current, in turn order
    recent_uploads: list[int] = field(default_factory=list)  # uploads by when they were last sent
    previous_text: str = ""  # the person's previous turn, on any branch ("" at the start)
    previous_action: str = ""  # what it did: an interpreter action (studio/interpreter.py ACTIONS) or "clarify"
    question: Question | None = None  # the question back the previous turn asked, if it asked one
    names: dict[int, str] = field(default_factory=dict)  # upload -> the name its file came with ("hat.png")
    called: dict[int, list[str]] = field(default_factory=dict)  # upload -> names its message gave ("rocky")
    recent: list[str] = field(default_factory=list)  # the head path's last turns, one line each (for the agent)
    made_by: dict[int, ToolCall] = field(default_factory=dict)  # output -> the call that made it ("another go at the bouquet")
    batch: list[int] = field(default_factory=list)  # the current image's turn made several: "the middle one" of them
    picked: list[int] = field(default_factory=list)  # images made current by a pick, in turn order ("the one my wife chose")

    def made_together(self) -> list[list[int]]:
        """The images of each turn that made several, oldest first ("the first of the three logos")."""
        turns: dict[int, list[int]] = {}
        for handle, call in sorted(self.made_by.items()):
            turns.setdefault(id(call), []).append(handle)  # one call object per turn (studio/session_view.py)
        return [outs for outs in turns.values() if len(outs) > 1]

    def versions(self, size: int) -> list[int] | None:
        """The `size` versions a count names ("of the 3 versions", "the middle of the three"): the turn's own images,
        else the last turn that made that many, else the last images made from the same inputs as the newest ones
        (one made, then "2 more tries of that")."""
        if len(self.batch) == size:
            return list(self.batch)
        groups = [outs for outs in self.made_together() if len(outs) == size]
        if groups:
            return groups[-1]
        newest = self.batch[-1] if self.batch else self.current
        inputs = self.parents.get(newest) if newest is not None else None
        siblings = sorted(h for h, made_from in self.parents.items() if inputs and made_from == inputs and h in self.made_by)
        return siblings if len(siblings) == size else None

    @property
    def mask_outranks_repeat(self) -> bool:
        """A mask sent with "again" when the call to repeat is no inpaint ("Again, smaller tent" after the masked
        fix was undone): the mask says where, so the turn is read, not repeated."""
        return self.has_mask and self.call_to_repeat is not None and self.call_to_repeat.tool != "inpaint"

    @property
    def call_to_repeat(self) -> ToolCall | None:
        """What "try again" runs: the last call that made images ("is he smiling?" between an edit and
        "do it again" asks nothing to be asked again), else the last call."""
        return self.last_made_call or self.last_call


class Unresolved(Exception):
    """A reference the router cannot map to an image; the message is the question to ask. `span`: where the
    phrase that named no image (or several) sits in the text read, when it is one phrase; the answer to the
    question takes its place ("number 14" in "now the card, number 14, brighter" after "sorry, I mean 5")."""

    def __init__(self, question: str, span: tuple[int, int] | None = None, *, options: list[int] | None = None,
                 photo_of: str | None = None):
        super().__init__(question)
        self.span = span
        self.asked = Question.asked(question, options, photo_of)


@dataclass
class Mention:
    start: int
    end: int
    handles: list[int]
