"""How the store talks to SQLite: the connection settings, the transaction start, and whether a turn's process lives."""

from __future__ import annotations

import os


def set_sqlite_pragmas(dbapi_connection, _record) -> None:
    # SQLAlchemy opens each transaction itself (begin_immediate): the driver's own deferred BEGIN would let two
    # processes read the same next handle or head, then fail or branch when both write
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def begin_immediate(connection) -> None:
    """Every transaction takes the write lock when it starts, so a read followed by a write (the next handle, the
    parent of a new turn) is never interleaved with another process's; readers are not blocked (WAL)."""
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def pid_alive(pid: int | None) -> bool:
    if not pid:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
