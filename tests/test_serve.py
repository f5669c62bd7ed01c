"""`studio serve` as a process (issue 14 item 11): stopping it stops the Streamlit server it started, so the
port is free again; a token given on the command line is warned about."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request

import pytest

from tests.test_browser import REPO, free_port, studio_command, wait_healthy


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=2):
            return True
    except OSError:
        return False


def start(tmp_path, port: int, *extra: str, env_extra: dict | None = None) -> subprocess.Popen:
    env = {key: value for key, value in os.environ.items() if key != "IMAGE_STUDIO_TOKEN"}
    env.update({"HF_HUB_OFFLINE": "1", **(env_extra or {})})
    return subprocess.Popen([*studio_command(), "serve", "--preset", "tiny", "--port", str(port),
                             "--home", str(tmp_path / "home"), *extra],
                            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)  # a group of its own: cleanup below can reach any leftover


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL], ids=["sigterm", "sigkill"])
def test_stopping_serve_stops_the_streamlit_server_it_started(tmp_path, how):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = start(tmp_path, port)
    try:
        wait_healthy(url, server)
        os.kill(server.pid, how)  # the parent only, as `kill <pid>` does
        server.wait(timeout=30)
        deadline = time.monotonic() + 30
        while answers(url) and time.monotonic() < deadline:  # a condition, not a fixed sleep
            time.sleep(0.2)
        assert not answers(url), "the Streamlit child still holds the port after its parent was stopped"
    finally:
        try:
            os.killpg(server.pid, signal.SIGKILL)  # whatever is left of the group
        except ProcessLookupError:
            pass


def test_a_token_on_the_command_line_is_warned_about(tmp_path):
    server = start(tmp_path, free_port(), "--host", "0.0.0.0", "--token", "short")
    output = server.communicate(timeout=120)[0].decode()
    assert server.returncode == 2
    assert "visible to every user of this machine in the process list" in output and "too weak" in output
