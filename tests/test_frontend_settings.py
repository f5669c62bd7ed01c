"""The settings popover by the message box (issue 11 item 11): aspect ratio, number of images, seed and steps go
with every message sent from the box; driven with AppTest on the tiny preset, like tests/test_frontend.py, whose
helpers and fixtures these tests use."""

from __future__ import annotations

import pytest

from studio.parameters import ASPECTS
from tests.test_frontend import app, captions, hold_a_turn, home, send, settle, studio_session  # noqa: F401 (fixtures)
from tools.base import tiny_size


def label(at) -> str:
    """The popover's label, which says what is set without opening it."""
    (popover,) = at.get("popover")
    return popover.proto.popover.label


def choose(at, aspect=None, count=None, seed=None, steps=None):
    if aspect is not None:
        at.button_group(key="settings_aspect").set_value(aspect).run()
    if count is not None:
        at.button_group(key="settings_count").set_value(count).run()
    if seed is not None:
        at.text_input(key="settings_seed").set_value(seed).run()
    if steps is not None:
        at.text_input(key="settings_steps").set_value(steps).run()
    assert not at.exception, at.exception
    return at


def made(at) -> list[str]:
    return [c for c in captions(at) if "made #" in c]


def test_the_label_says_what_is_set(app):
    assert label(app) == "⚙ Settings"
    assert app.button(key="settings_reset").disabled  # nothing to reset yet
    assert label(choose(app, aspect="16:9")) == "⚙ 16:9"
    assert label(choose(app, count=4)) == "⚙ 16:9 · 4 images"
    assert label(choose(app, seed="7")) == "⚙ 16:9 · 4 images · seed 7"
    assert label(choose(app, steps=" 30 ")) == "⚙ 16:9 · 4 images · seed 7 · 30 steps"
    assert label(choose(app, count=1, aspect="9:16")) == "⚙ 9:16 · 1 image · seed 7 · 30 steps"
    app.run()  # a rerun keeps them: they last for the tab
    assert label(app) == "⚙ 9:16 · 1 image · seed 7 · 30 steps"
    assert not app.button(key="settings_reset").disabled


def test_16_9_and_two_images_make_two_pictures_of_that_size_until_reset(app, home):
    choose(app, aspect="16:9", count=2)
    at = send(app, "a lighthouse at dusk")
    assert any("tool `generate`" in c and "made #1, #2" in c for c in captions(at)), captions(at)
    studio, session = studio_session(at, home)
    try:
        wide = tiny_size(*ASPECTS["16:9"])  # the tiny preset makes small pictures of the size asked for
        assert wide[0] > wide[1]
        first = session.images()
        assert [(ref.width, ref.height) for ref in first] == [wide, wide]
        assert all(ref.recipe["requested_size"] == list(ASPECTS["16:9"]) for ref in first)

        at = send(at, "a lighthouse at dawn")  # the settings stay for the next message
        assert any("made #3, #4" in c for c in captions(at)), captions(at)
        assert [(ref.width, ref.height) for ref in session.images()[2:]] == [wide, wide]

        at.button(key="settings_reset").click().run()
        at = send(at, "a lighthouse at noon")  # automatic again: one picture, the preset's own size
        assert any(c.endswith("made #5") for c in captions(at)), captions(at)
        (last,) = session.images()[4:]
        assert (last.width, last.height) != wide and "requested_size" not in last.recipe
    finally:
        studio.close()


def test_a_seed_and_steps_from_the_popover_go_with_the_message(app, home):
    choose(app, seed="7", steps="3")
    at = send(app, "a red fox in the snow")
    at = send(at, "a red fox in the snow")
    studio, session = studio_session(at, home)
    try:
        (one,), (two,) = [turn.images for turn in session.turns()]
        assert one.recipe["seed"] == two.recipe["seed"] == 7 and one.recipe["steps"] == two.recipe["steps"] == 3
        # the tiny preset is deterministic for a seed: the same picture (the store keeps it once, by its content)
        assert one.id == two.id and one.path.read_bytes() == two.path.read_bytes()
        choose(at, seed="")  # empty: a new random seed
        at = send(at, "a red fox in the snow")
        (three,) = session.turns()[-1].images
        assert three.recipe["seed"] != 7 and three.id != one.id
    finally:
        studio.close()


@pytest.mark.parametrize("field, value, said", [
    ("settings_seed", "-1", "Seed: a whole number, 0 or more"),
    ("settings_seed", "seven", "Seed: a whole number, 0 or more"),
    ("settings_seed", str(2**63), "Seed: at most"),
    ("settings_steps", "0", "Steps: a whole number from 1 to 150"),
    ("settings_steps", "151", "Steps: a whole number from 1 to 150"),
    ("settings_steps", "2.5", "Steps: a whole number from 1 to 150"),
])
def test_a_bad_seed_or_steps_shows_an_error_and_sends_nothing(app, home, field, value, said):
    at = send(app, "a red fox")
    at.text_input(key=field).set_value(value).run()
    inline = [e.value.replace("\\", "") for e in at.error]  # (shown as text: Markdown's marks escaped)
    assert any(e.startswith(said) and f"“{value}”" in e for e in inline), inline  # in the popover, at once
    name = "seed" if field == "settings_seed" else "steps"
    assert label(at).endswith(f"⚠ check the {name}")

    at = send(at, "make it blue")
    refused = [e.value for e in at.error if e.value.startswith("Not sent")]
    assert len(refused) == 1 and "make it blue" in refused[0], [e.value for e in at.error]
    assert "job" not in at.session_state or at.session_state["job"] is None
    studio, session = studio_session(at, home)
    try:
        assert [t.text for t in session.all_turns()] == ["a red fox"]  # nothing stored for it

        at.text_input(key=field).set_value("").run()  # fixed: the message goes
        assert label(at) == "⚙ Settings" and not [e for e in at.error if not e.value.startswith("Not sent")]
        at = send(at, "make it blue")
        assert any("tool `edit`" in c and "made #2" in c for c in captions(at)), captions(at)
    finally:
        studio.close()


def test_reset_goes_back_to_automatic(app):
    choose(app, aspect="2:3", count=3, seed="11", steps="9")
    assert label(app) == "⚙ 2:3 · 3 images · seed 11 · 9 steps"
    app.button(key="settings_reset").click().run()
    assert label(app) == "⚙ Settings"
    assert app.button_group(key="settings_aspect").value == "auto"
    assert app.button_group(key="settings_count").value == "auto"
    assert app.text_input(key="settings_seed").value == "" and app.text_input(key="settings_steps").value == ""
    assert app.button(key="settings_reset").disabled
    at = send(app, "a lighthouse")
    assert any(c.endswith("made #1") for c in captions(at)), captions(at)  # one picture, not three


def test_a_queued_message_keeps_the_settings_it_was_sent_with(app, home):
    at = send(app, "a red fox")
    release = hold_a_turn(at)
    choose(at, count=2, aspect="9:16")
    at.chat_input[0].set_value("a blue bird").run()  # queued behind the slow turn, with 9:16 and two images
    assert [m["text"] for m in at.session_state["queued"]] == ["a blue bird"]
    at.button(key="settings_reset").click().run()  # changed after it was sent: it keeps its own
    release.set()
    at.session_state["job"].wait(10)
    at.run()
    at = settle(at)
    assert any("made #2, #3" in c for c in captions(at)), captions(at)
    studio, session = studio_session(at, home)
    try:
        tall = tiny_size(*ASPECTS["9:16"])
        assert [(ref.width, ref.height) for ref in session.images()[1:]] == [tall, tall]
    finally:
        studio.close()


def test_the_popover_wins_over_the_same_setting_in_words(app, home):
    """`Session.send` puts its keyword arguments over what the words say (docs/frontend.md says so); two or more
    aspect ratios in words ("in 16:9 and in portrait") are one picture each, whatever the popover's ratio."""
    choose(app, seed="9", aspect="1:1", count=1)
    at = send(app, "a red fox, seed 3, 4 variations")
    at = send(at, "a red fox in 16:9 and in portrait")
    studio, session = studio_session(at, home)
    try:
        fox, ratios = session.turns()
        assert [ref.recipe["seed"] for ref in fox.images] == [9]  # one picture (count 1), seed 9, not 3
        square = tiny_size(*ASPECTS["1:1"])
        assert [(ref.width, ref.height) for ref in fox.images] == [square]
        assert [(ref.width, ref.height) for ref in ratios.images] == [tiny_size(*ASPECTS["16:9"]),
                                                                       tiny_size(*ASPECTS["3:4"])]
    finally:
        studio.close()
