"""The rule router: a turn's text + the session's images -> one decision (tool call or command).

Deterministic and offline. It works in three passes over the lower-cased text:
1. commands that are the whole message (undo, redo, try again) and generation overrides
   ("seed 7", "20 steps", "512x768") that are cut out of the prompt;
2. image references ("image 3", "#3", "the first one", "the photo I just uploaded", "the
   original", "both") resolved to handles — an unresolvable one becomes a question back;
3. the intent (describe / style / inpaint / generate / edit / select / chat / upload) from
   cue words, with the resolved references placed as source, references or style image.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from studio.content import image_by_content
from studio.references import NUMBER_WORDS, Mention, RouterContext, Unresolved, _number, find_mentions
from studio.roles import edit_roles, handles_of, style_roles
from studio.parameters import extract_params
from studio.phrases import (
    ABOUT_THE_STUDIO,
    AGAIN,
    ATTACHMENT_ROLES,
    CHAT_ONLY,
    CHAT_STATEMENT,
    CORRECTION,
    DETERMINER_START,
    EDIT_VERBS,
    GENERATE_VERBS,
    HELP,
    HELP_TEXT,
    HYPOTHETICAL,
    NEW_IMAGE,
    QUESTION_START,
    REDO,
    REQUEST_SENTENCE,
    SELECT,
    STYLE_PHRASE,
    UNDO,
    UNDO_COUNT,
    chat_reply,
    cut_mentions,
    generation_prompt,
    has_content,
    has_edit_cue,
    inpaint_prompt,
    instructs,
    is_chat,
    is_thanks,
    is_upload_note,
    names_an_image_number,
    normalise,
    split_clauses,
    starts_with,
    strip_polite,
)
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


# -- the router ----------------------------------------------------------------------------------
VARIATIONS_FILLER = re.compile(r"\b(?:give|make|show|try|get|see|do|generate|create|render|draw|produce|want|need|i'?d like|redo|"
                               r"version|versions|format|size|crop|again|instead|too|as well|"
                               r"like|can|could|would|will|you|i|we|me|us|please|pls|of|this|that|it|them|one|now|then|"
                               r"quick|some|more|also|maybe|just|let'?s|ok|okay)\b")


class RuleRouter:
    name = "rules"

    def route(self, text: str, ctx: RouterContext) -> Decision:
        raw = text.strip()
        norm = normalise(raw)
        try:
            return self._route(raw, norm, ctx)
        except Unresolved as question:
            return Decision("clarify", reply=str(question))

    def _route(self, raw: str, norm: str, ctx: RouterContext) -> Decision:
        if not norm and ctx.attached:
            return Decision("upload", reply=_upload_reply(ctx), exact=True)
        norm = re.sub(r"^(?:no|don'?t|do not)\s+(?:undo|redo)\b[^,.;!?-]*[,.;!?-]+\s*", "", norm) or norm  # "no undo please, just compare"
        command = self._command(norm)
        if command is not None:
            if command.kind == "tool":  # try again
                if ctx.last_call is None:
                    raise Unresolved("There's nothing to try again yet. What should I create?")
                command.call = ctx.last_call
            command.exact = True
            return command

        text, params = extract_params(norm)
        if ctx.last_call is not None and params != GenerationParams() and re.match(
                r"^(?:(?:the\s+)?same(?:\s+(?:again|thing|one|prompt|image))?|again|repeat(?:\s+(?:that|it))?|do (?:it|that) again|"
                r"(?:try|run) (?:it|that) again)(?:\s+(?:with|but with|using|at|and|but))*[\s,.!]*$", text.strip()):
            # "same again with seed 7", "same again with seed 99 and 50 steps": the last call, new parameters
            return Decision("tool", call=ToolCall(tool=ctx.last_call.tool, args=dict(ctx.last_call.args),
                                                  params=ctx.last_call.params.merged(params)))
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
        core = strip_polite(text) or text
        core = re.sub(r"^(?:no|nah|nope|hmm+|ugh|oops)\s*[,.!]+\s*", "", core) or core  # "no, go back to ..."
        core = _from_first_request(core, ctx)
        mentions = find_mentions(core, ctx)
        # "don't use the newer versions - start from the original photo": a refused image is not meant
        mentions = [m for m in mentions if not re.search(r"\b(?:don'?t|do not|not|never|without)\s+(?:use|using|touch|edit|change)?\s*"
                                                         r"(?:the\s+|any\s+|my\s+)?$", core[:m.start])]
        handles = [h for m in mentions for h in m.handles]

        if re.search(r"\bwhere (?:were|are|was) (?:we|i)\b|\bwhat (?:were|was) (?:we|i) (?:doing|working on|making)\b", core) \
                and not ctx.attached:
            made = ctx.descriptions.get(ctx.current, "") if ctx.current is not None else ""
            return Decision("chat", reply=(f"We were working on #{ctx.current}" + (f" ({made})" if made else "") +
                                           ". Say what to change next, or “go back to image N”.") if ctx.current is not None
                            else "Nothing yet in this session: describe an image to create, or attach one.")

        if (CHAT_ONLY.match(core) or CHAT_ONLY.match(text.strip()) or is_chat(text) or is_thanks(text)) \
                and not ctx.has_mask:
            return Decision("upload", reply=_upload_reply(ctx)) if ctx.attached else Decision("chat", reply=chat_reply(core))
        greeted = re.sub(r"^(?:(?:hi|hello|hey|hiya|yo|ok|okay|so|um+|quick question)\b[\s!,.:]*)+", "", norm)
        if re.match(r"^(?:let'?s\s+)?(?:start|begin)\s+(?:over|again|afresh|fresh|anew)(?:\s+with\s+(?:something|a)\s+"
                    r"(?:new|different|fresh)(?:\s+one)?|\s+from\s+scratch)?[\s.!]*$", core) and not ctx.attached:
            return Decision("chat", reply="Sure, a fresh start: describe the new picture, or attach a photo to work on.")
        about = next((reply for pattern, reply in ABOUT_THE_STUDIO if pattern.search(greeted)), None)
        if about is not None and not ctx.attached and not ctx.has_mask:
            return Decision("chat", reply=about)  # "how do I undo?", "do you keep my photos?"
        if HELP.match(core) or HELP.match(greeted):
            return Decision("chat", reply=HELP_TEXT)
        if ctx.attached and not ctx.has_mask and is_upload_note(norm):
            return Decision("upload", reply=_upload_reply(ctx))
        if CHAT_STATEMENT.match(core) and not ctx.has_mask and not any(instructs(c) for c in split_clauses(core)[1:]) \
                and not (core.endswith("?") and re.search(r"(?:\s-\s|[,.;!]\s*)(?:what|which|who|how|is|are|does|do|can)\b", core)):
            # "he looks like my dad" (but "this is my dog, please change the dog in the picture for him" asks)
            return Decision("upload", reply=_upload_reply(ctx)) if ctx.attached else \
                Decision("chat", reply="Ha, noted! Tell me what to change, or describe a new image.")

        first = re.split(r"[,;.!]+|\s+-\s+", core)[0].strip()
        first_mentions = [m for m in mentions if m.end <= len(first)]
        rest = re.sub(r"\b(?:make (?:that|it|this) the one\b.*|(?:keep )?(?:working|work) (?:on|from) (?:it|that|this)\b|"
                      r"continue (?:from|with)\b.*|without (?:any )?changes?)", "", core[len(first):])
        chosen = SELECT.match(first)
        tail = cut_mentions(first[chosen.end():], [], "") if chosen else ""
        if chosen and first_mentions and len(cut_mentions(first, first_mentions, "").split()) <= 7 \
                and not STYLE_PHRASE.search(core) and not re.search(r"\bas\s+(?:a|an|the|my)\b", first) \
                and not re.search(rf"\b(?:{'|'.join(EDIT_VERBS)})\b", tail) \
                and not re.search(r"\b(?:on|onto|into)\s+(?:her|him|it|them|this|that)\b|\bhere\s*[.!]*$|\bbut\b", first) \
                and not re.search(r"\bfrom\s+(?:the\s+|my\s+)?$", first[:first_mentions[0].start]) \
                and not any(instructs(c) for c in split_clauses(rest)):
            # "Go back to image 4 please, I think the banner version was stronger and I want to keep working on it."
            return Decision("select", select=first_mentions[0].handles[0],
                            reply=f"Image #{first_mentions[0].handles[0]} is now the current image.")
        # "ok so it's my sister's birthday ..., could you make me a card with ...": the request
        request = re.search(r"(?:^|[,.;!]\s*|\s)(?:so\s+)?(?:(?:could|can|would|will) (?:you|u)|please)\s+(?:please\s+|pls\s+|now\s+|also\s+)*"
                            r"(?!tell|say|see|describe|explain|identify|count|read|guess|check)(?=[a-z])", core)
        if request and request.start() > 0 and not STYLE_PHRASE.search(core[:request.start()]):
            before = mentions
            core = core[request.end():].strip()
            mentions = find_mentions(core, ctx)
            if not mentions and before:  # "the dog photo - can you make it look like a watercolor?"
                mentions = [Mention(0, 0, m.handles) for m in before]
            handles = [h for m in mentions for h in m.handles]

        roles = ATTACHMENT_ROLES.search(core) if len(ctx.attached) >= 2 else None
        if roles:  # "the first three are references, the last is what to change: put the hat on the dog ..."
            source = ctx.attached[-1] if roles.group("src") == "last" else ctx.attached[0]
            instruction = (core[:roles.start()] + " " + core[roles.end():]).strip(" ,:;.-")
            if has_content(instruction):
                return self._edit(instruction, source, [h for h in ctx.attached if h != source], params)
        corrected = self._correction(core, mentions, ctx)
        if corrected is not None:
            return corrected
        if self._is_question(core, norm):
            return self._describe(raw, core, handles, ctx)
        if ctx.has_mask:
            return self._inpaint(raw, core, mentions, handles, ctx, params)
        style = STYLE_PHRASE.search(core)
        if style:
            args = style_roles(core, style, mentions, ctx)
            if args is not None:
                return _tool("style", args, params)

        # "go back to the first one and add snow": a target, then the instruction
        target = re.match(r"^(?:go back to|back to|return to|switch to|switch back to|take|use|using|start from|pick up|get back to|"
                          r"continue with|on|for|with|in)\s+(.+?)(?:,\s*|\s+and\s+(?:then\s+)?|\s*:\s*|\s+then\s+)(.+)$", core)
        if target and mentions and mentions[0].start < len(core) - len(target.group(2)) \
                and not re.match(r"\s+as\s+", core[mentions[0].end:]):  # "use X as a reference and ..." lends X
            instruction = target.group(2)
            return self._edit(instruction, mentions[0].handles[0], [h for h in handles[1:]] + ctx.attached, params)
        named = re.match(r"^(?:the|my|our)\s+((?:[a-z]+\s+){0,2}?[a-z]+)(?:\s+(?:again|one))?$", target.group(1)) \
            if target and not mentions and re.match(r"^(?:go back to|back to|return to|pick up|get back to|continue with|take)\b", core) \
            else None
        found = image_by_content(named.group(1).split(), ctx) if named else None
        if found is not None:  # "let's pick up the owl again and make her scarf striped"
            return self._edit(target.group(2), found, list(ctx.attached), params)

        if mentions and (re.search(r"\b(?:let'?s |lets |i'?ll |we'?ll )?(?:keep|go with|stick with|use|(?:go|switch|get|take me) "
                                   r"back to) (?:that|it|this|that one|this one)\s*[.!]*$", core)
                         or re.search(r"\b(?:liked|like|prefer|preferred)\s+$", core[:mentions[0].start])
                         and re.match(r"\s+(?:better|more)\b", core[mentions[0].end:])) \
                and not starts_with(core, EDIT_VERBS) and not re.search(r"\bas\s+(?:a|an)\b", core):
            return Decision("select", select=handles[0], reply=f"Image #{handles[0]} is now the current image.")
        if re.match(r"^(?:i'?ll |let'?s |we'?ll |i'?d like to |i want to )?(?:keep|stick with|go with) (?:that|this|it)(?: one)?"
                    r"(?: then| please| for now)?[\s.!]*$", core) and not mentions and ctx.current is not None:
            return Decision("chat", reply=f"Great, #{ctx.current} stays the current image.")  # "perfect, keep that one"
        if len(mentions) == 1 and len(mentions[0].handles) == 1 and not ctx.attached and not re.sub(
                r"\b(?:and|now|then|ok|okay|so|please|pls|again|next|also|let'?s see|show me|over to)\b|[\s,.!?-]", "",
                cut_mentions(core, mentions, "")):
            return Decision("select", select=handles[0], reply=f"Image #{handles[0]} is now the current image.")  # "and now the glittery snow one"
        if SELECT.match(core) and mentions and len(cut_mentions(core, mentions, "").split()) <= 4:
            return Decision("select", select=handles[0], reply=f"Image #{handles[0]} is now the current image.")

        subject = re.match(r"^(?:(?:make|draw|create|show|generate|imagine|picture|render|paint)\s+(?:me\s+)?)?"
                           r"(?:my|the|this|that|our|his|her)\s+((?:[a-z]+\s+){0,2}?[a-z]+)\s+as\s+(?:a|an|the)\s+", core)
        if subject and not mentions:  # "my dog as an astronaut": a new picture of that subject
            words = subject.group(1).split()
            found = (ctx.attached[0] if ctx.attached and words[-1] in ("photo", "picture", "image", "one") else
                     image_by_content(words, ctx))
            if found is not None:
                return _tool("generate", {"prompt": core, "references": [found]}, params)

        more = re.match(r"^(?:(?:do|make|draw|generate|create|give me|gimme|let'?s (?:have|do))\s+)?(?:another|one more)(?:\s+one)?\b"
                        r"[\s,]*(?:but\s+|this time\s+)*(.+)$", core)
        again_but = re.match(r"^(?:try (?:it |that )?again|again|(?:do|redo) (?:it|that) again|retry)[\s,]+(?:but\s+(?:this time\s+)?|this time\s+|and\s+)(.+)$", core)
        if again_but and not mentions and ctx.last_call is not None and ctx.last_call.tool in ("generate", "edit", "style"):
            # "try again, but brighter": the last request once more, with the change added to its words
            args = dict(ctx.last_call.args)
            args["prompt"] = f"{args['prompt']}, {again_but.group(1).strip(' .!?')}"
            return Decision("tool", call=ToolCall(tool=ctx.last_call.tool, args=args, params=ctx.last_call.params))
        if more and not mentions and ctx.last_call is not None:
            # "do another one but with balloons" adds to the last prompt; "one more for her brother, a rocket
            # ship past the moon" names a subject of its own
            rest = re.sub(r"[\s,]+(?:please|pls|plz|thanks|thx)\s*[.!?]*$", "", more.group(1)).strip(" ,.!?")
            clauses = re.split(r",\s*|:\s*|\s+-\s+", rest)
            subject = next((i for i, c in enumerate(clauses) if DETERMINER_START.match(c)), None)
            if subject is not None:
                return _tool("generate", {"prompt": ", ".join(clauses[subject:]), "references": []}, params)
            if ctx.last_call.tool == "generate":
                last = ctx.last_call.args
                return _tool("generate", {"prompt": f"{last['prompt']}, {rest}",
                                          "references": list(last.get("references") or [])}, params)

        relabel = re.match(r"^(?:panel|page|scene|slide)\s*(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s*[:,-]\s*(.+)$", core)
        if relabel and mentions and mentions[0].start == 0 and not DETERMINER_START.match(relabel.group(1)):
            # "panel 3: the eye should be green" once panel 3 exists: a change to it, not a new panel
            return self._edit(relabel.group(1), mentions[0].handles[0], handles_of(mentions[1:]) + ctx.attached, params)
        if relabel and mentions and mentions[0].start == 0:
            mentions = mentions[1:]  # "panel 3: a dragon's eye" again: a new panel 3
            handles = handles_of(mentions)

        wants_new = self._wants_new_image(core, mentions, ctx)
        if wants_new:
            prompt = generation_prompt(cut_mentions(core, mentions, "the reference") if mentions else core)
            references = handles + [h for h in ctx.attached if h not in handles]
            shown = re.search(r"\b(?:these|those|this|that)\s+([a-z]{3,})\b", core)
            if not references and shown and ctx.current is not None and \
                    re.search(rf"\b{re.escape(shown.group(1))}", ctx.captions.get(ctx.current, "")):
                references = [ctx.current]  # "put these shoes on a model ...": the shoes in the current photo
            for same in re.finditer(r"\b(?:the\s+)?same\s+([a-z]+)", core if not handles else ""):  # "the same bear ..."
                found = image_by_content([same.group(1)], ctx)
                if found is not None and found not in references:
                    references.append(found)
            return _tool("generate", {"prompt": prompt or raw, "references": references}, params)

        # an edit: which image is changed (the source) and which only lend something (references)
        source, refs = edit_roles(core, mentions, ctx)
        if source is None:
            if starts_with(core, EDIT_VERBS):
                raise Unresolved("There's no image to change yet. Describe what to create, or attach an image.")
            return _tool("generate", {"prompt": generation_prompt(core) or raw, "references": []}, params)

        if ctx.attached and not mentions and not has_edit_cue(core) and not any(instructs(c) for c in split_clauses(core)):
            return Decision("upload", reply=_upload_reply(ctx))
        instruction = cut_mentions(core, mentions) if mentions else core
        if not has_content(instruction):
            raise Unresolved(f"What should I change in image #{source}?")
        return self._edit(instruction, source, refs, params)

    @staticmethod
    def _command(norm: str) -> Decision | None:
        """undo / redo / try again, as the whole message or as one clause among complaints and
        small talk ("hmm no, step back, the balloons look weird"; "nah scratch that, undo")."""
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
            elif m := UNDO_COUNT.match(clause):
                token = next(g for g in m.groups() if g)
                found.append(Decision("undo", count=2 if token == "twice" else _number(token)))
            elif REDO.match(clause):
                found.append(Decision("redo"))
            elif AGAIN.match(clause):
                found.append(Decision("tool", repeat=True))
            elif starts_with(clause, EDIT_VERBS + GENERATE_VERBS) or names_an_image_number(clause) or \
                    re.match(r"^(?:but|with|without|this time|except|only)\b", clause):
                return None  # an instruction of its own ("another one, but at night"): not a bare command
        kinds = {(d.kind, d.count) for d in found}
        return found[0] if len(kinds) == 1 else None  # "scratch that, undo" is one undo

    # -- intents -------------------------------------------------------------------------------
    @staticmethod
    def _is_question(core: str, norm: str = "") -> bool:
        if re.match(r"^(?:what if|how about|why not|(?:can|could|may) (?:i|we) (?:see|get|have)|show me)\b", core) or \
                re.search(r"\b(?:can|could|may|might) (?:i|we) (?:see|get|have)\b", norm):
            return False
        request = re.search(r"(?:^|[.!,]\s*)(?:can|could|would|will) (?:you|u|ya)\s+(?:please\s+)?(?:still\s+|even\s+|really\s+)?(\w+)", norm)
        if request and not QUESTION_START.match(core) and request.group(1) not in (
                "tell", "say", "see", "describe", "explain", "identify", "count", "read", "guess", "check"):
            return False  # "Thank you. Could you do the same style, but with a dog?"
        if re.search(r"\b(?:too|as well|also)\s*\??$", core) and re.match(r"^(?:a|an|some|the|more)\b", core):
            return False  # "and maybe a tractor too?": a request to add
        if re.match(r"^(?:maybe|perhaps)\s+(?:a|an|some|add|put|make|try)\b", norm) and not QUESTION_START.match(core):
            return False  # "Maybe a little side table next to the chair?": a suggestion
        if re.search(r"\b(?:could|can|should|would)\s+(?:the|his|her|its|their|my)\s+\w+(?:\s+\w+)?\s+be\b", core) or re.search(
                r"(?:^|[.!?]\s+)(?:could|can)\s+(?:the|his|her|its|their|my)\b.*\b(?:more|less|bigger|smaller|brighter|darker|a bit|a little)\b", core):
            return False  # "could the background be a concrete skatepark?"
        clauses = [c.strip() for c in re.split(r"[?.;!]+", core) if c.strip()]
        if len(clauses) > 1 and any(re.match(rf"^(?:(?:if so|if not|otherwise|then|and)[\s,]+)?(?:{'|'.join(EDIT_VERBS)})\b", c)
                                    or re.search(rf",\s*(?:{'|'.join(EDIT_VERBS)})\b", c) for c in clauses[1:]):
            return False  # "is it too dark? if so brighten it": the question only conditions a request
        # "could you <do something>?" is a request; "could you tell me ...?" a question
        if re.match(r"^(?:can|could|would|will) (?:you|u)\b", norm) and not QUESTION_START.match(core) \
                and not re.match(r"^(?:still\s+|even\s+|really\s+)?(?:see|tell|say|describe|explain|identify|count|read|guess|check)\b", core):
            return False
        if "?" in core and re.search(r"(?:#\s*\d+|\b(?:image|picture|pic|photo|number)\s*\d+)\s+(?:or|vs\.?|versus)\s+"
                                     r"(?:#\s*\d+|(?:image|picture|pic|photo|number)?\s*\d+)\s*\??\s*$", core):
            return True  # "cuter? #7 or #8": a comparison asked in a word
        if starts_with(core, EDIT_VERBS + GENERATE_VERBS) and not core.startswith(("describe",)):
            return False
        return bool(QUESTION_START.match(core)) or core.endswith("?")

    @staticmethod
    def _correction(core: str, mentions: list[Mention], ctx: RouterContext) -> Decision | None:
        """ "oops, I meant image 8", "wait, not that one", "use the shoes photo instead": the last
        request again, on the image the person meant (the last call's words, params and references)."""
        last = ctx.last_call
        if last is None or last.tool not in ("edit", "style", "describe") or ctx.attached or not CORRECTION.search(core):
            return None
        named = [m for m in mentions if not re.search(r"\bnot\s+(?:the\s+|my\s+|that\s+)?$", core[:m.start])]
        previous = last.input_handles()[0]
        if named:
            meant = named[0].handles[0]
        elif re.search(r"\bnot (?:that|this) one\b|\bwrong (?:one|image|picture|photo|pic)\b|\bthe other one\b", core) \
                and previous in ctx.recent_uploads[-2:] and len(ctx.recent_uploads) >= 2:
            meant = next(h for h in ctx.recent_uploads[-2:] if h != previous)  # of the two photos sent, the other
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

    def _describe(self, raw: str, core: str, handles: list[int], ctx: RouterContext) -> Decision:
        if not handles and re.search(r"\b(?:which|compare|comparing|between|vs|versus|differen\w*)\b", core):
            numbers = [int(n) for n in re.findall(r"(?<![\w.#])(\d{1,4})(?![\w.%])(?!\s+(?!or\b|and\b|vs\b)[a-z])", core)]
            if len(numbers) >= 2:  # "which one is darker, 2 or 4?"
                missing = [n for n in numbers if n not in ctx.handles]
                if missing:
                    raise Unresolved(f"There is no image {', '.join(f'#{n}' for n in missing)}; this session has "
                                     f"{', '.join(f'#{h}' for h in ctx.handles) or 'no images'}.")
                handles = numbers
        count = re.search(r"\b(?:these|those|the|all|of the)\s+(two|three|four|five|2|3|4|5)\b(?!\s+(?:of|more|times|steps)\b)", core)
        if not handles and count and not ctx.attached:  # "which of these three ...": the latest three
            n = int(count.group(1)) if count.group(1).isdigit() else NUMBER_WORDS[count.group(1)]
            handles = ctx.path_handles[-n:] if len(ctx.path_handles) >= n else ctx.handles[-n:]
        if not handles and not ctx.attached and re.search(r"\b(?:them|they|these|those)\b", core) \
                and re.search(r"\b(?:compare|comparison|differen\w*|which|better|same|similar|versus|vs)\b", core):
            handles = ctx.path_handles[-2:] if len(ctx.path_handles) >= 2 else ctx.handles[-2:]
        comparing = re.search(r"\b(?:same|different|differ|than|as|compare\w*|vs|versus|which|better|worse|"
                              r"between|or(?!\s+(?:is|was|does)\s+it\b))\b", core)  # not "... or is it just my screen?"
        if comparing and len(handles) < 2:  # "the dog photo, the hat and the jacket", "the rainy corgi"
            ends = r",|\?|$|\bor\b|\band\b|\bone\b|\blooks?\b|\bversion\b" + (r"|\bwith\b" if "compar" in core else "")
            for phrase in re.finditer(rf"\b(?:the|my)\s+((?:[a-z]+\s+){{0,2}}?[a-z]+)(?=\s*(?:{ends}))", core):
                found = image_by_content(phrase.group(1).split(), ctx)
                if found is not None and found not in handles:
                    handles = handles + [found]
        if len(handles) == 1 and ctx.current is not None and ctx.current not in handles and comparing:
            pronoun = re.search(r"\b(?:this one|this image|this picture|this|the current one|the latest one|it|"
                                r"on (?:her|him|them))\b", core)
            if pronoun:  # "compare it with the previous one", "is this the same dog as in my photo?"
                mention_at = min((m.start() for m in re.finditer(r"\b(?:image|picture|photo|pic|#|previous|first|"
                                                                  r"one before|original|my)\b", core)), default=len(core))
                handles = [ctx.current] + handles if pronoun.start() < mention_at else handles + [ctx.current]
        images = handles or list(ctx.attached) or ([ctx.current] if ctx.current is not None else [])
        if not images:
            if not ctx.handles:
                return Decision("chat", reply="There are no images in this session yet, so there is nothing to look at. "
                                              "Describe an image to create, or attach one and ask again.")
            images = [ctx.handles[-1]]
        return _tool("describe", {"question": raw, "images": list(dict.fromkeys(images))}, GenerationParams())

    def _inpaint(self, raw, core, mentions, handles, ctx, params) -> Decision:
        # images named after "from/of/like/use" lend what goes in the mask ("the pattern from image 2");
        # others are where it goes. Attachments lend too when there is a current image to paint into.
        lending = [h for m in mentions for h in m.handles
                   if re.search(r"\b(?:from|of|like|use|using|with|as in)\s+(?:the\s+|my\s+)?$", core[:m.start][-24:])]
        named = [h for h in handles if h not in lending]
        # attachments the words pick among ("the hat from the second picture") leave the others out
        attached = [] if set(handles) & set(ctx.attached) else list(ctx.attached)
        if named:
            source = named[0]
        elif ctx.current is not None:
            source = ctx.current
        elif attached:
            source, attached = attached[0], attached[1:]
        else:
            source = None
        if source is None:
            raise Unresolved("Which image should I paint into? Attach it with the mask, or create one first.")
        references = [h for h in lending + named[1:] + attached if h != source]
        prompt = inpaint_prompt(cut_mentions(core, mentions) if mentions else core)
        if not has_content(prompt):
            raise Unresolved("What should go in the masked area?")
        return _tool("inpaint", {"prompt": prompt, "source": source, "references": list(dict.fromkeys(references))}, params)


    @staticmethod
    def _wants_new_image(core: str, mentions: list[Mention], ctx: RouterContext) -> bool:
        if ctx.current is not None and re.search(r"\b(?:too|as well|also)\s*[?!.]*$", core):
            return False  # "a tractor too": add it to the current image
        if ctx.current is not None and re.search(r"\b(?:\w+ )?one instead\b", core):
            return False  # "show me a mustard yellow one instead": that thing in the current image, changed
        if re.match(r"^(?:make|create|generate|give me|render|produce|draw)\s+(?:me\s+)?(?:a|an|another)\s+(?:new\s+|different\s+|"
                    r"alternate\s+|alternative\s+|slightly different\s+)?(?:version|copy|variant|variation|take)\s+of\b", core) \
                and (mentions or ctx.current is not None):
            return False  # "a new version of the first image with a red sky": an edit of that image
        if re.match(r"^(?:make|create|give me|render|produce|do)\s+(?:me\s+)?(?:a|an)\s+(?:\w+\s+)?(?:version|copy|crop|cut)\s+"
                    r"(?:for|in|with|at|that)\b", core) and (mentions or ctx.current is not None):
            return False  # "make a version for instagram, square": the current image, reshaped
        if re.match(r"^(?:put|place|show|dress)\s+(?:these|those|this|that|the|my)\s+(?:[a-z]+\s+){0,2}?(?:on|onto)\s+(?:a|an)\s+"
                    r"(?:[a-z]+\s+)?(?:model|person|man|woman|girl|boy|mannequin|kid|child|guy|lady|runner|dancer)\b", core) \
                and not re.search(r"\b(?:in|from) (?:the|this|that|my) (?:picture|image|photo|pic)\b", core):
            return True  # "put these shoes on a model walking down a runway": a new picture, the shoes lend
        if re.match(r"^(?:the\s+)?same\s+(?:character|person|guy|girl|knight|hero|dog|cat|animal|creature|robot|figure|\w+)\s+as\s+"
                    r"(?:in\s+)?(?:image|picture|pic|photo|panel|#|the|my)\b", core) and mentions:
            return True  # "same character as in image 1 but sitting on a throne"
        if NEW_IMAGE.search(core) or re.match(r"^(?:mood ?board|(?:new |next )?idea|concept|next up)(?: time)?\s*[:-]\s*"
                                                r"(?:a|an|some)\b", core):
            return True  # "mood board time: a living room built from these four"
        if starts_with(core, GENERATE_VERBS):
            return True
        if re.match(r"^(?:make|render|paint|give|show|get|build|produce|bring)\s+(?:me\s+)?(?:a|an|some|another|two|three|\d+)\b"
                    r"(?!\s+(?:the|same)\b)", core):  # not "give A the same yellow button"
            return True
        if re.match(r"^(?:i|we)(?:'d| would)?\s+(?:now\s+|also\s+|really\s+|next\s+)?(?:like|love|want)\s+(?:a|an|some|"
                    r"another)\b", core):
            return True  # "I would now like an ordinary photograph of a red bicycle"
        if re.match(r"^(?:i want|i'd like|i would like|i'd love|i would love|i need|we need|show me|give me|gimme|get me|"
                    r"let me see|let me have|how about|let's have|lets have|let's see|lets see|what about)\s+(?:a|an|some|to see)\b", core):
            return True
        if re.match(r"^(?:can|could|may) (?:i|we) (?:see|get|have)\s+(?:a|an|some)\b", core):
            return True
        if re.match(r"^(?:a (?:bit|little|lot|tad|touch|smidge)|slightly|much|way|even|more|less|bit|"
                    r"(?:one|two|three|a few|some|couple) (?:more|things?|changes?|tweaks?)\s*[:,-])", core):
            return False  # "a bit brighter": an adjustment of the current image
        if DETERMINER_START.match(core):
            return not (ctx.current is not None and re.search(r"\b(?:instead|rather)\b", core) and not ctx.attached)
        if ctx.current is None and not ctx.attached and not mentions:
            # nothing to edit: a description, unless it plainly points at an image ("make it blue")
            return not re.match(rf"^(?:{'|'.join(EDIT_VERBS)})\s+(?:it|this|that|them|him|her|the (?:image|picture|photo))\b", core)
        return False


    @staticmethod
    def _edit(instruction: str, source: int, refs: list[int], params: GenerationParams) -> Decision:
        refs = [h for h in dict.fromkeys(refs) if h != source]
        return _tool("edit", {"prompt": instruction, "source": source, "references": refs}, params)


def _tool(tool: str, args: dict, params: GenerationParams) -> Decision:
    for key in ("prompt", "question"):
        if key in args and not str(args[key]).strip(" ,.;:!?'\"-"):
            raise Unresolved("What should it show? Describe it in a few words." if tool != "describe"
                             else "What would you like to know about the image?")
    return Decision("tool", call=ToolCall(tool=tool, args=args, params=params))


def _from_first_request(core: str, ctx: RouterContext) -> str:
    """Drop chit-chat sentences before the first one that asks for something ("Oh wow, that's really
    nice. The chair looks plain though. Can I see it with a green armchair?"), and say a "how would it
    look if ..." as the edit it asks for. A message that opens with a request, or whose opening names an
    image ("image 4 had a nice tractor. add that tractor to this one"), is left whole."""
    sentences = [s.strip() for s in re.findall(r"[^.!?]+[.!?]*", core) if s.strip()]
    if len(sentences) > 1:
        def asks(sentence: str) -> bool:
            whole = sentence.strip(" .!?")
            body = strip_polite(whole) or whole
            return any(bool(REQUEST_SENTENCE.match(s) or HYPOTHETICAL.match(s) or instructs(s)) for s in (whole, body))
        first = next((i for i, s in enumerate(sentences) if asks(s)), 0)
        if first > 0 and not find_mentions(" ".join(sentences[:first]), ctx):
            core = strip_polite(" ".join(sentences[first:])) or core
    return HYPOTHETICAL.sub(lambda m: "make it look like " if "like" in m.group(0) else "make it look as if ", core)


def _upload_reply(ctx: RouterContext) -> str:
    return f"Got it: {', '.join(f'image #{h}' for h in ctx.attached)}. What should I do with {'them' if len(ctx.attached) > 1 else 'it'}?"
