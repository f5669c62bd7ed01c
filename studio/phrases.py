"""The vocabulary of the exact rules and the call builders: command words (undo, redo, try
again), edit and generation verbs, style and correction phrases, and small text helpers.

Which action a turn means is the interpreter's reading, not a phrase list here. Every pattern runs
on lower-cased text with curly quotes straightened.
"""

from __future__ import annotations

import re

from studio.references import Mention, RouterContext, find_mentions, number_value
from studio.spellings import spelled_out

# -- cue phrases ---------------------------------------------------------------------------------
POLITE = re.compile(
    r"^(?:(?:please|pls|plz|kindly|ok(?:ay)?|k|kk|alright|all right|now|and|then|so|also|next|great|nice|cool|"
    r"actually|hmm+|um+|uh+|oh well|ah|no wait|wait|on second thought|lol|haha|"
    r"perfect|awesome|good|hmm+|well|yes|yeah|yep|sure|thanks|thank you|wow|oh|hey|right|lovely|"
    r"would you mind|can you|could you|would you|will you|can u|could u|i want you to|i'd like you to|"
    r"i would like you to|i need you to|let's|lets|let us|go ahead and|try to|just|maybe|"
    r"is it possible to|is possible to|it is possible to|could you possibly|can you please|could you please|"
    r"would it be possible to|(?:i was|i'm|i am) wondering if (?:you|u) (?:could|might|would|can)|"
    r"(?:would|could|will) you be so (?:kind|good) as to|(?:please )?be so (?:kind|good) as to|might i trouble you to|"
    r"i (?:would|should|'d) be (?:grateful|obliged) if (?:you|u) (?:could|would|might)|dear (?:studio|sir|madam)|"
    r"if you (?:would|could|please)|would you kindly|could you kindly|i should like to|i would like to|"
    r"i wonder if (?:you|u) (?:could|might|would|can)|do you think (?:you|u) could|any chance (?:you|u) (?:could|can)|"
    r"can we|could we|shall we|should we|can ya|could ya|g'day|gday|hiya|mate|bet|fr|ngl|lowkey|highkey|nvm|"
    r"no worries|cheers|bro|fam)\b[\s,.!:;-]*)+"
)
EDIT_VERBS = (
    "make", "add", "remove", "delete", "erase", "change", "replace", "put", "place", "turn", "give", "move",
    "swap", "set", "color", "colour", "recolor", "recolour", "paint", "fill", "brighten", "darken", "lighten",
    "zoom", "crop", "rotate", "flip", "mirror", "blur", "sharpen", "enhance", "let", "have", "keep", "increase",
    "decrease", "reduce", "shrink", "enlarge", "extend", "expand", "convert", "transform", "dress", "age",
    "fix", "clean", "get rid", "take out", "take away", "include", "insert", "apply", "use", "modify",
    "adjust", "tweak", "edit", "switch", "raise", "lower", "widen", "narrow", "straighten", "restore",
    "saturate", "desaturate", "tint", "shift", "bring", "cover", "hide", "show", "transfer", "copy",
    "match", "dye", "wrap", "attach", "stick", "drop", "shorten", "lengthen", "thicken", "soften",
    "warm", "cool down", "redo the", "redraw", "retouch", "upscale", "outpaint", "colorize", "colourize",
    "render", "restyle", "stylize", "stylise", "remake", "rework", "update", "alter", "improve",
    "cut", "trim", "resize", "scale", "duplicate", "multiply", "clone", "open", "close", "light",
    "throw in", "throw", "pop", "toss", "sprinkle", "slap", "chuck", "plop", "drop in", "bring in", "put in",
    "stick", "slip", "swap in", "paste", "overlay", "splash", "scatter", "build", "rebuild", "cover", "coat", "wrap",
    "frame", "line", "plant", "fit", "furnish", "decorate", "style it", "prop", "lean", "hang", "perch", "mount",
    "position", "arrange", "seat",
)
GENERATE_VERBS = (
    "draw", "generate", "create", "imagine", "sketch", "illustrate", "design", "produce", "compose",
    "visualize", "visualise", "depict", "dream up", "come up with", "whip up", "cook up", "conjure",
    "conjure up", "invent", "envision", "picture me",
)
DETERMINER_START = re.compile(
    r"^(?:a|an|some|two|three|four|five|several|many|the\s+(?:word|text)|photo of|picture of|image of|"
    r"portrait of|painting of|drawing of|illustration of|render of|sketch of|close-?up of|logo|poster|"
    r"landscape of|view of|scene of|shot of|still life|watercolou?r of|oil painting of|pixel art of|"
    r"cartoon of|3d render of|an? )\b"
)
NEW_IMAGE = re.compile(
    r"\b(?:new|another|fresh|separate|different)\s+(?:new\s+)?(?:image|picture|photo|drawing|painting|one)(?:\s+(?:of|with|showing)\b|\s*:\s*(?:a|an|some)\b)"
    r"|\b(?:totally\s+|completely\s+|entirely\s+)?(?:different|new|another|fresh)\s+idea\b[^:,-]*[:,-]\s*(?:a|an|some)\b"
    r"|\b(?:need|want|make|draw|do|create)\s+(?:me\s+|us\s+)?(?:a|an)\s+(?:new|fresh|brand[- ]new|separate)\s+"  # "keep the photo, make a new one: ..."
    r"(?:illustration|picture|image|painting|drawing|scene|one)\s*:"
    r"|\bfrom scratch\b|\bstart (?:over|fresh)\b|^(?:a\s+)?new (?:image|picture|photo|pic|img|one|drawing|illustration)\s*[:,-]"
    r"|^(?:next|new|another) (?:page|scene|panel|slide|spread|illustration|image|picture)\s*[:,-]|^(?:gen|generate|img|new|create)\s*:"
    r"|^(?:page|scene|panel|slide|spread)\s*(?:(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|last|final|next)\s*)?[:,-]"
    r"|^(?:the\s+)?(?:last|final|next|first|new)\s+(?:page|scene|panel|slide|spread)\s*[:,-]"
    r"|^(?:the\s+)?next one(?:\s+is)?(?:\s+for\s+[^:,]+)?\s*[:,-]\s*(?:a|an|some)\b"  # "Next one is for the reading corner: a bakery"
    r"|^one(?:\s+is)?\s+for\s+[^:,]+\s*:\s*(?:a|an|some)\b"  # the same with "next" taken as a filler word
    # a label, then a scene: "second piece for the series: a snowy owl", "hero illustration: a person reading"
    r"|(?:^|[.!?]\s+)(?:[a-z0-9']+\s+){0,4}(?:piece|one|option\s+[a-z0-9]|version\s+[a-z0-9]|poster|card|image|picture|design|idea|"
    r"concept|page|panel|slide|scene|shot|draft|illustration|banner|cover|icon|logo|header|thumbnail)"
    r"(?:\s+for\s+[^:]{1,40})?\s*:\s*(?:a|an|some|two|three|[a-z]+\s+[a-z]+s\s+(?:in|on|at|with)\s)\b"
    # "Ale, now new one. Port Vila market ...", "Then make it new: a Marinara ..." (a sentence that says only that)
    r"|(?:^|[.!?]\s+)(?:\w+,?\s+)?(?:now\s+|then\s+)?(?:a\s+)?new\s+one\s*[.!:]|\bmake\s+it\s+new\s*:"
)


# things a turn borrows from another image: "the texture of image 2" lends, "the sky of image 2" is edited
BORROWED = (
    r"texture|style|colou?rs?|colou?r scheme|pattern|material|pose|posture|lighting|light|look|palette|fabric|"
    r"finish|mood|vibe|feel|shape|expression|hair(?:style|cut)?|outfit|clothes|clothing|hat|jacket|shoes|"
    r"dress|shirt|glasses|sunglasses|necklace|logo|object|thing|person|face|one|wood|metal|glass|stone|marble|"
    r"leather|gold|silver|brick|fur|paint|surface"
)


def names_an_image_number(text: str) -> bool:
    """Whether a clause names an image by number ("image 2", "#3")."""
    return bool(re.search(r"#\s*\d+|\b(?:image|picture|photo|pic|img)\s*#?\s*\d+", text))


def split_clauses(text: str, polite_stripped: bool = True) -> list[str]:
    parts = (c.strip(" ,.;:!?-\"'") for c in re.split(r"[,.;:!?]+", text))
    return [c for c in ((strip_polite(p) if polite_stripped else p) for p in parts) if c]


def instructs(clause: str) -> bool:
    if re.match(r"^let me (?:send|show|upload|share|attach|explain|know|see|think)\b", clause):
        return False  # "let me send the same photo again" presents, "let the woman smile" asks
    return starts_with(clause, EDIT_VERBS + GENERATE_VERBS) or bool(re.match(
        r"^(?:can|could|would|will) (?:you|u)\b|^try\s+(?:him|her|it|them|this|that|a|an|the|some)\b", clause))  # "try him in this jacket"


UNDO_COUNT = re.compile(
    r"^(?:let'?s\s+)?(?:undo|revert|go back|step back|roll back|scrap|ditch|bin)\s+(?:(?:the\s+)?(?:last\s+)?(\d+|two|three|four|five)\s+"
    r"(?:changes|edits|steps|times|turns|things|ones|moves)\b"
    r"|x\s*(\d)\b|(\d)\s*x\b|(twice)\b|(both)(?:\s+of\s+(?:those|them|these|em|'em|the))?(?:\s+(?:changes|edits|steps))?\s*$"
    r"|(?:the\s+)?last\s+(two|three)\s*$)"  # "undo x2", "undo 2x", "undo twice", "undo both of those", "undo the last two",
    # "let's scrap both of those changes"
)
# the changes counted back anywhere in a turn: "take back the last two changes pls", "scrap the past 3 edits", "take back
# both of those changes please, I want the plain cottage again"
COUNTED_BACK = re.compile(r"\b(?:(?:the\s+)?(?:last|past|previous)\s+(two|three|four|2|3|4)|(both)\s+(?:of\s+)?(?:those|these|the|my|your))"
                          r"\s+(?:changes|steps|edits|things|goes|tweaks)\b")


def counted_back(text: str) -> int | None:
    """How many changes back the words count anywhere in the text ("the last two changes", "both of those edits")."""
    said = COUNTED_BACK.search(text)
    return None if said is None else 2 if said.group(2) else number_value(said.group(1))


def steps_back(text: str) -> int | None:
    """How many changes the words count back: a command that opens the clause ("undo x2", "undo both of those")
    or a count said anywhere ("take back the last two changes"); None when no count is said."""
    if m := UNDO_COUNT.match(text):
        token = next(g for g in m.groups() if g)
        return 2 if token in ("twice", "both") else number_value(token)
    return counted_back(text)


UNDO = re.compile(
    r"^(?:undo|undo (?:that|this|it|the last (?:one|step|change|edit|thing|turn)|last (?:step|change|edit))|"
    r"undo(?: (?:that|it))? (?:once more|one more time|again|one more)|"
    r"undo (?:that|this|the|my) (?:last |latest |previous )?(?:step|change|edit|one|thing)|"
    r"take me back(?: (?:one|a) step| once)?|undo it|"
    r"(?:scrap|ditch|drop|lose|bin|trash|kill) (?:that|this|the|my) (?:last |latest )?(?:change|edit|step|one)|"
    r"take (?:it|that) away again|"
    r"take (?:that|the|my) (?:last |latest )?(?:change|edit|step) back|"
    r"revert(?: (?:that|it|the last (?:change|edit)))?|go back(?: (?:one|a))?(?: more)?(?: step)?|step back(?: again)?|"
    r"(?:go|step) back (?:once more|one more (?:time|step)|again)|one more step back|(?:and |then )?(?:one more|another(?: one| step)?) back|back one more|"
    r"take (?:that|it) back|scratch that|back up|rewind(?: (?:that|it|this))?|(?:go|come) back to (?:before|how it was(?: before)?)|roll (?:that|it|this) back|roll back(?: (?:that|it|the last (?:change|edit)))?|one step back|cancel (?:that|the last (?:change|edit))|"
    r"i don'?t like (?:that|it)[,. ]*undo(?: it| that)?|"
    # the same said in the languages people mix in: Hindi/Urdu, German, Italian, Spanish, Portuguese, Dutch, Polish,
    # Turkish, Swahili, French, Finnish, Swedish
    r"(?:(?:pichla|pehle) wala )?wapas(?: karo| kar do| le lo)?|undo karo|(?:mach(?: das)? )?rückgängig(?: machen)?|annulla(?:lo)?|"
    r"deshaz(?:lo| eso)?|desfaz(?: isso)?|annuleer(?: dat)?|cofnij(?: to)?|geri al|rudisha(?: vile ilikuwa)?|vuelve atrás|"
    r"torna indietro|annulez(?: ça)?|annule ça|kumoa|ångra)[\s.!]*(?:please|pls|bhai|yaar|tafadhali|bitte|por favor|per favore|svp)?[\s.!]*$"
)
REDO = re.compile(
    r"^(?:redo|redo (?:that|it|the last (?:one|step|change|edit))|undo the undo|bring (?:that|it|the last one) back|"
    r"redo (?:that|this|the|my) (?:last )?(?:change|edit|step|one)|"
    r"bring back (?:that|it|the last one)|i want (?:that|it) back|bring (?:that|the) last one back|"
    r"put (?:that|it) back|go forward(?: (?:one|a) step)?|step forward)[\s.!]*(?:please)?[\s.!]*$"
)
AGAIN = re.compile(
    r"^(?:(?:gimme|give me|get me|show me|make|generate|draw|do|try|let'?s (?:see|have|try)|i'?d like|i want|"
    r"(?:can|could|may) (?:i|we) (?:get|have|see|try)|have|take)\s+)?"
    r"(?:try (?:it |that |this )?(?:again|agian|agin|againn)|(?:do (?:it|that|this) )?(?:again|agian)|one more(?: time)?|another(?: one)?|run it back|"
    r"another (?:version|variation|take|try|go|attempt|shot|stab)(?: at (?:it|that|this))?|(?:one )?more try|"
    r"give it (?:another|one more) (?:go|shot|try)|"
    r"have another go|take another (?:shot|stab)|take two|(?:have|give it|take) another (?:crack|run|bash|whirl|pop)(?: at (?:it|that|this)(?: one)?)?|"
    r"(?:attempt|try|do|run|have a go at) (?:that|the|this) (?:step|one|image|picture|change|edit) (?:once more|again|one more time)|"
    r"(?:do|redo) (?:it|that|this|that one|this one) over|give me another (?:version|one|take|variation)(?: of (?:it|that|this))?|"
    r"do (?:it|that) again|redo it with a new seed|new seed|different seed|re-?roll(?: (?:it|that|this))?|regenerate|"
    r"give me another(?: one)?|once more|retry|a different (?:one|version|variation)|"
    r"(?:make|show me|give me|generate) (?:another|a different) (?:one|version|variation)|"
    r"more variations?|variation|shuffle)[\s,.!?]*(?:please|pls|plz)?[\s.!?]*$"
)
STYLE_PHRASE = re.compile(
    r"(?:in|with|using|into|to)\s+(?:the\s+)?(?:same\s+)?(?:art\s+)?style\s+(?:of|from|as)\s+(?P<of>[^,;.]+)"
    r"|(?:in|with|using|into)\s+(?P<det>this|that|the same|same|its|their|his|her|the)\s+(?:[a-z]+\s+)?style\b"
    r"|\bin\s+my\s+(?:own\s+)?(?:[a-z]+\s+)?style\b"
    r"|\b(?:try|use|apply|put)\s+(?:the|that|this|same)\s+style\s+(?:on|to|for)\b"
    r"|\b(?P<same>same style|that style|this style|the style of|style of|styled (?:like|after)|"
    r"in the manner of|painted like|looking like|that look|this look)\b"
    r"|\b(?:re-?style|styli[sz]e|style transfer)\b"
    r"|'s\s+(?:art\s+|painting\s+|visual\s+)?(?:style|look|aesthetic|vibe)\b"
    r"|\b(?:same|similar|that|this)\s+(?:vibe|aesthetic|mood|feel|look|art style)\s+(?:as|of|like)\b"
    r"|^(?:the\s+)?same\s+(?:look|vibe|aesthetic|feel|mood|treatment)\b"
    r"|\b(?:the\s+)?same\s+[a-z]+\s+style\b"  # "the same watercolour style"
    r"|\bin\s+the\s+(?:vibe|aesthetic|manner)\s+of\b"
    r"|\b(?:in|with)\s+(?:teh|th|da)\s+style\s+of\b"
    r"|\b(?:paint|painted|draw|drawn|render|rendered|redo|redone)\b[^,.;]{0,30}?\blike\s+(?=(?:this|that|image|pic|the|#|\d))"
    r"|(?<!not )\bas\s+(?:the\s+|a\s+|my\s+)?style(?:\s+reference|\s+image|\s+source)?\b"
    r"|\bmatch(?:es|ing)?\s+(?:the\s+)?(?:\w+\s+)?(?:style|look|aesthetic|vibe)\s+(?:of|from|in)\b"
    r"|\b(?:look|looks|looking)\s+like\s+(?=(?:this|that|the|my|image|picture|photo|pic|#|\d|(?:her|his|their|our|your)\s+"
    r"(?:painting|paintings|drawing|art|artwork|work|picture|style|watercolou?r)\b))"
    r"|\bgive\s+(?:it|this|that|him|her|them|the \w+)\s+the\s+(?:look|feel|vibe|aesthetic|style)\s+of\b"
)
def normalise(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    # markdown from people who write messages like documents: "## Decision", "- teal", "**3 options**"
    text = re.sub(r"(?m)^\s*#{1,6}\s+(.*?)\s*$", r"\1:", text.replace("**", "").replace("__", ""))
    text = re.sub(r"(?m)^\s*[-*\u2022]\s+", "", text)
    text = re.sub(r"\s+", " ", text.strip().lower())
    text = re.sub(r"(?:\bn\s?[°º]|№)\s*(?=\d)", "number ", text)  # "label n°14", "№ 3" (before "n" reads as "and")
    text = re.sub(r"([a-z])\1{2,}", r"\1", text)  # "yaaay", "noooo", "sooo": one letter
    # "la première version du croissant": of the croissant
    text = re.sub(r"\b(version|photo|image|picture|foto|imagen|immagine)\s+(?:du|de\s+la|del|della|dello)\s+", r"\1 of the ", text)
    text = spelled_out(text)
    text = re.sub(r"\b(can|could|may) (i|we) become (?=a |an |some )", r"\1 \2 get ", text)  # German "bekommen"
    # Hindi/Urdu "Gold wala best hai": the gold one (opening a sentence; "pichla painting wala" is the previous one)
    text = re.sub(r"(?:^|(?<=[.,!?;:] ))([a-z]+|\d(?:st|nd|rd|th)) wal[aie]\b", r"the \1 one", text)  # "2nd wala"
    text = re.sub(r"\b(?<!the )([a-z]{3,}) wal[aie] (card|photo|pic|picture|poster|flyer|image|design|version)\b", r"the \1 \2", text)  # "mehndi wale card"
    # "the 1 w the orange sunset", "the een wi the honesty box": the one with
    text = re.sub(r"(?<![\w'])(?:w/|wi|w)\s(?=(?:the|a|an|his|her|my|our|their|this|that|these)\s)", "with ", text)
    text = re.sub(r"\bthe 1 (?=with\b)", "the one ", text)
    text = re.sub(r"\bdi (?=(?:one|ones|first|second|third|last|middle)\b)", "the ", text)  # Kriol "di one wid di shoes"
    # Northern English "a" for "I" and "yer" for "you": "the photo a sent yer"; Norf'k "dat photo ai sent yu"
    text = re.sub(r"\b(photo|pic|picture|one|image|snap)\s+ai?\s+(sent|gave|uploaded|showed|took)\b(?:\s+(?:yer|ya|ye|yu)\b)?", r"\1 i \2 you", text)
    text = re.sub(r"\bsecond\s+(?:to|from)\s+(?:the\s+)?last\b", "second-to-last", text)
    # going back in Italian, French, Spanish and Portuguese: "Now torna indietro to number 5"
    text = re.sub(r"\b(?:torna(?:re)?\s+indietro|(?:ri)?torniamo|retourne|reviens|revenons|vuelve|volvamos|regresa|volte|voltar)\b"
                  r"(?=\s+(?:to|a|à|al|au|para|pra|alla|al)\b)", "go back", text)
    # French, Spanish, Italian and Portuguese ordinals with their article: "La deuxième est la best"
    text = re.sub(r"\b(?:(?:la|le|el|il|lo)\s+(premi[eè]re?|primer[oa]?|prim[oa]|deuxi[eè]me|segund[oa]|second[oa]|troisi[eè]me|"
                  r"tercer[oa]|terz[oa])|(?:a|o)\s+(primeir[oa]|segund[oa]|terceir[oa]))\b",
                  lambda m: "the " + {"p": "first", "d": "second", "s": "second"}.get((m.group(1) or m.group(2))[0], "third"), text)
    # "da painted 1", "the second (2nd) of the aforementioned three (3) alternatives", "go to image one zero"
    text = re.sub(r"\bthe ((?!(?:image|picture|pic|photo|number|option|version|take|frame|panel|page|slide|step|no|nr)\b)[a-z]{3,}) 1\b(?![.:,]\d)",
                  r"the \1 one", text)
    text = re.sub(r"\b(first|second|third|fourth|fifth|two|three|four|five|six|seven|eight)\s+\(\s*\d{1,2}(?:st|nd|rd|th)?\s*\)", r"\1", text)
    text = re.sub(r"\b(image|picture|pic|number|frame|photo)\s+((?:zero|one|two|three|four|five|six|seven|eight|nine|niner)"
                  r"(?:\s+(?:zero|one|two|three|four|five|six|seven|eight|nine|niner))+)\b",
                  lambda m: f"{m.group(1)} {''.join(str(DIGIT_WORDS[w]) for w in m.group(2).split())}", text)
    text = re.sub(r"\b(first|second|third|last|middle|left|right|top|bottom|other) 1\b(?![.:,]\d)", r"\1 one", text)  # "middle 1"
    text = re.sub(r"\b(first|second|third|last|middle|other|the|that|this|dat|different) wan\b", r"\1 one", text)  # "da second wan" (not "I wan look")
    text = re.sub(r"\b(wee|my|ma|the|our|his|her) dug\b", r"\1 dog", text)  # Scots "my wee dug"
    text = re.sub(r"\b(tree|tri|tu) (?=(?:more |different |new )?(?:ones?|versions?|options?|different|of them)\b)",
                  lambda m: "two " if m.group(1) == "tu" else "three ", text)  # Caribbean "tree", Bislama "tu difren wan"
    text = re.sub(r"\b(one|een|ane|first|second|third|last|middle) o (?=the\b)", r"\1 of ", text)
    text = re.sub(r"\b(afore|before|ahint|behind|o|of|on|wi|with|pit|put|make|here) hi[td]\b", r"\1 it", text)  # Shetland, Orkney "hit", "hid": it
    text = re.sub(r"\bthe (one|version|picture|pic) (?:in|at) the (middle|left|right)\b", r"the \2 \1", text)  # "the one in the middle"
    text = re.sub(r"\bthe ((?:[a-z]+ ){0,2})(?:een|ane|un|'un|yin)\b(?!'(?!s\b))", r"the \1one", text)  # "the middle un", "the cloudy yin", "the brick wa een's"
    # numbers said on the radio or heard by dictation: "image tree and image fife", "i like number for the best"
    text = re.sub(r"\b(?:(image|picture|pic|number|photo|frame) (tree|fife|niner)\b(?! of\b)|(?<!\ba )(?<!\bthe )(?<!house )(?<!phone )"
                  r"(number) (for|won|ate)\b(?! (?:a|an|my|your|his|her|our|their)\b))",
                  lambda m: f"{m.group(1) or m.group(3)} {HEARD_NUMBERS[m.group(2) or m.group(4)]}", text)
    return re.sub(r"\b(please|pls|must|can|could) to (?=[a-z])", r"\1 ", text)  # "please to make it bigger"


HEARD_NUMBERS = {"won": 1, "tree": 3, "for": 4, "fife": 5, "ate": 8, "niner": 9}
DIGIT_WORDS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "niner": 9}


def strip_polite(text: str) -> str:
    return POLITE.sub("", text).strip(" ,.;:-")


def starts_with(text: str, words: tuple[str, ...]) -> bool:
    return any(re.match(rf"^{re.escape(w)}\b", text) for w in words)


def cut_mentions(text: str, mentions: list[Mention], replacement: str | None = None) -> str:
    out, last = [], 0
    for m in (m for m in mentions if m.end > m.start):  # a mention carried over from cut words has no span
        out.append(text[last:m.start])
        out.append(replacement if replacement is not None else ("it" if len(m.handles) == 1 else "them"))
        last = m.end
    out.append(text[last:])
    return re.sub(r"\s+", " ", "".join(out)).strip(" ,;:")


# -- request shapes, prompt clean-up and canned answers (words; the decisions stay in router.py) --
def has_content(text: str) -> bool:
    words = [w for w in re.findall(r"[a-z']+", text) if w not in
             {"edit", "change", "modify", "it", "this", "that", "the", "image", "picture", "photo", "please", "one", "fix", "tweak", "alter", "update", "improve"}]
    return bool(words)


# roles of this turn's attachments given by position: "the first three are references, the last is what to change"
ATTACHMENT_ROLES = re.compile(
    r"(?:\bthe\s+(?:first|last)\s+(?:\w+\s+)?(?:are|is)\s+(?:the\s+|just\s+|only\s+)?(?:references?|refs?)[\s,;]*"
    r"(?:and\s+)?)?\bthe\s+(?P<src>first|last)(?:\s+(?:one|image|photo|pic|picture))?\s+is\s+(?:the\s+one\s+|what\s+|the\s+"
    r"(?:image|photo|picture|pic)\s+)?(?:to\s+(?:change|edit)|i\s+want\s+(?:changed|edited)|the\s+(?:source|target|base))\b"
)
# "oops, I meant image 8", "wait, not that one - the dog one", "wrong picture, use #2 instead"
CORRECTION = re.compile(
    r"^(?:(?:oops|sorry|wait|no|nope|actually|my bad|oh|argh|ugh|hmm+)\b[\s,!.-]*)*"
    r"(?:i meant|i mean\b|not (?:that|this) one|wrong (?:one|image|picture|photo|pic)|(?:do|use|try|apply)\b.*\binstead\s*[.!]*$|"
    r"(?:do|apply|make) (?:the same(?: thing)?|that|it)(?: (?:change|edit))? (?:with|to|for|on)\b)"  # "do the same with the bakery picture"
)


# sentences that ask for a picture without a command verb: "Can I see it with ...?", "How would it look if ...?"
REQUEST_SENTENCE = re.compile(
    r"^(?:(?:can|could|may) (?:i|we) (?:see|get|have|try)|show me|how would (?:it|this|that|they|the \w+) look|"
    r"what would (?:it|this|that|they|the \w+) look like|let'?s (?:try|see|add|make|put|give|go|have|do)|"
    r"(?:maybe|perhaps) (?:a|an|some|add|make|try|put|give)|what about|how about|(?:do|try) (?:that|the|this|it|same)|"
    r"(?:can|could|would|will) (?:you|u) (?!tell|describe|explain|say|identify|count|read)\w+)\b"
)
HYPOTHETICAL = re.compile(r"^(?:how would (?:it|this|that) look(?: like)?\s+(?:if\s+)?|what would (?:it|this|that) look like\s+)")


def generation_prompt(text: str) -> str:
    text = re.sub(
        r"^(?:(?:please|now|ok|okay|can you|could you|would you|i want to see|i'd like to see|i want|i'd like|"
        r"i would like|i'd love|i would love|i need|show me|give me|gimme|get me|let me see|how about|can i see|"
        r"can i get|could i get|can i have|let's have|lets have|what about)\s+)*"
        r"(?:(?:" + "|".join(GENERATE_VERBS) + r"|make|render|paint|get|build|bring|show)\s+(?:me\s+|us\s+)?)?"
        r"(?:(?:a|an)\s+(?:new\s+)?(?:image|picture|photo|drawing|painting|illustration|render)\s+(?:of|with|showing)\s+)?",
        "", text.strip(),
    )
    text = re.sub(r"^(?:a\s+)?(?:new|another|fresh|separate|different)\s+(?:image|picture|photo|one)\s+(?:of|with|showing)\s+", "", text)
    text = re.sub(r"^(?:a\s+)?new\s+(?:image|picture|photo|pic|img|one|drawing|illustration)\s*[:,-]\s*", "", text)
    text = re.sub(r"^(?:mood ?board|(?:new |next )?idea|concept|next up)(?: time)?\s*[:-]\s*", "", text)
    text = re.sub(r"^.{0,40}?\b(?:different|new|another|fresh)\s+idea\b[^:,-]*[:,-]\s*(?=(?:a|an|some)\b)", "", text)
    text = re.sub(r"^(?:(?:the\s+)?next )?one(?:\s+is)?\s+for\s+[^:,]+\s*[:,-]\s*|^(?:the\s+)?next one\s*[:,-]\s*", "", text)
    text = re.sub(r"^(?:[a-z0-9']+\s+){0,4}(?:piece|option\s+[a-z0-9]|version\s+[a-z0-9]|poster|card|image|picture|design|idea|"
                  r"concept|page|panel|slide|scene|shot|draft|illustration|banner|cover|icon|logo|header|thumbnail)"
                  r"(?:\s+for\s+[^:]{1,40})?\s*:\s*(?=(?:a|an|some|two|three)\b)", "", text)
    return text.strip(" ,;:.?!")


def strip_style_leftovers(text: str) -> str:
    text = re.sub(r"\b(?:but|and|now|then|please)\b\s*", " ", text)
    text = re.sub(r"^(?:(?:re)?(?:render|paint|draw|redraw|make|do|turn|convert|transform|restyle|apply)\s*)?"
                  r"(?:it|this|that|this one|them)?\s*$", "", text.strip())
    return re.sub(r"\s+", " ", text).strip(" ,;:.")


def inpaint_prompt(text: str) -> str:
    text = re.sub(
        r"\b(?:in|inside|within|on|at)?\s*(?:this|the|that|my)\s+(?:masked\s+|marked\s+|selected\s+|highlighted\s+|painted\s+|white\s+)?"
        r"(?:area|region|part|spot|bit|section|mask|zone|selection|patch)\b", " ", text)
    text = re.sub(r"^(?:here'?s|here is|this is|attached is|i'?ve attached|sending)\b\s*", "", text.strip())  # "here's the mask"
    text = re.sub(r"^(?:replace|fill|inpaint|paint|put|change|turn|make)\s+(?:it\s+)?(?:with|into|to|in)?\s*", "", text.strip())
    return re.sub(r"\s+", " ", text).strip(" ,;:.") or text


UNDO_THEN = re.compile(
    r"(?:^|(?<=[.!?,])\s+)(?:(?:ok|okay|no|nah|hmm+|actually|sorry|ugh|oops)[\s,.!]+)*(?:please\s+|pls\s+|let'?s\s+)?"  # "nah the hat's silly, undo that and ..."
    r"(?:undo|revert|reverse|rewind|scratch|cancel|forget|take\s+back|go\s+back(?:\s+one|\s+a\s+step)?|step\s+back|annule[zr]?\s+(?:ça|ca)|desfaz|deshaz|"
    r"(?:throw\s+away|bin|ditch|scrap)\s+(?:that|it|the\s+[a-z-]+\s+(?:version|one)|the\s+[a-z-]+(?=\s*[.;]))(?:\s+and\s+step\s+back)?|"
    r"take\s+(?:that|the)\s+(?:last\s+)?(?:step|change|edit|one)\s+back|take\s+(?:that|it|this)\s+back)"
    r"(?:\s+(?:(?:that|the)\s+last(?:\s+(?:one|step|change|edit))?|that|this|it|one\s+step|a\s+step|one))?"
    r"(?:\s+please)?\s*(?:,\s*|\.\s*|;\s*|\s+)(?:and\s+(?:then\s+)?|an\s+|then\s+|&\s*|and\s+instead\s+|instead\s+)?(.+)$")


def undo_then(text: str) -> str | None:
    """ "undo that and make it blue" -> "make it blue": a request to run after undoing the last step."""
    found = UNDO_THEN.search(normalise(text.strip()))  # at the start, or opening a later sentence
    if found is not None and UNDO_THEN.match(found.group(1)):
        found = UNDO_THEN.match(found.group(1))  # "annulez ça, cancel it please, and make ...": one undo, said twice
    if found is None or not has_content(found.group(1)):
        return None
    # "undo it, and instead simply soften the lighting", "let's undo that and go for bright spells"
    request = re.sub(r"^(?:but\s+)?(?:then\s+)?(?:instead\s+)?(?:(?:simply|just|rather|maybe)\s+)?", "", found.group(1))
    request = re.sub(r"^go\s+for\s+", "make it ", request)
    if not instructs(strip_polite(request) or request) and not re.search(r"\S+\s+\S+.*\binstead\b", found.group(1)):
        return None  # "undo again please", "ok undo once more": an undo, nothing after it
    if re.match(r"^(?:to|back|that|this|it|#?\d+|image|picture|the\s+(?:first|original|previous|last)\b)", found.group(1)):
        return None  # "go back to #2", "go back to the original": a select, not an undo and a request
    return found.group(1)
UNDO_ONLY = re.compile(r"^(?:undo|redo|revert|go back)\b")


def from_first_request(core: str, ctx: RouterContext) -> str:
    """Drop chit-chat sentences before the first one that asks for something ("Oh wow, that's really
    nice. The chair looks plain though. Can I see it with a green armchair?"), and say a "how would it
    look if ..." as the edit it asks for. A message that opens with a request, or whose opening names an
    image ("image 4 had a nice tractor. add that tractor to this one"), is left whole."""
    sentences = [s.strip() for s in re.findall(r"[^.!?]+[.!?]*", core) if s.strip()]
    if len(sentences) > 1:
        def asks(sentence: str) -> bool:
            whole = sentence.strip(" .!?")
            body = strip_polite(whole) or whole
            return any(bool(REQUEST_SENTENCE.match(s) or HYPOTHETICAL.match(s) or instructs(s)) for s in (whole, body))
        first = next((i for i, s in enumerate(sentences) if asks(s)), 0)
        # "... 2 story colonial, blue sky. make me so i can pick": a request with nothing in it asks for what came before
        empty = not re.sub(r"\b(?:make|do|give|draw|me|us|so|i|we|she|he|they|can|kin|could|cud|will|pick|choose|decide|vote|from|please|pls|them|"
                           r"it|one|ones|of|to|up|em|a|few|some|more|those|these|and|ll|lah|leh|lor|la|versions?|options?)\b|\W", "", sentences[first])
        if first > 0 and not empty and not find_mentions(" ".join(sentences[:first]), ctx):
            core = strip_polite(" ".join(sentences[first:])) or core
    return HYPOTHETICAL.sub(lambda m: "make it look like " if "like" in m.group(0) else "make it look as if ", core)


# "do us a new pic for the poster wi bella on it", "make me a fresh card": a new picture asked for (not "a new version of")
# animals people name and bring as photos: "this is tonys dog biscuit", "put my dog Bijou ..."
PETS = r"(?:dog|cat|puppy|pup|pet|kitten|horse|pony|parrot|rabbit|bunny|hamster|bird|budgie|perrit[oa]|perr[oa]|gatit[oa]|cachorr[oa])"
# a picture asked for in a question: "Eh boss, can help me make one picture or not? Char kway teow stall at night, ..."
PICTURE_ASKED_FOR = re.compile(r"\b(?:make|draw|create|paint|generate|do)\b[^.?!]{0,20}\b(?:picture|image|pic|poster|drawing|painting)\b")
# "need this brighter + cropped to just the dog" with nothing sent (an empty session): a change to a picture that is not here
CHANGE_OF_THIS = re.compile(r"\b(?:make|get|need|want|have|turn)\s+(?:it|this|that|this one)\s+(?:a\s+(?:bit|little|lot)\s+)?"
                            r"(?:more|less|[a-z]{2,}er|[a-z]{3,}ed)\b")
A_NEW_PICTURE = re.compile(r"\b(?:do|make|draw|give|gimme)\s+(?:me|us|is)?\s*(?:a|an)\s+(?:new|fresh|brand[- ]new)\s+"
                           r"(?:pic|picture|image|photo|one|poster|card|flyer)\b(?!\s+(?:version|copy)\b)")
# "make it look like him" with his photo again: a likeness, not a style
LIKENESS = re.compile(r"\blook\s+(?:more\s+|exactly\s+|just\s+)?like\s+(?:him|her|them|himself|herself|the\s+real\s+(?:one|him|her|thing|[a-z]+))\b"
                      r"(?=\s*(?:[.,;!?)]|$)|\s+(?:again|please|pls|now|more|too|in|on)\b)")  # (not "like her painting style")
# a new picture asked for in so many words: "we need a new illustration, a village on the lake shore" (a style's source is none)
NEW_ILLUSTRATION = re.compile(r"\b(?:need|want|make|draw|do|create)\s+(?:me\s+|us\s+)?(?:a|an)\s+(?:new|fresh|brand[- ]new)\s+"
                              r"(?:illustration|picture|image|painting|drawing|scene)\s*[:,-]")
