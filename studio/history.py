"""Images named by a step of their history: "where we were before the hat", "the one before you added the hat", "the
version from before the walls were painted", "how it was before this painting style", "the one from before the gate
fixing": the image the step that brought that thing (or did that) started from. A finder of `find_mentions`
(studio/references.py), run after those that name images by number and place."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from studio.image_words import before_step
from studio.router_context import RouterContext

if TYPE_CHECKING:
    from studio.references import Found


def before_a_step(text: str, ctx: RouterContext, found: "Found") -> None:
    """Adds each image a "before <that step>" phrase names."""
    for m in re.finditer(r"\b(?:(?:the|that)\s+(?:[a-z]+\s+){0,2}?(?:one|version|picture|image|pic|photo|edit|[a-z]{3,})(?:\s+with\s+"
                         r"(?:only\s+|just\s+)?(?:the|a|an|his|her)\s+[a-z]+(?:\s+[a-z]{3,})?)?|where (?:we|i) (?:were|was)|(?:how|as) (?:it|he|she|they) (?:was|were|looked)|back to|"
                         r"(?:was|were|looked|looks?)\s+(?:so\s+|much\s+|way\s+)?(?:nicer|better|prettier|cleaner|best))"  # "it was nicer before the umbrella"
                         r",?\s+(?:from\s+)?"
                         r"(?:just\s+|right\s+|immediately\s+)?(?:before|prior\s+to)\s+"  # "the version prior to the tray"
                         r"(?:(?:(?:you|we|i|u)\s+(?:\w+\s+){0,2}?)?(?:(?:my|our|your|his|her|their)\s+[a-z]+'s|the|a|an|his|her|its|their|that|this|[a-z]+'s)\s+|(?:it|he|she|they)\s+"
                         r"(?:got|had|wore|was|were|became|went|turned)\s+(?:(?:the|a|an|his|her|its|their|any|those|these)\s+)?|(?:it|everything)\s+(?=[a-z]{3,}ed\b)|"  # "before it snowed", "before he got the hat"
                         r"[a-z]{3,}\s+got\s+(?:the|a|an|his|her|its|their)\s+)([a-z]+)"  # "before Bramble got her coat"
                         r"(?:\s+(?!(?:with|and|or|in|on|to|for|from|was|were|is|but|please|went|got|came|had)\b)([a-z]{3,})\b)?", text):  # "the instrument tray"
        if text[:m.start(1)].endswith("this ") and m.group(1) in ("change", "edit", "step", "version", "one", "update", "tweak", "fix"):
            continue  # "how it was before this change": the step just made (read as the one before), no thing it brought
        doing = m.group(2) if m.group(2) and re.search(r"[a-z]{3}ing$", m.group(2)) else None  # "before the gate fixing"
        made = re.search(r"\b(?:made|make|turned|turn|changed|painted|coloured|colored)\s+(?:the|his|her|its|their)\s+$",
                         text[:m.start(1)]) and re.match(r"\s+([a-z]{3,})", text[m.end(1):])
        hit = before_step(made.group(1), ctx) if made else None  # "before I made the shoes red": the step that made them red
        changed = re.search(r"\b(?:you|we|i|u)\s+(?!(?:asked|added|put|got|gave|brought|had)\b)[a-z]+ed\b", text[m.start():m.start(1)])
        hit = hit if hit is not None or not doing else before_step(m.group(1), ctx, brought=False, also=doing[:-3])
        hit = hit if hit is not None else before_step(m.group(1), ctx, brought=not changed)
        if hit is not None:
            found.add_over(m, [hit])
    # "from before i made it rain"; "please go back to before hat" (no article)
    for m in re.finditer(r"\bbefore\s+(?:i|we|you|u)\s+(?:made|turned|changed|had)\s+(?:it|him|her|them|everything)\s+([a-z]{3,})|"
                         r"\b(?:back\s+to|from)\s+(?:just\s+)?before\s+(?!(?:that|this|it|then|now|last|the|a|an|we|i|you|he|she|"
                         r"they|please|pls|plz|and|but|so|when|with)\b)([a-z]{3,})\b", text):
        hit = before_step(m.group(1) or m.group(2), ctx) if found.free(m) else None
        if hit is not None:
            found.add(m, [hit])
