"""Where the ask sits in a longer message. The interpreter reads a whole message at once; when it reads a story,
a remark or a question, the request that follows is read again on its own and, when that reading is clear, it is what
the turn does: "... could someone clean up the crease?" after two sentences of story, "Whey aye, that's belter! Stick
Stan on the bridge" after praise, "is the front sled red?? make the sky more purple tho" after a question."""

from __future__ import annotations

import re
from typing import Callable

from studio.interpreter import Interpreter, Reading, TurnFeatures
from studio.phrases import normalise
from studio.references import RouterContext


def the_ask_inside(text: str, ctx: RouterContext, reading: Reading, interpreter: Interpreter) -> Reading:
    """The reading of the request inside `text` when the whole was read as chat or a question; else `reading`."""
    said = normalise(text) if reading.action == "chat" else ""
    asked = ASKED_INSIDE.search(said)
    if asked and asked.start() > 0:  # a story first, then the ask: the ask read on its own
        inner = interpreter.read(TurnFeatures.of(said[asked.start():], ctx))
        return inner if inner.action != "chat" else reading
    if said:  # praise first, then the request
        return _request_after_remark(said, ctx, reading, interpreter) or reading
    if reading.action == "describe" and ctx.current is not None:  # a question, then a request: the change is what to do
        return _request_after_question(normalise(text), ctx, interpreter) or reading
    return reading


def _request_after_remark(said: str, ctx: RouterContext, whole: Reading, interpreter: Interpreter) -> Reading | None:
    """The message from its second or third sentence on, read on its own, when that sentence opens with a verb that
    asks, reads clearly as a request, and the whole message left room for it (not "... Have a nice day.")."""
    starts = [m.end() for m in re.finditer(r"[.!?]+\s+(?=\S)", said)][:2]
    # ("just write em on then: ..." reads as unsure without its "just")
    asks = [re.sub(r"^(?:just|so|now|then)\s+", "", said[start:]) for start in starts if ASKING_VERB.match(said[start:])]

    def sure(ask: str, inner: Reading) -> bool:  # ("... the kiddies go MENTAL for her!! Stick her in next to me!!": placed)
        return inner.action in ("generate", "edit", "style", "inpaint") and whole.scores.get(inner.action, 0.0) >= 0.05 and (
            inner.confidence >= 0.9 or inner.action == "edit" and inner.confidence >= 0.5 and bool(PLACED_THEM.match(ask)))
    return _read_on_its_own(asks, ctx, interpreter, sure)


def _request_after_question(said: str, ctx: RouterContext, interpreter: Interpreter) -> Reading | None:
    """What follows the message's question mark, read on its own, when it opens with a verb that asks for a change
    (or "and could you ...") and reads surely as an edit or a style."""
    asks = []
    for mark in re.finditer(r"\?+\s+(?=\S)", said):
        ask = re.sub(r"^(?:and|but|also|oh|ok|okay|then|now|so|pls|please|plz)\W+", "", said[mark.end():])
        ask = re.sub(r"^(?:(?:could|can|would|will)\s+(?:you|u)|please|pls)\s+", "", ask)
        if ASKING_VERB.match(ask) and "?" not in re.sub(r"\?+\s*$", "", ask):  # (not a second question)
            asks.append(ask)
    return _read_on_its_own(asks, ctx, interpreter, lambda ask, inner: inner.action in ("edit", "style") and inner.confidence >= 0.9)


def _read_on_its_own(asks: list[str], ctx: RouterContext, interpreter: Interpreter,
                     sure: Callable[[str, Reading], bool]) -> Reading | None:
    """The first of the parts of a message, read by the interpreter on its own, whose reading is sure enough."""
    for ask in asks:
        inner = interpreter.read(TurnFeatures.of(ask, ctx))
        if sure(ask, inner):
            return inner
    return None


# a placing order with a pronoun, after a remark: "Stick her in next to me!!"
PLACED_THEM = re.compile(r"(?:put|pit|stick|pop|place|plonk|sit|get|bring|add)\s+(?:him|her|them|it)\s+(?:in|on|into|onto|next|beside|by)\b")
# the ask inside a story or a forum post: "... What I'm hoping for is to replace the kitchen ...", "EDIT: so could
# someone put this jacket on her?", "it'd be hilarious to see him holding these"
ASKED_INSIDE = re.compile(r"\b(?:could|can|would|will)\s+(?:you|u|someone|somebody|anyone|anybody)\b|\bwhat\s+i'?m\s+hoping\s+for\s+is\b|"
                          r"\bi'?m\s+hoping\s+(?:you|someone|somebody)\b|\bi'?d\s+love\s+(?:it\s+)?if\b|"
                          r"\b(?:it'?d|it\s+would)\s+be\s+(?:so\s+|really\s+|honestly\s+)?[a-z]+\s+to\s+see\b|\bwould(?:n'?t)?\s+it\s+be\s+[a-z]+\s+if\b")
# a sentence that opens with a verb asking for a change: "Stick Stan on the bridge", "make the sky more purple"
ASKING_VERB = re.compile(r"(?:now\s+|so\s+|then\s+|just\s+)?(?:stick|put|pop|plonk|place|add|make|draw|paint|give|turn|change|swap|"
                         r"remove|bring|show|set|dress|move|write|type|crop|fix|sit)\b")
