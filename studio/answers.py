"""The answer to a question back (Deliver item 2 of issue 10): what a reply to "which image did you mean?"
or "should I change #3, or make a new picture?" picks. `read_answer` says which option and which image the
reply names, or None when the reply is a new request; `studio/understanding.py` then runs the request
the question was about with them ("sorry, I mean number 5, the card with the gold writing" after "I can't
find image 14" runs "now the card, number 14, make the lanterns brighter" on #5)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from studio.phrases import cut_mentions, normalise
from studio.references import RouterContext, Unresolved, find_mentions


@dataclass
class Answer:
    action: str | None  # the option picked ("generate" for "a new one"), None when the answer names only an image
    target: int | None  # the image named, None when the answer names only an option


def read_answer(answer: str, ctx: RouterContext) -> Answer | None:
    """What a reply (normalised, no attachment) to a question back picks; None when it asks something new."""
    meant = MEANT_AFTER.search(answer)  # "My apologies, I misread the chart. I meant the version prior to the tray"
    answer = meant.group(1) if meant else answer
    try:
        mentions = find_mentions(answer, ctx)
    except Unresolved:
        return None
    # a number said where only an image can be meant: "sorry, 11. the reduced sycamore", "5 I meant", "I mean number 5"
    # one said as a number outranks a bare one, and "the last of the 3" counts versions: "last of the 3. number 5"
    said = [n for n in HANDLE_SAID.finditer(answer) if int(n.group(1)) in ctx.handles and not re.search(r"\bof\s+$", answer[:n.start()])]
    marked = [n for n in said if re.match(r"#|number|no|nr|image|picture|pic|photo", n.group(0))]
    number = int((marked or said)[0].group(1)) if said else None
    chosen = next((action for action, pattern in ANSWERS if pattern.search(answer)), None)
    leftover = cut_mentions(answer, mentions, " ") if mentions else answer
    if mentions:  # "#10, with Dr. Floss in his coat": what the image named shows, said again
        leftover = re.sub(r"(?:^|[,.;]\s*)(?:with|where|showing)\b.*$", "", leftover)
    leftover = ANSWER_FILLER.sub(" ", HANDLE_SAID.sub(" ", leftover) if number else leftover).strip(" ,.!?")
    target = number if number is not None else _among_options(answer, ctx) or (mentions[0].handles[0] if mentions else None)
    if chosen and len(leftover.split()) <= 6:
        return Answer(chosen, target)
    names = {n for called in ctx.called.values() for n in called}
    leftover = " ".join(w for w in leftover.split() if w.strip(",.!?") not in names)  # "Bran, the first one I sent"
    # a correction names the image and may say the request again in its own words: "sorry, my mistake, I meant the
    # jacket photo, number 3. Same tweed as the chair", "sorry meant 2, the one before skipper went on. for the back"
    # (not "go back to image 6" or "wat does image 5 look like compared to 4" after a question: new requests)
    # one of the few images the question listed, named by what it shows or is called ("Txuri's one, the white dog")
    listed = ctx.question.options if ctx.question else ()
    offered = number is None and target is not None and 2 <= len(listed) <= 4 and target in listed
    if target is not None and (len(leftover.split()) <= 6 or CORRECTING.search(answer) or offered) and not NEW_ASK.search(leftover) \
            and not ASKS_ITSELF.search(leftover):
        return Answer(None, target)
    return None


# a place among the images a question offered: "the first one I send" after "Which dog do you mean: #6 or #7?"
OPTION_PLACE = re.compile(r"\b(first|second|third|1st|2nd|3rd|last|latter|former)\b(?!\s+(?:time|step|of\s+the\s+(?:two|three|\d)))")


def _among_options(answer: str, ctx: RouterContext) -> int | None:
    """The image a place word picks among those the question back listed, when it listed two or more."""
    options = [h for h in (ctx.question.options if ctx.question else ()) if h in ctx.handles]
    place = OPTION_PLACE.search(answer)
    if len(options) < 2 or len(options) > 4 or place is None:
        return None
    index = PLACE_INDEX[place.group(1)]
    return options[index] if index < len(options) else None


PLACE_INDEX = {"first": 0, "1st": 0, "former": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "last": -1, "latter": -1}


def photo_of_what_was_missing(ctx: RouterContext) -> int | None:
    """Of several photos sent in answer, the one that shows the thing the question was about: the words the request
    and the question share ("put same jacket on other dog" / "I can't find another dog ...": dog)."""
    from studio.content import ContentMatcher, file_named
    question = ctx.question.text.lower() if ctx.question else ""
    asked = set(re.findall(r"[a-z]{3,}", question)) & set(re.findall(r"[a-z]{3,}", normalise(ctx.previous_text)))
    asked -= {"the", "and", "you", "your", "which", "one", "other", "another", "picture", "photo", "image", "mean", "put", "can", "find"}
    matcher = ContentMatcher(ctx)
    showing = [h for h in ctx.attached if any(h in file_named(w, ctx) or matcher.match(w, h) >= 1.0 for w in asked)]
    return showing[0] if len(showing) == 1 else None


def said_with_answer(request: str, ctx: RouterContext, target: int) -> str | None:
    """The request a question was about, with the image the answer named in place of the words that named no
    image or several ("now the card, number 14, brighter" -> "now the card, #5, brighter"), so the rest of it
    reads as before: its other images keep their roles, "the same treatment" its call. None when no one phrase
    failed (the question was between two readings, or about two dogs in one picture)."""
    text, changed = normalise(request), False
    for _ in range(3):  # "the cap from earlier on the dog in the photo I sent": each phrase that named nothing
        try:
            find_mentions(text, ctx)
            break
        except Unresolved as question:
            if question.span is None:
                return None
            start, end = question.span
            phrase = text[start:end].strip(" ,;:")  # the words without the commas round them, as a mention takes them
            start = text.index(phrase, start)
            # "the one with the hat more warm": the picture named ends at what it shows; the change after it stays
            named = re.match(r"(?:the\s+)?(?:[a-z]+\s+)?(?:one|pic|picture|photo|image|version|shot)\s+(?:with|without|of|where)\s+"
                             r"(?:the\s+|a\s+|an\s+|his\s+|her\s+|my\s+)?[a-z'-]+", phrase)
            phrase = named.group(0) if named else phrase
            text, changed = f"{text[:start]}#{target}{text[start + len(phrase):]}", True
            # the person's own casing where the words are found as they were typed ("SALE" stays in capitals)
            typed = re.search(re.escape(phrase), request, re.IGNORECASE)
            if typed and request.lower().count(phrase) == 1:
                request = f"{request[:typed.start()]}#{target}{request[typed.end():]}"
            else:
                request = text
    return request if changed else None


MEANT_AFTER = re.compile(r"[.!?]\s+((?:so\s+|sorry,?\s+)?i\s+meant?\b.*)$")
HANDLE_SAID = re.compile(r"(?<![\d.,:£$'])(?:#\s*|\b(?:number|no\.?|nr\.?|image|picture|pic|photo|the)\s+)?\b(\d{1,3})\b"
                         r"(?!\s*(?:%|px|steps|am\b|pm\b|x\b|:\d|\.\d|st\b|nd\b|rd\b|th\b|years?\b|mins?\b|minutes?\b))")
CORRECTING = re.compile(r"\b(?:sorry|soz|apologies|pardon|disculpe|mistake|my\s+bad|oops|typo|i\s+meant?|meant|i\s+want(?:ed)?\s+to\s+say|"
                        r"i\s+was\s+(?:thinking|meaning)|should\s+(?:have\s+)?(?:said|been|be))\b")
# a request or question of its own: "go back to image 2", "what's in #4?", "compare 5 and 4"
ASKS_ITSELF = re.compile(r"(?:^|[,.;:!?]\s*)(?:what|wat|which|how|does|do|is|are|can|could|would|will|show|tell|describe|keep|pick|"
                         r"choose|select|try|undo|redo)\b|\b(?:look|looks)\s+like\b|\bcompared?\b|\bagain\b|"
                         r"\b(?:go|going|come|take\s+me)\s+back\b|\bback\s+to\b|\breturn\s+to\b")
# an answer that only sends what was missing: "here it is, this one", "oh aye soz, here y'are", "forgot to attach it",
# "Didn't go through then. Here.", "I never did. Here he is", "Sorry, I not send it yet", "ffs thought i did. these"
# ("here is the hat" at the end; not "here's my dog and a hat I knitted for him": photos introduced)
PHOTO_NOW_SENT = re.compile(r"\b(?:here(?:'s|s)?(?![a-z'])(?!\s+(?:in|on|at|and)\b|\s+(?:my|our)\s+[a-z]+\s+and\b)|forg[eo]t\s+(?:to\s+|for\s+)?(?:send|attach|add|upload|include)|"
                            r"(?:now\s+)?(?:sent|attached|uploaded)\s+(?:it|now)|this\s+(?:one|1|is\s+it)|never\s+did|didn'?t|"
                            r"(?:not|never)\s+(?:yet\s+)?(?:sen[dt]|attach(?:ed)?|upload(?:ed)?)|thought\s+i\s+(?:did|had|sent\s+it)|(?:^|[.!?]\s*)(?:these|this)(?=\W*$))\b")
# words of a new request: "no, make #3 blue instead" asks something new, not which image (not "ain't wuh e use tuh be")
NEW_ASK = re.compile(r"\b(?:make|put|stick|add|change|turn|draw|paint|give|swap|remove|replace|use(?!\s+(?:to|tuh|ta)\b)|take|apply|slap|place|pop|"
                     r"can\s+you|could\s+you)\b")
ANSWERS = [  # the option a short answer picks
    ("generate", re.compile(r"\b(?:new|fresh|another) (?:picture|image|one|pic)\b|\bmake a new\b|\bgenerate\b|\bfrom scratch\b")),
    ("edit", re.compile(r"\b(?:change|edit|modify|adjust|tweak) (?:it|that|this|#?\d+)\b|\bthe current one\b")),
    ("describe", re.compile(r"\btell me\b|\bdescribe\b|\bjust asking\b")),
    ("chat", re.compile(r"\bjust (?:note|saying|a comment)\b|\bnothing\b")),
]
ANSWER_FILLER = re.compile(r"^\s*(?:use|go with)\b|\b(?:i meant|i mean|meant|yes|yeah|yep|no|the|one|that|this|please|pls|ok|okay|sorry|oh|"
                           r"it'?s|it is|image|picture|photo|pic|my mistake|mistake|my bad|soz|apologies|i want to say)\b")
