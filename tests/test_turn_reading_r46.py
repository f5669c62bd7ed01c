"""Readings added from rounds 45 and 46's misreadings: what a step says a picture no longer has ("no snow",
"swap the wooden board for marble"), two pictures compared by number or by longer descriptions, the
picture a photo's subject goes into, "that knight" in another picture, "take two" and "the same
treatment" after a restyle, a repeat with a change after a comma, numbers that are no pictures, bare
places among the versions just made ("first or second.")."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.content import same_word
from studio.image_words import shown
from studio.phrases import normalise
from studio.references import RouterContext, Unresolved, find_mentions
from studio.understanding import TurnReader
from tools.schemas import ToolCall

router = TurnReader()
FIXTURES = Path(__file__).parent / "conversations" / "fixtures"


def handles(text: str, context: RouterContext) -> list[int]:
    return [h for m in find_mentions(normalise(text), context) for h in m.handles]


def chain(*steps: str, **more) -> RouterContext:
    """A generated picture (#1) edited step by step (#2, #3, ...), each caption carrying its source's."""
    captions, caption = {}, ""
    for handle, step in enumerate(steps, start=1):
        caption = f"{caption} {step}".strip()
        captions[handle] = caption
    n = len(steps)
    return RouterContext(handles=list(range(1, n + 1)), path_handles=list(range(1, n + 1)), uploads=[], attached=[],
                         current=n, parents={h: [h - 1] for h in range(2, n + 1)}, captions=captions, **more)


def test_what_a_step_says_the_picture_no_longer_has():
    barn = chain("a red barn in a summer meadow", "same barn but in a heavy snowstorm",
                 "now make it autumn, orange leaves blowing around, no snow")
    assert "snowstorm" not in shown(barn)[3] and "snowstorm" in shown(barn)[2]
    assert handles("put a horse-drawn sleigh outside the snowy one", barn) == [2]
    board = chain("a chess set on a glass table by a window", "make the chessboard out of wood",
                  "keep everything else, just swap the wooden board for white marble")
    asked = router.route("which looks more expensive, the wooden board or the marble board?", board)
    assert asked.call.tool == "describe" and asked.call.input_handles() == [2, 3]
    assert same_word("snowy", "snowstorm") and not same_word("sunny", "sunflower")


def test_the_words_of_an_image_follow_its_caption():
    """Words are kept per image between turns; a changed caption is a different image's words."""
    barn = chain("a red barn in a summer meadow", "make it winter")
    assert "winter" in shown(barn)[2]
    barn.captions[2] = "a red barn in a summer meadow make it rainy"
    assert "winter" not in shown(barn)[2] and "rainy" in shown(barn)[2]


def test_two_pictures_compared():
    cars = chain("a red sports car parked on a beach", "make the car blue",
                 "now put it in a snowy forest instead of the beach")
    asked = router.route("is 1 or 3 more colourful", cars)
    assert asked.call.tool == "describe" and asked.call.input_handles() == [1, 3]
    asked = router.route("honestly which looks more realistic, the red car on the beach or the snowy one?", cars)
    assert asked.call.input_handles() == [1, 3]


def test_the_picture_a_photos_subject_goes_into():
    braai = RouterContext(handles=[1, 2, 3], path_handles=[1, 2, 3], uploads=[3], attached=[], current=3,
                          parents={2: [1]}, captions={1: "a family braai in the garden", 2: "a family braai in the garden with more smoke",
                                                      3: "this is bruno, our staffie. he is always at the braai begging"})
    put = router.route("Put him in the braai picture, sitting next to the fire staring at the meat", braai)
    assert put.call.tool == "edit" and put.call.input_handles() == [2, 3]


def test_that_thing_in_another_picture():
    two = RouterContext(handles=[1, 2], path_handles=[1, 2], uploads=[], attached=[], current=2,
                        captions={1: "a knight on horseback waiting at a castle gate, dawn",
                                  2: "new picture: a dragon asleep on a pile of gold"})
    assert handles("give that knight a long red cape", two) == [1]


def test_a_take_and_a_crack_are_tries_again():
    made = ToolCall(tool="style", args={"prompt": "paint it like this", "source": 1, "style_image": 2})
    styled = RouterContext(handles=[1, 2, 3], path_handles=[1, 2, 3], uploads=[1, 2], attached=[], current=3,
                           parents={3: [1, 2]}, last_call=made, last_made_call=made, made_by={3: made}, last_style_image=2)
    again = router.route("not quite there mate, have another crack at it", styled)
    assert again.call.tool == "style" and again.call.input_handles() == [1, 2] and again.repeat
    assert router.route("take two!", styled).repeat


def test_the_same_treatment_restyles_the_next_photo(studio):
    session = studio.new_session()
    session.send("this is Max", images=[FIXTURES / "dog.png"])
    session.send("paint Max in the style of this", images=[FIXTURES / "painting.png"], seed=1)
    session.send("and this is his sister Luna", images=[FIXTURES / "dog2.png"])
    reply = session.send("give Luna the same treatment", seed=2)
    assert reply.tool == "style" and [i.handle for i in reply.inputs] == [4, 2]


def test_a_repeat_with_a_change_after_a_comma():
    made = ToolCall(tool="edit", args={"prompt": "with snow, for christmas", "source": 1, "references": []})
    snowy = RouterContext(handles=[1, 2], path_handles=[1, 2], uploads=[], attached=[], current=2, parents={2: [1]},
                          last_call=made, last_made_call=made, made_by={2: made},
                          captions={1: "a village church", 2: "a village church with snow, for christmas"})
    again = router.route("Hai, once more the same, the snow maybe you make it fall more nice", snowy)
    assert again.call.tool == "edit" and again.call.input_handles() == [1] and "fall more nice" in again.call.args["prompt"]


def test_numbers_that_are_no_pictures():
    menu = chain("a chicken rice stall menu poster", "brighter")
    assert handles("my stall unit number is #01-23, put 'Stall #01-23' at the top", menu) == []
    cover = router.route("Separately, the catalogue cover requires an entirely new image: a still life of a leather dog "
                         "lead on a mahogany table", chain("a catalogue cover with a dog portrait", "darker frame"))
    assert cover.call.tool == "generate" and cover.call.input_handles() == []
    fixed = router.route("the cat's holding the book upside down. very on brand for my 3rd period. fix it",
                         chain("a cat reading a book, classroom poster"))
    assert fixed.call.tool == "edit" and "upside down" in fixed.call.args["prompt"]


def test_a_picture_called_by_its_name_in_another_language():
    five = chain("a safari lodge at sunset", "b", "c", "d", "e")
    assert handles("Swali: kati ya picha 2 na picha 3, ipi iko na light mingi?", five) == [2, 3]
    with pytest.raises(Unresolved):
        handles("Fiti! Sasa ile namba 9 iongezee brightness kidogo", five)


def test_variations_of_the_picture_in_hand():
    made = ToolCall(tool="edit", args={"prompt": "flip the book", "source": 1, "references": []})
    poster = RouterContext(handles=[1, 2], path_handles=[1, 2], uploads=[], attached=[], current=2, parents={2: [1]},
                           last_call=made, last_made_call=made, made_by={2: made})
    varied = router.route("give me two variations of that, different layouts", poster)
    assert varied.call.tool == "edit" and varied.call.input_handles() == [2] and varied.call.params.count == 2


def test_bare_places_among_the_versions_just_made():
    made = ToolCall(tool="generate", args={"prompt": "two open day posters", "references": []})
    batch = RouterContext(handles=[1, 2, 3], path_handles=[1, 2, 3], uploads=[], attached=[], current=3,
                          made_by={2: made, 3: made}, batch=[2, 3], last_call=made, last_made_call=made)
    assert handles("Which one has more kids, first or second. Over.", batch) == [2, 3]
    assert router.route("Going with first. Over.", batch).select == 2
    assert handles("first, make it blue", batch) == []  # the first step, not the first picture


def test_the_question_names_the_pictures_not_the_remark_before_it():
    seven = chain("aurora over a fjord cabin", "b", "c", "d", "e", "f", "g")
    asked = router.route("Fine all of them. Which one has more green in the nordlys, number 5 or number 7?", seven)
    assert asked.call.tool == "describe" and asked.call.input_handles() == [5, 7]


def test_the_same_look_on_the_very_first_banner():
    styled = ToolCall(tool="style", args={"prompt": "in the style of this painting", "source": 7, "style_image": 9})
    context = RouterContext(handles=list(range(1, 11)), path_handles=list(range(1, 11)), uploads=[9], attached=[], current=10,
                            parents={10: [7, 9]}, last_call=styled, last_made_call=styled, made_by={10: styled}, last_style_image=9)
    again = router.route("wait tho do that same painting vibe on the very first banner, the og one, just to see", context)
    assert again.call.tool == "style" and again.call.input_handles() == [1, 9]


def test_the_next_piece_is_a_new_picture():
    made = ToolCall(tool="edit", args={"prompt": "add a banner", "source": 1, "references": []})
    poster = RouterContext(handles=[1, 2], path_handles=[1, 2], uploads=[], attached=[], current=2, parents={2: [1]},
                           last_call=made, last_made_call=made, made_by={2: made})
    second = router.route("Second poster. No dog. Ladder truck at night, lights going, crowd of kids in front. Two options. Over.", poster)
    assert second.call.tool == "generate" and second.call.params.count == 2 and second.call.input_handles() == []
    last = router.route("Final panel for today. EXT. FERRY DECK - NIGHT. Wide. The ferry pulling away.", poster)
    assert last.call.tool == "generate"
    assert router.route("Right, run with 1, the three-quarter shot.", poster).select == 1


@pytest.mark.parametrize("text", ["wapas karo", "deshazlo", "annulla", "mach das rückgängig bitte", "annuleer dat", "desfaz isso",
                                  "cofnij", "geri al", "vuelve atrás", "torna indietro", "rudisha", "annulez ça !"])
def test_undo_in_the_languages_people_mix_in(text):
    made = ToolCall(tool="edit", args={"prompt": "add a hat", "source": 1, "references": []})
    hat = RouterContext(handles=[1, 2], path_handles=[1, 2], uploads=[], attached=[], current=2, parents={2: [1]},
                        last_call=made, last_made_call=made, made_by={2: made})
    assert router.route(text, hat).kind == "undo"
