"""The learned interpreter, how it is combined with the rules, and the routing replay harness."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from studio.evaluate import held_out_texts, words
from studio.interpreter import ACTIONS, Interpreter, Reading, TurnFeatures, check_base_weights
from studio.references import RouterContext
from studio.understanding import TurnReader

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / "tests" / "eval"
TRAINING_CONVERSATIONS = ROOT / "tests" / "conversations"
EXTRACTED = ROOT / "training" / "interpreter" / "data" / "conversations.jsonl"


@pytest.fixture(scope="module")
def interpreter() -> Interpreter:
    return Interpreter.shared()


def ctx(n: int = 0, attached: int = 0, mask: bool = False, previous: tuple[str, str] = ("", ""), last_call=None) -> RouterContext:
    handles = list(range(1, n + attached + 1))
    return RouterContext(handles=handles, path_handles=handles, uploads=handles[n:], attached=handles[n:],
                         current=handles[-1] if handles else None, has_mask=mask, last_call=last_call,
                         previous_text=previous[0], previous_action=previous[1])


def test_the_base_weights_are_checked(tmp_path):
    (tmp_path / "model.safetensors").write_bytes(b"not the published weights")
    with pytest.raises(RuntimeError, match="sha256"):
        check_base_weights(tmp_path)


def test_context_is_a_hard_constraint(interpreter):
    empty = interpreter.read(TurnFeatures("fill the masked area with roses"))
    assert empty.scores["inpaint"] == 0 and empty.scores["edit"] == 0 and empty.scores["undo"] == 0
    unmasked = interpreter.read(TurnFeatures("fill the masked area with roses", n_images=1, has_current=True))
    assert unmasked.scores["inpaint"] == 0 and unmasked.action != "inpaint"
    masked = interpreter.read(TurnFeatures("fill the masked area with roses", n_images=1, has_mask=True, has_current=True))
    assert masked.action == "inpaint"
    nothing_done = interpreter.read(TurnFeatures("again please", n_attached=1, has_current=True))
    assert nothing_done.scores["repeat"] == nothing_done.scores["undo"] == nothing_done.scores["select"] == 0
    assert abs(sum(masked.scores.values()) - 1) < 1e-6


# everyday wordings, none of them from the held-out rounds (a test below checks that)
CLEAR = [
    (TurnFeatures("a watercolour of a heron standing in reeds at dawn"), "generate"),
    (TurnFeatures("could you make the heron's legs a bit longer?", "a heron in reeds", "generate", 1, 0, False, True, True), "edit"),
    (TurnFeatures("what kind of bird would you say that is", "a heron in reeds", "generate", 1, 0, False, True, True), "describe"),
    (TurnFeatures("hmm no, I preferred it before that change", "give it a red beak", "edit", 2, 0, False, True, True), "undo"),
    (TurnFeatures("oh actually put that change back", "undo", "undo", 2, 0, False, True, True), "redo"),
    (TurnFeatures("brilliant, thanks so much for the help!", "give it a red beak", "edit", 2, 0, False, True, True), "chat"),
    (TurnFeatures("give it another shot", "a heron in reeds", "generate", 1, 0, False, True, True), "repeat"),
    (TurnFeatures("here's my cat, she's called Pixel", n_attached=1, has_current=True), "chat"),
    (TurnFeatures("now something else entirely: a red tram in the rain", "give it a red beak", "edit", 2, 0, False, True, True),
     "generate"),
]


@pytest.mark.parametrize("features,expected", CLEAR, ids=[f.text[:30] for f, _ in CLEAR])
def test_clear_turns_are_read_as_meant(interpreter, features, expected):
    assert interpreter.read(features).action == expected


def reading(**scores: float) -> Reading:
    rest = (1 - sum(scores.values())) / (len(ACTIONS) - len(scores))
    return Reading({a: scores.get(a, rest) for a in ACTIONS})


def test_the_interpreters_action_is_built_with_the_images_the_words_name():
    context = ctx(n=3, previous=("make it blue", "edit"))
    decided = TurnReader(interpreter=object()).decide("image 2 was better, let's carry on from that", context,
                                                      reading(select=0.7, chat=0.2))
    assert decided.kind == "select" and decided.select == 2 and decided.router.startswith("interpreter (select 0.70")
    styled = TurnReader(interpreter=object()).decide("paint image 3 in the style of image 1", context, reading(style=0.9))
    assert styled.call.tool == "style" and styled.call.input_handles() == [3, 1]


def test_two_close_readings_with_different_results_ask_one_question_naming_both():
    context = ctx(n=1, previous=("a fox", "generate"))
    decided = TurnReader(interpreter=object()).decide("a snowy forest", context, reading(edit=0.45, generate=0.4))
    assert decided.kind == "clarify"
    assert "change #1" in decided.reply and "new picture" in decided.reply
    clear = TurnReader(interpreter=object()).decide("a snowy forest", context, reading(generate=0.62, edit=0.3))
    assert clear.call.tool == "generate"  # one reading clearly ahead: no question
    harmless = TurnReader(interpreter=object()).decide("lovely", context, reading(chat=0.45, describe=0.4))
    assert harmless.kind == "chat"  # a close call between two readings that make nothing is not worth a question


def test_an_action_with_nothing_to_act_on_gives_way_to_the_next_reading():
    context = ctx(n=1, previous=("a fox", "generate"))  # no style image anywhere in the session
    decided = TurnReader(interpreter=object()).decide("make it like a watercolour", context, reading(style=0.7, edit=0.2))
    assert decided.call.tool == "edit" and "nothing to act on" in decided.router


def test_undo_read_for_words_that_name_an_earlier_image_goes_to_that_image():
    context = RouterContext(handles=[1, 2, 3], path_handles=[1, 2, 3], uploads=[], attached=[], current=3,
                            current_path=[1, 2, 3])
    decided = TurnReader(interpreter=object()).decide("back to image 1", context, reading(undo=0.8, select=0.1))
    assert decided.kind == "select" and decided.select == 1
    plain = TurnReader(interpreter=object()).decide("take that back", context, reading(undo=0.8, select=0.1))
    assert plain.kind == "undo"


def test_a_reference_to_a_missing_image_is_still_a_question():
    decided = TurnReader().route("make image 9 darker", ctx(n=2, previous=("a fox", "generate")))
    assert decided.kind == "clarify" and "#1" in decided.reply


# -- training and evaluation data never overlap ----------------------------------------------------
def test_training_and_evaluation_data_do_not_overlap(tmp_path):
    """Every evaluation turn whose words also occur in a training source was left out of training
    (train.py records what it dropped); evaluation files never sit among the training conversations."""
    held_out = held_out_texts(EVAL)
    rounds = list(EVAL.rglob("*.yaml"))
    assert len(held_out) >= 8 * len(rounds), "an evaluation round whose turns were not read"
    assert not any("probes" in yaml.safe_load(p.read_text()) for p in TRAINING_CONVERSATIONS.glob("*.yaml"))
    training = {words(json.loads(line)["text"]) for line in EXTRACTED.read_text().splitlines()}
    corpus = tmp_path / "corpus.jsonl"
    subprocess.run([sys.executable, str(ROOT / "training/interpreter/corpus.py"), "--out", str(corpus), "--n", "30000",
                    "--seed", "0"], check=True, capture_output=True)
    training |= {words(json.loads(line)["text"]) for line in corpus.read_text().splitlines()}
    settings = json.loads((ROOT / "studio/data/interpreter.json").read_text())
    # a round written after the shipped interpreter was trained lists, in seen-in-training.txt, the turns
    # that model saw; its scores are reported with them named, and the next training run drops them
    acknowledged = {words(line) for path in EVAL.rglob("seen-in-training.txt")
                    for line in path.read_text().splitlines() if line.strip() and not line.startswith("#")}
    overlap = (held_out & training) - set(settings.get("excluded_held_out", [])) - acknowledged
    assert not overlap, f"retrain: these evaluation turns are in the training data: {sorted(overlap)}"


# -- a question back, then the answer ------------------------------------------------------------------
def test_an_answer_to_a_question_runs_the_request_it_was_about(studio):
    session = studio.new_session("resume")
    session.send("a red fox in the snow", seed=1)
    session.send("a blue bird on a branch", seed=2)
    question = session.send("make image 9 darker")
    assert question.needs_clarification and question.tool is None
    answer = session.send("oh sorry, #1")
    assert answer.tool == "edit" and [i.handle for i in answer.inputs] == [1]
    assert answer.turn.text == "oh sorry, #1"


def test_an_answer_that_picks_an_option_runs_that_option():
    context = ctx(n=1, previous=("a snowy forest", "clarify"))
    decided = TurnReader(interpreter=object()).route("a new picture please", context)
    assert decided.kind == "tool" and decided.call.tool == "generate"
    assert "snowy forest" in decided.call.args["prompt"] and decided.router.startswith("resumed")


def test_a_new_request_after_a_question_is_not_taken_as_an_answer():
    context = ctx(n=2, previous=("make image 9 darker", "clarify"))
    assert TurnReader(interpreter=object())._resume("now add a rainbow over the hills", context) is None


def test_a_photo_sent_with_a_question_becomes_current_only_when_nothing_else_is(studio, fixtures):
    session = studio.new_session("asked about")
    session.send("what breed do you think he is?", images=[fixtures / "dog.png"])
    assert session.current_image().handle == 1
    made = session.send("a lighthouse at dusk", seed=3)
    session.send("is this hat the same red as the lighthouse?", images=[fixtures / "hat.png"])
    assert session.current_image().handle == made.images[0].handle


def test_a_select_without_a_named_image_takes_a_bare_handle_or_one_step_back():
    from studio.calls import build

    context = RouterContext(handles=[1, 2, 3], path_handles=[1, 2, 3], uploads=[], attached=[], current=3,
                            current_path=[1, 2, 3])
    assert build("select", "can I see number 2 again?", context).select == 2
    assert build("select", "no, the other one", context).select == 2
    with pytest.raises(Exception, match="Which image"):
        build("select", "7 then", context)  # there is no #7: a question, not a guess


def test_a_mask_turns_an_edit_into_an_inpaint(interpreter):
    masked = interpreter.read(TurnFeatures("make the sky purple", n_images=1, has_mask=True, has_current=True))
    assert masked.scores["edit"] == 0 and masked.action == "inpaint"


def test_exact_commands_stand_without_asking_the_interpreter():
    context = ctx(n=2, previous=("make it blue", "edit"), last_call=None)
    for text, kind in (("undo", "undo"), ("redo", "redo"), ("undo x2", "undo")):
        decided = TurnReader(interpreter=object()).route(text, context)  # object() cannot read: never asked
        assert decided.kind == kind and decided.exact and decided.router == "rules (exact command)"


def test_a_correction_is_the_last_request_on_the_image_meant_without_asking_the_interpreter():
    from tools.schemas import ToolCall

    last = ToolCall(tool="edit", args={"prompt": "give image 3 a pink sky", "source": 3, "references": []})
    decided = TurnReader(interpreter=object()).route("oops, I meant image 2", ctx(n=4, last_call=last))
    assert decided.call.input_handles() == [2] and decided.call.args["prompt"] == "give it a pink sky"
    assert decided.router.startswith("rules (a correction")
