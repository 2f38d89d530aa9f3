"""A scripted OpenAI-compatible chat-completions server on 127.0.0.1, for offline tests of
the real HTTP path (the openai client, its retries, timeouts and parsing).

    with ScriptedOpenAIServer([status(500), tool_call("direct_cause", {...}), text("Done.")]) as s:
        ... base_url=s.url ...
        s.requests   # the JSON bodies received, in order

Each POST to /v1/chat/completions consumes the next scripted reply; when the script is used
up the server answers HTTP 400 "script ended". Loopback only, so no_network() allows it.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

USAGE = {"prompt_tokens": 100, "completion_tokens": 10, "total_tokens": 110}


@dataclass
class Reply:
    status: int = 200
    body: str = ""
    headers: dict[str, str] = field(default_factory=dict)


def _completion(message: dict[str, Any], finish_reason: str) -> Reply:
    body = {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 0,
        "model": "fake-model",
        "choices": [{"index": 0, "message": message, "finish_reason": finish_reason}],
        "usage": USAGE,
    }
    return Reply(body=json.dumps(body))


def tool_call(name: str, args: dict[str, Any] | str, call_id: str = "call_1") -> Reply:
    """The model calls one tool; `args` as a string is sent verbatim (to send bad JSON)."""
    arguments = args if isinstance(args, str) else json.dumps(args)
    call = {"id": call_id, "type": "function", "function": {"name": name, "arguments": arguments}}
    return _completion({"role": "assistant", "content": None, "tool_calls": [call]}, "tool_calls")


def text(content: str) -> Reply:
    """The model's final plain-text reply."""
    return _completion({"role": "assistant", "content": content}, "stop")


def status(code: int, message: str = "scripted failure") -> Reply:
    """An HTTP error; retry-after-ms keeps the client's backoff short in tests."""
    body = json.dumps({"error": {"message": message, "type": "server_error", "code": None}})
    return Reply(status=code, body=body, headers={"retry-after-ms": "5"})


class ScriptedOpenAIServer:
    """Serves the scripted replies in order; records every request body."""

    def __init__(self, replies: list[Reply]):
        self.replies = list(replies)
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def __enter__(self) -> ScriptedOpenAIServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def next_reply(self, body: dict[str, Any]) -> Reply:
        with self._lock:
            self.requests.append(body)
            if not self.replies:
                return Reply(status=400, body=json.dumps({"error": {"message": "script ended"}}))
            return self.replies.pop(0)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server API)
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                if not self.path.endswith("/chat/completions"):
                    reply = Reply(status=404, body=json.dumps({"error": {"message": self.path}}))
                else:
                    reply = server.next_reply(body)
                data = reply.body.encode()
                self.send_response(reply.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        return Handler
