"""Pinned, offline-first access to the Hugging Face cache for the `real` preset.

Run time never downloads: `require_local` finds a pinned snapshot in the local cache or raises a
`ModelMissingError` naming the `studio models pull` command that fetches it. Only `pull` downloads.

A spec whose revision is a branch (no commit hash could be found for it offline) is pinned on this
host by its first pull: the commit fetched is written to `image-studio-pins.json` in the hub cache,
and from then on the loaders use that commit, so a later pull that moves the branch cannot change
the weights under a user's sessions. `studio models pull NAME --update` moves the pin on purpose.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from tools.base import ModelMissingError, WeightSpec

PINS_FILE = "image-studio-pins.json"
_COMMIT = re.compile(r"[0-9a-f]{40}")


def is_cached(spec: WeightSpec) -> bool:
    try:
        _snapshot(spec, local_files_only=True)
    except Exception:
        return False
    return True


def require_local(spec: WeightSpec, pull_name: str) -> Path:
    """The local snapshot folder of `spec`, or a clear error telling the user how to fetch it."""
    try:
        return _snapshot(spec, local_files_only=True)
    except Exception as exc:  # huggingface_hub raises several kinds for "not here"
        raise ModelMissingError(
            f"the weights of {spec.repo_id} (revision {resolved_revision(spec)[:12]}) are not in the local "
            f"Hugging Face cache. Fetch them once with:  studio models pull {pull_name}  "
            f"(needs network access and, for gated models, `huggingface-cli login`)."
        ) from exc


def pull(spec: WeightSpec, update: bool = False) -> Path:
    """Download `spec` (its pinned commit; for a branch, the host's pin unless `update`)."""
    target = spec if update else WeightSpec(spec.repo_id, resolved_revision(spec), spec.allow_patterns)
    path = Path(_download(target, local_files_only=False))
    if not _COMMIT.fullmatch(spec.revision):
        _write_pin(spec, path.name)  # the snapshot folder is named by the commit it holds
    return path


def resolved_revision(spec: WeightSpec) -> str:
    """The commit to load: the spec's own when it is one, else this host's pin, else the branch."""
    if _COMMIT.fullmatch(spec.revision):
        return spec.revision
    return _read_pins().get(_pin_key(spec), spec.revision)


def _snapshot(spec: WeightSpec, local_files_only: bool) -> Path:
    return Path(_download(WeightSpec(spec.repo_id, resolved_revision(spec), spec.allow_patterns), local_files_only))


def _download(spec: WeightSpec, local_files_only: bool) -> str:
    from huggingface_hub import snapshot_download

    return snapshot_download(
        repo_id=spec.repo_id,
        revision=spec.revision,
        allow_patterns=list(spec.allow_patterns) if spec.allow_patterns else None,
        local_files_only=local_files_only,
        cache_dir=_cache_dir(),
    )


def _cache_dir() -> Path:
    from huggingface_hub import constants

    return Path(os.environ.get("HF_HUB_CACHE") or constants.HF_HUB_CACHE)


def _pin_key(spec: WeightSpec) -> str:
    return f"{spec.repo_id}@{spec.revision}"


def _read_pins() -> dict[str, str]:
    path = _cache_dir() / PINS_FILE
    try:
        return json.loads(path.read_text())
    except (FileNotFoundError, ValueError):
        return {}


def _write_pin(spec: WeightSpec, commit: str) -> None:
    pins = _read_pins()
    pins[_pin_key(spec)] = commit
    path = _cache_dir() / PINS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(pins, indent=2, sort_keys=True) + "\n")
    os.replace(tmp, path)
