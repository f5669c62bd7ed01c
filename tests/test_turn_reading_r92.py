"""Readings from round 92's misreadings (read after it moved to training; every case here is my own wording): a
picture named by what it shows that no picture shows is a question ("the moose one. make the moose bigger", "make
the plov picture darker"), as is "make number 14 more shiny" when there is no #14; "take back the last two changes"
undoes two; "go back to the cake before it had any candles" finds the step that brought the candles; "the first one. no actually the second" picks the second even when it is
the one in hand; "good. next slide. hunters on a hill" is a new picture; "ok last one today- a new poster ... in the
style of this painting" paints nothing old; "Make: a boat on land, spring" after "not made yet" makes it; a board
just sent lends to "on the menu cover, put the pot on this board"."""

from __future__ import annotations

import pytest

from tests import test_turn_reading_r52 as r52

session = r52.session  # a fresh session on the stub preset per test
handles = r52.handles


@pytest.mark.parametrize("text", ["the giraffe one. make the giraffe taller.", "now make the pizza picture darker, like evening!",
                                  "make number 9 more shiny please"])
def test_a_picture_no_image_shows_is_a_question(session, text):
    session.send("a lighthouse on a cliff at dusk", seed=1)  # 1
    session.send("a fishing boat in a harbour", seed=2)  # 2
    reply = session.send(text)
    assert reply.needs_clarification and not reply.images and session.current_image().handle == 2


def test_a_picture_shown_is_still_found_by_what_it_shows(session):
    session.send("a lighthouse on a cliff at dusk", seed=1)  # 1
    session.send("a fishing boat in a harbour", seed=2)  # 2
    reply = session.send("the lighthouse one. make the sky pink.")
    assert reply.tool == "edit" and handles(reply) == [1]


def test_taking_back_the_last_two_changes_undoes_two(session):
    session.send("a red barn in a field", seed=1)  # 1
    session.send("add a tractor")  # 2
    session.send("make it sunset")  # 3
    session.send("take back the last two changes pls")
    assert session.current_image().handle == 1


def test_before_it_had_any_candles_is_the_step_before_the_candles(session):
    session.send("a chocolate cake on a table", seed=1)  # 1
    session.send("put five candles on it")  # 2
    session.send("make the icing green")  # 3
    reply = session.send("could we go back to the cake before it had any candles on it?")
    assert reply.tool is None and session.current_image().handle == 1



def test_a_pick_taken_back_in_the_same_breath_picks_the_second(session):
    session.send("a poster about boiling drinking water", seed=3)  # 1
    session.send("a mosquito net over a bed, give me 2 versions", seed=1)  # 2, 3
    reply = session.send("the first one. no actually the second, the net looks softer in that one")
    assert reply.tool is None and session.current_image().handle == 3 and "#3" in reply.text


def test_next_slide_then_a_description_is_a_new_picture(session):
    session.send("caribou crossing a river", seed=1)  # 1
    reply = session.send("good. next slide. hunters up on a ridge. watching the valley.")
    assert reply.tool == "generate" and handles(reply) == []


def test_last_one_today_a_new_poster_in_this_style_paints_nothing_old(session, fixtures):
    session.send("a poster about washing hands at school", seed=1)  # 1
    reply = session.send("ok last one today- a new poster about clean water, a girl at a well, in the style of this painting",
                         images=[fixtures / "painting.png"])  # 2 sent
    assert reply.tool == "style" and handles(reply) == [2]


def test_make_colon_after_not_made_yet_makes_the_described_picture(session):
    session.send("a boat at sea in summer", seed=1)  # 1
    reply = session.send("Ah. Not made yet. Make: a boat pulled up on land, autumn, a woman mending a net.")
    assert reply.tool == "generate" and handles(reply) == []


def test_a_photo_just_sent_lends_to_this_thing_on_another_picture(session, fixtures):
    session.send("a menu cover with a copper pot of plov", seed=1)  # 1
    session.send("a bowl of soup on a table", seed=2)  # 2
    session.send("", images=[fixtures / "wood.png"])  # 3
    reply = session.send("This wood is from my grandfather! On the menu cover, put the pot standing on this wood!")
    assert reply.tool == "edit" and handles(reply) == [1, 3]
