"""The HTTP client the LLM planner gives ChatOpenAI: a deadline on the whole request, a cap on
the size of a reply, and no retry the deadline cannot wait for.

httpx (httpx2 under openai >= 3) times each read, not a request: a server that sends one byte
a second never trips a 60 s read timeout. `GuardedClient` keeps the openai client's defaults
(proxies from the environment, connection pooling) and, while a Deadline is set,
- caps the connect / read / write / pool timeouts of each request at the time left,
- checks the deadline after every chunk of the body and raises DeadlineExceeded (an
  openai.APITimeoutError, which the openai client passes on without retrying),
- stops reading a reply over MAX_REPLY_BYTES (ReplyTooLarge),
- marks an error whose Retry-After is longer than the time left as not to be retried.

Imported only when the planner builds its ChatOpenAI (openai is a heavy import).
"""

from __future__ import annotations

import email.utils
import math
import sys
import time
from collections.abc import Iterator
from typing import Any

import openai

from askwhy.planning.llm.budget import MAX_REPLY_BYTES, Deadline


def _httpx_module() -> Any:
    """The httpx library the installed openai client is built on (httpx2 or httpx)."""
    for base in openai.DefaultHttpxClient.__mro__:
        if base.__name__ == "Client":
            return sys.modules[base.__module__.split(".")[0]]
    import httpx

    return httpx


httpx = _httpx_module()
TIMEOUT_KEYS = ("connect", "read", "write", "pool")
RETRIED_STATUSES = frozenset({408, 409, 429}) | frozenset(range(500, 600))


class DeadlineExceeded(openai.APITimeoutError):
    """The whole request (all its reads) took longer than its deadline."""

    def __init__(self, request: Any, seconds: float):
        message = f"No complete reply within {seconds:g} s."
        openai.APIConnectionError.__init__(self, message=message, request=request)
        self.seconds = seconds


class ReplyTooLarge(openai.APIError):
    """The reply was larger than askwhy reads."""

    def __init__(self, request: Any, limit: int):
        super().__init__(f"The reply is larger than {limit:,} bytes.", request, body=None)
        self.limit = limit


class GuardedClient(openai.DefaultHttpxClient):  # type: ignore[misc, valid-type]
    """openai's default HTTP client, with the deadline and size cap described above."""

    def __init__(self, deadline: Deadline, max_bytes: int = MAX_REPLY_BYTES, **kwargs: Any):
        super().__init__(**kwargs)
        self.deadline = deadline
        self.max_bytes = max_bytes

    def send(self, request: Any, *, stream: bool = False, **kwargs: Any) -> Any:
        request.headers["Accept-Encoding"] = "identity"  # the size cap counts what is read
        left = self.deadline.remaining()
        if left is not None:
            if left <= 0:
                raise DeadlineExceeded(request, self.deadline.seconds)
            request.extensions["timeout"] = _capped(request.extensions.get("timeout"), left)
        try:
            response = super().send(request, stream=True, **kwargs)
        except httpx.TimeoutException as err:
            if self.deadline.expired():
                raise DeadlineExceeded(request, self.deadline.seconds) from err
            raise
        try:
            length = response.headers.get("content-length", "")
            if length.isdigit() and int(length) > self.max_bytes:
                raise ReplyTooLarge(request, self.max_bytes)
            if response.status_code in RETRIED_STATUSES:
                wait = retry_after(response.headers)
                left = self.deadline.remaining()
                if wait is not None and left is not None and wait > left:
                    response.headers["x-should-retry"] = "false"
            response.stream = GuardedStream(response.stream, request, self)
            if not stream:
                response.read()
        except BaseException:
            response.close()
            raise
        return response


class GuardedStream(httpx.SyncByteStream):  # type: ignore[misc, name-defined]
    """A response body that stops at the deadline and at the size cap."""

    def __init__(self, inner: Any, request: Any, client: GuardedClient):
        self.inner = inner
        self.request = request
        self.client = client

    def __iter__(self) -> Iterator[bytes]:
        deadline, read = self.client.deadline, 0
        chunks = iter(self.inner)
        while True:
            try:
                chunk = next(chunks)
            except StopIteration:
                return
            except httpx.TimeoutException as err:
                if deadline.expired():
                    raise DeadlineExceeded(self.request, deadline.seconds) from err
                raise
            read += len(chunk)
            if read > self.client.max_bytes:
                raise ReplyTooLarge(self.request, self.client.max_bytes)
            if deadline.expired():
                raise DeadlineExceeded(self.request, deadline.seconds)
            yield chunk

    def close(self) -> None:
        self.inner.close()


def _capped(timeout: Any, left: float) -> dict[str, float]:
    """A request's timeout extension with every part capped at `left` seconds."""
    given = timeout if isinstance(timeout, dict) else {}
    return {
        key: left if given.get(key) is None else min(float(given[key]), left)
        for key in TIMEOUT_KEYS
    }


def retry_after(headers: Any) -> float | None:
    """Seconds the server asks to wait (retry-after-ms, or Retry-After as seconds or a
    date), or None when it does not say."""
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            seconds = float(value) * scale
        except ValueError:
            continue
        return seconds if math.isfinite(seconds) else None
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return when.timestamp() - time.time()


def http_client(
    deadline: Deadline, max_bytes: int = MAX_REPLY_BYTES, proxy: str | None = None
) -> GuardedClient:
    """The client for ChatOpenAI(http_client=...); `proxy` as in OPENAI_PROXY (the usual
    HTTP(S)_PROXY variables are honoured as by any httpx client)."""
    return GuardedClient(deadline, max_bytes, **({"proxy": proxy} if proxy else {}))
