"""Readings added from rounds 73 and 74's misreadings. Someone said to be in a photo sent before that no photo sent
shows ("Luna, my tía's dog, from the photo I sent you before", "the photo of my grandmother which I send you",
"add my brother ..., from the photo of him I sent you", "put my dog Bijou ... use de picture of her I send you") asks,
and the photo sent in answer takes their place; so do "my old flyer" never sent, "the cat in #2" when #2 shows a horse
and another picture a cat, "the other jacket, the grey one" and "the one with the red sails" that no picture shows, and
"the picture of the kids" put into the very picture it would be. An answer that withdraws the request ("Forget it")
does nothing. A picture's number beside what it shows holds ("the stall picture, number 4"; "#2 and #4, the jacket and
the shoes"); "the first photo of the annonce" is no picture. Counts "do me 3 this time", "3 spins"; "undo the last two
things"; "make the car blue again" changes the picture in hand; "take it back in time" is no undo.
"""

from __future__ import annotations

from tests import test_turn_reading_r52 as r52

session = r52.session  # a fresh session on the stub preset per test
handles = r52.handles


def test_someone_said_to_be_in_a_photo_sent_that_no_photo_shows_asks_and_the_answer_runs_it(session, fixtures):
    session.send("this is our dog Canelo", images=[fixtures / "dog.png"])  # 1
    session.send("make me a new card with Canelo in the middle, sea behind", seed=1)  # 2
    asked = session.send("and put also Luna, my tía's dog, from the photo I sent you before, sitting next to Canelo")
    assert asked.needs_clarification and "Luna" in asked.text and not asked.images
    reply = session.send("ay perdona I never sent it, here, this is Luna. next to Canelo please", images=[fixtures / "dog2.png"])  # 3
    assert reply.tool == "edit" and handles(reply) == [2, 3]
    asked = session.send("Can you use photo of my grandmother which I send you before? Put her near the table please")
    assert asked.needs_clarification and "grandmother" in asked.text
    reply = session.send("Ai sorry, I did not send it, it is on my other phone. Forget it, the card is fine like this")
    assert reply.tool is None and not reply.needs_clarification and session.current_image().handle == 4


def test_things_no_picture_shows_ask(session):
    session.send("a grey cat on a sofa", seed=1)  # 1
    session.send("a horse in a field of poppies")  # 2
    asked = session.send("make the cat in #2 ginger")
    assert asked.needs_clarification and "#1" in asked.text and not asked.images
    asked = session.send("do the writing in the same colours as my old flyer")
    assert asked.needs_clarification and "flyer" in asked.text
    asked = session.send("Oh and put the picture of the horse from field day down in the corner")
    assert asked.needs_clarification and not asked.images
    asked = session.send("Same treatment for the boat, the one with the red sails.")
    assert asked.needs_clarification and "red" in asked.text


def test_a_number_beside_what_a_picture_shows_holds(session, fixtures):
    session.send("a market stall with madras cloth, sunny day", seed=1)  # 1
    session.send("make the sky deeper blue")  # 2
    session.send("a beach at sunset")  # 3
    reply = session.send("My cousin paint dis. Do de stall picture, number 1, in de same kind of style as her painting",
                         images=[fixtures / "painting.png"])  # 4 -> 5
    assert reply.tool == "style" and handles(reply) == [1, 4]
    reply = session.send("Now I want a new photo with the two together, #2 and #3, the market and the beach. "
                         "For the first photo of the annonce")
    assert reply.tool == "generate" and handles(reply) == [2, 3]


def test_counts_undo_counts_and_again_as_a_property(session):
    session.send("a flyer for my window cleaning round, sparkly clean house front", seed=1)  # 1
    reply = session.send("bit boring mate. have another go, do me 3 this time")
    assert len(reply.images) == 3  # 2..4
    session.send("a blue vintage car on a country road")  # 5
    session.send("make the car red")  # 6
    session.send("add snow everywhere")  # 7
    reply = session.send("love the snow. now make the car blue again, but keep the snow")
    assert reply.tool == "edit" and handles(reply) == [7]  # 8
    reply = session.send("no, I went wrong somewhere. undo the last two things")
    assert session.current_image().handle == 6
    reply = session.send("now take it back in time, make it look like an old photo from the 1920s")
    assert reply.tool == "edit" and handles(reply) == [6]
