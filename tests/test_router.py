"""The studio's reading of many phrasings (not only the shared conversations' wording): the exact rules, the interpreter and the call builders together."""

from __future__ import annotations

import pytest

from studio.references import RouterContext
from studio.understanding import TurnReader
from tools.schemas import ToolCall

router = TurnReader()  # the exact rules, the interpreter and the call builders together


def ctx(n: int = 0, current: int | None = "last", attached=(), uploads=(), mask=False, parents=None,
        last_call=None, last_style=None, path=None) -> RouterContext:
    handles = list(range(1, n + 1)) + [h for h in attached if h > n]
    return RouterContext(
        handles=handles,
        path_handles=path if path is not None else handles,
        uploads=sorted(set(uploads) | set(attached)),
        attached=list(attached),
        current=(handles[-1] if handles and not attached else (n or None)) if current == "last" else current,
        parents=parents or {},
        has_mask=mask,
        last_call=last_call,
        last_style_image=last_style,
    )


# phrasings the interpreter (v7) still misreads, as strict expected failures: a retrain that fixes one
# is noticed and the entry removed; nothing else in this file is excused
INTERPRETER_GAPS = {
    "can I see it at night?": "read as chat (0.84): a request phrased as a question about seeing it",
    "torna alla prima immagine": "v8: Italian 'back to the first image' read as an edit (0.53)",
    # v15 (rounds 50-59 added) reads these three as a new picture where v14 read an edit of the picture in hand
    "perhaps a small boat on the lake?": "v15: a hedged addition read as a new picture (generate)",
    # v18 (rounds 82 and 83 added) reads these three otherwise than v17 did
    "a few pics from the shoot": "v18: two photos sent with a few words about them read as a new picture from them",
    "let's start again from scratch": "v18: starting again said in words read as a new picture with no subject",
    # v19 (rounds 84 and 85 added) reads these otherwise than v18 did (v20 reads three more of its five rightly again)
    "nice. now throw in a flock of crows circling above the windmill": "v19: an addition after praise read as a new picture",
    "Next item. Same treatment: white background, product centred.": "v19: the same change for the next product photo read as a new picture",
    # the image-role reader (studio/image_roles.py, first shipped fit) overrules the rules' right call here
    "great! now do that same watercolour style but with a harbour":
        "image-role reader: 'that same style but with a harbour' read as a restyle of the picture in hand, not a new picture",
}


def check(text, context, expected):
    got = route(text, context)
    if text in INTERPRETER_GAPS:
        assert got != expected, f"known gap now passes, remove it from INTERPRETER_GAPS: {text!r}"
        pytest.xfail(INTERPRETER_GAPS[text])
    assert got == expected


def route(text, context):
    d = router.route(text, context)
    if d.kind == "tool":
        return d.call.tool, d.call.input_handles()
    return d.kind, None


# (text, context, expected (tool-or-kind, inputs or None))
CASES = [
    # generation from nothing
    ("a red fox in the snow", ctx(), ("generate", [])),
    ("draw a lighthouse at dusk", ctx(), ("generate", [])),
    ("Generate an image of a castle on a hill", ctx(2), ("generate", [])),
    ("can you create a picture of two cats playing chess?", ctx(1), ("generate", [])),
    ("I'd like a watercolor of a harbour", ctx(1), ("generate", [])),
    ("make me a poster for a jazz night", ctx(1), ("generate", [])),
    ("show me a futuristic city at night", ctx(1), ("generate", [])),
    ("paint a bowl of oranges", ctx(1), ("generate", [])),
    ("photo of a vintage car", ctx(1), ("generate", [])),
    ("new image: a forest in autumn", ctx(1), ("generate", [])),
    ("sunset over the ocean", ctx(), ("generate", [])),
    ("a poster of a robot wearing this jacket and these shoes", ctx(0, attached=[1, 2]), ("generate", [1, 2])),
    # edits of the current image
    ("make the sky stormy", ctx(1), ("edit", [1])),
    ("now add a small boat in the water", ctx(2), ("edit", [2])),
    ("can you make it brighter?", ctx(2), ("edit", [2])),
    ("could you please remove the tree on the left", ctx(3), ("edit", [3])),
    ("turn the car red", ctx(1), ("edit", [1])),
    ("Change the background to a beach", ctx(1), ("edit", [1])),
    ("ok great, now give him a hat", ctx(2), ("edit", [2])),
    ("replace the dog with a cat", ctx(1), ("edit", [1])),
    ("let the woman smile", ctx(1), ("edit", [1])),
    ("zoom out a bit", ctx(1), ("edit", [1])),
    ("put sunglasses on the cat", ctx(1), ("edit", [1])),
    ("make the robot wave", ctx(3), ("edit", [3])),
    ("more contrast please", ctx(1), ("edit", [1])),
    ("add a lake instead", ctx(2, current=1, path=[1]), ("edit", [1])),
    # explicit references
    ("make the first one golden", ctx(2), ("edit", [1])),
    ("make image 2 smaller in the frame", ctx(3), ("edit", [2])),
    ("in #2, add a rainbow", ctx(3), ("edit", [2])),
    ("add snow to picture 1", ctx(3), ("edit", [1])),
    ("go back to the first one and add snow on the rocks", ctx(3, current=2, path=[1, 2]), ("edit", [1])),
    ("take image two and make it black and white", ctx(3), ("edit", [2])),
    ("make the previous one darker", ctx(3), ("edit", [2])),
    ("make the original blue", ctx(3, parents={2: [1], 3: [2]}), ("edit", [1])),
    ("make the photo I just uploaded black and white", ctx(3, uploads=[2]), ("edit", [2])),
    ("add a hat to the second one I sent", ctx(4, uploads=[1, 3]), ("edit", [3])),
    ("put the hat from image 2 on the dog in image 1", ctx(3), ("edit", [1, 2])),
    ("put the jacket from my upload on the robot", ctx(3, uploads=[1]), ("edit", [3, 1])),
    ("give image 3 the texture of image 1", ctx(3), ("edit", [3, 1])),
    ("swap the face with the one in this photo", ctx(1, attached=[2], current=1), ("edit", [1, 2])),
    ("undo the last two changes", ctx(3), ("undo", None)),
    ("I don't like it, try again", ctx(2, last_call=ToolCall(tool="generate", args={"prompt": "x"})), ("generate", [])),
    ("Could you whip up an image of a dragon flying over mountains?", ctx(), ("generate", [])),
    ("can I see it at night?", ctx(1), ("edit", [1])),
    ("do image 2 in the style of the photo I just uploaded", ctx(3, uploads=[3]), ("style", [2, 3])),
    ("does image 2 have a cat in it?", ctx(3), ("describe", [2])),
    # uploads
    ("this is my dog", ctx(0, attached=[1]), ("upload", None)),
    ("here's a photo of my living room", ctx(1, attached=[2]), ("upload", None)),
    ("put this hat on the dog", ctx(1, attached=[2], current=1), ("edit", [1, 2])),
    ("give the robot's body the texture of this wood", ctx(4, attached=[5], current=4), ("edit", [4, 5])),
    ("make this photo black and white", ctx(0, attached=[1]), ("edit", [1])),
    ("make this photo look like winter", ctx(2, attached=[3], current=2), ("edit", [3])),
    # style
    ("a cat sleeping on a windowsill in the style of this painting", ctx(0, attached=[1]), ("style", [1])),
    ("same style, but a dog running on a beach", ctx(2, last_style=1), ("style", [1])),
    ("now render image 4 in the style of image 1", ctx(4), ("style", [4, 1])),
    ("paint image 3 in the style of the first picture", ctx(3), ("style", [3, 1])),
    ("restyle it like image 1", ctx(3), ("style", [3, 1])),
    ("make it in this style", ctx(2, attached=[3], current=2), ("style", [2, 3])),
    ("a mountain village in the same style", ctx(2, last_style=1), ("style", [1])),
    ("apply the style of image 2 to image 3", ctx(3), ("style", [3, 2])),
    ("make it look like a van gogh painting", ctx(1), ("edit", [1])),
    # inpaint
    ("replace this area with a fireplace", ctx(1, mask=True), ("inpaint", [1])),
    ("put a plant here", ctx(2, mask=True), ("inpaint", [2])),
    ("fill the masked region with flowers", ctx(2, mask=True), ("inpaint", [2])),
    ("in image 1, replace the masked part with a window", ctx(2, mask=True), ("inpaint", [1])),
    # describe
    ("what is in the picture?", ctx(2), ("describe", [2])),
    ("is the dog wearing a hat?", ctx(4), ("describe", [4])),
    ("compare image 3 and image 6: which looks older?", ctx(6), ("describe", [3, 6])),
    ("what's different between image 2 and image 3?", ctx(3), ("describe", [2, 3])),
    ("which of image 2 and image 5 is brighter?", ctx(5), ("describe", [2, 5])),
    ("describe the first one", ctx(3), ("describe", [1])),
    ("what breed is it", ctx(1), ("describe", [1])),
    ("how many people are in #2?", ctx(3), ("describe", [2])),
    ("tell me what you see", ctx(1), ("describe", [1])),
    ("what's in this photo?", ctx(1, attached=[2]), ("describe", [2])),
    ("compare them", ctx(3), ("describe", [2, 3])),
    ("can you describe images 1 and 2?", ctx(3), ("describe", [1, 2])),
    # commands and chat
    ("undo", ctx(2), ("undo", None)),
    ("Undo that please", ctx(2), ("undo", None)),
    ("go back one step", ctx(2), ("undo", None)),
    ("revert", ctx(2), ("undo", None)),
    ("redo", ctx(2), ("redo", None)),
    ("thanks!", ctx(2), ("chat", None)),
    ("Thank you so much", ctx(2), ("chat", None)),
    ("hello", ctx(), ("chat", None)),
    ("looks great", ctx(1), ("chat", None)),
    ("what can you do?", ctx(), ("chat", None)),
    ("go back to the original", ctx(3, parents={2: [1], 3: [2]}), ("select", None)),
    ("use image 2", ctx(3), ("select", None)),
    # clarifications
    ("edit image 9", ctx(4), ("clarify", None)),
    ("make image 7 brighter", ctx(2), ("clarify", None)),
    ("make it blue", ctx(), ("clarify", None)),
    ("edit the third one I sent", ctx(2, uploads=[1]), ("clarify", None)),
    ("edit image 2", ctx(3), ("clarify", None)),
    ("try again", ctx(), ("clarify", None)),
]


@pytest.mark.parametrize("text, context, expected", CASES, ids=[c[0][:50] for c in CASES])
def test_phrasing(text, context, expected):
    check(text, context, expected)


def test_try_again_repeats_the_last_call_with_its_inputs():
    last = ToolCall(tool="inpaint", args={"prompt": "a fireplace", "source": 1})
    for text in ("try again", "another one", "one more time", "Try again please", "reroll"):
        decision = router.route(text, ctx(2, last_call=last))
        assert decision.kind == "tool" and decision.repeat and decision.call.input_handles() == [1], text


def test_parameters_in_text_are_cut_from_the_prompt():
    decision = router.route("a red fox, seed 42, 20 steps, 512x768", ctx())
    call = decision.call
    assert (call.params.seed, call.params.steps, call.params.width, call.params.height) == (42, 20, 512, 768)
    assert call.args["prompt"] == "a red fox"


def test_clarifying_question_names_existing_images():
    decision = router.route("edit image 9", ctx(3))
    assert decision.kind == "clarify" and "#1" in decision.reply and "#3" in decision.reply


HELDOUT_FIXES = [
    ("I'd love a watercolor of a sailboat on a calm lake", ctx(1), ("generate", [])),
    ("gimme a neon sign that says OPEN", ctx(2), ("generate", [])),
    ("wow thats really cool", ctx(4), ("chat", None)),
    ("lol perfect, ty", ctx(2), ("chat", None)),
    ("k thx", ctx(5), ("chat", None)),
    ("a bit brighter", ctx(6), ("edit", [6])),
    ("actually, revert that", ctx(3, current=2), ("undo", None)),
    ("make it look like this painting", ctx(4, attached=[1], current=4), ("style", [4, 1])),
    ("apply image 1's style to image 3", ctx(5), ("style", [3, 1])),
    ("which one is darker, 2 or 4?", ctx(6), ("describe", [2, 4])),
    ("swap the background of the first photo I sent to a beach", ctx(8, uploads=[1, 2, 4, 6]), ("edit", [1])),
    ("remove the watermark from #1", ctx(3), ("edit", [1])),
    ("Make a new version of the first image with a red sky", ctx(3), ("edit", [1])),
    ("create a variation of this", ctx(2), ("edit", [2])),
    ("generate something similar to image 2", ctx(3), ("generate", [2])),
]


@pytest.mark.parametrize("text, context, expected", HELDOUT_FIXES, ids=[c[0][:50] for c in HELDOUT_FIXES])
def test_heldout_phrasing(text, context, expected):
    check(text, context, expected)


@pytest.mark.parametrize("text", ["gimme another one", "can u do it again?", "one more time", "do it again pls"])
def test_more_ways_to_try_again(text):
    last = ToolCall(tool="edit", args={"prompt": "make it blue", "source": 1})
    decision = router.route(text, ctx(2, last_call=last))
    assert decision.repeat and decision.call.input_handles() == [1], text


def test_nouns_find_the_image_the_person_described():
    context = ctx(2, uploads=[1, 2], current=2)
    context.captions = {1: "this is my dog", 2: "and here is a hat"}
    assert route("put the hat on my dog", context) == ("edit", [1, 2])
    # when the current image shows the target, it stays the source
    context.captions[2] = "my dog in the park"
    assert route("put the hat on my dog", context) == ("edit", [2])


def test_generic_photo_words_do_not_jump_back_to_the_upload():
    context = ctx(2, uploads=[1], current=2, parents={2: [1]})
    context.captions = {1: "this is a photo of my living room", 2: "this is a photo of my living room add a plant"}
    assert route("change the background of the photo", context) == ("edit", [2])
    context.captions[2] = "add a plant"
    assert route("change the background of the photo", context) == ("edit", [2])


def test_the_painting_means_the_uploaded_painting_unless_current_is_it():
    context = ctx(3, uploads=[1], current=3, parents={3: [1]})
    context.captions = {1: "here's a painting i love", 2: "a fox in tall grass", 3: "a red barn"}
    assert route("restyle image 2 after the painting", context) == ("style", [2, 1])
    context.captions[3] = "here's a painting i love make it brighter"
    assert route("what does the painting show?", context) == ("describe", [3])


def test_the_router_never_crashes_on_odd_input():
    """Whatever people type, the router answers with a decision (never an exception)."""
    import random

    rng = random.Random(7)
    words = ["make", "it", "the", "image", "#3", "2", "style", "of", "this", "?", "undo", "try", "again", "😀",
             "über", "'", '"', "like", "first", "one", "I", "sent", "and", "mask", ",", ".", "very" * 20, "0", "x",
             "which", "or", "v9", "photo", "my", "as", "reference", "too", "could", "you", "be", "the same"]
    samples = ["", " ", "???", "#", "#0", "image 0", "image 99999999999", "1x1", "seed", "steps", "'''", '"""',
               "🙂" * 50, "a" * 3000, "undo " * 30]
    samples += [" ".join(rng.choice(words) for _ in range(rng.randint(1, 25))) for _ in range(400)]
    for text in samples:
        for context in (ctx(), ctx(4), ctx(2, attached=[3, 4]), ctx(3, mask=True)):
            decision = router.route(text, context)
            assert decision.kind in ("tool", "chat", "undo", "redo", "upload", "select", "clarify"), text
            if decision.kind == "tool" and not decision.repeat:
                assert all(h in context.handles for h in decision.call.input_handles()), text


@pytest.mark.parametrize("text", ["hmm not quite, give it another go", "one more try please"])
def test_round6_try_again(text):
    last = ToolCall(tool="inpaint", args={"prompt": "a window", "source": 1})
    decision = router.route(text, ctx(3, last_call=last))
    assert decision.repeat and decision.call.input_handles() == [1]


def test_polite_style_requests_after_thanks():
    context = ctx(2, uploads=[1], last_style=1, parents={2: [1]})
    context.captions = {1: "a cat sleeping in the style of this painting", 2: "a cat sleeping in the style of this painting"}
    assert route("Thank you. Could you do the same style, but with a dog running on a beach?", context) == ("style", [1])
    assert route("In the same style as the painting, might I have a lighthouse on a cliff?", context) == ("style", [1])


def test_round8_logo_and_build():
    context = ctx(4, uploads=[1], current=4)
    context.captions = {1: "this is our logo", 2: "a coffee cup", 3: "a croissant", 4: "a red bicycle"}
    assert route("a flyer for a bake sale in the style of my logo", context) == ("style", [1])
    assert route("restyle it to look like my logo", context) == ("style", [4, 1])
    assert route("now make it match the brand style from image 1", context) == ("style", [4, 1])
    assert route("so which of these looks the most on-brand, 2, 3 or 4?", context) == ("describe", [2, 3, 4])
    assert route("make the texture smoother", context) == ("edit", [4])
    assert route("build the bed frame out of this wood", ctx(5, attached=[6], current=5)) == ("edit", [5, 6])


def test_redo_survives_a_question_after_undo(studio):
    session = studio.new_session()
    session.send("a snowy mountain", seed=0)
    session.send("add a cabin")
    session.undo()
    session.send("what is in the picture?")
    assert session.redo().text == "Redid “add a cabin”; #2 is current." and session.current_image().handle == 2


@pytest.mark.parametrize("text", ["Could you give me another go at that?", "Can I get another one?"])
def test_round14_try_again(text):
    last = ToolCall(tool="edit", args={"prompt": "winter", "source": 1})
    decision = router.route(text, ctx(4, last_call=last))
    repeated = decision.repeat and decision.call.input_handles() == [1]
    if text in INTERPRETER_GAPS:
        assert not repeated, f"known gap now passes, remove it from INTERPRETER_GAPS: {text!r}"
        pytest.xfail(INTERPRETER_GAPS[text])
    assert repeated

# Phrasings from the blind held-out rounds 5-15, kept as unit cases
ROUND_CASES = [
    ("hi! can you edit photos?", ctx(), ("chat", None)),
    ("do you edit pictures?", ctx(1), ("chat", None)),
    ("can you also edit photos I upload?", ctx(1), ("chat", None)),
    ("nah", ctx(6), ("chat", None)),
    ("ok let's go with number 2", ctx(5), ("select", None)),
    ("make number 1 green", ctx(2), ("edit", [1])),
    ("make the jersey number 7", ctx(2), ("edit", [2])),
    ("can you make a picture of a dog?", ctx(), ("generate", [])),
    ("nice. now throw in a flock of crows circling above the windmill", ctx(2), ("edit", [2])),
    ("can u pop this hat onto biscuit's head", ctx(1, attached=[2], current=1), ("edit", [1, 2])),
    ("Same look, but this time a heron standing in a pond", ctx(2, last_style=1), ("style", [1])),
    ("same style, but this time a heron in a pond", ctx(2, last_style=1), ("style", [1])),
    ("now make the jacket look like it's carved from the wood in image 5", ctx(7), ("edit", [7, 5])),
    ("ok undo once more", ctx(2), ("undo", None)),
    ("hmm not keen, undo that please mate", ctx(3), ("undo", None)),
    ("fr that's hilarious", ctx(3), ("chat", None)),
    ("Thank you ever so much, that is quite splendid.", ctx(3), ("chat", None)),
    ("no worries, cheers mate", ctx(8), ("chat", None)),
    ("nvm undo", ctx(2), ("undo", None)),
    ("bet, thanks", ctx(2), ("chat", None)),
    ("I would now like an ordinary photograph of a red bicycle leaning against a wall, please.", ctx(3), ("generate", [])),
    ("g'day, can ya whip up a poster of a robot wearing this jacket and these shoes", ctx(0, attached=[1, 2]),
     ("generate", [1, 2])),
    ("is the dog in the photo i uploaded first wearing anything?", ctx(5, uploads=[1, 2]), ("describe", [1])),
    ("undo that last step", ctx(3), ("undo", None)),
    ("undo my last edit", ctx(3), ("undo", None)),
    ("take that last change back", ctx(3), ("undo", None)),
    ("ok never mind, thanks", ctx(4), ("chat", None)),
    ("nice one!", ctx(4), ("chat", None)),
    ("hmm, I liked the previous one better, go back to it", ctx(3, parents={2: [1], 3: [2]}), ("select", None)),
    ("put the hat from the second one I sent on the dog from the first picture", ctx(2, uploads=[1, 2]), ("edit", [1, 2])),
    ("put the jacket from image 2 onto the man from image 3", ctx(6), ("edit", [3, 2])),
    ("change the color of the second one I sent to green", ctx(6, uploads=[1, 2, 5]), ("edit", [2])),
    ("give it the colour of image 2", ctx(4), ("edit", [4, 2])),
    ("Actually I changed my mind about the hat, so please undo that last change and take me back one step.", ctx(4),
     ("undo", None)),
    ("Hmm, on second thought the hat looked lovely after all, so could you redo that change for me?", ctx(4),
     ("redo", None)),
    ("That night version is too dark for the blog, so could you undo it and go back one step please?", ctx(5),
     ("undo", None)),
    ("Go back to image 4 please, I think the banner version was stronger and I want to keep working on it.", ctx(7),
     ("select", None)),
    ("Let's use the very first picture again, I want to continue from the original robot chef without any changes.",
     ctx(5), ("select", None)),
    ("ok use #3 but make it daytime", ctx(4), ("edit", [3])),
    ("Thanks for the help, these are lovely and I think my grandmother will be really happy with them.", ctx(6),
     ("chat", None)),
    ("Great work, thanks a lot for your help today, I'll be back tomorrow to make the rest of the banners.", ctx(6),
     ("chat", None)),
    ("awesome thank u!!", ctx(7), ("chat", None)),
    ("For my online shop's homepage banner, please create an image of a model wearing these shoes and this jacket "
     "on a city street.", ctx(0, attached=[1, 2]), ("generate", [1, 2])),
    ("scrap that last change", ctx(3), ("undo", None)),
    ("nah, take it away again", ctx(2), ("undo", None)),
    ("turn the earliest one to silver", ctx(2), ("edit", [1])),
]


@pytest.mark.parametrize("text, context, expected", ROUND_CASES, ids=[c[0][:50] for c in ROUND_CASES])
def test_heldout_round_phrasing(text, context, expected):
    check(text, context, expected)


# -- rounds 16-17 of blind phrasings: the same situations in other words than the YAML files ---------
_FOX = ToolCall(tool="generate", args={"prompt": "a fox in the snow", "references": []})
_PINK = ToolCall(tool="edit", args={"prompt": "give image 3 a pink sky", "source": 3, "references": []})
ROUND_16_17 = [
    ("roll back the last change", ctx(4), ("undo", None)),
    ("new img: a robot", ctx(3), ("generate", [])),
    ("idea: a treehouse in a giant oak", ctx(2), ("generate", [])),
    ("I wonder if you could make the fox red", ctx(2), ("edit", [2])),
    ("would it be possible to remove the car?", ctx(2), ("edit", [2])),
    ("would you mind describing image 1?", ctx(2), ("describe", [1])),
    ("what would it look like in autumn?", ctx(2), ("edit", [2])),
    ("how would this look with a red door?", ctx(2), ("edit", [2])),
    ("perhaps a small boat on the lake?", ctx(2), ("edit", [2])),
    ("I like it. Can I see it with snow on the roof?", ctx(2), ("edit", [2])),
    ("brighter? #1 or #2", ctx(2), ("describe", [1, 2])),
    ("what does number 1 show?", ctx(2), ("describe", [1])),
    ("ok keep it", ctx(2), ("chat", None)),
    ("make a copy for my phone wallpaper, tall", ctx(2), ("edit", [2])),
    ("go back to the version before last", ctx(3), ("select", None)),
    ("the one you made before was better, put a hat on it", ctx(3), ("edit", [2])),
    ("the image from the beginning, make it black and white", ctx(3), ("edit", [1])),
    ("compare the unedited photo with this one", ctx(3, parents={2: [1], 3: [2]}), ("describe", [1, 3])),
    ("a few pics from the shoot", ctx(0, attached=[1, 2]), ("upload", None)),
    ("the first two are references, the last one is what to edit: give the man this hat and this jacket",
     ctx(0, attached=[1, 2, 3]), ("edit", [3, 1, 2])),
]


@pytest.mark.parametrize("text, count", [("undo x2", 2), ("undo 3x", 3), ("undo twice", 2), ("roll it back", 1)])
def test_undo_counts(text, count):
    decision = router.route(text, ctx(6))
    assert decision.kind == "undo" and decision.count == count


def test_a_correction_repeats_the_last_request_on_the_image_meant():
    for text in ("oops, I meant image 2", "sorry, i mean #2", "no wait, do it on image 2 instead"):
        decision = router.route(text, ctx(4, last_call=_PINK))
        assert decision.call.tool == "edit" and decision.call.input_handles() == [2], text
        assert decision.call.args["prompt"] == "give it a pink sky", text  # not "image 3" on image 2
    # of two photos sent together, "not that one" is the other
    decision = router.route("wait, not that one", _with_recent_uploads(ctx(4, last_call=_PINK, uploads=[2, 3]), [2, 3]))
    assert decision.call.input_handles() == [2]
    # nothing to go on: ask
    assert router.route("wrong one", ctx(4, last_call=_PINK)).kind == "clarify"


def test_another_one_but_changes_the_last_prompt_or_starts_a_new_subject():
    decision = router.route("do another one, but at night", ctx(1, last_call=_FOX))
    assert decision.call.tool == "generate" and decision.call.args["prompt"] == "a fox in the snow, at night"
    decision = router.route("one more for my nephew, a dragon reading a book", ctx(1, last_call=_FOX))
    assert decision.call.args["prompt"] == "a dragon reading a book"
    decision = router.route("try again but this time with clouds", ctx(4, last_call=_PINK))
    assert decision.call.input_handles() == [3] and decision.call.args["prompt"].endswith(", with clouds")


def test_before_a_step_means_the_image_that_step_started_from():
    context = ctx(4, parents={2: [1], 3: [2], 4: [3]})
    context.captions = {1: "a golden retriever in a park", 2: "a golden retriever in a park put this hat on him",
                        3: "a golden retriever in a park put this hat on him make the grass greener",
                        4: "a golden retriever in a park put this hat on him make the grass greener add a frisbee"}
    assert route("take the one before you put the hat on and add a red collar", context) == ("edit", [1])
    assert router.route("back to before the frisbee", context).select == 3


def _with_recent_uploads(context, recent):
    context.recent_uploads = list(recent)
    return context


ROUND_18_19 = [
    ("these are my cats - which one looks older?", ctx(0, attached=[1]), ("describe", [1])),
    ("Would you be so kind as to make the sky a little bluer?", ctx(2), ("edit", [2])),
    ("Might I trouble you to add a robin on the fence?", ctx(2), ("edit", [2])),
    ("Next one is for the kitchen wall: a bowl of lemons", ctx(2), ("generate", [])),
    ("paint the latter in the style of the former", ctx(3, attached=[4, 5]), ("style", [5, 4])),
    ("describe the one on the left", ctx(3, attached=[4, 5]), ("describe", [4])),
    ("is the cat asleep in number three?", ctx(4), ("describe", [3])),
    ("how can I go back to an older version?", ctx(2), ("chat", None)),
    ("will you delete my pictures when I'm done?", ctx(2), ("chat", None)),
    ("paint a cat like that", ctx(2, attached=[3]), ("style", [3])),
    ("the same girl as in image 1 but riding a bike", ctx(2), ("generate", [1])),
    ("bruh run it back", ctx(2, last_call=_PINK), ("edit", [3])),
    ("come back to before", ctx(2), ("undo", None)),
    ("Can I become a picture of a tram in Lisbon?", ctx(0), ("generate", [])),
]


def test_inpaint_takes_references_from_words_and_attachments():
    masked = dict(mask=True)
    assert route("fill the masked part with the texture from image 1", ctx(3, **masked)) == ("inpaint", [3, 1])
    assert route("put this lamp inside the mask", ctx(3, attached=[4], **masked)) == ("inpaint", [3, 4])
    assert route("inside the mask, the hat from the second picture", ctx(3, attached=[4, 5], **masked)) == ("inpaint", [3, 5])
    assert route("replace this area with a fireplace", ctx(0, attached=[1], **masked)) == ("inpaint", [1])


def test_panels_are_found_by_their_label():
    context = ctx(4, parents={1: [], 2: [], 3: [2], 4: []})
    context.captions = {1: "panel 1: a knight at a gate", 2: "panel 2: the knight in a hall",
                        3: "panel 2: the knight in a hall more shadows", 4: "panel 3: a dragon's eye"}
    assert route("what's on panel 1?", context) == ("describe", [1])
    assert route("compare panels 1 and 2", context) == ("describe", [1, 3])  # panel 2's latest version
    assert route("panel 3: make the eye green", context) == ("edit", [4])
    assert route("panel 4: a castle at night", context) == ("generate", [])


def test_the_other_branch_is_the_latest_image_outside_the_current_lineage():
    context = ctx(6, parents={1: [], 3: [1, 2], 5: [1, 4], 6: [3]})
    context.current = 6
    assert router.route("go back to the other branch", context).select == 5
    lone = ctx(2, parents={1: [], 2: [1]})
    assert router.route("go back to the other branch", lone).kind == "clarify"


_ICON = ToolCall(tool="generate", args={"prompt": "an app icon of a rocket", "references": []})
ROUND_20_21 = [
    ("pls mak teh sky bluer", ctx(2), ("edit", [2])),
    ("ugh undoo", ctx(2), ("undo", None)),
    ("yaaay thank u", ctx(2), ("chat", None)),
    ("thanks, she would have loved these", ctx(2), ("chat", None)),
    ("First photo is the hallway, second is the mirror we want there", ctx(0, attached=[1, 2]), ("upload", None)),
    ("photo of my mum at the beach", ctx(0, attached=[1]), ("upload", None)),
    ("not as a style, just hang this painting above the sofa", ctx(3, attached=[4]), ("edit", [3, 4])),
    ("nah, reroll that", ctx(3, last_call=_PINK), ("edit", [3])),
    ("banner for the blog: a lighthouse at dawn", ctx(2), ("generate", [])),
    ("hero image at 1024 by 512: a mountain road", ctx(2), ("generate", [])),
    ("use the logo from image 1 but in blue", ctx(3), ("edit", [1])),
    ("use the scarf from image 2 on him here", ctx(5), ("edit", [5, 2])),
    ("don't use the later versions - start from the first picture and warm it up", ctx(4), ("edit", [1])),
    ("no undo please, just compare image 1 and image 2", ctx(3), ("describe", [1, 2])),
    ("nooo too much go back", ctx(3), ("undo", None)),
    ("was my original photo this bright, or is it my screen?", ctx(3, uploads=[1]), ("describe", [1])),
    ("so where were we?", ctx(3), ("chat", None)),
    ("a koi in my linework style", ctx(2, attached=[3]), ("style", [3])),
    ("give it the same red button as image 1", ctx(2), ("edit", [2, 1])),
]


def test_same_again_with_new_parameters_repeats_the_last_call():
    decision = router.route("same again with seed 7 and 12 steps", ctx(1, last_call=_ICON))
    assert decision.call.tool == "generate" and decision.call.args == _ICON.args
    assert (decision.call.params.seed, decision.call.params.steps) == (7, 12)


def test_labels_and_captions_by_position():
    from studio.session_view import _captions_by_position

    assert _captions_by_position("first pic is the empty living room, second is the grey sofa", 2) == \
        ["the empty living room", "the grey sofa"]
    context = ctx(2, parents={1: [], 2: []})
    context.captions = {1: "option a: a beach hotel with a big headline", 2: "option b: a rooftop pool"}
    assert route("A or B, which reads better?", context) == ("describe", [1, 2])
    assert router.route("go with B", context).select == 2
    assert router.route("back to A", context).select == 1


_STYLED = ToolCall(tool="style", args={"prompt": "the same content", "style_image": 2, "source": 1})
ROUND_22 = [
    ("ok, a completely new idea: a castle made of cheese", ctx(2), ("generate", [])),
    ("great! now do that same watercolour style but with a harbour", ctx(3, last_call=_STYLED, last_style=2), ("style", [2])),
    ("try the style on a teapot", ctx(3, last_call=_STYLED, last_style=2), ("style", [2])),
    ("hmm, bring that last one back", ctx(3), ("redo", None)),
    ("let's start again from scratch", ctx(3), ("chat", None)),
    ("cheers, that'll do", ctx(3), ("chat", None)),
]


def test_put_it_on_him_after_presenting_an_object_changes_the_pet_photo():
    context = ctx(5, uploads=[1, 5], parents={4: [1, 2]})
    context.current_path = [1, 4, 5]  # the pet photo, the pet with a hat, then the jacket shown alone
    assert route("put it on him too", context) == ("edit", [4, 5])


def test_round_23_phrasing():
    styled = ToolCall(tool="style", args={"prompt": "the same content", "style_image": 8, "source": 7})
    assert route("try again, and make it a bit more subtle this time", ctx(9, last_call=styled)) == ("style", [7, 8])
    assert route("can you still tell he's wearing a scarf in this one?", ctx(4)) == ("describe", [4])
    assert route("oh. could the river on this page shine a bit more?", ctx(3)) == ("edit", [3])
    assert route("final page: a fox asleep under the moon", ctx(3)) == ("generate", [])
    book = ctx(3, parents={1: [], 2: [], 3: []})
    book.captions = {1: "a storybook for my niece. page one: a bunny at its burrow", 2: "page two - the same bunny in a forest",
                     3: "page three: the bunny at a picnic"}
    assert route("does the bunny on page 1 look friendly?", book) == ("describe", [1])
    assert route("go back to page two and add some mushrooms", book) == ("edit", [2])


LATER_ROUNDS = ROUND_16_17 + ROUND_18_19 + ROUND_20_21 + ROUND_22  # blind rounds 16-22, in other words


@pytest.mark.parametrize("text, context, expected", LATER_ROUNDS, ids=[c[0][:50] for c in LATER_ROUNDS])
def test_later_rounds_phrasing(text, context, expected):
    check(text, context, expected)


def _named(context, names, captions=None):
    context.names, context.captions = dict(names), dict(captions or {})
    return context


def test_rounds_28_to_30_which_images_a_turn_means():
    # a lent object named as the person named the photo they sent: that photo lends it
    dressed = _named(ctx(3, uploads=[1, 2], current=3, parents={3: [1]}), {1: "dog.png", 2: "jacket.png"},
                     {1: "this is pepper", 2: "her new jacket", 3: "this is pepper on a tram"})
    assert route("now put the jacket on her", dressed) == ("edit", [3, 2])
    # "number 2" after any verb, and a bare "the second" after "the first"
    assert route("could you turn number 2 black and white?", ctx(3)) == ("edit", [2])
    assert route("which looks more realistic, the first or the second?", ctx(2)) == ("describe", [1, 2])
    # "the painting" is the photo named painting.png, though the words sent with another photo mention it
    studied = _named(ctx(3, uploads=[1, 2], parents={3: [2, 1]}), {1: "painting.png", 2: "dog.png"},
                     {1: "this is the painting i'm studying", 2: "this is my photo, repaint it in the style of the painting",
                      3: "this is my photo, repaint it in the style of the painting"})
    assert route("how does the light in this compare to the light in the painting?", studied) == ("describe", [3, 1])
    # "repaint it" right after sending a photo restyles that photo, not the painting that was current
    sent = _named(ctx(1, attached=[2], uploads=[1]), {1: "painting.png", 2: "dog.png"}, {1: "this is the painting"})
    assert route("ok and this is my photo. could you repaint it in the style of the painting?", sent) == ("style", [2, 1])
    # a subject after a colon is a new picture in the style, nothing re-rendered
    assert route("last thing for the title slide: a microscope on a desk, but painted in this style",
                 ctx(5, last_style=4)) == ("style", [4])
    # the same change for a product photo sent now
    check("Next item. Same treatment: white background, product centred.", ctx(3, attached=[4]), ("edit", [4]))


def test_a_character_named_before_the_request_is_the_image_changed():
    cast = ctx(3)
    cast.captions = {1: "maelis, a young ranger in a green cloak", 2: "corvan, a baker in an apron",
                     3: "the hollow queen on a throne"}
    assert route("Back to Maelis for a sec: her cloak should be deep crimson, not green.", cast) == ("edit", [1])
    assert route("For Corvan, could he wear a red scarf instead of the apron?", cast) == ("edit", [2])


def test_round_33_34_references_by_name_number_and_what_only_another_picture_shows():
    # a name the person gave a photo they sent lends that photo; the picture current before it changes
    named = ctx(3, uploads=[3], current=3, path=[1, 2, 3])
    named.captions = {1: "a purple dragon", 2: "a purple dragon breathing fire", 3: "this is my dog his name is biscuit"}
    named.called, named.current_path, named.parents = {3: ["biscuit"]}, [1, 2, 3], {2: [1]}
    assert route("put biscuit on the dragons back like hes riding it!!!", named) == ("edit", [2, 3])
    # once the photo went into the current picture, the name means that picture
    named.handles, named.path_handles, named.current = [1, 2, 3, 4], [1, 2, 3, 4], 4
    named.parents, named.captions[4] = {2: [1], 4: [2, 3]}, "a purple dragon with biscuit riding it"
    assert route("is biscuit smiling in this one", named) == ("describe", [4])
    # a thing only another picture shows: that picture, not the current one
    two = ctx(2)
    two.captions = {1: "a cat sleeping on a sunny windowsill", 2: "a dog running on a beach"}
    assert route("aww. can you put a tiny bowtie on the sleepy cat?", two) == ("edit", [1])
    assert route("make the sky pink", two) == ("edit", [2])  # a part of any picture: the current one
    # "between 2 and 3": two images, when both exist
    assert route("whats different between 2 and 3 apart from the stripes?", ctx(3)) == ("describe", [2, 3])
    # "the first rocker": the earliest picture of a rocker, not image 1
    rockers = ctx(3)
    rockers.captions = {1: "an oak dining table", 2: "an oak rocking chair, a rocker", 3: "an oak rocking chair, a rocker with a tall back"}
    rockers.parents = {3: [2]}
    assert route("Hm, actually the first rocker had a nicer back slat. Let's stick with that one.", rockers)[0] == "select"


def test_questions_about_commands_and_repeats_after_a_question():
    from studio.router import whole_message_command
    assert whole_message_command("haha amazing. and if i don't like something is there like an undo?") is None
    assert whole_message_command("can you redo it so it looks like this painting") is None
    assert whole_message_command("nah scratch that, undo").kind == "undo"
    # "do it again" after a question about the picture runs the last request that made an image again
    edit = ToolCall(tool="edit", args={"prompt": "add a hat", "source": 1, "references": []})
    asked = ctx(2, last_call=ToolCall(tool="describe", args={"question": "is he smiling?", "images": [2]}))
    asked.last_made_call = edit
    d = router.route("do it again", asked)
    assert d.repeat and d.call.tool == "edit"


@pytest.mark.parametrize("text, names", [
    ("this is my dog his name is biscuit", ["biscuit"]),
    ("This is our dog Biscuit, Maya really wants him on the poster", ["biscuit"]),  # Maya: the child, not the dog
    ("Ok otra cosa: this is mi perro, se llama Toby", ["toby"]),
    ("And this is my old dog Rufus. He passed away last spring", ["rufus"]),
    ("This is the jacket from our autumn collab", []),
])
def test_names_a_person_gives_a_photo_they_send(text, names):
    from studio.session_view import names_given
    assert names_given(text) == names


def test_labels_attachments_and_the_start_of_the_session():
    from studio.references import find_mentions
    assert find_mentions("v2: swap laptop for a tablet", ctx(1)) == []  # "v2:" labels the version to make
    assert [m.handles for m in find_mentions("go back to v1", ctx(2))] == [[1]]
    assert route("different thing - could you make these sneakers bright green?", ctx(1, attached=[2])) == ("edit", [2])
    assert route("the picture you made right at the start - add a seagull flying over it", ctx(3)) == ("edit", [1])


def test_round_35_36_the_thing_sent_lends_recoloured_parts_and_bare_numbers():
    from studio.references import find_mentions
    # "that painting" right after sending it is the style; the picture named by content is restyled
    harbour = _named(ctx(2, uploads=[2]), {2: "painting.png"}, {1: "a harbour with fishing boats", 2: "this is a painting i love"})
    assert route("paint the harbour picture in the style of that painting", harbour) == ("style", [1, 2])
    # the photo just sent is the thing named ("that wood"), not something inside a picture; what it is made
    # into is only in another picture
    wood = _named(ctx(2, uploads=[2]), {2: "wood.png"}, {1: "a ceramic vase with tulips", 2: "a nice piece of oak"})
    assert route("can the vase be made out of that wood instead of ceramic?", wood) == ("edit", [1, 2])
    timber = _named(ctx(3, uploads=[3], parents={2: [1]}), {3: "wood.png"},
                    {1: "a curved flower bed", 2: "a curved flower bed fill it with lavender", 3: "this is the timber i bought"})
    assert route("Could you put an edging made of that wood around the flower bed?", timber) == ("edit", [2, 3])
    # "make the door blue": the door is no longer red, so "the red door" is the picture before
    door = _named(ctx(3, parents={2: [1], 3: [2]}), {}, {1: "a white cottage with a red front door",
                                                         2: "a white cottage with a red front door make the door blue",
                                                         3: "a white cottage with a red front door make the door blue add snow"})
    assert [m.handles for m in find_mentions("go back to the version with the red door", door)] == [[1]]
    # a bare number where only an image can be meant
    assert [m.handles for m in find_mentions("nah, 7 was better. back to 7", ctx(8))] == [[7], [7]]
    assert find_mentions("back to 7 steps", ctx(8)) == []
    # "or" between answers is no comparison; pictures compared are listed in the order named
    hat = _named(ctx(7, uploads=[7], parents={6: [5]}), {7: "hat.png"}, {6: "a street look", 7: "the hat"})
    assert route("quick q about the hat I uploaded: is that red more cherry or more brick?", hat) == ("describe", [7])
    schemes = _named(ctx(5, parents={3: [1], 5: [1]}), {}, {1: "a facade", 3: "a facade in timber cladding",
                                                            5: "a facade in red brick"})
    assert route("Which option has more glazing, the timber scheme or the brick one?", schemes) == ("describe", [3, 5])
    # a photo sent as someone, with a request about her, is what changes; so is a photo sent again "for this one"
    pepper = _named(ctx(2, attached=[3], parents={2: [1]}), {1: "dog.png", 3: "dog2.png"},
                    {1: "this is biscuit", 2: "this is biscuit put a party hat on him"})
    assert route("And this is Pepper, my other boarder! She's scruffy, can you make her fur fluffy and put her in a park?",
                 pepper) == ("edit", [3])
    assert route("Here's a jacket for her, can you put it on her?", pepper) == ("edit", [2, 3])
    again = _named(ctx(5, attached=[1], parents={5: [1]}), {1: "dog.png"}, {1: "this is her", 5: "this is her make it short"})
    assert route("Here's her before photo again. On this one, could you do a lion cut instead?", again) == ("edit", [1])
    # "the garden picture" while that photo is being edited: the photo as it is now
    garden = _named(ctx(4, uploads=[1], parents={2: [1], 3: [2], 4: [3]}), {1: "dog.png"},
                    {1: "my wife's rose garden", 2: "my wife's rose garden fuller roses",
                     3: "my wife's rose garden fuller roses add a bench", 4: "my wife's rose garden fuller roses add a bench yellow roses"})
    assert [m.handles for m in find_mentions("make the garden picture look brighter", garden)] == [[4]]


# Everyday turns in other languages (written for this test, not taken from any corpus or round), each
# after a first picture was made, as they come in a session
def _after_a_picture(context):
    context.previous_text, context.previous_action = "a red car parked by a house with a blue door", "generate"
    return context


OTHER_LANGUAGES = [(text, _after_a_picture(context), expected) for text, context, expected in [
    ("¿me puedes poner un sombrero rojo al perro?", ctx(1), ("edit", [1])),
    ("no me gusta, regrésalo como estaba", ctx(2), ("undo", None)),
    ("muchas gracias, quedó preciosa", ctx(2), ("chat", None)),
    ("deixa o céu mais laranja, por favor", ctx(1), ("edit", [1])),
    ("qual é a cor do carro?", ctx(1), ("describe", [1])),
    ("fammi un gatto che dorme su un divano verde", ctx(1), ("generate", [])),
    ("torna alla prima immagine", ctx(3), ("select", None)),
    ("de quelle couleur est la porte ?", ctx(1), ("describe", [1])),
    ("ajoute un peu de neige sur le toit", ctx(1), ("edit", [1])),
    ("merci beaucoup, c'est parfait", ctx(2), ("chat", None)),
    ("mach den Himmel etwas dunkler", ctx(1), ("edit", [1])),
    ("nee, mach das bitte rückgängig", ctx(2), ("undo", None)),
    ("maak het wat warmer van kleur", ctx(1), ("edit", [1])),
]]


@pytest.mark.parametrize("text, context, expected", OTHER_LANGUAGES, ids=[c[0][:40] for c in OTHER_LANGUAGES])
def test_other_languages(text, context, expected):
    check(text, context, expected)
    # "out of" alone is where something comes from, not what lends ("made of that wood" lends)
    teapot = _named(ctx(3), {}, {1: "a vase of daisies", 2: "a china teapot with roses", 3: "a stack of old books"})
    assert route("add some steam curling out of the teapot's spout", teapot) == ("edit", [2])


def test_list_items_toned_down_parts_and_another_go_at_a_picture_named():
    from tools.schemas import ToolCall

    # a list item starts a new picture; "first one: add a rug" still changes the first picture
    assert route("first one: grilled octopus on a black slate plate, lemon wedge", ctx()) == ("generate", [])
    assert route("first one: add a rug", ctx(3)) == ("edit", [1])
    assert route("last one for today: a bunny and a guinea pig, pastel colours", ctx(2)) == ("generate", [])
    # "pull back the lemon" asks for less of a thing: an edit, not a step back
    assert route("pull back the lemon, way too big", ctx(2, parents={2: [1]})) == ("edit", [2])
    # "have another go at the bouquet": the call that made the bouquet, again, though a lighthouse is current
    bouquet = ToolCall(tool="generate", args={"prompt": "a bouquet of sunflowers in a mason jar", "references": []})
    night = ToolCall(tool="edit", args={"prompt": "make it night", "source": 2, "references": []})
    session = RouterContext(
        handles=[1, 2, 3], path_handles=[1, 2, 3], uploads=[], attached=[], current=3, parents={1: [], 2: [], 3: [2]},
        captions={1: "a bouquet of sunflowers in a mason jar", 2: "a lighthouse at dusk", 3: "a lighthouse at dusk make it night"},
        made_by={1: bouquet, 3: night}, last_call=night, last_made_call=night)
    again = router.route("have another go at the bouquet, the jar looked warped", session)
    assert again.kind == "tool" and again.repeat and again.call == bouquet
