"""The default router: the exact rules, then the learned interpreter, then the call built for it.

One turn:
1. the answer to a question back resumes the request the question was about;
2. the exact rules (studio/router.py) decide what is exact -- a bare upload, undo / redo / try again
   as the whole message, "same again with seed 7", "4 variations" -- and ask when an image the turn
   names does not exist;
3. otherwise the interpreter (studio/interpreter.py) reads the turn in its dialogue and picks the
   action; studio/calls.py builds it (which image changes, which lend, what the prompt says), and a
   learned second reading of the images (studio/image_roles.py) replaces the inputs when clearly likelier.
   When two actions are both plausible and neither is clearly ahead, one short question names
   both; when the chosen action has nothing to work with, the next plausible one is built; in an
   empty session an unsure reading asks; a story, praise or a question followed by a clear request is that
   request (studio/ask_inside.py).
Every decision records which layer decided and why (`Decision.router`).
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace

from studio.answers import NEW_ASK, PHOTO_NOW_SENT, photo_of_what_was_missing, read_answer, said_with_answer
from studio.calls import build
from studio.picks import by_content
from studio.corrections import correction
from studio.words import Words
from studio.image_roles import SHIPPED, ImageRoleReader, images_checked
from studio.ask_inside import the_ask_inside
from studio.interpreter import Interpreter, Reading, TurnFeatures, action_label
from studio.phrases import A_NEW_PICTURE, ATTACHMENT_ROLES, CHANGE_OF_THIS, PICTURE_ASKED_FOR, normalise, strip_polite
from studio.spellings import respelled
from studio.references import ORDINALS, RouterContext, Unresolved
from studio.retries import again_but, another_go_at
from studio.roles import sent_alike
from studio.router import Decision, exact_reading, tool_decision
from studio.router_context import Question
from studio.second_look import FALLBACK, reconsider
from studio.versions import more_of_the_same, versions_of_the_picture_in_hand
from studio.session_view import GIVES_A_NAME

log = logging.getLogger(__name__)

UNSURE = 0.50  # below this the interpreter's top action is not clearly ahead ...
CLOSE = 0.15  # ... and a runner-up within this margin makes the turn genuinely ambiguous: ask

OPTION_WORDS = {
    "generate": "make a new picture", "edit": "change #{current}", "style": "restyle it", "inpaint": "repaint the masked area",
    "describe": "tell you about it", "undo": "undo the last change", "redo": "redo the change", "select": "go back to an earlier image",
    "repeat": "try the last request again", "chat": "just note that",
}
# pairs whose two readings lead to such different results that a close call is asked rather than guessed
ASK_BETWEEN = {frozenset(p) for p in (("edit", "generate"), ("style", "generate"), ("edit", "chat"), ("describe", "edit"),
                                      ("undo", "edit"), ("select", "edit"))}


def action_of(decision: Decision) -> str:
    """A decision as an interpreter action ("clarify" for a question)."""
    return action_label(decision.kind, decision.call.tool if decision.call else None, decision.repeat)


class TurnReader:
    """Exact rules + interpreter behind the router interface (`route(text, ctx) -> Decision`)."""

    name = "rules+interpreter"

    def __init__(self, interpreter: Interpreter | None = None, image_roles: ImageRoleReader | None = SHIPPED):
        self._interpreter = interpreter
        self.image_roles = ImageRoleReader.shared() if image_roles is SHIPPED else image_roles

    @property
    def interpreter(self) -> Interpreter:
        if self._interpreter is None:
            self._interpreter = Interpreter.shared()
        return self._interpreter

    def route(self, text: str, ctx: RouterContext) -> Decision:
        resumed = self._resume(text, ctx)
        if resumed is not None:
            return resumed
        if ctx.has_mask and not ctx.handles and not ctx.attached:  # a mask is drawn on a picture: with none, nothing to fill
            return Decision("clarify", reply="There's no picture here yet for that mask. Attach the photo to change, or describe "
                            "a new picture.", router="rules (a mask needs a picture)")
        exact = exact_reading(text, ctx)
        if exact is not None and exact.kind == "redo":
            return _redo_after_going_back(exact, ctx)
        if exact is not None:
            exact.router = "rules (a reference to check)" if exact.kind == "clarify" else "rules (exact command)"
            return exact
        try:
            words = Words.of(text, ctx)  # the images the turn names, resolved once; a missing one is a question
            if len(ctx.attached) >= 2 and ATTACHMENT_ROLES.search(words.core):
                # "the first two are references, the last one is what to edit: ...": the roles are spelled out
                decision = build("edit", text, ctx, words=words)
                decision.router = "rules (attachment roles spelled out)"
                return decision
            corrected = correction(words, ctx)
        except Unresolved as question:
            if ctx.handles or ctx.attached:
                return Decision("clarify", reply=str(question), question=question.asked, router="rules (a reference to check)")
            # an empty session: "the first request of the day comes in: a packed stadium" can only make a picture;
            # the question stands when that reading is not clear ("make the first one brighter")
            reading = self.interpreter.read(TurnFeatures.of(respelled(text), ctx))
            if reading.action == "generate" and reading.confidence >= 0.9 and "?" not in text:  # not "which has more hearts, 3 or 5?"
                return self.decide(text, ctx, reading, Words.naming_nothing(text))
            return Decision("clarify", reply=str(question), question=question.asked, router="rules (a reference to check)")
        if corrected is not None:
            corrected.router = "rules (a correction: the last request on the image meant)"
            return corrected
        retried = another_go_at(words, ctx)
        if retried is not None:
            retried.router = "rules (another go at a picture named)"
            return retried
        changed = again_but(words, ctx)
        if changed is not None:
            changed.router = "rules (the last request again, with a change)"
            return changed
        reading = self.interpreter.read(TurnFeatures.of(respelled(text), ctx))
        reading = the_ask_inside(text, ctx, reading, self.interpreter)  # a story, a remark or a question first, then the ask
        decision = self.decide(text, ctx, reading, words)
        if not ctx.handles and not ctx.attached and reading.action == "generate" and (
                reading.confidence < 0.6 or reading.confidence < 0.9 and ("?" in text and not PICTURE_ASKED_FOR.search(normalise(text))
                                                                          or CHANGE_OF_THIS.search(normalise(text)))):
            # "make the sky more orange" with nothing to change: the reading is split between a picture and a remark
            return Decision("clarify", reply="There are no images in this session yet. Describe what to create, or attach "
                            "the photo to change.", router=f"interpreter, unsure in an empty session ({reading.confidence:.2f})")
        if decision.kind == "redo":
            return _redo_read_again(decision, text, ctx)
        named_other = [h for h in words.handles if h != ctx.current]
        if decision.kind == "select" and decision.select == ctx.current and named_other:
            decision.select, decision.reply = named_other[0], f"Image #{named_other[0]} is now the current image."
        if decision.kind == "select" and decision.select == ctx.current and not _meant_as_current(words, ctx):
            # choosing the image already current changes nothing: the words meant another that fits them
            try:
                other = by_content(strip_polite(normalise(text.strip())), ctx)
            except Unresolved as question:  # separate pictures fit the words as well: ask which
                return Decision("clarify", reply=str(question), question=question.asked, router="rules (a reference to check)")
            if other is not None and other != ctx.current:
                decision.select, decision.reply = other, f"Image #{other} is now the current image."
        return decision

    def decide(self, text: str, ctx: RouterContext, reading: Reading, words: Words | None = None) -> Decision:
        """The interpreter's action built; a question when the reading is genuinely split."""
        try:
            words = words or Words.of(text, ctx)
        except Unresolved as question:
            return Decision("clarify", reply=str(question), question=question.asked, router="rules (a reference to check)")
        if (words.params.count or 1) > 1:  # "2 more with a green sky" makes pictures: no pick, remark, question or step back
            # (a photo sent with a likely remark stays a remark: "this is Mochi, her owner wants to see a few options")
            kept = {"chat"} if ctx.attached and reading.scores.get("chat", 0.0) >= 0.5 else set()
            for pointless in {"select", "chat", "describe", "undo", "redo"} - kept:
                reading = reading.without(pointless)
        meant, confidence = reading.action, reading.confidence
        second, second_score = reading.runner_up()
        why = f"{meant} {confidence:.2f}, then {second} {second_score:.2f}"
        meant = more_of_the_same(versions_of_the_picture_in_hand(meant, words, ctx), words, ctx)
        if confidence < UNSURE and confidence - second_score < CLOSE and frozenset((meant, second)) in ASK_BETWEEN \
                and not _same_result(meant, second, text, ctx, words) \
                and reconsider(meant, reading, words, ctx) != second and reconsider(second, reading, words, ctx) != meant:
            # (unless a second look turns one reading into the other: "reverse it so the horse runs the other way")
            asked = _which_of(meant, second, ctx)  # a choice of actions, not of images: no thumbnails to click
            return Decision("clarify", reply=asked, question=Question.asked(asked, options=()), router=f"two readings, asked ({why})")
        naming = GIVES_A_NAME.search(words.raw)
        if meant in ("select", "chat") and naming and ctx.current is not None and all(h == ctx.current for h in words.handles):
            name = naming.group(1) or naming.group(2)  # "ok this one is officially biscuit v2": a name for the picture, no step
            return Decision("chat", reply=f"Noted: #{ctx.current} is “{name}”. Say “{name}” to come back to it.",
                            router=f"rules (a name given to the current image) ({why})")
        if not ctx.handles and not ctx.attached and meant != "generate" and PHOTO_TO_CHANGE.search(normalise(words.raw)):
            return Decision("clarify", reply="I don't have the photo yet: attach it, and say what to change.",
                            router=f"rules (a change to a photo not sent) ({why})")
        meant = reconsider(meant, reading, words, ctx)
        alike = sent_alike(words, ctx) if meant in ("edit", "inpaint", "style") else []
        if alike:
            asked = f"Which one do you mean: {', '.join(f'#{h}' for h in alike[:-1])} or #{alike[-1]}?"
            return Decision("clarify", reply=asked, question=Question.asked(asked, options=alike),
                            router=f"rules (one of the photos sent together, asked) ({why})")
        ranked = [a for a, p in sorted(reading.scores.items(), key=lambda kv: kv[1], reverse=True) if a == meant or p >= FALLBACK]
        ranked = [meant] + [a for a in ranked if a != meant]
        for action in ranked:
            try:
                built = build(action, text, ctx, words=words)
            except Unresolved as question:
                return Decision("clarify", reply=str(question), question=question.asked, router=f"interpreter, a reference to check ({why})")
            if built is not None:
                built.router = f"interpreter ({why})" if action == meant else f"interpreter: {meant} had nothing to act on ({why})"
                built.confidence = reading.scores.get(action, 0.0)
                return images_checked(built, text, ctx, reading.encoding, self.image_roles, list(dict.fromkeys(words.handles)))
        return Decision("clarify", reply="What would you like me to do: make a new picture, or change one?",
                        router=f"interpreter: nothing to act on ({why})")

    def _resume(self, text: str, ctx: RouterContext) -> Decision | None:
        """The answer to a question back runs the request it was about: "#3" after "which image did
        you mean?", "a new one" after "Should I change #3, or make a new picture?"."""
        if ctx.previous_action != "clarify" or not ctx.previous_text:
            return None
        answer = normalise(text.strip()).strip(" .!?")
        if ctx.attached:
            return self._resume_with_what_was_missing(answer, ctx)
        withdrawn = WITHDRAWN.search(answer)
        rest = answer[withdrawn.end():].strip(" ,.;:!?-") if withdrawn else ""
        if withdrawn and (not rest or KEPT_AS_IT_IS.search(rest)
                          or self.interpreter.read(TurnFeatures.of(rest, ctx)).action in ("chat", "undo")):
            # "I did not send it, it is on my other phone. Forget it, the mountain is fine like this": nothing to do
            return Decision("chat", reply="OK, I've left it as it is.", router="rules (the request asked about, withdrawn)")
        read = read_answer(answer, ctx)
        if read is None and withdrawn and rest:
            # "Right, no logo yet. Forget it. You do PDFs, or just pictures?": no answer, and what follows is its own turn
            decision = self.route(rest, replace(ctx, previous_action="", previous_text=""))
            decision.router = f"the request asked about withdrawn, then ({decision.router})"
            return decision
        if read is None:
            return None
        chosen, target = read.action, read.target
        said_again = said_with_answer(ctx.previous_text, ctx, target) if chosen is None and target is not None else None
        if said_again is not None:
            decision = self.route(said_again, replace(ctx, previous_action=""))
            if decision.kind != "clarify":
                decision.router = f"resumed the request the question was about, with #{target} in it ({decision.router})"
                return decision
        if chosen is None:
            before = TurnFeatures(ctx.previous_text, n_images=len(ctx.handles), has_current=ctx.current is not None,
                                  can_repeat=ctx.last_call is not None)
            chosen = self.interpreter.read(before).action
            chosen = chosen if chosen in ("edit", "style", "describe", "select", "generate") else "edit"
            if chosen == "generate" and target is not None and not A_NEW_PICTURE.search(normalise(ctx.previous_text)):
                chosen = "edit"  # "make the barn snowy" asked which barn, then "the blue one": that barn changes
        try:
            decision = self._on_the_one_named(chosen, ctx, target) or build(chosen, ctx.previous_text, ctx, target=target)
        except Unresolved as question:
            return Decision("clarify", reply=str(question), question=question.asked, router="resumed request, still unclear")
        if decision is None:
            return None
        decision.router = f"resumed the request the question was about ({chosen}{f' on #{target}' if target else ''})"
        return decision


    @staticmethod
    def _on_the_one_named(chosen: str, ctx: RouterContext, target: int | None) -> Decision | None:
        """ "the first one" after "put the hat on the dog" asked which dog: the request as it reads on its own,
        with the image named as the one it changes; the hat still lends."""
        if target is None or chosen not in ("edit", "style"):
            return None
        try:
            plain = build(chosen, ctx.previous_text, ctx)
        except Unresolved:
            return None
        if plain is None or plain.call is None or plain.call.tool != chosen or plain.call.args.get("style_image") == target:
            return None
        args = dict(plain.call.args, source=target)
        if "references" in args:
            args["references"] = [h for h in args["references"] if h != target]
        return Decision("tool", call=plain.call.model_copy(update={"args": args}))

    def _resume_with_what_was_missing(self, answer: str, ctx: RouterContext) -> Decision | None:
        """ "Oh sorry, I forgot to send it. Here it is" with the hat, after "I can't find the hat ...": the request
        the question was about, now with the photo it lacked."""
        # a short message with the photo needs no "here it is" ("Ah scusa, ecco Spritz! Bello, no?")
        if not (PHOTO_NOW_SENT.search(answer) or len(answer.split()) <= 6) or NEW_ASK.search(answer):
            return None
        # "the hat from picture 12", asked about, is the hat sent now
        # ("here. Aktan, friend dog. and jacket again" with two photos: the one that shows what was missing)
        missing = ctx.attached[0] if len(ctx.attached) == 1 else photo_of_what_was_missing(ctx)
        # (with several photos sent, as the question read the request: without them; with one, as it reads with it, but
        # a photo asked for as missing ("I don't have Luna's photo yet") as the question read it: "Luna, my tía's dog, from
        # the photo I sent you before" is replaced by the photo sent)
        without = replace(ctx, attached=[], uploads=[h for h in ctx.uploads if h not in ctx.attached])
        before = ctx if len(ctx.attached) == 1 and not (ctx.question and ctx.question.photo_of) else without
        request = (said_with_answer(ctx.previous_text, before, missing) if missing is not None else None) or ctx.previous_text
        decision = self.route(request, replace(ctx, previous_action=""))
        if missing is not None and decision.call is not None \
                and decision.call.args.get("source") == missing and PLACING.search(normalise(ctx.previous_text)):
            # "put the small hat on Buchi, the one I sent you before", then the hat: it is put on the picture in hand, as
            # the request reads with the photo sent beside it
            as_sent = self.route(SAID_SENT.sub("", ctx.previous_text), replace(ctx, previous_action=""))
            if as_sent.call is not None and missing in as_sent.call.args.get("references", []):
                decision = as_sent
        if decision.kind != "tool":
            return None
        decision = _sent_thing_lends(decision, missing, ctx, request)
        decision.router = f"resumed the request the question was about, with the photo sent ({decision.router})"
        return decision


def _sent_thing_lends(decision: Decision, missing: int | None, ctx: RouterContext, request: str) -> Decision:
    """A thing asked for so it could be put into a picture ("take the jacket from #15 and put it on him", "throw the beanie
    i sent you yesterday on Mash in the painted can art", "put also Sharik, dog of my neighbour, from photo I send you"),
    sent now, lends: the picture it goes into changes (the one the request names, else the one in hand), not the photo sent."""
    call = decision.call
    if missing is None or call is None or call.tool not in ("edit", "style") or ctx.current is None or ctx.current == missing \
            or missing not in (call.args.get("source"), call.args.get("style_image")):
        return decision
    if not PUT_INTO.search(normalise(ctx.previous_text)) and not re.search(rf"{PLACING.pattern}\s+(?:also\s+)?#{missing}\b", request, re.IGNORECASE):
        return decision
    named = [h for h in (call.args.get("source"), *call.args.get("references", [])) if h is not None and h != missing]
    args = {"prompt": call.args["prompt"], "source": named[0] if named else ctx.current,
            "references": [missing] + [h for h in named[1:]]}
    return replace(tool_decision("edit", args, call.params), router=decision.router)


# the request a question was about, taken back: "forget it", "never mind, leave it", "don't bother"
WITHDRAWN = re.compile(r"\b(?:forget\s+(?:it|that|about\s+it)|never\s*mind|nvm|leave\s+it|skip\s+(?:it|that)|don'?t\s+bother|"
                       r"no\s+worries|(?:it\s+)?doesn'?t\s+matter|drop\s+it)\b")
# what follows it says the picture stays: "the card is fine like this", "leave it as it is"
KEPT_AS_IT_IS = re.compile(r"\b(?:is|are|looks?)\s+(?:fine|good|ok|okay|great|perfect|lovely)\b|\bas\s+it\s+is\b")


# a thing put into or onto a picture: "put it on him", "throw the beanie ... on Mash", "add the hat in the corner"
PUT_INTO = re.compile(r"\b(?:put|stick|place|pop|throw|chuck|plonk|slap|bung)\b[^.!?]*\b(?:on|onto|in|into)\s+"
                      r"(?:him|her|them|it|the|my|our|his|their|this|that)\b")


# a thing put into the picture: "put the small hat on Buchi", "add the photo of my sister's dog"
# (and the words that said it was sent: ", the one I sent you before", "from the photo I send you before")
PLACING = re.compile(r"\b(?:put|add|stick|place|pop|include|insert|bung|plonk|slap)\b")
SAID_SENT = re.compile(r"\s*[,.!?]?\s*(?:(?:the|that)\s+one|(?:from|use|using|with|in|like\s+in)\s+(?:the|my|de|da)\s+(?:photo|pic|picture|image)"
                       r"(?:\s+of\s+(?:him|her|them|it))?)\s+(?:that\s+|which\s+|what\s+)?"
                       r"i\s+(?:just\s+)?(?:sent|send|uploaded|upload|gave|shared)(?:\s+(?:to\s+)?(?:you|u|ya|ye|yer))?"
                       r"(?:\s+(?:before|earlier|already|yesterday|today|this\s+(?:morning|afternoon|week)|last\s+(?:week|night|time)|the\s+other\s+day))?",
                       re.IGNORECASE)


# a change to a photo the person has (nothing sent yet): "Could you sharpen up the photo for me?"
PHOTO_TO_CHANGE = re.compile(r"\b(?:sharpen|brighten|darken|lighten|fix|clean|edit|retouch|crop|enhance|touch|restore|colou?ri[sz]e|"
                             r"blur|straighten|tidy|improve)\b[^.?!]{0,20}?\b(?:the|my|this|that|our|his|her)\s+(?:photo|picture|pic|"
                             r"image|shot|snap|selfie|scan|photograph)\b")


def _meant_as_current(words: Words, ctx: RouterContext) -> bool:
    """Whether a choice of the current image is meant as said: named by its number ("ok 4 is literally mother"), or by
    its place among the versions just made ("no actually the second" of two)."""
    return any(re.search(r"\d", words.core[m.start:m.end]) or ctx.current in ctx.batch and PLACE_WORD.search(words.core[m.start:m.end])
               for m in words.mentions if ctx.current in m.handles)


PLACE_WORD = re.compile(rf"\b(?:{'|'.join(ORDINALS)}|last|middle)\b")  # a place among the versions just made


def _selected(handle: int, router: str) -> Decision:
    return Decision("select", select=handle, reply=f"Image #{handle} is now the current image.", router=router)


def _redo_read_again(redo: Decision, text: str, ctx: RouterContext) -> Decision:
    """A redo where nothing was undone: "ach, the blue wall was nicer after all. Bring that one back" brings back the
    one it names; otherwise `_redo_after_going_back`: after going back by choosing an image ("put it back the way it
    was before the painting"), which leaves nothing to redo, "bring that back again, the one you just took away"
    returns to the image it left."""
    if ctx.previous_action not in ("undo", "redo", "select", "clarify"):
        try:
            named = by_content(strip_polite(normalise(text.strip())), ctx)
        except Unresolved:
            named = None
        if named is not None and named != ctx.current:
            return _selected(named, f"{redo.router} (nothing undone: the image named)")
    return _redo_after_going_back(redo, ctx)


def _redo_after_going_back(redo: Decision, ctx: RouterContext) -> Decision:
    if ctx.previous_action != "select" or len(ctx.current_path) < 2 or ctx.current_path[-2] == ctx.current:
        if redo.router == "rules":
            redo.router = "rules (exact command)"
        return redo
    return _selected(ctx.current_path[-2], f"{redo.router} (a redo after going back: the image left)")


def _same_result(first: str, second: str, text: str, ctx: RouterContext, words: Words) -> bool:
    """Whether two readings build the same call ("do another one, but at night" is the last request
    with a change whether it is read as an edit or as a new picture): then there is nothing to ask."""
    try:
        one, other = build(first, text, ctx, words=words), build(second, text, ctx, words=words)
    except Unresolved:
        return False
    return one is not None and other is not None and one.kind == other.kind == "tool" and one.call == other.call


def _which_of(first: str, second: str, ctx: RouterContext) -> str:
    def words(action: str) -> str:
        return OPTION_WORDS[action].format(current=ctx.current if ctx.current is not None else "it")
    return f"Should I {words(first)}, or {words(second)}?"
