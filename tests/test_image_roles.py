"""The image-role reader (studio/image_roles.py): a learned second reading of which images a call uses, from each
image's facts and the interpreter's encoding of the turn, that overrules the rules' inputs only by a margin."""

from __future__ import annotations

import json

import numpy as np
import pytest

from studio.image_roles import FEATURES, ROLES, ImageRoleReader, best, facts, images_checked, likelihood, roles_of
from studio.references import RouterContext
from studio.router import tool_decision
from tools.schemas import GenerationParams

WIDTH = 8  # a made-up encoding width for the hand-built readers below


def context_of(n: int, attached: int = 0, current: int | None = None, captions: dict[int, str] | None = None) -> RouterContext:
    handles = list(range(1, n + attached + 1))
    return RouterContext(handles=handles, path_handles=handles, uploads=handles[n:], attached=handles[n:],
                         current=current or (handles[n - 1] if n else handles[-1]), captions=captions or {},
                         parents={h: [h - 1] for h in handles[1:n]}, current_path=handles[:n])


def column(rows: dict[int, list[float]], name: str) -> dict[int, float]:
    return {h: row[FEATURES.index(name)] for h, row in rows.items()}


def reader_that_trusts(fact: str, margin: float, role: int = 1, word_unit: int | None = None) -> ImageRoleReader:
    """A one-unit network: an image with `fact` takes `role`, any other image none. With `word_unit`, the unit
    fires only when that dimension of the turn's encoding is on (what the words say gates the fact)."""
    w_facts = np.zeros((1, len(FEATURES)), dtype=np.float32)
    w_facts[0, FEATURES.index(fact)] = 1.0
    w_words = np.zeros((1, WIDTH), dtype=np.float32)
    b1 = np.zeros(1, dtype=np.float32)
    if word_unit is not None:
        w_words[0, word_unit], b1[0] = 1.0, -2.5  # the fact alone (1) or the words alone (2) stay below it
    w2 = np.full((3, 1), -8.0, dtype=np.float32)
    w2[role, 0] = 8.0
    b2 = np.full(3, -2.0, dtype=np.float32)
    b2[0] = 2.0
    return ImageRoleReader({"w1_facts": w_facts, "w1_words": w_words, "b1": b1, "w2": w2, "b2": b2}, margin=margin)


ANY_WORDS = tuple([0.0] * WIDTH)


def test_facts_mark_the_image_named_by_number_and_the_photo_sent():
    ctx = context_of(3, attached=1)  # #1-#3 made one from another, #4 sent with the turn
    rows = facts("put this hat on number 2, not 3 steps", ctx, "edit")
    assert column(rows, "number_said_as_image") == {1: 0, 2: 1, 3: 0, 4: 0}
    assert column(rows, "number_said")[3] == 0  # "3 steps" is no image
    assert column(rows, "sent_now") == {1: 0, 2: 0, 3: 0, 4: 1} and column(rows, "current")[3] == 1
    assert set(column(rows, "placing").values()) == {1.0}  # a fact of the whole turn, on every image
    assert not any(name.startswith("rules") for name in FEATURES)  # it never sees the rules' call


def test_facts_count_the_words_an_image_shows():
    ctx = context_of(2, captions={1: "a red barn in a wheat field", 2: "a lighthouse at dusk"})
    assert column(facts("add a tractor next to the barn", ctx, "edit"), "most_words_shared") == {1: 1, 2: 0}


def test_roles_of_each_tool():
    assert roles_of([3, 4], "edit") == {3: 1, 4: 2}
    assert roles_of([3, 4], "style") == {3: 1, 4: 2} and roles_of([4], "style") == {4: 2}  # a new picture in a style
    assert roles_of([3, 4], "generate") == {3: 2, 4: 2}


def test_the_likeliest_style_call_drops_a_source_that_none_fits():
    scores = {1: [-0.1, -3.0, -3.0], 2: [-3.0, -3.0, -0.1]}  # #1 plainly none, #2 the style
    assert best("style", [1, 2], scores) == [2]
    assert likelihood([2], "style", scores) > likelihood([1, 2], "style", scores)


def test_the_reader_overrules_the_rules_only_when_its_reading_is_clearly_likelier():
    ctx = context_of(3)
    rules = tool_decision("edit", {"prompt": "make number 1 snowy", "source": 3, "references": []}, GenerationParams())
    rules.router = "interpreter (edit 0.97)"
    checked = images_checked(rules, "make number 1 snowy", ctx, ANY_WORDS, reader_that_trusts("number_said_as_image", 1.0))
    assert checked.call.input_handles() == [1] and "image-role reader" in checked.router
    assert checked.call.args["prompt"] == "make number 1 snowy"
    unsure = images_checked(rules, "make number 1 snowy", ctx, ANY_WORDS, reader_that_trusts("number_said_as_image", 50.0))
    assert unsure is rules  # not clearly likelier: the rules' call stands
    assert images_checked(rules, "make number 1 snowy", ctx, ANY_WORDS, None) is rules
    assert images_checked(rules, "make number 1 snowy", ctx, (), reader_that_trusts("number_said_as_image", 1.0)) is rules


def test_what_the_words_say_gates_the_facts():
    """The same facts read two ways: the turn's encoding switches the unit that makes a photo sent now a lender."""
    ctx = context_of(1, attached=1)  # #1 the current picture, #2 sent now
    rules = tool_decision("edit", {"prompt": "put him in this", "source": 2, "references": [1]}, GenerationParams())
    lends = reader_that_trusts("sent_now", 1.0, role=2, word_unit=3)
    words_on = tuple(2.0 if i == 3 else 0.0 for i in range(WIDTH))
    assert images_checked(rules, "put him in this", ctx, words_on, lends).call.input_handles()[1:] == [2]
    assert images_checked(rules, "put him in this", ctx, ANY_WORDS, lends).call.input_handles() != [1, 2]


def test_a_reader_trained_for_other_features_is_refused(tmp_path):
    (tmp_path / "image_roles.json").write_text(json.dumps({"features": ["bias"], "roles": list(ROLES), "margin": 0}))
    with pytest.raises(RuntimeError, match="retrain"):
        ImageRoleReader.load(tmp_path)
    assert ImageRoleReader.load(tmp_path / "nothing-here") is None  # none shipped: the rules' inputs stand


# -- the shipped reader in the router -------------------------------------------------------------------------------

from studio import Studio  # noqa: E402
from studio.evaluate import STUB_PRESET  # noqa: E402
from studio.understanding import TurnReader  # noqa: E402


@pytest.fixture(params=["reader", "rules alone"])
def session(request, tmp_path):
    reader = ImageRoleReader.shared() if request.param == "reader" else None
    studio = Studio.open(tmp_path / "home", preset=STUB_PRESET, router=TurnReader(image_roles=reader))
    yield request.param, studio.new_session("roles")
    studio.close()


def handles(reply) -> list[int]:
    return [image.handle for image in reply.inputs]


def test_the_shipped_reader_loads_for_the_features_it_was_trained_on():
    reader = ImageRoleReader.shared()
    assert reader is not None and reader.w_facts.shape[1] == len(FEATURES) and reader.margin > 0


def test_a_thing_put_on_a_photo_sent_now_lends_it(session, fixtures):
    """Round 90: "put the pot on this wood" with the wood sent now: the pot changes, the wood lends."""
    which, session = session
    session.send("a clay pot with black geometric patterns on a table")  # 1
    reply = session.send("Mira, this is the floor of my taller, my workshop. Wood. Please put the pot on this wood "
                         "instead of the table, so it looks like my real place.", images=[fixtures / "wood.png"])  # 2
    assert reply.tool == "edit" and handles(reply) == ([1, 2] if which == "reader" else [2, 1])
