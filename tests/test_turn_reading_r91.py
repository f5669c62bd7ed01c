"""Readings added from the misreadings of round 91 (read after it moved to training). "the earrings, the number 8,
please make the background darker like you did for the cross" changes #8 (a number holds beside work done before);
"label n°14" is image 14 (and asks when there is none); a mask is painted into the picture in hand, not the one
a remark names by what it shows; "a moon mask ... Make me two of those and I'll choose" makes the mask described, from
nothing; "colour more happy 3 pls" makes three; "take the hat off again" right after the hat went on takes that step
back; "no, I meant the original" after going back to a picture goes back to the original instead.
"""

from __future__ import annotations

import pytest

from studio.parameters import find_count
from tests import test_turn_reading_r52 as r52

session = r52.session  # a fresh session on the stub preset per test
handles = r52.handles


def test_a_number_said_first_holds_beside_work_done_before(session):
    session.send("a silver cross pendant on velvet", seed=1)  # 1
    session.send("a pair of silver earrings on velvet", seed=2)  # 2
    session.send("make the background of image 1 darker")  # 3
    reply = session.send("And the earrings, number 2, could you do the background darker like you did for the pendant?")
    assert reply.tool == "edit" and handles(reply) == [2]


def test_a_number_after_n_degree_names_an_image(session):
    session.send("a milk carton label with a cow", seed=1)  # 1
    session.send("a juice carton label with oranges", seed=2)  # 2
    reply = session.send("Please take label n°1 and write 'fresh' on it.")
    assert reply.tool == "edit" and handles(reply) == [1]
    asked = session.send("Now label nº 9, change the text to 'organic'.")
    assert asked.needs_clarification and not asked.images


def test_a_mask_is_painted_into_the_picture_in_hand_not_the_one_a_remark_names(session, fixtures):
    session.send("a poster for a running club", seed=1)  # 1
    session.send("my grandmother's painting", images=[fixtures / "painting.png"])  # 2
    session.send("paint poster 1 in the style of the painting")  # 3
    reply = session.send("The painting look left an ugly blot. I've marked it. Could a small blue star go there?",
                         mask=fixtures / "mask_center.png")
    assert reply.tool == "inpaint" and handles(reply)[0] == 3


def test_a_description_then_make_me_two_of_those_makes_what_was_described(session):
    session.send("a wooden raven mask on a white wall", seed=1)  # 1
    reply = session.send("Next card. A sun mask with long orange rays and a calm face, on a black background. "
                         "Make me two of those and I'll pick.")
    assert reply.tool == "generate" and len(reply.images) == 2 and handles(reply) == []
    assert "sun mask" in reply.images[0].recipe["prompt"]  # the mask described, not "of those and i'll pick"


def test_a_number_alone_before_please_at_the_end_counts_versions(session):
    session.send("a price sign for a fruit stall", seed=1)  # 1
    reply = session.send("colour more bright 🌈 3 pls")
    assert reply.tool == "edit" and len(reply.images) == 3 and handles(reply) == [1]


def test_taking_off_again_what_the_last_step_put_on_takes_that_step_back(session, fixtures):
    session.send("a border collie on a porch", seed=1)  # 1
    session.send("put this hat on him", images=[fixtures / "hat.png"])  # 2 sent, 3 made
    reply = session.send("haha no, take the hat off again, it looks silly")
    assert reply.tool is None and not reply.images and session.current_image().handle == 1


def test_i_meant_the_original_after_going_back_goes_back_to_the_original(session):
    session.send("a vase of tulips on a table", seed=1)  # 1
    session.send("make the tulips yellow")  # 2
    session.send("now make them purple")  # 3
    session.send("go back to the yellow ones")  # current 2
    reply = session.send("oh sorry, I meant the original, before any colour change")
    assert reply.tool is None and not reply.images and session.current_image().handle == 1


@pytest.mark.parametrize("text", ["make the text size 3 please", "use steps 4 pls", "put it on page 3 please",
                                  "crop it at 2 please", "shrink it by 2 pls"])
def test_a_number_after_a_measure_word_before_please_is_not_a_count(text):
    assert find_count(text) is None
