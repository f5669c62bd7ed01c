"""The image-role scorer experiment (training/interpreter/role_scorer.py, not used by the studio): a learned second
opinion on which images a call uses, and the join of its training rows with each round's first reading."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from studio.references import RouterContext
from studio.router import tool_decision
from tools.schemas import GenerationParams

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training" / "interpreter"))
from role_scorer import FEATURES, ROLES, RoleScorer, features, images_checked  # noqa: E402
from train_roles import with_first_reading  # noqa: E402


def session(n: int, attached: int = 0, current: int | None = None, captions: dict[int, str] | None = None) -> RouterContext:
    handles = list(range(1, n + attached + 1))
    return RouterContext(handles=handles, path_handles=handles, uploads=handles[n:], attached=handles[n:],
                         current=current or (handles[n - 1] if n else handles[-1]), captions=captions or {},
                         parents={h: [h - 1] for h in handles[1:n]}, current_path=handles[:n])


def column(rows: dict[int, list[float]], name: str) -> dict[int, float]:
    return {h: row[FEATURES.index(name)] for h, row in rows.items()}


def test_features_mark_the_image_named_by_number_the_photo_sent_and_the_rules_call():
    ctx = session(3, attached=1)  # #1-#3 made one from another, #4 sent with the turn
    rows = features("put this hat on number 2, not 3 steps", ctx, "edit", [3, 4])
    assert column(rows, "number_said_as_image") == {1: 0, 2: 1, 3: 0, 4: 0}
    assert column(rows, "number_said")[3] == 0  # "3 steps" is no image
    assert column(rows, "sent_now") == {1: 0, 2: 0, 3: 0, 4: 1} and column(rows, "current")[3] == 1
    assert column(rows, "rules_source") == {1: 0, 2: 0, 3: 1, 4: 0} and column(rows, "rules_reference")[4] == 1
    assert set(column(rows, "placing").values()) == {1.0}  # a fact of the whole turn, on every image


def test_features_count_the_words_an_image_shows():
    ctx = session(2, captions={1: "a red barn in a wheat field", 2: "a lighthouse at dusk"})
    rows = features("add a tractor next to the barn", ctx, "edit", [2])
    assert column(rows, "most_words_shared") == {1: 1, 2: 0}


def scorer_that_trusts_numbers(margin: float) -> RoleScorer:
    """A one-unit network: an image named by its number is the source, anything else is none."""
    w1 = [[0.0] * len(FEATURES)]
    w1[0][FEATURES.index("number_said_as_image")] = 1.0
    return RoleScorer(w1=w1, b1=[0.0], w2=[[-4.0], [4.0], [-4.0]], b2=[2.0, -2.0, -2.0], margin=margin)


def test_the_scorer_overrules_the_rules_only_when_its_reading_is_clearly_likelier():
    ctx = session(3)
    rules = tool_decision("edit", {"prompt": "make number 1 snowy", "source": 3, "references": []}, GenerationParams())
    rules.router = "interpreter (edit 0.97)"
    checked = images_checked(rules, "make number 1 snowy", ctx, scorer_that_trusts_numbers(margin=1.0))
    assert checked.call.input_handles() == [1] and "image-role scorer" in checked.router
    assert checked.call.args["prompt"] == "make number 1 snowy"
    unsure = images_checked(rules, "make number 1 snowy", ctx, scorer_that_trusts_numbers(margin=50.0))
    assert unsure is rules  # not clearly likelier: the rules' call stands
    assert images_checked(rules, "make number 1 snowy", ctx, None) is rules


def test_a_new_picture_in_a_style_keeps_its_one_image():
    ctx = session(2, attached=1)
    rules = tool_decision("style", {"prompt": "a harbour", "source": None, "style_image": 3}, GenerationParams())
    assert images_checked(rules, "a harbour in the style of number 1", ctx, scorer_that_trusts_numbers(0.0)) is rules


def test_weights_trained_for_other_features_are_refused(tmp_path):
    path = tmp_path / "image_roles.json"
    path.write_text(json.dumps({"features": ["bias"], "roles": list(ROLES), "w1": [], "b1": [], "w2": [], "b2": [], "margin": 0}))
    with pytest.raises(ValueError, match="retrain"):
        RoleScorer.load(path)


def test_training_rows_take_the_first_reading_of_the_same_turn_even_when_words_repeat():
    rows = [{"source": "a.yaml", "text": "again", "said_before": 1, "inputs": [2]},
            {"source": "a.yaml", "text": "make it blue", "said_before": 0, "inputs": [1]}]
    first = [{"source": "a.yaml", "text": "again", "own_tool": "edit", "own_inputs": [1]},
             {"source": "a.yaml", "text": "make it blue", "own_tool": "edit", "own_inputs": [3]},
             {"source": "a.yaml", "text": "again", "own_tool": "edit", "own_inputs": [4]}]
    joined = with_first_reading(rows, first)
    assert [r["own_inputs"] for r in joined] == [[4], [3]]  # the second "again", not the first
    assert with_first_reading([{**rows[1], "source": "b.yaml"}], first) == []  # a turn never first-read is left out
