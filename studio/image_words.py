"""What each image shows, in words: its caption (what the person said when it came in, the prompt of
the generation it started from, the words of every edit on its way), the names of the files it came
from or borrowed, less what an edit took away ("remove the hat", "instead of the jacket") and less
colours a later step painted over ("make the door blue": the door is no longer red). Read by
studio/content.py, which matches a person's words against them.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from studio.router_context import RouterContext

# words that say nothing about what an image shows
STOP = set("""
a an the this that these those it its it's he she him her his hers they them their we us our you your i me my
mine and or but so then than to of in on at by for with from into onto over under as is are was were be been
being do does did done have has had can could would should will shall may might must just only also too very
really quite bit little more less much some any all both each every no not please pls plz thanks thank ok okay
yes yeah yep nah hmm oh ah well now again still even back one ones version versions pic pics picture pictures
image images photo photos shot shots look looks looking like liked love loved prefer preferred want wanted
make made making put add added change changed give gave turn try tried let lets let's go going get got see show
keep keeping continue use using take took stay staying pick choose choosing same other new old original
first second third fourth fifth last latest previous before after earlier earliest later current normal plain regular clean basic
oldest newest recent recently most least middle final initial prior next
what which where who how why when there here something thing things way kind sort w/ w wo w/o up down out off
about around maybe actually probably think guess bit lot lots nice good great better best cute cuter cool
instead rather went without vibe vibes print printed tbh lol haha honestly remove removed delete erase replace swap
drop lose ditch rid bring brought return done redo undo png jpg jpeg webp gif tif tiff heic img dsc dscn dcim pxl
screenshot untitled whatsapp copy final edit edited export
""".split())
# ("no snow" too, but not "no, the hat" or "no wait")
GONE = re.compile(r"\b(?:remove|removed|delete|erase|take\s+(?:off|out|away)|get\s+rid\s+of|without|no\s+more|instead\s+of|"
                  r"no(?=\s+(?!(?:the|a|an|i|it|wait|not|way|one|problem|worries|thanks)\b))|drop|lose|ditch)\s+(?:the\s+|a\s+|an\s+|his\s+|her\s+|its\s+|their\s+)?((?:[a-z]+\s+){0,2}?[a-z]+)\b")

# "there is a price sticker on the shoe, I marked it. Remove only that": the thing the sentence before named
GONE_SAID_BEFORE = re.compile(r"\b(?:remove|delete|erase|take\s+(?:off|out|away)|get\s+rid\s+of)\s+(?:only\s+|just\s+)?"
                              r"(?:that|it|this|them|those|these)\s*(?:[.!?]|$)")


def took_away(handle: int, view: RouterContext | _Made, said_before: bool = True) -> set[str]:
    """The words the step that made `handle` removed ("remove the sticker"; with `said_before`, "there is a sticker on it.
    Remove that": what that step said that its source did not; not for what the picture shows, since "the one where you
    removed the reflection" names that step by those words)."""
    step = step_said(handle, view)
    gone = {w for found in [*GONE.finditer(step), *SWAPPED.finditer(step)] for w in content_words(found.group(1))}
    if said_before and GONE_SAID_BEFORE.search(step):
        inputs = view.parents.get(handle) or []
        had = content_words(view.captions.get(inputs[0], "")) if inputs else []
        gone |= {w for w in content_words(step) if not any(same_word(w, h) for h in had)}
    return gone


# "swap the wooden board for white marble", "replace the hat with a crown": the first thing is gone
SWAPPED = re.compile(r"\b(?:swap|replace|exchange|switch)\s+(?:out\s+)?(?:the\s+|a\s+|an\s+|his\s+|her\s+|its\s+|their\s+)?"
                     r"((?:[a-z]+\s+){0,2}?[a-z]+)\s+(?:out\s+)?(?:for|with)\b")


def content_words(text: str) -> list[str]:
    """The words of `text` that say what something shows, in order, without repeats."""
    words: list[str] = []
    for word in re.findall(r"[a-z][a-z'-]*[a-z]|[a-z]", text.lower()):
        word = word.strip("'-")
        if len(word) > 2 and word not in STOP and word not in words:
            words.append(word)
    return words


@functools.lru_cache(maxsize=1 << 16)  # a pure function of two words, asked again on every turn
def same_word(a: str, b: str) -> bool:
    """One word in another form: plurals and endings ("painted"/"painting"), compounds whose part it
    is ("motorbike" for "bike", "rooftop" for "roof"), a typo in a long word ("hous", "sunglases")."""
    if a == b:
        return True
    stem_a, stem_b = _stem(a), _stem(b)
    if stem_a == stem_b and len(stem_a) >= 3:
        return True
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 4 and (long_.endswith(short) or long_.startswith(short)):
        return True
    if len(_stem(short)) >= 4 and long_.startswith(_stem(short)):  # "snowy" and "snowstorm"
        return True
    # a letter swapped needs a longer word: "cake" is not "came", "hous" is "house"
    return len(short) >= (5 if len(a) == len(b) else 4) and abs(len(a) - len(b)) <= 1 and _one_edit(a, b)


def same_form(a: str, b: str) -> bool:
    """The very word, or it with another ending ("painted"/"painting"); not a compound it is part of."""
    return a == b or _stem(a) == _stem(b) or a in b.split("-") or b in a.split("-")  # "text-at-the-top": top


def _stem(word: str) -> str:
    if len(word) <= 4:
        return word
    doubled = re.sub(r"([b-df-hj-np-tv-z])\1y$", r"\1", word)  # "foggy": fog, "sunny": sun
    return doubled if doubled != word else re.sub(r"(?:'s|ies|es|s|ed|ing|er|y|en)$", "", word)


def _one_edit(a: str, b: str) -> bool:
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def shown(ctx: RouterContext) -> dict[int, list[str]]:
    """Each image's words: its caption (which carries its source's), the file names of the uploads it
    was made from or borrowed, less what its step took away."""
    return {handle: list(_words_of(handle, _what_made(handle, ctx))) for handle in sorted(ctx.handles)}


class _Made(NamedTuple):
    """What an image's words are read from: its own and its sources' and lenders' captions, inputs and
    file names. The words are kept per process under these, so a turn reads each stored image once."""
    captions: dict[int, str]
    parents: dict[int, list[int]]
    names: dict[int, str]


def _what_made(handle: int, ctx: RouterContext) -> tuple:
    chain = lineage(handle, ctx)
    lent = [h for made in chain for h in ctx.parents.get(made, [])[1:]]
    return tuple((h, photo_caption(h, ctx), tuple(ctx.parents.get(h, [])), ctx.names.get(h, ""))
                 for h in dict.fromkeys(chain + lent))


def photo_caption(h: int, ctx: RouterContext) -> str:
    """An image's caption; for a photo that only ever lent something, its message less what the picture it
    changed shows ("make the sign outta this here wood": wood, not the sign)."""
    caption = ctx.captions.get(h, "")
    lent_only = h in ctx.uploads and h not in ctx.current_path and any(h in inputs[1:] for inputs in ctx.parents.values()) \
        and not any(inputs[:1] == [h] for inputs in ctx.parents.values())
    if lent_only:  # less the words of the pictures it lent to
        theirs = set(content_words(" ".join(ctx.captions.get(inputs[0], "") for inputs in ctx.parents.values() if h in inputs[1:])))
        return " ".join(w for w in content_words(caption) if w not in theirs)
    return caption


def step_said(handle: int, view: RouterContext | _Made) -> str:
    """What the step that made `handle` said: its caption past its source's ("a dog, add a peony" -> ", add a
    peony"); the whole caption for an image made from nothing."""
    inputs = view.parents.get(handle, [])
    caption = view.captions.get(handle, "")
    source = view.captions.get(inputs[0], "") if inputs else ""
    return caption[len(source):] if inputs and caption.startswith(source) else caption


@functools.lru_cache(maxsize=16384)
def _words_of(handle: int, made: tuple) -> tuple[str, ...]:
    view = _Made({h: c for h, c, _, _ in made}, {h: list(p) for h, _, p, _ in made}, {h: n for h, _, _, n in made})
    caption = view.captions.get(handle, "")
    own = content_words(caption)
    chain = lineage(handle, view)
    lent = [h for made_from in chain for h in view.parents.get(made_from, [])[1:]]
    for named in chain + lent:
        own += [w for w in content_words(view.names.get(named, "")) if w not in own]
    if view.parents.get(handle):
        gone = took_away(handle, view, said_before=False)
        # what the step brought ends its opposite: "turn it into night" leaves no "morning" in the picture
        gone |= {w for brought in content_words(step_said(handle, view)) for w in contradicted_by(brought)}
        own = [w for w in own if not any(same_word(w, g) for g in gone)]
    colours = _colours_now(chain, view) | {w for named in chain + lent for w in content_words(view.names.get(named, ""))}
    return tuple(w for w in own if w not in COLOURS or w in colours)


COLOURS = set("""red orange yellow green blue purple pink brown black white grey gray gold golden silver teal navy violet
beige turquoise magenta cyan crimson maroon""".split())
# "make it blue", "turn him bright orange": the whole thing recoloured, its old colour gone
COLOUR_WORDS = "|".join(sorted(COLOURS))
# ("now try it in blue", "and yellow": the step is only the new colour)
RECOLOURED = re.compile(rf"\b(?:make|turn|paint|change|recolou?r|colou?r|try|do|have)\s+(?:it|him|her|them|this|that)\s+(?:to\s+|into\s+|in\s+)?(?:a\s+)?"
                        rf"(?:(?:bright|dark|light|deep|pale)\s+)?(?:{COLOUR_WORDS})\b|"
                        rf"^(?:\W*(?:and|now|ok|okay|then|or|maybe)\b)*\W*(?:in\s+)?(?:(?:bright|dark|light|deep|pale)\s+)?(?:{COLOUR_WORDS})\W*$")
# "make the door blue", "paint his jacket green": that part's old colour gone, the rest's kept
PART_RECOLOURED = re.compile(rf"\b(?:make|turn|paint|change|recolou?r|colou?r)\s+(?:the|his|her|its|their)\s+(?:[a-z]+\s+){{0,2}}?"
                             rf"([a-z]+)\s+(?:to\s+|into\s+|in\s+)?(?:a\s+)?(?:(?:bright|dark|light|deep|pale)\s+)?(?:{COLOUR_WORDS})\b")


def _colours_now(chain: list[int], ctx: RouterContext | _Made) -> set[str]:
    """The colour words that still hold for the last image of `chain` (the image, then its sources):
    a step that recolours the whole thing replaces the colours its source had ("the red one" is not
    the red car made blue)."""
    colours: set[str] = set()
    for made in reversed(chain):
        inputs = ctx.parents.get(made, [])
        source_caption = ctx.captions.get(inputs[0], "") if inputs else ""
        step = step_said(made, ctx)
        said = {w for w in re.findall(r"[a-z]+", step) if w in COLOURS}
        for part in PART_RECOLOURED.finditer(step):  # "make the door blue": the door was red before
            colours -= set(re.findall(rf"\b({COLOUR_WORDS})\s+(?:[a-z]+\s+){{0,2}}?{part.group(1)}\b", source_caption))
        colours = said if RECOLOURED.search(step) else colours | said
    return colours


def lineage(handle: int, ctx: RouterContext | _Made) -> list[int]:
    """The image and every image it was edited from, source by source."""
    chain, seen = [handle], {handle}
    while ctx.parents.get(chain[-1]) and ctx.parents[chain[-1]][0] not in seen:
        chain.append(ctx.parents[chain[-1]][0])
        seen.add(chain[-1])
    return chain


# "the one with the clear sky" when no picture's words say "clear", but a step made it overcast
OPPOSITES = {
    "clear": ("overcast", "cloudy", "rainy", "rain", "stormy", "storm", "foggy", "fog", "misty", "gloomy"),
    "sunny": ("overcast", "cloudy", "rainy", "rain", "stormy", "storm", "foggy", "gloomy", "night"),
    "blue": ("overcast", "cloudy", "grey", "gray", "stormy"),
    "day": ("night", "nighttime", "dusk", "sunset"), "daytime": ("night", "nighttime", "dusk", "sunset"),
    "daylight": ("night", "nighttime", "dusk"), "night": ("day", "daytime", "daylight", "morning", "noon"),
    "dry": ("wet", "rainy", "rain", "snowy", "snow"), "summer": ("winter", "snowy", "snow", "autumn"),
    "winter": ("summer", "spring"), "calm": ("stormy", "storm", "rough", "waves"), "bright": ("dark", "gloomy", "moody"),
    "empty": ("crowded", "busy", "people"), "realistic": ("painting", "painted", "watercolour", "watercolor", "cartoon"),
    "colour": ("black", "monochrome", "grayscale", "greyscale"), "color": ("black", "monochrome", "grayscale", "greyscale"),
}


_CONTRADICTED: dict[str, set[str]] = {}
for _key, _opposites in OPPOSITES.items():  # both ways, built once: shown() asks for every word of every step
    _CONTRADICTED.setdefault(_key, set()).update(_opposites)
    for _word in _opposites:
        _CONTRADICTED.setdefault(_word, set()).add(_key)


def contradicted_by(word: str) -> set[str]:
    """The words that no longer hold once a step brings `word` ("night" ends "morning" and "sunny")."""
    return _CONTRADICTED.get(word, set())


def before_opposite(wanted: list[str], ctx: RouterContext) -> int | None:
    """ "the one with the clear sky" after "make it rainy": the image the step that brought the opposite
    started from (None when no word has an opposite that a step brought)."""
    for word in wanted:
        for opposite in OPPOSITES.get(word, ()):
            hit = before_step(opposite, ctx)
            if hit is not None:
                return hit
    return None


WRITING = {"text", "words", "writing", "lettering", "letters", "caption", "title", "wording", "slogan"}


def _noun_stem(noun: str) -> str:
    return noun[:-2] if re.search(r"[a-z]{3}ed$", noun) else noun[:-1] if re.search(r"[a-z]{3}[^s]s$", noun) else noun


def before_step(noun: str, ctx: RouterContext, brought: bool = True, also: str = "") -> int | None:
    """The image the latest step that mentioned `noun` was made from ("before the hat" -> the hat
    edit's source): the step's own words are its caption less the caption it inherited. `brought`: the step that
    first brought it, past later ones that spoke of it again (not "before you reduced the yellow": that step). `also`: a
    word the step must say as well ("before the gate fixing": the step that said gate and fix)."""
    # "before the text went on" after "add the words ...": writing goes by many names
    pattern = re.compile(r"\b(?:text|words?|writ\w*|letter\w*|caption|title|says|saying|slogan)\b" if noun in WRITING
                         else rf"\b{re.escape(_noun_stem(noun))}(?:s|es|ed|y)?\b")  # "snowed": snow; "the boats": a boat
    def own_words(handle: int) -> str:
        own, inputs = ctx.captions.get(handle, ""), ctx.parents.get(handle) or []
        inherited = ctx.captions.get(inputs[0], "") if inputs else ""
        return own[len(inherited):] if inputs and own.startswith(inherited) else own if inputs else ""

    for handle in reversed(ctx.path_handles):
        inputs = ctx.parents.get(handle) or []
        if not inputs:
            continue
        own = own_words(handle)
        lent = " ".join(f"{ctx.names.get(h, '')} {ctx.captions.get(h, '')}" for h in inputs[1:])
        if brought and pattern.search(own_words(inputs[0])):
            continue  # the step before said it too ("3 versions with a boat", then "her in the front of the boat"): that one brought it
        if also and not re.search(rf"\b{re.escape(also)}(?!ing)", own):  # "fix" said, not "earring" for "earr"
            continue
        if pattern.search(own) or pattern.search(lent.replace("_", " ").replace(".", " ")):
            return inputs[0]  # "before the hat went on": the step said so, or borrowed it (hat.png: "me old akubra")
    return None
