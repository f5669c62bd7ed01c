"""Readings added from the misreadings of round 84. Two photos sent with "ok different thing, stick this hat on my dog":
the dog photo changes, the hat lends (the placing clause need not open the message); "Paint the lighthouse one like
this" with a painting sent paints the lighthouse; "dress the mannequin in my jacket" dresses the picture in hand; "now
the same shoes on this one too" with another dog sent puts the shoes photo's shoes on it; "put our glasshouse in ...,
like in the photo of it I sent you this morning" with no such photo asks for it; "to have number 15 made a touch
brighter" names image 15 (and asks, with no image 15); "the first of those two" picks between the last two tries made
one by one; "let's scrap both of those changes" undoes two steps.
"""

from __future__ import annotations

from tests import test_turn_reading_r52 as r52

session = r52.session  # a fresh session on the stub preset per test
handles = r52.handles


def test_a_hat_put_on_a_dog_mid_sentence_with_both_photos(session, fixtures):
    session.send("a red armchair in a bright living room", seed=1)  # 1
    reply = session.send("ok different thing, stick this hat on my dog lol", images=[fixtures / "hat.png", fixtures / "dog.png"])
    assert reply.tool == "edit" and handles(reply) == [3, 2]


def test_the_picture_named_after_paint_is_painted_in_the_style_sent(session, fixtures):
    session.send("a white lighthouse on a cliff", seed=1)  # 1
    session.send("a fishing boat tied up in a small harbour")  # 2
    reply = session.send("Paint the lighthouse one like this, please.", images=[fixtures / "painting.png"])  # 3
    assert reply.tool == "style" and handles(reply) == [1, 3]


def test_dressed_in_my_jacket_the_jacket_lends(session, fixtures):
    session.send("this is the jacket from my shop", images=[fixtures / "jacket.png"])  # 1
    session.send("a shop window with a mannequin in it", seed=1)  # 2
    reply = session.send("dress the mannequin in my jacket")
    assert reply.tool == "edit" and handles(reply) == [2, 1]


def test_the_same_thing_on_this_one_lends_from_the_photo_it_came_from(session, fixtures):
    session.send("our dog", images=[fixtures / "dog.png"])  # 1
    session.send("put these shoes on her, it's for a joke card", images=[fixtures / "shoes.png"])  # 2 -> 3
    reply = session.send("haha now the same shoes on this one too, it's the neighbour's dog", images=[fixtures / "dog2.png"])  # 4
    assert reply.tool == "edit" and handles(reply) == [4, 2]


def test_a_thing_placed_as_in_a_photo_never_sent_asks_for_it(session):
    session.send("a vegetable stall by a stone wall in spring", seed=1)  # 1
    asked = session.send("And put our glasshouse in behind the wall, just like in the photo of it I sent you this morning.")
    assert asked.needs_clarification and "glasshouse" in asked.text and not asked.images
    reply = session.send("you're right, I never did send it. Just put an old glasshouse in behind then, any will do.")
    assert reply.tool == "edit" and handles(reply) == [1]


def test_a_number_after_have_names_an_image(session):
    session.send("a pony cart on a lane", seed=1)  # 1
    asked = session.send("Lily wrote on a bit of paper for me, she says to have number 15 made a touch brighter.")
    assert asked.needs_clarification and "15" in asked.text and not asked.images


def test_the_first_of_two_tries_made_one_by_one(session, fixtures):
    session.send("a big dark-brown donkey with long ears", seed=1)  # 1
    session.send("make the donkey like this painting", images=[fixtures / "painting.png"])  # 2 -> 3
    session.send("Hmm. Another one, please, I am not convinced.")  # 4
    reply = session.send("No, the first of those two is better. That one.")
    assert reply.tool is None and session.current_image().handle == 3


def test_scrap_both_of_those_changes_undoes_two(session):
    session.send("a plain cottage in a meadow", seed=1)  # 1
    session.send("add a red door")  # 2
    session.send("put smoke coming out of the chimney")  # 3
    session.send("Let's scrap both of those changes and go back to the plain cottage, it was nicer.")
    assert session.current_image().handle == 1
