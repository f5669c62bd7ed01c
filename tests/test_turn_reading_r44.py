"""Readings added from round 44's misreadings: counts of versions said anywhere in the turn, versions
that differ the way the person listed them (and are later named by their item or label), two bare
numbers compared, and what an edit brought ending its opposite ("into night" leaves no morning)."""

from __future__ import annotations

import pytest

from memory.models import ToolRun
from studio.alternatives import split_alternatives
from studio.content import same_word
from studio.parameters import extract_params
from studio.phrases import normalise
from studio.references import RouterContext, find_mentions
from studio.understanding import TurnReader
from tools.schemas import ToolCall

router = TurnReader()


def handles(text: str, context: RouterContext) -> list[int]:
    return [h for m in find_mentions(normalise(text), context) for h in m.handles]


@pytest.mark.parametrize("text, count", [
    ("Aight. Gimme three different colour version a di poster so mi can pick", 3),
    ("gen x3: cyberpunk street at night, neon signs", 3),
    ("can you do me three of it with different colour skies so they can pick one", 3),
    ("pour me a flight of three variations on it, each with a subtly different lettering", 3),
    ("Bas ab iske 3 alag versions banao, background colors different", 3),
    ("lighthouse at dusk, hit me with a trio and I'll pick", 3),
    ("Now please do me three of the stall, one for morning time, one for afternoon and one for evening", 3),
    ("compare the 3 versions", None),
    ("which of your two options is brighter", None),
    ("i have 3 versions already", None),
    ("a trio of jazz musicians on a rooftop", None),
    ("make three of the dogs red", None),
    ("upscale x2", None),
])
def test_counts_said_anywhere_in_the_turn(text, count):
    assert extract_params(text)[1].count == count


def test_a_count_keeps_the_words_between_number_and_noun():
    text, params = extract_params("give me 3 lighting versions of the stall")
    assert params.count == 3 and text == "give me lighting of the stall"


def test_versions_listed_one_by_one_each_get_their_own_words():
    assert split_alternatives("three takes on the spotlight? One warm, one ice cold, and one dim.", 3) == [
        "three takes on the spotlight? warm.", "three takes on the spotlight? ice cold.", "three takes on the spotlight? dim."]
    assert split_alternatives("background colors different - ek green, ek gold, ek deep blue", 3) == [
        "background colors different green", "background colors different gold", "background colors different deep blue"]
    labelled = "four variants, in this order: (a) marble, (b) boxwood, (c) glass, (d) cast iron."
    assert split_alternatives(labelled, 4)[1] == "four variants, in this order: boxwood."
    assert split_alternatives(labelled, 4, keep_labels=True)[1] == "four variants, in this order: (b) boxwood."
    assert split_alternatives(labelled, 3) is None  # four items are not three versions
    assert split_alternatives("a poster with one dog and one cat", 2) is None  # the content, not a list of versions
    assert split_alternatives("three corrections: (1) less steam, (2) mug left, (3) paler table", 1) is None


def test_each_version_is_made_and_named_by_its_own_item(studio):
    session = studio.new_session()
    session.send("a comedy club poster", seed=1)
    reply = session.send("give me three takes on the spotlight colour: one warm, one ice cold, and one flickering", seed=2)
    assert [i.handle for i in reply.images] == [2, 3, 4] and "(#2: warm, #3: ice cold, #4: flickering)" in reply.text
    with studio.store.db() as db:
        runs = db.query(ToolRun).filter(ToolRun.turn_id == reply.turn.id).order_by(ToolRun.id).all()
    prompts = [run.params["prompt"] for run in runs]
    assert [p.split(":")[-1].strip() for p in prompts] == ["warm", "ice cold", "flickering"]
    picked = session.send("The ice cold one. Obviously. We're going with that.")
    assert picked.tool is None and session.current_image().handle == 3


def after_labelled_variants() -> RouterContext:
    """A knight (#1), then four labelled variants of it (#2 to #5)."""
    made = ToolCall(tool="edit", args={"prompt": "variants", "source": 1, "references": []})
    words = "four variants of that knight: "
    return RouterContext(handles=[1, 2, 3, 4, 5], path_handles=[1, 2, 3, 4, 5], uploads=[], attached=[], current=5,
                         parents={h: [1] for h in (2, 3, 4, 5)}, made_by={h: made for h in (2, 3, 4, 5)}, batch=[2, 3, 4, 5],
                         last_call=made, last_made_call=made,
                         captions={1: "a chess knight", 2: words + "(a) marble.", 3: words + "(b) boxwood.",
                                   4: words + "(c) glass.", 5: words + "(d) cast iron."})


def test_versions_named_by_their_label():
    context = after_labelled_variants()
    assert handles("Before I decide: of variants (b) and (d), which shows more grain?", context) == [3, 5]
    picked = router.route("Noted. I shall proceed with variant (b), the boxwood knight.", context)
    assert picked.kind == "select" and picked.select == 3


def test_two_bare_numbers_compared():
    context = RouterContext(handles=list(range(1, 10)), path_handles=list(range(1, 10)), uploads=[], attached=[], current=9)
    assert handles("8 and 9. Which is darker?", context) == [8, 9]
    assert handles("which is nicer, 2 or 4?", context) == [2, 4]
    assert handles("add 3 and 4 candles", context) == []  # numbers inside a request are no pictures
    asked = router.route("8 and 9. Which is darker?", context)
    assert asked.kind == "tool" and asked.call.tool == "describe" and asked.call.input_handles() == [8, 9]


def test_what_an_edit_brought_ends_its_opposite():
    assert same_word("foggy", "fog") and same_word("sunny", "sun")
    night = ToolCall(tool="edit", args={"prompt": "turn it into night with a full moon", "source": 1, "references": []})
    context = RouterContext(handles=[1, 2], path_handles=[1, 2], uploads=[], attached=[], current=2, parents={2: [1]},
                            made_by={2: night}, captions={1: "a forest path in morning fog",
                                                          2: "a forest path in morning fog turn it into night with a full moon"})
    assert handles("in which can you see more of the path, the foggy morning one or the moonlit one?", context) == [1, 2]


def test_wala_names_a_picture_by_what_it_shows():
    assert normalise("Gold wala best hai yaar") == "the gold one best hai yaar"
    assert normalise("Oh sorry. Latest wali ko bright karo") == "oh sorry. the latest one ko bright karo"
    assert normalise("nahi pichla painting wala better tha") == "nahi pichla painting wala better tha"


def test_an_undo_said_as_throwing_a_version_away():
    from studio.phrases import undo_then

    assert undo_then("nah, throw away the night version and step back, then make it a foggy morning instead") == \
        "make it a foggy morning instead"
    assert undo_then("ditch that and make it blue") == "make it blue"
    assert undo_then("throw away the bin and add a bench") is None  # a thing in the picture, not the last step


def test_a_photo_named_as_sent_in_another_tense_or_as_that_same_thing():
    context = RouterContext(handles=[1, 2, 3, 4], path_handles=[1, 2, 3, 4], uploads=[1, 3], attached=[], current=4,
                            parents={2: [1], 4: [2, 3]}, captions={1: "this is mochi", 2: "mochi on a batik background",
                                                                   3: "here is the oak of my barrels", 4: "mochi with oak"})
    assert handles("Kak, in the photo I send first, Mochi is what breed sih actually?", context) == [1]
    assert handles("a frame of that same oak I shared with you earlier", context) == [3]


def test_one_picture_each_of_a_list():
    text, params = extract_params("Rex as a pirate, Rex as a knight, Rex as an astronaut. One picture each.")
    assert params.count == 3
    assert split_alternatives(text, 3) == ["Rex as a pirate", "Rex as a knight", "Rex as an astronaut"]
    assert extract_params("a fox, a wolf and a bear, one picture each")[1].count == 3
    assert extract_params("give the kids one picture each")[1].count is None  # no list of pictures


def test_round_43_numbers_and_counts():
    context = RouterContext(handles=list(range(1, 14)), path_handles=list(range(1, 14)), uploads=[], attached=[], current=13)
    assert handles("Alin ba mas maliwanag, yung 8 or yung 9? Malabo na kasi mata ko", context) == [8, 9]
    assert handles("hmm. which of 11 and 13 would read better as a tiny thumbnail on spotify?", context) == [11, 13]
    assert handles("Between number 10... and number 11... which one has the softer edges", context) == [10, 11]
    assert handles("What's number 8 running on - gravel boots or slicks?", context) == [8]
    assert extract_params("ooh. give me 2 of those with different lights on the roof")[1].count == 2
    # a handle is no count: "9 ... as the working version"
    assert extract_params("9 is better. Please set image 9 as the working version.")[1].count is None


def test_three_of_the_picture_in_hand_are_edits_of_it():
    context = RouterContext(handles=[1, 2, 3, 4], path_handles=[1, 2, 3, 4], uploads=[1], attached=[], current=4,
                            parents={2: [], 3: [2], 4: [3, 1]},
                            captions={1: "my shoes", 2: "a market stall with kente cloth", 3: "brighter stall",
                                      4: "a market stall with kente cloth and my shoes on the table"})
    made = router.route("Now please do me three of the stall, one for morning time, one for afternoon and one for "
                        "evening with lanterns. I want to use them for my WhatsApp status", context)
    assert made.kind == "tool" and made.call.tool == "edit" and made.call.input_handles() == [4]
    assert made.call.params.count == 3
