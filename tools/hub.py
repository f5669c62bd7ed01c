"""Pinned, offline-first access to the Hugging Face cache for the `real` preset.

Run time never downloads: `require_local` finds a pinned snapshot in the local cache or raises a
`ModelMissingError` naming the `studio models pull` command that fetches it. Only `pull` downloads.
"""

from __future__ import annotations

from pathlib import Path

from tools.base import ModelMissingError, WeightSpec


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
            f"the weights of {spec.repo_id} (revision {spec.revision[:12]}) are not in the local "
            f"Hugging Face cache. Fetch them once with:  studio models pull {pull_name}  "
            f"(needs network access and, for gated models, `huggingface-cli login`)."
        ) from exc


def pull(spec: WeightSpec) -> Path:
    return _snapshot(spec, local_files_only=False)


def _snapshot(spec: WeightSpec, local_files_only: bool) -> Path:
    from huggingface_hub import snapshot_download

    return Path(
        snapshot_download(
            repo_id=spec.repo_id,
            revision=spec.revision,
            allow_patterns=list(spec.allow_patterns) if spec.allow_patterns else None,
            local_files_only=local_files_only,
        )
    )
