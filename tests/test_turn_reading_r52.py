"""Readings added from round 52's misreadings: a session command said before the request ("Take that one
back and give him a velvet collar instead", "I like the first one best, put it on a cream background"),
each part read by the router on its own (studio/plans.py `command_first`); another try of the step that
made the current picture runs that step's images again, not its result ("do this painting thing one more
time"); "do it again but give us three" makes three; "is 3 any brighter than 1" asks about both."""

from __future__ import annotations

import pytest

from studio import Studio
from studio.evaluate import STUB_PRESET
from tests.test_turn_reading_r48 import context_at, inputs


@pytest.fixture
def session(tmp_path, fixtures):
    studio = Studio.open(tmp_path / "home", preset=STUB_PRESET)
    yield studio.new_session("r52")
    studio.close()


def handles(reply) -> list[int]:
    return [image.handle for image in reply.inputs]


def test_an_undo_said_before_the_request_runs_the_request_on_the_image_before(session):
    session.send("a corgi on a sofa", seed=1)
    session.send("give him a monocle", seed=2)
    reply = session.send("Going, going... no, the monocle is too much. Take that one back and give him a velvet collar instead")
    assert reply.tool == "edit" and handles(reply) == [1]
    # a complaint first is no undo: the change is made to the picture in hand
    session.send("add rain", seed=3)
    reply = session.send("och naw that's way too much noo, he looks pure droukit. bring the rain doon a touch")
    assert reply.tool == "edit" and handles(reply) == [4]


def test_a_pick_said_before_the_request_is_what_the_request_changes(session):
    session.send("a coffee mug on a kitchen table", seed=1)
    session.send("make the mug blue", seed=2)
    session.send("try it red instead", seed=3)
    reply = session.send("I like the first one best, put it on a cream background")
    assert reply.tool == "edit" and handles(reply) == [1]
    # more words about the pick before the request
    reply = session.send("right back to the second one, not the red one, that's going on the flyer. add some steam over the mug")
    assert reply.tool == "edit" and handles(reply) == [2]


def test_remarks_before_a_request_are_no_pick_or_undo(session):
    session.send("a throne room in a castle", seed=1)
    session.send("add a king on the throne", seed=2)
    reply = session.send("that's panel 2. make the throne darker and more gothic")
    assert reply.tool == "edit" and handles(reply) == [2]
    reply = session.send("hmm the king looks odd. kill the crown, just have his bare head")
    assert reply.tool == "edit" and handles(reply) == [3]


def test_another_try_of_the_step_runs_its_images_again(session, fixtures):
    session.send("a birthday card with apricot trees", seed=1)
    styled = session.send("make it look like this painting", images=[fixtures / "painting.png"])
    assert styled.tool == "style" and handles(styled) == [1, 2]
    reply = session.send("Is beautiful but can you do this painting thing one more time? I want to see other version")
    assert reply.tool == "style" and handles(reply) == [1, 2]
    # "another version of it" is a change to the picture in hand
    reply = session.send("make another version of it with a purple background")
    assert reply.tool == "edit" and handles(reply) == [4]


def test_a_retry_with_a_number_of_versions_makes_that_many(session):
    session.send("a wee dog in the rain", seed=1)
    reply = session.send("hmm no sure aboot that. dae it again but gie us three tae pick fae")
    assert reply.tool == "generate" and len(reply.images) == 3


def test_a_question_names_bare_numbers_it_compares():
    assert inputs(*context_at("heldout51-CG-probes", "is 3 actually any brighter than 1", probe=1)) == ("describe", [3, 1])
    assert inputs(*context_at("heldout51-CG-03", "Quick check before we lock it")) == ("describe", [9, 10])
