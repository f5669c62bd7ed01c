"""Readings added from rounds 65 and 66's misreadings. The largest group was the answer to a question back:
"Sorry sorry, my mistake. I mean number 5, the card with the gold writing" after "I can't find image 14" runs
the request the question was about with #5 in place of "number 14", so the request's other images keep their
roles and "the same treatment" its call. Then: a thing said to be sent already ("the white kufi hat from the photo I
send you before", "the photo of my mum's cat that I sent you earlier") that no photo sent shows is a question, and
so is "the dog I sent" when two dog photos were sent; a count asked with nothing counted ("give me four to choose
from", "Do us three an' I'll pick") is versions, and just after a new picture it is more of that request; "is there
some fella in there wi a brush?" asks about the studio, not about a picture.
"""

from __future__ import annotations

from memory.models import ToolRun
from studio.parameters import find_count
from studio.phrases import normalise
from tests import test_turn_reading_r52 as r52

session = r52.session  # a fresh session on the stub preset per test
handles = r52.handles


def _prompt(session, reply) -> str:
    """The prompt the turn's (first) tool run was given."""
    with session._studio.store.db() as db:
        return db.query(ToolRun).filter(ToolRun.turn_id == reply.turn.id).order_by(ToolRun.id).first().params["prompt"]


def _lanterns(session):
    for n, scene in enumerate(["a table of food with lanterns", "gold writing on a green card", "a mosque at dusk",
                               "children with sparklers"], start=1):
        session.send(scene, seed=n)  # 1..4
    assert session.current_image().handle == 4


def test_an_answer_naming_the_image_runs_the_request_asked_about(session):
    _lanterns(session)
    asked = session.send("Now the card, number 14, make the lanterns more bright please")
    assert asked.needs_clarification and not asked.images
    reply = session.send("Sorry sorry, my mistake. I mean number 2, the card with the gold writing")
    assert reply.tool == "edit" and handles(reply) == [2] and len(reply.images) == 1
    assert "lanterns" in _prompt(session, reply)


def test_an_answer_keeps_the_other_images_of_the_request(session, fixtures):
    session.send("this is Bella", images=[fixtures / "dog.png"])  # 1
    session.send("a dog show poster, a rosette and a trophy", seed=1)  # 2
    asked = session.send("Can yer put number 14 in the corner an all?")
    assert asked.needs_clarification
    reply = session.send("Sorry I meant number 1, the photo o Bella on er own")
    # the poster changes and Bella's photo lends (not Bella's photo edited)
    assert reply.tool == "edit" and handles(reply) == [2, 1]


def test_an_answer_to_a_same_again_request_repeats_its_call_on_the_image_named(session, fixtures):
    session.send("here's the jacket", images=[fixtures / "jacket.png"])  # 1
    session.send("a pair of shoes on white", seed=1)  # 2
    session.send("this painting is the look I want", images=[fixtures / "painting.png"])  # 3
    session.send("paint image 1 in the style of the painting", seed=2)  # 4: style [1, 3]
    asked = session.send("Interesting. Could you apply the same treatment to image 15 as well, please?")
    assert asked.needs_clarification
    reply = session.send("Apologies, a transcription error on my part. Image 2, the shoes on white.")
    assert reply.tool == "style" and handles(reply) == [2, 3]


def test_a_thing_said_to_be_sent_that_no_photo_shows_is_a_question(session, fixtures):
    session.send("this is my jacket for the shop post", images=[fixtures / "jacket.png"])
    session.send("put it on a wooden hanger by the door", seed=1)
    reply = session.send("and put also the white kufi hat from the photo I send you before, on the small table near the door")
    assert reply.needs_clarification and not reply.images and "hat" in reply.text
    # the photo sent in answer runs the request, with the hat in it
    done = session.send("sorry sorry I think I did not send it. this one", images=[fixtures / "hat.png"])
    assert done.tool == "edit" and handles(done) == [2, 3]
    # a photo that was sent is found, not asked about
    reply = session.send("put the jacket from the photo I sent you before on a mannequin")
    assert reply.tool == "edit" and not reply.needs_clarification


def test_a_drawn_thing_is_not_the_photo_said_to_be_sent(session):
    session.send("a cat asleep on a windowsill", seed=1)
    reply = session.send("I'd be ever so grateful if you could swap in the photo of my mum's cat that I sent you earlier.")
    assert reply.needs_clarification and not reply.images


def test_the_one_of_two_photos_sent_alike_is_asked_about(session, fixtures):
    session.send("this is Bran", images=[fixtures / "dog.png"])  # 1
    session.send("and this is Nell, another dog", images=[fixtures / "dog2.png"])  # 2
    reply = session.send("Here, what breed would ye say the dog I sent ye is?")
    assert reply.needs_clarification and "#1" in reply.text and "#2" in reply.text
    answered = session.send("Bran, the first one I sent")
    assert answered.tool == "describe" and handles(answered) == [1]


def test_a_count_with_nothing_counted_is_versions():
    for said, n in [("Not bad at all. But give me four to choose from.", 4), ("Do us three an' I'll pick", 3),
                    ("Please show me three kind, I will choose.", 3), ("Can yer do us three of a stone cottage", 3),
                    ("show me 3 ways this hat could look on her", 3), ("give me 3 different one please", 3)]:
        assert find_count(normalise(said))[2] == n, said
    for said in ["give me 3 candles on the cake", "make two of the dogs red", "give me 2 more dogs", "make 2 copies of the logo"]:
        assert find_count(normalise(said)) is None, said


def test_more_versions_just_after_a_new_picture_are_more_of_that_request(session):
    session.send("a blue bar hen racing pigeon on the landing board of a loft", seed=1)
    reply = session.send("Not bad at all. But give me four to choose from. I'm particular where my birds are concerned.")
    assert reply.tool == "generate" and handles(reply) == [] and len(reply.images) == 4
    assert "pigeon" in _prompt(session, reply)


def test_a_question_about_who_makes_the_pictures_is_about_the_studio(session):
    session.send("a stone cottage with a slate roof", seed=1)
    reply = session.send("How d'yer do that so quick, is there some fella in there wi a brush or what")
    assert reply.tool is None and not reply.images and "No person" in reply.text
    reply = session.send("is the man in the doorway smiling?")
    assert reply.tool == "describe"
