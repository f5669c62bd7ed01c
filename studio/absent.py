"""Things a turn says the studio already has, that no picture shows: the first finder `find_mentions`
(studio/references.py) runs. "the cap from earlier", "the white kufi hat from the photo I send you before",
"stick his dog in from the pic i sent", "the photo of my mum's cat that I sent you earlier", "our logo":
when nothing comes with the turn and no image's words show the thing, the turn is a question ("I can't
find the cap ..."), not an edit that paints a cap of its own. The answer that sends the photo runs the
request (studio/understanding.py); the question points at the words, so the photo takes their place."""

from __future__ import annotations

import re

from studio.content import KIN, ContentMatcher, file_named
from studio.references import IMAGE_NOUN, KIND_NOUNS, NOT_CONTENT, ORDINALS, Found, RouterContext, Unresolved, _list

# someone says a photo came already: "I sent (you) (before)", "he sent earlier", "from earlier"
CLAIMED = re.compile(r"\b(?:(?:i|he|she|they|we|you)\s+(?:just\s+|already\s+|first\s+)?(?:sent|send|uploaded|upload|attached|shared|"
                     r"gave\s+(?:you|ye|ya|u)|showed\s+(?:you|ye|ya|u))|(?:that|which)\s+(?:was|were)\s+(?:sent|uploaded|attached|shared))\b"
                     r"(?:\s+(?:to\s+)?(?:you|ye|ya|yer|u))?(?:\s+(?:before|earlier|already|yesterday))?|\bfrom\s+(?:earlier|before)\b")
# their own mark, which words cannot draw: "our logo", "the school logo" (not "put our logo, a tiny cup w a leaf": described)
OWN_MARK = re.compile(r"\b(?:my|our|the\s+(?:company|shop|business|club|team|school|church|firm|brand)(?:'?s)?)\s+(?:own\s+|company\s+|shop\s+)?"
                      r"(logo|watermark|signature|crest|emblem)\b"
                      r"(?=\s*(?:[.!?]|$)|\s+(?:on|in|at|top|bottom|to|onto|up|down|across|over|somewhere|there|here|please|too)\b)")
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
    return [w for w in re.findall(r"[a-z]+", re.sub(r"'s\b", "", words)) if len(w) >= 3 and w not in NAMING_NOTHING
            and w not in NOT_CONTENT and w not in KIN and (w in KIND_NOUNS or not re.fullmatch(IMAGE_NOUN, w))]


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
    if not claims and not logos:
        return  # most turns: nothing more to read
    matcher = ContentMatcher(ctx)
    names = {n for called in ctx.called.values() for n in called}
    for claim in claims:
        # the clause before the claim, back to a sentence or clause break: "and put also the white kufi hat from the photo"
        opening = max(text.rfind(mark, 0, claim.start()) for mark in (".", "!", "?", ";", ",", ":"))
        named = _thing(text[opening + 1:claim.start()], names)
        if named is None or named[1] in names:
            continue
        start, thing, in_a_photo = opening + 1 + named[0], named[1], named[2]
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
    for m in logos:
        if not any(matcher.match(m.group(1), h) for h in ctx.handles):
            raise Unresolved(f"I don't have your {m.group(1)} yet: attach it and I'll put it in.", m.span())
