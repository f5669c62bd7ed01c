"""Readings added from the misreadings of round 81. "one more, a separate picture, a new one" is a new picture, not the
last step again; a question about "her photo", "that photo I sent you" or "my uncle's painting" looks at that photo, not at
the picture in hand, and "which colours ... tell me all of them" compares nothing. A picture named and placed where the
picture in hand shows ("Put Bosun, image one, on the foredeck of the pilot boat") lends to it; a photo sent and placed
where another picture shows ("by the door of the card, beside the dogs") goes into that picture. "take the pole from
picture 1 and stand it on the card" changes the card. A short message with the photo asked for resumes the request.
"""

from __future__ import annotations

import pytest

from tests import test_turn_reading_r52 as r52

session = r52.session  # a fresh session on the stub preset per test
handles = r52.handles


def test_one_more_separate_picture_is_a_new_one_not_the_last_step_again(session, fixtures):
    session.send("this one my grandfather painted", images=[fixtures / "painting.png"])  # 1
    session.send("a wooden house by the sea at night with lights", seed=1)  # 2
    session.send("clean this white spot please", mask=fixtures / "mask_center.png")  # 3
    reply = session.send("Now one more, separate picture, a new one. Fishing boats with flags at the jetty, painted like "
                         "grandfather's painting.")
    assert reply.tool == "style" and handles(reply) == [1]


def test_a_question_about_a_photo_sent_looks_at_that_photo(session, fixtures):
    session.send("a red front door with a wreath", seed=1)  # 1
    reply = session.send("These are our two dogs, Rex and Lola. Rex is the first photo. Can put both of them sitting in front "
                         "of the door?", images=[fixtures / "dog.png", fixtures / "dog2.png"])  # 2, 3 -> 4
    assert handles(reply) == [1, 2, 3]
    reply = session.send("Lola, in her photo, is she wearing a collar? My eyes are not so good.")
    assert reply.tool == "describe" and handles(reply) == [3]


def test_a_question_about_their_own_painting_or_the_photo_sent_looks_at_it(session, fixtures):
    session.send("my uncle painted this long ago", images=[fixtures / "painting.png"])  # 1
    session.send("a totem pole in front of a cedar house", seed=1)  # 2
    reply = session.send("Tell me, in my uncle's painting, which colours did he like? I wish to speak of it when we stand "
                         "before the pole.")
    assert reply.tool == "describe" and handles(reply) == [1]
    session.send("dis our dog", images=[fixtures / "dog.png"])  # 3
    session.send("a fish fry poster with palm trees", seed=2)  # 4
    reply = session.send("whut kine dog yu reckon he is, in dat photo ai sent yu?")
    assert reply.tool == "describe" and handles(reply) == [3]


def test_colours_asked_of_the_picture_in_hand_compare_nothing(session):
    session.send("a rag rug with all the colours on the floor of a riad", seed=1)
    session.send("make the light softer", seed=2)  # 2
    reply = session.send("Which colours you see in this rug? Tell me all of them, I write them in the description for the "
                         "internet, red, yellow, and...?")
    assert reply.tool == "describe" and handles(reply) == [2]
    # a question that chooses among pictures still compares them
    reply = session.send("which one is warmer, 1 or 2?")
    assert handles(reply) == [1, 2]


def test_a_picture_named_after_the_question_is_not_compared(session):
    session.send("a lighthouse on a cliff at dusk", seed=1)  # 1
    session.send("a red barn in a snowy field", seed=2)  # 2
    session.send("a red barn in a snowy field at sunset", seed=3)  # 3
    reply = session.send("Is this one brighter than the first barn? We will hang the brighter one by the lighthouse.")
    assert reply.tool == "describe" and handles(reply) == [3, 2]


def test_picks_and_going_back_said_in_romance_words(session):
    session.send("a lobster on a picnic table, three versions", seed=1)  # 1, 2, 3
    reply = session.send("La deuxième est la best, on prend celle-là")
    assert reply.tool is None and session.current_image().handle == 2
    session.send("write 'OPEN' across the top")  # 4
    reply = session.send("Va bene, va bene. Now torna indietro to number 1")
    assert reply.tool is None and session.current_image().handle == 1


def test_a_short_message_with_the_photo_asked_for_resumes_the_request(session, fixtures):
    session.send("a gondola on a canal at sunset", seed=1)  # 1
    asked = session.send("Perfetto. And put my dog in the gondola too, Spritz, he comes every day")
    assert asked.needs_clarification and not asked.images
    reply = session.send("Ah scusa, ecco Spritz! Bello, no?", images=[fixtures / "dog.png"])  # 2 -> 3
    assert reply.tool == "edit" and handles(reply) == [1, 2]


def test_a_change_to_this_with_nothing_sent_asks(session):
    asked = session.send("hi quick one, need this brighter + cropped to just the cat, going on our page asap")
    assert asked.needs_clarification and not asked.images


def test_her_own_poster_borrows_nothing_said_same(session, fixtures):
    session.send("stray, brought in this am by animal control, no chip", images=[fixtures / "dog.png"])  # 1
    session.send("add FOUND in big red letters at the top", seed=1)  # 2
    reply = session.send("2nd stray same animal control run, F, ~5y. need her own FOUND poster, plain",
                         images=[fixtures / "dog2.png"])  # 3 -> 4
    assert reply.tool == "generate" and handles(reply) == [3]


def test_a_thing_taken_from_a_picture_named_goes_onto_the_picture_in_hand(session):
    session.send("a carved totem pole with a raven on top", seed=1)  # 1
    session.send("an invitation card with a formline border and the words Pole Raising", seed=2)  # 2
    reply = session.send("Now take the pole from picture number 1 and stand it along the right edge of the card.")
    assert reply.tool == "edit" and handles(reply) == [2, 1]


def test_a_picture_named_and_placed_where_the_picture_in_hand_shows_lends(session, fixtures):
    session.send("Image Studio, this is Pilot Two. Radio check. Over.")
    session.send("Studio, Pilot Two. Attached: station dog, name Bosun. Over.", images=[fixtures / "dog.png"])  # 1
    poster = session.send("New job. Poster. Pilot boat alongside a container ship at first light. Over.", seed=1)
    assert poster.tool == "generate" and handles(poster) == []  # "Pilot Two" is who speaks, no name of the dog
    reply = session.send("Put Bosun, image one, on the foredeck of the pilot boat. Over.")
    assert reply.tool == "edit" and handles(reply) == [poster.images[0].handle, 1]
    reply = session.send("put image 1 in a snowy forest")  # a place no picture shows: that picture changes
    assert handles(reply) == [1]


def test_a_photo_sent_and_placed_where_another_picture_shows_goes_into_it(session, fixtures):
    session.send("a house at night with Christmas lights and two dogs sitting in front of the door", seed=1)  # 1
    session.send("Now a separate new picture: festival boats with flags and flowers", seed=2)  # 2
    reply = session.send("Just put these shoes by the door of the house, beside the dogs, like he left them there",
                         images=[fixtures / "shoes.png"])  # 3 -> 4
    assert reply.tool == "edit" and handles(reply) == [1, 3]
    reply = session.send("and put this hat on the boat with the flags", images=[fixtures / "hat.png"])  # 5 -> 6
    assert reply.tool == "edit" and handles(reply) == [2, 5]
    # where the picture in hand shows the place, it changes
    reply = session.send("put these shoes by the flowers on the boat", images=[fixtures / "shoes.png"])  # 3 again -> 7
    assert reply.tool == "edit" and handles(reply) == [6, 3]


def test_several_different_versions_to_choose_among(session):
    session.send("a Christmas card of a house with one big star", seed=1)
    reply = session.send("Can try the card with three different sky colours? Then I choose.")
    assert reply.tool == "edit" and len(reply.images) == 3
    # a picture with several different things in it is one picture
    reply = session.send("add 3 different flowers by the door")
    assert len(reply.images) == 1


@pytest.mark.xfail(strict=True, reason="v20 reads 'Show me the one on the woven plaque, where the spot is fixed' after a "
                   "question as an edit of it")
def test_show_me_again_a_picture_by_what_it_shows(session):
    session.send("a clay pot on a woven plaque", seed=1)  # 1
    session.send("remove the spot on the pot", seed=2)  # 2
    session.send("a new picture: a potter by an outdoor firing at evening", seed=3)  # 3
    asked = session.send("Show me again the jar on the black cloth.")
    assert asked.needs_clarification and session.current_image().handle == 3
    reply = session.send("Show me the one on the woven plaque, where the spot is fixed.")
    assert reply.tool is None and session.current_image().handle == 2


# -- close calls of interpreter v17 that the words settle ---------------------------------------------------------------
def test_a_picture_named_made_into_something_is_changed(session, fixtures):
    session.send("hiii this is my dog his name is biscuit", images=[fixtures / "dog.png"])  # 1
    reply = session.send("can u make biscuit a pirate")
    assert reply.tool == "edit" and handles(reply) == [1]


def test_a_photo_sent_with_where_it_goes_is_no_pick(session, fixtures):
    session.send("hand forged coat hooks, 3 of them, on an oak board on a whitewashed wall", seed=1)  # 1
    session.send("hang this on the left hook so folk can see they take weight", images=[fixtures / "jacket.png"])  # 2 -> 3
    reply = session.send("and the hat on the right hand one", images=[fixtures / "hat.png"])  # 4 -> 5
    assert reply.tool == "edit" and handles(reply) == [3, 4]


def test_a_picture_asked_for_in_a_question_is_made(session):
    reply = session.send("Eh boss, can help me make one picture or not? Char kway teow stall at night, got wok fire one, "
                         "old uncle frying. For my cousin stall banner lah.")
    assert reply.tool == "generate"
