"""A question back is stored as data (studio/router_context.py `Question`: its words, the images it offered, the
thing it asked a photo of) and the answer is read against that record, not against the wording of the reply; homes
made before the record existed get it from their replies when they are opened (memory/migrations 0004)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import inspect, text

from memory.models import TurnRow
from studio import Studio
from studio.evaluate import STUB_PRESET


@pytest.fixture
def studio(tmp_path):
    studio = Studio.open(tmp_path / "home", preset=STUB_PRESET)
    yield studio
    studio.close()


def _asked(studio, session) -> tuple[str, dict]:
    with studio.store.engine.connect() as connection:
        row = connection.execute(text("SELECT id, question FROM turns WHERE session_id = :s AND kind = 'clarify'"),
                                 {"s": session.id}).one()
    return row.id, json.loads(row.question) if isinstance(row.question, str) else row.question


def _two_dogs_then_which(studio):
    from tests.conftest import CONVERSATIONS

    session = studio.new_session("questions")
    session.send("a garden party with balloons", seed=1)  # 1: "the second one" of the session would be #2, not a dog
    session.send("these are my two dogs", images=[CONVERSATIONS / "fixtures" / "dog.png", CONVERSATIONS / "fixtures" / "dog2.png"])
    asked = session.send("put a little party hat on him")
    assert asked.needs_clarification and not asked.images
    assert [ref.handle for ref in asked.turn.options] == [2, 3]  # what the web studio offers as thumbnails to click
    return session


def test_a_question_keeps_the_images_it_offered(studio):
    session = _two_dogs_then_which(studio)
    _, question = _asked(studio, session)
    assert question["options"] == [2, 3] and question["photo_of"] is None and "#2" in question["text"]


def test_the_answer_is_read_against_the_question_not_the_reply_wording(studio):
    session = _two_dogs_then_which(studio)
    turn_id, _ = _asked(studio, session)
    with studio.store.db() as db:  # the reply reworded: it no longer lists the images
        db.get(TurnRow, turn_id).reply_text = "Which of your dogs?"
        db.commit()
    reply = session.send("the second one")  # the second of the dogs offered
    assert reply.tool == "edit" and [image.handle for image in reply.inputs] == [3]


def test_a_question_for_a_photo_says_what_it_asked_for(studio):
    session = studio.new_session("photo")
    session.send("a birthday card with balloons", seed=1)
    asked = session.send("put my brother in too, from the photo of him I sent you")
    assert asked.needs_clarification
    _, question = _asked(studio, session)
    assert question["photo_of"] == "brother" and question["options"] == []


def test_questions_stored_before_the_record_get_it_when_the_home_opens(tmp_path):
    from alembic import command
    from alembic.config import Config

    from memory.store import MIGRATIONS

    studio = Studio.open(tmp_path / "home", preset=STUB_PRESET)
    session = _two_dogs_then_which(studio)
    session_id = session.id
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with studio.store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0003")
    studio.close()
    assert "question" not in {c["name"] for c in inspect(studio.store.engine).get_columns("turns")}
    studio = Studio.open(tmp_path / "home", preset=STUB_PRESET)  # opening it again upgrades it
    try:
        _, question = _asked(studio, studio.session(session_id))
        assert question["options"] == [2, 3] and question["photo_of"] is None
        reply = studio.session(session_id).send("the second one")
        assert reply.tool == "edit" and [image.handle for image in reply.inputs] == [3]
    finally:
        studio.close()


def test_a_question_between_two_actions_offers_no_image_to_click(studio, monkeypatch):
    """"Should I change #1, or make a new picture?" is a choice of actions: its record offers no image (its
    words name #1, and reading options from the words made the web studio offer #1 as an answer)."""
    from studio.interpreter import Interpreter, Reading

    session = studio.new_session("torn")
    session.send("a red barn in a field", seed=1)
    torn = Reading({"edit": 0.46, "generate": 0.40, "chat": 0.14})  # injected: the interpreter split between two actions
    monkeypatch.setattr(Interpreter, "read", lambda self, features: torn)
    asked = session.send("a grey horse by the fence")
    assert asked.needs_clarification and "Should I" in asked.text and "#1" in asked.text
    assert asked.turn.options == [] and _asked(studio, session)[1]["options"] == []
