"""The real preset without weights: a clear, actionable error, never a download or a hang."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from studio import ModelMissingError, Studio
from tools.registry import MODEL_BACKENDS, backend_class


@pytest.fixture
def empty_hub_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf" / "hub"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    import huggingface_hub.constants as constants

    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(tmp_path / "hf" / "hub"))
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)


def test_a_turn_on_real_without_weights_names_the_pull_command(tmp_path, empty_hub_cache):
    with Studio.open(tmp_path / "home", preset="real") as studio:
        session = studio.new_session()
        started = time.perf_counter()
        with pytest.raises(ModelMissingError, match="studio models pull dreamomni2"):
            session.send("a red fox in the snow")
        assert time.perf_counter() - started < 20
        turn = session.all_turns()[-1]
        assert turn.status == "failed" and "studio models pull" in turn.error
        assert session.images() == []


@pytest.mark.parametrize("name", sorted(MODEL_BACKENDS))
def test_every_backend_pins_safetensors_weights(name, empty_hub_cache):
    backend = backend_class(name)(preset="real")
    specs = backend.pull_specs()
    assert specs, f"{name} has nothing to pull"
    for spec in specs:
        assert spec.repo_id.count("/") == 1 and spec.revision
        patterns = " ".join(spec.allow_patterns or ())
        assert ".bin" not in patterns and ".ckpt" not in patterns
    assert backend.weights_present() is False  # the cache is empty: reported, not raised


def _cached_snapshot(hub: Path, repo_id: str, commit: str, files: list[str]) -> None:
    """Lay out one snapshot the way huggingface_hub stores it in its cache."""
    root = hub / ("models--" + repo_id.replace("/", "--")) / "snapshots" / commit
    for name in files:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(b"weights")


def _move_branch(hub: Path, repo_id: str, commit: str, branch: str = "main") -> None:
    refs = hub / ("models--" + repo_id.replace("/", "--")) / "refs"
    refs.mkdir(parents=True, exist_ok=True)
    (refs / branch).write_text(commit)


def test_a_repository_known_by_branch_is_pinned_by_its_first_pull(tmp_path, empty_hub_cache):
    """xiabs/DreamOmni2 has no commit hash in the code: the first pull pins the commit it got, and
    a later move of the branch (here: the cache's ref moving, as a second pull would do) changes
    nothing the studio loads or records, until `--update`."""
    from tools.dreamomni2 import DREAMOMNI2_LORAS, DreamOmni2Backend
    from tools.hub import pull, require_local
    from tools.dreamomni2_loras import dreamomni2_lora_sources

    hub = tmp_path / "hf" / "hub"
    first, second = "1" * 40, "2" * 40
    for commit in (first, second):
        _cached_snapshot(hub, DREAMOMNI2_LORAS.repo_id, commit, list(DREAMOMNI2_LORAS.allow_patterns))
    _move_branch(hub, DREAMOMNI2_LORAS.repo_id, first)

    assert pull(DREAMOMNI2_LORAS).name == first
    _move_branch(hub, DREAMOMNI2_LORAS.repo_id, second)
    assert require_local(DREAMOMNI2_LORAS, "dreamomni2").name == first
    assert DreamOmni2Backend(preset="real").model_ids()["loras"] == f"xiabs/DreamOmni2@{first}"
    assert pull(DREAMOMNI2_LORAS).name == first  # a plain pull keeps the pin

    assert pull(DREAMOMNI2_LORAS, update=True).name == second
    assert require_local(DREAMOMNI2_LORAS, "dreamomni2").name == second
    assert set(dreamomni2_lora_sources(hub / "models--xiabs--DreamOmni2" / "snapshots" / second)) == {"edit", "generation"}


def test_a_snapshot_without_an_adapter_file_names_the_missing_file(tmp_path):
    from tools.dreamomni2_loras import dreamomni2_lora_sources

    (tmp_path / "edit_lora").mkdir()
    (tmp_path / "edit_lora" / "pytorch_lora_weights.safetensors").write_bytes(b"x")
    with pytest.raises(ModelMissingError, match=r"gen_lora/pytorch_lora_weights.safetensors.*studio models pull dreamomni2"):
        dreamomni2_lora_sources(tmp_path)
