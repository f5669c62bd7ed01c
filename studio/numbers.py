"""Images named by their number: "image 3", "#3", "number 2", "v2", "images 2 and 5", "between 2 and 3", "back to 7"
(a finder of `studio.references.find_mentions`)."""

from __future__ import annotations

import re

from studio.references import IMAGE_NOUN, NUM, NUMBER_WORDS, Found, RouterContext, number_value


def by_number(text: str, ctx: RouterContext, found: Found) -> None:
    """Images named by their handle: "image 3", "#3", "number 2", "v2", "images 2 and 5", "between 2 and 3"."""

    for m in re.finditer(r"\b(?:between|compare|comparing|peep|look\s+at|check)\s+(?:number\s+|#)?(\d{1,3})[\s.…]*(?:and|n|&|,|or|vs\.?|versus|with|to)\s*"
                         r"(?:number\s+|#)?(\d{1,3})\b(?!\s*(?:steps|px|%))|"
                         r"\b(\d{1,3})\s+(?:vs\.?|versus)\s+(\d{1,3})\b", text):
        a, b = (int(g) for g in m.groups() if g)
        if a in ctx.handles and b in ctx.handles:  # "whats different between 2 and 3", "between number 4 and number 5"
            found.add(m, [a, b])
    # a run of images: "of #6 to #9, which has the brightest sky?", "images 3 to 5", "pictures 2-4"
    for m in re.finditer(r"#(\d{1,3})\s*(?:to|-|–|through|thru)\s*#(\d{1,3})\b|\b(?:images|pictures|pics|versions|of)\s+(\d{1,3})\s*"
                         r"(?:to|-|–|through|thru)\s*(\d{1,3})\b(?!\s*(?:steps|px|%|am|pm|:))", text):
        a, b = (int(g) for g in m.groups() if g)
        run = [h for h in ctx.handles if a <= h <= b]
        if a < b <= a + 7 and a in ctx.handles and b in ctx.handles:
            found.add(m, run)
    # bare numbers standing as a clause of their own: "8 and 9. Which is darker?", "which is nicer, 2, 3 or 4?"
    # ("which of 11 and 13 ...", Tagalog "yung 8 or yung 9?", "da biggest pasty, 6 7 or 8?")
    for m in re.finditer(r"(?:^|[,.:;!?]\s*|\b(?:which\s+of|which\s+one\s+of|of|yung|ang)\s+)\d{1,3}(?:(?:\s*(?:and|&|or|vs\.?|,)\s*|\s+)"
                         r"(?:(?:yung|ang)\s+)?\d{1,3})+\s*(?=[.?!:,]|$|\s+(?:would|is|was|looks?|has|have)\b)", text):
        numbers = [int(n) for n in re.findall(r"\d+", m.group(0))]
        if all(n in ctx.handles for n in numbers):
            found.add(m, numbers)
    # "image 3", "#3", "picture number 3", "img3", "images 2 and 5"
    for m in re.finditer(rf"#\s*(?!0\d)(\d+)\b(?![-/]\d)|\b(?:{IMAGE_NOUN})\s*(?:#|no\.?|number|nr\.?)?\s*{NUM}\b(?!\s*(?:steps|px|x\d))", text):
        token = m.group(1) or m.group(2)
        if m.group(0).startswith(("one", "ones")) and not token.isdigit():
            continue  # "one two" is not a reference
        if token == "one" and re.search(r"\b(?:the|that|this)\s+(?:[a-z]+\s+){0,3}$", text[:m.start()]):
            continue  # "the flu shot one", "the painting one": the picture that shows it, not number one
        found.add(m, [found.existing(number_value(token), f"image {number_value(token)}", m)])
    # "let's go with number 2", "make number 1 green", "he is saying number 14 is too dark", "to have number 15 made a touch
    # brighter" (not "the jersey number 7")
    for m in re.finditer(r"(?:^|[,;:.!?]\s*|\b(?:ooh|oh|ah|yes|yeah|yep|ok|okay|hmm|right|defo|definitely|with|take|use|choose|pick|prefer|keep|"
                         r"select|edit|make|to|and|or|vs|than|is|was|what'?s|like|love|about|describe|compare|does|did|in|from|at|turn|"
                         r"change|give|put|paint|redo|fix|on|of|for|ile|me|see|up|lookit|"
                         r"saying|says|said|say|mean|means|meant|thinks|reckons|prefers|likes|liked|loved|wants|wanted|chose|picked|"
                         r"restyle|do|back|bring|want|need|try|crop|copy|yung|ang|now|so|then|but|also|just|have|get|"
                         r"label|card|poster|flyer|sign|design|slide|page|banner|cover)\s+)"  # "take label n°14": what the pictures are
                         r"(?P<said>(?:the\s+)?(?:number|no\.|nr\.?|namba|nomor|numero|número|nummer|(?<=the\s)no(?=\s+\d))\s*"
                         rf"(?P<n>\d{{1,4}}|{'|'.join(NUMBER_WORDS)}))\b(?!\s+(?:of|times|priority|fan|choice|thing|rule|reason|spot|seller|hit|favou?rite)\b|\s+more\s*(?:$|[.,!?]|(?:of|ones?|versions?|copies|variations?|options?|times|please|pls|like\s+(?:this|that|it))\b))", text):
        n = number_value(m.group("n"))
        found.add(m, [found.existing(n, f"image {n}", span=m.span("said"))], span=m.span("said"))  # the number, not the verb before it
    # a bare number where only an image can be meant: "back to 7", "7 was better", "go with 3"
    for m in re.finditer(r"\b(?:back\s+to|return\s+to|revert\s+to|(?:go(?:ing)?|run|roll|stick)\s+with)\s+(\d{1,3})\b(?!\s*(?:steps|px|%|x|:|\.\d|am\b|pm\b))|"
                         r"(?:^|[,.!?]\s*|\b(?:nah|no|ok|okay|actually|hmm)\W+)(\d{1,3})\s+(?:was|is|looks|looked)\s+(?:better|best|nicer|the best)\b|"
                         r"\b(?:take|grab|use)\s+(\d{1,3})\s*(?=,|\s+and\b)|"  # "take 9 and put a little more sindoor"
                         r"\bi\s+mean[t]?\s+(\d{1,3})\s*(?=[,.;!?]|$)", text):  # "Ah pardon, I mean 9, the middle one of the three"
        n = int(m.group(1) or m.group(2) or m.group(3) or m.group(4))
        found.add(m, [found.existing(n, f"image {n}", m)])
    # a thing in a picture named by its bare number: "put him in the boat in 9 not the painted one", "the hat from 4, please"
    for m in re.finditer(r"\bthe\s+[a-z]{3,}\s+(?:in|from|on)\s+(\d{1,3})(?=\s*(?:$|[,.;!?)]|(?:not|and|but|please|pls|too|instead)\b))", text):
        # only a number that is an image here counts, and one that is not asks nothing: after "the X in" a number can
        # as well be a time or an amount ("the lamp in 2 hours" is cut off by the lookahead; "the boat in 12" of 9 images
        # is more likely a count than a missing picture)
        if int(m.group(1)) in ctx.handles and found.free(m):
            found.add(m, [int(m.group(1))], span=m.span(1))
    given = [name for names in ctx.called.values() for name in names]
    for m in re.finditer(r"\bv(\d{1,3})\b(?!\s*:)", text):  # designers' versions: "v2", "v3" (not a label: "v2: swap ...")
        if any(text[:m.end()].endswith(name) for name in given) or \
                re.search(r"\b(?:officially|call|calling|name|named|dub)\s+(?:(?:this|that|it)\s+(?:one\s+)?)?(?:[a-z]+\s+)?$", text[:m.start()]):
            continue  # part of a name the person gave a picture: "biscuit v2"
        found.add(m, [found.existing(int(m.group(1)), f"v{m.group(1)} (image {m.group(1)})", m)])
    for m in re.finditer(rf"\b(?:images|pictures|photos|pics|#)\s*{NUM}\s*(?:,\s*|\s+and\s+|\s*&\s*)#?\s*{NUM}\b", text):
        a, b = number_value(m.group(1)), number_value(m.group(2))
        found.add(m, [found.existing(a, f"image {a}", m), found.existing(b, f"image {b}", m)])
    for m in re.finditer(r"\b(?:and|&|,|or|vs\.?|versus|with|to)\s+#?\s*(\d+)\b(?!\s*(?:steps|px|x\d|%))", text):
        if found.mentions and any(e <= m.start() for _, e in found.taken):
            found.add(m, [found.existing(int(m.group(1)), f"image {m.group(1)}", m)])
