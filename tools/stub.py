"""A backend with no model, for scoring routing only (`studio eval router`).

It answers every tool at once: a small picture whose pixels come from a hash of the request
(so every output is a new image with its own handle) and, for describe, a fixed sentence. It is
never part of a preset a person uses; the replay harness builds it so that a conversation file
replays in seconds and only the studio's understanding is measured.
"""

from __future__ import annotations

import hashlib

from PIL import Image

from tools.base import Backend, BackendRequest, BackendResult, TOOL_NAMES


class RoutingStubBackend(Backend):
    name = "routing-stub"
    tools = frozenset(TOOL_NAMES)
    option_names = None  # scores routing only: whatever options a preset names pass through unread

    def run(self, request: BackendRequest) -> BackendResult:
        if request.tool == "describe":
            return BackendResult(text="(routing stub: no model looked at the image)")
        key = hashlib.sha256(f"{request.tool}|{request.prompt}|{request.seed}".encode()).digest()
        pixels = bytes(key[i % len(key)] for i in range(8 * 8 * 3))
        request.on_step(1, 1)
        return BackendResult(images=[Image.frombytes("RGB", (8, 8), pixels)], recipe={"stub": True})

    def model_ids(self) -> dict[str, str]:
        return {"model": "none (routing stub)"}
