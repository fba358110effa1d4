"""An OpenAI-compatible chat-completions server on 127.0.0.1 for tests: real HTTP, scripted replies, every
request recorded.

    with StubLLM() as stub:
        stub.script("submit_form", tool_reply("submit_form", {...}), text_reply("抱歉"))
        llm = stub.chat_model()                      # jixiao's own factory, JIXIAO_LLM=openai:stub-model
        ...
        stub.requests[0]["body"]["tools"]            # what the client sent

Replies are scripted per route: the name of the tool the request offers or of its json_schema response
format ("submit_form", "submit_brief", "submit_revision", "submit_review"), or "json" for a request with
neither (JSON mode). A scripted tool call answers a json_schema request as its JSON content, the way a
server that constrains decoding answers. A route whose script ran out repeats its last reply; a route
never scripted answers 500.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

MODEL = "stub-model"


def _completion(message: dict, finish: str) -> dict:
    return {"id": f"chatcmpl-{time.monotonic_ns()}", "object": "chat.completion", "created": int(time.time()),
            "model": MODEL, "choices": [{"index": 0, "message": message, "finish_reason": finish}],
            "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20}}


def tool_reply(tool: str, arguments: Any) -> dict:
    """The model calls ``tool``; ``arguments`` is a dict (sent as JSON) or a raw string (maybe broken)."""
    args = arguments if isinstance(arguments, str) else json.dumps(arguments, ensure_ascii=False)
    call = {"id": f"call_{time.monotonic_ns()}", "type": "function", "function": {"name": tool, "arguments": args}}
    return {"status": 200, "body": _completion({"role": "assistant", "content": None, "tool_calls": [call]},
                                               "tool_calls")}


def text_reply(content: str) -> dict:
    return {"status": 200, "body": _completion({"role": "assistant", "content": content}, "stop")}


def refusal_reply(text: str = "抱歉，我无法协助完成这个请求。") -> dict:
    return {"status": 200, "body": _completion({"role": "assistant", "content": None, "refusal": text}, "stop")}


def error_reply(status: int, message: str) -> dict:
    return {"status": status, "body": {"error": {"message": message, "type": "invalid_request_error",
                                                 "code": str(status)}}}


def slow_reply(seconds: float, then: dict | None = None) -> dict:
    """Answer only after ``seconds`` (a client with a shorter timeout gives up first)."""
    return {"delay": seconds, **(then or text_reply("{}"))}


def _route(body: dict) -> str:
    tools = body.get("tools") or []
    if tools:
        return tools[0]["function"]["name"]
    schema = (body.get("response_format") or {}).get("json_schema") or {}
    return schema.get("name") or "json"


def _as_content(reply: dict) -> dict:
    """A tool call as a json_schema server would send the same answer: the arguments as the content."""
    choices = (reply.get("body") or {}).get("choices") or []
    message = choices[0]["message"] if choices else {}
    if not message.get("tool_calls"):
        return reply
    content = message["tool_calls"][0]["function"]["arguments"]
    return {**reply, "body": _completion({"role": "assistant", "content": content}, "stop")}


def length_reply(content: str) -> dict:
    """A reply cut off at max_tokens (finish_reason "length")."""
    return {"status": 200, "body": _completion({"role": "assistant", "content": content}, "length")}


class StubLLM:
    def __init__(self):
        self.requests: list[dict] = []
        self.scripts: dict[str, list[dict]] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self) -> "StubLLM":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()  # release slow replies
        self.server.shutdown()
        self.server.server_close()

    def script(self, route: str, *replies: dict) -> None:
        with self._lock:
            self.scripts.setdefault(route, []).extend(replies)

    def requests_for(self, route: str) -> list[dict]:
        return [r for r in self.requests if r["route"] == route]

    def chat_model(self, monkeypatch, timeout: float = 10, mode: str = "auto"):
        """The real LangChain client made by jixiao's factory, pointed at this stub."""
        from assistant.llm import make_llm
        from assistant.settings import reload_settings

        monkeypatch.setenv("JIXIAO_LLM", f"openai:{MODEL}")
        monkeypatch.setenv("JIXIAO_LLM_BASE_URL", self.base_url)
        monkeypatch.setenv("JIXIAO_LLM_TIMEOUT", str(timeout))
        monkeypatch.setenv("JIXIAO_LLM_MODE", mode)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-stub-secret")
        return make_llm(reload_settings())

    def _next(self, route: str) -> dict:
        with self._lock:
            queue = self.scripts.get(route)
            if not queue:
                return error_reply(500, f"no reply scripted for {route}")
            return queue.pop(0) if len(queue) > 1 else queue[0]

    def _handler(self):
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                route = _route(body)
                with stub._lock:
                    stub.requests.append({"path": self.path, "route": route, "body": body,
                                          "authorization": self.headers.get("Authorization", "")})
                reply = stub._next(route) if self.path.endswith("/chat/completions") else error_reply(404, "not found")
                if reply.get("delay") and stub._stop.wait(reply["delay"]):
                    return
                if (body.get("response_format") or {}).get("type") == "json_schema":
                    reply = _as_content(reply)
                data = json.dumps(reply["body"], ensure_ascii=False).encode("utf-8")
                try:
                    self.send_response(reply["status"])
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout)
                    pass

        return Handler
