"""The tool call for the action the interpreter chose: which images, in which roles, with which words.

`build(action, text, ctx)` is the one place a reading becomes a Decision. The words are prepared
once (`Words.of`, studio/words.py: politeness and chit-chat before the request cut, parameters taken out, the images
the turn names resolved), then one small builder per action places the images:
- generate: named or attached images lend a subject ("my dog as an astronaut");
- edit: the image changed (source) and the ones that only lend (studio/roles.py);
- style: the image re-rendered, if any, and the style image;
- inpaint: where the mask is and what lends what goes in it;
- describe: the images asked about, in the order the question names them;
- select: the image to continue from, by handle, content or one step back;
- chat: the reply (studio/replies.py).
(A correction, "oops, I meant image 8", is built in studio/corrections.py.) An image the action needs but cannot
find raises Unresolved: a question back, never a guess.
"""

from __future__ import annotations

import re

from studio.content import file_named, image_by_content
from studio.interpreter import ACTIONS
from studio.asked import images_asked_about
from studio.phrases import (
    A_NEW_PICTURE,
    ATTACHMENT_ROLES,
    DETERMINER_START,
    PETS,
    STYLE_PHRASE,
    cut_mentions,
    generation_prompt,
    has_content,
    inpaint_prompt,
    normalise,
    steps_back,
)
from studio.references import Mention, RouterContext, Unresolved
from studio.words import Words, numbered
from studio.replies import chat_reply_for
from studio.retries import again_with_changes, step_retried
from studio.lenders import (DRESSED, lent_before_undo, lent_by_name, lent_to_new_picture, photos_left_out, place_before_upload,
                            sent_to_be_placed)
from studio.new_picture import wants_new_image
from studio.roles import ART_SENT, SWAPPED_FOR, edit_roles, handles_of, style_roles
from studio.sent_photo import photo_to_mend
from studio.picks import select_decision
from studio.router import Decision, _upload_reply, tool_decision
from tools.schemas import GenerationParams


def build(action: str, raw: str, ctx: RouterContext, target: int | None = None, words: Words | None = None) -> Decision | None:
    """The decision for `action` on this turn, or None when the turn gives it nothing to work with.
    `target`: the image an answer to a question named, in place of the turn's own references;
    `words`: the turn's words already made ready (`Words.of`). Raises Unresolved with a question
    when an image it needs cannot be found."""
    assert action in ACTIONS
    if action == "undo":  # "take back the last two changes pls": that many
        return Decision("undo", reply="", count=steps_back(normalise(raw)) or 1)
    if action == "redo":
        return Decision("redo", reply="")
    words = Words.of(raw, ctx, target) if words is None or target is not None else words
    if action in ("generate", "edit", "style", "repeat") and target is None:
        again = again_with_changes(words.core, words.mentions, ctx, words.params)
        # "try again, but brighter"; read as a restyle, "one more, a new one. The boats, painted like ..." still restyles
        if again is not None and not (action == "style" and again.call.tool == "generate"):
            return again
    if action == "repeat":
        if ctx.call_to_repeat is None:
            raise Unresolved("There's nothing to try again yet. What should I create?")
        last = ctx.call_to_repeat  # "dae it again but gie us three": this turn's parameters laid over its own
        return Decision("tool", call=last.model_copy(update={"params": last.params.merged(words.params)}), repeat=True)
    if target is not None and action in ("edit", "inpaint"):
        instruction = words.core if has_content(words.core) else raw
        return (_edit(instruction, target, [], words.params) if action == "edit"
                else tool_decision("inpaint", {"prompt": instruction, "source": target, "references": []}, words.params))
    if action == "chat":
        return Decision("upload", reply=_upload_reply(ctx)) if ctx.attached else Decision("chat", reply=chat_reply_for(words.core, ctx))
    if action == "select":
        return select_decision(words, ctx)
    if action == "describe":
        return _describe(raw, words.core, words.handles, ctx, words.mentions)
    if action == "inpaint":
        return _inpaint(raw, words.core, words.mentions, words.handles, ctx, words.params)
    if action == "generate":
        return _generate(words, ctx)
    if action == "style":
        return step_retried(_style(words.core, words.mentions, words.handles, ctx, words.params), words, ctx)
    return step_retried(_edit_call(words, ctx), words, ctx)


PUT_IN_ITS_PLACE = re.compile(r"\b(?:put|add|place|insert|replace|instead|with)\b")  # "remove him and put a table there with these shoes"
TAKEN_AWAY = re.compile(r"\b(?:remove|delete|erase|take\s+out|take\s+away|get\s+rid\s+of|clear\s+away)\b")
# a being sent with this turn: "this is her dog Pasang", "We also have Bruno, here he is"
BEING_SENT = re.compile(rf"\b(?:this\s+is|here\s+is|here'?s|meet)\s+(?:my|our|her|his|their)\s+(?:{PETS}|son|daughter|boy|girl)\b|"
                        r"\bhere\s+(?:he|she)\s+is\b|"
                        r"\b(?:this\s+is|meet)\s+[a-z]+\s*[,.!]?\s+(?:he|she)(?:'s)?\b")  # "lol this is max, he chewed the sofa cushion"
# a job apart from the picture in hand: "Side task, separate from poster", "it is other advertisement, not with jacket"
SEPARATE_JOB = re.compile(r"\b(?:separate(?:ly)?|side\s+(?:task|job|thing)|diff\s+(?:job|thing)|other\s+(?:job|advertisement|listing)|"
                          r"(?:nothing|nothin'?|nowt)\s+to\s+do\s+with|(?:^|(?<=[.!?,]\s))(?:right\s+|ok\s+|now\s+)?(?:something|summat)\s+"
                          r"(?:completely\s+|totally\s+)?different(?=\s*[,.!:;-])|not\s+(?:for|with|part\s+of)\s+(?:the\s+)?(?:poster|card|jacket|picture|project)|"
                          r"unrelated|different\s+(?:job|thing|project)|meanwhile|while\s+i(?:'?m|\s+am)\s+here)\b")
# the next item for the same treatment, sent now: "Now this jacket. Please make same white background like for the hat",
# "Ok. Now shoes, I sell them also" (the word names the photo sent; nothing is put on anything)
NEXT_ITEM = re.compile(r"^(?:(?:ok(?:ay)?|right|good|great|and|so|thanks?|thank\s+you)\W+)*now\s+(?:this|these|the|my|our)?\s*([a-z]{3,})\b")
def _generate(words: Words, ctx: RouterContext) -> Decision:
    core, mentions, params = words.core, words.mentions, words.params
    if (mentions or ctx.current is not None) and VERSION_OF.match(core):
        return _edit_call(words, ctx)  # "a new version of the first image with a red sky": that image, changed
    if MAKE_THAT.match(core):  # "her words: 'a baby dragon in a cave'. can you make that?": what was described
        core = re.sub(r"[^.!?]+[.!?\s]*$", "", normalise(words.raw.strip())).strip() or core
    if ctx.current is None and not ctx.attached and not mentions and IT_CHANGED.match(core):
        described = normalise(words.raw)  # "14 foot cedar dinghy, white sail ... Make her look pretty now": the boat described
        if len(described.split()) - len(core.split()) < 8:
            raise Unresolved("There's no image to change yet. Describe what to create, or attach an image.")
        core = described
    subject = re.match(r"^(?:(?:make|draw|create|show|generate|imagine|picture|render|paint)\s+(?:me\s+)?)?"
                       r"(?:my|the|this|that|our|his|her)\s+((?:[a-z]+\s+){0,2}?[a-z]+)\s+as\s+(?:a|an|the)\s+", core)
    if subject and not mentions:  # "my dog as an astronaut": a new picture of that subject
        named = subject.group(1).split()
        found = ctx.attached[0] if ctx.attached and named[-1] in ("photo", "picture", "image", "one") else image_by_content(named, ctx)
        if found is not None:
            return tool_decision("generate", {"prompt": core, "references": [found]}, params)
    if PANEL.match(core) and mentions and mentions[0].start == 0:
        mentions = mentions[1:]  # "panel 3: a dragon's eye" again: a new panel 3
    fresh = ENTIRELY_NEW.search(core) or SEPARATE_JOB.search(core) or A_NEW_PICTURE.search(core)
    if fresh:  # "the catalogue cover requires an entirely new image: ...", "Rain stopped play on the poster - quick separate
        # job: ...": what it is for or what it pauses, not a picture to copy
        # ("for the repairs page of our website": what it is for, not a picture to copy)
        mentions = [m for m in mentions if (m.start > fresh.start() and not re.search(r"\bfor\s+$", core[:m.start]))
                    or re.search(r"\d|#", core[m.start:m.end])]
    # "a new one for the back of the poster", "for the cover of the card": where it goes, not a picture to copy
    mentions = [m for m in mentions if not re.search(r"\bfor\s+(?:the|a|my|our)\s+(?:back|front|cover|inside|reverse|top|bottom|other\s+side)"
                                                    r"\s+of\s+$", core[:m.start]) or re.search(r"\d|#", core[m.start:m.end])]
    handles = handles_of(mentions)
    prompt = generation_prompt(cut_mentions(core, mentions, "the reference") if mentions else core)
    left_out = photos_left_out(core, ctx)
    references = handles + [h for h in ctx.attached if h not in handles and h not in left_out]
    references += [h for h in lent_to_new_picture(core, ctx, references, bool(handles)) if h not in references]
    return tool_decision("generate", {"prompt": prompt or words.raw, "references": references}, params)


ENTIRELY_NEW = re.compile(r"\b(?:entirely|completely|totally|brand)[ -]new\s+(?:image|picture|one|scene|photo|pic)\b|\bfrom\s+scratch\b")
VERSION_OF = re.compile(r"^(?:make|create|generate|give me|render|produce|do|draw)\s+(?:me\s+)?(?:a|an|another)\s+(?:new\s+|different\s+|"
                        r"alternate\s+|alternative\s+|slightly different\s+)?(?:\w+\s+)?(?:version|copy|variant|variation|take|crop|cut)\s+"
                        r"(?:of|for|in|with|at|that)\b")
IT_CHANGED = re.compile(r"^(?:make|turn|change|add|remove|give|put|fix|edit)\s+(?:it|this|that|them|him|her|the (?:image|picture|photo))\b"
                        r"|^(?:make|turn)\s+the\s+[a-z]+\s+(?:more|less|a bit|a little|slightly|even)\b")  # "make the sky more orange"
MAKE_THAT = re.compile(r"^(?:make|draw|create|do|paint|generate)\s+(?:that|this|it)(?:\s+(?:for\s+(?:me|us|her|him)|please|pls))*\s*[?.!]*$")
PANEL = re.compile(r"^(?:panel|page|scene|slide)\s*(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s*[:,-]\s*(.+)$")


def _edit_call(words: Words, ctx: RouterContext) -> Decision:
    core, mentions, params = words.core, words.mentions, words.params
    roles = ATTACHMENT_ROLES.search(core) if len(ctx.attached) >= 2 else None
    if roles:  # "the first three are references, the last is what to change: put the hat on the dog ..."
        source = ctx.attached[-1] if roles.group("src") == "last" else ctx.attached[0]
        instruction = (core[:roles.start()] + " " + core[roles.end():]).strip(" ,:;.-")
        if has_content(instruction):
            return _edit(instruction, source, [h for h in ctx.attached if h != source], params)
    panel = PANEL.match(core)
    if panel and mentions and mentions[0].start == 0 and not DETERMINER_START.match(panel.group(1)):
        # "panel 3: the eye should be green" once panel 3 exists: a change to it, not a new panel
        return _edit(panel.group(1), mentions[0].handles[0], handles_of(mentions[1:]) + ctx.attached, params)
    # "go back to the first one and add snow": a target, then the instruction
    target = re.match(r"^(?:go back to|back to|return to|switch to|switch back to|take|use|using|start from|pick up|get back to|"
                      r"continue with|on|for|with|in)\s+(.+?)(?:,\s*|\s+and\s+(?:then\s+)?|\s*:\s*|\s+then\s+)(.+)$", core)
    if target and mentions and mentions[0].start < len(core) - len(target.group(2)) \
            and not re.match(r"\s+as\s+", core[mentions[0].end:]) and not re.search(r"\b(?:from|off|out\s+of)\s+$", core[:mentions[0].start]):
        # ("use X as a reference and ...", "take the pole from picture number 1 and stand it ...": that picture lends)
        rest = target.group(2) if mentions[0].end <= target.start(2) else \
            re.sub(r"^[\s,]*(?:and\s+)?(?:then\s+)?", "", core[mentions[0].end:])  # "take the first one, the one with the lake, and ..."
        return _edit(rest or target.group(2), mentions[0].handles[0], handles_of(mentions)[1:] + ctx.attached, params)
    # "let's pick up the owl again and ...", "back to Maelis for a sec: ...", "for Corvan, could he ...": a name
    named = re.match(r"^(?:(?:the|my|our)\s+)?((?:[a-z]+\s+){0,2}?[a-z]+)(?:\s+(?:again|one|for a (?:sec|second|moment|bit)))?$",
                     target.group(1)) \
        if target and not mentions and re.match(r"^(?:go back to|back to|return to|pick up|get back to|continue with|take|for)\b", core) \
        else None
    found = image_by_content(named.group(1).split(), ctx) if named else None
    if found is not None and found != ctx.current:
        return _edit(target.group(2), found, list(ctx.attached), params)
    if ctx.attached and SEPARATE_JOB.search(normalise(words.raw)) and all(h in ctx.attached for h in words.handles):
        # "one separate thing, my cousin is selling his jacket: a clean photo of this jacket on white": the photo sent is
        # the job, the picture in hand has no part in it ("The hat in the first photo, onto the dog in the second")
        source = next((h for h in edit_roles(core, mentions, ctx)[:1] if h in ctx.attached), ctx.attached[0])
        return _edit(core, source, [h for h in ctx.attached if h != source], params)
    said = normalise(words.raw)
    next_item = NEXT_ITEM.search(said) if len(ctx.attached) == 1 and not mentions else None
    if next_item and ctx.attached[0] in file_named(next_item.group(1), ctx) \
            and not re.search(r"\b(?:put|place|stick|pop|add|give|wear|wearing)\b|\b(?:on|onto)\s+(?:him|her|it|them|the)\b", said):
        return _edit(core, ctx.attached[0], [], params)
    being = BEING_SENT.search(said) if ctx.attached and not mentions else None
    after = said[being.end():] if being else ""
    if being and (DRESSED.search(after) or re.search(r"\b(?:on|onto|of)\s+(?:him|her)\b|\b(?:make|give|turn|dress)\s+(?:him|her)\b", after)
                  and not re.search(r"\b(?:put|place|stick|pop|sit|set|add|drop|bring|plonk)\s+(?:him|her)\b|"
                                    r"\b(?:him|her)\s+(?:onto|into|in|on|next|beside|under|over|at|to)\b", after)):
        # "this is her dog Pasang. Put this bobble hat on him", "We also have Bruno, here he is ... three versions of
        # him on a bench", "here's my boy Max! could you put him in a little yellow raincoat": the one sent now changes,
        # what else came with him lends (not "put him in the flowers")
        return _edit(core, ctx.attached[0], ctx.attached[1:], params)
    source, references = edit_roles(core, mentions, ctx)
    if source == ctx.current and not mentions and not ctx.attached:
        source = place_before_upload(core, ctx) or source
    if source is None:
        source = ctx.current if ctx.current is not None else (ctx.attached[0] if ctx.attached else None)
    if source is None:
        raise Unresolved("There's no image to change yet. Describe what to create, or attach an image.")
    for m in mentions:  # "put the picture of the kids from field day in the corner" naming the picture it goes into
        if m.handles == [source] and source == ctx.current and not ctx.attached and PICTURE_PUT.search(core[:m.start]) and re.match(r"(?:the|my|that)\s+(?:photo|picture|pic|image|shot)\s+"
                                                                                  r"(?:of|with|from)\b", core[m.start:m.end]):
            raise Unresolved(f"I can't find {core[m.start:m.end]} apart from #{source}, the picture it would go into. "
                             "Attach it, or tell me which picture it is.", (m.start, m.end))
    references = references + [h for h in ctx.attached if h != source and h not in references]
    references += [h for h in lent_by_name(core, ctx, source) + sent_to_be_placed(core, ctx, source)
                   + lent_before_undo(core, ctx, source) if h not in references]
    instruction = cut_mentions(core, mentions) if mentions else core
    if not has_content(instruction) and not mentions:  # "the cat's holding the book upside down. fix it": the complaint says what
        instruction = normalise(words.raw.strip())
    if not has_content(instruction):
        raise Unresolved(f"What should I change in image #{source}?")
    return _edit(instruction, source, references, params)


# a picture put into another: "put the photo of ... in the corner", "stick in the pic of ..."
PICTURE_PUT = re.compile(r"\b(?:put|stick|add|place|pop|include|insert|bung|plonk|slap)\s+(?:also\s+|in\s+)?$")


def _describe(raw: str, core: str, handles: list[int], ctx: RouterContext, mentions: list[Mention] = ()) -> Decision:
    images = images_asked_about(core, handles, ctx, mentions) or list(ctx.attached) or \
        (_asked_in_words_cut(raw, ctx) if not handles else []) or \
        ([ctx.current] if ctx.current is not None else [])
    if not images:
        if not ctx.handles:
            return Decision("chat", reply="There are no images in this session yet, so there is nothing to look at. "
                                          "Describe an image to create, or attach one and ask again.")
        images = [ctx.handles[-1]]
    return tool_decision("describe", {"question": raw, "images": list(dict.fromkeys(images))}, GenerationParams())


def _asked_in_words_cut(raw: str, ctx: RouterContext) -> list[int]:
    """Images named in words the prompt cleaning dropped ("Quick check before we lock it: in 9 and then 10, can
    you see his eyes?"); none when those words hold a number that is no image ("taken in 2019 and 2020")."""
    try:
        return images_asked_about(normalise(raw), [], ctx)
    except Unresolved:
        return []


def _inpaint(raw, core, mentions, handles, ctx, params) -> Decision:
    # images named after "from/of/like/use" lend what goes in the mask ("the pattern from image 2");
    # others are where it goes. Attachments lend too when there is a current image to paint into.
    lending = [h for m in mentions for h in m.handles
               if re.search(r"\b(?:from|of|like|use|using|with|as in)\s+(?:the\s+|my\s+)?$", core[:m.start][-24:])
               or SWAPPED_FOR.search(core[:m.start])]
    named = [h for h in handles if h not in lending]
    if ctx.current is not None and not ctx.attached:  # the mask is drawn over the picture in hand: one named by what it
        # shows is talked about, not painted into ("The painting style made a dark spot. I have painted over that place")
        named = [h for h in named if h == ctx.current or h in handles_of(numbered(mentions, core))]
    # attachments the words pick among ("the hat from the second picture") leave the others out
    attached = [] if set(handles) & set(ctx.attached) else list(ctx.attached)
    if named:
        source = named[0]
    elif len(attached) == 1 and (photo_to_mend(normalise(raw)) or not lending and TAKEN_AWAY.search(core) and not PUT_IN_ITS_PLACE.search(core)):
        # "this is Nani's old dog, the photo has a blurry patch ... fix just that part"; "different photo now, this one of
        # my dog. please remove whatever is in the marked area": a photo sent lends nothing to a removal
        source, attached = attached[0], []
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
    if not has_content(prompt) and not mentions:  # "The rim, where I've marked it, is wrong. Should be everted and
        prompt = inpaint_prompt(normalise(raw))  # flat-topped. Just fix that bit.": the whole message says what goes there
    if not has_content(prompt):
        raise Unresolved("What should go in the masked area?")
    return tool_decision("inpaint", {"prompt": prompt, "source": source, "references": list(dict.fromkeys(references))}, params)


def _style(core, mentions, handles, ctx, params) -> Decision | None:
    new_picture = wants_new_image(core, mentions, ctx) or bool(NEW_SUBJECT.search(core))
    phrase = STYLE_PHRASE.search(core)
    if phrase:
        args = style_roles(core, phrase, mentions, ctx)
        if args is not None:
            if args.get("source") is None and not new_picture and ctx.current not in (None, args["style_image"]):
                # "could you redo her in the style of my painting?": the current image is re-rendered
                args = {**args, "source": ctx.current}
            return tool_decision("style", args, params)
    # no style phrase the rules know: the style comes from the image named after "as"/"like" ("same treatment
    # as the painting"), else what was attached or named, else the last style used
    likened = [h for m in mentions for h in m.handles if re.search(r"\b(?:as|like)\s+(?:in\s+)?(?:the\s+|my\s+|that\s+)?$",
                                                                    core[:m.start])]
    same_look = SAME_LOOK.search(core) and ctx.last_style_image is not None  # "give Luna the same treatment": Luna restyled
    # "paint the village the way grandpa painted": the image right after the verb is what gets painted
    painted = [h for m in mentions if re.fullmatch(r"(?:re-?)?(?:paint|draw|render|do|redo|turn)\s+", core[:m.start]) for h in m.handles]
    named = [h for h in handles if h not in painted]
    style_image = likened[-1] if likened else ctx.attached[-1] if ctx.attached else (
        named[-1] if named and not same_look else ctx.last_style_image)
    if style_image is None:  # "in that style", "like grandfather painting" after the person brought a painting (not the dog
        # photo sent since)
        art = [h for h in reversed(ctx.uploads) if ART_SENT.search(ctx.names.get(h, "").lower())
               or re.search(r"\b(?:painting|painted|drawing|drew|artwork|sketch|watercolou?r)\b", ctx.captions.get(h, ""))]
        style_image = art[0] if art else ctx.recent_uploads[-1] if ctx.recent_uploads else None
    if style_image is None:
        return None
    others = [h for h in handles + (ctx.attached if likened else []) if h != style_image]
    source = None if new_picture else (others[0] if others else ctx.current if ctx.current != style_image else None)
    return tool_decision("style", {"prompt": core, "style_image": style_image, "source": source}, params)


# "give Luna the same treatment", "that look on this one too": the style used last
SAME_LOOK = re.compile(r"\bsame\s+(?:[a-z]+\s+)?(?:treatment|look|style|vibe|magic|paint\s*job)\b|\b(?:that|this)\s+(?:treatment|look)\b")
# "same style, but a dog running on a beach", "try the style on a teapot": a new subject, nothing re-rendered
NEW_SUBJECT = re.compile(r"\bbut\s+(?:this time\s+|now\s+)?(?:with\s+)?(?:a|an|some)\s+\w+|^[^:]{3,60}:\s*(?:a|an|some)\s+\w+|"
                         r"(?:^|[,;-])\s*(?:this time\s+)?(?:a|an|some)\s+(?!(?:bit|little|lot|touch|tad|few|more)\b)\w+|"
                         r"\b(?:might|may|can|could)\s+(?:i|we)\s+(?:have|get|see)\s+(?:a|an|some)\b|"
                         r"\b(?:try|use|apply|do)\s+(?:the|that|this)\s+(?:same\s+)?(?:style|look)\s+(?:on|with|for)\s+(?:a|an|some)\b")


def _edit(instruction: str, source: int, refs: list[int], params: GenerationParams) -> Decision:
    refs = [h for h in dict.fromkeys(refs) if h != source]
    return tool_decision("edit", {"prompt": instruction, "source": source, "references": refs}, params)
