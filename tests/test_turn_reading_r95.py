"""Readings from round 95's misreadings (read after it moved to training; every case here is my own wording): an
answer that names the picture a request lacked keeps the request's other pictures; "put Rex also in #1" puts Rex
there; "Same for the jacket." with no jacket asks for its photo, and the photo sent runs the last change on it; "make
3 i choose lah" and "3 (three) options" make three; "kindly revert back" is a reply, not an undo; a task list's
"number 7" and a letter's "the said picture" name no image; "the centre of picture" is a part of any picture; a
picture named and then changed is an edit, "final poster is the one ..." a pick; "the blue wall was nicer. Bring
that one back" brings it back with nothing undone; a photo introduced with "here's a jacket I made" or "the photo has
a blurry patch" is what changes."""

from __future__ import annotations

import pytest

from tests import test_turn_reading_r52 as r52

session = r52.session  # a fresh session on the stub preset per test
handles = r52.handles


def test_the_answer_to_a_wrong_number_keeps_the_picture_in_hand(session):
    session.send("a poster with the words SPRING FAIR in red letters", seed=1)  # 1
    session.send("a meadow of poppies under a big sky", seed=2)  # 2
    asked = session.send("Put the writing from #9 on this.")
    assert asked.needs_clarification and not asked.images
    reply = session.send("#1. The red one.")
    assert reply.tool == "edit" and handles(reply) == [2, 1]


def test_a_named_pet_put_also_into_a_numbered_picture_lends(session, fixtures):
    session.send("a lake at sunset with pine trees", seed=1)  # 1
    session.send("This is Rex, my dog!", images=[fixtures / "dog.png"])  # 2
    reply = session.send("Put Rex also in #1, sitting by the water!!")
    assert reply.tool == "edit" and handles(reply) == [1, 2]


def test_a_thing_put_in_a_numbered_picture_is_no_question_about_what_it_shows(session, fixtures):
    session.send("a lake at sunset with pine trees", seed=1)  # 1
    session.send("here is my dog", images=[fixtures / "dog.png"])  # 2
    session.send("give the dog a red collar")  # 3
    reply = session.send("put the dog in #1")
    assert not reply.needs_clarification and reply.tool == "edit" and handles(reply)[0] == 1


def test_the_same_for_a_thing_not_sent_asks_then_the_photo_gets_that_change(session, fixtures):
    session.send("these shoes, white background please", images=[fixtures / "shoes.png"])  # 1 -> 2
    session.send("Put them on this wood. Like a floor.", images=[fixtures / "wood.png"])  # 3 -> 4
    asked = session.send("Ok. Same for the jacket.")
    assert asked.needs_clarification and not asked.images and "jacket" in asked.text
    reply = session.send("Oops. Here it is.", images=[fixtures / "jacket.png"])  # 5 -> 6
    assert reply.tool == "edit" and handles(reply) == [5, 3]


@pytest.mark.parametrize("text", ["a bowl of laksa with prawns, steam rising, for my stall menu. make 3 i choose lah",
                                  "Kindly provide 3 (three) options of a bowl of laksa with prawns for our menu board."])
def test_three_asked_for_in_plain_words_makes_three(session, text):
    reply = session.send(text, seed=1)
    assert reply.tool == "generate" and len(reply.images) == 3
    assert "laksa" in reply.images[0].recipe["prompt"]  # what was described, not "i choose lah"


def test_kindly_revert_back_is_a_reply_not_an_undo(session):
    session.send("a tea estate on hill slopes in morning mist", seed=1)  # 1
    session.send("add a small bungalow with a red roof")  # 2
    reply = session.send("Thanking you. Kindly revert back if any further details are required. Regards, the Field Office.")
    assert reply.tool is None and not reply.needs_clarification and session.current_image().handle == 2


def test_the_centre_of_the_picture_painted_over_is_an_inpaint(session, fixtures):
    session.send("children planting apricot trees below snowy mountains", seed=1)  # 1
    reply = session.send("Point 3. In the centre of picture there is a strange bright spot. I painted this place. "
                         "Change only there, make white clouds.", mask=fixtures / "mask_center.png")
    assert reply.tool == "inpaint" and handles(reply) == [1]


def test_a_picture_named_and_then_changed_is_an_edit(session):
    session.send("children planting apricot trees below snowy mountains", seed=1)  # 1
    session.send("make the sky deep blue")  # 2
    reply = session.send("Task number 5. I need a second poster. Take please picture #1, the very first one, and make the "
                         "children older, like teenagers.")
    assert reply.tool == "edit" and handles(reply) == [1]


def test_a_task_number_names_no_picture(session):
    for seed, text in enumerate(["a harbour at dawn", "a harbour at noon", "a harbour at dusk", "a harbour at night",
                                 "a harbour in fog", "a harbour in snow", "a harbour in rain"], start=1):
        session.send(text, seed=seed)  # 1..7
    session.send("show me #3 again")  # current 3
    reply = session.send("Last task, number 7: add empty space on top of this picture for the title.")
    assert reply.tool == "edit" and handles(reply) == [3]


def test_the_final_one_named_by_its_look_is_picked_not_made_again(session, fixtures):
    session.send("a school poster, children planting trees", seed=1)  # 1
    session.send("this is a painting by our local artist", images=[fixtures / "painting.png"])  # 2
    session.send("make the poster in the style of this painting")  # 3
    session.send("make it brighter")  # 4
    reply = session.send("Okay, enough tries. Final poster is the one in our artist's style. Open it again please.")
    assert reply.tool is None and not reply.needs_clarification and session.current_image().handle == 3


def test_the_said_picture_is_the_one_spoken_of(session, fixtures):
    session.send("a tea estate with a small bungalow with a red roof", seed=1)  # 1
    reply = session.send("Herewith attaching photo of our Manager's dog. Kindly place him in front of the bungalow in the said picture.",
                         images=[fixtures / "dog.png"])  # 2 -> 3
    assert reply.tool == "edit" and handles(reply) == [1, 2]


def test_a_version_named_by_what_it_shows_is_brought_back_with_nothing_undone(session):
    session.send("a grey cat sleeping on a sofa", seed=1)  # 1
    session.send("paint the wall behind blue")  # 2
    session.send("no, try the wall green")  # 3
    reply = session.send("hmm, the blue wall was nicer after all. Bring that one back please.")
    assert reply.tool is None and session.current_image().handle == 2


def test_a_thing_of_their_own_sent_with_its_change_is_what_changes(session, fixtures):
    session.send("shop sign for a tailor, gold letters on navy", seed=1)  # 1
    reply = session.send("great. now for the window: here's a jacket I made, just change its background to plain white",
                         images=[fixtures / "jacket.png"])  # 2 -> 3
    assert reply.tool == "edit" and handles(reply) == [2]


def test_a_photo_sent_with_a_marked_patch_to_mend_is_painted_into(session, fixtures):
    session.send("an album page titled Summers at Gran's, with a garden swing", seed=1)  # 1
    reply = session.send("and this is my gran's old dog, the photo has a blurry patch in the middle, can u fix just that part",
                         images=[fixtures / "dog.png"], mask=fixtures / "mask_center.png")  # 2 -> 3
    assert reply.tool == "inpaint" and handles(reply) == [2]
