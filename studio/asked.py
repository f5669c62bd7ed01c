"""The images a question is about, in the order it names them: "which one is darker, 2 or 4?", "is 1 or 3
more colourful", "the wooden board or the marble board?", "which of these three ...", "is that an exact
match to the jacket I uploaded?". Read by studio/calls.py when it builds a describe."""

from __future__ import annotations

import re

from studio.content import image_by_content
from studio.references import IN_ONE_PICTURE, Mention, RouterContext, Unresolved, number_value

# "which" that chooses among pictures ("which one", "which has more green"), not "which colours did he favour"
WHICH_CHOOSES = r"\bwhich\s+(?:ones?|of|is|are|has|have|looks?|seems?|do|does|would|should|pictures?|images?|photos?|pics?|versions?)\b"
PHRASE_VERBS = {"is", "are", "was", "were", "has", "have", "had", "does", "did", "same", "wearing", "looks"}


def images_asked_about(core: str, handles: list[int], ctx: RouterContext, mentions: list[Mention] = ()) -> list[int]:
    """The images a question is about, in the order it names them: "which one is darker, 2 or 4?",
    "which of these three ...", "is that an exact match to the jacket I uploaded?" (the current image,
    then the upload). Empty when the words name none; Unresolved for a number that is no image."""
    # the sentences that ask: questions, and "compare image 4 and image 6 for me." said as a request
    questions = [(q.start(), q.end()) for q in re.finditer(r"[^.!?]+\?|[^.!?]*\bcompare\b[^.!?]*[.!?]?", core)]
    asked_in = [h for m in mentions if any(start <= m.start < end for start, end in questions) for h in m.handles]
    if asked_in and len(asked_in) < len(handles):  # "Fine, all of them. Which has more green, number 5 or number 7?"
        handles = asked_in
    either = re.search(r"(?<![\w.#$£€])(\d{1,3})\s*(?:or|vs\.?|versus)\s*(\d{1,3})\b(?![.%])", core)
    asks = core.endswith("?") or re.match(r"(?:is|are|does|do|which|who|what|where)\b", core)
    if not handles and either and asks:  # "is 1 or 3 more colourful"
        handles = [int(n) for n in either.groups() if int(n) in ctx.handles]
    if not handles and re.search(r"\b(?:which|compare|comparing|between|vs|versus|differen\w*|than|and)\b", core):
        numbers = [int(n) for n in re.findall(r"(?<![\w.#])(\d{1,4})(?![\w.%])(?!\s+(?!or\b|and\b|vs\b|than\b|actually\b|really\b|any\b|is\b|looks?\b|[a-z]+er\b)[a-z])", core)]
        if len(numbers) >= 2:  # "which one is darker, 2 or 4?", "is 3 any brighter than 1", "in 9 and then 10, ..."
            missing = [n for n in numbers if n not in ctx.handles]
            if missing:
                raise Unresolved(f"There is no image {', '.join(f'#{n}' for n in missing)}; this session has "
                                 f"{', '.join(f'#{h}' for h in ctx.handles) or 'no images'}.")
            handles = numbers
    count = re.search(r"\b(?:these|those|the|all|of the|them|em)\s+(two|three|four|five|2|3|4|5)\b(?!\s+(?:of|more|times|steps)\b)", core)
    # (a subject they all show is no choice among them: "which of the three has the best contrast between Juniper and ...")
    among = count and re.search(r"\bwhich\s+(?:one\s+)?of\b", core) and len(handles) == 1 and set(handles) <= set(ctx.batch)
    chosen_among = count and re.search(r"\bwhich\s+(?:one\s+)?of\s+(?:the|these|those)\s+$", core[:count.start(1)]) \
        and re.match(r"[^.!?]*\bin\s+it\b", core[count.end():])
    # ("which of the two has the bigger loaf of bread in it?": "in it" is each of them)
    if (not handles or among) and count and not ctx.attached and (chosen_among or not IN_ONE_PICTURE.match(core[count.end():])):  # "which of these three ...", "them three": the three made together, else the latest
        n = number_value(count.group(1))
        handles = ctx.batch if len(ctx.batch) == n else ctx.path_handles[-n:] if len(ctx.path_handles) >= n else ctx.handles[-n:]
    if not handles and not ctx.attached and re.search(r"\b(?:them|they|these|those)\b", core) \
            and re.search(rf"\b(?:compare|comparison|differen\w*|better|same|similar|versus|vs)\b|{WHICH_CHOOSES}", core):
        handles = ctx.batch or (ctx.path_handles[-2:] if len(ctx.path_handles) >= 2 else ctx.handles[-2:])  # "which of them": the versions
    # the sentences that ask: "that is much better. what colour is the lighthouse in this one?" compares nothing
    asked = " ".join(s for s in re.split(r"(?<=[.!?])\s+", core) if s.endswith("?")) or core
    # "or" between pictures ("the timber scheme or the brick one?"), not between answers ("cherry or more brick?")
    comparing = re.search(r"\b(?:same|different|differ|than|as|compare\w*|vs|versus|better|worse|match\w*|between)\b|"
                          rf"{WHICH_CHOOSES}|"
                          r"\bor\s+(?:the|this|that|my)\b|\bor\s+(?:[a-z]+\s+){0,2}?(?:one|version|image|picture|photo|pic|#?\d+)\b", asked)
    where = {h: m.start for m in reversed(mentions) for h in m.handles}
    if comparing and len(handles) < 2:  # "the dog photo, the hat and the jacket", "the rainy corgi"
        ends = r",|\?|$|\bor\b|\band\b|\bone\b|\blooks?\b|\bversion\b" + (r"|\bwith\b" if "compar" in core else "")
        taken = [(m.start, m.end) for m in mentions]
        # every "the ..." up to an end, overlapping ("the flowers in the sunny one": also "the sunny one"), up to
        # five words ("the red car on the beach or ..."), none a verb ("the model is wearing there" names nothing)
        for phrase in re.finditer(rf"\b(?=(?:the|my)\s+((?:[a-z]+\s+){{0,4}}?[a-z]+)(?=\s*(?:{ends})))", core):
            if any(start < phrase.end(1) and phrase.start() < end for start, end in taken) \
                    or set(phrase.group(1).split()) & PHRASE_VERBS \
                    or questions and not any(start <= phrase.start() < end for start, end in questions):
                # already resolved as a reference, inside a phrase that named one, or outside the question
                # ("which colours did he favour? I wish to speak of it when we stand before the pole")
                continue
            found = image_by_content(phrase.group(1).split(), ctx)
            if found is not None and found not in handles:
                handles, where[found] = handles + [found], phrase.start()
                taken.append((phrase.start(), phrase.end(1)))
        if all(h in where for h in handles):
            handles = sorted(handles, key=where.get)  # in the order the question names them
    if len(handles) == 1 and ctx.current is not None and ctx.current not in handles and comparing:
        pronoun = next((p for p in re.finditer(r"\b(?:this one|this image|this picture|this|the current one|the latest one|it|"
                        r"on (?:her|him|them)|(?:is|does|did) that(?!\s+(?:one|image|picture|photo|pic)\b))\b", core)
                        # in the question, not in a remark after it ("... or more cognac? I must write it in the advert")
                        if not questions or any(start <= p.start() < end for start, end in questions)), None)
        if pronoun:  # "compare it with the previous one", "is this the same dog as in my photo?"
            mention_at = min((where[h] for h in handles if h in where), default=None)  # "the fox frame ... versus this dog edit"
            mention_at = mention_at if mention_at is not None else min((m.start() for m in re.finditer(
                r"\b(?:image|picture|photo|pic|#|previous|first|one before|original|my)\b", core)), default=len(core))
            handles = [ctx.current] + handles if pronoun.start() < mention_at else handles + [ctx.current]
    return handles
