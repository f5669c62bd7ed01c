"""Image references in a turn's text, resolved to session handles.

"image 3", "#3", "images 2 and 5", "the first one", "the previous picture", "the original", "the
second one I sent", "the photo I just uploaded", "both" — each found with its span (so the router
can tell the image to change from the images to borrow from) and resolved against the session. A
reference that names no image raises `Unresolved`, whose message is the question to ask back.
"""

from __future__ import annotations

import re

from studio.history import before_a_step
from studio.mention_text import beside_a_number, bracketed_numbers, named_twice_as_one, pointers_only, spoken
from studio.router_context import Mention, RouterContext, Unresolved  # noqa: F401 (also imported from here)


# -- vocabulary --------------------------------------------------------------------------------
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
}
ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5,
    "5th": 5, "sixth": 6, "6th": 6, "seventh": 7, "7th": 7, "eighth": 8, "8th": 8, "ninth": 9, "9th": 9,
    "tenth": 10, "10th": 10,
}
# with the words for a picture that people writing English keep from their own language
IMAGE_NOUN = (r"(?:image|img|picture|pic|photo|photograph|one|version|result|output|render|drawing|painting|shot|attachment|upload|file|logo|scan|"
              r"foto|picha|bild|imagen|imagem|immagine|gambar|resim|kuva|obraz|afbeelding)s?")
NUM = r"(\d+|" + "|".join(NUMBER_WORDS) + r")"
# what one of several versions is called: "the second option", "option two", "the middle yin" (Scots "one")
# "which of the two looks the more cheerful in that one?": the two are things in one picture, not two pictures
IN_ONE_PICTURE = re.compile(r"[^.!?]{0,60}?\b(?:(?:in|on)\s+(?:that|this|the\s+(?:last|latest|new|current))\s+(?:one|picture|image|pic|photo|version)|in\s+it)\b")
TAKE_NOUN = r"(?:option|variant|variation|alternate|alternative|take|design|concept|draft|mock-?up|yin|member|candidate|sample)"  # "Member 3" of an ensemble
SENT = (r"(?:(?:what|wat)\s+)?(?:i\s+send|(?:i|you)\s+(?:just\s+|first\s+|originally\s+|initially\s+)?(?:sent|re-?sent|uploaded|attached|shared|gave\s+you|"
        r"added|posted|provided|dropped|kept\s+(?:re-?)?sending|sent\s+again)"
        r"|(?:that|which)\s+(?:was|were)\s+(?:first\s+|originally\s+|initially\s+|just\s+)?(?:sent|uploaded|attached|shared|posted|provided))")
# "the photo I send first": the tense of many languages; "the photo I first sent", "the photo that was originally uploaded"


# -- references -----------------------------------------------------------------------------------
def number_value(token: str) -> int:
    """A count or image number as written: '3' or 'three'."""
    return int(token) if token.isdigit() else NUMBER_WORDS[token]


def _made_from(handle: int, ctx: RouterContext) -> set[int]:
    """Every image `handle` was made from, sources and references, all the way back."""
    found: set[int] = set()
    todo = list(ctx.parents.get(handle, []))
    while todo:
        h = todo.pop()
        if h not in found:
            found.add(h)
            todo.extend(ctx.parents.get(h, []))
    return found


def _lineage_root(handle: int, ctx: RouterContext) -> int:
    seen = set()
    while ctx.parents.get(handle) and handle not in seen:
        seen.add(handle)
        handle = ctx.parents[handle][0]
    return handle


# what a place among pictures is in, when it is not the pictures: "the first photo of the annonce", "page 2 of the book"
OF_A_DOCUMENT = re.compile(r"\s+of\s+(?:the|my|our|this|a|an)\s+(?!(?:[a-z]+\s+)?(?:images?|pictures?|photos?|pics?|ones?|versions?|"
                           r"options?|two|three|four|five|\d+|lot|bunch|set|batch|series|pair)\b)[a-z]{3,}")


def find_mentions(text: str, ctx: RouterContext) -> list[Mention]:
    """Every image reference in `text`, resolved; raises Unresolved with the question to ask. The finders
    run in this order and an earlier one keeps the words it took:

    | finder | phrases |
    |---|---|
    | `absent.claimed_but_absent` | asks about "the cap from earlier", "our logo" that no image shows |
    | `unsent.someones_photo` | asks for "Ken's photograph", "my cousin's photo" that no photo sent is |
    | `unsent.sent_by_another` | asks for "the one Sandra sent me", a photo someone else sent that was never attached |
    | `unsent.thing_photo_unsent` | asks for "put our glasshouse in, like in the photo of it I sent you" when no photo sent shows it |
    | `unsent.placed_from_unsent_photo` | asks for "put my walrus also, from the photo" when no photo sent shows a walrus |
    | `absent.the_other` | "the other one" of two versions; asks which "other picture" or "other jacket" when it is not clear |
    | `absent.thing_not_in_numbered` | asks about "the cat in #2" when #2 shows none and another picture does |
    | `mentions.sent_or_labelled` | "the photo I sent", "my last upload", "panel 2", "option B", "the attached painting" |
    | `numbers.by_number` | "image 3", "#3", "number 2", "v2", "images 2 and 5", "between 2 and 3" |
    | `by_position_or_history` | "the first one", "the previous picture", "the original", "the one from the start", "both", "all three", "the photos I sent you"; `history.before_a_step` inside it: "before the hat", "how it was before this painting style" |
    | `absent.one_of_several_sent` | asks which "dog" when two photos sent show one and the picture in hand none |
    | `absent.one_of_the_others` | "one of the other farmhouses" (asks among several); asks for the photo in "do the same advert for the hat" |
    | `mentions.by_content` | "the one with the boat", "the lighthouse pic", "the version without the shoes", "the sleepy cat" |
    | `mentions.by_name` | a name given to a photo sent ("this is my dog Rocky", then "put Rocky in the boat") |
    """
    from studio.absent import (claimed_but_absent, one_of_several_sent, one_of_the_others, the_other,  # they read
                               thing_not_in_numbered)  # RouterContext from here
    from studio.unsent import placed_from_unsent_photo, sent_by_another, someones_photo, thing_photo_unsent
    from studio.mentions import by_content, by_name, sent_or_labelled
    from studio.numbers import by_number
    # words inside quotes are text to draw ("a sign saying 'the first one is free'"), not references; quoted
    # speech is still words about the images ("she says 'put Pepper in the cave'", "going 'THAT one!!'", "'nooo I want
    # it how it was before the hat'"); "'Pip's Cabled Jumper'" is one quote
    text = re.sub(r"\"[^\"]*\"|“[^”]*”|(?<!\w)'(?:[^']|(?<=\w)'(?=\w))*'(?!\w)",
                  lambda q: q.group(0) if spoken(text[:q.start()]) or re.search(r"\b(?:i|i'm|we|me)\b", q.group(0))
                  else " " * len(q.group(0)), text)
    # "the second option (the orange one)", "#2 (the snowy one)": a place or number, then what it shows in brackets;
    # the place holds
    text = re.sub(rf"(\b(?:{'|'.join(ORDINALS)}|middle|last)\s+(?:{IMAGE_NOUN}|{TAKE_NOUN})\W{{0,3}})(\([^)]*\))",
                  lambda b: b.group(1) + " " * len(b.group(2)), text)
    text = re.sub(r"((?:#|\b(?:image|picture|pic|number|no\.?)\s*#?\s*)\d{1,3}\s*)(\([^)]*\))", lambda b: b.group(1) + " " * len(b.group(2)), text)
    text = bracketed_numbers(text, ctx.handles)
    text = pointers_only(text)
    found = Found(ctx)
    for finder in (claimed_but_absent, someones_photo, thing_photo_unsent, placed_from_unsent_photo, sent_by_another, the_other, thing_not_in_numbered, sent_or_labelled, by_number, by_position_or_history, one_of_several_sent,
                   one_of_the_others, by_content, by_name):
        try:
            finder(text, ctx, found)
        except Unresolved as question:
            if not beside_a_number(question.span, text, found.mentions):
                raise
    exact = re.compile(rf"\d|#|\b(?:{'|'.join(ORDINALS)}|last|latest|previous|original|before|prior)\b")
    return named_twice_as_one(text, sorted(found.mentions, key=lambda m: m.start), exact)


class Found:
    """The mentions found so far in one message; words an earlier finder took are not taken again."""

    def __init__(self, ctx: RouterContext):
        self.ctx = ctx
        self.mentions: list[Mention] = []
        self.taken: list[tuple[int, int]] = []

    def add(self, match: re.Match, handles: list[int], span: tuple[int, int] | None = None) -> None:
        if self.free(match):  # the words without the commas round them: "back to the poster, number 12" names two
            start, end = span or match.span()
            words = match.string[start:end]
            start += len(words) - len(words.lstrip(" ,;:"))
            end -= len(words) - len(words.rstrip(" ,;:"))
            self.taken.append((start, end))
            self.mentions.append(Mention(start, end, handles))

    def add_over(self, match: re.Match, handles: list[int]) -> None:
        """Adds a mention that holds earlier ones whole: "the plain one with the smaller stupa, from before my guru's
        style" is the picture before that step, not "the plain one" the content finder read first."""
        inside = [i for i, (s, e) in enumerate(self.taken) if match.start() <= s and e <= match.end()]
        if any(s < match.end() and match.start() < e for i, (s, e) in enumerate(self.taken) if i not in inside):
            return  # another mention only partly inside: both stay as they are
        for i in reversed(inside):
            del self.taken[i], self.mentions[i]
        self.add(match, handles)

    def free(self, match: re.Match) -> bool:
        return not any(s < match.end() and match.start() < e for s, e in self.taken)

    def existing(self, n: int, what: str, match: re.Match | None = None, span: tuple[int, int] | None = None) -> int:
        if n not in self.ctx.handles:
            if not self.ctx.handles:
                raise Unresolved(f"There is no {what} yet — this session has no images. "
                                 "Describe what to create, or attach an image.")
            raise Unresolved(f"I can't find {what}: this session has images "
                             f"{_list(self.ctx.handles)}. Which one did you mean?", span or (match.span() if match else None))
        return n


def _option_made_before(m: re.Match, ctx: RouterContext, found: Found) -> None:
    """ "take the 5th option from before" once another picture is in hand: a place among the versions the last turn
    that made several made; a place past their number is a question."""
    groups = ctx.made_together()
    place = ORDINALS.get(m.group(2))
    if not groups or place is None:
        return
    ask_past_the_end(place, groups[-1], "options", m.span())
    found.add(m, [groups[-1][place - 1]])


def ask_past_the_end(place: int, among: list[int], what: str, span: tuple[int, int] | None = None) -> None:
    """A place past the end of the pictures counted ("the 4th option" of three, "the fourth lake picture" of three) is
    a question that offers them."""
    if place > len(among):
        raise Unresolved(f"I count only {len(among)} {what} ({_list(among)}). Which one do you mean?", span, options=among)


def by_position_or_history(text: str, ctx: RouterContext, found: Found) -> None:
    """Images named by place or time: "the first one", "the previous picture", "the original", "where we
    were before the hat", "the picture from the very start", "both of them", "all three"."""
    # ordinals and relative references: "the first one", "the previous picture", "the original"
    for m in re.finditer(rf"\b(?:the\s+)?(very\s+)?(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|1st|2nd|3rd|4th|5th|6th|7th|8th|9th|10th|last|latest|newest|middle|previous|prior|earlier|earliest|original|initial|current|before-last|second-to-last|penultimate)\s+({IMAGE_NOUN}|{TAKE_NOUN}|thing(?=\s+(?:you|we|u)\s+(?:made|did|drew|created|generated)))\b", text):
        if OF_A_DOCUMENT.match(text[m.end():]):
            continue  # "for the first photo of the annonce": a place in what the pictures are for
        if re.fullmatch(TAKE_NOUN, m.group(3)) and not ctx.batch:
            _option_made_before(m, ctx, found)  # "the second option" names a place among versions made together
            continue
        if m.group(2) == "middle" and not ctx.batch and (ctx.has_mask or text[:m.start()].endswith("this ")):
            continue  # "This middle one, the dumpling broken ... Fix" with a mask drawn: a thing in the picture
        if m.group(3) != "one" and re.match(r"\s+one\b", text[m.end():]):
            continue  # "the first painting one": a place among the pictures that show it (studio/mentions.py)
        if re.search(r"\b(?:a|an|one\s+more)\s+$", text[:m.start()]) or not m.group(0).startswith("the") and \
                not re.search(r"\b(?:this|that|my|your|our)\s+$", text[:m.start()]) and re.match(r"\s*(?:for\s+(?:today|now|tonight|the\s+[a-z]+(?:\s+[a-z]+)?)\s*)?[:\u2013\u2014-]\s+(?!(?:add|make|remove|delete|change|put|turn|give|swap|replace|fix|crop|"
                         r"brighten|darken|less|more|can|could|please|pls|use|go|try|undo|redo|it|this|that)\b)[a-z]", text[m.end():]):
            # "first one: grilled octopus ...", not "first one: add a rug"
            continue  # "need a 2nd pic for the shelf", "first one: a cat ...", "last one for today: ...": a new picture
        made = sorted(ctx.made_by) if re.match(r"\s+(?:that\s+)?(?:you|u)\s+(?:made|did|drew|created|generated|painted)\b", text[m.end():]) else []
        if made and m.group(2) in ("first", "1st", "earliest", "last", "latest", "newest"):  # "the very first one you made":
            found.add(m, [made[0] if m.group(2) in ("first", "1st", "earliest") else made[-1]])  # not the photo sent
            continue
        found.add(m, _relative(m.group(2), ctx, found.existing, very=bool(m.group(1)), match=m))
    # "go back to the very first of the three logos" once the picture in hand is an edit of one of them: that turn's three
    for m in re.finditer(r"(?:\bthe\s+|^)(?:very\s+)?(first|second|third|middle|last)\s+(?:one\s+)?of\s+th(?:e|ose|ese)\s+(two|three|four|five)\b"
                         r"(?:\s+[a-z]+s\b)?", text):
        size = NUMBER_WORDS[m.group(2)]
        # (the batch in hand: places among it, below); the last turn that made that many, or tries made from the same inputs
        group = ctx.versions(size) if len(ctx.batch) != size else None
        place = size if m.group(1) == "last" else size // 2 + 1 if m.group(1) == "middle" else ORDINALS[m.group(1)]
        if group and place <= size:
            found.add(m, [group[place - 1]])
    if ctx.batch:  # places among the images the current image's turn made: "option two", "the second of these three"
        for m in re.finditer(rf"\b(?:{TAKE_NOUN})\s+(?:#|no\.?\s*|number\s+)?(\d|one|two|three|four|five)\b|(?:\bthe\s+|^)(first|second|third|"
                             r"fourth|fifth|middle|last|1st|2nd|3rd|4th|5th)\s+(?:one\s+)?of\s+(?:these|those|them|the(?:\s+(?:aforementioned|above|new|latest|last))?(?=\s+(?:two|three|four|"
                             r"five|\d)\b))(?:\s+(?:two|three|four|five|\d)(?:\s+(?:new\s+)?(?:ones|versions|options|pictures|images))?)?\b", text):
            place = number_value(m.group(1)) if m.group(1) else None
            if place is None or place <= len(ctx.batch):
                found.add(m, [ctx.batch[place - 1]] if place else _relative(m.group(2), ctx, found.existing, match=m))
        # the group named first, then the place: "Of those three, the second strikes me as the most balanced"
        for m in re.finditer(r"\b(?:out\s+of|of|from|among)\s+(?:these|those|the)\s+(two|three|four|five|\d)(?:\s+(?:new\s+)?(?:ones|versions|"
                             r"options|pictures|images))?\s*,?\s+(?:the\s+|i\s+(?:like|prefer|choose|pick|take)\s+the\s+)?"
                             r"(first|second|third|fourth|fifth|middle|last|1st|2nd|3rd|4th|5th)\b(?:\s+one\b)?", text):
            group = ctx.versions(number_value(m.group(1)) or 0)  # "of the 3 versions the middle one", two of them made last
            if group and group != ctx.batch and ORDINALS.get(m.group(2), 1) <= len(group):
                found.add_over(m, [group[len(group) // 2 if m.group(2) == "middle" else -1 if m.group(2) == "last" else ORDINALS[m.group(2)] - 1]])
            else:
                found.add(m, _relative(m.group(2), ctx, found.existing, match=m))
        # bare places: "which has more kids, first or second.", "going with first."
        # "Second is the best. Take it.", "the 2nd 1 ta"
        for m in re.finditer(r"(?:^|[,:;!?.]\s*|\b(?:with|pick|choose|take|keep|prefer|the)\s+)(first|second|third|fourth|last|1st|2nd|3rd|4th)"
                             r"(?:\s*(?:or|and|vs\.?|,)\s*(first|second|third|fourth|last))?(?:\s+1)?"
                             r"(?=\s*[.?!]|\s*$|\s+(?:is|was|looks?|'s)\s+(?:the\s+)?(?:most|so|very|really|best|better|nicest|winner|keeper|one|it|good|great|perfect|[a-z]{2,}est)\b|"
                             r"\s+(?:ta|thanks|pls|please|good|best|better|great|nice|wins)\b)", text):  # "3rd good. others delete"
            places = [len(ctx.batch) if w == "last" else ORDINALS[w] for w in m.groups() if w]
            if all(p <= len(ctx.batch) for p in places):
                found.add(m, [ctx.batch[p - 1] for p in places])
    if not ctx.batch and len(ctx.path_handles) >= 2:  # "No, the first of those two is better", two tries made one by one
        # (not "the first of those two dogs": a thing in the picture)
        for m in re.finditer(r"\bthe\s+(first|second|last|1st|2nd)\s+(?:one\s+)?of\s+(?:those|these|the|them)\s+two\b"
                             r"(?:\s+(?:ones|versions|pictures|images|tries))?\b(?!\s+(?!is|was|looks?|one|please)[a-z]{3,})", text):
            found.add(m, [ctx.path_handles[-2] if m.group(1) in ("first", "1st") else ctx.path_handles[-1]])
    for m in re.finditer(r"\b(?:the\s+)(?:very\s+)?(original|first|last|latest|previous|initial)\b(?!\s+[a-z]+\s+of\s+(?:the|my|our|this|a|an)\s+"
                         r"(?!(?:[a-z]+\s+)?(?:images?|pictures?|photos?|pics?|ones?|versions?|options?|two|three|four|five|\d+)\b)[a-z]{3,})"  # "the first page of the announce"
                         r"(?!\s+(?:[a-z]{3,}\s+){1,2}(?:one|version|shot|photo|pic|picture|image)\b)"
                         r"(?!\s+(?:time|step|style|one\s+i|two|three|four|"
                         r"five|\d+)\b)(?!\s+(?:one\s+|image\s+|photo\s+|pic\s+|picture\s+)?is\s+(?:the\s+one\s+|what\s+)?to\s+(?:change|edit))", text):
        thing = re.match(r"\s+([a-z]{3,})\b", text[m.end():])
        if m.group(1) != "first" and thing and thing.group(1) not in NOT_CONTENT and re.fullmatch(r"[a-z]+[^s]s", thing.group(1)) \
                and not re.fullmatch(IMAGE_NOUN, thing.group(1)):
            continue  # "with Dewey and the original tables": the things as they were, not the original picture
        if m.group(1) == "first" and thing and thing.group(1) not in NOT_CONTENT and not re.fullmatch(IMAGE_NOUN, thing.group(1)):
            from studio.content import earliest_showing  # "the first rocker had a nicer back slat"
            hit = earliest_showing(thing.group(1), ctx)
            if hit is not None:
                found.add(m, [hit])
                continue
        found.add(m, _relative(m.group(1), ctx, found.existing, match=m))
    for m in re.finditer(r"\bthe\s+(second|third|fourth|fifth)\b(?=\s*(?:[?,.!]|$|\bor\b|\band\b|\b(?:is|was|est|es)\s+(?:the|la|el)\s+best\b))", text):
        found.add(m, _relative(m.group(1), ctx, found.existing, match=m))  # "which looks more realistic, the first or the second?"
    for m in re.finditer(r"\bmy\s+(?:photo|picture|pic|image|shot|selfie)\b(?!\s+(?:i|you|of)\b)", text):
        own = [h for h in reversed(ctx.uploads) if h != ctx.current] or list(reversed(ctx.uploads))
        if own:  # "is this the same dog as in my photo?": the person's latest upload ("my photo of Murka": by name)
            found.add(m, [own[0]])
    for m in re.finditer(r"\bthe\s+(?:new|newer|newest)\s+(?:one|image|picture|version|photo)\b", text):
        found.add(m, _relative("current", ctx, found.existing, match=m))
    before_a_step(text, ctx, found)  # history: "the one from before the hat" (studio/history.py)
    # "the picture you make before", "the edit before last", "the one before"
    for m in re.finditer(r"\b(?:the|that)\s+(?:one|picture|image|pic|photo|version|edit)\s+(?:(?:you|we|i|u)\s+)?"
                         r"(?:make|made|did|do|had|showed|created|drew)\s+before\b|\b(?:the|that)\s+(?:one|picture|image|pic|"
                         r"photo|version|edit)\s+before\s+(?:the\s+)?last\b", text):
        found.add(m, _relative("previous", ctx, found.existing, match=m))
    for m in re.finditer(r"\bthe\s+(?:render|one|version|picture|image|pic|photo|shot|original)\s+(?:it|this|that|this\s+one)\s+"
                         r"(?:came|was\s+made|started|comes)\s+from\b", text):
        if ctx.current is not None and ctx.parents.get(ctx.current):  # "as clearly as the render it came from"
            found.add(m, [ctx.parents[ctx.current][0]])
    for m in re.finditer(r"\b(?:the one (?:right |just )?before(?: that| it| this)?|one before|the one from before)\b", text):
        found.add(m, _relative("previous", ctx, found.existing, match=m))
    # a photographer's "the SOOC file", "the unedited one", "the raw photo": the lineage's original
    for m in re.finditer(r"\bthe\s+(?:straight[- ]out[- ]of[- ](?:the[- ])?camera|sooc|unedited|untouched|unretouched|raw)"
                         r"(?:\s+(?:file|photo|one|version|image|picture|shot|original|pic))?\b", text):
        found.add(m, _relative("original", ctx, found.existing, match=m))
    # "the picture from the very start": the first image along the head path
    for m in re.finditer(r"\bthe\s+(?:[a-z-]+\s+){0,3}?(?:one|picture|image|pic|photo|version|shot)\s+(?:(?:you|we|i|u)\s+"
                         r"(?:made|did|drew|created|generated)\s+)?(?:right\s+|just\s+)?(?:from|at)\s+the\s+(?:very\s+)?(?:start|beginning)\b", text):
        if not ctx.handles:
            raise Unresolved("There are no images in this session yet. Describe what to create, or attach one.")
        found.add(m, [(ctx.path_handles or ctx.handles)[0]])
    for m in re.finditer(r"\b(?:both(?: of them| images| pictures)?|these two|those two|the two(?: images| pictures)?|them both|"
                         r"the pair of (?:images|pictures|photos|them))\b(?!\s+(?!images|pictures|photos|pics|versions|ones|of)[a-z]{3,})", text):
        # not "sticks in both paws", "these two dogs": a thing in the picture
        if len({h for f in found.mentions if f.end <= m.start() for h in f.handles}) >= 2:
            continue  # "in the picture from before the cap, and in the latest one ... advise for both": those two
        if IN_ONE_PICTURE.match(text[m.end():]):
            continue  # "which of the two looks the more cheerful in that one?": two things in one picture
        pool = ctx.attached if len(ctx.attached) >= 2 else ctx.path_handles
        if len(pool) < 2:
            raise Unresolved("There's only one image so far; which two images do you mean?")
        found.add(m, pool[-2:])
    for m in re.finditer(r"\b(?:the|those|these|thae)\s+(first|last)\s+(two|three|2|3)\b(?!\s+(?!images|pictures|photos|pics|versions|ones|of|has|have|had|"
                         r"is|are|was|were|looks?|looked|seems?)[a-z]{3,})", text):  # not "the first two dogs"
        n, pool = number_value(m.group(2)), ctx.batch if len(ctx.batch) > number_value(m.group(2)) else ctx.path_handles
        if len(pool) < n:  # "which of the first two has more clouds?" (of the last batch when it has more)
            raise Unresolved(f"There are only {len(pool)} images so far; which do you mean?")
        found.add(m, pool[:n] if m.group(1) == "first" else pool[-n:])
    for m in re.finditer(r"\ball\s+(three|four|five|3|4|5)\b(?!\s+(?:of\s+)?(?!them|these|those|images|pictures|photos|pics|uploads)[a-z]{3,})", text):
        n = number_value(m.group(1))  # "a character wearing all three": the last uploads, else the last images
        pool = ctx.recent_uploads if len(ctx.recent_uploads) >= n else ctx.path_handles
        if len(pool) >= n:
            found.add(m, sorted(pool[-n:]))
    for m in re.finditer(r"\b(?:the|my|those|these)\s+(?:photos|pics|pictures|images)\s+(?:that\s+|which\s+)?(?:i|we)\s+(?:just\s+|already\s+)?"
                         r"(?:sent|send|uploaded|attached|shared)\b(?:\s+(?:to\s+)?(?:you|u|ya))?", text):
        sent = ctx.attached if len(ctx.attached) >= 2 else ctx.uploads  # "put the photos I just sent side by side"
        if len(sent) >= 2:  # "in the photos I sent you, which one is the darkest?": every one sent (not the last)
            found.add_over(m, list(sent))
    for m in re.finditer(r"\b(?:all (?:of )?(?:them|the images|the pictures|images)|every image|all images)\b", text):
        if re.search(r"\b(?:tell me|name|list|write)\s+$", text[:m.start()]):
            continue  # "Which colours you see in this carpet? Tell me all of them": the colours, not the pictures
        if not ctx.handles:
            raise Unresolved("This session has no images yet.")
        found.add(m, list(ctx.handles))


# kinds of picture people bring: "the painting", "my logo" ("the texture" is too often part of the image)
KIND_NOUNS = ("painting", "drawing", "sketch", "poster", "portrait", "logo", "artwork", "illustration", "moodboard")
CONTENT_IMAGE_NOUN = (r"pic|picture|photo|image|shot|version|drawing|painting|render|sketch|poster|portrait|selfie|one|sample|"
                      r"page|panel|slide|scene|flyer|card|cover|"
                      r"logo|artwork|illustration|moodboard|palette|texture|pattern|swatch|reference")
NOT_CONTENT = {
    "first", "second", "third", "fourth", "fifth", "last", "latest", "newest", "previous", "prior", "earlier",
    "original", "initial", "current", "same", "other", "new", "next", "whole", "entire", "above", "below",
    "one", "this", "that", "final", "old", "older", "very", "only", "best", "right", "left", "two", "both",
}
# words after "that"/"this" that name no object: verbs and fillers ("that is", "this looks", "that way")
NOT_A_THING = {"image", "picture", "photo", "pic", "way", "time", "style", "look", "is", "was", "are", "were", "be",
               "looks", "looked", "seems", "seemed", "has", "had", "does", "did", "will", "would", "could", "should",
               "can", "might", "must", "and", "but", "or", "so", "too", "much", "bit", "part", "kind", "sort", "thing",
               "stuff", "really", "just", "also", "still", "again", "now", "here", "there", "in", "on", "of", "for",
               "with", "to", "at", "by", "it", "i", "you", "we", "they", "he", "she", "works", "worked", "helps",
               "the", "a", "an", "my", "your", "our", "one", "ones"}


def _word_pattern(word: str) -> re.Pattern:
    """A word as captions may say it: plurals, "wooden" for "wood", "glitter" for "glittery"."""
    stem = re.sub(r"(?<=[a-z]{4})(?:y|ing|ed)$", "", word)
    return re.compile(rf"\b(?:{re.escape(word)}|{re.escape(stem)})(?:s|es|en|y|ing)?\b")


def latest_first(ctx: RouterContext) -> list[int]:
    """Images to search by their words: the head path newest first, then the other branches'."""
    return list(reversed(ctx.path_handles)) + [h for h in reversed(ctx.handles) if h not in ctx.path_handles]


def _relative(word: str, ctx: RouterContext, existing, very: bool = False, match: re.Match | None = None) -> list[int]:
    span = match.span() if match else None  # where a question points
    if not ctx.handles:
        raise Unresolved("There are no images in this session yet. Describe what to create, or attach one.")
    if word in ORDINALS and len(ctx.attached) >= 2 and ORDINALS[word] <= len(ctx.attached):
        return [ctx.attached[ORDINALS[word] - 1]]  # "the first ... the second" of this turn's attachments
    if ctx.batch and not very and (ORDINALS.get(word, 99) <= len(ctx.batch) or word in ("middle", "last")):
        # "3 versions please", then "the middle one" / "the first of them": places within that turn's images
        # ("the very first one" still means the session's first)
        return [ctx.batch[len(ctx.batch) // 2 if word == "middle" else -1 if word == "last" else ORDINALS[word] - 1]]
    if word == "middle":
        raise Unresolved("Which image do you mean by the middle one? Name it by its number.", span)
    if word in ORDINALS:
        n = ORDINALS[word]
        if n > len(ctx.handles):
            raise Unresolved(f"There are only {len(ctx.handles)} images ({_list(ctx.handles)}); which one did you mean?", span)
        return [ctx.handles[n - 1]]
    if word in ("last", "latest", "newest", "current", "new"):
        return [ctx.current if ctx.current is not None else ctx.handles[-1]]
    if word == "earliest":
        return [ctx.handles[0]]
    if word in ("original", "initial"):
        start = ctx.current if ctx.current is not None else ctx.handles[-1]
        return [_lineage_root(start, ctx)]
    # previous / prior / earlier / before-last: the image that was current before this one
    if ctx.current in ctx.current_path and ctx.current_path.index(ctx.current) > 0:
        return [ctx.current_path[ctx.current_path.index(ctx.current) - 1]]
    if ctx.current is not None and ctx.parents.get(ctx.current):
        return [ctx.parents[ctx.current][0]]
    path = ctx.path_handles
    if ctx.current in path:
        idx = path.index(ctx.current)
        if idx > 0:
            return [path[idx - 1]]
    elif len(path) >= 2:
        return [path[-2]]
    raise Unresolved("There is no earlier image to go back to; which image do you mean?", span)


def _list(handles: list[int]) -> str:
    return ", ".join(f"#{h}" for h in handles) if handles else "none"
