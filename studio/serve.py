"""`studio serve`: run the Streamlit app (frontend/app.py) on this machine.

The Streamlit server is a child process: SIGTERM or SIGHUP to `studio serve` stops it too (and on Linux the
child is told to stop if its parent dies), so a `kill` never leaves the port held.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "frontend" / "app.py"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
MIN_TOKEN_LENGTH = 16  # with 5 guesses a minute per client (frontend/auth.py) no such token is guessed
TOKEN_HINT = ("make one with: python -c \"import secrets; print(secrets.token_urlsafe(24))\" > ~/.studio-token, "
              "then pass --token-file ~/.studio-token or set IMAGE_STUDIO_TOKEN")


def weak_token_reason(token: str) -> str | None:
    """Why a token is too weak to guard the studio, or None."""
    if token != token.strip() or any(c.isspace() for c in token):
        return "it contains spaces"
    if len(token) < MIN_TOKEN_LENGTH:
        return f"it has {len(token)} characters; use at least {MIN_TOKEN_LENGTH}"
    if len(set(token)) < 6:
        return "it repeats too few different characters"
    return None


def read_token(token: str | None, token_file: Path | None) -> str | None:
    if token_file is not None:
        return Path(token_file).expanduser().read_text().strip() or None
    return token


def serve(home: Path, preset: str, port: int, host: str, token: str | None, token_file: Path | None = None) -> int:
    try:
        token = read_token(token, token_file)
    except OSError as exc:
        print(f"error: cannot read the token file: {exc}", file=sys.stderr)
        return 2
    if host not in LOCAL_HOSTS and not token:
        print(f"error: exposing the studio beyond this machine needs a token; {TOKEN_HINT}", file=sys.stderr)
        return 2
    if token and (reason := weak_token_reason(token)):
        print(f"error: the token is too weak ({reason}); {TOKEN_HINT}", file=sys.stderr)
        return 2
    env = {**os.environ, "IMAGE_STUDIO_HOME": str(Path(home).expanduser()), "IMAGE_STUDIO_PRESET": preset}
    if token:
        env["IMAGE_STUDIO_TOKEN"] = token  # the environment, not the command line: `ps` shows no token
    command = [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.address", host, "--server.port", str(port), "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
        "--client.toolbarMode", "minimal",
    ]
    print(f"Image Studio on http://{host}:{port} (preset {preset}, home {home})", flush=True)
    child = subprocess.Popen(command, env=env, preexec_fn=_stop_with_parent if sys.platform == "linux" else None)

    def forward(signum, frame) -> None:  # stop the server with us, not after us
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        return child.wait()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if child.poll() is None:
            child.terminate()
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()


def _stop_with_parent() -> None:
    """In the child before exec: ask Linux to send SIGTERM when the parent dies (even by SIGKILL)."""
    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
