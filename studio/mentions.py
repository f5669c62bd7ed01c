"""Image mentions found by what the person sent or labelled, by what an image shows, and by a name
given to a photo: three of the finders studio/references.py `find_mentions` runs (its docstring has
the table of all five)."""

from __future__ import annotations

import re

from studio.content import KIN, ContentMatcher, Descriptor, add_by_content, add_upload_by_content, at_place, file_named, placed_among, same_word, thing_elsewhere, upload_file_named_in_sentence, without
from studio.image_words import photo_caption, shown
from studio.unshown import asks_when_none
from studio.references import (
    CONTENT_IMAGE_NOUN, IMAGE_NOUN, KIND_NOUNS, NOT_A_THING, NOT_CONTENT, NUMBER_WORDS, ORDINALS, SENT, Found,
    RouterContext, Unresolved, _list, _lineage_root, _made_from, number_value, _relative, latest_first,
)


# what "my ..." names without meaning a photo sent: "for my son", "my boss wants", "on my handy"
NOT_SENT_AS_PHOTOS = {"son", "daughter", "mum", "mom", "mother", "dad", "father", "wife", "husband", "partner", "friend", "friends", "boss",
          "kids", "children", "family", "sister", "brother", "grandson", "granddaughter", "grandma", "grandpa", "nan", "nana",
          "granny", "team", "client", "clients", "students", "class", "uncle", "aunt", "auntie", "cousin", "neighbour",
          "neighbor", "girlfriend", "boyfriend", "own", "favourite", "favorite", "god", "goodness", "gosh", "head", "eyes",
          "phone", "handy", "screen", "computer", "mind", "opinion", "life", "birthday", "shop", "store", "website", "business"}


def _labelled(label: str, ctx: RouterContext) -> int | None:
    """The latest image whose words open, or open a sentence, with `label` ("option b: a rooftop
    pool ...", "... for my niece. page one: a bunny")."""
    opens = re.compile(rf"(?:^|[.!?:]\s+){label}\b")
    return next((h for h in latest_first(ctx) if opens.search(ctx.captions.get(h, "")[:200])), None)


def _panel(n: int, ctx: RouterContext) -> int | None:
    words = [w for w, v in NUMBER_WORDS.items() if v == n]
    return _labelled(rf"(?:panel|page|scene|slide)\s*(?:{n}|{'|'.join(words) or n})", ctx)


# the pictures a restyle made: "the first painting one", "the second of the painted versions"
PAINTED = {"painted", "painting", "styled", "restyled", "stylised", "stylized"}
PICKED_BY_SOMEONE = re.compile(
    r"\b(?:the\s+)?(?:[a-z]+\s+)?(?:one|version|een|un|pic|picture|image|design|option|card|poster)\s+(?:that\s+|which\s+)?"
    r"(?:(?:my|our|the|her|his|your)\s+(?:[a-z]+\s+)?[a-z]+|she|he|they|we|i)\s+(?:has\s+|had\s+|did\s+|have\s+|just\s+)?"
    r"(?:picked|pick|selected|select|chose|chosen|choose|went\s+(?:for|with)|preferred|settled\s+on)\b")


def sent_or_labelled(text: str, ctx: RouterContext, found: Found) -> None:
    """Photos named as the person sent or labelled them: "my last upload", "the photo I sent first",
    "the attached painting", "panel 2", "option B", "before vs after"."""
    # "the one my wife selected", "the sunset one she choose", "the een the wife picked": the latest pick
    for m in PICKED_BY_SOMEONE.finditer(text):
        if ctx.picked:
            found.add(m, [ctx.picked[-1]])
    # "the last thing you generated": the latest image a tool made along the head path
    for m in re.finditer(r"\bthe\s+(?:last|latest|most recent)\s+(?:thing|one|image|picture|pic)\s+(?:(?:that\s+)?(?:you|u)\s+)?"
                         r"(?:generated|made|created|drew|did|produced|painted)\b|\bthe\s+(?:thing|one|image|picture|pic)\s+(?:that\s+)?"
                         r"(?:you|u)\s+(?:generated|made|created|drew|did|produced|painted)\s+(?:most\s+recently|last)\b", text):
        made = [h for h in reversed(ctx.path_handles) if h in ctx.parents] or [h for h in reversed(ctx.handles) if h in ctx.parents]
        if made:
            found.add(m, [made[0]])
    # "my original photo", "my very first upload": the first image the person sent
    # ("the man in my first picture", the session's first a picture made: that one)
    for m in re.finditer(r"\bmy\s+(?:very\s+)?(original|first)\s+(?:[a-z]+\s+)?(photo|picture|pic|image|upload|shot|scan|file)\b", text):
        if m.group(1) == "first" and m.group(2) in ("picture", "pic", "image") and ctx.handles and ctx.handles[0] in ctx.parents:
            found.add(m, [ctx.handles[0]])
        elif ctx.uploads:
            found.add(m, [ctx.uploads[0]])
    # two or more attachments named by place: "the left one", "the former", "the top photo"
    if len(ctx.attached) >= 2:
        for m in re.finditer(r"\bthe\s+(?:(former|latter)|(left|right|top|bottom|upper|lower)(?:\s+(?:one|photo|picture|pic|image))?|"
                             r"(?:one|photo|picture|pic|image)\s+on\s+the\s+(left|right))\b", text):
            word = m.group(1) or m.group(2) or m.group(3)
            found.add(m, [ctx.attached[0] if word in ("former", "left", "top", "upper") else ctx.attached[-1]])
    # a comic's "panel 2", "panels 1 and 2": the latest image whose words began "panel N"
    for m in re.finditer(rf"\b(?:panels?|pages?)\s+(\d{{1,3}}|{'|'.join(NUMBER_WORDS)})(?:\s*(?:and|&|,|or|vs)\s*(\d{{1,3}}))?\b", text):
        hit = [_panel(number_value(n), ctx) for n in (m.group(1), m.group(2)) if n]
        if hit and all(h is not None for h in hit):
            found.add(m, hit)
    # A/B variants: "option B", and a bare "A" or "B" once an image was made as "option A: ..."
    for m in re.finditer(r"\b(?:option|variant|version)\s+([a-d])\b|(?<![\w'])([a-d])(?=\s*(?:or\b|vs\b|and\b|,|\?|!|\.|$|"
                         r"\s+the\b|\s+but\b|\s+with\b|\s+again\b))", text):
        letter = m.group(1) or m.group(2)
        hit = _labelled(f"(?:option|variant|version) {letter}", ctx)
        if hit is not None:
            found.add(m, [hit])
    # "variant (b)", "(b) and (d)": versions made from a list labelled so ("(a) marble, (b) boxwood, ...")
    for m in re.finditer(r"(?:\b(?:option|variant|version)s?\s+)?\(([a-h]|[1-8])\)", text):
        label = re.compile(rf"\({m.group(1)}\)\s")
        hit = next((h for h in latest_first(ctx) if label.search(ctx.captions.get(h, ""))), None)
        if hit is not None:
            found.add(m, [hit])
    # "before vs after": where the current image started, and the current image
    # ("before-and-after comparison on that last step": that step's source, and what it made)
    for m in re.finditer(r"\bbefore[\s-]+(?:vs\.?|versus|and|&|or)[\s-]+after\b(?P<step>[^.!?:]{0,25}?\b(?:on|of|for|from)\s+(?:that|the|this|your)\s+"
                         r"(?:last|latest|previous|most\s+recent)\s+(?:step|change|edit|pass|tweak)\b)?", text):
        if ctx.current is not None:
            step = m.group("step") and ctx.parents.get(ctx.current)
            found.add(m, [step[0] if step else _lineage_root(ctx.current, ctx), ctx.current])
    # "in the style of my flash sheet", "in my linework style": the person's own upload
    for m in re.finditer(r"\b(?:style\s+of\s+my\s+(?:[a-z]+\s+)?(?:sheet|work|art|artwork|drawings?|sketch(?:es)?|linework|flash|"
                         r"portfolio|painting|illustrations?)|in\s+my\s+(?:own\s+)?(?:[a-z]+\s+)?style)\b", text):
        own = [h for h in reversed(ctx.recent_uploads or ctx.uploads)]
        if ctx.attached:
            own = list(reversed(ctx.attached))
        if own:
            found.add(m, [own[0]])
    # "back in the living room, ...", "in the kitchen, put ...": the image the words describe
    # ("back to the card: put this hat on Pip")
    for m in re.finditer(r"(?:^|(?<=[.!?]\s))(?:(?:ok|so|now|and)\s+)?(?:back\s+(?:(?:in|to|at|on)\s+the\s+((?:[a-z]+\s+){0,2}[a-z]+)\s*[,:]|"
                         r"(?=(?:in|to|at|on)\s+the\s+[a-z]+\s*,))|(?:in|to|at|on)\s+the\s+((?:[a-z]+\s+){0,2}[a-z]+)\s*,)", text):
        if not re.search(r"\b(?:mask|masked|marked|selected|area|spot|region|part|bit|zone|corner|middle|centre|center|"
                         r"background|foreground|left|right|top|bottom)\b", m.group(1) or m.group(2) or "x"):
            add_by_content(m, (m.group(1) or m.group(2)).split(), ctx, found.add)
    # "the enclosed painting", "the attached photo": this turn's attachment
    for m in re.finditer(r"\b(?:the|this|my)\s+(?:enclosed|attached|included)\s+(?:[a-z]+\s+)?(?:photo|photograph|picture|image|pic|painting|"
                         r"drawing|file|one|sketch|hat|jacket|shoes|sample|swatch|texture|fabric)\b", text):
        if ctx.attached:
            found.add(m, [ctx.attached[-1]])
    # "the photo of Kuttan I sent", "the pic i sent of bonnie": the upload that shows who is named
    for m in re.finditer(rf"\b(?:the|my|that)\s+{IMAGE_NOUN}\s+(?:of\s+([a-z]{{3,}})\s+{SENT}|{SENT}\s+(?:you\s+)?of\s+([a-z]{{3,}}))", text):
        if (m.group(1) or m.group(2)) not in ("him", "her", "them", "the", "my", "our", "his"):
            add_upload_by_content(m, m.group(1) or m.group(2), ctx, found.add)
    # "my photo of the oak", "the jacket on the photo I sent you before": the upload that shows it
    for m in re.finditer(rf"\b(?:my|our)\s+(?:photo|pic|picture|snap|shot)\s+of\s+(?:the\s+|my\s+|our\s+)?([a-z]{{3,}})\b|"
                         rf"\bthe\s+([a-z]{{3,}})\s+(?:on|in)\s+the\s+{IMAGE_NOUN}\s+{SENT}\b", text):
        if (m.group(1) or m.group(2)) not in ("him", "her", "them", "the", "my", "our", "his") and found.free(m):
            add_upload_by_content(m, m.group(1) or m.group(2), ctx, found.add)
    # "the first go at it was better", "First print was better": the first of the tries at the picture in hand's
    # request ("try again" makes the same call again), once there were two or more
    for m in re.finditer(r"(?:\bthe\s+|^|(?<=[.!?]\s))(?:very\s+)?(first|earlier|previous)\s+(?:go|try|attempt|print|run|pass)\b(?:\s+at\s+it)?", text):
        tries = _tries_at_current(ctx)
        if len(tries) >= 2 and found.free(m):
            found.add(m, [tries[0] if m.group(1) == "first" else tries[tries.index(ctx.current) - 1] if ctx.current in tries[1:] else tries[-2]])
    # "the second one I sent", "the photo I just uploaded", "my last upload"
    for m in re.finditer(rf"\b(?:the\s+|my\s+)?(?:(\w+)\s+)?{IMAGE_NOUN}\s+(?:of\s+(?:him|her|them|it)\s+)?{SENT}\b(?:\s+(first|second|third|last))?", text):
        word = m.group(1) or m.group(2) or ""  # "the second one I sent", "the photo i uploaded first"
        word = "first" if not word and re.search(r"\b(?:first|originally|initially)\s+\w+$", m.group(0)) else word
        uploads = ctx.uploads
        if not uploads:
            raise Unresolved("You haven't uploaded any image in this session yet. Attach one and say what to do.")
        if word in ORDINALS:
            idx = ORDINALS[word]
            if idx > len(uploads):
                raise Unresolved(f"You've uploaded {len(uploads)} image(s) so far ({_list(uploads)}); "
                                 f"which one did you mean?", m.span())
            found.add(m, [uploads[idx - 1]])
        elif word in ("last", "latest", "most", "newest"):
            found.add(m, [ctx.attached[-1] if ctx.attached else (ctx.recent_uploads or uploads)[-1]])
        elif word in ("both", "two"):
            found.add(m, uploads[-2:])
        elif word in ("his", "her", "their") and len(named := _named_in(text, ctx)) == 1:
            found.add(m, named)  # "what breed is Bantay? Look at his pic I sent": the photo of the one named
        elif add_upload_by_content(m, word, ctx, found.add):  # "the jacket photo I sent you earlier"
            pass
        elif (held := re.search(r"\b([a-z]{3,})\s+(?:from|in|on|off)\s+$", text[:m.start()])) \
                and add_upload_by_content(m, held.group(1), ctx, found.add):  # "same wooden floor from the photo I sent"
            pass
        else:  # "the photo I just uploaded": this turn's attachment, else the one sent that shows what the sentence
            # names ("what kind of dog is that in the photo i sent you"), else the last one sent
            found.add(m, [ctx.attached[-1]] if ctx.attached else
                      [upload_file_named_in_sentence(text, m.start(), m.end(), ctx) or (ctx.recent_uploads or uploads)[-1]])
    # "the hat I uploaded", "the shoes you got from me": an upload named by what it shows
    for m in re.finditer(rf"\b(?:the|my|that|this)\s+(?:same\s+)?([a-z]+)\s+{SENT}\b", text):  # "that same oak I shared"
        if m.group(1) not in NOT_CONTENT and not re.fullmatch(IMAGE_NOUN, m.group(1)):
            add_upload_by_content(m, m.group(1), ctx, found.add)
    shown_words = shown(ctx) if not ctx.attached else {}
    if not ctx.attached:  # "my timber from earlier", "the same colour as my wood": a thing the person sent a photo of
        for m in re.finditer(r"\bmy\s+([a-z]{3,})\b(?:\s+(?:from\s+)?(?:earlier|before))?", text):
            word = m.group(1)
            if word in NOT_A_THING or word in NOT_SENT_AS_PHOTOS or word in KIN or re.fullmatch(IMAGE_NOUN, word) or not found.free(m) \
                    or re.search(r"\blook(?:s|ed)?\s+like\s+$", text[:m.start()]):
                continue  # "make the background look like my salon" describes; it lends no photo
            said = [h for h in ctx.uploads if any(same_word(word, w) for w in shown_words.get(h, []))
                    or same_word(word, re.sub(r"\.\w+$", "", ctx.names.get(h, "")))]
            if said:  # the very word, not a near one ("my handy" is no hand)
                add_upload_by_content(m, word, ctx, found.add)
    # "in my uncle's painting", "her gran's photo": the photo sent whose file's name says what it is
    for m in re.finditer(r"\b(?:(?:my|our|his|her|their)\s+)?[a-z]+'s\s+(painting|drawing|sketch|artwork)\b", text):
        sent = [h for h in file_named(m.group(1), ctx) if h not in ctx.attached]
        if len(sent) == 1 and found.free(m):
            found.add(m, sent)
    for m in re.finditer(rf"\b(?:my|the)\s+(?:({'|'.join(ORDINALS)}|last|latest|previous|new|newest)\s+)?(?:upload|attachment)s?\b", text):
        word = m.group(1) or "last"
        if not ctx.uploads:
            raise Unresolved("You haven't uploaded any image in this session yet. Attach one and say what to do.")
        if word in ORDINALS:
            if ORDINALS[word] > len(ctx.uploads):
                raise Unresolved(f"You've uploaded {len(ctx.uploads)} image(s) ({_list(ctx.uploads)}); which one?", m.span())
            found.add(m, [ctx.uploads[ORDINALS[word] - 1]])
        else:
            found.add(m, [ctx.uploads[-1]])


def _named_in(text: str, ctx: RouterContext) -> list[int]:
    """The photos sent whose given names the text says."""
    return [h for h, names in ctx.called.items() if h in ctx.uploads and any(re.search(rf"\b{re.escape(n)}\b", text) for n in names)]


INTO_PICTURE = re.compile(r"\b(?:put|place|add|stick|pop|drop|get|bring|paste)\s+(?:him|her|it|them)\s+(?:in|into|onto|on|inside)\s*$")

# a new picture asked for before the words: "A new picture: a woman at the races wearing this hat"
NEW_PICTURE_OF = re.compile(r"\b(?:new|another|separate|fresh)\s+(?:picture|pic|image|photo|one|poster|post)\b|\b(?:wearing|holding|with)\s+$")


def by_content(text: str, ctx: RouterContext, found: Found) -> None:
    """Images named by what they show: "the one with the boat", "the lighthouse pic", "the version
    without the shoes", "the puppy you made", a thing only another picture shows ("the sleepy cat")."""
    by_batch_difference(text, ctx, found)
    # "the very first banner": what the pictures are for names them too, and "very first" is the session's first
    for m in re.finditer(r"\bthe\s+very\s+(first|earliest)\s+(?:banner|poster|card|flyer|cover|design|sign|label|menu|draft|logo)s?\b", text):
        found.add(m, _relative("first", ctx, found.existing, very=True, match=m))
    # "the one where the sky is pink", "the cabin with the pink sky"
    for m in re.finditer(r"\bthe\s+(?:one|version|image|picture|pic|photo)\s+where\s+(.+?)(?=\s+(?:with|and|vs|or|than)\b|[,.;?!]|$)", text):
        words = [w for w in re.findall(r"[a-z]+", m.group(1)) if w not in ("the", "is", "are", "was", "were", "it", "its", "got", "has")]
        add_by_content(m, words, ctx, found.add, earliest=True)
    for m in re.finditer(r"\bthe\s+((?:[a-z]{3,}\s+){0,2}?[a-z]{3,})\s+with\s+(?:the|a|an)\s+((?:(?!(?:or|and|vs)\b)[a-z]+\s+){0,2}"
                         r"(?!(?:or|and|vs)\b)[a-z]+)", text):
        named = m.group(1).split()  # "the cabin with the pink sky", "the peony bouquet with the sage ribbon"
        if not set(named) & (NOT_CONTENT | {"one", "image", "picture", "photo", "pic", "version"}):
            said = re.split(r"\s+(?:or|and|vs|versus|than|but|to|in|into|from|on)\b", m.group(2))[0].split()  # not "... or the dinosaur"
            runs = sorted([said[:n] for n in range(len(said), 0, -1)] + [said[k:] for k in range(1, len(said))], key=len, reverse=True)
            for run in runs:  # "with the sage ribbon redone", "with the additional mitochondria": the longest run that fits
                if found.free(m):
                    add_by_content(m, named + run, ctx, found.add, whole_only=True, after=text[m.end():])
    # content words: "the one with the boat", "the lighthouse pic", "the puppy you made", "the painting"
    for m in re.finditer(r"\b(?:the\s+)?other\s+branch\b", text):
        # the current image and everything it was made from
        lineage = {ctx.current} | _made_from(ctx.current, ctx) if ctx.current is not None else set()
        elsewhere = [h for h in ctx.handles if h not in lineage and h in ctx.parents]
        if not elsewhere:
            raise Unresolved("There's no other branch in this session yet; every image is on the current one.")
        found.add(m, [elsewhere[-1]])  # the latest image made outside the current image's lineage
    for m in re.finditer(r"\bthe\s+(?:one|image|picture|photograph|photo|pic|snap|version|illustration)\s+(?:with|w|of|showing|bearing|featuring)\s+(?:just\s+|only\s+)?(?:the\s+|a\s+|an\s+|my\s+|di\s+)?"
                         r"([a-z]+\s+(?:on|at|in)\s+(?:the|di|da)\s+(?:left|right|top|bottom|front|back)(?:\s+(?:side|corner|edge))?\b|"  # "the shoes on the right side"
                         r"(?:(?!(?:or|vs|versus|than)\b)[a-z]+\s+){0,2}(?!(?:or|vs|versus|than)\b)[a-z]+"  # not "... or the painted one"
                         r"(?:\s+(?:on|across|under)\s+the\s+(?!(?:left|right|top|bottom)\b)[a-z]{3,})?)", text):  # "the sail laid out on the floor"
        said = m.group(0).split()
        sent_of = _named_in(said[-1], ctx) if said[1] in ("photo", "photograph", "pic", "snap") and said[2] == "of" else []
        if sent_of and found.free(m):
            found.add(m, sent_of[-1:])  # "the photograph of Habeas": the photo sent as Habeas, not a picture he went into
        elif found.free(m):
            explicit = said[1] in ("one", "version") and said[2] in ("with", "w", "bearing", "featuring") \
                and not re.search(r"\b(?:one|picture|pic|version|image)\s*,\s*$", text[:m.start()])  # "the last latte one, the one w the good leaf"
            # "the picture of the bedroom", "the photo with the red shawl" name a picture as surely as "the one with": none
            # showing it is a question
            pictured = re.match(r"the\s+(?:image|picture|photograph|photo|pic|snap)\s+(?:of|showing)\b", m.group(0)) is not None or (
                re.match(r"the\s+(?:image|picture|photo|pic)\s+with\b", m.group(0)) is not None  # not "the marked area of the
                and re.search(r"\b(?:take|use|edit|pick|choose|open|in|on|onto|into|from|to)\s+$", text[:m.start()]) is not None)  # image with leaves"
            add_by_content(m, m.group(0).split()[2:], ctx, found.add, ask_on_ties=explicit, ask_if_none=explicit or pictured,
                           head_said=re.match(r"the\s+(?:image|picture|photograph|photo|pic|snap)\s+of\b", m.group(0)) is not None)
    # "the version without the shoes", "the one w/o the hat": back along the current image's edits
    for m in re.finditer(r"\bthe\s+(?:([a-z]{3,})\s+)?(?:one|image|picture|photo|pic|version)\s+(?:without|w/o|minus)\s+"
                         r"(?:the\s+|a\s+|an\s+|any\s+|his\s+|her\s+)?([a-z]+)", text):  # "the shoes picture without the sticker"
        named = (m.group(1),) if m.group(1) and m.group(1) not in NOT_CONTENT else ()
        hit = without([m.group(2)], ctx, named)
        if hit is not None:
            found.add(m, [hit])
    # "the second of the painted versions": the place among the pictures made here that show it
    for m in re.finditer(r"\bthe\s+(first|second|third|fourth|middle|last)\s+of\s+the\s+([a-z]{3,})\s+(?:versions|ones|options|pictures|images|takes)\b", text):
        if m.group(2) in PAINTED:  # the pictures a restyle made
            placed = at_place(m.group(1), sorted(h for h, call in ctx.made_by.items() if call.tool == "style"))
        else:
            placed = placed_among(m.group(1), [m.group(2)], ctx) if m.group(2) not in NOT_CONTENT else None
        if placed is not None and found.free(m):
            found.add(m, [placed])
    for m in re.finditer(rf"\b(?:(?:the|da|my|our|that|this)\s+|(?=very\s+(?:first|earliest)\s)|(?:^|(?<=[.!?,;:]\s))(?=(?:first|second|third|last|1st|2nd|3rd)"
                         rf"\s+[a-z]+\s+(?:one|photo|pic|picture)\b))((?:[a-z]+\s+){{0,2}}?|(?:very\s+)?(?:first|earliest|original)\s+(?:[a-z]+\s+){{1,2}})"
                         rf"({CONTENT_IMAGE_NOUN})\b", text):  # "the first tea house picture"
        words = [w for w in m.group(1).split() if w != "very"]
        if re.match(r"\s+(?:thing|ting|stuff|effect|filter|treatment|business)\b", text[m.end():]) \
                and not re.search(r"\b(?:before|b4|after|since|without)\s+$", text[:m.start()]):
            continue  # "did it get smaller with the painting thing?": a step, not a picture
        if m.group(2) == "one" and set(words) & SAID_OF_ONE:
            continue  # "the Judge wore one like it": a sentence about something, not a picture
        if m.group(0).startswith(("that", "this")) and (ctx.attached or not words and m.group(2) not in KIND_NOUNS):
            continue  # "this photo" with an attachment is the attachment; "that one" is no content ("that painting" is)
        try:
            placed = placed_among(words[0], words[1:], ctx) if len(words) >= 2 and (words[0] in ORDINALS or words[0] in ("middle", "last")) \
                and words[0] != "first" and not set(words[1:]) & NOT_CONTENT else None  # "the first X one": the earliest, below
        except Unresolved as question:
            question.span = m.span()  # the answer takes the place of "the fourth lake picture"
            raise
        if words and (words[0] in ORDINALS or words[0] in ("middle", "last")) and (len(words) == 2 and words[1] in PAINTED or len(words) == 1
                                                                                  and m.group(2) == "painting" and re.match(r"\s+one\b", text[m.end():])):
            placed = at_place(words[0], sorted(h for h, call in ctx.made_by.items() if call.tool == "style"))  # "the first painting one"
        if placed is not None:
            found.add(m, [placed])  # "the middle cat one" of three cat options
        elif len(words) >= 2 and words[0] in ("first", "earliest", "original") and not set(words[1:]) & NOT_CONTENT:
            # "the first parrot one", "the original product shot": the earliest that shows it
            # ("no. first jacket one better" after two tries with the jacket: the first try, not the jacket's photo)
            add_by_content(m, words[1:], ctx, found.add, earliest=True, uploads_first=words[0] == "original",
                           outputs_only=m.group(2) == "one" and not m.group(0).startswith(("the", "da", "my", "our", "that", "this", "very")))
        elif words and not set(words) & NOT_CONTENT:
            more = re.match(r"\s*,?\s+(?:with|w/?)\s+(?:the\s+|a\s+|an\s+|his\s+|her\s+)?((?:[a-z]+\s+){0,2}?[a-z]+)"
                            r"(?=\s*[,.;!?]|\s*$|\s+(?:is|was|looks?|and|or)\b)", text[m.end():]) if m.group(2) in ("one", "version") else None
            words += more.group(1).split() if more else []  # "the pink one with the striped lighthouse": both
            # "the dog photo": a photo is most likely one the person uploaded
            # "the beach one": several beach pictures get a question; "the real one" matching nothing is no reference
            # "put him in the braai picture" with his photo current: the picture he goes into is another one
            into = ctx.current in ctx.uploads and INTO_PICTURE.search(text[:m.start()])
            # "from my blue scarf photo": a photo of their own is one they sent, not a picture made here that shows one
            own_photo = m.group(0).startswith(("my", "our")) and m.group(2) in ("photo", "pic") and not ctx.attached
            add_by_content(m, words, ctx, found.add, uploads_first=not into and m.group(2) in ("photo", "pic", "picture", "shot", "selfie", "sample"),
                           uploads_only=own_photo,
                           as_now=m.group(2) in ("photo", "pic", "picture", "shot", "image"),
                           ask_on_ties=m.group(2) in ("one", "version") and found.free(m), avoid=ctx.current if into else None,
                           ask_if_none=(m.group(0).startswith("the") or own_photo) and found.free(m) and asks_when_none(m, words, text, ctx))
        elif not words and m.group(2) in KIND_NOUNS:  # "the painting" (not "the photo": too generic)
            # "the paintin one": a picture made to look like one, not the painting brought
            add_by_content(m, [m.group(2)], ctx, found.add, outputs_only=bool(re.match(r"\s+(?:one|version)\b", text[m.end():])))
    for m in re.finditer(r"\b([a-z]{3,})'s\s+([a-z]{3,})\b", text):
        owned = [h for h in reversed(ctx.uploads) if h not in ctx.attached
                 and re.search(rf"\b{m.group(1)}'s\s+(?:[a-z]+\s+)?{m.group(2)}", ctx.captions.get(h, ""))]
        if owned and found.free(m):
            found.add(m, owned[:1])  # "grandad's jacket": the photo sent as "this was my grandad's jacket"
    if not ctx.attached:  # with attachments, "this hat" means the attachment
        for m in re.finditer(r"\b(?:those|these|that|this)\s+([a-z]+)\b", text):
            noun = m.group(1)
            if noun in NOT_CONTENT or noun in NOT_A_THING:
                continue  # "that is much better", "this looks off": no object named
            shows = re.compile(rf"\b{re.escape(noun)}(?:s|es)?\b")
            if ctx.current is not None and ctx.current not in ctx.uploads and (shows.search(ctx.captions.get(ctx.current, ""))
                                                                               or noun in shown(ctx).get(ctx.current, [])):
                if NEW_PICTURE_OF.search(text[:m.start()]):  # "a new picture: a woman wearing this hat": the hat as it is now
                    found.add(m, [ctx.current])
                continue  # a picture made here shows it: "that hat" is the one in the picture (a photo sent is the thing)
            owned = [h for h in reversed(ctx.uploads) if shows.search(f"{photo_caption(h, ctx)} {ctx.names.get(h, '')}")]
            if owned:
                found.add(m, [owned[0]])  # "put those shoes on his paws": the shoes the person uploaded
    for m in re.finditer(r"\bthe\s+((?:[a-z]+\s+){0,2}?[a-z]+)\s+(?:you|u|we)\s+(?:just\s+)?(?:made|generated|drew|created|did|painted)\b", text):
        add_by_content(m, m.group(1).split(), ctx, found.add, outputs_only=True)
    lent_only = ctx.current in ctx.uploads and all(set(m.handles) <= set(ctx.uploads) for m in found.mentions)
    if not ctx.attached and (not found.mentions or lent_only) and \
            not re.search(r"\b(?:this|these)\s+(?:one|ones|picture|image|pic|photo|version)\b", text):
        # "the sleepy cat", "the car": a thing only another picture shows (not "the teddy ... on this one too",
        # not "the corgi in image 6": a thing inside an image named otherwise; but "the vase ... that wood"
        # right after the wood was sent: the photo only lends)
        words = shown(ctx)
        for m in re.finditer(r"\b(?:the|that)\s+(?:[a-z]+(?:y|ed|ing)\s+)?([a-z]{3,})\b", text):
            hit = thing_elsewhere(m.group(1), ctx, words) if found.free(m) else None
            if hit is not None:
                found.add(m, [hit])


# verbs that make "the X ... one" a sentence ("the judge wore one like it", "the kids want one")
SAID_OF_ONE = {"wore", "had", "has", "have", "got", "gets", "made", "did", "took", "saw", "gave", "used", "wanted", "wants",
               "want", "needs", "need", "likes", "liked", "bought", "owns", "owned"}
# the photo the person sent, named as such: "my photo of Murka", "that photo of him", "da foto I wen send of Poki"
PHOTO_SENT = re.compile(r"\b(?:photo|foto|photograph|snap)\s+(?:(?:i|we)\s+(?:\w+\s+){0,2}?)?(?:of|i\s+sent|we\s+sent)\b"
                        r"|\b(?:in|from|on)\s+(?:her|his|its|their)\s+(?:own\s+)?(?:photo|foto|pic|picture|snap)\b")  # "Lulu, in her photo, ..."


def by_name(text: str, ctx: RouterContext, found: Found) -> None:
    """A name the person gave a photo they sent ("this is my dog Rocky"): "put Rocky in the boat" names
    that photo; once it went into the current picture, the picture ("is Biscuit smiling here?"). Not when
    the message names the photo, or a picture made from it, otherwise ("the first foto: is Bruno a beagle?")."""
    named = {h for m in found.mentions for h in m.handles}
    # the longest names first: "biscuit v2" (a picture named so) before "biscuit" (the dog's photo)
    photo_named = bool(PHOTO_SENT.search(text))  # "from that photo of him": the photo, not the picture he went into
    for handle, called in sorted(ctx.called.items(), key=lambda hc: -max(map(len, hc[1]))):
        if handle in ctx.attached or any(h == handle or handle in _made_from(h, ctx) for h in named):
            continue
        meant = ctx.current if ctx.current is not None and handle in ctx.uploads and handle in _made_from(ctx.current, ctx) \
            and not photo_named else handle
        names = '|'.join(map(re.escape, called))
        for m in re.finditer(rf"\bthe\s+((?:[a-z]+\s+){{0,2}}?[a-z]+)\s+(?:with|featuring)\s+(?:{names})\b(?:\s+in\s+it)?", text):
            holding = [h for h in ctx.handles if h in ctx.parents and handle in _made_from(h, ctx)]
            if holding and found.free(m):  # "back to the villa with Trowel in it": the picture she went into, showing a villa
                hit = ContentMatcher(ctx).pick(Descriptor.parse(m.group(1)), sorted(holding, reverse=True), ask=False)
                found.add(m, [hit if hit is not None else max(holding)])
        for m in re.finditer(rf"\b(?:{names})(?:'s)?\b(?:\s+(?:with|wearing)\s+(?:the|his|her|its|a|an)\s+([a-z]{{3,}}))?", text):
            wearing = [h for h in ctx.handles if (h == handle or handle in _made_from(h, ctx))
                       and re.search(rf"\b{m.group(1)}", ctx.captions.get(h, ""))] if m.group(1) else []
            found.add(m, [max(wearing) if wearing else meant])  # "the foto of Pipoca with the hat": the one wearing it


PICKED_BY_DIFFERENCE = re.compile(r"(?:^|(?<=[.!?,;:]))\s*(?:(?:definitely|probably|maybe|ok|okay|oh|yes|yeah|go\s+with|take|"
                                  r"pick|choose|keep|let'?s\s+go\s+with|(?:i|we)(?:'ll|\s+will)?\s+(?:take|have|keep|prefer|like|love))\s+)*"
                                  r"(?:the|that|da|de)\s+((?:[a-z-]+\s+)?[a-z-]+)(?:\s+(?:one|un|version|option))?(?=\s*(?:[.!?,;:]|$))")


def by_batch_difference(text: str, ctx: RouterContext, found: Found) -> None:
    """ "The pale pink.", "the cloudy un", "the mustard!": after versions that differ as listed ("one ice-blue, one
    pale pink, one pure white"), the words that set one version apart from the others name it."""
    if len(ctx.batch) < 2:
        return
    said_in = {h: set(re.findall(r"[a-z]{3,}", ctx.captions.get(h, ""))) for h in ctx.batch}
    shared = set.intersection(*said_in.values())
    own = {h: said_in[h] - shared for h in ctx.batch}
    for m in PICKED_BY_DIFFERENCE.finditer(text):  # a clause that is only the pick ("definitely the mustard")
        said = set(re.findall(r"[a-z]{3,}", m.group(1)))
        hits = [h for h in ctx.batch if said & own[h]]
        if len(hits) == 1 and found.free(m):
            found.add(m, hits)


def _tries_at_current(ctx: RouterContext) -> list[int]:
    """The pictures made by the same call as the current one (its tries, and versions made with it), oldest first."""
    call = ctx.made_by.get(ctx.current) if ctx.current is not None else None
    if call is None:
        return []
    return [h for h, made in sorted(ctx.made_by.items()) if made.tool == call.tool and made.args == call.args]
