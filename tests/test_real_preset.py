"""The real preset without weights: a clear, actionable error, never a download or a hang."""

from __future__ import annotations

import time

import pytest

from studio import ModelMissingError, Studio
from tools.registry import BACKENDS, backend_class


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


@pytest.mark.parametrize("name", sorted(BACKENDS))
def test_every_backend_pins_safetensors_weights(name, empty_hub_cache):
    backend = backend_class(name)(preset="real")
    specs = backend.pull_specs()
    assert specs, f"{name} has nothing to pull"
    for spec in specs:
        assert spec.repo_id.count("/") == 1 and spec.revision
        patterns = " ".join(spec.allow_patterns or ())
        assert ".bin" not in patterns and ".ckpt" not in patterns
    assert backend.weights_present() is False  # the cache is empty: reported, not raised
