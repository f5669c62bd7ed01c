"""The Streamlit app, driven whole conversations at a time with AppTest (tiny preset, temp home).

Turns run in a worker thread (the page stays responsive); `settle` waits for the running turn
and reruns the script the way the page's polling fragment does.
"""

from __future__ import annotations

import io
import re
import time
from pathlib import Path

import pytest
from PIL import Image

pytest.importorskip("streamlit.testing.v1")
from streamlit.testing.v1 import AppTest  # noqa: E402

APP = str(Path(__file__).resolve().parent.parent / "frontend" / "app.py")


def png(color, size=(40, 32)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def mask_png(size=(32, 32)) -> bytes:
    mask = Image.new("L", size, 0)
    mask.paste(255, (8, 8, 24, 24))
    buffer = io.BytesIO()
    mask.save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    # One home for the module, so the tiny models load once (st.cache_resource keeps the Studio);
    # every test starts its own browser session and its own studio session.
    return tmp_path_factory.mktemp("frontend-home")


@pytest.fixture
def app(home, monkeypatch):
    monkeypatch.setenv("IMAGE_STUDIO_HOME", str(home))
    monkeypatch.setenv("IMAGE_STUDIO_PRESET", "tiny")
    monkeypatch.delenv("IMAGE_STUDIO_TOKEN", raising=False)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    at.button(key="new_session").click().run()
    return at


def settle(at: AppTest, timeout: float = 60.0) -> AppTest:
    """Wait for the running turn (if any), then rerun as the page's poller does."""
    for _ in range(3):
        job = at.session_state["job"] if "job" in at.session_state else None
        if job is None:
            break
        assert job.wait(timeout), f"turn {job.label!r} did not finish in {timeout} s"
        at.run()
    assert not at.exception, at.exception
    return at


def send(at: AppTest, text: str, files=()) -> AppTest:
    box = at.chat_input[0]
    for name, data in files:
        box.upload(name, data, "image/png")
    box.set_value(text).run()
    return settle(at)


def image_captions(at: AppTest) -> list[str]:
    return [c for image in at.image for c in image.captions]


def captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


def studio_session(at: AppTest, home):
    """The page's session through the API (a second Studio on the same home; it loads no models)."""
    from studio import Studio

    studio = Studio.open(home, preset="tiny")
    return studio, studio.session(at.session_state["session_id"])


def test_conversation_with_attachments_and_handles(app):
    at = send(app, "a red fox in the snow")
    assert "#1" in image_captions(at)
    assert any("tool `generate`" in c and "made #1" in c for c in captions(at))

    # several attachments in one message: each gets its handle, and the edit names its inputs
    at = send(at, "put the hat from the second photo on the first",
              files=[("red.png", png("red")), ("blue.png", png("blue"))])
    shown = image_captions(at)
    assert {"#1", "#2", "#3", "#4"} <= set(shown)
    assert any("tool `edit`" in c and "made #4" in c for c in captions(at))

    # a reference by handle
    at = send(at, "make image 1 brighter")
    assert any("inputs #1" in c and "made #5" in c for c in captions(at))
    # the gallery lists every image with its handle and marks the current one
    assert any("**#5** · :green-badge[current]" in m.value for m in at.markdown)
    assert {f"use_{h}" for h in range(1, 6)} <= {b.key for b in at.button}


def test_gallery_actions_reference_describe_and_source(app):
    at = send(app, "a lighthouse at dusk")
    at = send(at, "a second lighthouse")  # #2 becomes current
    at.button(key="ref_1").click().run()  # attach #1 to the next message
    assert at.button(key="unref_1")
    # confirmed by a toast where the person clicked, not by a message at the top of the page
    assert [t.value for t in at.toast] == ["#1 goes with your next message as a reference."]
    at = send(at, "a cat in this style")
    assert any("tool `style`" in c and "inputs #1" in c for c in captions(at))
    assert "unref_1" not in {b.key for b in at.button}  # the reference went with that message

    at.button(key="describe_2").click().run()
    at = settle(at)
    assert any("tool `describe`" in c and "inputs #2" in c for c in captions(at))

    at.button(key="use_1").click().run()
    assert [t.value for t in at.toast] == ["Sent: “use image 1”"]
    at = settle(at)
    assert any("**#1** · :green-badge[current]" in m.value for m in at.markdown)


def test_the_newest_result_has_an_action_row(app, home):
    """Under the newest result: Re-roll (the same request, a new seed), Vary subtle and strong, Reference, Download; an
    older result has none."""
    from studio import Studio

    at = send(app, "a copper kettle on a stove")
    first = [b.key for b in at.button if b.key and b.key.startswith("reroll_")]
    assert len(first) == 1
    at.button(key=first[0]).click().run()
    at = settle(at)
    assert any("tool `generate`" in c and "made #2" in c for c in captions(at))
    assert len([b for b in at.button if b.key and b.key.startswith("reroll_")]) == 1  # the newest result only
    with Studio.open(home, preset="tiny") as studio:
        (session,) = [one for one in studio.sessions() if one.title.startswith("a copper kettle")]  # (the home is shared)
        one, two = session.image(1), session.image(2)
        assert one.recipe["prompt"] == two.recipe["prompt"] and one.recipe["seed"] != two.recipe["seed"]
    vary = [b.key for b in at.button if b.key and b.key.startswith("vary_subtle_")]
    at.button(key=vary[0]).click().run()
    assert [t.value for t in at.toast] == ["Sent: “a subtle variation of #2”"]
    at = settle(at)
    assert any("tool `edit`" in c and "inputs #2" in c and "made #3" in c for c in captions(at))
    at.button(key=[b.key for b in at.button if b.key and b.key.startswith("ref_chat_")][0]).click().run()
    assert at.button(key="unref_3")


def test_undo_redo_and_branch(app, home):
    at = send(app, "a red fox")
    assert at.button(key="redo").disabled  # nothing undone yet
    at = send(at, "make it blue")
    assert any("**#2** · :green-badge[current]" in m.value for m in at.markdown)

    at.button(key="undo").click().run()
    at = settle(at)
    assert any(e.value == "Undid “make it blue”; #1 is current again." for e in at.info), [e.value for e in at.info]
    assert any("**#1** · :green-badge[current]" in m.value for m in at.markdown)
    assert not any("made #2" in c for c in captions(at))  # the edit left the chat (head path)
    assert not at.button(key="redo").disabled

    at.button(key="redo").click().run()
    at = settle(at)
    assert any(e.value == "Redid “make it blue”; #2 is current." for e in at.info)
    assert any("**#2** · :green-badge[current]" in m.value for m in at.markdown)
    assert at.button(key="redo").disabled

    # branch from the first turn through the turn tree, then carry on from there
    studio, session = studio_session(at, home)
    first = session.turns()[0]
    at.button(key=f"tree_{first.id}").click().run()
    assert session.head_turn_id == first.id
    at = send(at, "make it green")
    assert any("made #3" in c for c in captions(at))
    children = [t for t in session.all_turns() if t.parent_id == first.id and t.kind == "tool"]
    assert len(children) == 2  # "make it blue" and "make it green": two branches
    # both branches are in the tree; the branch that is not on the head path can be reached again
    blue = next(t for t in children if t.text == "make it blue")
    at.button(key=f"tree_{blue.id}").click().run()
    assert any("**#2** · :green-badge[current]" in m.value for m in at.markdown)
    # going there is a step of its own: Undo takes it back to where the person was
    assert not at.button(key="undo").disabled
    at.button(key="undo").click().run()
    at = settle(at)
    assert any(e.value == "Undid going to an earlier turn; #3 is current again." for e in at.info), [e.value for e in at.info]
    assert any("**#3** · :green-badge[current]" in m.value for m in at.markdown)
    studio.close()


def test_a_message_answered_twice_switches_between_its_versions(app, home):
    at = send(app, "a red fox")
    at = send(at, "make it blue")
    studio, session = studio_session(at, home)
    first = session.turns()[0]
    at.button(key=f"tree_{first.id}").click().run()
    at = send(at, "make it green")  # a second answer after the fox: two versions of what follows it
    blue, green = [t for t in session.all_turns() if t.parent_id == first.id]
    assert "2/2" in captions(at) and at.button(key=f"newer_{green.id}").disabled
    at.button(key=f"older_{green.id}").click().run()
    assert session.head_turn_id == blue.id
    assert "1/2" in captions(at) and any("**#2** · :green-badge[current]" in m.value for m in at.markdown)
    said = [m.value for m in at.markdown]
    assert "make it blue" in said and "make it green" not in said  # the chat follows the blue branch now
    at.button(key=f"newer_{blue.id}").click().run()
    assert session.head_turn_id == green.id
    at.button(key="undo").click().run()
    at = settle(at)
    assert session.head_turn_id == blue.id  # the switch was a step of its own
    studio.close()


def test_undo_is_offered_only_when_there_is_something_to_undo(app):
    at = send(app, "a red fox")
    assert not at.button(key="undo").disabled
    at.button(key="undo").click().run()
    at = settle(at)
    assert at.button(key="undo").disabled and not at.button(key="redo").disabled  # nothing left before the fox


def test_bad_upload_shows_error_and_session_stays_usable(app, home):
    at = send(app, "a red fox")
    at.button(key="ref_1").click().run()
    at = send(at, "make it blue", files=[("broken.png", b"this is not a png")])
    errors = [e.value for e in at.error]
    assert any("Not sent" in e and "broken.png" in e for e in errors), errors  # refused by name, before the turn
    assert len(studio_session(at, home)[1].all_turns()) == 1  # nothing stored for it
    at = send(at, "make it blue", files=[("notes.txt", b"shopping list")])  # any file type reaches the check
    assert any("Not sent" in e.value and "notes.txt" in e.value for e in at.error)
    assert at.button(key="unref_1")  # the reference is kept for the next try
    at.button(key="unref_1").click().run()
    at = send(at, "make it green")
    assert any("made #2" in c for c in captions(at))
    assert not at.error


def test_failed_tool_shows_error_and_session_stays_usable(app, monkeypatch):
    from tools.registry import BackendPool

    real_get = BackendPool.get
    broken = {"on": False}

    def flaky_get(self, name):
        backend = real_get(self, name)
        real_run = type(backend).run

        def run(request):
            if broken["on"]:
                raise RuntimeError("injected backend failure")
            return real_run(backend, request)

        monkeypatch.setattr(backend, "run", run)
        return backend

    monkeypatch.setattr(BackendPool, "get", flaky_get)
    at = send(app, "a red fox")
    broken["on"] = True
    at = send(at, "make it blue")
    errors = [e.value for e in at.error]
    assert any("The turn failed" in e and "injected backend failure" in e for e in errors), errors
    broken["on"] = False
    at = send(at, "make it green")
    assert any("made #2" in c for c in captions(at))
    # the failed turn stays in the chat with its error, and in the turn tree as failed
    assert any("This turn failed" in e.value and "injected backend failure" in e.value for e in at.error)
    # in the turn tree: a greyed leaf that does not fork the history ("make it green" starts no branch)
    assert any("✕" in c and "make it blue" in c and "(failed)" in c for c in captions(at))
    tree = [m.value for m in at.markdown if "edit: make it green" in m.value]
    assert tree and "└" not in tree[0] and "from #1" in tree[0] and "→ #2" in tree[0], tree


def test_mask_upload_goes_with_next_message(app):
    at = send(app, "a dog on a lawn")
    uploader = at.file_uploader[0]
    uploader.set_value(("mask.png", mask_png(), "image/png")).run()
    at.button(key="attach_uploaded_mask").click().run()
    assert at.button(key="unmask")
    at = send(at, "put a hat here")
    assert any("tool `inpaint`" in c and "inputs #1" in c for c in captions(at))
    assert "unmask" not in {b.key for b in at.button}
    # the mask stays with the message that sent it, tinted over the picture it painted in
    assert "mask on #1" in image_captions(at)


def test_a_painted_mask_survives_a_cut_short_rerun_and_goes_only_with_its_image(app, monkeypatch):
    """Strokes painted but not attached go with the next message, even when a rerun cut the run that read the
    canvas short (seen in CI: the Enter of the next message interrupted it and the strokes were lost); strokes on
    an image that is no longer current go with nothing."""
    import streamlit as st

    import frontend.panels

    at = send(app, "a dog on a lawn")
    calls = []

    def canvas_then_cut_short(current):
        calls.append(current.handle)
        if len(calls) == 2:
            st.stop()  # the run ends inside the canvas, as a rerun's interruption does
        return mask_png() if len(calls) == 1 else None

    monkeypatch.setattr(frontend.panels, "draw_mask", canvas_then_cut_short)
    at.run()  # the canvas is read: the strokes are kept
    at.run()  # a run cut short while drawing the canvas
    at = send(at, "put a hat here")
    assert any("tool `inpaint`" in c and "inputs #1" in c for c in captions(at)), captions(at)

    monkeypatch.setattr(frontend.panels, "draw_mask", lambda current: None)
    at.session_state["drawn_mask"] = ("not-the-current-image", mask_png())
    at = send(at, "make the hat red")
    assert sum("tool `inpaint`" in c for c in captions(at)) == 1, captions(at)


def test_sessions_new_rename_delete(app, home):
    at = send(app, "a red fox")
    sid = at.session_state["session_id"]
    at.text_input(key=f"title_{sid}").set_value("Foxes").run()  # Enter in the box renames
    assert at.title[0].value == "Foxes"
    assert any(s.value == "Renamed to “Foxes”." for s in at.success)
    assert at.button(key=f"open_{sid}").label == "Foxes"

    at.button(key="new_session").click().run()
    assert at.session_state["session_id"] is None  # made by the next message, not by the click
    assert at.title[0].value == "New session"
    at = send(at, "A lighthouse at dusk with gulls circling the lamp room and a storm coming in from the west")
    other = at.session_state["session_id"]
    assert other != sid
    assert at.button(key=f"open_{other}").label == "A lighthouse at dusk with gulls circling the…"
    at.button(key=f"open_{sid}").click().run()  # resume
    assert at.session_state["session_id"] == sid
    assert "#1" in image_captions(at)

    at.button(key="delete").click().run()  # at once, with an undo beside the message
    assert f"open_{sid}" not in {b.key for b in at.button}
    assert at.session_state["session_id"] != sid
    assert any(s.value == "Deleted “Foxes”." for s in at.success)
    at.query_params["session"] = sid  # a rerun from a page whose address still names it (CI, 2026-12-05)
    at.run()
    assert [s.value for s in at.success] == ["Deleted “Foxes”."]
    assert not [w for w in at.warning if "no longer exists" in w.value]
    assert "undo_delete" in {b.key for b in at.button} and at.session_state["session_id"] is None
    at.button(key="undo_delete").click().run()
    assert at.session_state["session_id"] == sid and at.button(key=f"open_{sid}").label == "Foxes"
    assert "#1" in image_captions(at)  # with its turns and images

    at.button(key="delete").click().run()
    at.button(key=f"open_{other}").click().run()  # another action: the undo is no longer offered
    assert "undo_delete" not in {b.key for b in at.button}
    from studio import Studio

    with Studio.open(home, preset="tiny") as studio:  # the next start empties the trash: gone for good
        with pytest.raises(KeyError):
            studio.store.get_session(sid)
        assert other in {s.id for s in studio.sessions()} and sid not in {s.id for s in studio.sessions()}


def test_preset_and_tiny_note_shown(app):
    assert any("Preset **tiny** on **cpu**" in c for c in captions(app))
    assert any("random weights" in w.value for w in app.sidebar.warning)


STRONG_TOKEN = "k2Jd8-qLw0_Zp4xRt7Nv"


@pytest.fixture
def gated(home, monkeypatch):
    from frontend.auth import guess_limiter

    monkeypatch.setenv("IMAGE_STUDIO_HOME", str(home))
    monkeypatch.setenv("IMAGE_STUDIO_PRESET", "tiny")
    monkeypatch.setenv("IMAGE_STUDIO_TOKEN", STRONG_TOKEN)
    guess_limiter.clear()  # one limiter per server process: each test starts with no wrong guesses
    yield
    guess_limiter.clear()


def give_token(at: AppTest, token: str) -> AppTest:
    at.text_input[0].set_value(token)  # a form: the value goes with the submit
    return at.button[0].click().run()


def test_token_gate(gated):
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.chat_input and not at.image and not at.sidebar.button  # nothing before the token
    give_token(at, "wrong")
    assert any("Wrong token" in e.value for e in at.error)
    assert not at.chat_input
    give_token(at, STRONG_TOKEN)
    assert at.chat_input, "the studio shows after the right token"


def test_token_guessing_is_limited_per_client_and_not_by_a_sleep(gated):
    from frontend.auth import PER_CLIENT, WINDOW_S, guess_limiter

    at = AppTest.from_file(APP, default_timeout=60).run()
    started = time.monotonic()
    for n in range(PER_CLIENT):
        give_token(at, f"guess-{n}")
        assert any("Wrong token" in e.value for e in at.error)
    assert time.monotonic() - started < 30  # no sleeping between guesses: the limit is a count
    give_token(at, STRONG_TOKEN)  # even the right token is not compared while the client is locked out
    assert any("Too many wrong tokens" in e.value for e in at.error) and not at.chat_input
    fresh = AppTest.from_file(APP, default_timeout=60).run()  # a new tab is the same client
    give_token(fresh, STRONG_TOKEN)
    assert any("Too many wrong tokens" in e.value for e in fresh.error) and not fresh.chat_input
    limiter, real_clock = guess_limiter(), time.monotonic
    limiter.clock = lambda: real_clock() + WINDOW_S + 1  # the window has passed
    give_token(fresh, STRONG_TOKEN)
    assert fresh.chat_input


@pytest.mark.parametrize("token", ["s3cret", " " * 20, "aaaaaaaaaaaaaaaaaaaa", "a long token with spaces"])
def test_a_weak_token_is_refused_by_serve_and_by_the_page(home, monkeypatch, tmp_path, capsys, token):
    from studio.serve import serve

    assert serve(tmp_path, "tiny", free_port_number(), "0.0.0.0", token) == 2  # before starting anything
    assert "too weak" in capsys.readouterr().err
    monkeypatch.setenv("IMAGE_STUDIO_HOME", str(home))
    monkeypatch.setenv("IMAGE_STUDIO_TOKEN", token)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert any("too weak" in e.value for e in at.error) and not at.text_input and not at.chat_input


def test_serve_reads_the_token_from_a_file(tmp_path, capsys):
    from studio.serve import read_token, serve

    (tmp_path / "token").write_text(STRONG_TOKEN + "\n")
    assert read_token(None, tmp_path / "token") == STRONG_TOKEN
    assert serve(tmp_path, "tiny", free_port_number(), "0.0.0.0", None, tmp_path / "missing") == 2
    assert "cannot read the token file" in capsys.readouterr().err


def free_port_number() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_download_carries_recipe(tmp_path):
    from frontend.pngmeta import download_name, png_with_recipe, read_recipe_chunks
    from studio import Studio

    with Studio.open(tmp_path / "home", preset="tiny") as studio:
        session = studio.new_session("dl")
        session.send("a red fox")
        reply = session.send("make it blue")
        chunks = read_recipe_chunks(png_with_recipe(reply.images[0]))
    assert chunks["tool"] == "edit"
    assert chunks["prompt"]
    assert chunks["seed"].isdigit()
    assert chunks["model"]
    assert chunks["parents"].startswith("#1 ")
    assert chunks["handle"] == "#2"
    # other tools read A1111's `parameters`: the prompt, then the settings
    from PIL import Image

    with Studio.open(tmp_path / "home", preset="tiny") as studio:
        ref = studio.sessions()[0].image(2)
        png = png_with_recipe(ref)
        prompt, settings = Image.open(io.BytesIO(png)).text["parameters"].split("\n")
        assert prompt == ref.recipe["prompt"]
        assert f"Seed: {ref.recipe['seed']}" in settings and "Steps: " in settings and f"Size: {ref.width}x{ref.height}" in settings
        assert download_name(ref, "Fox & the Lighthouse, at dusk!") == f"fox-the-lighthouse-at_2_seed{ref.recipe['seed']}.png"
        assert download_name(studio.sessions()[0].image(1), "") .startswith("image_1")


def test_serve_refuses_to_expose_without_token(tmp_path, capsys):
    from studio.serve import serve

    assert serve(tmp_path, "tiny", 8599, "0.0.0.0", None) == 2  # returns before starting anything
    err = capsys.readouterr().err
    assert "needs a token" in err and "--token-file" in err


def test_cancelled_turn_is_reported_and_session_stays_usable(tmp_path):
    from frontend.jobs import TurnJob
    from studio import Studio

    with Studio.open(tmp_path / "home", preset="tiny") as studio:
        session = studio.new_session("cancel")
        job = TurnJob(label="a red fox", run=lambda **kw: session.send("a red fox", **kw))
        job.cancel()  # before it starts: the tool stops at its first step
        assert job.start().wait(60)
        assert job.error_kind == "failed" and "cancelled" in job.error
        assert [t.status for t in session.all_turns()] == ["failed"]
        job = TurnJob(label="a red fox", run=lambda **kw: session.send("a red fox", **kw)).start()
        assert job.wait(60) and job.error is None
        assert [r.handle for r in job.reply.images] == [1]
        assert job.total and job.step == job.total  # progress events arrived


def test_a_question_back_offers_the_images_it_names_and_a_click_answers_it(app):
    at = send(app, "a red fox")
    at = send(at, "a blue bird")
    at = send(at, "make image 9 darker")  # there is no #9: the studio asks which image was meant
    assert any("Which one did you mean?" in m.value for m in at.markdown)
    choices = [b for b in at.button if b.key.startswith("answer_")]
    assert [b.label for b in choices] == ["#1", "#2"]
    choices[0].click().run()
    at = settle(at)
    assert any("tool `edit`" in c and "inputs #1" in c and "made #3" in c for c in captions(at))  # the request ran on #1
    assert not [b for b in at.button if b.key.startswith("answer_")]  # answered: no choices any more


def hold_a_turn(at: AppTest):
    """A long tool run in progress (it stores nothing) until the returned event is set."""
    import threading

    from frontend.jobs import TurnJob

    release = threading.Event()

    def slow_turn(**_) -> None:  # no reply: the turn stored nothing
        release.wait(60)

    at.session_state["job"] = TurnJob(label="a slow turn", run=slow_turn).start()
    at.run()
    return release


def test_a_message_sent_while_a_turn_runs_is_queued_and_runs_next(app):
    at = send(app, "a red fox")
    release = hold_a_turn(at)
    assert not at.chat_input[0].disabled  # the box stays open while a turn runs
    at.chat_input[0].set_value("make it blue").run()
    at.chat_input[0].set_value("make it green").run()
    assert [m["text"] for m in at.session_state["queued"]] == ["make it blue", "make it green"]
    assert captions(at).count("queued: runs when the turn before it ends") == 2
    at.button(key="unqueue_1_2").click().run()  # the second one is taken back
    assert [m["text"] for m in at.session_state["queued"]] == ["make it blue"]
    release.set()
    at.session_state["job"].wait(10)
    at.run()  # the slow turn ends; the queued message starts
    at = settle(at)
    assert any("made #2" in c for c in captions(at))
    assert not at.session_state["queued"]
    assert not any("made #3" in c for c in captions(at))  # the removed one never ran



def test_a_running_turn_survives_a_reload(app, monkeypatch):
    """A page reloaded (or opened in a second tab) while a turn runs draws that turn, its progress and
    Cancel from the server's job registry, and shows its result when it ends: nobody sends it twice."""
    import threading

    from frontend.state import job_registry
    from studio.api import Session

    at = send(app, "a red fox")
    session_id = at.session_state["session_id"]
    release = threading.Event()
    original = Session.send

    def slow_send(self, *args, **kwargs):  # the injected fault: a tool that takes its time
        release.wait(60)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Session, "send", slow_send)
    at.chat_input[0].set_value("make it blue").run()
    job = job_registry().get(session_id)
    assert job is not None and job.label == "make it blue"

    reloaded = AppTest.from_file(APP, default_timeout=60)  # a fresh page: nothing in its session state
    reloaded.query_params["session"] = session_id
    reloaded.run()
    assert not reloaded.exception, reloaded.exception
    assert "job" not in reloaded.session_state
    assert "make it blue" in [m.value for m in reloaded.markdown]  # the message that is running
    assert any("Loading models and planning" in m.value for m in reloaded.markdown)
    assert reloaded.button(key="cancel_job") is not None
    assert reloaded.chat_input[0].disabled is False  # a message typed now would be queued, not lost

    release.set()
    assert job.wait(30)
    reloaded.run()
    assert not reloaded.exception, reloaded.exception
    assert any("made #2" in c for c in captions(reloaded))
    assert job_registry().get(session_id) is None  # shown once, then gone


def test_sessions_show_their_picture_and_when_they_were_last_used(app):
    import re
    from datetime import datetime

    at = send(app, "a red fox")
    stamps = [c.value for c in at.sidebar.caption if re.fullmatch(r"\d{2} \w{3} \d{4}, \d{2}:\d{2}", c.value)]
    assert stamps, [c.value for c in at.sidebar.caption]
    assert datetime.now().strftime("%d %b %Y") in stamps[0]  # the newest session is listed first, used just now
    assert len(at.sidebar.image) >= 1, at.sidebar  # the session's current picture as its thumbnail


EVIL = "![x](http://evil.example/x.png) see [here](http://evil.example/) :red[loud] $x^2$ <img src=http://evil.example/y>"


def markdown_bodies(at: AppTest) -> list[str]:
    """The source of every element Streamlit renders as Markdown (main area and sidebar)."""
    elements = [*at.markdown, *at.caption, *at.title, *at.error, *at.info, *at.success, *at.warning]
    return [e.value for e in elements] + [b.label for b in at.button]


def test_prompts_and_titles_show_as_text_never_as_markup(app):
    """A prompt like `![x](http://evil.example/x.png)` must not make the browser fetch anything, in the chat, the
    turn tree, the session's title or the sidebar (issue 14 item 8)."""
    from markdown_it import MarkdownIt

    send(app, EVIL)
    app.run()
    commonmark = MarkdownIt("commonmark")
    bodies = markdown_bodies(app)
    rendered = [commonmark.render(body) for body in bodies]
    assert not [html for html in rendered if re.search(r"<[^>]*(src|href)=[^>]*evil", html)]  # no image, no link
    assert not [body for body in bodies if ":red[" in body or "$x^2$" in body]  # Streamlit's colours and LaTeX
    words = [re.sub(r"<[^>]+>", "", html) for html in rendered]  # what a reader sees
    shown = sum(EVIL[:31] in text.replace("&lt;", "<").replace("&gt;", ">") for text in words)
    assert shown >= 3, f"the words as typed should show in the chat, the tree and the title: {words}"


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'


@pytest.mark.parametrize("name, data", [
    ("mask.png", SVG),  # an SVG named .png
    ("huge.png", None),  # a PNG header declaring 100000 x 100000
    ("blank.png", None),  # nothing painted
], ids=["svg-named-png", "100000x100000-header", "empty-mask"])
def test_an_unusable_mask_upload_is_refused_by_name_and_the_page_keeps_working(app, name, data):
    """Issue 14 item 7: the uploaded mask was shown raw, so a file that is no image crashed the page with a
    traceback, on every rerun after."""
    from tests.test_api import crafted_png_header

    data = data or (crafted_png_header(100_000, 100_000) if name == "huge.png" else mask_png_blank())
    at = send(app, "a dog on a lawn")
    at.file_uploader[0].set_value((name, data, "image/png")).run()
    at.button(key="attach_uploaded_mask").click().run()
    assert not at.exception, at.exception
    assert any("Not attached" in e.value and "mask" in e.value for e in at.error), [e.value for e in at.error]
    assert "unmask" not in {b.key for b in at.button}  # nothing waits to go with the next message
    at.run()
    assert not at.exception
    at = send(at, "make it a cat")  # the session goes on, without a mask
    assert any("tool `edit`" in c for c in captions(at))


def mask_png_blank() -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (32, 32), 0).save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_preview_is_made_small_and_never_from_an_unusable_file():
    from frontend.previews import PREVIEW_SIDE, preview_png
    from tests.test_api import crafted_png_header

    assert "too large" in preview_png(crafted_png_header(100_000, 100_000))  # refused before any pixel is decoded
    assert "not an image" in preview_png(SVG)
    small = Image.open(io.BytesIO(preview_png(png((10, 200, 30), size=(3000, 1500)))))
    assert small.size == (PREVIEW_SIDE, PREVIEW_SIDE // 2)


def shown_session(at: AppTest) -> str | None:
    return at.session_state["session_id"] if "session_id" in at.session_state else None


def test_each_browser_of_a_shared_studio_sees_only_its_own_sessions_until_one_is_shared(gated):
    """Issue 14 item 10: with a token, a second browser landed in the first one's newest session and could delete
    it. Two AppTests are two browsers (each its own browser id)."""
    first = give_token(AppTest.from_file(APP, default_timeout=60).run(), STRONG_TOKEN)
    first.button(key="new_session").click().run()
    first = send(first, "a secret garden")
    mine = first.session_state["session_id"]
    second = give_token(AppTest.from_file(APP, default_timeout=60).run(), STRONG_TOKEN)
    assert shown_session(second) != mine  # not landed in the first browser's session
    assert f"open_{mine}" not in {b.key for b in second.button}  # nor listed
    second.query_params["session"] = mine  # nor opened from its address
    second.run()
    assert any("belongs to another browser" in w.value for w in second.warning)
    assert shown_session(second) != mine and not second.exception
    first.button(key="share").click().run()  # sharing is a deliberate act
    assert any("Shared" in s.value for s in first.success)
    second.query_params["session"] = mine
    second.run()
    assert shown_session(second) == mine and f"open_{mine}" in {b.key for b in second.button}


def test_on_one_machine_without_a_token_every_session_is_there(app):
    from frontend.owner import browser_id

    assert browser_id() is None  # one user: no ids, no cookie, no Share button
    assert "share" not in {b.key for b in app.button}
