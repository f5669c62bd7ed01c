"""The model router: parsing, validation and fallback, with recorded model answers."""

from __future__ import annotations

import json

import pytest

from studio.model_router import ModelRouter, extract_json, parse_decision
from studio.router import RouterContext


def context(n=3, current=None, attached=(), mask=False) -> RouterContext:
    handles = list(range(1, n + 1))
    return RouterContext(handles=handles, path_handles=handles, uploads=[], attached=list(attached),
                         current=current or (handles[-1] if handles else None), has_mask=mask)


class Recorded:
    """Replays a recorded answer and keeps what the router asked."""

    def __init__(self, answer):
        self.answer = answer
        self.prompts = []

    def chat(self, images, text, max_new_tokens, system=None):
        self.prompts.append((system, text))
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


GOOD = [
    ('{"tool": "edit", "args": {"prompt": "make the sky stormy", "source": 2, "references": []}}', "edit", [2]),
    ('Sure!\n```json\n{"tool": "describe", "args": {"question": "which is brighter?", "images": [1, 3]}}\n```', "describe", [1, 3]),
    ('I will call {"tool": "style", "args": {"prompt": "a dog", "style_image": 1, "source": null}} now.', "style", [1]),
    ('{"tool": "generate", "args": {"prompt": "a {curly} brace \\"quoted\\" fox"}}', "generate", []),
]


@pytest.mark.parametrize("answer, tool, inputs", GOOD)
def test_valid_answers_become_tool_calls(answer, tool, inputs):
    router = ModelRouter(Recorded(answer))
    decision = router.route("do the thing", context())
    assert decision.router == "model"
    assert decision.call.tool == tool and decision.call.input_handles() == inputs


BAD = [
    ("I think you want an edit.", "no JSON object"),
    ('{"tool": "edit", "args": {"prompt": "x", "source": 7}}', "do not exist: [7]"),
    ('{"tool": "paint", "args": {"prompt": "x"}}', "invalid tool call"),
    ('{"tool": "edit", "args": {"prompt": "x"}}', "invalid tool call"),
    ('{"tool": "edit", "args": {"prompt": "x", "source": 1, "colour": "red"}}', "invalid tool call"),
    ('{"tool": "describe", "args": {"question": "?", "images": []}}', "invalid tool call"),
    ('{"tool": "inpaint", "args": {"prompt": "a window", "source": 1}}', "inpaint without a mask"),
    ('{"command": "dance"}', "unknown command"),
    ('{"command": "chat"}', "chat without a reply"),
    ('{"tool": "edit", "args": {"prompt": "x", "source": 1}', "invalid tool call"),  # truncated: only the inner object parses
]


@pytest.mark.parametrize("answer, reason", BAD)
def test_invalid_answers_fall_back_to_the_rules_and_say_why(answer, reason):
    router = ModelRouter(Recorded(answer))
    decision = router.route("make the sky stormy", context())
    assert decision.router.startswith("rules+interpreter (fallback:") and reason in decision.router
    assert decision.kind == "tool" and decision.call.tool == "edit" and decision.call.input_handles() == [3]
    assert decision.model_answer == answer[:500]


def test_a_failing_model_falls_back():
    decision = ModelRouter(Recorded(RuntimeError("CUDA error"))).route("a red fox", context(0))
    assert decision.call.tool == "generate" and "the model failed" in decision.router


def test_commands_are_parsed():
    decision = ModelRouter(Recorded('{"command": "clarify", "reply": "Which dog?"}')).route("edit the dog", context())
    assert decision.kind == "clarify" and decision.reply == "Which dog?"


def test_undo_and_try_again_never_reach_the_model():
    model = Recorded('{"command": "chat", "reply": "hi"}')
    assert ModelRouter(model).route("undo", context()).kind == "undo"
    assert model.prompts == []


def test_the_prompt_lists_images_and_tool_schemas():
    model = Recorded('{"command": "chat", "reply": "ok"}')
    ctx = context(2)
    ctx.descriptions = {2: "edit of #1: 'make it red'"}
    ModelRouter(model).route("thanks", ctx)
    system, text = model.prompts[0]
    assert "#1: generated" in text and "#2: edit of #1: 'make it red' (current)" in text
    for tool in ("generate", "edit", "style", "inpaint", "describe"):
        assert f"- {tool}(" in system


def test_extract_json_skips_broken_objects():
    assert extract_json('{bad} then {"a": 1}') == {"a": 1}
    assert parse_decision('{"command": "undo"}', context()).kind == "undo"


def test_tiny_vlm_wiring_records_the_fallback_in_the_turn(tmp_path):
    """The tiny random Qwen2.5-VL proves the wiring: its answer is noise, so the rules decide."""
    from studio import Studio

    preset = tmp_path / "model-router.json"
    preset.write_text(json.dumps({"name": "tiny-model-router", "base": "tiny", "router": "model"}))
    with Studio.open(tmp_path / "home", preset=preset) as studio:
        session = studio.new_session()
        reply = session.send("a lighthouse at dusk")
        row = studio.store.get_turn(reply.turn.id)
        assert reply.tool == "generate"
        assert row.call["router"].startswith("rules+interpreter (fallback:")
        assert "model_answer" in row.call
