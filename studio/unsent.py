"""Photos a turn says exist that never came: of someone ("add Ken's photograph", "put also Luna, my tía's dog,
from the photo I sent you before"), or sent by someone else ("the one Sandra sent me", "the photograph he sent
earlier": the studio has only what this person attached). With nothing attached now and no photo sent that is it,
the turn is a question; the photo sent in answer takes the place of the words that named it
(studio/understanding.py). Finders that `find_mentions` (studio/references.py) runs."""

from __future__ import annotations

import re

from studio.absent import NAMING_NOTHING
from studio.content import KIN, ContentMatcher, file_named, upload_file_named_in_sentence
from studio.phrases import PETS
from studio.references import Found, RouterContext, Unresolved

# a photo of someone that would have to come from the person: "add Ken's photograph", "the wooden floor from my
# cousin's photo", "the photo of me and the lads" (not "the photo of him": a photo sent may show him)
SOMEONES_PHOTO = re.compile(r"\b(?:(?!(?:it|that|this|there|here|what|who|he|she|let)'s)([a-z]+)'s|(?:my|our)\s+([a-z]+)'?s)\s+(?:photo|photograph|pic|snap|selfie)s?\b"
                            r"|\bthe\s+(?:photo|photograph|pic|picture|snap)\s+of\s+(me|us)\b(?:\s+and\s+(?:the|my)\s+[a-z]+)?"
                            rf"|\b(?:photo|photograph|pic|picture|snap)\s+of\s+(?:my|our)\s+({'|'.join(KIN)})\b(?!'s)")
# the question asked for someone placed whose photo never came; the photo sent in answer replaces the words that named them
NO_PHOTO_OF = "I don't have a photo of"
# a photo said to be sent that shows someone named only in the sentence: "add my brother ..., from the photo of him I
# sent you"; "put also Luna, my tía's dog, from the photo I sent you before"
# "(that) I just sent", "we uploaded": the tail both claims below share
_SENT_BY_US = r"\s+(?:that\s+|which\s+)?(?:i|we)\s+(?:just\s+|already\s+)?(?:sent|send|uploaded|shared|gave)\b"
OF_SOMEONE_SENT = re.compile(r"\b(?:photo|photograph|pic|picture|snap)(?:\s+of\s+(?:him|her|them))?" + _SENT_BY_US +
                             r"(?:\s+(?:to\s+)?(?:you|u|ya))?(?:\s+(?:before|earlier|already|yesterday))?")
PLACED_SOMEONE = re.compile(rf"\b(?:put|add|stick|place|pop|include|bring)\s+(?:also\s+|in\s+)?(?:(?:my|our)\s+({'|'.join(KIN)})\b(?!'s)|"
                            r"([a-z]{3,}),\s+(?:my|our|his|her|their)\s+(?:\w+'s\s+)?[a-z]+\s*,|"
                            rf"(?:my|our)\s+{PETS}\s+([a-z]{{3,}})\b|"  # "put my dog Bijou ..."
                            # "put also Sharik, dog of my neighbour, from photo I send you"; "add dog of my sister, Bars, from the photo"
                            rf"([a-z]{{3,}}),\s+(?:the\s+|a\s+)?{PETS}\s+of\s+(?:my|our)\s+[a-z]+\s*,|"
                            rf"(?:the\s+|a\s+)?{PETS}\s+of\s+(?:my|our)\s+[a-z]+\s*,\s+([a-z]{{3,}})\s*,)")


def someones_photo(text: str, ctx: RouterContext, found: Found) -> None:
    """Raise Unresolved for a photo of or from someone that no photo sent is: it has to be attached first."""
    if ctx.attached or not ctx.handles:
        return
    claimed = [(m, m.group(1) or m.group(2) or m.group(3) or m.group(4)) for m in SOMEONES_PHOTO.finditer(text)]
    sent = OF_SOMEONE_SENT.search(text)
    placed = PLACED_SOMEONE.search(text[:sent.start()]) if sent else None
    if placed is None and not sent and (pet := PLACED_SOMEONE.search(text)) and pet.group(3):
        # "can you put my dog Blacky in there too" with no photo of a dog sent at all (with one, that photo is him)
        kind = re.search(PETS, pet.group(0)).group(0)
        matcher = ContentMatcher(ctx)
        placed = None if any(matcher.match(kind, h) for h in ctx.uploads) or file_named(kind, ctx) else pet
    if placed and not claimed:  # the one placed is who the photo shows
        claimed = [(placed, next(g for g in placed.groups() if g))]
    for m, who in claimed:
        if not found.free(m) or m.re is SOMEONES_PHOTO and m.group(2) and m.group(2) not in KIN \
                or who in NAMING_NOTHING and who not in ("me", "us"):
            continue
        if _sent_as(who, ctx) \
                or m.re is PLACED_SOMEONE and any(re.search(rf"\b{re.escape(who)}\b", ctx.captions.get(h, "")) for h in ctx.uploads):
            continue
        if m.re is PLACED_SOMEONE:  # the photo sent in answer takes the place of the words that named them
            span = m.span(1) if m.group(1) else (m.start(2), sent.end()) if m.group(2) \
                else (max(m.string.rfind("my ", 0, m.start(3)), m.string.rfind("our ", 0, m.start(3))), m.end(3)) if m.group(3) \
                else (m.start(m.lastindex), sent.end())  # "my dog bijou"; "Sharik, dog of my neighbour, from photo I send you"
            raise Unresolved(f"{NO_PHOTO_OF} {'your ' + who if who in KIN else who.capitalize()} yet: attach it and I'll use it.", span,
                             photo_of=who)
        whose = "your photo" if who in ("me", "us") else f"your {who}'s photo" if who in KIN else f"{who.capitalize()}'s photo"
        raise Unresolved(f"I don't have {whose} yet: attach it and I'll use it.", m.span())


# a photo someone else sent or took: "the one Sandra sent me", "the photograph he sent earlier", "the picture my ijo Moshe
# sent you last week" (not "the one I sent", "the picture you made")
SENT_BY_ANOTHER = re.compile(r"\b(?:photo|photograph|pic|picture|image|snap|one)\s+(?:that\s+|which\s+)?"
                             r"(?P<who>(?:my|our|his|her)\s+(?:[a-z]+\s+)?[a-z]+|he|she|they|[a-z]{3,})\s+(?:just\s+|already\s+)?"
                             r"(?:sent|send|gave|forwarded|emailed|shared)\b(?:\s+(?:to\s+)?(?:me|us|you|u|ya|over))?")
NOT_A_SENDER = {"you", "that", "which", "what", "who", "was", "were", "been", "have", "has", "had", "also", "just", "never",
                "then", "once", "already", "first", "last", "they"}


def sent_by_another(text: str, ctx: RouterContext, found: Found) -> None:
    """A photo said to come from someone else, with nothing attached now: the photo sent with a message that names the
    sender ("my wife sent me this"), else, where no photo sent shows what the sentence talks of, a question."""
    if ctx.attached or not ctx.handles:
        return
    for m in SENT_BY_ANOTHER.finditer(text):
        who = m.group("who").split()[-1]
        if who in NOT_A_SENDER or who in NAMING_NOTHING and who not in ("he", "she") or not found.free(m):
            continue
        # "this came from Sandra", "here's the ref she sent" with the photo: that one
        said = [h for h in ctx.uploads if re.search(rf"\b{re.escape(who)}\b", ctx.captions.get(h, ""))
                and (who not in ("he", "she") or re.search(r"\bsen[dt]\b", ctx.captions.get(h, "")))]
        if said:
            found.add(m, said[-1:])
            continue
        if upload_file_named_in_sentence(text, m.start(), m.end(), ctx) is not None:
            continue  # "the photo of the dog my son sent": a photo sent shows what is talked of
        owner, *rest = m.group("who").split()
        sender = "they" if who in ("he", "she") else who.capitalize() if not rest \
            else " ".join(["your" if owner in ("my", "our") else owner, *rest[:-1], rest[-1] if rest[-1] in KIN else rest[-1].capitalize()])
        raise Unresolved(f"I don't have the photo {sender} sent: only what you attach here reaches me. Attach it and "
                         "I'll use it.", m.span())


# a thing of theirs placed "like in the photo of it I sent you": "put our glasshouse in behind the wall, just like in the
# photo of it I sent you this morning" with no photo sent that shows a glasshouse
THING_PLACED = re.compile(r"\b(?:put|add|stick|place|pop|include|bring)\s+(?:in\s+|also\s+)?(?:our|my)\s+([a-z]{3,})\b")
OF_IT_SENT = re.compile(r"\b(?:photo|photograph|pic|picture|snap)\s+of\s+(?:it|them)" + _SENT_BY_US)


def thing_photo_unsent(text: str, ctx: RouterContext, found: Found) -> None:
    """Raise Unresolved for a thing placed as a photo sent shows it, when no photo sent shows that thing."""
    sent = OF_IT_SENT.search(text) if not ctx.attached and ctx.handles else None
    placed = THING_PLACED.search(text[:sent.start()]) if sent else None
    if placed is None or not found.free(placed) or re.fullmatch(PETS, placed.group(1)) or placed.group(1) in KIN:
        return
    thing, matcher = placed.group(1), ContentMatcher(ctx)
    if any(matcher.match(thing, h) for h in ctx.uploads) or file_named(thing, ctx):
        return
    raise Unresolved(f"{NO_PHOTO_OF} your {thing} yet: attach it and I'll use it.", placed.span(1), photo_of=thing)


# someone or something placed "from the photo" that ends the sentence: "put my walrus also, from the photo", "put Kolya on
# the cover too, from his photo" (a photo described further, "from the photo I sent", "of the beach", is read above)
FROM_A_PHOTO = re.compile(r"\b(?:put|add|stick|place|pop|include|bring)\s+(?:in\s+|also\s+)?(?:(?P<own>my|our)\s+)?(?P<who>[a-z]{3,})\b"
                          r"[^.!?]{0,40}?\bfrom\s+(?:the|his|her|their|its|my|our)\s+(?:photo|photograph|pic|picture|snap)\s*(?:[.!?]|$)")


def placed_from_unsent_photo(text: str, ctx: RouterContext, found: Found) -> None:
    """Raise Unresolved for someone or something placed "from the photo" when no photo sent shows them."""
    placed = FROM_A_PHOTO.search(text) if not ctx.attached and ctx.handles else None
    if placed is None or not found.free(placed) or placed.group("who") in NAMING_NOTHING:
        return
    who, own, matcher = placed.group("who"), placed.group("own"), ContentMatcher(ctx)
    if who in KIN:  # "put my aunt Rosa in it too, from her photo": Rosa
        name = re.match(r"\s+([a-z]{3,})\b", text[placed.end("who"):])
        if name is None or name.group(1) in NAMING_NOTHING:
            return
        who, own = name.group(1), None
    # a name ("Kolya") is shown only where a photo was sent as them; a thing ("my walrus") wherever a photo shows one
    if _sent_as(who, ctx) or own and any(matcher.match(who, h) for h in ctx.uploads) or file_named(who, ctx):
        return
    named = f"your {who}" if own else who.capitalize()
    span = placed.span("who") if who == placed.group("who") else (placed.start("who"), placed.end("who") + len(name.group(0)))
    raise Unresolved(f"{NO_PHOTO_OF} {named} yet: attach it and I'll use it.", span, photo_of=who)


def _sent_as(who: str, ctx: RouterContext) -> bool:
    """Whether a photo was sent as showing `who`: said with it ("this is me and Dave", "meet Ken", "photo of Kolya";
    not "Ken's dog", "than me round here", "... for Kolya"), or the name was given to it."""
    if who in ("me", "us"):
        said = r"\b(?:this\s+is|it'?s|here'?s|that'?s)\s+(?:me|us)\b|\bselfie\b|\b(?:me|us)\s+(?:and|with|at|in|on)\b"
    else:
        said = rf"\b(?:this\s+is|here'?s|here\s+is|meet|(?:photo|pic|picture)\s+of)\s+(?:\w+\s+){{0,2}}?{re.escape(who)}\b(?!'s)"
    return any(re.search(said, ctx.captions.get(h, "")) or who in ctx.called.get(h, []) for h in ctx.uploads)
