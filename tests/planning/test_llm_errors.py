"""Model server failures become LLMError with advice (typed openai errors, not message text)."""

from __future__ import annotations

import httpx
import openai
import pytest

from askwhy.planning.llm.config import LLMSettings
from askwhy.planning.llm.errors import LLMError, attempts, describe_model_error, model_errors

SETTINGS = LLMSettings(model="m", base_url="http://127.0.0.1:9/v1", max_retries=2, timeout=5)
URL = "http://127.0.0.1:9/v1/chat/completions"
REQUEST = httpx.Request("POST", URL)


def request(retries_taken: int) -> httpx.Request:
    """A request as the openai client sends it: numbered by its retry-count header."""
    return httpx.Request("POST", URL, headers={"x-stainless-retry-count": str(retries_taken)})


def status(
    code: int, error: type[openai.APIStatusError], sent: httpx.Request = REQUEST, **headers: str
) -> openai.APIStatusError:
    response = httpx.Response(code, request=sent, headers=headers)
    return error("scripted", response=response, body={"message": "the server's words"})


def caused_by(cause: Exception, sent: httpx.Request = REQUEST) -> openai.APIConnectionError:
    try:
        raise openai.APIConnectionError(request=sent) from cause
    except openai.APIConnectionError as err:
        return err


@pytest.mark.parametrize(
    ("err", "advice"),
    [
        (openai.APITimeoutError(REQUEST), "did not reply within 5 s"),
        (openai.APIConnectionError(request=REQUEST), "Could not connect.*--base-url"),
        (status(401, openai.AuthenticationError), "HTTP 401: the server's words.*OPENAI_API_KEY"),
        (status(404, openai.NotFoundError), "Model 'm' was not found.*ollama pull"),
        (status(429, openai.RateLimitError), "rate-limiting"),
        (status(503, openai.InternalServerError), r"HTTP 503 \(after up to 2 retries\)"),
    ],
)
def test_each_failure_says_what_to_do(err, advice):
    with pytest.raises(LLMError, match=advice), model_errors(SETTINGS):
        raise err
    assert describe_model_error(err, SETTINGS)


def test_attempts_are_the_requests_really_made():
    assert attempts(openai.APITimeoutError(request(0))) == 1
    assert attempts(status(500, openai.InternalServerError, request(2))) == 3
    assert attempts(openai.APITimeoutError(REQUEST)) is None
    one = status(429, openai.RateLimitError, request(0), **{"retry-after": "3600"})
    message = describe_model_error(one, SETTINGS)
    assert "1 attempt, not retried; it asks to wait 3600 s (Retry-After)" in message
    three = status(503, openai.InternalServerError, request(2))
    assert "HTTP 503 (after 2 retries): the server's words" in describe_model_error(three, SETTINGS)


@pytest.mark.parametrize(
    ("cause", "said"),
    [
        (httpx.RemoteProtocolError("Receive buffer too long"), "headers larger than"),
        (
            httpx.RemoteProtocolError("Server disconnected without sending a response."),
            "closed the connection without replying",
        ),
        (httpx.RemoteProtocolError("illegal status line"), "not valid HTTP"),
        (httpx.ReadError("reset by peer"), "broke mid-request"),
        (httpx.ConnectError("refused"), "Could not connect"),
    ],
)
def test_a_broken_connection_says_what_broke(cause, said):
    message = describe_model_error(caused_by(cause, request(1)), SETTINGS)
    assert said in message and "after 1 retry" in message


def test_langchain_wrappers_are_looked_through():
    inner = caused_by(httpx.RemoteProtocolError("Receive buffer too long"))
    try:
        raise openai.APIConnectionError(request=REQUEST) from inner
    except openai.APIConnectionError as outer:
        assert "headers larger than" in describe_model_error(outer, SETTINGS)


def test_a_server_message_is_cut_to_one_short_line():
    body = {"message": "bad\n\x1b[31m" + "x" * 5000}
    response = httpx.Response(400, request=request(0))
    err = openai.BadRequestError("m", response=response, body=body)
    message = describe_model_error(err, SETTINGS)
    assert len(message) < 450 and "\x1b" not in message and "\n" not in message
    assert message.endswith("...")


def test_other_errors_pass_through():
    with pytest.raises(KeyError), model_errors(SETTINGS):
        raise KeyError("x")
