"""Readings added from rounds 53 and 54's misreadings: versions counted by the list that says how they
differ ("three dresses - one red, one gold, one black") and one of them picked by the words that set it
apart ("the gold."); an image's number outranks what other words say it shows; a photo sent for a separate
job is the whole job; a pet just introduced, put somewhere the picture before it shows, lends to that
picture; "one more time" after a restyle restyles again."""

from __future__ import annotations

import pytest

from studio.parameters import extract_params
from studio.phrases import normalise
from tests import test_turn_reading_r52 as r52

session = r52.session  # a fresh session on the stub preset per test
handles = r52.handles


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
    ("just a red car with soap bubbles. make him 3 so he can choose", 3),
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
    session.send("#1")
    reply = session.send("While I am here, my cousin wants a poster for his car wash, it's nothing to do with the run. "
                         "Just a shiny red car with soap bubbles everywhere")
    assert reply.tool == "generate" and handles(reply) == []
    session.send("#1")
    reply = session.send("Stick 'Fun Run - Sat 14th June' across the bottom")
    assert reply.tool == "edit" and handles(reply) == [1]


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


def test_words_to_draw_in_quotes_name_no_image_even_with_an_apostrophe_inside(session, fixtures):
    session.send("This is Pip, my whippet, the model for my Pip's Cabled Jumper pattern", images=[fixtures / "dog.png"])
    session.send("put him in a cabled jumper", seed=1)
    session.send("make it look painted", seed=2)
    session.send("a basket of yarn by a fireplace", seed=3)
    reply = session.send("Back to the painted one of Pip now - put the name 'Pip's Cabled Jumper' along the bottom")
    assert reply.tool == "edit" and handles(reply) == [3]


def test_second_looks_at_a_separate_job_and_at_words_stuck_on_the_picture():
    from tests.test_understanding import ctx, reading
    from studio.understanding import TurnReader

    reader, context = TurnReader(interpreter=object()), ctx(n=3, previous=("make the card gold", "edit"))
    separate = reader.decide("While I am here, my cousin wants a poster, it's nothing to do with the card. Just a shiny red car",
                             context, reading(edit=0.97, generate=0.01))
    assert separate.call.tool == "generate" and separate.call.input_handles() == []
    plain = reader.decide("my cousin wants a shiny red car on it", context, reading(edit=0.97, generate=0.01))
    assert plain.call.tool == "edit"
    stuck = reader.decide("Stick 'Charity T20 - Sat 14th June' across the bottom", context, reading(generate=0.8, edit=0.15))
    assert stuck.call.tool == "edit" and stuck.call.input_handles() == [3]
    anew = reader.decide("start that one over from scratch, but make it a vintage car", context, reading(edit=0.94, generate=0.03))
    assert anew.call.tool == "generate" and anew.call.input_handles() == []
