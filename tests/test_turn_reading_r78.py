"""Readings added from round 78's misreadings. A photo someone else sent ("the one Sandra sent me", "the photograph he
sent earlier") reaches the studio only if this person attaches it: asked for, unless a photo sent came with words that
name the sender. Someone named beside a kind and an owner ("Sharik, dog of my neighbour, from photo I send you") whose
photo never came asks, and the photo sent in answer is put into the picture in hand. "the photo i sent you" is the
photo sent that shows what the sentence talks of ("what kind of dog is that in the photo i sent you" with a dog and a
hat sent); "put my maker's stamp upon the flap, the one I sent along last week" with no stamp sent asks.
"""

from __future__ import annotations

from tests import test_turn_reading_r52 as r52

session = r52.session  # a fresh session on the stub preset per test
handles = r52.handles


def test_a_photo_someone_else_sent_asks_unless_one_sent_names_them(session, fixtures):
    session.send("a retirement card, a ship's deck at sunset", seed=1)  # 1
    session.send("my cousin Moshe sent me this painting", images=[fixtures / "painting.png"])  # 2
    reply = session.send("now paint the card like the picture Moshe sent")  # 3
    assert reply.tool == "style" and handles(reply) == [1, 2]
    asked = session.send("ooh can u make it look like the one Sandra sent me")
    assert asked.needs_clarification and "Sandra" in asked.text and not asked.images
    asked = session.send("Please use the photograph he sent earlier.")
    assert asked.needs_clarification and not asked.images


def test_someone_named_beside_a_kind_and_an_owner_asks_and_the_photo_sent_is_put_in(session, fixtures):
    session.send("this is our dog Tuzik", images=[fixtures / "dog.png"])  # 1
    session.send("a new year card with Tuzik in the snow", seed=1)  # 2
    asked = session.send("Put also Sharik, dog of my neighbour, from photo I send you. He is best friend of Tuzik.")
    assert asked.needs_clarification and "Sharik" in asked.text and not asked.images
    reply = session.send("Oi, sorry, I forget send. Here is Sharik.", images=[fixtures / "dog2.png"])  # 3 -> 4
    assert reply.tool == "edit" and handles(reply) == [2, 3]
    asked = session.send("Also please add dog of my sister, Bars, from the photo I sent you yesterday.")
    assert asked.needs_clarification and "Bars" in asked.text


def test_the_photo_sent_is_the_one_that_shows_what_the_sentence_talks_of(session, fixtures):
    session.send("put his dog on it thats him there", images=[fixtures / "dog.png"])  # 1
    session.send("kid wants a hat like this", images=[fixtures / "hat.png"])  # 2
    reply = session.send("what kind of dog is that in the photo i sent you anyway kid says lab i say mutt")
    assert reply.tool == "describe" and handles(reply) == [1]


def test_a_thing_said_sent_that_no_photo_shows_asks_after_upon(session, fixtures):
    session.send("a leather saddle on a wooden bench", seed=1)  # 1
    asked = session.send("Very good. Now put my maker's stamp upon the flap, the one I sent along last week.")
    assert asked.needs_clarification and not asked.images


def test_a_pet_named_with_no_photo_of_its_kind_asks(session, fixtures):
    session.send("a store front with slippers and hats on a table", seed=1)  # 1
    session.send("these are her slippers", images=[fixtures / "shoes.png"])  # 2
    asked = session.send("so nice. can you put my dog Blacky in there too, he always sleep by the store door")
    assert asked.needs_clarification and "Blacky" in asked.text and not asked.images


def test_a_new_piece_with_him_on_it_borrows_his_photo(session, fixtures):
    session.send("so a dog jumped out of a van this morning and now hes in the booth with me. this is him",
                 images=[fixtures / "dog.png"])  # 1
    reply = session.send("make a found dog poster with him on it. FOUND at junction 14, call the office")  # 2
    assert reply.tool == "generate" and handles(reply) == [1]
    # "with her cat" is her cat, not her: a new picture that borrows nothing
    reply = session.send("Make new picture, a little girl with her cat in a garden with many flowers")
    assert reply.tool == "generate" and handles(reply) == []


def test_one_part_made_like_a_photo_of_a_material_is_an_edit(session, fixtures):
    session.send("a cosy living room with a sofa and a modern floor", seed=1)  # 1
    reply = session.send("Make the floor look like this, please.", images=[fixtures / "wood.png"])  # 2 -> 3
    assert reply.tool == "edit" and handles(reply) == [1, 2]


def test_a_place_among_versions_said_as_the_subject_of_a_superlative_picks_it(session):
    session.send("a brown leather hunting saddle in a workshop", seed=1)  # 1
    session.send("Kindly let me see four versions of it with different stitching about the skirts.")  # 2-5
    reply = session.send("The third is the truest to my own work. I shall have that one.")
    assert reply.tool is None and not reply.needs_clarification and session.current_image().handle == 4


def test_a_number_holds_beside_its_place_among_versions_said_with_from(session):
    session.send("a dog in a small new year hat", seed=1)  # 1
    session.send("give me three versions with different backgrounds")  # 2-4
    session.send("make the background darker")  # 5
    reply = session.send("In picture number 3, the last from three, what is near his paw?")
    assert reply.tool == "describe" and handles(reply) == [3]


def test_a_painting_lent_after_the_manner_of_it_restyles(session, fixtures):
    session.send("a hunting saddle on a wooden bench", seed=1)  # 1
    reply = session.send("My late father kept this old sporting print above the till. Render the saddle on the bench "
                         "after the manner of this print.", images=[fixtures / "painting.png"])  # 2 -> 3
    assert reply.tool == "style" and handles(reply) == [1, 2]
