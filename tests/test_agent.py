"""The agent router against a small local OpenAI-compatible server (127.0.0.1 only, stopped after)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from studio import Studio
from studio.agent import AgentRouter, AgentSettings, functions
from studio.references import RouterContext


class FakeEndpoint:
    """Answers /v1/chat/completions with scripted tool calls and records every request body."""

    def __init__(self):
        self.script: list = []
        self.default = None  # the answer once the script is used up
        self.requests: list[dict] = []
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                endpoint.requests.append({"path": self.path, "body": body})
                answer = endpoint.script.pop(0) if endpoint.script else endpoint.default
                if answer == "error":
                    self.send_response(500)
                    self.end_headers()
                    return
                name, arguments = answer
                payload = {"choices": [{"message": {"role": "assistant", "content": None, "tool_calls": [
                    {"id": "call_1", "type": "function",
                     "function": {"name": name, "arguments": arguments if isinstance(arguments, str) else json.dumps(arguments)}}]}}]}
                data = json.dumps(payload).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def endpoint():
    server = FakeEndpoint()
    yield server
    server.close()


@pytest.fixture
def agent_studio(tmp_path, endpoint):
    studio = Studio.open(tmp_path / "home", preset="tiny", router=AgentRouter(AgentSettings(url=endpoint.url, model="fake-7b")))
    yield studio
    studio.close()


def router_of(studio, reply) -> str:
    return studio.store.get_turn(reply.turn.id).call["router"]


def test_the_agent_reads_the_conversation_and_its_call_runs(agent_studio, endpoint):
    session = agent_studio.new_session()
    endpoint.script = [("generate", {"prompt": "a red fox in the snow", "references": []}),
                       ("edit", {"prompt": "make it night", "source": 1, "references": []})]
    session.send("a red fox in the snow", seed=1)
    reply = session.send("now make it night time please", seed=2)
    assert reply.tool == "edit" and [i.handle for i in reply.inputs] == [1] and [i.handle for i in reply.images] == [2]
    assert router_of(agent_studio, reply).startswith("agent fake-7b: edit")
    body = endpoint.requests[-1]["body"]
    assert endpoint.requests[-1]["path"] == "/v1/chat/completions"
    assert body["model"] == "fake-7b" and body["tool_choice"] == "required"
    edit = next(t["function"] for t in body["tools"] if t["function"]["name"] == "edit")
    assert edit["strict"] and edit["parameters"]["properties"]["source"] == {"type": "integer", "enum": [1]}
    said = body["messages"][-1]["content"]
    assert "#1" in said and "[current]" in said and "a red fox in the snow" in said  # the image and the turn before
    assert "The rule reader proposes: edit" in said and said.endswith("now make it night time please")


def test_without_images_or_a_mask_the_agent_is_not_offered_edit_or_inpaint():
    empty = RouterContext(handles=[], path_handles=[], uploads=[], attached=[], current=None)
    assert {t["function"]["name"] for t in functions(empty)} == {
        "generate", "style", "describe", "undo", "redo", "repeat", "chat", "clarify"}
    one = RouterContext(handles=[1], path_handles=[1], uploads=[], attached=[], current=1, has_mask=True)
    assert {"edit", "select", "inpaint"} <= {t["function"]["name"] for t in functions(one)}


def test_an_impossible_call_or_a_failing_server_falls_back_to_the_rules_and_says_why(agent_studio, endpoint):
    session = agent_studio.new_session()
    endpoint.script = [("generate", {"prompt": "a lighthouse", "references": []}),
                       ("edit", {"prompt": "stormy", "source": 9, "references": []}),
                       "error",
                       ("edit", '{"prompt": "unterminated')]
    session.send("a lighthouse at dusk", seed=1)
    refused = session.send("make the sky stormy", seed=2)
    assert refused.tool == "edit" and [i.handle for i in refused.inputs] == [1]  # the rules' reading
    assert "the agent's edit was refused (no image #9)" in router_of(agent_studio, refused)
    failed = session.send("add a ship in the distance", seed=3)
    assert failed.tool == "edit" and "the agent failed (HTTPStatusError" in router_of(agent_studio, failed)
    garbled = session.send("and a gull on the rocks", seed=4)
    assert garbled.tool == "edit" and "the agent failed (JSONDecodeError" in router_of(agent_studio, garbled)


def test_exact_commands_never_reach_the_endpoint_and_a_question_back_is_the_agents_own(agent_studio, endpoint):
    session = agent_studio.new_session()
    endpoint.script = [("generate", {"prompt": "a cat", "references": []}),
                       ("clarify", {"question": "Which cat do you mean, the sleeping one or a new one?"}),
                       ("select", {"image": 1})]
    session.send("a cat on a sofa", seed=1)
    asked = session.send("the cat please")
    assert asked.needs_clarification and asked.text.startswith("Which cat")
    before = len(endpoint.requests)
    session.send("undo")
    assert len(endpoint.requests) == before  # "undo" is exact: no model is asked
    chosen = session.send("let's go with the first picture")
    assert chosen.tool is None and session.current_image().handle == 1


def test_the_replay_harness_can_score_an_agent(endpoint, tmp_path):
    from typer.testing import CliRunner

    from studio.cli import app

    path = tmp_path / "fox.yaml"
    path.write_text('name: one turn\nturns:\n  - user: "a red fox in the snow"\n'
                    '    expect: {tool: generate, inputs: [], outputs: 1, current: 1}\n')
    endpoint.default = ("generate", {"prompt": "a red fox in the snow", "references": []})
    result = CliRunner().invoke(app, ["eval", "router", str(path), "--router", "agent", "--agent-url", endpoint.url,
                                      "--agent-model", "fake-7b"])
    assert result.exit_code == 0, result.output
    assert "first contact 1/1, in context 1/1" in result.output
    assert endpoint.requests and all(r["body"]["model"] == "fake-7b" for r in endpoint.requests)
    refused = CliRunner().invoke(app, ["eval", "router", str(path), "--router", "agent"], env={"IMAGE_STUDIO_AGENT_URL": ""})
    assert refused.exit_code != 0 and "--agent-url" in refused.output
