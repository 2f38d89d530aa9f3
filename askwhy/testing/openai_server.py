"""A scripted OpenAI-compatible chat-completions server on 127.0.0.1, for offline tests of
the real HTTP path (the openai client, its retries, timeouts and parsing) and of the ways a
server can fail.

    with ScriptedOpenAIServer([status(500), tool_call("direct_cause", {...}), text("Done.")]) as s:
        ... base_url=s.url ...
        s.requests   # the JSON bodies received, in order
        s.headers    # their HTTP headers (e.g. x-stainless-retry-count)

Each POST to /v1/chat/completions consumes the next scripted reply; when the script is used
up the server answers HTTP 400 "script ended". Loopback only, so no_network() allows it.

Faults, each bounded in time (a hang or a trickle stops when the server stops, and never
lasts longer than its `seconds`): `status` (any HTTP error, with Retry-After), `hang`,
`drip`, `disconnect`, `huge_header`, `empty_choices`, `malformed_json`, `not_json`,
`empty_body`, `huge_text`; `tool_calls` puts several calls (or a hundred) in one reply.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

USAGE = {"prompt_tokens": 100, "completion_tokens": 10, "total_tokens": 110}


@dataclass
class Reply:
    """One scripted answer to one request: an HTTP response, or a way of failing to send one."""

    status: int = 200
    body: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds of silence before anything is sent
    drip: float = 0.0  # seconds between the body's bytes (headers go at once)
    close: bool = False  # close the connection without a response (after `delay`)


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
    return tool_calls((name, args), call_id=call_id)


def tool_calls(*calls: tuple[str, dict[str, Any] | str], call_id: str = "call") -> Reply:
    """The model calls several tools in one reply: tool_calls(("describe_data", {}), ...)."""
    specs = [
        {
            "id": call_id if len(calls) == 1 else f"{call_id}_{i}",
            "type": "function",
            "function": {
                "name": name,
                "arguments": args if isinstance(args, str) else json.dumps(args),
            },
        }
        for i, (name, args) in enumerate(calls)
    ]
    message = {"role": "assistant", "content": None, "tool_calls": specs}
    return _completion(message, "tool_calls")


def text(content: str) -> Reply:
    """The model's final plain-text reply."""
    return _completion({"role": "assistant", "content": content}, "stop")


def status(code: int, message: str = "scripted failure", retry_after: float | None = None) -> Reply:
    """An HTTP error. Without `retry_after`, retry-after-ms keeps the client's backoff short
    in tests; with it, the server sends `Retry-After: <seconds>` (and no -ms header)."""
    body = json.dumps({"error": {"message": message, "type": "server_error", "code": None}})
    headers = (
        {"retry-after-ms": "5"} if retry_after is None else {"retry-after": f"{retry_after:g}"}
    )
    return Reply(status=code, body=body, headers=headers)


def hang(seconds: float = 5.0) -> Reply:
    """Accept the request, send nothing for `seconds`, then close the connection."""
    return Reply(delay=seconds, close=True)


def drip(reply: Reply, seconds_per_byte: float = 1.0) -> Reply:
    """`reply` with its body trickled out one byte at a time."""
    return replace(reply, drip=seconds_per_byte)


def disconnect() -> Reply:
    """Close the connection at once, without a response."""
    return Reply(close=True)


def huge_header(size: int = 200_000) -> Reply:
    """A normal reply with one response header of `size` bytes."""
    return replace(text("ok"), headers={"x-padding": "a" * size})


def empty_choices() -> Reply:
    """A well-formed completion with no choices at all."""
    reply = _completion({"role": "assistant", "content": "x"}, "stop")
    body = json.loads(reply.body)
    body["choices"] = []
    return replace(reply, body=json.dumps(body))


def malformed_json() -> Reply:
    """A completion cut off in the middle of its JSON."""
    return Reply(body=text("cut off").body[:60])


def not_json(body: str = "<html><body>Bad gateway</body></html>") -> Reply:
    """HTTP 200 with a body that is not JSON (a proxy's page, say)."""
    return Reply(body=body, headers={"Content-Type": "text/html"})


def empty_body() -> Reply:
    """HTTP 200 with nothing in the body."""
    return Reply(body="")


def huge_text(size: int = 5_000_000) -> Reply:
    """A plain-text reply of `size` characters."""
    return text("All done. " + "x" * size)


class ScriptedOpenAIServer:
    """Serves the scripted replies in order; records every request body and its headers."""

    def __init__(self, replies: list[Reply]):
        self.replies = list(replies)
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def __enter__(self) -> ScriptedOpenAIServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stopping.set()  # ends any hang or trickle in progress
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def next_reply(self, body: dict[str, Any], headers: dict[str, str] | None = None) -> Reply:
        with self._lock:
            self.requests.append(body)
            self.headers.append(dict(headers or {}))
            if not self.replies:
                return Reply(status=400, body=json.dumps({"error": {"message": "script ended"}}))
            return self.replies.pop(0)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server API)
                length = int(self.headers.get("Content-Length", 0))
                raw = self.rfile.read(length) or b"{}"
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = {"unparsed": raw.decode("utf-8", "replace")}
                if not self.path.endswith("/chat/completions"):
                    reply = Reply(status=404, body=json.dumps({"error": {"message": self.path}}))
                else:
                    reply = server.next_reply(body, {k.lower(): v for k, v in self.headers.items()})
                with contextlib.suppress(OSError):  # the client gave up first: nothing to do
                    self._send(reply)

            def _send(self, reply: Reply) -> None:
                if reply.delay and server._stopping.wait(reply.delay):
                    return
                if reply.close:
                    self.close_connection = True
                    return
                data = reply.body.encode()
                self.send_response(reply.status)
                headers = {"Content-Type": "application/json", **reply.headers}
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if not reply.drip:
                    self.wfile.write(data)
                    return
                self.wfile.flush()
                ends = time.monotonic() + 60  # a trickle never outlives a minute
                for byte in data:
                    if server._stopping.wait(reply.drip) or time.monotonic() > ends:
                        return
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()

            def log_message(self, *args: Any) -> None:
                pass

        return Handler
