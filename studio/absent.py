"""Things a turn says the studio already has, that no picture shows: the first finder `find_mentions`
(studio/references.py) runs. "the cap from earlier", "the white kufi hat from the photo I send you before",
"stick his dog in from the pic i sent", "the photo of my mum's cat that I sent you earlier", "our logo":
when nothing comes with the turn and no image's words show the thing, the turn is a question ("I can't
find the cap ..."), not an edit that paints a cap of its own. The answer that sends the photo runs the
request (studio/understanding.py); the question points at the words, so the photo takes their place."""

from __future__ import annotations

import re

from studio.content import KIN, SCENE_PARTS, ContentMatcher, file_named
from studio.image_words import same_word, shown
from studio.references import (IMAGE_NOUN, KIND_NOUNS, NOT_CONTENT, NUMBER_WORDS, ORDINALS, TAKE_NOUN, Found, RouterContext,
                               Unresolved, _list, _made_from)

# someone says a photo came already: "I sent (you) (before)", "he sent earlier", "from earlier"
# "bhai sent u", "my sister sent", a claim of its own ("Sent you the photo earlier.", "I sent ya his photo earlier")
CLAIMED = re.compile(r"(?:\b(?:i|he|she|they|we|you|bhai|bro|sis|sister|brother|mum|mom|mam|dad|wife|husband|friend|cousin|son|daughter)|"
                     r"(?:^|(?<=[.!?])|(?<=[.!?]\s)))\s*(?:just\s+|already\s+|first\s+)?(?:sent|send|uploaded|upload|attached|shared|"
                     r"gave\s+(?:you|ye|ya|u)|showed\s+(?:you|ye|ya|u)|photographed)\b"
                     r"(?:\s+(?:to\s+)?(?:you|ye|ya|yer|u))?(?:\s+(?:the|his|her|their|a|my)\s+(?:photo|pic|picture|image|one)(?:\s+of\s+(?:him|her|it|them))?)?"
                     r"(?:\s+(?:before|earlier|already|yesterday|last\s+(?:week|month|time|night)|the\s+other\s+day|this\s+morning))?(?![a-z])|\b(?:that|which)\s+(?:was|were)\s+(?:sent|uploaded|attached|shared)\b"
                     r"|\bfrom\s+(?:earlier|before)\b|\bfrom\s+(?:my|the)\s+(?:earlier|previous|last|other)\s+(?:upload|photo|pic|picture|attachment)\b"
                     r"|\bfrom\s+my\s+(?:photo|pic|picture)\b(?!\s+(?:of|with)\b)")  # "the bottle from my photo" with no photo of one
# the clause a claim points back to when its own words name nothing: "put tysons hat on him, the one i sent u earlier"
# ("can u add his sister too, the pic i showed you earlier", "put grandmother in ..., from the photo of her I sent you")
POINTS_BACK = re.compile(r"\s*(?:(?:he|she|it|e)(?:'s|\s+is|\s+was)?\s+the\s+one\s+(?:in|from|on)\s+)?(?:(?:from|in|off)\s+)?(?:(?:the|that|da|this)\s+(?:one|pic|photo|picture|image|snap)(?:\s+of\s+(?:him|her|them))?\s*"
                         r"(?:that\s+|which\s+)?(?:i\s*)?|i\s*|\s*)$")
# a placing verb and what it places, up to where it goes: "put [gaz's dog] on it", "stick [bosco's brother fonzie] in beside him"
PLACED = re.compile(r"\b(?:put|pit|stick|add|place|pop|bring|slap|chuck|plonk|get|include|use)\s+(?:also\s+|in\s+)?(.+?)"
                    r"(?=\s+(?:on|upon|onto|in|into|beside|next|behind|at|over|under|by|near|with|there|here|too|as\s+well)\b|\s*$)")
# their own mark, which words cannot draw: "our logo", "the school logo" (not "put our logo, a tiny cup w a leaf": described)
OWN_MARK = re.compile(r"\b(?:my|our|the\s+(?:company|shop|business|club|team|school|church|firm|brand)(?:'?s)?)\s+(?:own\s+|company\s+|shop\s+|club\s+|team\s+|band\s+|school\s+|church\s+|farm\s+|family\s+)?"
                      r"(logo|watermark|signature|crest|emblem|badge)\b"
                      r"(?=\s*(?:[.!?]|$)|\s+(?:on|in|at|top|bottom|to|onto|up|down|across|over|somewhere|there|here|please|too)\b)"
                      r"|\bthe\s+(logo|watermark|crest|emblem|badge)\s+of\s+(?:my|our|the)\s+(?:store|shop|business|company|brand|firm|club|team|"
                      r"school|church|restaurant|cafe|café|bakery|salon|stall|farm|practice|clinic)\b"  # "the logo of my store"
                      # "put the logo on it, bottom corner": one placed as a mark they have
                      r"|\b(?:put|add|place|stick|pop|include|insert|slap)\s+(?:in\s+)?the\s+(logo|watermark|crest|emblem|badge)\b"
                      r"(?=\s*(?:[.!?,]|$)|\s+(?:on|in|at|top|bottom|to|onto|somewhere|there|here|please|pls|too)\b)")
# a thing of their own put into the picture, which words cannot draw as theirs: "put my hat on Biscuit" (not "put my name on
# it": words to write)
PLACED_OWN = re.compile(r"\b(?:put|stick|place|pop|include|slap|plonk|bung)\s+(?:also\s+)?my\s+(?:own\s+)?([a-z]{3,})\b(?!'s)"
                        r"(?=\s+(?:on|onto|in|into|next|beside|behind|at|over|under|by|near|with)\b)")
# a thing of their own from before, never made here: "in the same colours as my old flyer", "like our previous menu"
THEIR_OLD = re.compile(r"\b(?:my|our)\s+(?:old|previous|former|existing|current|usual)\s+([a-z]{3,})\b(?!'s)"
                       # who does something, not a thing to borrow: "our old people will say it looks sad"
                       r"(?!\s+(?:will|would|may|might|can|could|say|says|said|think|thinks|love|loves|like|likes|are|is|were|was|do|does)\b)")
# a photo of their own put in, by what it shows: "add our real honey bottle photo in corner", "add the kitchen photograph
# to the listing" (not "put the no 2 jar pic in": a number, read elsewhere)
PLACED_PHOTO = re.compile(r"\b(?:add|put|include|insert|place|stick|pop)\s+(?:in\s+|also\s+)?(?:my|our|his|her|their|the)\s+"
                          r"((?:[a-z]+\s+){0,2}?[a-z]{3,})\s+(?:photo|photograph|snap)\b")
PEOPLE = set("people folks members customers clients guests ladies men women friends neighbours neighbors students staff".split())
WRITTEN = set("""name names initials number phone email address website site handle details text words message quote date slogan
    motto hashtag signature birthday age spin touch twist mark stamp""".split())
# the order of the photo claimed: "the photo I uploaded first", "the dog I sent second"
ORDER_AFTER = re.compile(r"\s*(?:first|second|third|last|1st|2nd|3rd|earlier|later|most\s+recently|just\s+now|today)\b")
# the words of a clause that name no thing: pronouns, determiners, verbs of placing, politeness
NAMING_NOTHING = set("""the a an his her my our their your its that this these those them him it he she they we you i me us ye ya yer
    from with into onto in on at of and also too as well please pls put stick use add place pop bring take get give make want
    like would could can will just same little wee bit some one ones other another again then now here there before earlier
    already yesterday near next by to for up down over under back front top bottom side corner left right first last
    what which who where when how why plain original real actual normal regular whole full nice good lovely old new latest
    recent proper raw unedited clean clear""".split())
# what a photo lends that is no thing in it: "take the colour from the jacket photo I uploaded"
PROPERTIES = set("""colour color colours colors shade tone tones hue style look feel vibe pattern texture background backdrop
    lighting light font lettering text words writing size shape angle mood palette finish grain""".split())


def _content(words: str) -> list[str]:
    return [w for w in re.findall(r"[^\W\d_]+", re.sub(r"'s\b", "", words)) if len(w) >= 3 and w not in NAMING_NOTHING
            and w not in NOT_CONTENT and w not in KIN and (w in KIND_NOUNS or not re.fullmatch(IMAGE_NOUN, w))]


def _in_hand(ctx: RouterContext) -> set[int]:
    """The picture in hand and all it was made from."""
    return {ctx.current} | _made_from(ctx.current, ctx)


def _which(thing: str, handles: list[int]) -> str:
    """ "Which dog do you mean: #1, #2 or #3?" """
    return f"Which {thing} do you mean: {', '.join(f'#{h}' for h in handles[:-1])} or #{handles[-1]}?"


def _thing(before: str, names: set[str]) -> tuple[int, str, bool] | None:
    """Where the thing claimed starts in `before` (the clause up to the claim) and its word, from the noun phrase just
    before the claim: "the dog I sent" -> dog, "that painting i sent" -> painting, "the photo of my mum's cat that I
    sent" -> cat, "the white kufi hat from the photo I send" -> hat (a thing from a photo). None where the words
    cannot be checked: a photo of someone ("that photo of him i sent"), named by order ("the first photo I sent"), a
    part of one ("the background of the photo"), or a photo with no thing said."""
    starts = [m.start() for m in re.finditer(r"\b(?:the|his|her|my|our|their|your|that|this|these|those)\s+(?=\S)", before)]
    starts = [s for s in starts if before[s:].strip() not in ("that", "which")]  # "the cat that I sent": a relative
    if not starts:
        return None
    last = before[starts[-1]:]
    if re.search(rf"\b(?:{'|'.join(ORDINALS)}|last|latest|other|one|ones)\b", last):
        return None
    photo = re.search(rf"\b(?!(?:{'|'.join(KIND_NOUNS)})s?\b){IMAGE_NOUN}\b", last)
    if photo is None:  # "the dog", "that painting", "the white kufi hat"; "the photo of [my mum's cat]"
        words = _content(last)
        of_a_photo = bool(re.search(rf"\b{IMAGE_NOUN}\s+of\s+$", before[:starts[-1]]))
        return (starts[-1], words[-1], of_a_photo) if words else None
    words = _content(last[:photo.start()])
    if words:  # "the jacket photo I uploaded": a photo of a jacket
        return starts[-1], words[-1], True
    of = re.match(r"\s+of\s+(.*)$", last[photo.end():])
    if of:  # "the photo of my mum's cat": the cat; "that photo of him", "the pic of Bonnie": someone, not checked here
        words = _content(of.group(1))
        return None if not words or words[-1] in names or re.search(r"\b(?:him|her|them|it)\b", of.group(1)) else (starts[-1], words[-1], True)
    holder = re.search(r"\b(?:from|off)\s+$", before[:starts[-1]])  # "the white kufi hat from the photo I send"
    if holder is None or len(starts) < 2:
        return None
    words = _content(before[starts[-2]:holder.start()])
    return (starts[-2], words[-1], True) if words and words[-1] not in PROPERTIES else None


def _placed(before: str) -> tuple[int, str, bool] | None:
    """The thing the clause before a bare claim places: "Put Gaz's dog on it. [Sent you the photo earlier.]" -> dog."""
    opening = max(before.rfind(mark) for mark in (".", "!", "?", ";", ":"))
    placed = PLACED.search(before, opening + 1)
    if placed is None:
        return None
    words = _content(placed.group(1)) or [w for w in re.findall(r"[a-z]+", placed.group(1)) if w in KIN]  # "add his sister"
    # "put in the picture of the old landing, the one I sent you": a photo of it, so only a photo sent can be it
    return (placed.start(1), words[-1], bool(re.search(rf"\b{IMAGE_NOUN}\s+of\b", placed.group(1)))) if words else None


def _apposed(before: str, photo_said: bool) -> tuple[int, str, bool] | None:
    """The thing a bare claim stands beside: "swap the dog for [Pickles], the one I sent you this morning" -> pickles;
    "Now my [buffalo], from the photo I sent you last week" -> buffalo (a thing of their own, in a photo)."""
    last = re.search(r"\b(?:for|with)\s+([a-z]{3,})\s*$", before)
    own = None if last or not photo_said else re.search(r"(?:^|[.!?]\s*|\b(?:now|and|then|also)\s+)(?:my|our)\s+([a-z]{3,})\s*$", before)
    words = _content((last or own).group(1)) if last or own else []
    return ((last or own).start(1), words[-1], own is not None) if words else None


def _one_of(text: str, claim: re.Match, phrase: str, thing: str, fits: list[int], matcher: ContentMatcher) -> bool:
    """Whether nothing but the thing is said of the photo claimed: no other word that only some of them show
    ("the black dog I sent")."""

    others = [w for w in re.findall(r"[a-z]{3,}", phrase) if w != thing and w not in NAMING_NOTHING and w not in NOT_CONTENT]
    return not any(0 < sum(1 for h in fits if matcher.match(w, h)) < len(fits) for w in others)


def claimed_but_absent(text: str, ctx: RouterContext, found: Found) -> None:
    """Raise Unresolved for a thing said to be here already that no image shows (see the module docstring)."""
    if ctx.attached or not ctx.handles:
        return
    claims = list(CLAIMED.finditer(text))  # the first finder: no words are taken yet
    logos = list(OWN_MARK.finditer(text))
    owned = [m for m in PLACED_OWN.finditer(text) if m.group(1) not in NOT_CONTENT and m.group(1) not in KIN
             and m.group(1) not in WRITTEN and m.group(1) not in PROPERTIES]
    olds = [m for m in THEIR_OLD.finditer(text) if m.group(1) not in NOT_CONTENT | KIN | WRITTEN | PEOPLE]
    photos = [(m, words) for m in PLACED_PHOTO.finditer(text) if (words := _content(m.group(1)))
              and not any(re.fullmatch(r"[a-z]+(?:ed|est)|(?:bright|dark|light|small|big|nice|clean|sharp|warm|cool)er", w) for w in words)
              and len(words) == len(re.findall(r"[a-z]+", re.sub(r"\b(?:real|actual|own|original)\b", "", m.group(1))))]
    if not claims and not logos and not owned and not olds and not photos:
        return  # most turns: nothing more to read
    matcher = ContentMatcher(ctx)
    for m, words in photos:  # every word of it says what the photo shows, and no picture shows any of them
        pool = ctx.uploads if re.match(r"(?:my|our|his|her|their)\b|.*\b(?:real|actual|own)\b", m.group(0).split(maxsplit=1)[1]) else ctx.handles
        if not any(matcher.match(w, h) for w in words for h in pool) and not any(file_named(w, ctx) for w in words):
            raise Unresolved(f"I don't have a photo of the {' '.join(words)} yet: attach it and I'll put it in.", m.span(1),
                             photo_of=words[-1])
    for m in olds:  # a photo sent may show it; a picture made here is not theirs from before
        if not any(matcher.match(m.group(1), h) for h in ctx.uploads) and not file_named(m.group(1), ctx):
            raise Unresolved(f"I don't have your {m.group(0).split(maxsplit=1)[1]} yet: attach a photo of it and I'll use it.", m.span())
    from studio.unsent import PLACED_SOMEONE  # (unsent reads this module's words)
    names = {n for called in ctx.called.values() for n in called}
    for claim in claims:
        # the clause before the claim, back to a sentence or clause break: "and put also the white kufi hat from the photo"
        opening = max(text.rfind(mark, 0, claim.start()) for mark in (".", "!", "?", ";", ",", ":"))
        named = _thing(text[opening + 1:claim.start()], names)
        if named is None and (back := POINTS_BACK.fullmatch(text[opening + 1:claim.start()])):
            if PLACED_SOMEONE.search(text[:claim.start()]):
                continue  # "add dog of my sister, Bars, from the photo I sent you": someone's photo (studio/unsent.py)
            named = _placed(text[:max(opening, 0)]) or _apposed(text[:max(opening, 0)], bool(re.search(IMAGE_NOUN, back.group(0))))
            if named is not None and re.search(IMAGE_NOUN, back.group(0)):  # "his sister too, the pic i showed you": in a photo
                named = (named[0], named[1], True)
        elif named is not None:
            named = (opening + 1 + named[0], named[1], named[2])
        if named is None or named[1] in names:
            continue
        start, thing, in_a_photo = named
        # a thing in a photo said to be sent is in one of the uploads ("the photo of my mum's cat that I sent" is no cat
        # the studio drew); a thing said to be sent may be in what was made with it ("the same raincoat I sent you")
        pool = ctx.uploads if in_a_photo and not claim.group(0).startswith("from") else ctx.handles
        if ORDER_AFTER.match(text[claim.end():]) or pool and not any(matcher.words.get(h) for h in pool):
            continue  # "the photo I uploaded first": named by its order; photos whose content nothing says: no telling
        scores = {h: matcher.match(thing, h) for h in pool}
        fits = [h for h, score in scores.items() if score]
        sent = [h for h in fits if h in ctx.uploads and scores[h] >= 1.0]  # the word itself ("rain" is no raincoat)
        if len(sent) >= 2 and not claim.group(0).startswith("from") and _one_of(text, claim, text[start:claim.start()], thing, sent, matcher):
            # "the dog I sent ye" with two dog photos sent and nothing else said that tells them apart
            raise Unresolved(f"You sent {len(sent)} photos with a {thing}: {', '.join(f'#{h}' for h in sent[:-1])} and #{sent[-1]}. "
                             "Which one do you mean?", (start, claim.end()))
        if fits or file_named(thing, ctx):
            continue
        raise Unresolved(f"I can't find the {thing} among this session's pictures ({_list(ctx.handles)}). "
                         "Attach it, or tell me which picture shows it.", (start, claim.end()))
    # "stick our logo top right" with no logo anywhere: ask for it
    for m in owned:  # "put my hat on Biscuit, the one i wear in all my reels" with no hat sent
        if not any(matcher.match(m.group(1), h) for h in ctx.handles) and not file_named(m.group(1), ctx):
            raise Unresolved(f"I don't have a photo of your {m.group(1)} yet: attach it and I'll put it in.", m.span(),
                             photo_of=m.group(1))
    for m in logos:
        mark = m.group(1) or m.group(2) or m.group(3)
        if not any(matcher.match(mark, h) for h in ctx.handles):
            raise Unresolved(f"I don't have your {mark} yet: attach it and I'll put it in.", m.span())


# "the other one", "the other picture", "the other house": which other is only clear among two
# (one thing, not "the other cards"; no picture: "the other thing my sister said", "the other branch", "the other way")
THE_OTHER = re.compile(r"(?:\b(?:the|da|that)\s+|(?<=\bon\s)|(?<=\bto\s))other\s+(?!(?:way|side|day|night|week|time|end|direction|half|hand|thing|stuff|bit|part|branch|"
                       r"app|apps|website|site|chat|program|programme|tool|bot|account|tab|computer|phone|laptop|guy|lady|person|"
                       r"path|one\s+of|ones|[a-z]+[^s]s)\b)([a-z]{3,})\b")
# a correction says "the other one" of the last step's photos (studio/corrections.py), not of all the session's
CORRECTING_OTHER = re.compile(r"^(?:\W*(?:hmm+|oh|ah|um+|ok|okay)\b)*\W*(?:no|nope|nah|not|wrong|oops|sorry|wait|actually|my\s+bad|i\s+meant?)\b")


def the_other(text: str, ctx: RouterContext, found: Found) -> None:
    """ "the other one" among two versions made together is the one not current; among three or more it asks. "the
    other jacket" is the one photo sent that shows a jacket and is not in the picture in hand, where another photo shows
    one too; otherwise it asks. "Now for the other picture, ..." with no versions in play asks which."""
    for m in THE_OTHER.finditer(text):
        apposed = re.match(r"[^.!?]{0,20}?,\s*(?:the|da|my)\s+([a-z]+)\s+(?:one|picture|photo|pic|version)\b", text[m.end():])
        matcher = ContentMatcher(ctx) if apposed else None
        if not found.free(m) or m.group(1) != "one" and m.group(1) in NUMBER_WORDS \
                or apposed and any(matcher.match(apposed.group(1), h) and (
                    re.fullmatch(rf"{IMAGE_NOUN}|{TAKE_NOUN}", m.group(1)) or matcher.match(m.group(1), h)) for h in ctx.handles):
            continue  # "the other two"; "the other picture, the taxi one": named by what it shows (not "the grey one" none shows)
        if re.search(r"\b(?:no|nothing|not|without|never|none)\b[^.!?,;]*$", text[:m.start()]):
            continue  # "nothing carried over from the other one": no picture to use
        if ctx.batch and ctx.current in ctx.batch and re.fullmatch(rf"{IMAGE_NOUN}|{TAKE_NOUN}", m.group(1)):
            others = [h for h in ctx.batch if h != ctx.current]
            if len(others) == 1:
                found.add(m, others)
                continue
            raise Unresolved(_which("one", others), m.span())
        made = ctx.made_by.get(ctx.current)
        tries = [h for h, call in ctx.made_by.items() if made is not None and h != ctx.current and call.tool == made.tool
                 and call.args == made.args]
        if len(tries) == 1 and re.fullmatch(rf"{IMAGE_NOUN}|{TAKE_NOUN}", m.group(1)):
            found.add(m, tries)  # "Again." then "No, the other one.": the other try at the same request
            continue
        swapped = SWAPPED_FOR.search(text[:m.start()]) if m.group(1) == "one" and ctx.current is not None else None
        if swapped:  # "swap the van for the other one": another van, among the versions the picture in hand came from
            _other_version(swapped.group(1), m, ctx, found)
            continue
        if CORRECTING_OTHER.match(text) or re.fullmatch(r"\W*the\s+other\s+one\W*", text) or ctx.current is None:
            return  # "no, the other one" after an edit of one of two photos: the correction reads it
        if ctx.attached:
            return  # "here's the other jacket" with a photo: it comes with the turn
        in_hand = _in_hand(ctx)
        if re.fullmatch(IMAGE_NOUN, m.group(1)):
            sent = [h for h in ctx.uploads if h not in in_hand]
            if len(sent) == 1 and len(ctx.uploads) == 2:  # "put the hat of the other photo on her": the other photo sent
                found.add(m, sent)
                continue
            raise Unresolved(f"Which picture do you mean by “the other {m.group(1)}”? This session has {_list(ctx.handles)}.", m.span())
        matcher = ContentMatcher(ctx)
        if not ctx.uploads or not all(matcher.words.get(h) for h in ctx.uploads):
            return  # photos whose content nothing says: no telling
        showing = [h for h in ctx.uploads if matcher.match(m.group(1), h)]
        fits = [h for h in showing if h not in in_hand]
        if len(fits) == 1 and len(showing) >= 2:  # one in play, and the other
            found.add(m, fits)
            continue
        if len(fits) >= 2:
            raise Unresolved(_which(m.group(1), fits), m.span())
        raise Unresolved(f"I can't find another {m.group(1)}"
                         + (f" besides #{showing[0]}" if showing else "") + f". Attach it, or tell me which picture shows it "
                         f"({_list(ctx.handles)}).", m.span())


# the thing "the other one" is another of: "swap the van for the other one", "replace the hat with the other one"
SWAPPED_FOR = re.compile(r"\b(?:swap|switch|change|replace|trade|exchange)\s+(?:out\s+)?(?:the|that|this|his|her|my)\s+([a-z]{3,})\s+"
                         r"(?:out\s+)?(?:for|with|to)\s+$")


def _other_version(thing: str, m: re.Match, ctx: RouterContext, found: Found) -> None:
    """The version made beside one the picture in hand came from that shows `thing` too; a question among several."""
    in_hand = _in_hand(ctx)
    matcher = ContentMatcher(ctx)
    others: list[int] = []
    for batch in ctx.made_together():
        if in_hand & set(batch):
            others += [o for o in batch if o not in in_hand and o not in others and matcher.match(thing, o)]
    if len(others) == 1:
        found.add(m, others)
        return
    if others:
        raise Unresolved(_which(thing, others), m.span())
    raise Unresolved(f"Which {thing} do you mean by “the other one”? Attach it, or tell me which picture shows it "
                     f"({_list(ctx.handles)}).", m.span())


# "the dog" said bare, where two photos sent show a dog: "put the dog on the bench", "Put the hat on the dog."
# (not "the dog photo", "the dog I sent", "the dog on the left", "the dog's collar", "the dog Bruno")
THE_BARE_THING = re.compile(r"\bthe\s+([a-z]{3,})\b(?!'s|\s+(?:photo|pic|picture|one|image|version|i|you|we|he|she|from|of|with|who|that|"
                            r"which|called|named|number|no|nr|on\s+the\s+(?:left|right)|in\s+(?:the\s+)?(?:photo|pic|picture))\b|\s*#|\s+\d)")


def one_of_several_sent(text: str, ctx: RouterContext, found: Found) -> None:
    """A thing said as the only one when two or more photos sent show one and the picture in hand does not: which
    is meant is a question ("Which dog do you mean: #1 or #2?"), not the latest photo's guess."""
    if ctx.attached or len(ctx.uploads) < 2 or ctx.current is None:
        return
    matcher = ContentMatcher(ctx)
    in_hand = _in_hand(ctx)
    for m in THE_BARE_THING.finditer(text):
        thing = m.group(1)
        if not found.free(m) or thing in NOT_CONTENT or thing in KIND_NOUNS or re.fullmatch(IMAGE_NOUN, thing) \
                or any(thing in names for names in ctx.called.values()):
            continue
        fits = [h for h in ctx.uploads if _sent_showing(thing, h, ctx, matcher)]
        photo_of = re.search(r"(?:\b(?:the|a|my|our|his|her)\s+(?:[a-z]+\s+)?)?\b(?:photo|pic|picture|foto)\s+of\s+$", text[:m.start()])  # "the real photo of the dog"
        held = [h for h in in_hand if h not in fits and matcher.match(thing, h) >= 0.95]  # the picture in hand shows one
        if len(fits) >= 2 and (photo_of or not held and not (in_hand - {ctx.current}) & set(fits)):
            raise Unresolved(_which(thing, fits),
                             (photo_of.start() if photo_of else m.start(), m.end()))  # the answer takes the photo's words' place


def _sent_showing(thing: str, handle: int, ctx: RouterContext, matcher: ContentMatcher) -> bool:
    """Whether a photo sent shows the thing: its file name says so, or its words do and, where it came in one message
    with others, those words say the thing of several ("these are my two dogs"; not "this jacket or these shoes")."""
    if handle in file_named(thing, ctx):
        return True
    if not any(same_word(thing, w) for w in matcher.words.get(handle, [])) or any(handle != h and h in file_named(thing, ctx) for h in ctx.uploads
                                                   if ctx.captions.get(h) == ctx.captions.get(handle)):
        return False
    together = [h for h in ctx.uploads if h != handle and ctx.captions.get(h) == ctx.captions.get(handle)]
    return not together or bool(re.search(rf"\b{re.escape(thing)}s\b|\b(?:two|both|2)\b", ctx.captions.get(handle, "")))


# "a card, but with one of the other farmhouses": one of several, which is a question where two or more fit
ONE_OF_THE_OTHERS = re.compile(r"\bone\s+of\s+the\s+other\s+([a-z]{3,}s)\b")
# the same job for a thing no picture shows: "Now do the same advert for the hat" with no hat sent
SAME_FOR_A_THING = re.compile(r"\b(?:do|make|want|wants)\s+(?:the\s+|a\s+)?same\s+(?:[a-z]+\s+)?(?:advert|ad|poster|post|picture|pic|photo|card|"
                              r"flyer|banner|listing|sign|cover|invite|invitation|label)\s+for\s+(?:the|my|our|his|her)\s+([a-z]{3,})\b"
                              # a sentence of its own: "Ok. Same for the jacket."
                              r"|(?:^|[.!?]\s+)(?:(?:ok(?:ay)?|now|and|so)[,.]?\s+)?(?:the\s+)?same\s+(?:thing\s+)?for\s+(?:the|my|our|his|her)\s+([a-z]{3,})\b"
                              # the same job on a photo no picture is: "she wants the cap photo on the same wooden floor"
                              r"|\b(?:wants?|put|place|need)\s+the\s+([a-z]{3,})\s+(?:photo|pic|picture)\s+(?:on|onto|in)\s+the\s+same\b")


def one_of_the_others(text: str, ctx: RouterContext, found: Found) -> None:
    """ "one of the other farmhouses": the one other picture that shows one, else a question among them. "do the same
    advert for the hat" where no picture shows a hat: a question asking for its photo."""
    if ctx.attached or ctx.current is None:
        return
    matcher, in_hand = ContentMatcher(ctx), _in_hand(ctx)
    for m in ONE_OF_THE_OTHERS.finditer(text):
        thing = next((w for w in (m.group(1)[:-1], m.group(1)[:-2]) if any(matcher.match(w, h) for h in ctx.handles)), "")
        if not thing:
            continue
        fits = [h for h in ctx.handles if h not in in_hand and matcher.match(thing, h) >= 1.0]
        made_beside = [h for batch in ctx.made_together() if in_hand & set(batch) for h in batch if h in fits]
        fits = made_beside or fits  # the others of the versions the picture in hand was picked from
        if len(fits) == 1 and found.free(m):
            found.add(m, fits)
        elif len(fits) >= 2 and found.free(m):
            raise Unresolved(_which(thing, fits), m.span())
    for m in SAME_FOR_A_THING.finditer(text):
        group = next(i for i in (1, 2, 3) if m.group(i))
        thing = m.group(group)
        if found.free(m) and thing not in NOT_CONTENT and not any(matcher.match(thing, h) for h in ctx.handles) \
                and not file_named(thing, ctx):
            raise Unresolved(f"I don't have a photo of the {thing} yet: attach it and I'll do the same for it.", m.span(group),
                             photo_of=thing)


# a thing said to be in a picture named by its number: "make the cat in #2 ginger", "the hat from image 4"
THING_IN_NUMBERED = re.compile(r"\bthe\s+([a-z]{3,})\s+(?:in|from)\s+(?:#\s*|(?:image|picture|pic|photo|number)\s+#?\s*)(\d{1,3})\b")
# what every picture has, so no picture's words need to say it: "the style in #2", "the colours from image 3"
EVERY_PICTURE_HAS = set("""style styles look looks colour colours color colors palette mood vibe feel lighting light composition
    texture textures pattern patterns font fonts lettering size shape quality tone tones angle framing crop layout""".split())


def thing_not_in_numbered(text: str, ctx: RouterContext, found: Found) -> None:
    """Raise Unresolved for "the cat in #2" when #2's words show no cat and another picture's do: the number or the
    thing is wrong, and only the person knows which. (Nothing is asked where no other picture shows it either:
    the words of a picture do not say all it shows.)"""
    words: dict[int, list[str]] | None = None
    for m in THING_IN_NUMBERED.finditer(text):
        if re.search(r"\?|^(?:what|which|who|is|are|does|do|how|can you tell)\b", text[text.rfind(".", 0, m.start()) + 1:]):
            continue  # "what material is the cladding in #4?": a question about what it shows
        if re.search(r"\b(?:put|pop|place|stick|add|insert|paste|drop)\s+(?:also\s+)?$", text[:m.start()]):
            continue  # "put the dog in #13": #13 is where the dog goes, not a picture said to show one
        thing, handle = m.group(1), int(m.group(2))
        if handle not in ctx.handles or thing in NOT_CONTENT or thing in NAMING_NOTHING or thing in SCENE_PARTS \
                or thing in EVERY_PICTURE_HAS:
            continue
        words = words if words is not None else shown(ctx)  # read once, and only for a thing said in a numbered picture
        if any(same_word(thing, w) for w in words.get(handle, [])) or handle in file_named(thing, ctx):
            continue
        elsewhere = [h for h in ctx.handles if h != handle and any(same_word(thing, w) for w in words.get(h, []))]
        if elsewhere:
            raise Unresolved(f"I can't see a {thing} in #{handle}; {_list(elsewhere)} "
                             f"{'shows' if len(elsewhere) == 1 else 'show'} one. Which picture do you mean?", m.span())
