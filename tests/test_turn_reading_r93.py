"""Readings from round 93's misreadings (read after it moved to training; every case here is my own wording): "the 4th
option from before" when three were made is a question, "the second option from before" is that option; "add my
canoe too, from the photo" with no canoe photo sent, and "put Tomas on the card too, from his photo" with only a photo
of a scarf sent, are questions; "scrap both of those edits" undoes two; "that's all for today, thanks" is chat;
"keep them until I ask" with a photo keeps it; "just curious how you do it" is chat; "the sled in 2, not the painted
one" names #2; "for the festival poster we need a new illustration: ..., in the manner of this painting" paints nothing
old; "the fourth cat picture" of three asks. Two are guards that passed before the readings too: the sign-off after a question, and "made of this same wood"."""

from __future__ import annotations

import pytest

from tests import test_turn_reading_r52 as r52

session = r52.session  # a fresh session on the stub preset per test
handles = r52.handles


def _three_options_then_another_picture(session):
    session.send("a lantern festival poster, make 3 options", seed=1)  # 1, 2, 3
    session.send("the second one")
    session.send("a paper boat on a pond", seed=2)  # 4


def test_an_option_past_the_number_made_is_a_question(session):
    _three_options_then_another_picture(session)
    reply = session.send("take the 4th option from before and add lanterns to it")
    assert reply.needs_clarification and not reply.images and "#1, #2, #3" in reply.text
    assert session.current_image().handle == 4


def test_an_option_from_before_is_that_option(session):
    _three_options_then_another_picture(session)
    reply = session.send("take the third option from before and add lanterns to it")
    assert reply.tool == "edit" and handles(reply) == [3]


@pytest.mark.parametrize("text", ["add my canoe too, from the photo", "put Tomas on the lake too, from his photo",
                                  "put my aunt Rosa in it too, from her photo"])
def test_someone_or_something_from_a_photo_never_sent_is_a_question(session, fixtures, text):
    session.send("a lake at sunrise with pine trees", seed=1)  # 1
    session.send("this is the scarf grandma knitted last winter", images=[fixtures / "jacket.png"])  # 2 sent
    reply = session.send(text)
    assert reply.needs_clarification and not reply.images and "attach" in reply.text.lower()


def test_a_thing_from_a_photo_that_was_sent_is_used(session, fixtures):
    session.send("a lake at sunrise with pine trees", seed=1)  # 1
    session.send("my dog", images=[fixtures / "dog.png"])  # 2 sent
    session.send("the first picture")
    reply = session.send("put my dog on the shore too, from the photo")
    assert not reply.needs_clarification and reply.tool == "edit" and 2 in handles(reply)


def test_both_of_those_edits_undoes_two(session):
    session.send("an empty attic room", seed=1)  # 1
    session.send("add a rocking chair")  # 2
    session.send("add a rug")  # 3
    reply = session.send("Hmm. Scrap both of those edits please, I want the bare room again.")
    assert reply.tool is None and session.current_image().handle == 1


def test_that_is_all_for_today_is_chat(session):
    session.send("a tea house in the mountains", seed=1)  # 1
    session.send("make it brighter")  # 2
    reply = session.send("No, he hasn't sent it yet, I'll ask him later. That's all for today, thank you so much!")
    assert reply.tool is None and not reply.images and session.current_image().handle == 2


def test_a_photo_to_keep_until_asked_is_kept(session, fixtures):
    reply = session.send("I will send some scans now, please just keep them until I need something. First one: an old coat "
                         "from the Ivanov family.", images=[fixtures / "jacket.png"])
    assert reply.tool is None and session.current_image().handle == 1 and len(session.images()) == 1


def test_curious_how_you_do_it_is_about_the_studio(session):
    session.send("a husky pulling a sled", seed=1)  # 1
    reply = session.send("does it keep the husky looking the same or kinda redraw him? just curious how u do it")
    assert reply.tool is None and not reply.images


def test_a_thing_in_a_picture_named_by_its_bare_number(session, fixtures):
    session.send("a red sled in the snow", seed=1)  # 1
    session.send("a wooden sled by a cabin", seed=2)  # 2
    session.send("paint it like this", images=[fixtures / "painting.png"])  # 3 sent, 4
    reply = session.send("my dog. put him on the sled in 2, not the painted one", images=[fixtures / "dog.png"])  # 5 sent
    assert reply.tool == "edit" and handles(reply) == [2, 5]


def test_made_of_this_same_wood_is_a_material_for_a_part(session, fixtures):
    session.send("a garden with a gate", seed=1)  # 1
    reply = session.send("This is wood from our old barn. Could you make the gate in the picture look as if it were made of "
                         "this same wood?", images=[fixtures / "wood.png"])  # 2 sent
    assert reply.tool == "edit" and handles(reply) == [1, 2]


def test_a_new_illustration_for_a_poster_in_a_paintings_manner_paints_nothing_old(session, fixtures):
    session.send("a festival poster with drums", seed=1)  # 1
    reply = session.send("For the festival poster we need a new illustration: a fishing village at dawn, boats on the shore, "
                         "in the manner of this painting.", images=[fixtures / "painting.png"])  # 2 sent
    assert reply.tool == "style" and handles(reply) == [2]



def test_a_place_past_the_pictures_that_show_it_is_a_question(session):
    session.send("a cat on a windowsill", seed=1)  # 1
    session.send("a cat in a garden", seed=2)  # 2
    session.send("a cat asleep on a sofa", seed=3)  # 3
    session.send("a dog on a beach", seed=4)  # 4
    reply = session.send("make the fourth cat picture brighter")
    assert reply.needs_clarification and not reply.images and "#1, #2, #3" in reply.text
    assert session.send("make the second cat picture brighter").inputs[0].handle == 2
