"""Second looks at the interpreter's reading: the few places where a word or two of the turn settles
what the learned reading gets wrong. The interpreter (studio/interpreter.py) picks the action from the
whole turn in its dialogue; these checks run after it in `TurnReader.decide`, each for one kind of
phrase, and each can only move the action to one the turn's words plainly name.

| check | turns |
|---|---|
| versions of another thing | "three versions of the main bedroom as well" after a living room: a new picture |
| toned down | "pull back the lemon", "dial the capers back": less of a thing, not a step back |
| a look in words | "write 'since 1968' in gold letters, old style": no picture to take a style from |
| an artwork lent for its look | "my mum painted this ... if the harbour looked like it came from her brush" |
| picked from a batch | "The middle one! she looks so cosy" after "give us three to pick from" |
| stick with | "let's scrap it and stick with the jacket version" |
| back to an image | "back to before the frisbee", "back to A": that image, not one step back |
| the same look again | "give Luna the same treatment" right after a restyle: restyled too |
| the next piece | "Second poster. No dog. Ladder truck at night", "Final panel for today. EXT. FERRY DECK": a new picture |
| a piece with them | "make a found dog poster with him on it": a new picture that borrows the photo |
| a photo introduced | "Station dog. Name Sarge. Photo attached. Over.", "Allow me to introduce ... Bramble": a bare upload |
| not for pictures | "Hey Studio, set a timer for ten minutes": chat |
| picked, then changed | "the one where he's just got the hat on, before the pink - crop that one square": an edit of it |
| seen in the picture | "Can you see his ears under the hat or they covered?", "Title on that one. Spelled right?": a describe |
| queries listed | "2 queries on this - 1) bowl looks steel or brass? 2) ...": a describe |
| a likeness | "here is his photo again, make it look like him": an edit, not a style |
| the plain one again | "I'd rather have the plain photo again, without the hat": a pick of the photo |
| named, then changed | "Take please picture #1, the very first one, and make children older": an edit, not a pick |
| the final one named | "Final poster is the one in style of our artist. Open it again please": a pick, not a restyle |
"""

from __future__ import annotations

import re

from studio.calls import SAME_LOOK, SEPARATE_JOB
from studio.content import file_named
from studio.image_words import step_said
from studio.words import Words
from studio.interpreter import Reading
from studio.lenders import PLACED_PRONOUN, attachments_by_file_names
from studio.picks import the_plain_one_again
from studio.new_picture import MADE_AS_SAID, ONE_MORE_PUT_IN, VERSIONS_OF_THIS, drawn_onto_the_picture, versions_of_another_thing
from studio.phrases import A_NEW_PICTURE, EDIT_VERBS, LIKENESS, cut_mentions, normalise, steps_back
from studio.replies import ABOUT_THE_MAKER, NOT_FOR_PICTURES, NOT_STILLS
from studio.references import RouterContext

FALLBACK = 0.02  # an action below this probability is never built in place of one that could not be

# "pull back the glow", "dial the capers back", "tone down the char" (not "pull that back", "take it back")
TONED_DOWN = re.compile(r"\b(?:pull|dial|tone|scale|turn|knock)\s+(?:back|down)\s+(?:the|those|his|her|its|their)\s+"
                        r"(?!(?:last|change|edit|step|one)\b)[a-z]{3,}|\b(?:pull|dial|tone|scale|knock)\s+(?:the|those|his|her|its|their)\s+"
                        r"(?!(?:last|change|edit|step|one)\b)[a-z]{3,}(?:\s+[a-z]+)?\s+(?:back|down)\b")
# words of undo that order a change: "reverse it pls so the horse is running the other way", "the grey around the muzzle
# must be there. Restore it."
CHANGE_NOT_A_STEP = re.compile(r"\b(?:reverse|flip|mirror)\s+(?:it|that|this|him|her|the\s+[a-z]+)\s+(?:pls\s+|please\s+)?(?:so|to|horizontally|"
                               r"vertically|round|around)\b|\bmust\s+be\s+there\b")
STYLE_FROM_AN_IMAGE = re.compile(r"\b(?:style\s+(?:of|from)|in\s+(?:the|that|this|its|her|his|their)\s+(?:same\s+)?style|same\s+style|"
                                 r"like\s+(?:the|that|this|image|#|picture|painting)|paint(?:ed)?\s+(?:it\s+)?like|restyle|again|"
                                 r"(?:that|this|the)\s+(?:painting|look)|one\s+more|another)\b")
LOOK_OF_THIS_ART = re.compile(r"\b(?:whole\s+thing|it|everything|the\s+(?:whole\s+)?(?:picture|scene|image))\s+(?:to\s+)?look\s+like\s+"
                              r"(?:this|that)\s+(?:[a-z]+\s+)?(?:painting|print|canvas|watercolou?r|artwork|drawing|sketch|picture)\b")
ARTWORK = re.compile(r"\b(?:paint\w*|drawing|drew|watercolou?r|artwork|sketch\w*|illustration|canvas|oils?)\b")
FOR_ITS_LOOK = re.compile(r"\b(?:look(?:s|ed)?\s+like|brush\w*|painted|paint(?:ing)?\s+(?:it\s+)?like|style|palette|(?:after|in)\s+the\s+"
                          r"(?:manner|fashion)\s+of|like\s+(?:this|that)\s+"
                          r"(?:one|yin|painting|picture)|like\s+(?:she|he|they|i)\s+(?:had\s+)?(?:painted|drawn|done))\b")
# "Second poster. No dog. ...", "new card: ...", "Separate job. Safety notice for the yard ...", "Final panel for today. EXT. ..." (not "second poster, darker": a place)
NEXT_PIECE = re.compile(r"^(?:(?:ok|okay|right|now|and|good|great|nice|thanks)\W+){0,2}(?:a\s+)?(?:(?:second|third|another|new|next|fresh|final|last|separate)\s+"
                        r"(?:poster|banner|card|flyer|picture|image|pic|panel|cover|design|logo|page|slide|frame)|separate\s+(?:item|piece|job|thing|one)|"
                        r"the\s+(?:front|back)(?:\s+(?:cover|page))?)"  # "Now the front. Old ship's galley, big pot of stew ..."
                        r"(?:\s+for\s+(?:today|the\s+[a-z]+(?:\s+[a-z]+)?))?\s*[.:!]"
                        r"|^(?:(?:ok|okay|right|now|and)\W+){0,2}(?:a\s+)?separate\s+(?:item|piece|job|thing|one)\s*,\s*(?:nothing|not|nowt|unrelated)\b")  # "Separate item. Wall backdrop, same ward: ..." (not "Next item. Same treatment")
# a new piece made with someone or something in it: "make a found dog poster with him on it", "do us a card with the
# two of them" (not "make a card with him: put him in front of a fireplace": his photo changed)
A_PIECE_WITH_THEM = re.compile(r"\b(?:make|do|create|design)\s+(?:me\s+|us\s+)?(?:a|an|one)\s+(?:[a-z]+\s+){0,3}?(?:poster|flyer|card|sign|notice|"
                               r"banner|leaflet|listing|advert|label|cover|invitation)\s+(?:with|of|featuring)\s+(?:him|her|them|both|"
                               r"the\s+two\s+of\s+them)\b")
# a photo sent with words that only introduce it, and nothing asked of it
INTRODUCED = re.compile(r"\b(?:this\s+is|this\s+(?=(?:my|our)\s)|here'?s|here\s+is|here\s+are|meet|say\s+hi\s+to|introduc\w*|depicts|welcome\s+(?:for|to)|"
                        r"(?:photo|pic|picture|exhibit\s+\w+)\s+(?:is\s+)?attached|attached\s+is)\b")
ASKS = re.compile(rf"(?:^|[.!?,;:]\s*|\b(?:and|then|now|so)\s+)(?:{'|'.join(EDIT_VERBS)})\b(?!\s+(?:you|u)\b)|\b(?:can|could|would|will)\s+(?:you|u)\b|"
                  r"\b(?:please|pls|plz|want\s+you|need\s+you|i'?d\s+like|let'?s)\b|\?|"
                  r"\b(?:do|make|gimme|give)\s+(?:me|us|is)\s+(?:a|an|another|some|\d|two|three)\s")  # "do us a new pic wi bella on it"
RHETORICAL = re.compile(r"\b(?:isn'?t|ain'?t|aren'?t)\s+(?:she|he|it|they|that)\s+(?:just\s+)?(?:so\s+|the\s+)?[a-z]+[^?]*\?"
                        r"|\blet'?s\s+(?:have|give)\s+(?:a|it\s+up\s+for|them)\s+(?:big\s+|warm\s+|round\s+of\s+)*(?:welcome|applause|hand)\b")
HOSTED = re.compile(r"\bwelcome\s+(?:for|to)\b[^.!?]*[.!?\s]+(?:it'?s|here'?s|meet)\s+")  # "a big warm welcome for ... it's PICKLES!"
STICK_WITH = re.compile(r"\b(?:stick|stay|go|carry\s+on|continue|keep\s+going)\s+with\s+$")


# a photo sent for a part of a new picture: "lookin like this wood", "use this wood for the board", "wi this hat on its heid"
LENT_TO_A_NEW_PICTURE = re.compile(r"\b(?:look\w*|made|done)\s+(?:like|of|from|in)\s+this\s+[a-z]+|\buse\s+this\s+[a-z]+\s+(?:for|as)\b|"
                                   r"\b(?:with|wi|wearing)\s+this\s+[a-z]+\s+(?:on|in|around|round)\b")
# a photo sent to keep for later: "don't do anything with it yet", "nothing is to be changed yet", "hang on to it"
NOT_YET = re.compile(r"\b(?:don'?t|do\s+not|dinna|dont|no\s+need\s+to)\s+(?:do|dee|dae|change|touch)\s+(?:anything|onything|owt|nothing)?\s*"
                     r"(?:with|wi|to)?\s*(?:it|this|that|them|her|him)?\s*(?:just\s+)?yet\b|\bnothing\s+(?:is\s+)?to\s+(?:be\s+)?"
                     r"change[sd]?\s+yet\b|\b(?:hang|hold|hing|keep)\s+(?:on\s+)?(?:to|tae|onto)\s+(?:it|this|that|them)\b"
                     # "please simply keep them until I ask for something"
                     r"|\b(?:keep|hold|store)\s+(?:it|this|them|these)\s+(?:for\s+now\s+)?until\s+i\s+(?:ask|need|say|tell)\b")
MORE_GOES = re.compile(r"\b(?:\d|two|three|four|five)\s+more\s+(?:goes|tries|attempts)\s+at\s+(?:the|that|this)\s+(?:painting|paint|style|look)")
# one part made like the photo sent: "make the floor look like this", "make the shelves like this" (not "the whole card")
PART_LIKE_THIS = re.compile(r"\b(?:make|do|turn)\s+(?:the|his|her|its|their)\s+(?!(?:whole|entire|picture|image|photo|pic|scene|card|"
                            r"poster|flyer|sign|banner|one|thing|look|design|page|cover)\b)[a-z]+\s+(?:look\s+)?like\s+(?:this|that)\b"
                            # "make the temple door in the picture look as if it is made of this same wood"
                            r"|\bmade\s+(?:of|from|out\s+of)\s+(?:this|that)\s+(?:same\s+)?(?:wood|stone|fabric|cloth|material|metal|marble|"
                            r"leather|tiles?|brick|glass|silk|wool|felt|paper|timber)\b")
SAME_COLOUR_AS = re.compile(r"\bsame\s+(?:colou?r|shade|pattern|fabric|material|print)\s+as\b")
STEPPING_AWAY = re.compile(r"\b(?:brb|gtg|got to go|gotta go|be right back|(?:be\s+)?back\s+in\s+(?:a|an|5|10|five|ten|half\s+an)\s*"
                           r"(?:bit|sec|secs|second|min|mins|minute|minutes|mo|jiffy|while|hour|tick))\b"
                           r"|\brevert\s+(?:back\s+)?(?:to\s+(?:me|us)\b|if\b|at\s+the\s+earliest\b)")  # "kindly revert back if ...": reply

# a change asked for after the picture is named: "Take please picture #1, the very first one, and make children older"
NAMED_THEN_CHANGED = re.compile(r"\b(?:and|then)\s+(?:then\s+)?(?:make|change|turn|add|remove|put|give)\s+"
                                r"(?!(?:it|that|this)\s+(?:the\s+)?(?:current|main|final)\b)")
# "Perfect!! Malo 'aupito, 'ofa atu": delight, then words the interpreter does not know; nothing steps back
# unless some word says so
PLEASED_ONLY = re.compile(r"^(?:perfect|brilliant|lovely|great|awesome|amazing|beautiful|gorgeous|excellent|fantastic|"
                          r"wonderful|(?:i )?love it|that'?s (?:it|perfect|great|lovely|the one)|thanks?|thank you|cheers)\b(?!.*\b(?:"
                          r"undo|back|revert|before|previous|earlier|restore|cancel|scrap|remove|take|original|redo|again|instead)\b)")

# what is left of "the one with the shoes on the right side, that's what I want" once the picture it names is cut
PICKED_AS_WANTED = re.compile(r"^[\s,.!-]*(?:(?:da|the|is|that'?s|dat'?s|it'?s)\s+)?(?:dat|that|this|dis|what)\s+(?:(?:ah|i|me|we)\s+"
                              r"(?:want|like|choose|pick|go\s+with)|(?:is\s+)?(?:the\s+one|it|mine))\b[\s.!]*$")
# "take the jacket picture with the shoes, number 6, and ...": a picture in hand, taken to work on
TAKE_THAT = re.compile(r"^(?:(?:ok|okay|so|now|right)[\s,]+)?(?:take|grab)\b")

# a new kind of picture made for someone or something: "make a birthday card for my nåna", "design a flyer for the fete"
MADE_FOR_SOMEONE = re.compile(r"\b(?:(?:can|could|would|will)\s+(?:you|u|ya)\s+|please\s+|^)(?:make|create|design|draw|do)\s+(?:me\s+|us\s+)?"
                              r"(?:a|an)\s+(?:[a-z]+\s+){0,2}?"
                              r"(?:card|poster|flyer|banner|sign|invitation|invite|cover|logo|postcard|sticker|label|menu)\s+for\b")
# help asked for a picture not yet described: "... a sign for my kiddos. Can you help an old gal out?"
HELP_ASKED = re.compile(r"\b(?:can|could|would|will)\s+(?:you|u|ya)\s+help\b[^.!?]*[.!?]*\s*$")
DESCRIBED = re.compile(r"\b(?:with|showing|saying|says|featuring|of\s+(?:a|an|the|some|my|our))\b|[:'\"“‘]")
# one more thing for the picture just changed, said as a fragment: "and my number under it 07700 900123"
AND_ONE_MORE_THING = re.compile(r"^(?:and|plus|also|oh\s+and)\s+(?:my|the|our|a|an|his|her|their)\s+(?:[\w'-]+\s+){0,3}?"
                                r"(?:under|below|above|over|on|beside|next\s+to|underneath|on\s+top\s+of)\s+(?:it|that|them|this)\b")
# how a thing in the picture should be: "the front pipes ought to be arranged in three flats", "the roof should be slate"
OUGHT_TO_BE = re.compile(r"\bthe\s+(?:[a-z]+\s+){0,2}?[a-z]+\s+(?:ought\s+to|should|needs?\s+to|must|has\s+to|have\s+to)\s+(?:be|have|look|sit|stand)\b")
# a picture asked to be shown again, with nothing to change in the same sentence
SHOWN_AGAIN = re.compile(r"^(?:(?:now|ok|okay|so|and)\s+)*(?:(?:can|could)\s+(?:you|u)\s+|please\s+)?(?:show|bring\s+up|pull\s+up|open)\s+"
                         r"(?:me\s+|us\s+)?(?:again\s+|back\s+)?(?:it|that)(?:\s+(?:again|back|up))?\s*(?:please\s*)?(?:[.!?]|$)")
SHOWN_BY_WHAT_IT_SHOWS = re.compile(r"^(?:(?:now|ok|okay|so|and)\s+)*(?:(?:can|could)\s+(?:you|u)\s+|please\s+)?show\s+(?:me|us)\s+"
                                    r"(?:again\s+the\s+|the\s+one\s+(?:on|with|where|from|in|that)\b)")
PLACE_PREFERRED = re.compile(r"^(?:the\s+)?(?:first|second|third|last|middle|other|left|right)\s+(?:one|version|option)\s+"
                             r"(?:is\s+|was\s+|looks?\s+|looked\s+)?(?:much\s+|way\s+|so\s+)?(?:better|best|nicer|nicest)\b|"
                             r"^(?:the\s+)?(?:first|second|third|last|middle)\s+(?:one|version|option)\s*(?:[.!]|$)")  # "Second one. The others so ugly"


# what the last step added, taken away "again": "take the hat off again", "remove the balloons again"
TAKEN_OFF_AGAIN = re.compile(r"\b(?:take|get)\s+(?:the\s+|that\s+|his\s+|her\s+)?([a-z]{3,})\s+(?:off|out|away)\s+again\b|"
                             r"\bremove\s+(?:the\s+|that\s+)?([a-z]{3,})\s+again\b")


def reconsider(meant: str, reading: Reading, words: Words, ctx: RouterContext) -> str:
    """The action after the second looks of the table above."""
    second, second_score = reading.runner_up()
    raw = normalise(words.raw)
    others = [h for h in words.handles if h != ctx.current]
    if meant == "style" and LIKENESS.search(raw):
        return "edit"  # "his face on the poster came out different, here is his photo again, make it look like him"
    if meant in ("edit", "undo", "redo") and the_plain_one_again(raw, words, ctx):
        return "select"  # "hmm wait, I'd rather have the plain photo again, without the hat"
    if meant in ("undo", "redo") and ctx.current is not None and (TONED_DOWN.search(words.core) or CHANGE_NOT_A_STEP.search(raw)):
        return "edit"
    off_again = TAKEN_OFF_AGAIN.search(raw)
    if meant in ("edit", "inpaint") and off_again and ctx.previous_action in ("edit", "inpaint") and ctx.last_call is not None \
            and re.search(rf"\b{off_again.group(1) or off_again.group(2)}", normalise(ctx.last_call.args.get("prompt", ""))):
        return "undo"  # "lol take the hat off again, he would hate it" right after "put this hat on him": that step taken back
    if meant in ("undo", "redo") and ctx.attached and re.search(r"\brestor\w*\b", raw) and not re.search(r"\b(?:undo|redo|back)\b", raw):
        return "edit"  # "this is an old photo of our first dog, it's faded and scratched. can you restore it": an old photo mended
    if meant == "generate" and any(len(m.handles) == 1 and re.search(r"\b(?:make|turn)\s+$", words.core[:m.start])
                                   and re.match(r"\s+(?:into\s+)?(?:a|an)\s+[a-z]", words.core[m.end:]) for m in words.mentions):
        return "edit"  # "can u make biscuit a pirate": the picture named is made into one
    if meant == "select" and second == "edit" and ctx.attached and all(h in ctx.attached for h in words.handles) \
            and re.search(r"\b(?:on|onto|in|into|beside|by|under|over|next\s+to)\s+(?:the|that|this|my|his|her)\b", words.core) \
            and not re.search(r"\bback\s+to\b", words.core):  # (not "Back to the bonbons on the wooden counter", a pick)
        return "edit"  # "and the hat on the right hand one" with the hat sent: no pick of a picture, the photo goes in
    if meant == "generate" and painted_like_an_artwork_sent(words, ctx):
        return "style"  # "a new one: fishing boats at the jetty, painted like grandfather's painting" (the painting he sent)
    if meant == "style" and second == "edit" and second_score >= FALLBACK and SAME_COLOUR_AS.search(raw):
        return "edit"  # "paint the boat the same colour as this jacket": a colour borrowed, not a painting's look
    if meant == "style" and second == "edit" and second_score >= FALLBACK and len(ctx.attached) == 1 and PART_LIKE_THIS.search(raw) \
            and not ARTWORK.search(f"{ctx.names.get(ctx.attached[0], '')} {raw}".replace("_", " ").replace(".", " ")):
        return "edit"  # "Make the floor look like this, please." with a photo of wood: a material for one part, no artwork's look
    if meant == "generate" and drawn_onto_the_picture(raw, ctx):
        return "edit"  # "draw a small bee on each label" with the jars and labels in hand
    if meant == "repeat" and ctx.current is not None and ONE_MORE_PUT_IN.search(raw):
        return "edit"  # "Could you add another jar, please?": one more of a thing in the picture, not the picture again
    if meant in ("edit", "style") and ctx.call_to_repeat is not None and ctx.call_to_repeat.tool == "style" \
            and MORE_GOES.search(raw) and not ctx.attached:
        return "repeat"  # "give us three more goes at the painting look so she can pick": that restyle again, three times
    if meant == "edit" and (len(set(words.handles)) == 1 and words.handles[0] != ctx.current
                            and SHOWN_AGAIN.match(cut_mentions(words.core, words.mentions, "it"))
                            or not words.handles and SHOWN_BY_WHAT_IT_SHOWS.match(words.core)):
        # ("Show me again the jar on the black cloth": a picture to bring back, found by what it shows, or asked about)
        return "select"  # "now show me again the advert one, the one where you removed the spot": brought back, unchanged
    if meant in ("select", "generate") and words.mentions and (meant == "select" or re.search(
            r"\b(?:take|use|open)\s+(?:please\s+|pls\s+)?(?:the\s+)?(?:picture|image|photo|pic|number|#)", raw)) \
            and NAMED_THEN_CHANGED.search(words.core[words.mentions[-1].end:]):
        return "edit"  # "Take please picture #1, the very first one, and make children older": that one, changed
    if meant in ("edit", "style") and not ctx.attached and re.search(r"\b(?:final|chosen)\s+(?:poster|picture|pic|one|version|image|card)\s+"
                                                                  r"(?:is|will\s+be)\s+the\s+one\b", raw):
        return "select"  # "Final poster is the one in style of our artist. Open it again please": chosen, not made again
    if meant not in ("select", "describe") and ctx.batch and PLACE_PREFERRED.match(raw):
        return "select"  # "first one beter, look more like him" after two versions: that one is picked
    if meant in ("undo", "redo") and (STEPPING_AWAY.search(raw) or PLEASED_ONLY.match(raw)) \
            or meant in ("edit", "generate") and not words.handles and not ctx.attached and STEPPING_AWAY.search(raw) and len(raw.split()) <= 12:
        return "chat"  # "gtg, one fully on MLU. back in a bit x": the person steps away, nothing steps back
    if meant == "style" and reading.scores.get("edit", 0.0) >= 0.1 and not ctx.attached and not words.handles \
            and ctx.last_style_image is not None and not STYLE_FROM_AN_IMAGE.search(raw):
        # (with no style image in the session at all, the style has nothing to act on and the edit is built anyway)
        return "edit"
    if meant in ("edit", "generate") and _artwork_lent_for_its_look(raw, ctx) and (
            reading.scores.get("style", 0.0) >= FALLBACK or LOOK_OF_THIS_ART.search(raw)):  # "look like this Degas print"
        return "style"
    if meant == "edit" and ctx.last_call is not None and ctx.last_call.tool == "style" and SAME_LOOK.search(raw):
        return "style"
    if meant == "edit" and not ctx.attached and not words.handles and SEPARATE_JOB.search(raw) \
            and reading.scores.get("generate", 0.0) >= 0.005:
        return "generate"  # "While I am here, my cousin wants a poster ..., nothing to do with the card": a new picture
    if meant == "edit" and len(ctx.attached) == 1 and SEPARATE_JOB.search(raw) and LENT_TO_A_NEW_PICTURE.search(raw) \
            and reading.scores.get("generate", 0.0) >= 0.005:
        return "generate"  # "diff job - a close up of a shake roof lookin like this wood. dont mess w my flyer": the photo lends
    if meant == "edit" and not words.handles and MADE_AS_SAID.match(words.core) and reading.scores.get("generate", 0.0) >= 0.05:
        return "generate"  # "Ah. Not made yet, April. Make: boat up on land, spring, man fixing net": the picture described
    if (meant == "edit" or meant == "chat" and second == "generate") and NEXT_PIECE.match(raw) and not words.handles \
            and not (ctx.attached and attachments_by_file_names(words.core, ctx.attached, ctx)) \
            and not (len(ctx.attached) >= 2 and all(file_named(raw, ctx) >= {h} for h in ctx.attached)):
        # not "Separate thing. Put this jacket on this dog", "Separate job: here is a hat and my dog. I would like the dog
        # wearing the hat" (every photo sent named by what it shows: one of them changes)
        return "generate"
    if meant == "edit" and not ctx.attached and A_PIECE_WITH_THEM.search(raw) and not PLACED_PRONOUN.search(raw) \
            and reading.scores.get("generate", 0.0) >= 0.005:
        return "generate"  # "make a found dog poster with him on it": a new piece that borrows him, not his photo changed
    if meant == "edit" and not ctx.attached and not words.handles and versions_of_another_thing(raw, ctx) \
            and reading.scores.get("generate", 0.0) >= 0.005:
        return "generate"  # "three versions of the main bedroom as well" after a living room: a new picture
    if meant == "edit" and ctx.current in ctx.uploads and not ctx.attached and MADE_FOR_SOMEONE.search(raw) \
            and not VERSIONS_OF_THIS.search(raw) and reading.scores.get("generate", 0.0) >= 0.005:
        return "generate"  # "this is our dog Boni", then "can you make a birthday card for my nåna ... put Boni in it"
    if meant == "edit" and A_NEW_PICTURE.search(raw) and not VERSIONS_OF_THIS.search(raw) \
            and reading.scores.get("generate", 0.0) >= 0.05:
        return "generate"  # "this is bella ... do us a new pic for the poster wi bella on it": a new picture, with her photo
    if meant == "edit" and not ctx.attached and re.search(r"\b(?:start|do|make|redo)\b[^.!?]{0,20}\bfrom\s+scratch\b", raw) \
            and reading.scores.get("generate", 0.0) >= 0.005:
        return "generate"  # "start that one over from scratch, but make it a vintage car from the 60s"
    if meant == "generate" and not ctx.attached and HELP_ASKED.search(raw) and not DESCRIBED.search(raw):
        return "chat"  # "I want to hang a sign in the window for my kiddos. Can you help an old gal out?": nothing to draw yet
    if meant == "chat" and ctx.current is not None and ctx.previous_action in ("edit", "inpaint", "generate", "style") \
            and AND_ONE_MORE_THING.match(raw):
        return "edit"  # "put DAVES WINDOWS on the side of the van", then "and my number under it 07700 900123"
    if meant == "generate" and second == "edit" and second_score >= 0.1 and ctx.current is not None and not ctx.attached and (
            OUGHT_TO_BE.search(raw) and not A_NEW_PICTURE.search(raw)  # "The front pipes ought to be arranged in three flats"
            or re.match(r"(?:stick|put|slap|pop|write|print)\s+(?:['\"‘“]|the\s+(?:words?|text|name|title)\b)", words.core)):
        return "edit"  # the picture in hand corrected; "Stick 'Charity T20 - Sat 14th June' across the bottom": words put on it
    if len(set(words.handles)) == 1 and others and others[0] in ctx.batch and (
            meant == "chat" or meant == "edit" and second == "select" and second_score >= 0.3):
        return "select"  # "The cloudy un. It's Dudley ay it, it's always cloudy": one of the versions just made, picked
    if meant == "edit" and len(set(words.handles)) == 1 and others and others[0] in ctx.batch and PICKED_AS_WANTED.match(
            cut_mentions(words.core, words.mentions, "")):
        return "select"  # "Di one wid di shoes pahn di right side, da dat Ah want": one of the versions, picked
    if meant == "generate" and words.handles and not ctx.attached and TAKE_THAT.match(words.core) \
            and reading.scores.get("edit", 0.0) >= 0.005:
        return "edit"  # "Ok tek di jacket pikcha wid di shoes, numba 6, an gimme chrii: ...": versions of that picture
    if meant == "edit" and second in ("undo", "select") and second_score >= 0.25 and any(
            h != ctx.current and STICK_WITH.search(words.core[:m.start]) for m in words.mentions for h in m.handles):
        return "select"
    if meant == "undo" and others and steps_back(words.core) is None:  # "take back both of those changes": a count
        return "select"
    if meant == "edit" and len(set(words.handles)) == 1 and KEEP_ONLY.search(raw):
        return "select"  # "keep number 4, get rid of the rest": that one picked, the others left
    if meant in ("undo", "redo") and ctx.current is not None and (scrapped := SCRAP_A_THING.search(raw)) \
            and not _brought_by_last_step(scrapped.group(1), ctx) and not re.search(r"\b(?:back|undo|before)\b", raw):
        return "edit"  # "lovely. scrap the boat though": the boat taken out (not "scrap the peony" just added: an undo)
    if meant == "describe" and ctx.current is not None and HAVE_IT_SO.search(raw):
        return "edit"  # "Is it just me or is she squinting? Could she have her eyes properly open?": a change asked
    if meant in ("edit", "generate") and not words.handles and not ctx.attached and CAN_YOU_DO_KINDS.search(raw):
        return "chat"  # "can you do faces? like proper realistic ones": a question about the studio
    if meant in ("edit", "chat") and others and _back_to_only(words):
        return "select"  # "right, back to no. 7 - the gather over the bench grain", "no. back to 13. that'll do, cheers"
    if meant in ("edit", "describe", "generate") and ctx.attached and not others and INTRODUCED.search(raw) \
            and (reading.scores.get(meant, 0.0) < 0.9 or HOSTED.search(raw)) and not ASKS.search(RHETORICAL.sub(" ", raw)):
        return "chat"  # "This is the qen of my brother, his name is Lumi", "here's our girl. Isn't she the sweetest?"
    if meant in ("edit", "describe", "style", "generate") and ctx.attached and NOT_YET.search(raw):
        return "chat"  # "I'll send ye a photie o Meg. Dinna dee onything wi it yet, jist hing on tae it."
    if meant in ("edit", "generate") and not words.handles and (NOT_FOR_PICTURES.search(raw) or NOT_STILLS.search(raw)):
        return "chat"  # "Hey Studio, set a timer for ten minutes", "can you also make a small video from picture?"
    if meant == "select" and not words.handles and THANKED.search(raw) and not PICK_WORDS.search(raw):
        return "chat"  # "good as gold. cheers for that bro, better get back to the shed, smokos over": no picture picked
    if meant in ("edit", "generate") and not words.handles and not ctx.attached and SIGNING_OFF.search(raw) \
            and not re.search(rf"\b(?:{'|'.join(EDIT_VERBS)}|make|draw|create|generate|give|put|add|do)\b", raw):
        return "chat"  # "Cheers. Up a stack in Hebden Bridge in the morning, pigeons permitting. Ta-ra"
    if meant == "describe" and second in ("edit", "generate") and second_score >= 0.05 and ctx.current is not None \
            and not ASKING.search(raw):
        return second  # "Company name on it. DEEPLINE SUBSEA. Top. White letters.": nothing asked, a change ordered
    if meant == "describe" and ABOUT_THE_MAKER.search(raw):
        return "chat"  # "is there some fella in there wi a brush or what", "Do you ever get tired?": about the studio
    if meant == "select" and len(set(words.handles)) == 1 and PICKED_THEN_CHANGED.search(raw):
        return "edit"  # "the one where he's just got the hat on, before the pink - crop that one square"
    if meant == "edit" and ctx.current is not None and not ctx.attached and SEEN_IN_IT.search(raw) and not ORDERED.search(raw):
        return "describe"  # "Can you see his ears under the hat or they covered?": a look asked for, nothing changed
    if meant in ("edit", "repeat") and ctx.current is not None and QUESTIONS_SAID.search(raw) and "?" in raw and not ORDERED.search(raw):
        return "describe"  # "2 queries on this - 1) bowl looks steel or brass? 2) heap - approx how many kg, visually?"
    return meant


# a picture named, then a change ordered to it: "... - crop that one square" (a pick alone is no change)
PICKED_THEN_CHANGED = re.compile(r"(?:[-–—,.;:!?]\s*|\b(?:and|then|now)\s+)(?:crop|make|turn|brighten|darken|recolou?r|paint)\s+"
                                 r"(?:that\s+one|this\s+one|that|it)\s+(?!(?:back|the|a|an|again|my|our|one|current|main|working|as|into|to)\b)[a-z]{3,}")
# a look asked for in the picture: "Can you see his ears under the hat or they covered?", "Title on that one. Spelled right?"
SEEN_IN_IT = re.compile(r"\b(?:can|could)\s+(?:you|u)\s+(?:still\s+)?(?:see|spot|make\s+out)\s+(?:his|her|its|their|the|any)\s+[^.?!]*\?"
                        r"|\b(?:spelt|spelled)\s+(?:right|correctly|ok|okay|properly)\s*\?|\bis\s+(?:the\s+)?spelling\s+(?:right|ok|correct)\b")
# a change ordered beside it: "can you see the dog? make him bigger"
# a likeness asked for, not a look: "make it look like him", "look more like the real one"
QUESTIONS_SAID = re.compile(r"\b(?:\d|two|three|four|a|one|few|some|couple\s+of)\s+(?:quick\s+|small\s+|little\s+)?(?:quer(?:y|ies)|questions?|doubts?)"
                            r"\s+(?:on|about|regarding|re|for|abt)\b")
ORDERED = re.compile(rf"(?:^|[.!?,;:]\s*|\b(?:and|then|now|so|please)\s+)(?:{'|'.join(v for v in EDIT_VERBS if v not in ('have', 'show'))})\b"
                     r"|\b(?:can|could|would|will)\s+(?:you|u)\s+(?!(?:still\s+)?(?:see|spot|make\s+out|tell)\b)[a-z]+")


# one image kept and the others let go: "keep number 4, get rid of the rest", "3rd good. others delete"
KEEP_ONLY = re.compile(r"\b(?:get\s+rid\s+of|delete|bin|ditch|lose|drop|scrap|remove|forget)\s+(?:the\s+|all\s+the\s+)?(?:rest|others|other\s+ones)\b|"
                       r"\b(?:others|the\s+rest)\s+(?:delete|bin|go|can\s+go)\b")
# a change asked as what someone could have: "could she have her eyes properly open?", "can he get a bigger hat?"
HAVE_IT_SO = re.compile(r"\b(?:could|can)\s+(?:she|he|they)\s+(?:have|get)\s+(?:her|his|their)\s+[a-z]+")
# a thing scrapped, not a step: "scrap the boat though", "scrap the hat, he looks better bald" (not "scrap the last change", "scrap that idea")
SCRAP_A_THING = re.compile(r"\b(?:scrap|bin|ditch)\s+the\s+(?!(?:last|latest|change|changes|edit|edits|step|idea|lot|whole|previous|"
                           r"new|one|other|painting\s+thing|style)\b)([a-z]{3,})\b(?:\s+(?:though|tho|please|pls))?\s*(?:[,.;!?]|$)")


def _brought_by_last_step(thing: str, ctx: RouterContext) -> bool:
    """Whether the step that made the picture in hand said the thing ("add a peony" then "scrap the peony")."""
    return bool(ctx.parents.get(ctx.current)) and bool(re.search(rf"\b{re.escape(thing)}", step_said(ctx.current, ctx)))
# what the studio can do, asked of a kind of picture: "can you do faces?", "could it draw horses?"
CAN_YOU_DO_KINDS = re.compile(r"(?:^|[.!?]\s*)(?:\w+\W+)?(?:can|could)\s+(?:you|u|it|this\s+thing)\s+(?:do|draw|make|handle)\s+"
                              r"(?!(?:it|this|that|them|these|those)\b)[a-z]+s\s*\?")


# a question in any form: a question mark, a question word, or a request to be told
ASKING = re.compile(r"\?|\b(?:what|what'?s|wat|wats|whats|wot|wots|wha|any|there|which|who|whose|where|when|why|how|is|are|was|were|does|do|did|can|could|will|would|has|have|"
                    r"tell|describe|explain|read|count|say|check|look|see|know|wonder|guess|reckon|think|identify|compare)\b")
# a goodbye or a toast at the end of a message: "... Ta-ra", "I'd buy ya a pint if ya had a mouth on ya"
THANKED = re.compile(r"\b(?:cheers|thanks|thank\s+(?:you|u|ya)|thx)\b")
PICK_WORDS = re.compile(r"\b(?:one|ones|pick|picked|go\s+with|going\s+with|keep|choose|prefer|version|option|number|no\.|take|use|"
                        r"winner|best|save|favou?rite|this|these)\b|#")
SIGNING_OFF = re.compile(r"(?:^|[.!?,]\s*)(?:ta-?ra|bye(?:-?bye)?|goodbye|see\s+(?:ya|you|u|ye)(?:\s+later)?|cheerio|take\s+care|"
                         r"good\s*night|night\s+night)\W*$|\b(?:buy|owe)\s+(?:ya|you|u|ye)\s+a\s+(?:pint|drink|beer|coffee)\b"
                         # "For today that is all, thank you a lot", "that's all for now, thanks"
                         r"|\b(?:that'?s|that\s+is)\s+all\s+for\s+(?:today|now|tonight)\b|\bfor\s+(?:today|now|tonight)\s+(?:that'?s|that\s+is)\s+all\b")


def painted_like_an_artwork_sent(words: Words, ctx: RouterContext) -> bool:
    """ "fishing boats at the jetty, painted like grandfather's painting": a picture in the look of an artwork sent."""
    return any(len(m.handles) == 1 and m.handles[0] in ctx.uploads and ARTWORK.search(ctx.names.get(m.handles[0], ""))
               and re.search(r"\b(?:like|style\s+of|manner\s+of)\s+$", words.core[:m.start]) for m in words.mentions)


def _back_to_only(words: Words) -> bool:
    """ "back to no. 7 - the gather over the bench grain": going back to an image, then only words about it."""
    # (after a remark in a sentence of its own: "Va ben, va ben. Now go back to number 5, the sunset with my hat and ...")
    opening = re.match(r"^(?:[^.!?]*[.!?]\s+)?(?:(?:right|ok|okay|now|so|and|no|nah|nope)\W+)*(?:(?:go|come|coming|let'?s\s+go)\s+)?back\s+to\b",
                       words.core)
    first = words.mentions[0] if words.mentions else None
    if opening is None or first is None or first.start > opening.end() + 1:
        return False
    rest = words.core[first.end:]
    # ("and" that goes on describing it is no second request: "the sunset with my hat and the striped shirt")
    return not re.search(rf"\b(?:{'|'.join(EDIT_VERBS)}|and(?!\s+(?:the|a|an|my|his|her|their|its)\b)|then|but|please|pls|can|could|would|will)\b", rest)


def _artwork_lent_for_its_look(raw: str, ctx: RouterContext) -> bool:
    """One attached artwork ("this is my mum's painting") and words that want its look on the picture in hand."""
    if len(ctx.attached) != 1 or ctx.current is None or ctx.current in ctx.attached:
        return False
    about = f"{ctx.names.get(ctx.attached[0], '')} {raw}".replace("_", " ").replace(".", " ")
    return bool(ARTWORK.search(about)) and bool(FOR_ITS_LOOK.search(raw))
