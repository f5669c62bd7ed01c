"""The public API end to end on the tiny preset: resume in a new process, kill mid-turn, bad input."""

from __future__ import annotations

import io
import json
import os
import signal
import sqlite3
import struct
import subprocess
import sys
import textwrap
import time
import zlib
from pathlib import Path

import pytest
from PIL import Image

from studio import BadInputError, Studio, TurnFailedError

REPO = Path(__file__).resolve().parent.parent


def png_bytes(color=(10, 200, 30), size=(20, 16)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def files_under(home: Path) -> set[Path]:
    return {p for p in (home / "images").rglob("*") if p.is_file()}


def db_counts(home: Path) -> dict[str, int]:
    with sqlite3.connect(home / "studio.db") as db:
        return {t: db.execute(f"select count(*) from {t}").fetchone()[0]
                for t in ("images", "session_images", "turn_images", "tool_runs")}


def test_six_turns_then_resume_in_a_new_process(tmp_path):
    home = tmp_path / "home"
    with Studio.open(home, preset="tiny") as studio:
        session = studio.new_session(title="resume")
        r1 = session.send("a red fox in the snow", seed=1)
        r2 = session.send("make it night time")
        r3 = session.send("make the first one golden")
        r4 = session.send("what animal is this?")
        r5 = session.send("undo")
        r6 = session.send("add falling snow")
        assert [r.tool for r in (r1, r2, r3, r4, r5, r6)] == ["generate", "edit", "edit", "describe", None, "edit"]
        assert [i.handle for i in r3.inputs] == [1]
        assert [i.handle for i in r4.inputs] == [3]
        assert [i.handle for i in r6.inputs] == [2]  # undo dropped #3: the edit continues from #2
        before = {
            "handles": [(i.handle, i.id) for i in session.images()],
            "current": session.current_image().handle,
            "turns": [t.id for t in session.turns()],
        }
        assert before["current"] == 4
        session_id = session.id

    program = textwrap.dedent(f"""
        import hashlib, json
        from studio import Studio
        with Studio.open({str(home)!r}, preset="tiny") as studio:
            s = studio.session({session_id!r})
            out = {{
                "handles": [(i.handle, i.id) for i in s.images()],
                "current": s.current_image().handle,
                "turns": [t.id for t in s.turns()],
                "sha_ok": all(hashlib.sha256(i.path.read_bytes()).hexdigest() == i.id for i in s.images()),
            }}
            r = s.send("make it brighter")
            out["next"] = {{"tool": r.tool, "inputs": [i.handle for i in r.inputs], "outputs": [i.handle for i in r.images]}}
            out["parents"] = [p.handle for p in r.images[0].parents]
            print(json.dumps(out))
    """)
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, cwd=REPO, timeout=300,
                          env={**os.environ, "HF_HUB_OFFLINE": "1"})
    assert done.returncode == 0, done.stderr[-2000:]
    after = json.loads(done.stdout.strip().splitlines()[-1])
    assert [tuple(x) for x in after["handles"]] == before["handles"]
    assert after["current"] == before["current"]
    assert after["turns"] == before["turns"]
    assert after["sha_ok"] is True
    assert after["next"] == {"tool": "edit", "inputs": [4], "outputs": [5]}
    assert after["parents"] == [4]


KILL_PROGRAM = """
import sys
from studio import Studio
studio = Studio.open(sys.argv[1], preset="tiny")
session = studio.session(sys.argv[2])
print("started", flush=True)
session.send("make it a watercolour", steps=1000)
print("finished", flush=True)
"""


def test_sigkill_mid_turn_leaves_the_session_consistent(tmp_path):
    home = tmp_path / "home"
    with Studio.open(home, preset="tiny") as studio:
        session = studio.new_session()
        session.send("a mountain lake", seed=3)
        head, current = session.head_turn_id, session.current_image().handle
        counts = db_counts(home)
        files = files_under(home)
    proc = subprocess.Popen([sys.executable, "-c", KILL_PROGRAM, str(home), session.id], cwd=REPO,
                            env={**os.environ, "HF_HUB_OFFLINE": "1"}, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.time() + 120
        while time.time() < deadline:  # wait until the turn is really running
            with sqlite3.connect(home / "studio.db") as db:
                if db.execute("select count(*) from turns where status='running'").fetchone()[0]:
                    break
            time.sleep(0.2)
        else:
            pytest.fail("the turn never started")
        time.sleep(3)
        assert proc.poll() is None, "the 1000-step turn finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    with Studio.open(home, preset="tiny") as studio:
        session = studio.session(session.id)
        statuses = [t.status for t in session.all_turns()]
        assert statuses[-1] == "interrupted"
        assert session.head_turn_id == head
        assert session.current_image().handle == current
        assert db_counts(home) == counts  # no image, handle, link or tool run from the killed turn
        assert files_under(home) == files
        reply = session.send("make it a watercolour")
        assert reply.tool == "edit" and [i.handle for i in reply.inputs] == [current]


def crafted_png_header(width: int, height: int) -> bytes:
    """A PNG whose IHDR claims `width`×`height` (valid CRC) with a tiny payload."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")


@pytest.mark.parametrize(
    "bad, message",
    [
        (png_bytes()[:40] + b"garbage" * 10, "corrupt|not an image"),
        (b"this is a text file, not an image\n" * 3, "not an image"),
        (b"", "empty"),
        (crafted_png_header(30000, 30000), "too large"),
    ],
    ids=["corrupt-png", "text-file", "empty-bytes", "30000x30000-header"],
)
def test_bad_uploads_raise_clear_errors_and_store_nothing(studio, bad, message):
    session = studio.new_session()
    session.send("a bowl of fruit", seed=0)
    counts, files, turns = db_counts(studio.home), files_under(studio.home), len(session.all_turns())
    with pytest.raises(BadInputError, match=message):
        session.send("put this on the table", images=[bad])
    assert db_counts(studio.home) == counts
    assert files_under(studio.home) == files
    assert len(session.all_turns()) == turns


def test_a_photo_over_the_size_limit_is_scaled_down_and_the_reply_says_so(studio, tmp_path):
    from studio.images import MAX_PIXELS, MAX_SIDE

    big = tmp_path / "big.png"
    Image.new("RGB", (9000, 6000), (200, 120, 40)).save(big)  # 54 MP, 9000 px wide: over both limits
    reply = studio.new_session().send("make it warmer", images=[big], seed=0)
    upload = reply.inputs[0]
    assert upload.width <= MAX_SIDE and upload.width * upload.height <= MAX_PIXELS
    assert abs(upload.width / upload.height - 1.5) < 0.01  # the same shape
    assert "big.png was 9000×6000; I scaled it down to" in reply.text
    assert "scaled it down" in reply.turn.reply  # stored with the turn, so every way in shows it


def test_text_file_path_and_missing_path(studio, tmp_path):
    session = studio.new_session()
    text_file = tmp_path / "notes.png"
    text_file.write_text("not really a png")
    with pytest.raises(BadInputError, match="not an image"):
        session.send("edit this", images=[text_file])
    with pytest.raises(BadInputError, match="does not exist"):
        session.send("edit this", images=[tmp_path / "nope.png"])
    assert session.all_turns() == []


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_message_is_an_error(studio, text):
    session = studio.new_session()
    with pytest.raises(BadInputError, match="empty"):
        session.send(text)
    assert session.all_turns() == [] and session.images() == []


def test_reference_to_a_missing_image_asks_and_stores_no_image(studio):
    session = studio.new_session()
    session.send("a small cottage", seed=0)
    counts, files = db_counts(studio.home), files_under(studio.home)
    reply = session.send("edit image 42")
    assert reply.needs_clarification and reply.tool is None and reply.images == []
    assert "#1" in reply.text  # the question names the images that exist
    assert db_counts(studio.home) == counts and files_under(studio.home) == files
    assert session.current_image().handle == 1


def test_a_question_back_keeps_the_attachment_it_is_about(studio, fixtures):
    """Asking which images a turn means must not throw away the photo the person just sent: their
    answer refers to it."""
    session = studio.new_session()
    session.send("a small cottage", seed=0)
    reply = session.send("put this hat on image 9", images=[fixtures / "hat.png"])
    assert reply.needs_clarification and reply.tool is None and "#2" in reply.text
    assert [i.handle for i in session.images()] == [1, 2]
    assert session.current_image().handle == 2  # an upload in a turn that ran no tool
    answer = session.send("sorry, put the hat from #2 on image 1")
    assert answer.tool == "edit" and [i.handle for i in answer.inputs] == [1, 2]


@pytest.mark.parametrize("kwargs, message", [
    ({"steps": 0}, "steps"), ({"steps": 1001}, "steps"), ({"width": 3}, "width"), ({"seed": -1}, "seed"),
    ({"guidance": -2.0}, "guidance"), ({"backend": "nope"}, "unknown backend"),
    ({"steps": True}, "steps must be a number"), ({"count": False}, "count must be a number"),
])
def test_bad_parameters_are_rejected_before_the_turn(studio, kwargs, message):
    session = studio.new_session()
    with pytest.raises(BadInputError, match=message):
        session.send("a tree", **kwargs)
    assert session.all_turns() == []


def test_a_message_that_is_not_valid_text_is_rejected_before_the_turn(studio):
    session = studio.new_session()
    with pytest.raises(BadInputError, match="not valid text at position 6"):
        session.send("a fox \ud83d in the snow")  # a lone surrogate: half an emoji
    assert session.all_turns() == []


def test_parameters_pass_through_to_the_recipe(studio):
    session = studio.new_session()
    reply = session.send("a lighthouse", seed=1234, steps=3, width=48, height=32, guidance=2.5)
    recipe = reply.images[0].recipe
    assert recipe["seed"] == 1234 and recipe["steps"] == 3 and recipe["guidance"] == 2.5
    assert (reply.images[0].width, reply.images[0].height) == (48, 32)
    again = session.send("a lighthouse", seed=1234, steps=3, width=48, height=32, guidance=2.5)
    diff = max(abs(a - b) for a, b in zip(again.images[0].pil().tobytes(), reply.images[0].pil().tobytes()))
    assert diff <= 2  # same seed, same image (tiny FLUX differs by ~5e-4 between calls)


def test_progress_reaches_the_caller(studio):
    events = []
    studio.new_session().send("a cat", steps=3, on_progress=events.append)
    assert events[0] == {"type": "start", "tool": "generate", "backend": "dreamomni2", "image": 1, "images": 1}
    assert [(e["step"], e["total"]) for e in events[1:]] == [(1, 3), (2, 3), (3, 3)]


def test_progress_through_langgraph_custom_stream(studio):
    """The graph's own custom stream carries the same events (for callers that stream the graph)."""
    from studio.graph import TurnContext

    session = studio.new_session()
    context = TurnContext(store=studio.store, backends=studio.backends, preset=studio.preset, router=studio.router)
    state = {"session_id": session.id, "text": "a cat", "attached": [], "mask": None,
             "params": {"steps": 2, "seed": 1}, "backend": None, "options": {}}
    events = [chunk for chunk in studio.graph.stream(state, {"configurable": {"thread_id": session.id}},
                                                      context=context, stream_mode="custom")]
    assert [e["type"] for e in events] == ["start", "progress", "progress"]
    assert session.current_image().handle == 1


def test_failed_tool_marks_the_turn_failed_and_leaves_the_session_usable(studio, monkeypatch):
    session = studio.new_session()
    session.send("a boat", seed=0)
    head, counts = session.head_turn_id, db_counts(studio.home)
    backend = studio.backends.get("dreamomni2")

    def explode(request):  # an injected fault inside the model call
        raise RuntimeError("CUDA out of memory (injected)")

    monkeypatch.setattr(backend, "run", explode)
    with pytest.raises(TurnFailedError, match="out of memory"):
        session.send("make it red")
    assert session.all_turns()[-1].status == "failed"
    assert "out of memory" in session.all_turns()[-1].error
    assert session.head_turn_id == head and db_counts(studio.home) == counts
    monkeypatch.undo()
    assert session.send("make it red").tool == "edit"


def test_commit_failure_removes_the_files_it_wrote(studio, monkeypatch):
    session = studio.new_session()
    session.send("a boat", seed=0)
    files = files_under(studio.home)

    def broken_record(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error (injected)")

    monkeypatch.setattr(studio.store, "_record_turn", broken_record)
    with pytest.raises(TurnFailedError):
        session.send("make it green")
    assert files_under(studio.home) == files


def test_undo_redo_branch_and_checkout(studio):
    session = studio.new_session()
    session.send("a snowy mountain", seed=0)
    session.send("add a cabin")
    first_turn = session.turns()[0].id
    assert session.undo().tool is None and session.current_image().handle == 1
    assert session.redo().tool is None and session.current_image().handle == 2
    assert session.redo().text.lower().startswith("nothing to redo")
    session.checkout(first_turn)
    reply = session.send("add a lake")
    assert [i.handle for i in reply.inputs] == [1] and reply.images[0].handle == 3
    assert [t.tool for t in session.turns()] == ["generate", "edit"]
    assert {i.handle for i in session.images()} == {1, 2, 3}  # the other branch keeps its handle


def test_going_to_an_earlier_turn_is_undone_and_redone_like_a_step(studio):
    session = studio.new_session()
    session.send("a snowy mountain", seed=0)  # 1
    session.send("add a cabin")  # 2
    session.send("make it night")  # 3
    first_turn = session.turns()[0].id
    session.checkout(first_turn)
    assert session.current_image().handle == 1 and session.can_undo
    back = session.undo()
    assert session.current_image().handle == 3  # back where the person was, not one step before #1
    assert back.text == "Undid going to an earlier turn; #3 is current again."
    again = session.redo()
    assert session.current_image().handle == 1 and "earlier turn" in again.text
    assert session.undo() and session.current_image().handle == 3  # and undone once more
    session.undo()
    assert session.current_image().handle == 2  # then undo goes on along the turns


def test_undo_and_a_change_in_one_message_after_going_back_takes_back_the_going_back(studio):
    session = studio.new_session()
    session.send("a snowy mountain", seed=0)  # 1
    session.send("add a cabin")  # 2
    session.send("make it night")  # 3
    session.checkout(session.turns()[0].id)  # #1 current
    reply = session.send("undo that and make the sky pink")
    # back where the person was (#3), then the change there: not one step before #1, which is nothing
    assert reply.tool == "edit" and [i.handle for i in reply.inputs] == [3] and reply.images[0].handle == 4
    assert reply.text.startswith("Undid the last step")
    assert [t.tool for t in session.turns()] == ["generate", "edit", "edit", "edit"]


def test_an_image_made_after_going_back_is_what_undo_takes_back(studio):
    session = studio.new_session()
    session.send("a snowy mountain", seed=0)  # 1
    session.send("add a cabin")  # 2
    session.checkout(session.turns()[0].id)
    session.send("add a lake")  # 3, from #1
    session.undo()
    assert session.current_image().handle == 1  # the lake is undone; the checkout before it is forgotten
    session.undo()
    assert not session.can_undo and session.current_image() is None


def test_a_store_made_before_checkouts_could_be_undone_opens_and_upgrades(tmp_path):
    """A studio home at revision 0005 (before checkouts could be undone) opens, and undoes checkouts from then on."""
    from alembic import command
    from alembic.config import Config

    from memory.store import MIGRATIONS

    old = Studio.open(tmp_path / "home", preset="tiny")
    session_id = old.new_session().id
    old.session(session_id).send("a snowy mountain", seed=0)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with old.store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0005")
    old.close()
    reopened = Studio.open(tmp_path / "home", preset="tiny")
    session = reopened.session(session_id)
    session.send("add a cabin")
    session.checkout(session.turns()[0].id)
    session.undo()
    assert session.current_image().handle == 2
    reopened.close()


def test_duplicate_upload_keeps_its_handle(studio):
    session = studio.new_session()
    dog = png_bytes((120, 80, 40))
    session.send("this is my dog", images=[dog])
    reply = session.send("put this hat on the dog", images=[png_bytes((0, 0, 255)), dog])
    assert [i.handle for i in reply.inputs] == [1, 2]
    assert [i.handle for i in session.images()] == [1, 2, 3]


def test_tiny_preset_draws_a_large_requested_size_small_and_says_so(studio):
    """The tiny preset runs the real code paths at a small size: a 768x1024 request keeps its aspect
    at 48x64 and the recipe records what was asked."""
    reply = studio.new_session().send("a tall poster of a rocket, 768x1024", seed=1)
    image = reply.images[0]
    assert (image.width, image.height) == (48, 64)
    assert image.recipe["requested_size"] == [768, 1024]
