"""Replies to the lines the MCP SDK's stdio transport cannot read.

The SDK hands a line it cannot parse (not JSON, a lone UTF-16 surrogate such as "\\ud800",
the wrong shape) to the server as an exception, and the server drops it, so the client waits
for a reply that never comes. `AnsweringReadStream` wraps the transport's read stream and
answers each such line itself with a JSON-RPC error:

- -32700 parse error (id null): the line is not JSON;
- -32602 invalid params (the request's id): it holds a lone surrogate, which is not Unicode;
- -32600 invalid request (its id, or null): JSON, but not a JSON-RPC request.

Notifications and responses get no reply, as JSON-RPC says.
"""

from __future__ import annotations

import json
import logging
from contextlib import suppress
from types import TracebackType
from typing import Any

import anyio
import mcp_types as types
from mcp.shared.message import SessionMessage

from askwhy.adapters.replies import find_lone_surrogate

logger = logging.getLogger(__name__)


def error_reply(problem: Exception) -> types.JSONRPCError | None:
    """The JSON-RPC error answering the line behind `problem`, or None (no reply is due)."""
    line = _line_of(problem)
    if isinstance(line, str):
        try:
            line = json.loads(line)  # Python's parser keeps lone surrogates; the SDK's refuses
        except ValueError as err:
            return _error(None, types.PARSE_ERROR, f"Parse error: the line is not JSON ({err}).")
    if not isinstance(line, dict):
        what = "a batch (a JSON array)" if isinstance(line, list) else "not a JSON object"
        return _error(None, types.INVALID_REQUEST, f"Invalid request: the message is {what}.")
    if "result" in line or "error" in line:
        return None  # a response from the client: nothing to answer
    request_id = line.get("id")
    if "method" in line and "id" not in line:
        return None  # a notification
    if isinstance(request_id, bool) or not isinstance(request_id, int | str):
        request_id = None
    surrogate = find_lone_surrogate(line)
    if surrogate:
        where, char = surrogate
        return _error(
            request_id,
            types.INVALID_PARAMS,
            f"Invalid params: '{where}' holds a lone UTF-16 surrogate ({char}), which is not "
            "valid Unicode text. Send the text as UTF-8 (pair surrogates, or drop the character).",
        )
    return _error(
        request_id,
        types.INVALID_REQUEST,
        f"Invalid request: not a JSON-RPC 2.0 request ({_first_problem(problem)}).",
    )


def _line_of(problem: Exception) -> Any:
    """The line (str) or parsed message (dict) a transport ValidationError was about."""
    errors = getattr(problem, "errors", None)
    if callable(errors):
        try:
            for entry in errors():
                if isinstance(entry.get("input"), str | dict | list):
                    return entry["input"]
        except Exception:  # not a pydantic error after all
            return None
    return None


def _first_problem(problem: Exception) -> str:
    errors = getattr(problem, "errors", None)
    try:
        entry = errors()[0] if callable(errors) else None
    except Exception:
        entry = None
    if not entry:
        return type(problem).__name__
    return f"{'.'.join(str(p) for p in entry.get('loc', ()))}: {entry.get('msg', '')}".strip()


def _error(request_id: int | str | None, code: int, message: str) -> types.JSONRPCError:
    return types.JSONRPCError(
        jsonrpc="2.0", id=request_id, error=types.ErrorData(code=code, message=message)
    )


class AnsweringReadStream:
    """A transport read stream that answers unreadable lines (see the module doc) and passes
    every message through; the sender context stays readable as `last_context`."""

    def __init__(self, inner: Any, write_stream: Any):
        self._inner = inner
        self._write = write_stream

    @property
    def last_context(self) -> Any:
        return getattr(self._inner, "last_context", None)

    async def receive(self) -> SessionMessage:
        while True:
            item = await self._inner.receive()
            if not isinstance(item, Exception):
                return item
            reply = error_reply(item)
            logger.debug("unreadable message %r; reply %r", item, reply)
            if reply is not None:
                with suppress(anyio.ClosedResourceError, anyio.BrokenResourceError):
                    await self._write.send(SessionMessage(message=reply))

    async def aclose(self) -> None:
        await self._inner.aclose()

    def __aiter__(self) -> AnsweringReadStream:
        return self

    async def __anext__(self) -> SessionMessage:
        try:
            return await self.receive()
        except anyio.EndOfStream:
            raise StopAsyncIteration from None

    async def __aenter__(self) -> AnsweringReadStream:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc_val: BaseException | None,
        exc_tb: TracebackType | None,
    ) -> bool | None:
        await self.aclose()
        return None
