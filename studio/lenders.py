"""Images that lend something to an edit without being numbered: an object named as the person named
a photo they sent ("put the jacket on Pepper"), and the photo just sent when the turn places it in
another picture ("this is my dog" + photo, then "put him in the lighthouse picture").

Used by studio/calls.py after studio/roles.py has split the images the words name.
"""

from __future__ import annotations

import re

from studio.content import ContentMatcher, Descriptor
from studio.references import RouterContext


# "put the jacket on Pepper", "now put the jacket on her", "try just the hat on the original dog photo"
LENT_OBJECT = re.compile(r"\b(?:put|place|stick|add|try|give\s+(?:him|her|it|them))\s+(?:just\s+|only\s+)?(?:the|my|this|that|his|her|those|these)\s+"
                         r"((?:[a-z]+\s+)?[a-z]{3,})\s+(?:on|onto|to|in|into|over)\b")


def lent_by_name(core: str, ctx: RouterContext, source: int) -> list[int]:
    """An object the edit puts on the source, named as the person named a photo they sent (its file
    name or their words): that photo lends it, though the turn did not number it."""
    lent = []
    matcher = ContentMatcher(ctx)
    for found in LENT_OBJECT.finditer(core):
        uploads = [h for h in reversed(ctx.uploads) if h != source and h not in ctx.parents]
        description = Descriptor.parse(found.group(1))
        scores = matcher.scores(description, uploads) if description.wanted and uploads else {}
        best = max(scores.values(), default=0.0)
        fitting = [h for h, score in scores.items() if score >= max(best, 0.5)]
        if len(fitting) == 1:
            lent.append(fitting[0])
    return lent


# "put her in ...", "place Biscuit on the rocks ...", "stick the hat on ...": what is placed, then where
PLACED = re.compile(r"\b(?:put|place|stick|add|insert|include|drop|pop|paste|bring)\s+((?:[a-z]+\s+){0,2}?[a-z]+)\s+"
                    r"(?:in|into|on|onto|next to|beside|by|at|inside|in front of)\b")
PRONOUNS = {"him", "her", "them", "it", "this", "these", "that", "those"}


def _placed_upload(core: str, ctx: RouterContext) -> tuple[int, re.Match] | None:
    """The photo just sent (a bare upload, so now current, not used yet) when the turn places it somewhere:
    "put her in ...", "place Biscuit on ...", "put hat on ..." (its caption or file name)."""
    newest = ctx.current
    if newest is None or newest not in ctx.uploads or newest != max(ctx.handles, default=None) \
            or any(newest in inputs for inputs in ctx.parents.values()):
        return None
    known = " ".join((ctx.captions.get(newest, ""), ctx.names.get(newest, "").replace("_", " ").replace("-", " ")))
    for found in PLACED.finditer(core):
        words = [w for w in found.group(1).split() if w not in ("the", "my", "our", "a", "an", "his", "her")] or ["her"]
        if words[-1] in PRONOUNS or any(re.search(rf"\b{re.escape(w)}", known) for w in words if len(w) >= 3):
            return newest, found
    return None


def sent_to_be_placed(core: str, ctx: RouterContext, source: int) -> list[int]:
    """ "this is my dog Pepper" with a photo, then "put Pepper on the rocks in the lighthouse picture": the
    edit changes the picture it names; the photo just sent goes in."""
    placed = _placed_upload(core, ctx)
    return [placed[0]] if placed and placed[0] != source else []


def place_before_upload(core: str, ctx: RouterContext) -> int | None:
    """ "this is my dog btw" with a photo, then "put him in the pfp next to the fox": "the pfp" is what the
    picture current before the photo shows, so that picture changes (and the photo lends)."""
    placed = _placed_upload(core, ctx)
    if placed is None or len(ctx.current_path) < 2:
        return None
    where = re.match(r"\s*(?:the|my|our)\s+([a-z]{3,})", core[placed[1].end():])
    if where is None:
        return None
    shown_by = [h for h in (ctx.current_path[-2], placed[0])
                if re.search(rf"\b{re.escape(where.group(1))}", ctx.captions.get(h, ""))]
    return ctx.current_path[-2] if shown_by == [ctx.current_path[-2]] else None
