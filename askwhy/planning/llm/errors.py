"""Errors of the model planner: the model server failing, and what to do about it.

`describe_model_error` turns the openai client's typed errors (left after its own retries)
into advice that says what really happened: how many attempts were made (the client numbers
them in its x-stainless-retry-count header), what the server asked for (Retry-After), and
whether the server was unreachable or answered with something that is not HTTP.
`model_errors` applies it around an agent run. openai is imported lazily.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from askwhy.errors import AskwhyError
from askwhy.planning.llm.config import LLMSettings

MAX_SERVER_MESSAGE = 300  # characters of a server's error message quoted back


class LLMError(AskwhyError):
    """The model could not be reached, or did not produce a usable reply."""


def describe_model_error(err: BaseException, settings: LLMSettings) -> str:
    """A message that says what went wrong with the model server and what to do."""
    import openai

    from askwhy.planning.llm.transport import ReplyTooLarge

    err = unwrapped(err)
    where = settings.base_url or "the OpenAI API"
    tries = tries_text(attempts(err), settings)
    if isinstance(err, ReplyTooLarge):
        return (
            f"The model server at {where} sent a reply larger than {err.limit:,} bytes; askwhy "
            "stopped reading it. Try again, or use another model."
        )
    if isinstance(err, openai.APITimeoutError):
        seconds = getattr(err, "seconds", settings.timeout)
        return (
            f"The model at {where} did not reply within {seconds:g} s ({tries}). Raise "
            "`timeout` under [llm] in the config file, or use a faster model."
        )
    if isinstance(err, openai.APIConnectionError):
        return _connection_message(err, where, tries)
    if isinstance(err, openai.APIStatusError):
        return _status_message(err, settings, where, tries)
    return f"The model request to {where} failed: {one_line(str(err))}"


def _connection_message(err: BaseException, where: str, tries: str) -> str:
    cause = err.__cause__
    kind = type(cause).__name__ if cause is not None else ""
    detail = one_line(str(cause)) if cause is not None else ""
    if kind == "RemoteProtocolError" and "without sending a response" in detail:
        return (
            f"The model server at {where} closed the connection without replying ({tries}). "
            "It may have crashed or be overloaded: check its logs."
        )
    if kind == "RemoteProtocolError" and ("too long" in detail or "too large" in detail):
        return (
            f"The model server at {where} sent response headers larger than the HTTP client "
            f"accepts ({detail}; {tries}). A proxy or a server bug? Check what answers at "
            "--base-url / OPENAI_BASE_URL."
        )
    if kind in ("RemoteProtocolError", "LocalProtocolError", "DecodingError"):
        return (
            f"The model server at {where} sent a response that is not valid HTTP ({detail}; "
            f"{tries}): headers too large, or a broken proxy in between? Check the server, "
            "and --base-url / OPENAI_BASE_URL."
        )
    if kind in ("ReadError", "WriteError"):
        return (
            f"The connection to the model server at {where} broke mid-request ({detail}; "
            f"{tries}). Try again; check the server's logs if it keeps happening."
        )
    return (
        f"Could not connect to the model server at {where} ({tries}). Is it running? "
        "Check --base-url / OPENAI_BASE_URL."
    )


def _status_message(err: Any, settings: LLMSettings, where: str, tries: str) -> str:
    import openai

    code = err.status_code
    said = _server_said(err)
    if isinstance(err, (openai.AuthenticationError, openai.PermissionDeniedError)):
        return (
            f"The model server at {where} rejected the API key (HTTP {code}{said}). "
            "Set OPENAI_API_KEY."
        )
    if isinstance(err, openai.NotFoundError):
        return (
            f"Model '{settings.model}' was not found at {where} (HTTP 404{said}). Check "
            "--model / ASKWHY_MODEL and --base-url (for Ollama, run `ollama pull NAME` first)."
        )
    wait = _retry_after(err)
    asked = f"; it asks to wait {wait:g} s (Retry-After)" if wait is not None and wait >= 1 else ""
    if isinstance(err, openai.RateLimitError):
        return (
            f"The model server at {where} is rate-limiting (HTTP 429, {tries}{asked}). "
            "Try again later."
        )
    return f"The model server at {where} answered HTTP {code} ({tries}{asked}){said}"


def unwrapped(err: BaseException) -> BaseException:
    """The openai client's own error under the copies LangChain wraps it in."""
    import openai

    seen = 0
    while isinstance(err.__cause__, openai.OpenAIError) and seen < 10:
        err, seen = err.__cause__, seen + 1
    return err


def attempts(err: BaseException) -> int | None:
    """How many requests the openai client made, from the retry count it sent with the last
    one; None when the error carries no request."""
    request = getattr(err, "request", None)
    response = getattr(err, "response", None)
    if request is None and response is not None:
        request = getattr(response, "request", None)
    headers = getattr(request, "headers", None)
    count = headers.get("x-stainless-retry-count") if headers is not None else None
    return int(count) + 1 if count is not None and str(count).isdigit() else None


def tries_text(count: int | None, settings: LLMSettings) -> str:
    if count is None:
        return f"after up to {settings.max_retries} retries"
    if count == 1:
        return "1 attempt, not retried"
    return f"after {count - 1} {'retry' if count == 2 else 'retries'}"


def _retry_after(err: Any) -> float | None:
    from askwhy.planning.llm.transport import retry_after

    response = getattr(err, "response", None)
    return retry_after(response.headers) if response is not None else None


def _server_said(err: Any) -> str:
    body = getattr(err, "body", None)
    message = body.get("message") if isinstance(body, dict) else None
    if not message:
        message = getattr(err, "message", "")
    message = one_line(str(message or ""))
    return f": {message}" if message else ""


def one_line(text: str) -> str:
    """One line, at most MAX_SERVER_MESSAGE characters: a server's words are not trusted."""
    text = "".join(ch for ch in " ".join(text.split()) if ch.isprintable())
    if len(text) > MAX_SERVER_MESSAGE:
        text = text[: MAX_SERVER_MESSAGE - 3] + "..."
    return text


@contextmanager
def model_errors(settings: LLMSettings) -> Iterator[None]:
    """Re-raise openai errors as LLMError with advice; anything else passes through."""
    import openai

    try:
        yield
    except openai.OpenAIError as err:
        raise LLMError(describe_model_error(err, settings)) from None
