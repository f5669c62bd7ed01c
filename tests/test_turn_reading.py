"""Readings added from round 40's misreadings: several images from one turn and places among them,
counts said in words, an undo said after a remark, two images compared by number, quoted speech,
names given with a photo, and a new picture that only shares a look."""

from __future__ import annotations

from studio.parameters import extract_params
from studio.phrases import undo_then
from studio.references import RouterContext, find_mentions
from studio.session_view import names_given
from studio.understanding import TurnReader
from tools.schemas import ToolCall

router = TurnReader()


def after_three_versions(current: int = 9) -> RouterContext:
    """Six pictures, then one turn that made #7, #8 and #9."""
    doors = ToolCall(tool="generate", args={"prompt": "a glowing door in a snowy forest", "references": []})
    return RouterContext(handles=list(range(1, 10)), path_handles=list(range(1, 10)), uploads=[3], attached=[],
                         current=current, parents={h: [] for h in range(1, 10)}, made_by={7: doors, 8: doors, 9: doors},
                         last_call=doors, last_made_call=doors, batch=[7, 8, 9],
                         captions={h: f"picture {h}" for h in range(1, 7)} | {h: "a glowing door in a snowy forest" for h in (7, 8, 9)})


def handles(text: str, context: RouterContext) -> list[int]:
    return [h for m in find_mentions(text.lower(), context) for h in m.handles]


def test_places_among_the_images_one_turn_made():
    context = after_three_versions()
    assert handles("she's pointing at the screen going 'THAT one, the middle one!!'", context) == [8]
    assert handles("between the first of them and the last, which has more people?", context) == [7, 9]
    assert handles("which of the first two has more snow?", context) == [7, 8]
    assert handles("put a crab next to the very first picture", context) == [1]  # "very": the session's first
    picked = router.route("right, I'll go with the first one so", context)
    assert picked.kind == "select" and picked.select == 7
    # once another picture is made from one of them, places are the session's again
    later = RouterContext(handles=list(range(1, 11)), path_handles=list(range(1, 11)), uploads=[], attached=[],
                          current=10, parents={10: [8]})
    assert handles("go back to the first one", later) == [1]


def test_counts_said_in_words():
    assert extract_params("and she wants 3 of them so she can pick")[1].count == 3
    assert extract_params("tartes aux fruits, stripes. deux versions s'il vous plaît")[1].count == 2
    text, params = extract_params("2 more with a green background so he can pick")
    assert params.count == 2 and text == "with a green background so he can pick"
    assert extract_params("put 2 more candles on the cake")[1].count is None
    assert extract_params("two more. render the former in the style of the latter")[1].count is None
    more = router.route("2 more with a green background so he can pick", after_three_versions(current=8))
    assert more.kind == "tool" and more.call.params.count == 2  # not a select: it names no picture


def test_an_undo_after_a_remark_or_with_instead():
    assert undo_then("Hmm, bof... it is too dark with this wood. Annulez ça, cancel it please, and make the light "
                     "more warm") == "make the light more warm"
    assert undo_then("forget that last change, do the sky orange instead") == "do the sky orange instead"
    assert undo_then("undo that instead") is None
    assert undo_then("I forget what I wanted. make it blue") is None


def test_two_images_compared_by_number():
    context = after_three_versions()
    assert handles("Between number 4 and number 5, which one has the warmer background?", context) == [4, 5]
    assert handles("peep 9 n 10, which one got the dagger straighter", RouterContext(
        handles=list(range(1, 11)), path_handles=list(range(1, 11)), uploads=[], attached=[], current=10)) == [9, 10]


def test_quoted_speech_names_images_but_text_to_draw_does_not():
    pepper = RouterContext(handles=[1, 2], path_handles=[1, 2], uploads=[2], attached=[], current=2,
                           called={2: ["pepper"]}, captions={1: "a purple dragon in a cave", 2: "our dog pepper"})
    assert handles("Maya: 'put Pepper in the cave next to the dragon'", pepper)[0] == 2
    assert handles("add a sign saying 'the first one is free'", pepper) == []
    assert handles('a paper bag with the words "the first one is free" printed on it', pepper) == []


def test_make_that_after_a_description_is_a_new_picture_of_it():
    empty = RouterContext(handles=[], path_handles=[], uploads=[], attached=[], current=None)
    made = router.route("hi! typing this for my daughter. her words: 'a baby dragon scared of the dark, holding a "
                        "tiny candle'. can you make that?", empty)
    assert made.kind == "tool" and made.call.tool == "generate" and "baby dragon" in made.call.args["prompt"]


def test_a_name_introduced_with_a_photo_is_the_only_name_it_gets():
    assert names_given("ok she made me upload this, it's our dog Pepper. just showing you, Maya says 'that's "
                       "Pepper she is the best dog'") == ["pepper"]
    assert names_given("a photo of Biscuit on the sofa, with Maya") == ["biscuit", "maya"]  # none introduced: both


def test_a_new_picture_sharing_a_look_borrows_no_image():
    grid = RouterContext(handles=[1, 2, 3, 4, 5], path_handles=[1, 2, 3, 4, 5], uploads=[2], attached=[], current=5,
                         parents={5: [4]}, captions={5: "app grid on a mint/lilac gradient background"})
    made = router.route("next frame, new comp from scratch: hand holding a phone at checkout, same mint/lilac "
                        "gradient bg", grid)
    assert made.kind == "tool" and made.call.tool == "generate" and made.call.input_handles() == []


def test_back_to_how_he_looked_before_a_step():
    rocco = RouterContext(handles=[1, 2, 3, 4], path_handles=[1, 2, 3, 4], uploads=[1, 2], attached=[], current=4,
                          parents={3: [1, 2], 4: [3]}, names={1: "dog.png", 2: "hat.png"}, called={1: ["rocco"]},
                          captions={1: "this is rocco", 2: "put this hat on rocco", 3: "this is rocco put this hat on rocco",
                                    4: "this is rocco put this hat on rocco now put him on a beach"})
    assert handles("can we go back to how he looked before the hat went on?", rocco) == [1]


def test_a_named_pet_with_a_thing_is_the_picture_wearing_it_and_named_first_it_is_what_changes():
    pipoca = RouterContext(handles=[1, 2, 3, 4, 5], path_handles=[1, 2, 3, 4, 5], uploads=[1, 2, 5], attached=[5],
                           current=4, parents={3: [1, 2], 4: []}, called={1: ["pipoca"]},
                           captions={1: "our dog pipoca carried the rings", 2: "can you put in him this little hat",
                                     3: "our dog pipoca carried the rings can you put in him this little hat",
                                     4: "a small white church on the beach"})
    assert handles("the foto of Pipoca with the hat", pipoca) == [3]
    assert handles("is Pipoca smiling?", pipoca) == [1]
    jacket = router.route("The foto of Pipoca with the hat, put also this jacket in him, is my husband's", pipoca)
    assert jacket.kind == "tool" and jacket.call.input_handles() == [3, 5]
