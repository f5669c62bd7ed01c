"""The routing replay harness: score how a router understands conversation files (`studio eval router`).

Every turn runs through `Session.send` with the routing stub backend (no model), so only the
studio's understanding is measured and a file replays in seconds. Two scores per file:
- **first contact**: the file played straight through, as a user lives it: one misreading shifts
  the handles and the current image for the rest of the conversation;
- **in context**: each turn routed from the state its expected predecessors leave (earlier turns
  are forced to their expected outcome), so each turn is judged on its own.
A failed turn is one of: a **wrong action** (a tool ran, or the head moved, that was not asked for),
a **question** asked when the turn was clear, or a **miss** (nothing done when something was asked).

Files are conversation scripts (studio/scripts.py) or probe files: `probes: [{setup: [turns], turn: turn}]`,
each probe a fresh session whose last turn alone is scored.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from studio.api import Reply, Session, Studio
from studio.config import Preset
from studio.router import Decision
from studio.scripts import Script, ScriptTurn, check, check_numbering
from tools.base import TOOL_NAMES
from tools.schemas import GenerationParams, ToolCall

STUB_PRESET = Preset(name="routing-eval", weights="tiny", tools={t: "routing-stub" for t in TOOL_NAMES}, device="cpu")
Outcome = Literal["right", "wrong action", "question", "missed"]


@dataclass
class EvalItem:
    """One session to replay: its turns, and which of them (1-based) are scored."""

    name: str
    turns: list[ScriptTurn]
    scored: list[int]
    fixtures: Path
    probe: bool = False


@dataclass
class TurnScore:
    index: int
    text: str
    outcome: Outcome
    failures: list[str] = field(default_factory=list)
    decided_by: str = ""  # Decision.router: which layer decided, and why


@dataclass
class Tally:
    turns: int = 0
    right: int = 0
    wrong_actions: int = 0
    questions: int = 0
    missed: int = 0

    def add(self, score: TurnScore) -> None:
        self.turns += 1
        self.right += score.outcome == "right"
        self.wrong_actions += score.outcome == "wrong action"
        self.questions += score.outcome == "question"
        self.missed += score.outcome == "missed"

    def line(self, label: str) -> str:
        if not self.turns:
            return f"{label}: no turns"
        pct = lambda n: f"{100 * n / self.turns:.1f}%"  # noqa: E731
        return (f"{label}: {self.right}/{self.turns} right ({pct(self.right)}), wrong actions {self.wrong_actions} "
                f"({pct(self.wrong_actions)}), questions {self.questions} ({pct(self.questions)}), missed {self.missed}")


def default_fixtures(path: Path) -> Path:
    beside = path.parent / "fixtures"
    return beside if beside.is_dir() else Path(__file__).resolve().parents[1] / "tests" / "conversations" / "fixtures"


def load_items(path: str | Path, fixtures: Path | None = None) -> list[EvalItem]:
    path = Path(path)
    fixtures = fixtures or default_fixtures(path)
    data = yaml.safe_load(path.read_text())
    if "probes" in data:
        items = []
        for n, probe in enumerate(data["probes"], start=1):
            turns = [ScriptTurn.model_validate(t) for t in [*(probe.get("setup") or []), probe["turn"]]]
            try:
                check_numbering(turns)
            except ValueError as exc:
                raise ValueError(f"{path.name}, probe {n}: {exc}") from None
            items.append(EvalItem(f"{path.stem} #{n}", turns, [len(turns)], fixtures, probe=True))
        return items
    script = Script.model_validate(data)
    return [EvalItem(path.stem, script.turns, list(range(1, len(script.turns) + 1)), fixtures)]


def words(text: str) -> str:
    """A turn's words for comparing texts: lower case, letters, digits and '#'."""
    return re.sub(r"[^a-z0-9#]+", " ", text.lower()).strip()


def held_out_texts(folder: Path = Path(__file__).resolve().parents[1] / "tests" / "eval") -> set[str]:
    """The words of every turn of the evaluation rounds (3 words or more): no training row may equal one."""
    texts = set()
    for path in sorted(folder.rglob("*.yaml")):
        for item in load_items(path, fixtures=folder):
            texts |= {words(t.user) for t in item.turns if len(words(t.user).split()) >= 3}
    return texts


# -- forcing a turn to its expected outcome ---------------------------------------------------------
class ForcingRouter:
    """The router under test, unless a decision is forced for the next turn."""

    def __init__(self, inner: Any):
        self.inner = inner
        self.forced: Decision | None = None
        self.name = getattr(inner, "name", "router")
        self.last: tuple[str, Any, Decision] | None = None  # what the last routed turn saw and got

    def route(self, text: str, ctx) -> Decision:
        decision = self.forced if self.forced is not None else self.inner.route(text, ctx)
        self.last = (text, ctx, decision)
        return decision


def expected_decisions(turn: ScriptTurn, own: Decision | None = None) -> list[Decision]:
    """Decisions that would give the turn its expected outcome, most likely first. `own`: the router's decision;
    when it picked the expected tool, its prompt is kept (a retry's prompt is the request retried, not "have
    another go, do me 3"), so later turns see the pictures' words as a right reading would have left them."""
    expect, text = turn.expect, turn.user or "(image)"
    if expect is None:
        return []
    if expect.tool:
        said = own.call.args.get("prompt") if own is not None and own.kind == "tool" and own.call is not None \
            and own.call.tool == expect.tool else None
        text = said if isinstance(said, str) and said.strip() else text
        inputs = list(expect.inputs or [])
        args: dict[str, Any]
        if expect.tool in ("edit", "inpaint"):
            args = {"prompt": text, "source": inputs[0], "references": inputs[1:]}
        elif expect.tool == "generate":
            args = {"prompt": text, "references": inputs}
        elif expect.tool == "style":
            args = {"prompt": text, "style_image": inputs[-1], "source": inputs[0] if len(inputs) > 1 else None}
        else:
            args = {"question": text, "images": inputs}
        many = GenerationParams(count=expect.outputs) if (expect.outputs or 0) > 1 else GenerationParams()
        repeat = bool(said) and own is not None and own.repeat  # a retry's pictures show what it retried
        return [Decision("tool", call=ToolCall(tool=expect.tool, args=args, params=many), repeat=repeat)]  # "3 versions": 3 images
    if expect.clarify:
        return [Decision("clarify", reply="(question)")]
    stay = Decision("upload" if turn.attach else "chat", reply="(chat)")
    moves = [Decision("undo"), Decision("redo"), Decision("undo", count=2)]
    if expect.current is not None:
        moves.append(Decision("select", select=expect.current, reply="(select)"))
    return [stay, *moves]


# -- replay ---------------------------------------------------------------------------------------
def classify(turn: ScriptTurn, reply: Reply, current_before: int | None, current_after: int | None) -> TurnScore:
    failures = check(turn.expect, reply, current_after)
    if not failures:
        return TurnScore(0, turn.user, "right")
    expect = turn.expect
    if reply.needs_clarification and not (expect and expect.clarify):
        outcome: Outcome = "question"
    elif reply.tool is None and current_after == current_before:
        outcome = "missed"
    else:
        outcome = "wrong action"
    return TurnScore(0, turn.user, outcome, failures)


def _send(session: Session, turn: ScriptTurn, fixtures: Path) -> tuple[Reply, int | None, int | None]:
    before = session.current_image()
    reply = session.send(turn.user, images=[fixtures / f for f in turn.attach],
                         mask=fixtures / turn.mask if turn.mask else None, **turn.params)
    after = session.current_image()
    return reply, before.handle if before else None, after.handle if after else None


class _Home:
    """A studio home that can be copied, so a turn can be tried and the attempt thrown away."""

    def __init__(self, folder: Path, router: ForcingRouter, session_id: str | None = None):
        self.folder, self.router = folder, router
        self.studio = Studio.open(folder, preset=STUB_PRESET, router=router)
        self.session_id = session_id or self.studio.new_session("eval").id

    def session(self) -> Session:
        return self.studio.session(self.session_id)

    def fork(self, name: str) -> "_Home":
        self.studio.close()  # a closed store copies consistently
        target = self.folder.parent / name
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(self.folder, target)
        self.studio = Studio.open(self.folder, preset=STUB_PRESET, router=self.router)
        return _Home(target, self.router, self.session_id)

    def adopt(self, other: "_Home") -> None:
        """Take `other`'s state as this home's own; `other` is used up."""
        self.studio.close()
        other.studio.close()
        shutil.rmtree(self.folder)
        other.folder.rename(self.folder)
        self.studio = Studio.open(self.folder, preset=STUB_PRESET, router=self.router)

    def discard(self) -> None:
        self.studio.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def close(self) -> None:
        self.studio.close()


def first_contact(item: EvalItem, router: Any) -> list[TurnScore]:
    forcing = ForcingRouter(router)
    scores = []
    with tempfile.TemporaryDirectory() as tmp:
        home = _Home(Path(tmp) / "home", forcing)
        try:
            session = home.session()
            for index, turn in enumerate(item.turns, start=1):
                reply, before, after = _send(session, turn, item.fixtures)
                if index in item.scored:
                    score = classify(turn, reply, before, after)
                    score.index, score.decided_by = index, forcing.last[2].router if forcing.last else ""
                    scores.append(score)
        finally:
            home.close()
    return scores


def in_context(item: EvalItem, router: Any, seen: list | None = None) -> list[TurnScore]:
    """Each scored turn routed from its expected predecessors' state; every turn is then forced.
    `seen` collects, per turn, (text, router context, the decision that gave the expected outcome)."""
    forcing = ForcingRouter(router)
    scores = []
    with tempfile.TemporaryDirectory() as tmp:
        home = _Home(Path(tmp) / "home", forcing)
        try:
            for index, turn in enumerate(item.turns, start=1):
                attempt = home.fork("attempt")
                forcing.forced = None
                reply, before, after = _send(attempt.session(), turn, item.fixtures)
                score = classify(turn, reply, before, after)
                score.index, score.decided_by = index, forcing.last[2].router if forcing.last else ""
                if index in item.scored:
                    scores.append(score)
                if score.outcome == "right":
                    if seen is not None:
                        seen.append(forcing.last)
                    home.adopt(attempt)
                    continue
                attempt.discard()
                _force(home, turn, item.fixtures, forcing, own=forcing.last[2] if forcing.last else None)
                if seen is not None:
                    seen.append(forcing.last)
        finally:
            forcing.forced = None
            home.close()
    return scores


def _force(home: _Home, turn: ScriptTurn, fixtures: Path, forcing: ForcingRouter, own: Decision | None = None) -> None:
    candidates = expected_decisions(turn, own) or [None]
    for n, decision in enumerate(candidates):
        trial = home.fork("forced")
        forcing.forced = decision
        try:
            reply, _, after = _send(trial.session(), turn, fixtures)
        finally:
            forcing.forced = None
        if not check(turn.expect, reply, after) or n == len(candidates) - 1:
            home.adopt(trial)
            return
        trial.discard()


# -- reports ----------------------------------------------------------------------------------------
@dataclass
class FileReport:
    path: Path
    first: list[TurnScore]
    context: list[TurnScore]
    probe: bool


def evaluate(paths: list[Path], router: Any, fixtures: Path | None = None) -> list[FileReport]:
    if router is None:
        from studio.understanding import TurnReader

        router = TurnReader()
    reports = []
    for path in paths:
        items = load_items(path, fixtures)
        first = [s for item in items for s in first_contact(item, router)]
        context = [s for item in items for s in in_context(item, router)]
        reports.append(FileReport(path, first, context, probe=bool(items) and items[0].probe))
    return reports


def summary_lines(reports: list[FileReport], verbose: bool = False) -> list[str]:
    lines = []
    totals = {key: Tally() for key in ("conv-first", "conv-context", "probe-first", "probe-context")}
    for report in reports:
        kind = "probe" if report.probe else "conv"
        first, context = Tally(), Tally()
        for score in report.first:
            first.add(score)
            totals[f"{kind}-first"].add(score)
        for score in report.context:
            context.add(score)
            totals[f"{kind}-context"].add(score)
        lines.append(f"{report.path.name}: first contact {first.right}/{first.turns}, in context {context.right}/{context.turns}")
        if verbose:
            for score in report.context:
                if score.outcome != "right":
                    lines.append(f"   in context {score.index:>2} [{score.outcome}] {score.text!r}: {'; '.join(score.failures)}"
                                 f" (decided by {score.decided_by or 'nobody'})")
    lines.append(totals["conv-first"].line("conversations, first contact"))
    lines.append(totals["conv-context"].line("conversations, in context"))
    lines.append(totals["probe-first"].line("probes"))
    both = Tally()
    for key in ("conv-context", "probe-context"):
        for name in ("turns", "right", "wrong_actions", "questions", "missed"):
            setattr(both, name, getattr(both, name) + getattr(totals[key], name))
    lines.append(both.line("all turns, in context"))
    return lines
