"""What each image shows, in words: its caption (what the person said when it came in, the prompt of
the generation it started from, the words of every edit on its way), the names of the files it came
from or borrowed, less what an edit took away ("remove the hat", "instead of the jacket") and less
colours a later step painted over ("make the door blue": the door is no longer red). Read by
studio/content.py, which matches a person's words against them.
"""

from __future__ import annotations

import re

from studio.references import RouterContext

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
GONE = re.compile(r"\b(?:remove|removed|delete|erase|take\s+(?:off|out|away)|get\s+rid\s+of|without|no\s+more|instead\s+of|"
                  r"drop|lose|ditch)\s+(?:the\s+|a\s+|an\s+|his\s+|her\s+|its\s+|their\s+)?((?:[a-z]+\s+){0,2}?[a-z]+)\b")


def content_words(text: str) -> list[str]:
    """The words of `text` that say what something shows, in order, without repeats."""
    words: list[str] = []
    for word in re.findall(r"[a-z][a-z'-]*[a-z]|[a-z]", text.lower()):
        word = word.strip("'-")
        if len(word) > 2 and word not in STOP and word not in words:
            words.append(word)
    return words


def shown(ctx: RouterContext) -> dict[int, list[str]]:
    """Each image's words: its caption (which carries its source's), the file names of the uploads it
    was made from or borrowed, less what its step took away."""
    words: dict[int, list[str]] = {}
    for handle in sorted(ctx.handles):
        caption = ctx.captions.get(handle, "")
        own = content_words(caption)
        chain = lineage(handle, ctx)
        lent = [h for made in chain for h in ctx.parents.get(made, [])[1:]]
        for named in chain + lent:
            own += [w for w in content_words(ctx.names.get(named, "")) if w not in own]
        inputs = ctx.parents.get(handle, [])
        if inputs:
            source_caption = ctx.captions.get(inputs[0], "")
            step = caption[len(source_caption):] if caption.startswith(source_caption) else caption
            gone = {w for found in GONE.finditer(step) for w in content_words(found.group(1))}
            # what the step brought ends its opposite: "turn it into night" leaves no "morning" in the picture
            gone |= {w for brought in content_words(step) for w in contradicted_by(brought)}
            own = [w for w in own if w not in gone]
        colours = _colours_now(chain, ctx) | {w for named in chain + lent for w in content_words(ctx.names.get(named, ""))}
        words[handle] = [w for w in own if w not in COLOURS or w in colours]
    return words


COLOURS = set("""red orange yellow green blue purple pink brown black white grey gray gold golden silver teal navy violet
beige turquoise magenta cyan crimson maroon""".split())
# "make it blue", "turn him bright orange": the whole thing recoloured, its old colour gone
COLOUR_WORDS = "|".join(sorted(COLOURS))
RECOLOURED = re.compile(rf"\b(?:make|turn|paint|change|recolou?r|colou?r)\s+(?:it|him|her|them|this|that)\s+(?:to\s+|into\s+)?(?:a\s+)?"
                        rf"(?:(?:bright|dark|light|deep|pale)\s+)?(?:{COLOUR_WORDS})\b")
# "make the door blue", "paint his jacket green": that part's old colour gone, the rest's kept
PART_RECOLOURED = re.compile(rf"\b(?:make|turn|paint|change|recolou?r|colou?r)\s+(?:the|his|her|its|their)\s+(?:[a-z]+\s+){{0,2}}?"
                             rf"([a-z]+)\s+(?:to\s+|into\s+|in\s+)?(?:a\s+)?(?:(?:bright|dark|light|deep|pale)\s+)?(?:{COLOUR_WORDS})\b")


def _colours_now(chain: list[int], ctx: RouterContext) -> set[str]:
    """The colour words that still hold for the last image of `chain` (the image, then its sources):
    a step that recolours the whole thing replaces the colours its source had ("the red one" is not
    the red car made blue)."""
    colours: set[str] = set()
    for made in reversed(chain):
        caption = ctx.captions.get(made, "")
        inputs = ctx.parents.get(made, [])
        source_caption = ctx.captions.get(inputs[0], "") if inputs else ""
        step = caption[len(source_caption):] if inputs and caption.startswith(source_caption) else caption
        said = {w for w in re.findall(r"[a-z]+", step) if w in COLOURS}
        for part in PART_RECOLOURED.finditer(step):  # "make the door blue": the door was red before
            colours -= set(re.findall(rf"\b({COLOUR_WORDS})\s+(?:[a-z]+\s+){{0,2}}?{part.group(1)}\b", source_caption))
        colours = said if RECOLOURED.search(step) else colours | said
    return colours


def lineage(handle: int, ctx: RouterContext) -> list[int]:
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
    from studio.references import _before_step

    for word in wanted:
        for opposite in OPPOSITES.get(word, ()):
            hit = _before_step(opposite, ctx)
            if hit is not None:
                return hit
    return None
