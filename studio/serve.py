"""`studio serve`: run the Streamlit app (frontend/app.py) on this machine."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "frontend" / "app.py"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def serve(home: Path, preset: str, port: int, host: str, token: str | None) -> int:
    if host not in LOCAL_HOSTS and not token:
        print("error: exposing the studio beyond this machine needs a token: pass --token or set IMAGE_STUDIO_TOKEN",
              file=sys.stderr)
        return 2
    env = {**os.environ, "IMAGE_STUDIO_HOME": str(Path(home).expanduser()), "IMAGE_STUDIO_PRESET": preset}
    if token:
        env["IMAGE_STUDIO_TOKEN"] = token
    command = [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.address", host, "--server.port", str(port), "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
        "--client.toolbarMode", "minimal",
    ]
    print(f"Image Studio on http://{host}:{port} (preset {preset}, home {home})", flush=True)
    return subprocess.call(command, env=env)
