"""The routing replay harness (`studio eval router`): first contact, in context, and the failure kinds."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from studio.cli import app
from studio.evaluate import Tally, evaluate, first_contact, in_context, load_items
from studio.router import Decision
from studio.understanding import TurnReader
from tools.schemas import ToolCall

CONVERSATION = """
name: a fox, an edit, an undo, a question
turns:
  - user: "a red fox in the snow"
    expect: {tool: generate, inputs: [], outputs: 1, current: 1}
  - user: "make the snow blue"
    expect: {tool: edit, inputs: [1], outputs: 1, current: 2}
  - user: "undo"
    expect: {tool: null, inputs: [], outputs: 0, current: 1}
  - user: "give it a green scarf"
    expect: {tool: edit, inputs: [1], outputs: 1, current: 3}
"""
PROBES = """
name: two probes
probes:
  - setup:
      - user: "a lighthouse at dusk"
        expect: {tool: generate, inputs: [], outputs: 1, current: 1}
    turn:
      user: "what colour is the sky?"
      expect: {tool: describe, inputs: [1], outputs: 0, current: 1}
  - setup: []
    turn:
      user: "a teapot shaped like a whale"
      expect: {tool: generate, inputs: [], outputs: 1, current: 1}
"""


class AlwaysGenerate:
    """A router that reads every turn as a new picture: a knowingly bad router to score."""

    name = "always-generate"

    def route(self, text, ctx):
        return Decision("tool", call=ToolCall(tool="generate", args={"prompt": text, "references": []}))


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_the_reader_replays_a_plain_conversation_right_both_ways(tmp_path):
    item = load_items(write(tmp_path, "fox.yaml", CONVERSATION))[0]
    assert [s.outcome for s in first_contact(item, TurnReader())] == ["right"] * 4
    assert [s.outcome for s in in_context(item, TurnReader())] == ["right"] * 4


VERSIONS = """
name: three versions, then the middle one
turns:
  - user: "a glowing door in a snowy forest, three of them to pick from"
    expect: {tool: generate, inputs: [], outputs: 3, current: 3}
  - user: "go with number 2"
    expect: {tool: null, inputs: [], outputs: 0, current: 2}
  - user: "a lighthouse at dusk"
    expect: {tool: generate, inputs: [], outputs: 1, current: 4}
"""


def test_in_context_forces_a_several_image_turn_to_as_many_images(tmp_path):
    # a router that never makes several images: forced to the expected outcome, turn 1 still makes three,
    # so the later handles exist (the harness crashed on "select 8" when it made one)
    item = load_items(write(tmp_path, "versions.yaml", VERSIONS))[0]
    scores = in_context(item, AlwaysGenerate())
    assert [s.outcome for s in scores] == ["wrong action", "wrong action", "right"]
    assert scores[0].failures == ["outputs: expected 3, got 1", "current: expected 3, got 1"]


def test_in_context_forces_earlier_turns_and_first_contact_counts_knock_on_effects(tmp_path):
    item = load_items(write(tmp_path, "fox.yaml", CONVERSATION))[0]
    first = first_contact(item, AlwaysGenerate())
    context = in_context(item, AlwaysGenerate())
    assert [s.outcome for s in context] == ["right", "wrong action", "wrong action", "wrong action"]
    # in context turn 4 is judged from the expected state (#1 current after the undo), so its only
    # failure is the tool; first contact has also lost the handles and the current image
    assert context[3].failures == ["tool: expected edit, got generate", "inputs: expected [1], got []"]
    assert any(f.startswith("current") for f in first[3].failures)


def test_probes_score_only_their_last_turn(tmp_path):
    items = load_items(write(tmp_path, "probes.yaml", PROBES))
    assert [(len(i.turns), i.scored) for i in items] == [(2, [2]), (1, [1])]
    scores = [s for item in items for s in first_contact(item, AlwaysGenerate())]
    assert [s.outcome for s in scores] == ["wrong action", "right"]


def test_a_question_instead_of_an_action_is_counted_as_a_question(tmp_path):
    class AlwaysAsk:
        def route(self, text, ctx):
            return Decision("clarify", reply="Which image?")

    item = load_items(write(tmp_path, "fox.yaml", CONVERSATION))[0]
    tally = Tally()
    for score in in_context(item, AlwaysAsk()):
        tally.add(score)
    assert (tally.right, tally.questions, tally.wrong_actions) == (0, 4, 0)


def test_doing_nothing_is_a_miss_and_moving_the_head_unasked_is_a_wrong_action(tmp_path):
    class AlwaysChat:
        def route(self, text, ctx):
            return Decision("chat", reply="ok")

    class AlwaysUndo:
        def route(self, text, ctx):
            return Decision("undo")

    chat = load_items(write(tmp_path, "chat.yaml", CONVERSATION.replace('"undo"', '"thanks!"').replace(
        "{tool: null, inputs: [], outputs: 0, current: 1}", "{tool: null, inputs: [], outputs: 0, current: 2}")))[0]
    assert [s.outcome for s in in_context(chat, AlwaysChat())] == ["missed", "missed", "right", "missed"]
    assert [s.outcome for s in in_context(chat, AlwaysUndo())][2] == "wrong action"  # "thanks!" undone


def test_studio_eval_router_prints_the_figures(tmp_path):
    path = write(tmp_path, "fox.yaml", CONVERSATION)
    result = CliRunner().invoke(app, ["eval", "router", str(path)])
    assert result.exit_code == 0, result.output
    assert "fox.yaml: first contact 4/4, in context 4/4" in result.output
    assert "conversations, first contact: 4/4 right (100.0%), wrong actions 0 (0.0%), questions 0 (0.0%)" in result.output
    reports = evaluate([path], TurnReader())
    assert len(reports[0].first) == len(reports[0].context) == 4


def test_an_expectation_naming_an_image_that_cannot_exist_is_refused_when_the_file_loads(tmp_path):
    # The second dog.png keeps number 3, so "inputs: [4]" names an image the session never has;
    # the file must be refused with the turn named, not crash the replay halfway through.
    resent = CONVERSATION.replace('  - user: "give it a green scarf"\n', (
        '  - user: "here is my other dog"\n    attach: [dog.png]\n'
        '    expect: {tool: null, inputs: [], outputs: 0, current: 3}\n'
        '  - user: "and this one again"\n    attach: [dog.png]\n'
        '    expect: {tool: edit, inputs: [4], outputs: 1, current: 5}\n'
        '  - user: "give it a green scarf"\n'))
    with pytest.raises(ValueError, match="turn 5 expects image 4"):
        load_items(write(tmp_path, "resent.yaml", resent))
    probes = PROBES.replace("inputs: [1], outputs: 0, current: 1}", "inputs: [2], outputs: 0, current: 1}")
    with pytest.raises(ValueError, match="probe 1: turn 2 expects image 2"):
        load_items(write(tmp_path, "probes.yaml", probes))
    assert load_items(write(tmp_path, "fine.yaml", CONVERSATION))
