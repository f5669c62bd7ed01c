"""The session store: migrations, recovery after a crash, and cleanup."""

from __future__ import annotations

import subprocess
import sys

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from memory.models import Base
from memory.store import PendingImage, Store, TurnOutcome


def test_migrations_from_blank_match_the_models(tmp_path):
    store = Store(tmp_path)
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        assert context.get_current_revision() == "0004"
        assert compare_metadata(context, Base.metadata) == []


def test_a_home_made_before_attachment_names_is_upgraded(tmp_path):
    from alembic import command
    from alembic.config import Config

    from memory.store import MIGRATIONS

    store = Store(tmp_path)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")
    store.engine.dispose()
    assert "name" not in {c["name"] for c in inspect(store.engine).get_columns("turn_images")}
    store = Store(tmp_path)  # opening it again upgrades it
    assert "name" in {c["name"] for c in inspect(store.engine).get_columns("turn_images")}
    with store.engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == "0004"
    assert "trashed_at" in {c["name"] for c in inspect(store.engine).get_columns("sessions")}


def test_a_deleted_session_waits_in_the_trash_until_the_studio_next_opens(tmp_path):
    from studio import Studio

    with Studio.open(tmp_path, preset="tiny") as studio:
        kept, deleted = studio.new_session("kept"), studio.new_session("deleted")
        deleted.rename("deleted")
        deleted.delete(undoable=True)
        assert [s.id for s in studio.sessions()] == [kept.id]
        assert studio.last_used_session().id == kept.id
        with pytest.raises(KeyError):
            studio.session(deleted.id)
        assert studio.restore_session(deleted.id).title == "deleted"
        assert {s.id for s in studio.sessions()} == {kept.id, deleted.id}
        deleted.delete(undoable=True)
    with Studio.open(tmp_path, preset="tiny") as studio:  # opening again empties the trash
        assert [s.id for s in studio.sessions()] == [kept.id]
        assert studio.store.empty_trash() == 0
        with pytest.raises(KeyError):
            studio.store.get_session(deleted.id)


def test_reopening_does_not_migrate_again(tmp_path, monkeypatch):
    Store(tmp_path)

    def migrated_again(*args, **kwargs):  # (a modification time could only say "not earlier", which always holds)
        raise AssertionError("the second open ran the migrations again")

    monkeypatch.setattr("memory.store.command.upgrade", migrated_again)
    store = Store(tmp_path)
    assert set(inspect(store.engine).get_table_names()) >= {"sessions", "turns", "images", "alembic_version"}


def test_running_turn_of_a_dead_process_is_marked_interrupted(tmp_path):
    store = Store(tmp_path)
    session = store.create_session()
    turn = store.begin_turn(session, "make it red")
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    with store.engine.begin() as connection:
        connection.exec_driver_sql("update turns set pid = ? where id = ?", (int(dead.stdout), turn))
    assert Store(tmp_path).get_turn(turn).status == "interrupted"


def test_running_turn_of_a_live_process_is_left_alone(tmp_path):
    store = Store(tmp_path)
    session = store.create_session()
    turn = store.begin_turn(session, "make it red")
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        with store.engine.begin() as connection:
            connection.exec_driver_sql("update turns set pid = ? where id = ?", (sleeper.pid, turn))
        assert Store(tmp_path).get_turn(turn).status == "running"
    finally:
        sleeper.kill()
        sleeper.wait()


def test_orphan_files_are_swept_on_open(tmp_path):
    store = Store(tmp_path)
    session = store.create_session()
    turn = store.begin_turn(session, "x")
    kept = PendingImage.from_png(b"\x89PNG kept", 1, 1)
    store.finish_turn(session, turn, TurnOutcome(kind="upload", reply_text="", attached=(kept,)))
    orphan = PendingImage.from_png(b"\x89PNG orphan", 1, 1)
    store._write_file(orphan)  # as a killed process would leave it
    Store(tmp_path)
    assert store.image_path(kept.id).exists()
    assert not store.image_path(orphan.id).exists()


def test_delete_session_removes_its_records(tmp_path):
    store = Store(tmp_path)
    keep, drop = store.create_session("keep"), store.create_session("drop")
    for session in (keep, drop):
        turn = store.begin_turn(session, "x")
        image = PendingImage.from_png(f"\x89PNG {session}".encode(), 1, 1)
        store.finish_turn(session, turn, TurnOutcome(kind="upload", reply_text="", attached=(image,)))
    store.delete_session(drop)
    assert [s.id for s in store.list_sessions()] == [keep]
    assert store.all_turns(drop) == [] and store.session_images(drop) == []
    assert len(store.session_images(keep)) == 1


def test_engine_pragmas(tmp_path):
    store = Store(tmp_path)
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("pragma journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("pragma foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("pragma busy_timeout").scalar() == 10000
