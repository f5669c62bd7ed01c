"""Generation parameters said in words: "seed 7", "30 steps", "1024x768", "guidance 4", "16:9", "in
portrait", "make it square", "3 variations", "a few more options". Each is cut out of the text,
which the router then reads without it."""

from __future__ import annotations

import re

from studio.alternatives import ONE_PICTURE_EACH, items_before_each, listed_items
from tools.schemas import MAX_VARIATIONS, GenerationParams

PARAM_PATTERNS = [
    ("seed", re.compile(r"[,;]?\s*\b(?:with\s+|using\s+)?seed\s*(?:=|:|of|is)?\s*(\d+)\b")),
    ("steps", re.compile(r"[,;]?\s*\b(?:with\s+|in\s+|using\s+)?(\d+)\s*(?:denoising\s+|sampling\s+|inference\s+)?steps\b")),
    ("size", re.compile(r"[,;]?\s*\b(?:at\s+|in\s+|size\s+)?(\d{2,4})\s*(?:[x×*]|\s+by\s+)\s*(\d{2,4})(?:\s*px|\s*pixels)?\b")),
    ("guidance", re.compile(r"[,;]?\s*\b(?:with\s+)?(?:guidance|cfg)(?:\s+scale)?\s*(?:=|:|of)?\s*(\d+(?:\.\d+)?)\b")),
]
# aspect ratios at about one megapixel, sides multiples of 64 (what the image models were trained on)
ASPECTS = {"16:9": (1344, 768), "9:16": (768, 1344), "4:3": (1152, 896), "3:4": (896, 1152), "3:2": (1216, 832),
           "2:3": (832, 1216), "1:1": (1024, 1024), "21:9": (1536, 640), "4:5": (896, 1088), "5:4": (1088, 896)}
ASPECT_WORDS = {"portrait": "3:4", "vertical": "9:16", "landscape": "4:3", "horizontal": "4:3", "square": "1:1",
                "widescreen": "16:9", "wide": "16:9", "story": "9:16", "stories": "9:16"}
ASPECT = re.compile(
    r"\b(?:(?:in|as|at|to|for|into)\s+(?:a\s+|an\s+|the\s+)?)?(?:(\d{1,2}\s*:\s*\d{1,2})(?:\s+(?:format|aspect(?:\s+ratio)?|ratio|crop))?|"
    r"(?:(?<=in )|(?<=as )|(?<=as a )|(?<=to )|(?<=into ))?(portrait|landscape|vertical|horizontal|square|widescreen|story|stories)"
    r"\s+(?:format|orientation|mode|aspect|ratio|crop|version|size)|"
    r"(?<=\bin )(portrait|landscape|widescreen)\b(?!\s+(?:of|with|style|photo|painting|shot)\b)|(?<=\bmake it )(square|wide|vertical))")
COUNT_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "few": 3,
               "deux": 2, "trois": 3, "zwei": 2, "drei": 3, "dos": 2}
_NUMBER = r"(\d{1,2}|two|three|four|five|six|seven|eight|deux|trois|zwei|drei|dos|couple(?:\s+of)?|few)"
# Counts of pictures asked for in one turn. A number before a word that can only mean versions counts
# wherever it stands ("do me three different colour version", "a flight of three variations", "iske 3 alag
# versions banao"), unless a word before it points at versions that exist ("compare the 3 versions", "your
# two options"). Nouns that can also mean things people have ("3 designs") count only after a word that asks.
COUNT_PATTERNS = [
    re.compile(r"(?<![\w#-])\**((?:a\s+)?" + _NUMBER + r"\s+(?:more\s+)?(?P<keep>(?:(?!(?:as|the|a|an|of|to|for|in|on|with|from|that|this|is|was|my|your|their|its|and|or)\s)[a-z][\w'-]*\s+){0,3}?)(?:variations?|variants?|"
               r"versions?|options?|choices|opciones|opções|takes|candidates|alternatives?|alternates?|alts|renditions|iterations|visions|interpretations|"
               r"(?:different|diff|fresh|new)\s+(?:ones?|anes|uns)|goes|tries|attempts|spins|stabs|cracks|bashes|wyes|propositions|proposals|"
               r"ones(?=[^.!?]{0,40}\b(?:pick|choose|select|decide|vote|compare)\b)|ones\s+to\s+choose\s+from|(?:to|tae)\s+(?:pick|choose)\s+(?:from|fae|frae)))\b"),
    # "make me like 4 sticker designs", "do me three of it", "she wants 3 of them so she can pick"
    re.compile(r"\b(?:me|us|gimme|make|try|show|generate|create|wants?|needs?|do|draw|render|get|see|produce|with|give|"
               r"(?:could|can|may)\s+(?:i|we)\s+have|like|maybe|about)\s+\**((?:a\s+)?" + _NUMBER + r"\s+(?:more\s+)?"
               r"(?:(?=(?:[a-z]+\s+){0,2}?(?:designs|ideas|concepts|mock-?ups|drafts|samples)\b)|of\s+(?:it|this|that|him|her|dat|dis)\b|"
               r"of\s+(?:them|those|these|em|'em|dem)(?=\s+(?:so|to|for|with)\b|\s*[.!?]*$|\s*,\s*(?:my|our|so|i|we|she|he|they)\b)))"),  # "Make me 3 of them, my wife also must see!"
    # "show me this same morning three ways" (not "the same subject done two ways": ways seen, not asked for)
    re.compile(r"\b(?:show|make|do|paint|draw|give|try|render)\s+(?:me\s+|us\s+)?(?:(?:this|that|the|it|them|him|her)\s+(?:[a-z]+\s+){0,2}?)?"
               r"(?<!ed\s)(?<!split\s)(?<!cut\s)(?<!cutting\s)(?<!pointing\s)(?<!facing\s)(?<!going\s)(" + _NUMBER + r")\s+ways\b(?!\s+(?:to|of)\b)"),
    # "Varnish darker. Walnut finish. Three samples.": a sentence that only counts them
    re.compile(r"(?:^|[.!?]\s+)(" + _NUMBER + r")\s+samples\s*[.!?]*$"),
    # "make me up 3 of em with different lights"
    re.compile(r"\b(?:make|do|give)\s+(?:me|us)\s+up\s+(" + _NUMBER + r"\s+of\s+(?:them|those|these|em|'em|it|this))\b"),
    # "gimme 3 different fonts so the boys can vote", "show us two different skies" (not "add 3 different flowers")
    re.compile(r"\b(?:gimme|give\s+(?:me|us)|show\s+(?:me|us)|send\s+(?:me|us))\s+(" + _NUMBER + r")\s+different\s+[a-z]+s\b"),
    # "do me three of the stall" (not "make three of the dogs red")
    re.compile(r"\b(?:me|us)\s+(" + _NUMBER + r")(?=\s+of\s+the\s+[a-z]+)"),
    # "2 more with a green background so he can pick": that many more of the last picture, changed so
    # ("give me 3 more of the same so I've got a choice", "Make 3 more with different backgrounds"; not "add 3 more candles")
    # ("chuck me 2 more to pick from", "spin up 3 more from scratch"; whatever the verb, unless it adds things)
    re.compile(r"(?:^|[,;.!]\s*|\b(?:make|give|do|draw|show|render|generate|get|want|need|like|try|create|chuck|gimme|send|"
               r"(?:spin|whip|knock|run)\s+up)\s+(?:(?:me|us)\s+)?)((\d|two|three|four|five)\s+more)\b"
               r"(?=\s+(?:with|in|but|like|please|pls|so|to|from|different|diff|of\s+(?:it|that|this|the\s+same|them|those))\b|\s*[!?]*$)"),
    # (not "Two more. Render the former in the style of the latter.": photos sent)
    # "3 of them w/ 'FRESH OYSTERS' on top", "Three of those, please"
    # ("ok. 3 of them. different sky": a sentence of its own)
    re.compile(r"(?:^|[.!?:]\s+)((" + _NUMBER[1:-1] + r")\s+of\s+(?:them|those|these|em|'em|it))\b(?=\s*(?:(?:w/|with)\s*['\"“‘]|(?:please|pls)\b|[.!]*\s*$|[.!]\s*(?=[^.!?]*\b(?:different|diff|each)\b)))"),
    # "can you make it again 3 times, little bit different each one" (not "make it 3 times bigger")
    re.compile(r"\b(?:make|do|draw|generate|render|try|create|run)\s+(?:it|that|this|them|one)\s+(?:again\s+)?((" + _NUMBER[1:-1] + r")\s+times)\b"
               r"(?!\s+(?:bigger|smaller|larger|more|less|as|brighter|darker|wider|taller|longer|the|over)\b)"),
    # "same again, but four of them this time"
    re.compile(r"\b(" + _NUMBER + r"\s+of\s+(?:them|those|these))(?=\s+this\s+time\b)"),
    # "make 3 drawings of a birthday cake", "show me two pictures of the harbour" (not "a card with 3 pictures of the kids")
    # ("I would request three renderings of a gathering of poets")
    re.compile(r"\b(?:make|draw|create|generate|render|produce|sketch|request|want|need|(?:give|show|send|do)\s+(?:me|us))\s+(?:me\s+|us\s+)?(" + _NUMBER +
               r")\s+(?:[a-z-]+\s+){0,3}?(?:drawings|sketches|pictures?|pics|images?|photos|shots|illustrations|renders|renderings|renditions|"
               r"paintings|posters|logos)\b"),
    # "Give me THREE skies. Evening, fireworks. I will pick." (not "give me 3 candles"; a choice said after)
    re.compile(r"\b(?:give|gimme|show|send)\s+(?:me\s+|us\s+)(" + _NUMBER + r")\s+[a-z]{3,}s\b(?=[^?]{0,80}\b(?:i|we|she|he)(?:'ll|\s+will|\s+can)\s+"
               r"(?:pick|choose|select|decide)\b)"),
    # "Three of them, if you please, so that she may choose"
    # "Three on that, different angles, same plate. I'll pick"
    # "Now 3 of a diver wet welding on a pipeline. Torch lit, bit of silt. I'll pick one."
    re.compile(r"(?:^|[.!?:]\s+)(?:now\s+)?(" + _NUMBER + r"\s+(?:of|on)\s+(?:them|those|these|em|'em|that|this|it|a|an))\b"
               r"(?=.{0,80}\b(?:choose|pick|select|decide)\b)"),
    # "Make him 3 so he can choose", "do her two to pick from"
    # ("Make three, I'll show my sister and we'll pick")
    re.compile(r"\b(?:make|do|draw|give)\s+(?:(?:him|her|them|me|us)\s+)?(" + _NUMBER + r")\b(?=\s+(?:so|to|for)\b|"
               r"\s*[,;]\s*[^.!?]{0,60}\b(?:pick|choose|select|decide|vote|compare)\b)"),
    # "do two, one with a shino glaze and one raku", "make 3: one at dawn, one at noon, one at dusk"
    re.compile(r"\b(?:do|make|give|show|try|draw|render|gimme|create|generate)\s+(?:(?:me|us|him|her|them)\s+)?(" + _NUMBER +
               r")(?=\s*[,:;–—-]\s*(?:one|the\s+first)\b)"),
    # "Show me 4 different, me choose", "give us three different so we can vote" (not "add 3 different flowers")
    re.compile(r"(?<![\w#-])(" + _NUMBER + r")\s+(?:more\s+)?different(?:s\b|(?=\s*(?:[,.;!?]|$|(?:so|to|for|and|me|we|i)\b)))"),
    # "Give me 3 versiones with different colors ... so I can choose", "gie is three different backgrounds then"
    # (the number stays: a list of the versions may follow)
    # ("try three different colours for the background", "do me 3 w diff background colours")
    re.compile(r"\b(?:give|gimme|show|send|make|do|draw|generate|create|render|try)\s+(?:(?:me|us|is|him|her|them)\s+)?(?P<keep>" + _NUMBER +
               r")\s+(?:(?:different|diff)\s+[a-z'-]+|(?:w/?|with)\s+(?:different|diff)\s+[a-z'-]+|[a-z'-]+(?=(?:(?:\s+(?:with|in|for|of)\b|\s*[,:;-])[^.!?]{0,60})?\s+so\s+(?:that\s+)?(?:i|we|she|he|they|you|u)\s+(?:can|could|may)\s+"
               r"(?:choose|pick|decide|vote|compare)\b))"),
    # "Issue an ensemble instead: 4 members, each with a different sky" (not "add 3 candles, each a different colour")
    re.compile(r"(?<!\badd\s)(?<!\bput\s)(?<!\bwith\s)(?<![\w#-])(?P<keep>" + _NUMBER + r")\s+[a-z'-]+\s*,?\s+each\s+(?:with|in|at|under|showing)\s+"
               r"(?:a\s+)?different\b"),
    # a number asked for with nothing counted after it but how the versions differ: "give me four to choose from",
    # "do us three an' I'll pick", "show me three kind", "do us three of a stone cottage", "show me 3 ways this hat could
    # look" (not "give me 3 candles", "make two of the dogs red")
    re.compile(r"\b(?:give|gimme|gizza|show|send|do|make|let\s+(?:me|us)\s+see)\s+(?:(?:me|us|is)\s+)?(" + _NUMBER + r")"
               r"(?=\s*(?:[,.;:!?]|$)|\s+(?:(?:more\s+)?(?:different|diff|other|kinds?|ways|looks|styles|ones?|uns)\b|to\s+(?:choose|pick|select)\b|"
               r"(?:this\s+time|instead|again)\b|with\b(?=[^.!?]*\b(?:different|each)\b)|"  # "give me 3 with writing on top, different letters each"
               r"(?:and|an'?|&)\s+(?:i|we|she|he|they)\b|of\s+(?:a|an)\b|so\b))"),
    # "hit me with a trio", "gen x3: neon street"
    re.compile(r"\b(a\s+(trio))\b(?!\s+of\b)"),
    re.compile(r"\b(?:gen|generate|make|render|draw|create|give\s+me)\s+([x×]\s?([2-8]))\b"),
    # a number alone at the end with only "please": "colour more happy 🌈 3 pls" (not "back to 3 pls", "number 3 please")
    re.compile(r"(?<![\w#'.-])(?<!\bto\s)(?<!\bnumber\s)(?<!\bno\.\s)(?<!\bwith\s)(?<!\band\s)(?<!\bor\s)(?<!\bsize\s)(?<!\bsteps\s)(?<!\bpage\s)(?<!\bat\s)(?<!\bby\s)(([2-8]))\s+(?:pls|plz|please)"
               r"\W*$"),
]
# a word just before the number that points at pictures already made: "the 3 versions", "your two options"
_EXISTING = re.compile(r"\b(?:image|picture|pic|photo|number|no\.|the|these|those|all|both|between|which|among|your|my|our|his|her|their|first|last|other|"
                       r"previous|earlier|top|bottom|made|saw|aforementioned|above|foregoing|said|(?<!could\s)(?<!can\s)(?<!may\s)(?:i|we)\s+(?:have|had))\s+(?:of\s+)?$")


# "three corrections: (1) ..., (2) ..., (3) ...": changes made together to one picture, not versions
_CHANGES = r"(?:corrections|changes|fixes|tweaks|things|edits|adjustments|requests|points|notes|items|steps|amendments|" \
           r"modifications|issues|problems|bits|details|updates|queries|questions|doubts)\b"


# "give her three versions": made for someone, not "her three versions" that exist
_FOR_SOMEONE = re.compile(r"\b(?:give|make|show|send|do|draw|get|render)\s+(?:her|him|them|us|me)\s+$")
# "Two pics: the hat first, then my dog Bruno": the photos sent, listed; not versions (unless asked: "make 3 pictures: ...")
_SENT = re.compile(r"\b(?:pics|photos|photographs|pictures|images|snaps|shots|attachments|uploads|files)$")
_ASKED = re.compile(r"\b(?:make|draw|create|generate|render|give|show|send|do|want|need|paint)\b")


def find_count(text: str) -> tuple[int, int, int, str] | None:
    """(start, end, how many, words to keep in its place) of the first count of pictures asked for in the
    text ("three lighting versions" keeps "lighting"), or None."""
    # "3 (three) options", as a form is filled in: the number once (blanked to the same length, so the spans hold)
    text = re.sub(r"\b(\d)\s*\((?:two|three|four|five|six|seven|eight)\)", lambda m: m.group(1).ljust(len(m.group(0))), text)
    for pattern in COUNT_PATTERNS:
        for match in pattern.finditer(text):
            if _EXISTING.search(text[: match.start(1)]) and not _FOR_SOMEONE.search(text[: match.start(1)]):
                continue
            word = match.group(2)
            said = re.match(r"[^.!?]{0,40}?,\s*(?:maybe|say|ideally)\s+(\d)\b", text[match.end(1):]) if word == "few" else None
            word = said.group(1) if said else word  # "give me a few to choose from, maybe 4"
            n = 3 if word == "trio" else int(word) if word.isdigit() else COUNT_WORDS.get(word, 2)  # "a couple of": 2
            kept = (match.groupdict().get("keep") or "").strip()
            return match.start(1), match.end(1), min(n, MAX_VARIATIONS), kept
    told_apart = _told_apart(text)
    if told_apart:
        return told_apart
    for match in re.finditer(r"\b" + _NUMBER + r"\s+(?:[a-z'-]+\s+){0,2}?(?!" + _CHANGES + r")[a-z'-]+s\b", text):
        # "three costumes - one ice-blue, one pale pink, one pure white": a count whose versions are listed
        n = int(match.group(1)) if match.group(1).isdigit() else COUNT_WORDS.get(match.group(1), 0)
        if 2 <= n <= MAX_VARIATIONS and not _EXISTING.search(text[:match.start(1)]) and listed_items(text[match.start():], n) \
                and not re.search(r"\b(?:add|put|place|insert|include|with|plus)\s+(?:\w+\s+)?$", text[:match.start(1)]) \
                and not (_SENT.search(match.group(0)) and not _ASKED.search(text[max(0, match.start() - 30):match.start()])):
            return match.start(1), match.end(1), n, match.group(1)  # (the count stays: "3 colourways: grey, mustard, green")
    listed = items_before_each(text)  # "a fox, a wolf and a bear, one picture each": as many as listed
    if listed:
        each = ONE_PICTURE_EACH.search(text)  # the words stay: they tell each version apart (studio/alternatives.py)
        return each.start(), each.end(), min(len(listed[1]), MAX_VARIATIONS), each.group(0).strip(" ,.;:!?-")
    return _to_choose_among(text)


# the person says they will choose among what comes back: "so I kin pick de one I like", "Three, please, so I choose.",
# "Show me 3 of em and I'll pick", "Say 4?? So I can have a look!!"; then a number asked for near it counts versions,
# however the count itself is worded
_CHOOSING = re.compile(r"\b(?:so|and|then|to|for)\s+(?:that\s+)?(?:(?:i|we|she|he|they|me|u|you|ah)\s+)?(?:(?:can|kin|could|may|will|cud)\s+)?"
                       r"(?:choose|chose|pick|select|decide|vote|compare|have\s+a\s+look)\b|\b(?:i|we|she|he|they)\s*'?ll\s+(?:pick|choose)\b|"
                       r"\bme\s+choose\b|\bto\s+(?:choose|pick)\s+(?:from|between)\b"
                       r"|\b(?:i|we)\s+(?:choose|pick)\b(?=\s*(?:lah|leh|la|ok|okay|later|after)?\s*[.!?]*$)")  # "make 3 i choose lah"
_ASKED_NUMBER = re.compile(r"(?<![\w#'.-])(\d|two|three|four|five|six|seven|eight|few|couple|tree)(?![\w'-]|[.:,/x]\d)")
# words before a number that make it no count of versions: a seed, a step count, an age, a place
_NOT_A_COUNT_BEFORE = re.compile(r"\b(?:seed|steps?|step|size|page|age|aged|is|are|was|at|by|of|and|or|to|from|than|only|just|"
                                 r"top|bottom|every|each|per|x|add|put|with|plus|have|having|got)\s+$")  # "once more, I want to have two to choose": in all
# a thing counted after it ("3 candles", "two dogs"), unless it is how versions differ
_THINGS_AFTER = re.compile(r"\s+(?:more\s+)?(?!(?:different|differents|diff|other|kinds|ways|versions|options|looks|styles|ones|uns|goes|"
                           r"tries|takes|variations|variants|times)\b)[a-z'-]{2,}s\b")


def _to_choose_among(text: str) -> tuple[int, int, int, str] | None:
    choosing = _CHOOSING.search(text)
    if choosing is None:
        return None
    for match in _ASKED_NUMBER.finditer(text):
        word, before = match.group(1), text[:match.start(1)]
        different = re.match(r"\s+(?:different|diff)\b", text[match.end(1):])  # "with three different sky colours? Then I choose."
        if abs(match.start(1) - choosing.start()) > 140 or _EXISTING.search(before) \
                or _NOT_A_COUNT_BEFORE.search(before) and not (different and before.endswith("with ")) \
                or _THINGS_AFTER.match(text, match.end(1)) or re.match(r"\s*(?:(?:years?|yrs?|pm|am|o'?clock)\b|%)", text[match.end(1):]):
            continue
        if word == "tree" and not re.search(r"\b(?:gimme|give\s+(?:me|us)|show\s+(?:me|us)|make|do\s+(?:me|us))\s+$", before):
            continue  # "tree" said for three only where a number is asked for
        said = re.search(r"\b(?:say|maybe|like|ideally)\s+(\d)\b", text[match.end(1):match.end(1) + 80]) if word in ("few", "couple") else None
        n = int(said.group(1)) if said else 3 if word in ("few", "tree") else 2 if word == "couple" else \
            int(word) if word.isdigit() else COUNT_WORDS.get(word, 0)
        if 2 <= n <= MAX_VARIATIONS:
            return match.start(1), match.end(1), n, ""
    return None


# "Two more. One from above, one from the cab mirror", "a couple with different frame colours, one grey and one light
# oak", "do me 2 of number 9 with the name on, one in gold, one in white": a number with no thing counted after it,
# then as many versions told apart by "one ..." ("Make dis bus 3 diferen colour. One yellow, one red, one green.")
_BARE_NUMBER = re.compile(r"(?<![\w#-])" + _NUMBER + r"(?:\s+more)?(?=\s*(?:[.,:;!?–—-]|$)|\s+(?:of\s+(?:it|them|that|this|those|these|"
                          r"number|#|\d)|with\s+(?:different|other|various))\b|\s+(?:different|diff)\s+[a-z'-]+(?=\s*[.:!?]))")
_ONE_OF_THEM = re.compile(r"(?:^|[,:;.!?–—-]\s*|\b(?:and|then)\s+)one\s+(?!(?:of|more|another|each|is|was|thing|sec|second|minute|day)\b)[a-z]")


def _told_apart(text: str) -> tuple[int, int, int, str] | None:
    for match in _BARE_NUMBER.finditer(text):
        n = int(match.group(1)) if match.group(1).isdigit() else COUNT_WORDS.get(match.group(1).split()[0], 2)  # "a couple": 2
        before = text[:match.start(1)]
        if not 2 <= n <= MAX_VARIATIONS or _EXISTING.search(before) \
                or re.search(r"\b(?:add|put|place|insert|include|with|plus|at|by|to|until|till|for)\s+(?:\w+\s+)?$", before):
            continue
        sentence = re.split(r"(?<=[.!?])\s+(?=[a-z])(?!one\b)", text[match.end():], maxsplit=2)  # this sentence and a next "One ..."
        if len(_ONE_OF_THEM.findall(" ".join(sentence[:2])[:200])) == n:
            return match.start(1), match.end(1), n, ""
    return None


def extract_aspects(text: str) -> tuple[str, list[tuple[int, int]]]:
    """ "in 16:9 and in portrait", "make it square", "9:16 for stories": the sizes asked for, in order."""
    sizes: list[tuple[int, int]] = []
    for match in reversed(list(ASPECT.finditer(text))):
        ratio = match.group(1) or ASPECT_WORDS[match.group(2) or match.group(3) or match.group(4)]
        size = ASPECTS.get(re.sub(r"\s+", "", ratio))
        if size is None:
            a, b = (int(v) for v in re.sub(r"\s+", "", ratio).split(":"))
            if not (a and b and 1 / 4 <= a / b <= 4):
                continue
            width = round((1024 * 1024 * a / b) ** 0.5 / 64) * 64
            size = (width, round(1024 * 1024 / width / 64) * 64)
        sizes.insert(0, size)
        text = (text[: match.start()] + text[match.end():]).strip()
    if sizes:  # "in 16:9 and in portrait" leaves "and in" behind
        text = re.sub(r"(?:\s*,?\s*\b(?:and|or|both)\b(?:\s+(?:in|as|at))?)+\s*(?=[,.!?]|$)", "", text)
        text = re.sub(r"\s+(?:for\s+(?:stories|instagram|insta|tiktok|reels))\b|\s{2,}", " ", text).strip()
    return text, list(dict.fromkeys(sizes))


def extract_params(text: str) -> tuple[str, GenerationParams]:
    """The text without the parameters it says, and those parameters, brought within what the studio runs."""
    text, params, _ = extract_params_noted(text)
    return text, params


def extract_params_noted(text: str) -> tuple[str, GenerationParams, list[str]]:
    """As extract_params, with a sentence for each value said out of range ("with 5000 steps", "9999x9999",
    "guidance 500"): it is brought to the nearest value the studio runs, and the reply says so."""
    values: dict[str, object] = {}
    text, sizes = extract_aspects(text)
    if len(sizes) == 1:
        values["width"], values["height"] = sizes[0]
    elif sizes:
        values["sizes"] = sizes[:4]
    for name, pattern in PARAM_PATTERNS:
        match = pattern.search(text)
        if not match or name in values:
            continue
        if name == "size":
            values["width"], values["height"] = int(match.group(1)), int(match.group(2))
        elif name == "guidance":
            values["guidance"] = float(match.group(1))
        else:
            values[name] = int(match.group(1))
        text = (text[: match.start()] + text[match.end():]).strip()
    # "three (3) versions": a number written out, then in digits
    text = re.sub(r"\b(two|three|four|five|six|seven|eight)\s+\(\s*[2-8]\s*\)", r"\1", text)
    count = find_count(text)
    if count:
        start, end, values["count"], kept = count
        text = re.sub(r"\s{2,}", " ", f"{text[:start]} {kept} {text[end:]}").strip()
    values, notes = _within_limits(values)
    return text.strip(" ,;"), GenerationParams(**values), notes


def _bounds(name: str) -> tuple[float | None, float | None]:
    """The lowest and highest value GenerationParams accepts for a field (its Field(ge=..., le=...))."""
    metadata = GenerationParams.model_fields[name].metadata
    return (next((m.ge for m in metadata if getattr(m, "ge", None) is not None), None),
            next((m.le for m in metadata if getattr(m, "le", None) is not None), None))


def _within_limits(values: dict[str, object]) -> tuple[dict[str, object], list[str]]:
    kept, notes = dict(values), []
    for name, said in (("steps", "{:g} steps"), ("guidance", "guidance {:g}"), ("seed", "seed {:g}")):
        if name in kept:
            low, high = _bounds(name)
            value = min(max(kept[name], low), high)
            if value != kept[name]:
                notes.append(f"{said.format(kept[name])} is outside what I run ({low:g} to {high:g}), so I used {value:g}.")
                kept[name] = value
    side_low, side_high = _bounds("width")
    clamp = lambda side: int(min(max(side, side_low), side_high))  # noqa: E731
    if "width" in kept and (clamp(kept["width"]), clamp(kept["height"])) != (kept["width"], kept["height"]):
        notes.append(f"{kept['width']}×{kept['height']} is outside the sizes I make ({side_low} to {side_high} pixels a side), "
                     f"so I used {clamp(kept['width'])}×{clamp(kept['height'])}.")
        kept["width"], kept["height"] = clamp(kept["width"]), clamp(kept["height"])
    return kept, notes
