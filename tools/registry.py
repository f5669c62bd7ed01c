"""A small registry of model backends: name -> class, imported lazily so that importing the
studio never imports torch-heavy modules it will not use."""

from __future__ import annotations

import importlib

from tools.base import Backend, BadInputError

MODEL_BACKENDS: dict[str, str] = {
    "dreamomni2": "tools.dreamomni2:DreamOmni2Backend",
    "qwen-vl": "tools.qwen_vl:QwenVLBackend",
    "stylekeeper": "tools.stylekeeper:StyleKeeperBackend",
    "lumina-dimoo": "tools.dimoo.backend:DimooBackend",
}
# every backend a preset may name: the model families, and the routing stub of `studio eval router`
BACKENDS: dict[str, str] = {**MODEL_BACKENDS, "routing-stub": "tools.stub:RoutingStubBackend"}

# `studio models pull NAME` accepts these names (a backend, or a family that needs several).
PULL_NAMES: dict[str, tuple[str, ...]] = {
    "dreamomni2": ("dreamomni2", "qwen-vl"),
    "stylekeeper": ("stylekeeper",),
    "lumina-dimoo": ("lumina-dimoo",),
    "qwen-vl": ("qwen-vl",),
}


def backend_class(name: str) -> type[Backend]:
    try:
        target = BACKENDS[name]
    except KeyError:
        raise ValueError(f"unknown backend {name!r}; known: {', '.join(sorted(BACKENDS))}") from None
    module, _, attr = target.partition(":")
    return getattr(importlib.import_module(module), attr)


def check_backend_call(name: str, tool: str, options: dict) -> None:
    """Refuse a backend that cannot run `tool`, or options it does not read, before the turn runs anything."""
    cls = backend_class(name)
    if tool not in cls.tools:
        able = [other for other in sorted(MODEL_BACKENDS) if tool in backend_class(other).tools]
        raise BadInputError(f"backend {name!r} cannot {tool} (it does: {', '.join(sorted(cls.tools))}); "
                            f"for {tool} use {' or '.join(repr(a) for a in able)}, or leave the backend out")
    unknown = set(options) - cls.option_names if cls.option_names is not None else set()
    if unknown:
        raise BadInputError(f"unknown option(s) for {name}: {', '.join(sorted(unknown))}; "
                            f"it reads: {', '.join(sorted(cls.option_names)) or 'none'}")


class BackendPool:
    """One lazily built instance per backend name for a preset (weights load on first use)."""

    def __init__(self, preset: str, device: str | None = None, dtype: str | None = None):
        self.preset, self.device, self.dtype = preset, device, dtype
        self._instances: dict[str, Backend] = {}

    def get(self, name: str) -> Backend:
        if name not in self._instances:
            if self.preset == "tiny" and self.device in (None, "cpu"):
                import torch

                # tiny models run ops of a few microseconds: a second thread costs more than it
                # saves, and under CPU contention it was measured ~7x slower per turn
                torch.set_num_threads(1)
            backend = backend_class(name)(preset=self.preset, device=self.device, dtype=self.dtype)
            backend.pool = self  # lets a backend share another's model (DreamOmni2 uses the pool's VLM)
            self._instances[name] = backend
        return self._instances[name]
