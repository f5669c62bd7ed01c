"""Tries again. "try again, but brighter": the last request once more with a change (also built by
studio/calls.py for any action). Another go at a picture named by what it shows: "have another go at
the bouquet", "one more try at Bruno with the hat", "try the bouquet again": the call that made that
picture runs again (a new seed), with its own tool, inputs and words, whichever picture is current now.
Read by studio/understanding.py before the interpreter, since these words name a picture and ask for its
step again, not an edit of it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from studio.phrases import DETERMINER_START, normalise
from studio.content import ContentMatcher, Descriptor
from studio.references import Mention, RouterContext, Unresolved, latest_first
from studio.router import Decision, tool_decision
from tools.schemas import GenerationParams, ToolCall

if TYPE_CHECKING:  # studio/calls.py builds on this module
    from studio.words import Words

ANOTHER_GO = re.compile(r"\b(?:another|one\s+more|a\s+second|a\s+fresh)\s+(?:go|try|shot|attempt|crack|pass)\s+(?:at|on)\s+"
                        r"(?P<what>.+)$"  # not "another version of image 1 with a red sky": an edit of it
                        r"|^(?:try|retry|redo|re-do|regenerate|reroll|re-roll)\s+(?P<thing>the\s+[a-z]+(?:\s+[a-z]+){0,2})\s+again$"
                        r"|^(?:do|try)\s+(?P<step>the\s+[a-z]+)\s+(?:thing|bit|step|edit)\s+again\b(?:[\s,]+but)?(?P<change>.*)$")
# "do the scarf thing again but green this time": the step that brought the scarf, with the change
# (not "redo the cover in that vibe", "try that again": a restyle, and the last step again)


def another_go_at(words: Words, ctx: RouterContext) -> Decision | None:
    """The call that made the picture the words name, run again; None when the turn is not such a retry
    or names no picture that a call made."""
    found = ANOTHER_GO.search(re.split(r"[,.;!?]|\s+-\s+", words.core)[0].strip())
    if found is None or not ctx.made_by:
        return None
    named_as = found.group("what") or found.group("thing") or found.group("step")
    said = re.sub(r"^(?:the|that|this|my|our)\s+", "", named_as).split()[:4]
    description = Descriptor.parse(" ".join(said))
    made_here = [h for h in latest_first(ctx) if h in ctx.made_by]
    try:  # the step that brought what the words name: the earliest picture made that shows all of it
        named = [ContentMatcher(ctx).pick(description, made_here, earliest=True, ask=False)] if description.wanted else []
    except Unresolved:
        named = []
    if not named or named[0] is None:
        start = words.core.find(named_as)
        named = [h for m in words.mentions if m.start >= start for h in m.handles]
    made = named[0] if named else None
    if made is None or made not in ctx.made_by:
        return _step_again(found.group("what") or "", words, ctx)
    change = re.sub(r"\s*\bthis\s+time\b", "", found.group("change") or "").strip(" .!?")
    if change:
        return Decision("tool", call=_with_change(ctx.made_by[made], change, words.params))
    return Decision("tool", call=ctx.made_by[made], repeat=True)


def _with_change(call: ToolCall, change: str, params: GenerationParams) -> ToolCall:
    """That call once more, the change added to its words and this turn's parameters laid over its own."""
    args = {**call.args, "prompt": f"{call.args['prompt']}, {change}" if change else call.args["prompt"]}
    return ToolCall(tool=call.tool, args=args, params=call.params.merged(params))


def _step_again(what: str, words: Words, ctx: RouterContext) -> Decision | None:
    """ "ave another go at the brightenin but keep the colours natural": no picture named, a step is (a word
    in -ing): the last step again, from where it started, with the change after "but"."""
    step = re.match(r"(?:the|that|this|your|ur)\s+[a-z]+(?:ing|in'?)(?=\s|$)", what)
    last = _undone_step(ctx) or ctx.call_to_repeat
    if step is None or last is None or last.tool not in ("generate", "edit", "style"):
        return None
    after = words.core[words.core.find(what) + step.end():]
    change = re.sub(r"^[\s,]*(?:but\s+)?(?:this time\s+)?", "", after).strip(" .!?")
    return Decision("tool", call=_with_change(last, change, words.params), repeat=not change)


def _undone_step(ctx: RouterContext) -> ToolCall | None:
    """Right after an undo, the call of the step undone (it started from the image now current)."""
    if ctx.previous_action != "undo":
        return None
    undone = [h for h, call in ctx.made_by.items() if call.args.get("source") == ctx.current and h not in ctx.current_path]
    return ctx.made_by[max(undone)] if undone else None


# "do this painting thing one more time", "run that play again from the same spot, just lighter"
# a property put back, not a step tried again: "make the car blue again", "turn it red again"
AS_IT_WAS = re.compile(r"\b(?:make|turn|paint|colou?r|get)\s+(?:(?:the|his|her|its|their|my)\s+\w+(?:\s+\w+)?|it|him|her|them)\s+"
                       r"(?!(?:one|more|once|look)\b)[a-z]+\s+again\b")
RETRY_WORDS = re.compile(r"\b(?:again|once more|one more time|anew|afresh|another (?:go|run|try|shot|take))\b")


def step_retried(decision: Decision | None, words: Words, ctx: RouterContext) -> Decision | None:
    """An edit or restyle (built by studio/calls.py) that tries again the step that made the current image and
    names no image of its own, or only that step's ("this painting thing"): that step once more on its own
    images, not on its result, with this turn's words added. After an undo, the step undone, which started from
    the image now current ("Take it back", then "Try de painting ting one more time but keep de colours bright")."""
    undone = _undone_step(ctx)
    after_undo = undone is not None
    last = undone or ctx.last_made_call
    # (an edit that says "again" after a restyle is the restyle again: "Try de painting ting one more time but ...")
    if decision is None or decision.kind != "tool" or last is None or decision.call.tool not in (last.tool, "edit") or AS_IT_WAS.search(words.core) \
            or decision.call.tool != last.tool and last.tool != "style" \
            or decision.call.args.get("source") not in (ctx.current, *last.input_handles()) or ctx.attached \
            or ctx.previous_action == "undo" and not after_undo or not after_undo and ctx.made_by.get(ctx.current) != last \
            or any(h not in last.input_handles() for h in words.handles) \
            or not RETRY_WORDS.search(words.core):
        return decision
    said = decision.call.args.get("prompt") or ""
    return Decision("tool", call=_with_change(last, said if said != last.args.get("prompt") else "", words.params))


def again_but(words: Words, ctx: RouterContext) -> Decision | None:
    """ "try again but this time with clouds": the last request once more with the change; the words
    leave no doubt, so the interpreter is not asked (it once read this as chat)."""
    last = ctx.call_to_repeat
    more = MORE_LIKE_THAT.search(words.raw.lower())
    if (words.params.count or 1) > 1 and last is not None and not words.mentions and more \
            and not re.match(r"\s*(?:one\s+)?(?:with|but|where|and)\b", words.raw.lower()[more.end():]):  # not "2 more of this one with ...":
        # "make me three more like dat": that step again, as many times (a change said is a change to the one in hand)
        return Decision("tool", call=ToolCall(tool=last.tool, args=dict(last.args), params=last.params.merged(words.params)),
                        repeat=True)
    made = ctx.last_made_call
    if made is not None and made.tool in ("edit", "style") and SAME_ON.search(words.core):
        # "love it. now do the same for Bella" (her photo attached): that step on the picture named now
        named = list(ctx.attached) or [h for h in words.handles if h != made.args["source"]]
        if len(named) == 1:
            return Decision("tool", call=ToolCall(tool=made.tool, args={**made.args, "source": named[0]},
                                                  params=made.params.merged(words.params)))
    if ctx.mask_outranks_repeat:
        return None
    said = AGAIN_BUT.match(words.core)
    if said is None or (said.group("joined") or "").startswith("and"):  # "again and ...": the interpreter reads it
        return _retry_sentence(words, ctx)
    return again_with_changes(words.core, words.mentions, ctx, words.params)


# a sentence that opens with another try, after a complaint or a filler word: "Aue the food look too palangi. Try
# again from the start pls, with the pig in the middle", "hmm try again the puppy's look kind of scary", "Request
# another attempt at that repaint, lighter touch"
RETRY_OPENING = re.compile(
    r"(?:^|(?<=[.!?;]\s))(?:(?:hmm+|ok(?:ay)?|nah|no|right|so|request|(?:can|could) (?:you|u)|let'?s)[,\s]+)?"
    r"(?:try (?:it |that |this )?again|have another go|(?:do|redo) (?:it|that|this) (?:over|again)|start (?:it|that) over|"
    r"once more from the top|"
    r"another (?:attempt|go|try|shot)(?: at (?:it|that|this)(?: (?:one|step|repaint|restyle|painting|edit|change|picture))?)?)"
    r"(?P<change>[^.!?]*)")


def _retry_sentence(words: Words, ctx: RouterContext) -> Decision | None:
    """The step that made the current picture (after an undo, the step undone) once more, from its own images,
    with the rest of that sentence as the change; None when no sentence opens with another try."""
    said = normalise(words.raw)
    found = RETRY_OPENING.search(said)  # the whole message: a later sentence may say the change
    undone = _undone_step(ctx)
    last = undone or ctx.last_made_call
    if found is None or last is None or last.tool not in ("generate", "edit", "style") or ctx.attached \
            or not undone and ctx.made_by.get(ctx.current) != last \
            or any(h not in last.input_handles() and h != ctx.current for h in words.handles):
        return None
    change = re.sub(r"^[\s,]*(?:from (?:the )?(?:start|scratch|beginning)\b)?[\s,]*(?:please|pls|plz)?[\s,]*"
                    r"(?:but\s+|with\s+|this time\s+)*", "", found.group("change")).strip(" ,")
    after = said[found.end():].strip(" .!?,")
    if not change and re.match(r"(?:no|nah|actually|wait|never\s*mind|on second thought)\b", after):
        return None  # "try again. No, it's fine, but can you make the motorcycle green": taken back at once
    change = change or after  # "Once more from the top? ... Make them scruffy"
    return Decision("tool", call=_with_change(last, change, words.params), repeat=not change)


SAME_ON = re.compile(r"\b(?:do|try)\s+the\s+same(?:\s+thing)?\s+(?:for|to|with|on)\b|\bsame\s+(?:thing|treatment|edit)\s+(?:for|to|on)\b"
                     r"|(?:^|[.!?]\s+)(?:(?:ok(?:ay)?|now|and|so)[,.]?\s+)?same\s+for\s+(?:the|this|these|my|our|his|her)\b"  # "Ok. Same for the jacket."
                     r"|(?:^|[.!?]\s+)(?:(?:ok(?:ay)?|now|and|so|good)[,.]?\s+)?same\s+for\s+"  # "Good. Same for shoes pl."
                     r"(?!(?:me|us|you|all|both|everyone|everybody|them|him|her|it|now|today|tomorrow|later|each|every)\b)[a-z]{3,}\b"
                     r"|\bsame\s+(?:thing|treatment|edit)\s+with\s+(?:this|these|the\s+new)(?:\s+(?:one|photo|pic|picture))?\b")
MORE_LIKE_THAT = re.compile(r"\b(?:\d|two|three|four|five)\s+more\s+(?:just\s+)?(?:like|of)\s+(?:that|this|dat|dis|it|these|those|them)\b")


# "try again, but brighter", "again this time with clouds", "do it again and add a moon", "once more the
# same, the snow falling softer" (a change after a comma)
AGAIN_BUT = re.compile(r"^(?:[^.!?]*[.!?]\s+)*(?:[a-z]+[,!]\s+)?(?:try (?:it |that )?again|again|(?:do|redo) (?:it|that) again|retry|once more(?: the same)?|"
                       r"one more time|(?:the )?same again)(?:[\s,]+(?P<joined>but\s+(?:this time\s+)?|this time\s+|and\s+)|\s*,\s*(?=\S))"
                       r"(?P<change>.+)$")


INSTEAD_OF = re.compile(r"\binstead\s+of\s+(?:the|my|this|that|da)\s+([a-z]{3,})\b")


def again_with_changes(core: str, mentions: list[Mention], ctx: RouterContext, params: GenerationParams) -> Decision | None:
    """ "try again, but brighter": the last request once more with the change added to its words;
    "do another one but with balloons" adds to the last prompt, "one more for her brother, a rocket
    ship past the moon" names a subject of its own."""
    last = _undone_step(ctx) or ctx.last_call  # "Take that back off." then "Do it again but make the letters red"
    if mentions or last is None:
        return None
    again_but = AGAIN_BUT.match(core)
    if again_but and last.tool in ("generate", "edit", "style"):
        change = re.sub(r"^(?:this|that)\s+time$", "", again_but.group("change").strip(" .!?"))  # "same again, but four of them this time"
        again = _with_change(last, change, params)
        if len(ctx.attached) == 1 and last.tool == "style":
            # "same again, but use this as the style instead"; "same again but with my other dog, this one": the picture
            key = "style_image" if re.search(r"\b(?:style|painting|paint|look|colou?rs?|like this|as the)\b", change) else "source"
            again.args[key] = ctx.attached[0]
        elif ctx.attached and last.tool == "edit":  # "same again but with this hat (instead)"
            kept = [] if re.search(r"\binstead\b", change) else list(last.args.get("references") or [])
            again.args["references"] = kept + [h for h in ctx.attached if h not in kept]
        elif last.tool == "edit" and (dropped := INSTEAD_OF.search(change)):
            # "same again but on a plain white background instead of the wood": the wood photo no longer lends
            matcher = ContentMatcher(ctx)
            again.args["references"] = [h for h in last.args.get("references") or [] if not matcher.match(dropped.group(1), h)]
        return Decision("tool", call=again)
    more = re.match(r"^(?:(?:do|make|draw|generate|create|give me|gimme|let'?s (?:have|do))\s+)?(?:another|one more)(?:\s+one)?\b"
                    r"[\s,]*(?:but\s+|this time\s+)*(.+)$", core)
    if more is None:
        return None
    rest = re.sub(r"[\s,]+(?:please|pls|plz|thanks|thx)\s*[.!?]*$", "", more.group(1)).strip(" ,.!?")
    clauses = re.split(r",\s*|:\s*|\s+-\s+", rest)
    subject = next((i for i, c in enumerate(clauses) if DETERMINER_START.match(c)), None)
    if subject is not None:
        return tool_decision("generate", {"prompt": ", ".join(clauses[subject:]), "references": []}, params)
    if last.tool == "generate":
        return tool_decision("generate", {"prompt": f"{last.args['prompt']}, {rest}", "references": list(last.args.get("references") or [])}, params)
    return None
