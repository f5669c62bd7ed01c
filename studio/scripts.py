"""Conversation scripts: YAML files of turns with expectations (shared/conversations/README.md).

`play` runs a script through the public API and checks each turn; the CLI (`studio run`) and
the pytest collector (tests/conftest.py) both use it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from studio.api import Reply, Session


class Expect(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tool: str | None = None
    inputs: list[int] | None = None
    outputs: int | None = None
    current: int | None = None
    clarify: bool | None = None


class ScriptTurn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    user: str
    attach: list[str] = Field(default_factory=list)
    mask: str | None = None
    expect: Expect | None = None
    params: dict[str, Any] = Field(default_factory=dict)  # seed, steps, width, height, guidance


class Script(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    turns: list[ScriptTurn]
    # Turns (1-based) the router is known to get wrong, and turns that fail only because of them.
    # Listed gaps still run and are reported; a listed turn that passes is an error, so the list
    # shrinks as the router improves.
    known_gaps: list[int] = Field(default_factory=list)
    known_gaps_reason: str = ""

    @model_validator(mode="after")
    def _numbers_exist(self) -> "Script":
        check_numbering(self.turns)
        return self

    @classmethod
    def load(cls, path: str | Path) -> "Script":
        return cls.model_validate(yaml.safe_load(Path(path).read_text()))


def check_numbering(turns: list[ScriptTurn]) -> None:
    """Refuse expectations that name an image the turns cannot have made, before anything runs.
    The studio keeps one number per picture: a file attached again keeps its first number."""
    made, attached = 0, set()
    for n, turn in enumerate(turns, start=1):
        made += len(set(turn.attach) - attached)
        attached |= set(turn.attach)
        expect = turn.expect
        if expect is None:
            continue
        wrong = [h for h in expect.inputs or [] if not 1 <= h <= made]
        made += expect.outputs or 0
        if expect.current is not None and not 1 <= expect.current <= made:
            wrong.append(expect.current)
        if wrong:
            raise ValueError(f"turn {n} expects image {wrong[0]}, which cannot exist then "
                             "(a file attached again keeps its first number)")


@dataclass
class TurnResult:
    index: int
    turn: ScriptTurn
    reply: Reply
    current: int | None
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        r = self.reply
        got = (f"tool={r.tool} inputs={[i.handle for i in r.inputs]} outputs={[i.handle for i in r.images]} "
               f"current={self.current}{' clarify' if r.needs_clarification else ''}")
        status = "ok  " if self.ok else "FAIL"
        line = f"{status} {self.index:>2}. {self.turn.user!r}: {got}"
        return line + "".join(f"\n       - {f}" for f in self.failures)


def check(expect: Expect | None, reply: Reply, current: int | None) -> list[str]:
    if expect is None:
        return []
    failures = []
    if "tool" in expect.model_fields_set and reply.tool != expect.tool:
        failures.append(f"tool: expected {expect.tool}, got {reply.tool}")
    if expect.inputs is not None and [i.handle for i in reply.inputs] != expect.inputs:
        failures.append(f"inputs: expected {expect.inputs}, got {[i.handle for i in reply.inputs]}")
    if expect.outputs is not None and len(reply.images) != expect.outputs:
        failures.append(f"outputs: expected {expect.outputs}, got {len(reply.images)}")
    if "current" in expect.model_fields_set and current != expect.current:
        failures.append(f"current: expected {expect.current}, got {current}")
    if expect.clarify is not None and reply.needs_clarification != expect.clarify:
        failures.append(f"clarify: expected {expect.clarify}, got {reply.needs_clarification}")
    return failures


def play(script: Script, session: Session, fixtures: Path) -> Iterator[TurnResult]:
    """Send each turn and yield its result with the expectation failures (if any)."""
    for index, turn in enumerate(script.turns, start=1):
        images = [fixtures / name for name in turn.attach]
        mask = fixtures / turn.mask if turn.mask else None
        reply = session.send(turn.user, images=images, mask=mask, **turn.params)
        current_ref = session.current_image()
        current = current_ref.handle if current_ref else None
        yield TurnResult(index, turn, reply, current, check(turn.expect, reply, current))
