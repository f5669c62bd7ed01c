"""The exact rules: what a turn says so plainly that no reading is needed.

- a bare upload (attachments, no words);
- a whole-message command: undo ("undo x2", "nah scratch that, undo"), redo, try again;
- the last request with new parameters ("same again with seed 7") or as N variations or other sizes
  ("give me 4 variations", "try it in 16:9 and in portrait");
- (the images a turn names are resolved once, by studio/calls.py `Words.of`: one that matches no image,
  or several equally, is a question back.)

Everything else -- which action the person means -- is the interpreter's reading
(studio/understanding.py); the images and words of that action are built in studio/calls.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from studio.parameters import extract_params, find_count
from studio.phrases import (
    AGAIN,
    EDIT_VERBS,
    GENERATE_VERBS,
    REDO,
    UNDO,
    UNDO_COUNT,
    has_content,
    names_an_image_number,
    normalise,
    starts_with,
    steps_back,
    strip_polite,
)
from studio.references import RouterContext, Unresolved
from studio.router_context import Question
from tools.schemas import GenerationParams, ToolCall

DecisionKind = Literal["tool", "chat", "undo", "redo", "upload", "select", "clarify"]


@dataclass
class Decision:
    kind: DecisionKind
    call: ToolCall | None = None
    reply: str = ""
    select: int | None = None  # for kind == "select"
    repeat: bool = False  # "try again": the last call with a fresh seed
    count: int = 1  # for undo: how many steps
    router: str = "rules"  # which router decided (and, for a fallback, why)
    model_answer: str | None = None  # the model router's raw answer when it was rejected
    exact: bool = False  # the rules are certain: a bare upload or a whole-message command ("undo", "try again")
    confidence: float = 1.0  # the interpreter's probability of the action taken (1.0 when the rules decided)
    question: Question | None = None  # for kind == "clarify": what it asks, as the answer will be read against

    def __post_init__(self) -> None:
        if self.kind == "clarify" and self.question is None:
            self.question = Question.asked(self.reply)



def tool_decision(tool: str, args: dict, params: GenerationParams) -> Decision:
    """A tool call to run; a question back when its words are empty ("make it", "what about it?")."""
    for key in ("prompt", "question"):
        if key in args and not str(args[key]).strip(" ,.;:!?'\"-"):
            raise Unresolved("What should it show? Describe it in a few words." if tool != "describe"
                             else "What would you like to know about the image?")
    return Decision("tool", call=ToolCall(tool=tool, args=args, params=params))

VARIATIONS_FILLER = re.compile(r"\b(?:give|make|show|try|get|see|do|generate|create|render|draw|produce|want|need|i'?d like|redo|"
                               r"version|versions|format|size|crop|again|instead|too|as well|"
                               r"like|can|could|would|will|you|i|we|me|us|please|pls|of|this|that|it|them|one|now|then|"
                               r"quick|some|more|also|maybe|just|let'?s|ok|okay)\b")



def exact_reading(text: str, ctx: RouterContext) -> Decision | None:
    """The decision when the words leave no doubt (a question when "try again" has nothing to repeat);
    None when the interpreter must read the turn. Images the turn names are checked by `Words.of`."""
    try:
        return _exact(normalise(text.strip()), ctx)
    except Unresolved as question:
        return Decision("clarify", reply=str(question), question=question.asked)


def _exact(norm: str, ctx: RouterContext) -> Decision | None:
    if not norm and ctx.attached:
        return Decision("upload", reply=_upload_reply(ctx), exact=True)
    norm = re.sub(r"^(?:no|don'?t|do not)\s+(?:undo|redo)\b[^,.;!?-]*[,.;!?-]+\s*", "", norm) or norm  # "no undo please, just compare"
    command = whole_message_command(norm)
    if command is not None:
        if command.kind == "tool":  # try again
            if ctx.call_to_repeat is None:
                raise Unresolved("There's nothing to try again yet. What should I create?")
            if ctx.mask_outranks_repeat:
                return None
            command.call = ctx.call_to_repeat
        command.exact = True
        return command

    text, params = extract_params(norm)
    if ctx.last_call is not None and params != GenerationParams() and re.match(
            r"^(?:(?:the\s+)?same(?:\s+(?:again|thing|one|prompt|image))?|again|repeat(?:\s+(?:that|it))?|do (?:it|that) again|"
            r"(?:try|run) (?:it|that) again)(?:\s+(?:with|but with|using|at|and|but))*[\s,.!]*$", text.strip()):
        # "same again with seed 7", "same again with seed 99 and 50 steps": the last call, new parameters
        return Decision("tool", call=ToolCall(tool=ctx.last_call.tool, args=dict(ctx.last_call.args),
                                              params=ctx.last_call.params.merged(params)), exact=True)
    if (params.count or params.sizes or params.width) and not has_content(VARIATIONS_FILLER.sub(" ", strip_polite(text) or text)):
        # "give me 4 variations", "try it in 16:9 and in portrait", "make it square": the last request
        # again, with N new seeds or at the sizes asked
        if ctx.last_call is not None:
            # this turn's number of images and sizes replace the last request's
            before = ctx.last_call.params.model_copy(update={"count": None, "sizes": None})
            return Decision("tool", call=ctx.last_call.model_copy(update={"params": before.merged(params)}),
                            repeat=True, exact=True)
        if ctx.current is None:
            raise Unresolved("Variations of what? Describe the picture, or attach a photo.")
        return Decision("tool", exact=True, call=ToolCall(tool="edit", params=params, args={
            "prompt": "a variation of this image, same subject and composition" if params.count else
            "the same image, reframed to this size: extend the scene, keep the subject", "source": ctx.current, "references": []}))
    return None


def whole_message_command(norm: str) -> Decision | None:
    """undo / redo / try again, as the whole message or as one clause among complaints and
    small talk ("hmm no, step back, the balloons look weird"; "nah scratch that, undo")."""
    if re.match(r"^(?:how|what|why|where|when|can|could|do|does|is|will|would)\b[^.!]*\?\s*$", norm):
        return None  # "how do I undo?" asks about the command, it does not give it
    if re.search(r"\bredo\s+(?:it|this|that|the\s+\w+)\s+(?:so|in|like|as|with|using|but)\b", norm):
        return None  # "redo it so it looks like this painting": make it again differently, not the redo command
    # "haha amazing. and if I don't like something, is there an undo?": a question about the command
    norm = re.sub(r"[^.!?]*\b(?:is there|are there|how (?:do|can|does)|can i|could i|do i|does (?:it|this|the app)|is (?:it|that) possible|(?:will|would) i be able|am i able)\b[^.!?]*\?", " ", norm).strip() or norm
    parts = re.split(r"[,.;!?]+|\s+-\s+|\s+(?:and|so|then)\s+", norm)
    clauses = [c for c in (strip_polite(c.strip(" ,.;!?-")) for c in parts) if c]
    found: list[Decision] = []
    for clause in clauses or [norm]:
        clause = re.sub(r"^(?:(?:no|nope|nah|meh|ugh|hmm+|actually|nvm|ok|okay|k|so|bet|fr|lol|wait|not keen|bruh|bro|dude|man|yo|aight|"
                        r"i (?:don'?t|do not) (?:like|love) (?:it|that|this))[\s,]+)+", "", clause)
        bare = re.sub(r"(?:\s+(?:again|lol|haha|please|pls|plz|thx|thanks|now|quickly|real quick|mate|fr|bro|"
                      r"dude|thank you|cheers|for me))+$", "", clause)
        if not (UNDO.match(clause) or REDO.match(clause) or AGAIN.match(clause)) and (UNDO.match(bare) or REDO.match(bare)):
            clause = bare  # "redo lol", "undo again please"
        complaint_then_back = re.search(r"\s(?:go back|undo(?: it| that)?|revert(?: it)?)$", clause) \
            and not starts_with(clause, EDIT_VERBS + GENERATE_VERBS) and not names_an_image_number(clause) \
            and not re.search(r"\b(?:to|from)\s+(?:the|my|image|#)", clause)
        if UNDO.match(clause) or complaint_then_back:  # "no thats too big go back"
            found.append(Decision("undo"))
        elif UNDO_COUNT.match(clause):
            found.append(Decision("undo", count=steps_back(clause)))
        elif REDO.match(clause):
            found.append(Decision("redo"))
        elif AGAIN.match(clause) and len(clauses) > 1 and re.match(r"^(?:show me|let me see|lemme see|(?:can|could) i see)\s+(?:it\s+|that\s+|this\s+)?again$", clause):
            return None  # "The one before the cake, the Armando painting one, show me again": that picture shown, not made again
        elif AGAIN.match(clause):
            found.append(Decision("tool", repeat=True))
        elif re.match(r"^(?:a\s+)?(?:new|separate|different|fresh)\s+(?:one|picture|image|pic|poster|card)$", clause):
            return None  # "Now one more, separate picture, a new one. The Festa boats ...": one more picture, not the last again
        elif re.match(r"^(?:i\s+)?meant\b", clause):
            return None  # "undo that, I meant sparklers not candles": the step again as meant (studio/corrections.py)
        elif found and re.match(r"^with the same (?:description|prompt|words|settings|brief)$", clause):
            continue  # "Could you attempt that image again, with the same description?"
        elif starts_with(clause, EDIT_VERBS + GENERATE_VERBS) or names_an_image_number(clause) or find_count(clause) or \
                re.match(r"^(?:with|without|this time|except|only|instead|go\s+for|try\s+(?:him|her|it|them|this|that|a|an|the|some)\b)", clause) \
                or found and clause.startswith("but "):
            # an instruction of its own ("another one, but at night"): not a bare command (a "but" before the command
            # is a complaint: "..., but the hat is floating. Would you attempt that step once more?")
            return None
    kinds = {(d.kind, d.count) for d in found}
    return found[0] if len(kinds) == 1 else None  # "scratch that, undo" is one undo


def _upload_reply(ctx: RouterContext) -> str:
    return f"Got it: {', '.join(f'image #{h}' for h in ctx.attached)}. What should I do with {'them' if len(ctx.attached) > 1 else 'it'}?"
