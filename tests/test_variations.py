"""More than one thing in one turn: "give me 4 variations", "try it in 16:9 and in portrait",
"undo that and make it blue", "make a fox, then put this hat on it"."""

from __future__ import annotations

import pytest

from memory.models import ToolRun
from studio.parameters import extract_params
from studio.phrases import undo_then
from studio.plans import split_steps
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


@pytest.mark.parametrize("text, rest", [
    ("undo that and make it blue", "make it blue"),
    ("scratch that, make it a night scene instead", "make it a night scene instead"),
    ("actually undo and then put a hat on him", "put a hat on him"),
    ("go back one and make the sky pink", "make the sky pink"),
    ("undo", None), ("undo that", None), ("revert it", None),
    ("go back to #2", None), ("go back to the original and add snow", None),  # a select and an edit, not an undo
])
def test_an_undo_in_front_of_a_request_is_found(text, rest):
    assert undo_then(text) == rest


def test_undo_and_a_request_are_one_turn_hung_where_the_undo_lands(studio):
    session = studio.new_session()
    first = session.send("a red car on a mountain road", seed=1)
    session.send("make it green", seed=2)
    reply = session.send("undo that and make it blue instead", seed=3)
    assert reply.tool == "edit" and [i.handle for i in reply.inputs] == [1] and [i.handle for i in reply.images] == [3]
    assert reply.text.startswith("Undid the last step")
    assert studio.store.get_turn(reply.turn.id).parent_id == first.turn.id  # the green car is a side branch now
    session.send("undo")
    assert session.current_image().handle == 1  # one undo takes back the whole turn
    session.send("redo")
    assert session.current_image().handle == 3
    nothing = studio.new_session().send("undo that and make it blue")  # nothing to undo: read as a whole
    assert not nothing.images


@pytest.mark.parametrize("text, steps", [
    ("make a fox in the snow, then put this hat on it", ["make a fox in the snow", "put this hat on it"]),
    ("brighten it and then give me a version in the style of the painting",
     ["brighten it", "give me a version in the style of the painting"]),
    ("if it looks good then add a hat", None),  # one request with a condition
    ("make it darker then", None),
    ("make the sky darker, then the water will look nicer", None),  # a request and its reason
])
def test_two_requests_are_split_at_their_then(text, steps):
    assert split_steps(text) == steps


def test_two_requests_run_in_one_turn_the_second_on_the_first_ones_image(studio, fixtures):
    session = studio.new_session()
    reply = session.send("make a fox in the snow, then put this hat on it", images=[fixtures / "hat.png"], seed=1)
    assert reply.tool == "edit" and [i.handle for i in reply.images] == [2, 3]
    assert [i.handle for i in reply.inputs] == [1]  # the hat; the fox (#2) was made in this turn
    assert reply.text.startswith("Here is #2") and "Then: Edited #2 into #3" in reply.text
    call = studio.store.get_turn(reply.turn.id).call
    assert [step["tool"] for step in call["steps"]] == ["generate", "edit"] and call["steps"][1]["args"]["references"] == [1]
    assert session.current_image().handle == 3 and len(session.turns()) == 1
    session.send("undo")  # one step in the tree
    assert session.current_image() is None


@pytest.mark.parametrize("text, field, used, said", [
    ("a fox in the snow with 5000 steps", "steps", 1000, "5000 steps is outside what I run (1 to 1000), so I used 1000."),
    ("a fox in the snow, guidance 500", "guidance", 100.0, "guidance 500 is outside what I run (0 to 100), so I used 100."),
    ("a fox in the snow 9999x9999", "width", 4096, "9999×9999 is outside the sizes I make (8 to 4096 pixels a side), so I "
                                                   "used 4096×4096."),
])
def test_a_value_said_out_of_range_runs_at_the_nearest_one_and_the_reply_says_so(tmp_path, text, field, used, said):
    from studio import Studio
    from studio.evaluate import STUB_PRESET

    studio = Studio.open(tmp_path / "home", preset=STUB_PRESET)
    try:
        session = studio.new_session()
        reply = session.send(text, seed=1)
        assert reply.tool == "generate" and len(reply.images) == 1 and said in reply.text
        assert [turn.status for turn in session.turns()] == ["ok"]  # no failed turn stored
        with studio.store.db() as db:
            (run,) = db.query(ToolRun).filter(ToolRun.turn_id == reply.turn.id).all()
        assert run.params[field] == used
    finally:
        studio.close()
