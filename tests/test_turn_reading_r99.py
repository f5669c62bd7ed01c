"""Readings from round 99's misreadings (read after it moved to training; every case here is my own wording): a
picture or photo named by what it shows ("where's the mango lassi picture?", "the photograph of our band") that no
picture shows is asked about, whatever the sentence does with it; "my red kite photo" is a photo the person sent, so a
kite the studio drew is not it; "from the photo I sent you last week" claims a photo as surely as "... before";
"three samples" and "two ways" are counts of versions, and "the middle sample" picks among them; a new picture "for the
back of the poster" borrows no poster; "the photograph of Habeas" is the photo sent as Habeas, not a picture he went
into."""

from __future__ import annotations

import pytest

from tests import test_turn_reading_r52 as r52

session = r52.session  # a fresh session on the stub preset per test
handles = r52.handles


def current(session) -> int:
    return session.current_image().handle


@pytest.mark.parametrize("text", [
    "hold on, where is the mango lassi picture? bring that one back",
    "Now take the photograph of our band and put it under the title.",
])
def test_a_picture_named_by_what_it_shows_that_none_shows_is_asked_about(session, text):
    session.send("a menu board for a sweet shop with jalebi and gulab jamun", seed=1)  # 1
    session.send("make the board dark green")  # 2
    reply = session.send(text)
    assert reply.tool is None and reply.images == [] and current(session) == 2
    assert "?" in reply.text or "attach" in reply.text.lower()


def test_a_picture_named_by_what_it_shows_is_found_when_one_shows_it(session):
    session.send("a glass of mango lassi on a wooden table", seed=1)  # 1
    session.send("a plate of samosas on a wooden table", seed=2)  # 2
    reply = session.send("where is the mango lassi picture? bring that one back")
    assert reply.tool is None and current(session) == 1


def test_my_photo_of_a_thing_is_a_photo_sent_not_a_picture_made_here(session, fixtures):
    session.send("a girl flying a red kite on a hill", seed=1)  # 1
    session.send("this is my jacket", images=[fixtures / "jacket.png"])  # 2
    reply = session.send("put the kite from my red kite photo into her other hand")
    assert reply.tool is None and reply.images == [] and "photos you sent" in reply.text


def test_my_photo_of_a_thing_sent_is_used(session, fixtures):
    session.send("a boy on a hill at sunset", seed=1)  # 1
    session.send("here is my dog", images=[fixtures / "dog.png"])  # 2
    reply = session.send("put the dog from my dog photo next to him", )
    assert reply.tool == "edit" and 2 in handles(reply)


def test_a_photo_claimed_as_sent_last_week_that_none_shows_is_asked_about(session):
    session.send("a rice field at dawn with mist", seed=1)  # 1
    reply = session.send("Now my camel, from the photo I sent you last week, let him stand at the edge of the field.")
    assert reply.tool is None and reply.images == [] and "camel" in reply.text


@pytest.mark.parametrize("text", [
    "Darker stain. Teak finish. Three samples.",
    "Show me this same street two ways, in rain and in sun, and I will choose.",
])
def test_samples_and_ways_are_counts_of_versions(session, text):
    session.send("a wooden bench in a garden", seed=1)  # 1
    reply = session.send(text)
    assert reply.tool == "edit" and len(reply.images) == (3 if "Three" in text else 2)


def test_the_middle_sample_picks_among_the_samples(session):
    session.send("a wooden chair", seed=1)  # 1
    session.send("show me three samples with a darker stain")  # 2, 3, 4
    reply = session.send("Middle sample.")
    assert reply.tool is None and current(session) == 3


def test_a_new_picture_for_the_back_of_a_poster_borrows_no_poster(session):
    session.send("a poster for a weaving stall with a bamboo house", seed=1)  # 1
    session.send("make the sky orange")  # 2
    reply = session.send("now a new one for the back of the poster! grandma at her loom and my sister watching")
    assert reply.tool == "generate" and handles(reply) == []


def test_the_photograph_of_a_named_pet_is_the_photo_sent(session, fixtures):
    session.send("an empty courtroom with wooden panels", seed=1)  # 1
    session.send("this is the judge's dog, whose name is Habeas", images=[fixtures / "dog.png"])  # 2
    session.send("seat Habeas on the bench in the courtroom picture")  # 3
    reply = session.send("is a collar visible in the photograph of Habeas?")
    assert reply.tool == "describe" and handles(reply) == [2]
