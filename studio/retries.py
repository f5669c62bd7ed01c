"""Another go at a picture named by what it shows: "have another go at the bouquet", "one more try at
Bruno with the hat", "try the bouquet again". The call that made that picture runs again (a new seed),
with its own tool, inputs and words, whichever picture is current now. Read by studio/understanding.py
before the interpreter, since these words name a picture and ask for its step again, not an edit of it."""

from __future__ import annotations

import re

from studio.calls import AGAIN_BUT, Words, again_with_changes
from studio.content import ContentMatcher, Descriptor
from studio.references import RouterContext, Unresolved, latest_first
from studio.router import Decision

ANOTHER_GO = re.compile(r"\b(?:another|one\s+more|a\s+second|a\s+fresh)\s+(?:go|try|shot|attempt|crack|pass)\s+(?:at|on)\s+"
                        r"(?P<what>.+)$"  # not "another version of image 1 with a red sky": an edit of it
                        r"|^(?:try|retry|redo|re-do|regenerate|reroll|re-roll)\s+(?P<thing>the\s+[a-z]+(?:\s+[a-z]+){0,2})\s+again$")
# (not "redo the cover in that vibe", "try that again": a restyle, and the last step again)


def another_go_at(words: Words, ctx: RouterContext) -> Decision | None:
    """The call that made the picture the words name, run again; None when the turn is not such a retry
    or names no picture that a call made."""
    found = ANOTHER_GO.search(re.split(r"[,.;!?]|\s+-\s+", words.core)[0].strip())
    if found is None or not ctx.made_by:
        return None
    said = re.sub(r"^(?:the|that|this|my|our)\s+", "", found.group("what") or found.group("thing")).split()[:4]
    description = Descriptor.parse(" ".join(said))
    made_here = [h for h in latest_first(ctx) if h in ctx.made_by]
    try:  # the step that brought what the words name: the earliest picture made that shows all of it
        named = [ContentMatcher(ctx).pick(description, made_here, earliest=True, ask=False)] if description.wanted else []
    except Unresolved:
        named = []
    if not named or named[0] is None:
        start = words.core.find(found.group("what") or found.group("thing"))
        named = [h for m in words.mentions if m.start >= start for h in m.handles]
    made = named[0] if named else None
    if made is None or made not in ctx.made_by:
        return None
    return Decision("tool", call=ctx.made_by[made], repeat=True)


def again_but(words: Words, ctx: RouterContext) -> Decision | None:
    """ "try again but this time with clouds": the last request once more with the change; the words
    leave no doubt, so the interpreter is not asked (it once read this as chat)."""
    said = AGAIN_BUT.match(words.core)
    if said is None or said.group("joined").startswith("and"):  # "again and ...": the interpreter reads it
        return None
    return again_with_changes(words.core, words.mentions, ctx, words.params)
