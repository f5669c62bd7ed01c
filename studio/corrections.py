"""Corrections of the last step: "oops, I meant image 8", "wait, not that one", "use the shoes photo instead"
(the step again on the image meant), "sorry, I meant the wall, not the bike" (the step again with the words meant),
"no not the hat, I meant the shoes" (the step again with the image meant in place of the wrong one), and "undo that, I
meant sparklers not candles" (the same, said after an undo).

Called by studio/understanding.py before the interpreter reads the turn.
"""

from __future__ import annotations

import re

from studio.content import ContentMatcher, Descriptor
from studio.phrases import CORRECTION
from studio.references import Mention, RouterContext, Unresolved
from studio.router import Decision
from studio.words import Words
from tools.schemas import ToolCall


# "oops, I meant a daisy, not a sunflower. same spot": the words of the last step, not its image, were wrong
OOPS = r"^(?:(?:oops|sorry|wait|no|nope|actually|my bad|oh|whoops)\b[\s,!.-]*)*"  # what a correction may open with
MEANT_NOT = re.compile(OOPS + r"i\s+meant\s+(?:the\s+|a\s+|an\s+)?"
                       r"([a-z]+(?:\s+[a-z]+)?),?\s+not\s+(?:the\s+|a\s+|an\s+)?([a-z]+(?:\s+[a-z]+)?)\s*(?:[.!,;]|$)")


# "no not the hat, I meant the shoes", "not candles - sparklers": the same correction, the wrong thing first
NOT_MEANT = re.compile(OOPS + r"not\s+(?:the\s+|a\s+|an\s+|my\s+)?"
                       r"([a-z]+(?:\s+[a-z]+)?)\s*[,.;!-]+\s*(?:i\s+meant|i\s+mean|meant|i\s+wanted)\s+(?:the\s+|a\s+|an\s+|my\s+)?"
                       r"([a-z]+(?:\s+[a-z]+)?)\s*(?:[.!,;]|$)")
# "undo that, I meant sparklers not candles": the step undone is done again as meant
# "not that one", "wrong one", "the other one": another image was meant
OTHER_MEANT = re.compile(r"\bnot (?:that|this) one\b|\bwrong (?:one|image|picture|photo|pic)\b|\bthe other one\b")
UNDONE_FOR = re.compile(r"^(?:undo|scratch|cancel|revert|rewind)(?:\s+(?:that|it|this))?\s*[,.;!-]+\s*(?=(?:i\s+meant|not)\b)")


def correction(words: Words, ctx: RouterContext) -> Decision | None:
    """ "oops, I meant image 8", "wait, not that one": the last request again on the image meant (None when the
    turn is not such a correction; after a picture was chosen, "no, I meant the original" chooses again). Raises
    Unresolved when it cannot tell which image."""
    return _correction(words.core, words.mentions, ctx)


def _correction(core: str, mentions: list[Mention], ctx: RouterContext) -> Decision | None:
    """ "oops, I meant image 8", "wait, not that one", "use the shoes photo instead": the last
    request again, on the image the person meant (the last call's words, params and references)."""
    last = ctx.last_call
    if ctx.previous_action == "select" and mentions and len(mentions[0].handles) == 1 and mentions[0].handles[0] != ctx.current \
            and re.search(r"\bi\s+meant\s+$", core[:mentions[0].start]):
        meant = mentions[0].handles[0]  # "go back to the green one", then "sorry, I meant the original": that one instead
        return Decision("select", select=meant, reply=f"Image #{meant} is now the current image.")
    core = UNDONE_FOR.sub("", core)
    swapped = NOT_MEANT.match(core)
    said = MEANT_NOT.match(core) or swapped
    if last is not None and last.tool in ("edit", "style") and said and len(mentions) <= 1 and not ctx.attached:
        # "no not the hat, I meant the shoes": the image the wrong words name among the last step's, replaced by the one meant
        wrong_words, right_words = (said.group(1), said.group(2)) if said is swapped else (said.group(2), said.group(1))
        inputs, matcher = last.input_handles(), ContentMatcher(ctx)
        right = mentions[0].handles[0] if mentions else \
            matcher.pick(Descriptor.parse(right_words), pool=[h for h in ctx.uploads if h != inputs[0]], ask=False)
        wrong = matcher.pick(Descriptor.parse(wrong_words), pool=[h for h in inputs if h != right], ask=False) if right else None
        if wrong is not None and (wrong != inputs[0] or right not in inputs):
            # (the right one may have been lent already, beside the wrong one: then the wrong one just goes)
            swap = lambda h: right if h == wrong else h  # noqa: E731
            args = {k: (swap(v) if isinstance(v, int) else list(dict.fromkeys(map(swap, v))) if isinstance(v, list) else v)
                    for k, v in last.args.items()}
            if args.get("prompt"):  # "put the hat on him" -> "put the shoes on him"
                args["prompt"] = re.sub(rf"\b{re.escape(wrong_words.strip())}\b", right_words.strip(), args["prompt"])
            return Decision("tool", call=ToolCall(tool=last.tool, args=args, params=last.params))
    if last is not None and last.tool in ("edit", "inpaint") and not mentions and not ctx.attached:
        if said:  # "sorry, I meant the wall, not the bike": that step again on its own image, with the words it meant
            wrong, right = (said.group(1), said.group(2)) if said is swapped else (said.group(2), said.group(1))
            wrong, right = wrong.strip(), right.strip()
            prompt = last.args["prompt"]
            prompt = re.sub(rf"\b{re.escape(wrong)}\b", right, prompt) if re.search(rf"\b{re.escape(wrong)}\b", prompt) \
                else f"{prompt} ({right}, not {wrong})"
            return Decision("tool", call=ToolCall(tool=last.tool, args={**last.args, "prompt": prompt}, params=last.params),
                            repeat=last.tool == "inpaint")  # (an inpaint keeps its mask)
    if last is None or last.tool not in ("edit", "style", "describe") or ctx.attached or ctx.previous_action == "select" \
            or not (CORRECTION.search(core) or re.fullmatch(r"\W*the\s+other\s+one\W*", core)):  # ("no, the other one": "no," is cut)
        return None
    named = [m for m in mentions if not re.search(r"\bnot\s+(?:the\s+|my\s+|that\s+)?$", core[:m.start])]
    previous = last.input_handles()[0]
    # of the two photos sent, the other; "put sprinkles on the first one", then "no, the other one": of the two made
    pair = (ctx.recent_uploads[-2:] if previous in ctx.recent_uploads[-2:] and len(ctx.recent_uploads) >= 2 else
            next((batch for batch in ctx.made_together() if previous in batch and len(batch) == 2), None)) \
        if OTHER_MEANT.search(core) else None
    if named:
        meant = named[0].handles[0]
    elif pair:
        meant = next(h for h in pair if h != previous)
    elif re.match(r"^(?:(?:oops|sorry|wait|no|nope|actually|my bad|oh)\b[\s,!.-]*)*(?:wrong (?:one|image|picture|photo|pic)|"
                  r"not (?:that|this) one)[\s.!]*$", core):
        raise Unresolved(f"Which image did you mean? This session has {', '.join(f'#{h}' for h in ctx.handles)}.")
    else:
        return None
    args = dict(last.args)
    if last.tool == "describe":
        args["images"] = [meant] + [h for h in args["images"][1:] if h != meant]
    elif last.tool == "style" and meant == args["style_image"]:
        return None
    else:
        args["source"] = meant
        if last.tool == "edit":
            args["references"] = [h for h in args["references"] if h != meant]
    if meant == previous:
        return None
    for key in ("prompt", "question"):  # "give image 7 a purple sky" must not name #7 on #8
        if args.get(key):
            args[key] = re.sub(r"\b(?:image|picture|photo|pic|img)\s*#?\s*\d+\b|#\s*\d+\b", "it", args[key])
    return Decision("tool", call=ToolCall(tool=last.tool, args=args, params=last.params))
