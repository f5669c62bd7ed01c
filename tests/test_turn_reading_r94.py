"""Readings from round 94's misreadings (read after it moved to training; every case here is my own wording): a
question about the picture followed by a request ("is the boat blue?? make the water darker tho") makes the change,
a question alone stays a question; "Of those three, the second ..." picks among the versions just made; placing "the
logo" with no logo anywhere is a question; "Forget it. You do PDFs?" after a question is its own turn; "add another
jar" and "draw a small bee on each label" change the picture in hand, "another one please" makes it again."""

from __future__ import annotations

import pytest

from tests import test_turn_reading_r52 as r52

session = r52.session  # a fresh session on the stub preset per test
handles = r52.handles


@pytest.mark.parametrize("text", ["nice!! is the boat blue or green?? make the water darker tho",
                                  "what colour is the boat in that? and could you add two gulls above it",
                                  "Is that a pier on the left? Please add a small lighthouse at its end."])
def test_a_question_then_a_request_makes_the_change(session, text):
    session.send("a fishing boat on a calm lake", seed=1)  # 1
    reply = session.send(text)
    assert reply.tool == "edit" and handles(reply) == [1] and session.current_image().handle == 2


@pytest.mark.parametrize("text", ["is the boat blue or green?", "what colour is the boat? and is there a pier?"])
def test_a_question_alone_stays_a_question(session, text):
    session.send("a fishing boat on a calm lake", seed=1)  # 1
    reply = session.send(text)
    assert reply.tool == "describe" and session.current_image().handle == 1


@pytest.mark.parametrize("text", ["Of those three, the second strikes me as the most balanced; let's continue with it.",
                                  "out of these three i like the first, keep that"])
def test_the_group_named_first_then_the_place(session, text):
    session.send("a quiet harbour at dusk, give me 3 options", seed=1)  # 1, 2, 3
    reply = session.send(text)
    assert reply.tool is None and not reply.needs_clarification
    assert session.current_image().handle == (2 if "second" in text else 1)


@pytest.mark.parametrize("text", ["Put the logo on it, bottom corner.", "add the watermark bottom right pls"])
def test_the_logo_placed_with_none_anywhere_is_a_question(session, text):
    session.send("a kayak brochure cover, two paddlers on a calm bay", seed=1)  # 1
    reply = session.send(text)
    assert reply.needs_clarification and not reply.images and "attach" in reply.text.lower()


def test_the_logo_placed_once_one_was_made_is_that_one(session):
    session.send("a logo for a bakery called Crumb", seed=1)  # 1
    session.send("a bakery shopfront at dawn", seed=2)  # 2
    reply = session.send("put the logo on the awning")
    assert reply.tool == "edit" and handles(reply) == [2, 1]


@pytest.mark.parametrize("text", ["Right, no logo for now. Forget it. You do PDFs too, or just pictures?",
                                  "No logo then. Forget that. You make PDFs, or just pictures?"])
def test_a_question_withdrawn_then_something_else_is_that_something_else(session, text):
    session.send("a kayak brochure cover, two paddlers on a calm bay", seed=1)  # 1
    assert session.send("Put the logo on it, bottom corner.").needs_clarification
    reply = session.send(text)
    assert reply.tool is None and not reply.images and session.current_image().handle == 1


def test_a_question_withdrawn_then_a_new_request_runs_it(session):
    session.send("a kayak brochure cover, two paddlers on a calm bay", seed=1)  # 1
    assert session.send("Put the logo on it, bottom corner.").needs_clarification
    reply = session.send("never mind the logo. make the water a deeper blue")
    assert reply.tool == "edit" and handles(reply) == [1]


def _jars_then(session, text):
    session.send("three glass jars of dark honey with labels on a wooden table", seed=1)  # 1
    return session.send(text)


@pytest.mark.parametrize("text", ["Could you add another jar, please?", "Could you add one more jar, please?",
                                  "Could you draw a small bee on each label, if you would be so kind?",
                                  "paint a tiny star on each label"])
def test_one_more_thing_put_in_or_drawn_onto_a_thing_shown_is_an_edit(session, text):
    reply = _jars_then(session, text)
    assert reply.tool == "edit" and handles(reply) == [1]


@pytest.mark.parametrize("text", ["another one please", "draw a castle on the hill at sunset"])
def test_the_picture_again_or_a_thing_drawn_onto_nothing_shown_is_a_new_picture(session, text):
    reply = _jars_then(session, text)
    assert reply.tool == "generate" and session.current_image().handle == 2 and handles(reply) == []
