"""Presets: which backend serves each tool, on which device, with which defaults.

`tiny` runs everywhere (random tiny models, CPU); `real` uses the published weights on a CUDA
GPU. A preset can also be a YAML/JSON file with the same fields, e.g. to route style to
Lumina-DiMOO: `{name: mine, base: real, tools: {style: lumina-dimoo}}`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from tools.base import TOOL_NAMES


class Preset(BaseModel):
    name: str
    weights: Literal["tiny", "real"] = "tiny"  # random tiny models, or the published weights
    tools: dict[str, str]  # tool name -> backend name
    router: str = "interpreter"  # "interpreter" (exact rules + learned interpreter) | "model" | "agent"
    agent: dict[str, Any] | None = None  # an OpenAI-compatible endpoint for router "agent": {url, model, api_key?, extra?}
    device: str | None = None
    dtype: str | None = None
    options: dict[str, dict[str, Any]] = Field(default_factory=dict)  # per-tool default options


_FAMILIES = {"generate": "dreamomni2", "edit": "dreamomni2", "style": "stylekeeper",
             "inpaint": "dreamomni2", "describe": "qwen-vl"}
_DIMOO = {tool: "lumina-dimoo" for tool in TOOL_NAMES}

BUILTIN: dict[str, Preset] = {
    # random tiny models of the real architectures, on CPU: tests, CI, wiring demos
    "tiny": Preset(name="tiny", weights="tiny", tools=_FAMILIES, device="cpu"),
    # the published weights on one CUDA GPU
    # one loaded VLM rewrites DreamOmni2's instructions, answers questions and routes turns
    "real": Preset(name="real", weights="real", tools=_FAMILIES, router="model", device="cuda", dtype="bfloat16"),
    # Lumina-DiMOO serves all five tools (one 8B model)
    "dimoo-tiny": Preset(name="dimoo-tiny", weights="tiny", tools=_DIMOO, device="cpu"),
    "dimoo": Preset(name="dimoo", weights="real", tools=_DIMOO, device="cuda", dtype="bfloat16"),
}


def load_preset(spec: str | Path | Preset) -> Preset:
    if isinstance(spec, Preset):
        return spec
    if str(spec) in BUILTIN:
        return BUILTIN[str(spec)].model_copy(deep=True)
    path = Path(spec).expanduser()
    if not path.is_file():
        raise ValueError(f"unknown preset {spec!r}: use one of {', '.join(BUILTIN)} or a YAML/JSON file")
    text = path.read_text()
    if path.suffix == ".json":
        data = json.loads(text)
    else:
        import yaml

        data = yaml.safe_load(text)
    base = BUILTIN[data.pop("base", "tiny")]
    merged = {**base.model_dump(), **data, "tools": {**base.tools, **data.get("tools", {})}}
    preset = Preset.model_validate(merged)
    unknown = set(preset.tools) - set(TOOL_NAMES)
    if unknown:
        raise ValueError(f"preset {path} names unknown tools: {sorted(unknown)}")
    return preset
