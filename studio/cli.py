"""`studio` — a thin command line over the Python API."""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

app = typer.Typer(help="Image Studio: create and edit images by chatting.", no_args_is_help=True,
                  pretty_exceptions_enable=False)
models_app = typer.Typer(help="Presets, models and weights.", invoke_without_command=True)
bench_app = typer.Typer(help="Benchmarks that print figures.")
eval_app = typer.Typer(help="Score the studio's understanding on conversation files.")
app.add_typer(models_app, name="models")
app.add_typer(bench_app, name="bench")
app.add_typer(eval_app, name="eval")
console = Console()

HOME = typer.Option(Path(os.environ.get("IMAGE_STUDIO_HOME", "~/.image-studio")), "--home", help="Studio home (studio.db + images/).")
PRESET = typer.Option("tiny", "--preset", "-p", help="tiny | real | a preset file.")
AGENT_URL = typer.Option(None, "--agent-url", envvar="IMAGE_STUDIO_AGENT_URL",
                         help="An OpenAI-compatible endpoint (vLLM, Ollama, llama.cpp server) whose model reads each turn.")
AGENT_MODEL = typer.Option("default", "--agent-model", envvar="IMAGE_STUDIO_AGENT_MODEL", help="The agent endpoint's model name.")


def _agent(url: Optional[str], model: str) -> None:
    """The agent endpoint reaches the studio (and the web server's process) through the environment."""
    if url:
        os.environ["IMAGE_STUDIO_AGENT_URL"], os.environ["IMAGE_STUDIO_AGENT_MODEL"] = url, model


def _open(home: Path, preset: str):
    from studio import Studio

    return Studio.open(home, preset=preset)


class ProgressPrinter:
    """Shows a tool's steps as a progress bar while a turn runs."""

    def __init__(self):
        self.progress: Progress | None = None
        self.task = None

    def __call__(self, event: dict) -> None:
        if event.get("type") == "start":
            console.print(f"[dim]{event['tool']} on {event['backend']}: loading the model if needed…[/]")
            return
        if event.get("type") != "progress":
            return
        if self.progress is None:
            self.progress = Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                                     TimeElapsedColumn(), console=console, transient=True)
            self.progress.start()
            self.task = self.progress.add_task(event["tool"], total=event["total"])
        self.progress.update(self.task, completed=event["step"], total=event["total"])

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()
        self.progress = None


def _print_reply(reply) -> None:
    label = f"[{reply.tool}]" if reply.tool else ""
    console.print(f"[bold magenta]studio[/] {label} {reply.text}")
    if reply.inputs:
        console.print("  inputs: " + ", ".join(f"#{i.handle}" for i in reply.inputs))
    for image in reply.images:
        console.print(f"  [green]#{image.handle}[/] {image.width}×{image.height}  {image.path}")


def parse_chat_line(line: str) -> tuple[str, list[str], Optional[str]]:
    """Split `text @file.png @"my photo.jpg" mask=@mask.png` into text, attachments, mask."""
    attachments, mask, words = [], None, []
    for token in shlex.split(line, posix=True):
        if token.startswith("mask=@"):
            mask = token[len("mask=@"):]
        elif token.startswith("@") and len(token) > 1:
            attachments.append(token[1:])
        else:
            words.append(token)
    return " ".join(words), attachments, mask


@app.command()
def chat(home: Path = HOME, preset: str = PRESET, session: Optional[str] = typer.Option(None, help="Resume this session id."),
         agent_url: Optional[str] = AGENT_URL, agent_model: str = AGENT_MODEL):
    """Chat in the terminal. Attach files with @path (quote paths with spaces), a mask with mask=@path.
    Commands: /images, /turns, /undo, /redo, /quit."""
    from studio import StudioError

    _agent(agent_url, agent_model)
    studio = _open(home, preset)
    sess = studio.session(session) if session else studio.new_session(title="chat")
    console.print(f"Session [bold]{sess.id}[/] (preset {studio.preset.name}). Attach images with @file.png; /quit to leave.")
    printer = ProgressPrinter()
    while True:
        try:
            line = console.input("[bold cyan]you[/] ")
        except (EOFError, KeyboardInterrupt):
            break
        if not line.strip():
            continue
        if line.strip() in ("/quit", "/exit"):
            break
        if line.strip() == "/images":
            current = sess.current_image()
            for ref in sess.images():
                mark = " (current)" if current and ref.handle == current.handle else ""
                console.print(f"  #{ref.handle} {ref.origin} {ref.width}×{ref.height} {ref.path}{mark}")
            continue
        if line.strip() == "/turns":
            for turn in sess.turns():
                console.print(f"  {turn.id[:8]} {turn.tool or turn.kind}: {turn.text!r}")
            continue
        if line.strip() in ("/undo", "/redo"):
            line = line.strip()[1:]
        try:
            text, attachments, mask = parse_chat_line(line)
            reply = sess.send(text, images=attachments, mask=mask, on_progress=printer)
        except ValueError as exc:  # shlex quoting errors and bad input
            console.print(f"[red]error:[/] {exc}")
            continue
        except StudioError as exc:
            console.print(f"[red]error:[/] {exc}")
            continue
        finally:
            printer.close()
        _print_reply(reply)
    console.print(f"Bye. Resume with: studio chat --session {sess.id}")


@app.command()
def run(script: list[Path] = typer.Argument(..., help="Conversation YAML file(s)."), home: Optional[Path] = typer.Option(None, "--home"),
        preset: str = PRESET, fixtures: Optional[Path] = typer.Option(None, help="Fixture folder (default: next to the script).")):
    """Play conversation scripts; print each turn's tool, inputs, outputs and pass/fail."""
    import tempfile

    from studio.scripts import Script, play

    all_ok = True
    with tempfile.TemporaryDirectory() as tmp:
        studio = _open(home or Path(tmp), preset)
        for path in script:
            spec = Script.load(path)
            console.print(f"[bold]{path.name}[/]: {spec.name}")
            session = studio.new_session(title=spec.name)
            for result in play(spec, session, fixtures or path.parent / "fixtures"):
                all_ok &= result.ok
                console.print(("[green]" if result.ok else "[red]") + result.summary().replace("[", r"\["))
        studio.close()
    console.print("[green]all turns passed[/]" if all_ok else "[red]some turns failed[/]")
    raise typer.Exit(0 if all_ok else 1)


@app.command()
def sessions(home: Path = HOME):
    """List the sessions in the studio home."""
    studio = _open(home, "tiny")
    table = Table("id", "title", "created", "turns", "images")
    for sess in studio.sessions():
        row = studio.store.get_session(sess.id)
        table.add_row(sess.id, row.title, f"{row.created_at:%Y-%m-%d %H:%M}", str(len(sess.turns())), str(len(sess.images())))
    console.print(table)


@models_app.callback()
def models(ctx: typer.Context):
    """Presets, their backends and model ids, and whether weights are present locally."""
    if ctx.invoked_subcommand is not None:
        return
    from studio.config import BUILTIN
    from tools.registry import backend_class

    table = Table("preset", "tool", "backend", "models", "weights")
    for preset in BUILTIN.values():
        for tool, name in preset.tools.items():
            backend = backend_class(name)(preset=preset.weights)
            ids = "; ".join(f"{k}: {v}" for k, v in backend.model_ids().items())
            present = "built in (random)" if preset.weights == "tiny" else ("present" if backend.weights_present() else f"missing: studio models pull {_pull_name(name)}")
            table.add_row(preset.name, tool, name, ids, present)
    console.print(table)


def _pull_name(backend: str) -> str:
    from tools.registry import PULL_NAMES

    return next((n for n, members in PULL_NAMES.items() if backend in members), backend)


@models_app.command("pull")
def models_pull(name: str = typer.Argument(..., help="dreamomni2 | stylekeeper | lumina-dimoo | qwen-vl"),
                update: bool = typer.Option(False, "--update", help="Move this host's pin of an unpinned repository to its newest commit.")):
    """Download a model family's pinned weights into the Hugging Face cache.

    A repository the studio knows only by branch is pinned on this host by its first pull; later
    pulls fetch that same commit unless --update is given."""
    from tools.hub import pull, resolved_revision
    from tools.registry import PULL_NAMES, backend_class

    if name not in PULL_NAMES:
        console.print(f"[red]unknown model {name!r}[/]; choose one of {', '.join(PULL_NAMES)}")
        raise typer.Exit(2)
    if os.environ.get("HF_HUB_OFFLINE") == "1":
        console.print("[red]HF_HUB_OFFLINE=1 is set; unset it to download.[/]")
        raise typer.Exit(2)
    for backend_name in PULL_NAMES[name]:
        for spec in backend_class(backend_name)(preset="real").pull_specs():
            console.print(f"pulling {spec.repo_id}@{resolved_revision(spec) if not update else spec.revision} ...")
            path = pull(spec, update=update)
            console.print(f"  -> {path} (commit {path.name})")


@bench_app.command("overhead")
def bench_overhead(turns: int = typer.Option(60, help="Turns to time (≥ 50)."), home: Optional[Path] = typer.Option(None, "--home")):
    """Median per-turn time spent outside the backend call, on the tiny preset."""
    from studio.bench import overhead

    overhead(turns=turns, home=home, out=console.print)


@bench_app.command("concurrency")
def bench_concurrency(processes: int = typer.Option(4, help="Worker processes (≥ 2)."),
                      turns: int = typer.Option(30, help="Turns each worker sends.")):
    """Workers sending turns to one home at once (one session, then a session each), then an audit of the home."""
    from studio.bench_concurrency import concurrency

    concurrency(processes=processes, turns=turns, out=typer.echo)


@eval_app.command("router")
def eval_router(files: list[Path] = typer.Argument(..., help="Conversation or probe YAML files."),
                router: str = typer.Option("default", help="default (exact rules + interpreter) | agent (needs --agent-url)"),
                agent_url: Optional[str] = AGENT_URL, agent_model: str = AGENT_MODEL,
                fixtures: Optional[Path] = typer.Option(None, help="Fixture folder (default: next to the file, else the tests')."),
                verbose: bool = typer.Option(False, "--verbose", "-v", help="List each turn routed wrongly in context.")):
    """Replay files with a stub backend; print turns right, wrong actions and questions, first contact and in context."""
    from studio.evaluate import evaluate, summary_lines
    from studio.understanding import TurnReader

    if router == "agent":
        from studio.agent import AgentRouter, AgentSettings

        if not agent_url:
            raise typer.BadParameter("--router agent needs --agent-url (an OpenAI-compatible endpoint)")
        chosen = AgentRouter(AgentSettings(url=agent_url, model=agent_model))
    elif router == "default":
        chosen = TurnReader()
    else:
        raise typer.BadParameter(f"unknown router {router!r}: default or agent")
    for line in summary_lines(evaluate(files, chosen, fixtures), verbose=verbose):
        typer.echo(line)


@app.command()
def serve(home: Path = HOME, preset: str = PRESET, port: int = typer.Option(8501), host: str = typer.Option("127.0.0.1"),
          token: Optional[str] = typer.Option(None, envvar="IMAGE_STUDIO_TOKEN", show_default=False,
                                              help="Required when --host is not local (at least 16 characters). Prefer "
                                                   "the IMAGE_STUDIO_TOKEN variable or --token-file: a --token value "
                                                   "shows in the process list."),
          token_file: Optional[Path] = typer.Option(None, help="Read the token from this file."),
          agent_url: Optional[str] = AGENT_URL, agent_model: str = AGENT_MODEL):
    """Start the web studio (Streamlit) on this machine."""
    from studio.serve import serve as run_server

    if any(arg == "--token" or arg.startswith("--token=") for arg in sys.argv):
        typer.echo("warning: a --token value is visible to every user of this machine in the process list; "
                   "use IMAGE_STUDIO_TOKEN or --token-file", err=True)
    _agent(agent_url, agent_model)
    raise typer.Exit(run_server(home=home, preset=preset, port=port, host=host, token=token, token_file=token_file))


def main() -> None:  # pragma: no cover
    sys.exit(app())
