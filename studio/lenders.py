"""Images that lend something to an edit without being numbered: an object named as the person named
a photo they sent ("put the jacket on Pepper"), and the photo just sent when the turn places it in
another picture ("this is my dog" + photo, then "put him in the lighthouse picture"), the photo an undone
edit borrowed ("put him on the quay instead"), and what a new picture borrows ("the same bear at the beach").

Used by studio/calls.py after studio/roles.py has split the images the words name.
"""

from __future__ import annotations

import re

from studio.content import ContentMatcher, Descriptor, image_by_content
from studio.image_words import content_words, lineage, same_word, shown
from studio.phrases import EDIT_VERBS
from studio.references import Mention, RouterContext, _lineage_root


# "put the jacket on Pepper", "now put the jacket on her", "try just the hat on the original dog photo" (not "add her
# sitting next to Bruno": "her" is the one placed)
LENT_OBJECT = re.compile(r"\b(?:put|place|stick|add|try|get|give\s+(?:him|her|it|them))\s+(?:just\s+|only\s+)?(?:the|my|this|that|his|her|those|these)\s+"
                         r"(?![a-z]+ing\b)((?:[a-z]+\s+)?[a-z]{3,})\s+(?:on|onto|to|in|into|over)\b|"
                         r"\bdress\s+(?:him|her|it|them|the\s+[a-z]+)\s+(?:up\s+)?in\s+(?:the|my|this|that|his|her|those|these)\s+((?:[a-z]+\s+)?[a-z]{3,})\b")


def lent_by_name(core: str, ctx: RouterContext, source: int) -> list[int]:
    """An object the edit puts on the source, named as the person named a photo they sent (its file
    name or their words): that photo lends it, though the turn did not number it."""
    lent = []
    matcher = ContentMatcher(ctx)
    for found in LENT_OBJECT.finditer(core):
        uploads = [h for h in reversed(ctx.uploads) if h != source and h not in ctx.parents]
        description = Descriptor.parse(found.group(1) or found.group(2))
        scores = matcher.scores(description, uploads) if description.wanted and uploads else {}
        best = max(scores.values(), default=0.0)
        fitting = [h for h, score in scores.items() if score >= max(best, 0.5)]
        if not fitting and description.wanted:
            fitting = _subject_made_elsewhere(description.wanted, source, matcher, ctx)
        if len(fitting) == 1:
            lent.append(fitting[0])
    return lent


def _subject_made_elsewhere(wanted: list[str], source: int, matcher: ContentMatcher, ctx: RouterContext) -> list[int]:
    """Pictures made here on another line than the source whose subject is the thing named, each line's latest: "put the
    teapot on the first background I sent" (the teapot was generated: "a blue enamel teapot"), not "the date" on a card."""
    line = lineage(source, ctx)
    made = [h for h in sorted(ctx.made_by) if h not in line and source not in lineage(h, ctx)]
    scores = matcher.scores(Descriptor(wanted), made) if made else {}
    fitting = [h for h, score in scores.items() if score >= len(wanted)  # every word, said, among the subject's first words
               and all(any(same_word(w, s) for s in content_words(ctx.captions.get(lineage(h, ctx)[-1], ""))[:3]) for w in wanted)]
    return [h for h in fitting if not any(h in lineage(other, ctx) for other in fitting if other != h)]


# "put her in ...", "place Biscuit on the rocks ...", "stick the hat on ...": what is placed, then where
PLACED = re.compile(r"\b(?:put|place|stick|add|insert|include|drop|pop|paste|bring)\s+((?:[a-z]+\s+){0,2}?[a-z]+)\s+"
                    r"(?:in|into|on|onto|next to|beside|by|at|inside|in front of)\b")
PRONOUNS = {"him", "her", "them", "it", "this", "these", "that", "those"}


def _placed_upload(core: str, ctx: RouterContext) -> tuple[int, re.Match] | None:
    """The photo just sent (a bare upload, so now current, not used yet) when the turn places it somewhere:
    "put her in ...", "place Biscuit on ...", "put hat on ..." (its caption or file name)."""
    newest = ctx.current
    if newest is None or newest not in ctx.uploads or newest != max(ctx.handles, default=None) \
            or any(newest in inputs for inputs in ctx.parents.values()):
        return None
    known = " ".join((ctx.captions.get(newest, ""), ctx.names.get(newest, "").replace("_", " ").replace("-", " ")))
    for found in PLACED.finditer(core):
        words = [w for w in found.group(1).split() if w not in ("the", "my", "our", "a", "an", "his", "her")] or ["her"]
        if words[-1] in PRONOUNS or any(re.search(rf"\b{re.escape(w)}", known) for w in words if len(w) >= 3):
            return newest, found
    return None


def sent_to_be_placed(core: str, ctx: RouterContext, source: int) -> list[int]:
    """ "this is my dog Pepper" with a photo, then "put Pepper on the rocks in the lighthouse picture": the
    edit changes the picture it names; the photo just sent goes in."""
    placed = _placed_upload(core, ctx)
    return [placed[0]] if placed and placed[0] != source else []


def place_before_upload(core: str, ctx: RouterContext) -> int | None:
    """ "this is my dog btw" with a photo, then "put him in the pfp next to the fox": "the pfp" is what the
    picture current before the photo shows, so that picture changes (and the photo lends)."""
    placed = _placed_upload(core, ctx)
    if placed is None or len(ctx.current_path) < 2:
        return None
    where = re.match(r"\s*(?:the|my|our)\s+([a-z]{3,})", core[placed[1].end():])
    if where is None:
        return None
    shown_by = [h for h in (ctx.current_path[-2], placed[0])
                if re.search(rf"\b{re.escape(where.group(1))}", ctx.captions.get(h, ""))]
    return ctx.current_path[-2] if shown_by == [ctx.current_path[-2]] else None


def lent_before_undo(core: str, ctx: RouterContext, source: int) -> list[int]:
    """ "put him on the boat" with the dog's photo, undone, then "put him on the quay instead": the photo
    the undone edit of this picture borrowed lends again ("him" is in no picture now current)."""
    if ctx.attached or not PLACED_PRONOUN.search(core):
        return []
    undone = [made for made, inputs in ctx.parents.items()
              if inputs and inputs[0] == source and made not in ctx.path_handles and len(inputs) > 1]
    if not undone:
        return []
    return [h for h in ctx.parents[max(undone)][1:] if h in ctx.uploads]


PLACED_PRONOUN = re.compile(r"\b(?:put|pop|place|stick|sit|set|lay|have|move)\s+(?:him|her|them)\b")


def lent_to_new_picture(core: str, ctx: RouterContext, references: list[int], named: bool) -> list[int]:
    """Pictures a new picture borrows from without numbering them: "put these shoes on a model ..." (the
    shoes in the current photo), "the same bear at the beach" (the picture that shows the bear); not
    "in that same terracotta and sage palette" (words for the prompt). `named`: the turn named images."""
    lent: list[int] = []
    shown = re.search(r"\b(?:these|those|this|that)\s+(?!(?:one|ones|image|picture|photo|pic|time|way|and|but|for|with|are|was|were|too|all)\b)([a-z]{3,})\b", core)
    if not references and shown and ctx.current is not None and \
            re.search(rf"\b{re.escape(shown.group(1))}", ctx.captions.get(ctx.current, "")):
        lent.append(ctx.current)
    if not references and not named and not ctx.attached and ctx.current is not None and re.search(
            r"\b(?:with|using|from|featuring)\s+(?:this|that)\s+(?:[a-z]+\s+)?(?:photo|photograph|picture|image|pic)\b", core):
        lent.append(ctx.current)  # "make a poster ... with this brightened photograph of Bhotu in the centre": the one in hand
    beings = [h for h in ctx.uploads if ctx.called.get(h)]  # photos the person named: "this is Max", "and this is Bella"
    if not references and not named:
        if re.search(r"\b(?:them\s+both|both\s+of\s+them|the\s+two\s+of\s+them|them\s+together)\b", core) and len(beings) >= 2:
            lent.extend(h for h in beings[-2:] if h not in lent)  # "a picture of them both playing on a beach"
        elif re.search(r"\b(?:with|of|featuring)\s+(?:him|her|(?:his|her)\s+(?:photo|picture|pic|foto))(?=\s*(?:[,.;!?]|$)|\s+(?:on|in|at|and|as|for|to|there|sitting|standing|"
                       r"looking|wearing|please|pls)\b)|\b(?:him|her)\s+(?:on|in)\s+(?:it|there)\b", core) \
                and not re.search(r"\bno\s+(?:dog|cat|pet|him|her)\b|\bwithout\s+(?:him|her)\b", core) and ctx.current is not None \
                and not any(re.search(rf"\b(?:no|without)\s+{re.escape(name)}\b", core) for name in ctx.called.get(ctx.current, [])) \
                and (ctx.current in beings or _lineage_root(ctx.current, ctx) in ctx.uploads) and ctx.current not in lent:
            # "this is my dog Biscuit", then "make a birthday poster with him on it"; the same after a photo of him, or a
            # picture made from it, with no name given
            lent.append(ctx.current)
    # (a picture of her own borrows nothing said "same": "2nd stray same ACO run ... need her own FOUND poster")
    own = re.search(r"\b(?:her|his|its|their)\s+own\b", core)
    for same in re.finditer(r"\b(?:the\s+)?same\s+([a-z]+)", core if not named and not own else ""):
        if re.search(r"\b(?:of|for|on|in|into)\s+$", core[:same.start()]) and same.group(1) in PLACES_FOR_IT:
            continue  # "for the bottom corner of same poster": where the new picture goes, not what it borrows
        if same.group(1) in LOOK_WORDS or re.match(rf"(?:[\s/]+(?:and\s+)?[a-z-]+){{0,3}}?\s+(?:{'|'.join(LOOK_WORDS)})\b",
                                                   core[same.end():]):
            continue
        found = image_by_content([same.group(1)], ctx)
        if found is not None and found not in references + lent:
            lent.append(found)
    return lent


PLACES_FOR_IT = {"poster", "page", "card", "flyer", "canvas", "sheet", "slide", "post", "banner", "menu", "book", "calendar"}
LOOK_WORDS = ("palette", "colours", "colors", "colour", "color", "tones", "tone", "style", "feel", "vibe", "mood", "look",
              "light", "lighting", "background", "backdrop", "bg", "gradient", "lines", "linework", "outlines", "font",
              "lettering", "texture", "finish", "filter", "grade", "composition", "framing", "angle", "layout")


def attachments_by_file_names(core: str, attached: list[int], ctx: RouterContext) -> tuple[int, list[int]] | None:
    """ "put this hat on my dog please" (or "ok different thing, stick this hat on my dog") with hat.png and dog.png
    attached, in either order: the file named for where the thing goes changes, the one named for the thing lends.
    None unless the names tell both apart."""
    said = re.search(r"(?:^|[,.!?;:]\s*|\b(?:then|now|just|pls|please|and)\s+)(?:put|place|stick|pop|add|give|get)\s+(?:this|that|the|my|these|his|her)\s+([a-z]+)\s+(?:on\s+top\s+of|on|onto|to|in|into)\s+"
                    r"(?:(?:this|that|the|my|our|his|her)\s+([a-z]+)\b|(?:him|her|it|them)\b)", core)
    named = lambda word: [h for h in attached if re.search(rf"\b{word}", ctx.names.get(h, "").replace("_", " "))]  # noqa: E731
    worn = WEARING.search(core) if said is None and len(attached) == 2 else None
    wearer, worn_thing = (named(worn.group(1)), named(worn.group(2))) if worn else ([], [])
    if len(wearer) == 1 and len(worn_thing) == 1 and wearer != worn_thing:
        return wearer[0], worn_thing  # "I would like the dog wearing the hat": the dog changes
    if said is None or not attached:
        return None
    if len(attached) == 1:  # "put that scarf on this dog of mine" with dog.png sent and the scarf in hand: the dog changes
        in_hand = ctx.current is not None and ctx.current not in attached \
            and any(same_word(said.group(1), w) for w in shown(ctx).get(ctx.current, []))
        return (attached[0], [ctx.current]) if in_hand and said.group(2) and named(said.group(2)) == attached else None
    thing, target = named(said.group(1)), named(said.group(2)) if said.group(2) else []
    if len(thing) == 1 and not target and len(attached) == 2 and (ctx.current is None or ctx.current in attached) and re.search(r"\b(?:him|her|it|them|his|its|their)\s*\w*$", said.group(0)):
        # "get the hat on her head" with the hat and the dog sent (and no other picture for "her"): the dog
        target = [h for h in attached if h not in thing]
    if len(thing) != 1 or len(target) != 1 or thing == target:
        return None
    if said.group(2) in SURFACES:  # "put da jacket on da wood like flat lay": the jacket photo changes, the wood lends
        return thing[0], target + [h for h in attached if h not in thing + target]
    return target[0], thing + [h for h in attached if h not in thing + target]


# "the dog wearing the hat", "my dog in this jacket": the one that wears it, then what it wears
WEARING = re.compile(r"\b(?:the|my|this|our)\s+([a-z]{3,})\s+(?:wearing|wears|in|with)\s+(?:the|this|that|my|his|her|its)\s+([a-z]{3,})\b")


# what a thing is laid on, not where it goes to live: the photo of the thing changes and the surface lends its look
SURFACES = {"wood", "floor", "table", "marble", "backdrop", "background", "texture", "fabric", "tiles", "concrete", "board", "planks"}


def placed_in_the_picture_before(core: str, mentions: list[Mention], ctx: RouterContext) -> bool:
    """Whether the turn puts the photo just sent (named or "him") somewhere the picture before it shows: "put Tiger also
    in the card, sitting near the rangoli", "Put Rex sleeping on de front step of de pink house"."""
    if any(h not in (ctx.current, ctx.current_path[-2]) for m in mentions for h in m.handles):
        return False  # (the picture before may be named: "on the porch of the pink house")
    names = "|".join(re.escape(name) for name in ctx.called.get(ctx.current, []))
    subject = rf"(?:him|her|them|{names})" if names else r"(?:him|her|them)"
    placed = re.search(rf"\b(?:put|pop|place|stick|sit|plonk|set)\s+{subject}\b([^.!?;]{{0,80}})", core)
    if not placed:
        return False
    return _place_shown(placed.group(1), shown(ctx).get(ctx.current_path[-2], []), r"the|that|de|da|di|dat|our|my", bare=True)


def placed_in_the_picture_in_hand(core: str, mentions: list[Mention], ctx: RouterContext) -> bool:
    """Whether the turn places the photo sent with it somewhere the current picture shows: "This is the jacket we sell
    the most. Put it on a mannequin in front of the boutique", "This is his dog. I want to appliqué her onto the centre
    block of the quilt", "Also I am selling hats. Put this one on small table by the door, next to the jacket", "this is Bramble and this is Nelson. Could we have the two of them sitting by the lychgate?"
    (then the picture in hand changes and the photo lends; not "put it on a white backdrop": no place it shows)."""
    if not ctx.attached or ctx.current is None or ctx.current in ctx.attached:
        return False
    if any(h not in ctx.attached for m in mentions for h in m.handles):
        return False
    placed = re.search(r"\b(?:put|pop|place|stick|sit|plonk|set|appliqu[eé]|stitch|sew|have|get|add)\s+(?:it|them|him|her|this\s+one|"
                       r"(?:the|these|those)\s+(?:two|three)(?:\s+of\s+them)?|both(?:\s+of\s+them)?|them\s+both)\b([^.!?;]{0,80})", core)
    if not placed:
        return False
    words = shown(ctx)
    sent = {w for h in ctx.attached for w in words.get(h, [])}  # a word the photo shows too says nothing of where
    return _place_shown(placed.group(1), [w for w in words.get(ctx.current, []) if w not in sent], r"the|that|our|my|his|her|its",
                        unless=sent)


def placed_across_pictures(core: str, mentions: list[Mention], ctx: RouterContext) -> tuple[int, list[int]] | None:
    """(the picture that changes, what lends) when a turn places one picture where another shows: "Put Bosun, image five,
    on the foredeck of the pilot boat" (the boat picture in hand changes, #5 lends; not "put image 3 in a forest");
    "put the shoes by the door of the card, beside the dogs" with the shoes sent while a picture of boats is in hand
    (the latest picture that shows the door, the card and the dogs changes)."""
    if ctx.current is None or len(mentions) > 1 or mentions and len(mentions[0].handles) != 1:
        return None
    words = shown(ctx)
    if mentions and not ctx.attached and mentions[0].handles[0] != ctx.current:
        lent = mentions[0].handles[0]
        before, after = core[:mentions[0].start], core[mentions[0].end:]
        where = re.match(r"[\s,]*(?:on|onto|in|into|at|beside|by|next\s+to|inside)\b([^.!?;]{0,80})", after) \
            if re.search(r"\b(?:put|pop|place|stick|sit|plonk|set|add)\s+(?:[a-z]+\s*,\s*)?$", before) else None
        said = [w for w in content_words(where.group(1)) if w not in words.get(lent, [])] if where else []
        return (ctx.current, [lent]) if _shown_count(said, words.get(ctx.current, [])) else None
    if mentions or len(ctx.attached) != 1:
        return None
    placed = re.search(r"\b(?:put|pop|place|stick|set)\s+(?:it|them|(?:the|this|these|those|that|my|his|her)\s+[a-z]+|this|these)\s+((?:by|beside|next\s+to|"
                       r"in\s+front\s+of|on|onto|in|into|under|at)\b[^.!?;]{0,80})", core)
    sent = set(words.get(ctx.attached[0], []))
    said = [w for w in content_words(placed.group(1)) if w not in sent] if placed else []
    if not said or _shown_count(said, words.get(ctx.current, [])):
        return None  # the picture in hand shows the place (placed_in_the_picture_in_hand)
    shows = {h: _shown_count(said, words.get(h, [])) for h in ctx.handles if h not in ctx.uploads}
    best = max(shows.values(), default=0)
    return (max(h for h, n in shows.items() if n == best), list(ctx.attached)) if best >= 2 else None


def _shown_count(said: list[str], shows: list[str]) -> int:
    """How many of the words said a picture shows (in any form of the word)."""
    return sum(any(same_word(w, s) for s in shows) for w in said)


def _place_shown(where: str, shows: list[str], determiners: str, unless: set[str] = frozenset(), bare: bool = False) -> bool:
    """Whether a place named in `where` ("... on the front step of de pink house"; with `bare`, "next to bucket" too) is
    among the words a picture shows."""
    things = re.findall(rf"\b(?:{determiners})\s+((?:[a-z]+\s+){{0,2}}[a-z]{{3,}})\b", where)
    if bare:  # "put him next to bucket": a voice that drops its articles
        things += re.findall(r"^\s*(?:next\s+to|beside|near|behind|under|on|in|at|by|inside)\s+([a-z]{3,})\b", where)
    return any(same_word(word, w) for thing in things for word in thing.split() if word not in unless for w in shows)


def images_named_by_nouns(core: str, ctx: RouterContext, lenders_known: bool = False) -> tuple[int, list[int]] | None:
    """ "put the hat on my dog" after uploading a dog (#1) and a hat (#2): the nouns of the
    sentence matched against what the person said each image shows. Only used when the
    current image does not show the target noun."""
    target = re.search(r"\b(?:on|onto|to|into|in|for|of)\s+(?:the|my|our|his|her|their|this|that)\s+([a-z]+)", core)
    if not target or not ctx.captions:
        return None
    noun = target.group(1)
    has = lambda h, word: bool(re.search(rf"\b{re.escape(word)}s?\b", ctx.captions.get(h, "")))  # noqa: E731
    if has(ctx.current, noun):
        return None
    sources = [h for h in reversed(ctx.path_handles) if has(h, noun)]
    if not sources:
        return None
    obj = re.match(r"^[a-z]+\s+(?:the|my|this|that|a|an|his|her)?\s*([a-z]+)", core)
    lenders = [h for h in reversed(ctx.path_handles) if obj and h != sources[0] and has(h, obj.group(1))]
    if not lenders and not lenders_known:
        return None  # only when both are identified, as in "put the hat on my dog"
    return sources[0], lenders[:1]


def possessor_elsewhere(core: str, ctx: RouterContext) -> int | None:
    """ "the puppy's hat": a thing the person treats as already there. When the current image's
    words never mention the puppy and an earlier image on the head path does, that image is meant."""
    owner = re.search(r"\bthe\s+([a-z]{3,})'s\b", core)
    if owner is None or not ctx.captions:
        return None
    shows = re.compile(rf"\b{re.escape(owner.group(1))}(?:s|es)?\b")
    if shows.search(ctx.captions.get(ctx.current, "")):
        return None
    return next((h for h in reversed(ctx.path_handles) if h != ctx.current and shows.search(ctx.captions.get(h, ""))), None)


def just_asked_about(core: str, ctx: RouterContext) -> int | None:
    """ "these are my running shoes - what colour are they?" then "make the shoes bright orange": the
    photo just asked about (a question does not make it current) when only its words name the thing."""
    thing = re.match(rf"^(?:{'|'.join(EDIT_VERBS)})\s+the\s+([a-z]{{3,}})\b", core)
    last = ctx.recent_uploads[-1] if ctx.recent_uploads else None
    if thing is None or last is None or last == ctx.current or ctx.last_call is None \
            or ctx.last_call.tool != "describe" or last not in ctx.last_call.input_handles():
        return None
    shows = re.compile(rf"\b{re.escape(thing.group(1))}(?:s|es)?\b")
    if shows.search(ctx.captions.get(last, "")) and not shows.search(ctx.captions.get(ctx.current, "")):
        return last
    return None


# "put him in a little yellow raincoat": dressed, not placed somewhere
DRESSED = re.compile(r"\b(?:put|dress)\s+(?:him|her|them)\s+(?:up\s+)?in\s+(?:a|an|his|her|their|some)\s+(?:[a-z]+\s+){0,3}?(?:coat|raincoat|"
                     r"jacket|sweater|jumper|costume|dress|outfit|suit|hat|cap|scarf|bandana|shirt|hoodie|onesie|tutu|uniform|boots|"
                     r"cardigan|vest|cape|bow\s*tie|sunglasses|glasses)s?\b")


# "a flat lay of the shoes and the jacket ... leave the hat out of it": a photo sent that the picture does without
LEFT_OUT = re.compile(r"\bleave\s+(?:the|my|that)\s+([a-z]{3,})\s+out\b|\b(?:without|except|but\s+not)\s+(?:the|my|that)\s+([a-z]{3,})\b")


def photos_left_out(core: str, ctx: RouterContext) -> list[int]:
    """The photos sent with the turn that its words leave out of the picture."""
    if len(ctx.attached) < 2:
        return []
    matcher = ContentMatcher(ctx)
    out = []
    for found in LEFT_OUT.finditer(core):
        hit = matcher.pick(Descriptor.parse(found.group(1) or found.group(2)), pool=list(ctx.attached), ask=False)
        out += [hit] if hit is not None else []
    return out


# "can you put that scarf round his neck in this photo?": where it goes is the photo sent
PUT_IN_THIS_PHOTO = re.compile(r"\b(?:put|place|add|stick)\b[^.?!]*(?<!\blike )\b(?:in|into)\s+this\s+(?:photo|picture|pic|image|one|painting|drawing|scene)\b")

# the one it goes onto is in the photo sent now: "Pop that beanie on my wee dug here."
ONTO_THE_ONE_HERE = re.compile(r"\b(?:on|onto)\s+(?:my|our|the|this)\s+(?:[a-z]+\s+){0,2}?[a-z]+\s+here\s*(?:[.!?]|$)")
# a thing in hand laid on the surface the photo sent shows: "put the carpet on this floor as if it lies there"
ONTO_THIS_SURFACE = re.compile(r"\b(?:put|place|lay|set|stand)\s+(?:the|my|our|that)\s+[a-z]+\s+(?:on|onto)\s+this\s+(?:floor|table|"
                               r"wall|shelf|board|bench|surface|ground|counter|desk|tray|tablecloth|plinth|windowsill|doorstep)\b")
# "the same shoes on this one too" with another dog sent: the photo sent changes
SAME_THING_ON_THIS = re.compile(r"\bsame\s+([a-z]{3,})\s+(?:on|onto|for|to)\s+this\s+(?:one|dog|cat|pup|puppy|guy|girl|lad|lass|photo|pic|picture)\b")
