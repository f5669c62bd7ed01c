"""Several images in one turn: "give me 4 variations", "try it in 16:9 and in portrait"."""

from __future__ import annotations

import pytest

from memory.models import ToolRun
from studio.phrases import extract_params
from tools.schemas import MAX_VARIATIONS


@pytest.mark.parametrize("text, left, values", [
    ("give me 4 variations", "give me", {"count": 4}),
    ("a red fox in the snow, three versions", "a red fox in the snow", {"count": 3}),
    ("try a couple of different ones", "try", {"count": 2}),
    ("show me 20 variations", "show me", {"count": MAX_VARIATIONS}),
    ("try it in 16:9 and in portrait", "try it", {"sizes": [(1344, 768), (896, 1152)]}),
    ("a red fox in the snow, 9:16 for stories", "a red fox in the snow", {"width": 768, "height": 1344}),
    ("make it square", "make it", {"width": 1024, "height": 1024}),
    ("put it in landscape format please", "put it please", {"width": 1152, "height": 896}),
    # not parameters: a portrait is a kind of picture, "the 3 versions" are images that exist
    ("a portrait of an old fisherman", "a portrait of an old fisherman", {}),
    ("a landscape with mountains in portrait orientation", "a landscape with mountains", {"width": 896, "height": 1152}),
    ("compare the 3 versions", "compare the 3 versions", {}),
])
def test_counts_and_sizes_are_read_from_the_words(text, left, values):
    rest, params = extract_params(text)
    assert rest == left
    assert {k: v for k, v in params.model_dump().items() if v is not None} == values


def test_n_variations_are_n_images_with_their_own_seeds_in_one_turn(studio):
    session = studio.new_session()
    events = []
    reply = session.send("a red fox in the snow, 3 variations", seed=5, on_progress=events.append)
    assert reply.tool == "generate" and [i.handle for i in reply.images] == [1, 2, 3]
    assert [e["image"] for e in events if e["type"] == "start"] == [1, 2, 3]
    assert session.current_image().handle == 3 and "go back to #1" in reply.text
    with studio.store.db() as db:
        runs = db.query(ToolRun).filter(ToolRun.turn_id == reply.turn.id).order_by(ToolRun.id).all()
    assert [run.params["seed"] for run in runs] == [5, 6, 7]
    more = session.send("give me 2 more options please")  # the last request again, two new seeds
    assert more.tool == "generate" and [i.handle for i in more.images] == [4, 5] and more.inputs == []
    assert len(session.turns()) == 2
    session.send("undo")  # the whole turn is one step back
    assert session.current_image().handle == 3


def test_one_image_per_size_asked(studio):
    session = studio.new_session()
    session.send("a lighthouse on a cliff at dusk", seed=3)
    reply = session.send("try it in 16:9 and in portrait")
    assert [i.handle for i in reply.images] == [2, 3]
    wide, tall = reply.images  # the tiny preset draws them small, with the aspect kept
    assert wide.width > wide.height and tall.height > tall.width


def test_variations_of_nothing_get_a_question(studio):
    reply = studio.new_session().send("give me 4 variations")
    assert reply.needs_clarification and reply.images == []
