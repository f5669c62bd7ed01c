"""Readings added from rounds 53 and 54's misreadings: versions counted by the list that says how they
differ ("three dresses - one red, one gold, one black") and one of them picked by the words that set it
apart ("the gold."); an image's number outranks what other words say it shows; a photo sent for a separate
job is the whole job; a pet just introduced, put somewhere the picture before it shows, lends to that
picture; "one more time" after a restyle restyles again."""

from __future__ import annotations

import pytest

from studio import Studio
from studio.evaluate import STUB_PRESET
from studio.parameters import extract_params
from studio.phrases import normalise


@pytest.fixture
def session(tmp_path, fixtures):
    studio = Studio.open(tmp_path / "home", preset=STUB_PRESET)
    yield studio.new_session("r54")
    studio.close()


def handles(reply) -> list[int]:
    return [image.handle for image in reply.inputs]


def test_versions_listed_after_a_count_are_made_and_one_is_picked_by_its_difference(session):
    session.send("a ballerina on a snowy stage", seed=1)
    made = session.send("now show me three dresses for her - one red, one gold, one black")
    assert made.tool == "edit" and handles(made) == [1] and len(made.images) == 3
    gold = made.images[1].handle
    picked = session.send("The gold. Definitely the gold.")
    assert picked.tool is None and session.current_image().handle == gold


@pytest.mark.parametrize("said, count", [
    ("give me 3 colourways of the jumper: a heathered grey, a mustard and a forest green", 3),
    ("let's have two goes at the sky: one stormy, one clear", 2),
    ("can you make 3 drawings of a birthday cake so she can choose?", 3),
    ("a woman in a gown. Three of them, if you please, so that she may choose.", 3),
    ("add two boats: a red one and a blue one", None),  # two things in one picture
    ("three corrections, please: (1) less steam, (2) mug to the left, (3) paler table", None),  # changes made together
    ("a poster: a dog, a cat and a bird", None),
])
def test_a_count_counts_versions_only(said, count):
    assert extract_params(normalise(said))[1].count == count


def test_an_images_number_outranks_what_the_words_say_it_shows(session):
    session.send("a poster for a jazz night", seed=1)
    session.send("make it look painted", seed=2)
    session.send("a pint of beer on a bar", seed=3)
    reply = session.send("right, back to the poster, number 1")
    assert reply.tool is None and session.current_image().handle == 1


def test_a_photo_sent_for_a_separate_job_is_the_whole_job(session, fixtures):
    session.send("a poster for a charity fun run", seed=1)
    reply = session.send("Side task, nothing to do with the poster: my mate sells these shoes, a clean shot on white please",
                         images=[fixtures / "shoes.png"])
    assert reply.tool == "edit" and handles(reply) == [2]
    reply = session.send("quick separate job while I'm here, nothing to do with the poster: a cake with candles on a table")
    assert reply.tool == "generate" and handles(reply) == []


def test_a_pet_just_introduced_goes_into_the_picture_before_when_the_words_place_him_there(session, fixtures):
    session.send("a pink house with a wooden porch", seed=1)
    session.send("This is Rex, my sister's dog", images=[fixtures / "dog.png"])
    reply = session.send("put Rex asleep on the porch of the pink house")
    assert reply.tool == "edit" and handles(reply) == [1, 2]
    # somewhere the picture before does not show: his own photo changes
    reply = session.send("put him in a little yellow raincoat")
    assert reply.tool == "edit" and handles(reply) == [3]


def test_one_more_time_after_a_restyle_restyles_again(session, fixtures):
    session.send("a birthday card with a pink house", seed=1)
    styled = session.send("make it look like this painting", images=[fixtures / "painting.png"])
    assert styled.tool == "style" and handles(styled) == [1, 2]
    reply = session.send("try the painting thing one more time but keep the colours bright")
    assert reply.tool == "style" and handles(reply) == [1, 2]


def test_going_back_and_stepping_away_in_other_words(session):
    session.send("a dog on a lawn", seed=1)
    session.send("add a red hat", seed=2)
    session.send("make the sky pink", seed=3)
    reply = session.send("hmm hat is too big, look not good. please go back to before hat")
    assert reply.tool is None and session.current_image().handle == 1
    session.send("#3")
    reply = session.send("gtg, one on the ward. back in a bit x")
    assert reply.tool is None and session.current_image().handle == 3  # no step back
    session.send("add a cat on the lawn", seed=4)
    session.send("add a bird in the sky", seed=5)
    session.send("undo")
    reply = session.send("and one more back please")
    assert reply.tool is None and session.current_image().handle == 3


def test_a_run_of_numbers_and_a_place_in_the_photo_sent(session, fixtures):
    for seed, prompt in enumerate(["a lighthouse at dawn", "a lighthouse at noon", "a lighthouse at dusk"], start=1):
        session.send(prompt, seed=seed)
    reply = session.send("For the record: of #1 to #3, which has the brightest sky?")
    assert reply.tool == "describe" and handles(reply) == [1, 2, 3]
    session.send("a red woollen scarf on a table", seed=4)
    reply = session.send("this is Rolo! can you put that scarf round his neck in this photo?", images=[fixtures / "dog.png"])
    assert reply.tool == "edit" and handles(reply) == [5, 4]
