"""Which image a turn changes and which ones only lend something: the roles of the images a
message names ("put the hat from image 2 on the dog" changes the dog photo, borrows from #2;
"paint image 3 in the style of image 1" restyles #3 after #1).

Used by studio/calls.py once the interpreter has said the turn is an edit or a style transfer; pure
functions of the words and the session's handles and captions.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from studio.phrases import (
    BORROWED,
    DETERMINER_START,
    EDIT_VERBS,
    LIKENESS,
    NEW_ILLUSTRATION,
    NEW_IMAGE,
    cut_mentions,
    generation_prompt,
    normalise,
    split_clauses,
    strip_style_leftovers,
)
from studio.new_picture import MADE_AS_SAID
from studio.content import image_by_content
from studio.image_words import same_word, shown
from studio.lenders import (ONTO_THE_ONE_HERE, ONTO_THIS_SURFACE, PUT_IN_THIS_PHOTO, SAME_THING_ON_THIS, attachments_by_file_names,
                            images_named_by_nouns, just_asked_about, placed_across_pictures, placed_in_the_picture_before,
                            placed_in_the_picture_in_hand, possessor_elsewhere)
from studio.mention_text import NUMBER_SAID
from studio.references import CONTENT_IMAGE_NOUN, IMAGE_NOUN, Mention, RouterContext, Unresolved, find_mentions
from studio.sent_photo import introduced_and_changed, sent_thing_changed

if TYPE_CHECKING:
    from studio.words import Words  # (studio/words.py imports this module)


# "swap the runner's shoes for my trainers": what comes after "for" lends
SWAPPED_FOR = re.compile(r"\b(?:swap|switch|replace|trade|exchange)\b.*\bfor\s+(?:the\s+|my\s+)?$")


def handles_of(mentions: list[Mention]) -> list[int]:
    return [h for m in mentions for h in m.handles]


# a thing said in words put onto the photo sent: "lay a tan mainsail out across these boards", "put a vase on this table"
NEW_THING_ONTO_THIS = re.compile(r"\b(?:put|lay|place|set|stand|add|drape|hang|pop)\s+(?:a|an|some)\s+(?:[\w-]+\s+){0,3}?(?:out\s+|down\s+)?"
                                 r"(?:on|onto|across|over|in|into|against)\s+(?:this|these)\s+[a-z]+")


def edit_roles(core: str, mentions: list[Mention], ctx: RouterContext) -> tuple[int | None, list[int]]:
    """Split the images a turn names into the one to change and the ones to borrow from."""
    if len(ctx.attached) == 1 and not mentions and SAME_FOR_THIS.search(core):
        return ctx.attached[0], []  # "Next item. Same treatment: white background": the photo sent now changes
    if len(ctx.attached) == 1 and not mentions and NEW_THING_ONTO_THIS.search(core):
        return ctx.attached[0], []  # "here's the floor ... lay a tan mainsail out across these boards": the photo sent changes
    lending, target = [], []
    if mentions and mentions[0].start <= 4 and re.match(
            r"\s+(?:was|is|looked|looks|were)\s+(?:much\s+|way\s+|a lot\s+|so much\s+)?(?:better|nicer|best|prettier|the one)\b",
            core[mentions[0].end:]):
        rest = handles_of(mentions[1:])
        return mentions[0].handles[0], rest + [h for h in ctx.attached if h not in rest]
    if mentions and re.match(r"^(?:i\s+)?(?:really\s+)?(?:like|love|prefer)\s+$", core[:mentions[0].start]) \
            and re.match(r"\s*,?\s+(?:but|though|just)\b", core[mentions[0].end:]):
        return mentions[0].handles[0], handles_of(mentions[1:]) + list(ctx.attached)  # "I like the first one but can the sky ..."
    if len(mentions) == 1 and re.match(r"^(?:use|take)\s+(?:the\s+|that\s+|this\s+)?\w+(?:\s+\w+)?\s+from\s+$", core[:mentions[0].start]) \
            and re.match(r"\s+but\b", core[mentions[0].end:]):
        return mentions[0].handles[0], list(ctx.attached)  # "use the icon from image 1 but in green"
    if len(ctx.attached) == 1 and ctx.current is not None and ctx.attached[0] in ctx.parents.get(ctx.current, []) \
            and LIKENESS.search(core):
        return ctx.current, list(ctx.attached)  # "here is his photo again, make it look like him": the picture made from it
    if len(ctx.attached) == 1 and not mentions and ctx.attached[0] in ctx.captions \
            and re.search(r"\b(?:again|once more|re-?send\w*)\b", core) \
            and (re.search(r"\b(?:make|turn|change|convert|colou?r|paint|crop|fix|edit)\s+(?:it|this one|this photo|this)\b", core)
                 or ON_THIS_ONE.search(core)):
        return ctx.attached[0], []  # "here it is again, just make it black and white": the photo just sent
    sent_with = ctx.current - 1 if ctx.current is not None and ctx.current - 1 in ctx.uploads \
        and ctx.current - 1 not in ctx.current_path else None  # "this is Rufus and this is the jacket" + two photos
    if not mentions and not ctx.attached and ctx.current in ctx.uploads and (len(ctx.current_path) >= 2 or sent_with) \
            and re.search(r"\b(?:put|place|stick|try)\s+(?:it|this|that|them|these)\s+on\s+(?:him|her|them)\b", core):
        # "here's a jacket for him" then "put it on him": the jacket lends, the pet photo before it changes
        return sent_with or ctx.current_path[-2], [ctx.current]
    if not ctx.attached and ctx.current in ctx.uploads and len(ctx.current_path) >= 2 \
            and placed_in_the_picture_before(core, mentions, ctx):
        # "this is Pip" + photo, then "pop him curled up in the armchair on the cover", "put Bess sat out the front of the
        # pub": the picture with the armchair or the pub changes, the pet lends (not "put him in a little yellow raincoat")
        return ctx.current_path[-2], [ctx.current]
    if ctx.attached and placed_in_the_picture_in_hand(core, mentions, ctx):
        # "This is his dog, Pepper. I want to appliqué her onto the centre block of the quilt": the quilt changes
        return ctx.current, list(ctx.attached)
    if (placed := placed_across_pictures(core, mentions, ctx)) is not None:  # "Put Bosun, image five, on the foredeck of the boat"
        return placed
    if len(mentions) == 1 and mentions[0].start <= 16 and re.match(r"\s*(?:[,:]|[.?!]+)\s+\S+.*\b(?:on|onto|in|into|to)\s+(?:him|her|it|them)\b",
                                                                     core[mentions[0].end:]):
        # "the foto of Pipoca with the hat, put also this jacket in him": the picture named first is "him" ("my very
        # first one?? add a full moon to it")
        return mentions[0].handles[0], mentions[0].handles[1:] + list(ctx.attached)
    onto_current = ctx.current is not None and re.search(  # not "the one with our name on it": a reference's own words
        r"(?<!not )\b(?:to|on|onto|into|in)\s+(?:this one|this image|this picture|the current one|it|him|her)\b",
        cut_mentions(core, mentions, "") if mentions else core)
    onto_shown = re.search(r"\b(?:put|place|add|stick|pop)\s+(?:it\s+|them\s+)?(?:on|onto|in|into)\s+(?:the|his|her)\s+([a-z]{3,})\b", core)
    onto_current = onto_current or bool(onto_shown) and ctx.current is not None and ctx.current not in ctx.uploads \
        and not any(ctx.current in m.handles for m in mentions) \
        and any(same_word(onto_shown.group(1), w) for w in shown(ctx).get(ctx.current, []))  # "put on the girl the koofiyad photo"
    for i, m in enumerate(mentions):
        before, after = core[:m.start][-28:], core[m.end:m.end + 40]
        if NUMBER_SAID.fullmatch(core[m.start:m.end]):  # "from card number 2 into this card": what #2 is, then its number
            before = re.sub(rf"\b(?:{CONTENT_IMAGE_NOUN})s?\s+$", "", before)
        if i + 1 < len(mentions) and mentions[i + 1].handles == m.handles and re.fullmatch(r"\s+(?:in|from|off)\s+", core[m.end:mentions[i + 1].start]):
            continue  # "the hat in the first photo": one image named twice, read at its second naming
        # "put the hat on the dog", "pit Morag sittin at the front door o it", "pop Pippin in as well"
        placed = re.search(r"\b(?:put|pit|pop|place|stick|attach|add|lay|want|have|need|include|insert)\s+(?:also\s+|too\s+)?(?:the\s+|my\s+|that\s+|those\s+)?"
                           r"(?:ol'?\s+|old\s+|lil'?\s+|little\s+|wee\s+|good\s+)?$",
                           before) and re.match(r"(?:\s+from\s+(?:earlier|before|yesterday|this\s+morning))?(?:\s+back)?"  # "the shoes from earlier"
                                                r"(?:\s+(?:also|too))?"  # "put Sheru also in #13"
                                                r"(?:\s+(?:[a-z]+(?:ing|in'?)\s+)?(?:right\s+|just\s+)?(?:on|onto|to|into|in|inside|over|at|next\s+to|beside|behind|"
                                                r"in\s+front(?:\s+of)?|under|near|round|around)\s+(?:(?:the|his|her|my|our|their|its|this|that)\b|"
                                                r"#\s*\d|(?:picture|pic|image|photo|number)\s+#?\s*\d)|"
                                                r"\s+(?:right\s+)?(?:next\s+to|beside|alongside|behind)\s+[a-z]{3,}\s+(?:in|on)\s+(?:his|her|their|the)\b|"  # "put Bella next to Max in his picture"
                                                r"\s+in\b(?:\s+(?:as\s+well|too|also|there|here))?\s*(?:[,.!?]|$|but\b)|"  # "put biscuit back in but ..."
                                                # a corner is a place in the picture in hand: "put the no 2 jar pic small in corner"
                                                r"(?:\s+[a-z]+){0,3}?\s+(?:in|at|on|into)\s+(?:the\s+|a\s+|one\s+)?(?:(?:top|bottom|upper|lower)[\s-]+)?"
                                                r"(?:(?:left|right)[\s-]+)?(?:hand\s+)?corner\b)", after)
        # a number said after what it shows: "put Bertie with the hat, picture #8, on the poster", "Put Lola there instead,
        # number 4, the one in the fog" (there: the picture in hand)
        apposed = re.search(r"\b(?:put|pop|place|stick|add)\s+(?:[\w'-]+\s+){0,5}?[\w'-]+\s*,\s*$", before)
        placed = placed or bool(apposed) and (bool(re.search(r"\b(?:there|here)\b[^,]*,\s*$", before))
                                             or bool(re.match(r"\s*,?\s+(?:on|onto|in|into)\s+(?:the|his|her|my|our)\b", after)))
        onto = re.match(r"\s+(?:on|onto|to|into|in)\s+([a-z]+)\b", after)
        placed = placed or bool(onto) and any(onto.group(1) in names for names in ctx.called.values())  # "put my jacket on Bruno"
        if any(re.sub(r"^(?:that|this|the)\s+|'s$", "", core[m.start:m.end]) in names for names in ctx.called.values()):  # a pet's name, where it goes:
            # "Bujji ah ... - put him sitting next to the pot", "An Ollie alongside him"
            placed = placed or re.search(r"\b(?:put|pop|place|stick|sit|plonk|set)\s+(?:him|her|them)\s+(?:[a-z]+(?:ing|in'?|ed)\s+)?"
                                         r"(?:up\s+|down\s+)?(?:right\s+)?(?:on|in|into|next to|beside|under|behind|near|by|alongside|at)\b",
                                         core[m.end:]) \
                or re.match(r"^(?:and\s+|now\s+)?(?:an?\s+|the\s+)?$", core[:m.start]) and re.match(
                    r"\s+(?:too\s+|as well\s+)?(?:alongside|next to|beside|with|behind|in front of)\s+(?:him|her|them|it)\b", after)
        worn = re.search(r"\b(?:wear|wears|wearing|hold|holding|give (?:him|her|it|them|the [a-z]+)|"  # "dress the mannequin in my jacket"
                         r"dress (?:him|her|it|them|(?:the |my |our )?[a-z]{3,}) (?:up )?in)\s+(?:the\s+|my\s+|that\s+|"
                         r"those\s+)?$", before)
        as_reference = re.match(r"\s+as\s+(?:a|an|the|my)?\s*(?:reference|style|texture|guide|example|inspiration)", after)
        # "give the corgi the wizard's hat": what that picture's subject has, lent
        owned = re.match(r"'s\s+[a-z]{3,}", after) and re.search(r"\b(?:give|put|add|borrow|use|take|steal|lend)\b", before)
        used = re.search(r"\b(?:use|using|borrow)\s+(?:the\s+|that\s+|this\s+|my\s+|our\s+)?$", before) \
            and re.match(r"\s+(?:for|as)\b", after)  # "use that wood for the floor in the cabin"
        if onto_current or placed or worn or as_reference or owned or used:
            lending.extend(m.handles)  # "put my second upload on the dog", "he should wear the third photo"
            continue
        removing = re.match(r"^(?:remove|delete|erase|take out|take away|get rid of|clean|strip|crop)\b", core)
        adjusting = re.match(rf"^(?:change|adjust|fix|alter|set|modify|edit|update|brighten|darken|boost|reduce|"
                             rf"tweak|recolou?r|increase|decrease)\s+the\s+(?:{BORROWED})\s+(?:of|in)\s+(?:the\s+|my\s+)?$",
                             core[:m.start])
        if re.search(r"(?<!\bas )(?<!\blike )(?<!\bthan )\b(?:in|into|on|onto)\s+(?:the\s+|my\s+|that\s+)?$", before) and \
                re.search(r"\b(?:picture|pic|photo|image|one|shot|version|poster|illustration|drawing|scene)(?:$|\s+(?:with|without)\b)",
                          core[m.start:m.end]) \
                and not re.search(r"(?:^|[.,;:!?]\s*)(?:the|that|this|his|her|my)\s+[a-z]+\s+in\s+$", core[:m.start]):
            target.insert(0, m.handles[0])  # "put Duke under the windowsill in the cobbler picture": where he goes changes
            target.extend(m.handles[1:])
        elif re.search(r"\b(?:start|starting|begin|work|working|go back|carry on)\s+(?:again\s+)?from\s+(?:the\s+|my\s+)?$", before):
            target.extend(m.handles)  # "... start from the original photo and only fix the lighting"
        elif removing and re.search(r"\bfrom\s+(?:the\s+|my\s+)?$", before):
            target.extend(m.handles)  # "remove the watermark from #1": #1 is what changes
        elif adjusting:
            target.extend(m.handles)  # "change the color of the second one I sent to green"
        elif re.search(r"\b(?:on|onto|to|into|beside|next\s+to|behind|near|by)\s+(?:the\s+|his\s+|her\s+)?\w+\s+(?:from|in|of)\s+(?:the\s+|my\s+)?$",
                       before):
            target.extend(m.handles)  # "... on the dog from the first picture", "beside the jacket in #2": where it goes changes
        elif re.search(r"\b(?:from|using|like|with|as in|than|match|matches|matching)\s+(?:the\s+|my\s+)?$", before) or (
                SWAPPED_FOR.search(before)) or (
                re.search(r"\bout\s+of\s+$", before) and core[m.start:].startswith("my ")) or re.search(
                r"\bsame\s+(?:[a-z]+\s+){1,3}as\s+(?:in\s+)?(?:the\s+|my\s+)?$", before) or re.search(
                r"\b(?:from|like|of|out of)\s+(?:the\s+|my\s+)?\w+\s+(?:in|from|of|on)\s+$", before) or re.search(
                # ("The hat in the first photo, onto the dog in the second": a sentence that opens on a thing in a picture)
                r"(?:^|[.,;:!?]\s*)(?:the|that|this|his|her|my)\s+[a-z]+\s+(?:in|from)\s+(?:the\s+|my\s+)?$", core[:m.start]) or re.search(
                r"\b(?:made|built|carved|cut|sewn)\s+(?:out\s+of|of|from)\s+(?:the\s+|my\s+|that\s+|this\s+|those\s+)?$",
                before) or re.search(  # "an edging made of that wood" (not "steam curling out of the teapot")
                rf"\b(?:{BORROWED})\s+(?:of|in|from)\s+(?:the\s+|my\s+)?$", before):
            lending.extend(m.handles)  # "the hat from image 2", "the texture of #3"
        else:
            target.extend(m.handles)
    attached = [h for h in ctx.attached if h not in lending and h not in target]
    if target and not ctx.attached and ctx.current in ctx.uploads and ctx.current not in target + lending \
            and (re.search(r"\b(?:put|pop|place|stick|add|sit|lay|have|get|bring|drop)\s+(?:him|her|them)\b", core)
                 or ctx.current == max(ctx.handles) and re.search(r"\b(?:on|onto|in|into|with)\s+(?:this|these)\s+[a-z]{3,}\b", core)):
        # "this is Poppy" + photo, then "pop her under the table in the sunflower picture"; a board just sent, then "On the
        # menu cover, put the pot standing on this board!"
        lending.append(ctx.current)
    if lending and not target and ctx.current in lending and ctx.current in ctx.uploads and len(ctx.current_path) >= 2:
        # "this is my dog Biscuit" with a photo, then "put Biscuit on the dragon's back": the photo lends,
        # the picture that was current before it changes
        return ctx.current_path[-2], lending + attached
    carried = re.search(r"\b(?:put|place|add|give|stick)\s+(?:these|this|those|that)\s+((?:[a-z]+\s+){0,2}[a-z]+?)\s+(?:on|onto|to|in|into)\b", core)
    if target and carried and ctx.current is not None and ctx.current not in target + lending and any(
            re.search(rf"\b{re.escape(w)}", ctx.captions.get(ctx.current, "")) for w in carried.group(1).split()):
        lending.append(ctx.current)  # "put these orange shoes on the fox in the mug picture": the current shoes lend
    if target:
        return target[0], target[1:] + lending + attached
    if lending and ctx.current is not None and not onto_current:
        named = images_named_by_nouns(core, ctx, lenders_known=True)
        if named is not None and named[0] not in lending:
            return named[0], lending + attached  # "put my second upload on the dog": the dog photo
    # the attachment is what to change when the sentence starts on it ("make this photo ...")
    # or when there is nothing else to change
    lent_thing = re.search(r"\b(?:this|these)\s+([a-z]{3,})\b", core)  # "... on a plinth made of this wood": the photo lends
    onto_new = any(re.match(r"^(?:put|place|set|show)\s+(?:the|this|my|these)\s+(\w+)\s+(?:on|onto|against|in front of|"
                            r"over)\s+(?:a|an|some|plain|pure|white|black)\b", c)
                   and not (lent_thing and lent_thing.group(1) != re.match(r"^\w+\s+\w+\s+(\w+)", c).group(1)
                            and not re.fullmatch(IMAGE_NOUN, lent_thing.group(1)))
                   or re.match(r"^(?:put|place|set|show)\s+(?:it|them|him|her)\s+(?:on|onto|against|over)\s+(?:a|an|some|plain|pure|white)\b", c)
                   and not re.search(r"\b(?:this|these)\b", core)  # not "put it on a wooden surface like this one"
                   for c in split_clauses(core))  # "put the jacket on a white backdrop", "here's the jacket. put it on a mannequin", "this is Maisie ... put her on a cosy sofa"
    by_file = attachments_by_file_names(core, attached, ctx) if not lending and not target else None
    if by_file is not None:
        return by_file  # "put this hat on my dog please" with hat.png and dog.png
    same_thing = SAME_THING_ON_THIS.search(core)
    if len(attached) == 1 and not lending and not target and ctx.current is not None and same_thing \
            and attached[0] == max(ctx.handles):  # a photo new in this turn (not "Same oak on this one" with the oak again)
        # "now the same shoes on this one too" with another dog sent: the photo the shoes came from lends
        sent = [h for h in ctx.uploads if h not in attached and re.search(rf"\b{same_thing.group(1)}", ctx.names.get(h, ""))]
        return attached[0], sent if len(sent) == 1 else [ctx.current]
    if len(attached) == 1 and not target and ctx.current is not None \
            and (PUT_IN_THIS_PHOTO.search(core) or ONTO_THE_ONE_HERE.search(core) or ONTO_THIS_SURFACE.search(core)):
        # "put that scarf round his neck in this photo": the scarf in hand lends; "put Rex into this painting": Rex lends
        return attached[0], lending or [ctx.current]
    if attached and (ctx.current is None or onto_new or re.match(
            rf"^(?:{'|'.join(EDIT_VERBS)})\s+(?:this|the|my)\s+(?:image|picture|photo|pic|photograph|one|shot)\b", core)
            or (len(attached) == 1 and not lending and (THIS_PHOTO.search(core) or THESE_THINGS_RECOLOURED.search(core)
                                                        or introduced_and_changed(core, core) or sent_thing_changed(core, core)))):
        return attached[0], lending + attached[1:]
    if ctx.current is not None:
        named = images_named_by_nouns(core, ctx)
        if named is not None and not attached and not lending:
            return named
        owner = possessor_elsewhere(core, ctx) or just_asked_about(core, ctx)
        if owner is not None and not attached and not lending:
            return owner, []  # "make the puppy's party hat purple" while a rocket picture is current
        return ctx.current, lending + attached
    if lending:
        return lending[0], lending[1:]
    if ctx.path_handles and re.search(r"\b(?:it|this|that|them|him|her)\b", core):
        # "make it a watercolour" after a question about an upload (a describe run does not make
        # the upload current): "it" is the latest image along the head path
        return ctx.path_handles[-1], []
    return None, []


# "this photo of my sneakers came out dull, can you brighten it": the photo sent now is the subject
# (not "the hat from this photo", "make it look like this picture")
THIS_PHOTO = re.compile(r"(?<!\bfrom )(?<!\blike )(?<!\bin )(?<!\bof )(?<!\bwith )(?<!\bas )(?<!\bon )(?<!\bto )"
                        r"(?<!\binto )(?<!\bonto )\b(?:this\s+(?:photo|picture|pic|image|shot|snap)\b|the\s+(?:photo|picture|pic|image)\s+itself\b)")


# "here's her photo again. on this one, could you ...": the photo sent (again) is what changes
ON_THIS_ONE = re.compile(r"\b(?:on|to|for|with)\s+this\s+(?:one|photo|picture|pic)\b")


# "could you make these sneakers bright green?" with the sneakers sent now: the photo sent is what changes
THESE_THINGS_RECOLOURED = re.compile(r"\b(?:make|turn|change|recolou?r|colou?r|paint|dye)\s+(?:this|these|those)\s+[a-z]{3,}\b"
                                     r"(?![^.?!]*\b(?:on|onto|into|to)\s+(?:the|my|his|her|him|it)\b)")


THEIR_ART = re.compile(r"\blike\s+(?:her|his|their|our|your)\s+(?:painting|paintings|drawing|art|artwork|work|style|watercolou?r)\b")


ART_SENT = re.compile(r"paint|art|draw|sketch|print|style|poster|illustr")  # a file name that says the photo is art


def style_roles(core: str, style: re.Match, mentions: list[Mention], ctx: RouterContext) -> dict | None:
    """A style turn's arguments (prompt, style_image, source), or None when no image gives the style
    ("like van gogh" is then an ordinary edit or generation)."""
    # the style image is the one named after "of/from/like/after/as" once the style phrase began
    style_mention = next((m for m in mentions if re.match(r"'s\s|\s+(?:as|is)\s+(?:the\s+|a\s+|my\s+)?style\b",
                                                          core[m.end:m.end + 16]) or re.search(  # "same treatment as the painting"
        r"\b(?:style|look|treatment|vibe|feel|manner)\s+(?:as|of|like)\s+(?:in\s+)?(?:the\s+|my\s+|that\s+)?$", core[:m.start])), None)
    for m in mentions if style_mention is None else []:
        if m.start >= style.start() and re.search(r"\b(?:of|from|like|after|as)\s+(?:the\s+)?$", core[:m.start][-24:]):
            style_mention = m
            break
    if style_mention is None and mentions and ctx.current in ctx.uploads and ctx.current not in handles_of(mentions) \
            and re.search(r"\blike\s+(?:that|this)\s*[.!?]*$", core) and not ctx.attached:
        style_mention = Mention(len(core), len(core), [ctx.current])  # "paint pic 4 like that" after an upload
    if style_mention is None:  # not the image right after the verb: "Paint the lighthouse one like this" paints it
        inside = [m for m in mentions if style.start() <= m.start < style.end()
                  and not re.fullmatch(r"(?:re-?)?(?:paint|draw|render|do|redo|turn)\s+", core[:m.start])]
        style_mention = inside[-1] if inside else None
    same = bool(re.search(r"\b(?:same|that|the same)\s+(?:\w+\s+)?(?:style|look|vibe|aesthetic|feel|mood|treatment)\b|"
                          r"\b(?:try|use|apply|put)\s+the\s+style\s+(?:on|to|for)\b|"
                          r"\bin (?:that|its|their) style\b", core))
    if style_mention is not None:
        style_image = style_mention.handles[-1]
    elif len(ctx.attached) == 2 and re.search(r"\bas\s+(?:the\s+|a\s+)?style\b", core) and not mentions:
        style_image = ctx.attached[0]  # "take this painting as the style ... apply it to this photo"
        mentions = [Mention(len(core), len(core), [ctx.attached[1]])]
    elif len(ctx.attached) == 1 and ctx.current is not None and ctx.current not in ctx.uploads and not mentions \
            and re.search(r"\bin\s+(?:that|the\s+same)\s+style\b", core) and not ART_SENT.search(ctx.names.get(ctx.attached[0], "")):
        style_image = ctx.current  # "ooh do my dog in that style" with the dog sent: the picture in hand gives the style
        mentions = [Mention(len(core), len(core), list(ctx.attached))]
    elif ctx.attached:
        style_image = ctx.attached[-1]
    elif re.search(r"\blike\s+(?:that|this)\b", core) and ctx.current is not None and ctx.current in ctx.uploads \
            and mentions:
        style_image = ctx.current  # "paint pic 4 like that", right after uploading a painting
    elif same and ctx.last_style_image is not None:
        style_image = ctx.last_style_image
    elif ctx.recent_uploads and ctx.recent_uploads[-1] not in handles_of(mentions) and THEIR_ART.search(core):
        style_image = ctx.recent_uploads[-1]  # "make the feast picture look like her painting", her painting sent before
    else:
        return None  # a style named in words ("like van gogh") is an ordinary edit/generate
    others = [m for m in mentions if m is not style_mention]
    if (NEW_ILLUSTRATION.search(core) or NEW_IMAGE.search(core)) and all(re.search(r"\bfor\s+$", core[:m.start]) for m in others):
        others = []  # "for the exhibition poster we need a new illustration: ..., in the manner of this painting": what it is for
    other_handles = [h for m in others for h in m.handles if h != style_image]
    rest = (core[: style.start()] + " " + core[style.end():]).strip()
    rest_clean = cut_mentions(rest, find_mentions(rest, ctx), "") if mentions else rest
    rest_clean = re.sub(r"^(?:same style|same|but|and|,|\s)+", "", rest_clean).strip(" ,;:")
    rest_clean = re.sub(r"^(?:this|that|the next) time\b[\s,]*", "", rest_clean)  # "but this time a heron"
    rest_clean = re.sub(r"^(?:do|try)\s+(?:that|it|this)\s+(?:but\s+)?|\s+(?:next|too|as well)\s*$", "", rest_clean)
    rest_clean = re.sub(r"^(?:(?:make|draw|create|paint|it|one|that|now|then|only)\s*)+:\s*", "", rest_clean)  # "make it now only: ..."
    verb_like = re.match(r"(?:paint|painted|draw|drawn|render|rendered)\s+(.+?)\s+like\s*$", style.group(0))
    if verb_like and DETERMINER_START.match(verb_like.group(1)) and not mentions:
        rest_clean = verb_like.group(1)  # "paint a cat like that": a cat, in that style
    # "the left one is the style and the right one is the photo: paint Pepper like that": role words
    rest_clean = re.sub(r"\b(?:is|as)\s+(?:the\s+)?(?:style|photo|picture|image|content|source|reference)\b[\s:,]*(?:and\s+)?|"
                        r"\blike (?:that|this)\b", "", rest_clean).strip(" ,;:")
    # "give it the look of the painting": the words left name the style image, not content
    rest_clean = re.sub(r"^(?:the|this|that|my)\s+(?:painting|picture|photo|image|pic|drawing|artwork|illustration|"
                        r"poster|one)\s*[.!?]*$", "", rest_clean)
    source: int | None = None
    # "this is my photo, could you repaint it in the style of the painting?": "it" is the photo sent now
    shown = next((h for h in reversed(ctx.attached) if h != style_image), ctx.current)
    if other_handles:
        source = other_handles[0]
    elif ctx.current is not None and re.search(r"\b(?:what if|imagine|how about)\b.*\bit\b", core):
        source = ctx.current if ctx.current != style_image else None  # "what if it were in the style of this"
    elif ctx.current is not None and not NEW_IMAGE.search(core) and not MADE_AS_SAID.match(core) and re.search(  # not "make a new picture of ..."
        r"^(?:(?:re-?)?(?:make|render|paint|draw|redraw|turn|convert|transform|restyle|style|stylize|stylise|do|"
        r"apply|put|show|redo|give|take)\b.*\b(?:it|this|that|this one|that one|the image|the picture|the photo|my photo)\b"
        r"|(?:it|this|that)\b|(?:apply|use|transfer)\b|re-?style|styli[sz]e)", rest_clean or core
    ):
        source = shown if shown != style_image else None
    if source is None and not rest_clean and ctx.current is not None and ctx.current != style_image \
            and not re.match(r"^(?:same style|same|that style|this style)\b", core):
        source = ctx.current  # a bare "in the style of this": the current image, restyled
    if source is None:  # "do the fox in the same vibe as image 3"
        rest_clean = re.sub(r"\s+(?:in|with|into|to|like|as)(?:\s+the)?\s*$", "", rest_clean)
        named = re.match(r"^(?:(?:re)?(?:do|make|render|paint|draw|redraw|turn|restyle|style)\s+)(?:(?:the|my|this|that)\s+|"
                         r"(?!(?:a|an|some|me|us|it|them|him|her)\b))"
                         r"((?:[a-z]+\s+){0,2}?[a-z]+)\s*$", re.sub(r"\s*,\s*(?:which|who|that)\b.*$|\s+(?:which|who|so (?:i|we|that))\b.*$", "", rest_clean))
        found = image_by_content(named.group(1).split(), ctx) if named else None
        if found is not None and found != style_image:
            source, rest_clean = found, ""
    prompt = generation_prompt(strip_style_leftovers(rest_clean)) or (
        "the same content" if source is not None else "")
    if not prompt:
        raise Unresolved("What should I draw in that style? Or name the image to restyle (e.g. “image 2 in this style”).")
    return {"prompt": prompt, "style_image": style_image, "source": source}


SAME_FOR_THIS = re.compile(r"\bsame (?:treatment|thing|edit|fix|again|as before|for (?:this|that) one)\b|\bdo the same\b|"
                           r"\bnext (?:item|product|one|photo|pic)\b|"
                           r"\bnow the [a-z]+(?:\s+(?:also|too|as well))?\s*,\s*(?:the\s+)?same\b")  # "and now the shoes also, the same"


# "these are my two dogs" (two photos): the kind the photos show, said in the plural
SENT_AS_SEVERAL = re.compile(r"\b(?:two|both|three|pair\s+of|couple\s+of)\s+(?:(?:my|our|of\s+my|of\s+our|little|old)\s+)?([a-z]{3,})s\b")


def sent_alike(words: "Words", ctx: RouterContext) -> list[int]:
    """The photos just sent together as several of a kind ("these are my two dogs") when the turn changes one of them
    named only as "him", "her" or "the dog": they are the choice to ask about (none otherwise)."""
    if ctx.attached or ctx.current not in ctx.uploads:
        return []
    names = {n for called in ctx.called.values() for n in called}
    def sent_with(h: int) -> list[str]:  # a photo's message, less the names given ("max here are my two dogs, max and")
        return [w for w in re.findall(r"[a-z']+", ctx.captions.get(h, "")) if w not in names]
    caption = ctx.captions.get(ctx.current, "")
    together = [h for h in ctx.uploads if sent_with(h) == sent_with(ctx.current) and h <= ctx.current]
    together = [h for h in together if h > ctx.current - len(together)]  # sent in one message: consecutive numbers
    kind = SENT_AS_SEVERAL.search(normalise(caption))
    if len(together) < 2 or not kind or any(h in inputs for inputs in ctx.parents.values() for h in together):
        return []
    singular = rf"\b(?:him|her|he|she|the\s+(?:little\s+|old\s+)?{re.escape(kind.group(1))})\b"
    # ("can you make the dog's fur look darker?": "the dog" read as a picture by what it shows is no choice between them)
    if any(not re.fullmatch(singular + r"(?:'s)?", words.core[m.start:m.end]) for m in words.mentions):
        return []
    return together if re.search(singular, words.core) else []
