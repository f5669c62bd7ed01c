"""Readings added from the misreadings of round 85. "Make me 3 of them, my wife also must see!" makes three versions;
"make dis bus 3 diferen colour. One yellow, one red, one green." makes three, told apart (a misspelt "different");
a sentence that says only "now new one" or "make it new:" before a scene paints a new picture in the style named, not
the picture in hand; "our club logo ..., the one I sent you earlier" and "the bottle from my photo" ask for the photo
when none was sent; "put Bertie with the hat, picture #8, on the poster ..., #2" puts #8 on #2 and "Put Lola
there instead, number 4" puts #4 into the picture in hand; "Separate job: here is a hat and my dog. I would like the
dog wearing the hat" with hat.png and dog.png changes the dog photo.
"""

from __future__ import annotations

from tests import test_turn_reading_r52 as r52

session = r52.session  # a fresh session on the stub preset per test
handles = r52.handles


def test_make_me_three_of_them_then_a_clause_makes_three(session):
    reply = session.send("A bowl of fresh pasta on a checked tablecloth! Make me 3 of them, my husband must see too!", seed=1)
    assert reply.tool == "generate" and len(reply.images) == 3


def test_a_count_with_a_misspelt_different_and_the_versions_listed(session):
    session.send("a minibus parked by the sea", seed=1)  # 1
    reply = session.send("Ok. Make dis bus 2 diferen colour. One blue, one white.")
    assert reply.tool == "edit" and len(reply.images) == 2 and handles(reply) == [1]


def test_now_new_one_in_the_style_of_a_painting_is_a_new_picture(session, fixtures):
    session.send("a blue minibus on a coast road", seed=1)  # 1
    session.send("my cousin painted this", images=[fixtures / "painting.png"])  # 2
    session.send("make the minibus look like that painting")  # 3
    reply = session.send("Ok, now new one. A fish market by the harbour, plenty people, like dis painting.")
    assert reply.tool == "style" and handles(reply) == [2]


def test_make_it_new_then_a_scene_in_the_style_named(session, fixtures):
    session.send("a pizza on a wooden peel", seed=1)  # 1
    session.send("my uncle's painting of the bay", images=[fixtures / "painting.png"])  # 2
    session.send("paint the pizza like my uncle's painting")  # 3
    reply = session.send("Then make it new: a calzone on a marble counter, in the same style of that painting.")
    assert reply.tool == "style" and handles(reply) == [2]


def test_our_club_logo_said_sent_earlier_asks_when_none_was_sent(session, fixtures):
    session.send("this is our mascot", images=[fixtures / "dog.png"])  # 1
    session.send("a poster for the club dance with a big moon", seed=1)  # 2
    asked = session.send("And then our club logo in the bottom left corner, the one I sent you earlier.")
    assert asked.needs_clarification and "logo" in asked.text and not asked.images


def test_a_thing_from_my_photo_asks_when_no_photo_shows_it(session, fixtures):
    session.send("this is Filou", images=[fixtures / "dog.png"])  # 1
    session.send("put Filou in a vineyard at sunset")  # 2
    asked = session.send("Now please put the basket from my photo next to Filou.")
    assert asked.needs_clarification and "basket" in asked.text and not asked.images


def test_a_number_said_after_what_it_shows_then_where_it_goes(session, fixtures):
    session.send("a poster for the harbour festival", seed=1)  # 1
    session.send("this is Bertie, our club dog", images=[fixtures / "dog.png"])  # 2
    session.send("put a little hat on Bertie")  # 3
    reply = session.send("Now put Bertie with the hat, picture #3, on the festival poster, #1. Small, bottom left.")
    assert reply.tool == "edit" and handles(reply) == [1, 3]


def test_put_someone_there_then_the_number_of_their_photo(session, fixtures):
    session.send("this is Lola, my truffle dog", images=[fixtures / "dog.png"])  # 1
    session.send("a jar label with a forest in the fog", seed=1)  # 2
    reply = session.send("Never mind that. Put Lola there instead, number 1, the photo I sent.")
    assert reply.tool == "edit" and handles(reply) == [2, 1]


def test_a_separate_job_with_two_photos_named_by_what_they_show(session, fixtures):
    session.send("a log cabin in the snow", seed=1)  # 1
    reply = session.send("Separate job: here is a hat and my dog. I would like the dog wearing the hat.",
                         images=[fixtures / "hat.png", fixtures / "dog.png"])  # 2, 3
    assert reply.tool == "edit" and handles(reply) == [3, 2]
