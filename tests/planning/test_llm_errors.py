"""Model server failures become LLMError with advice (typed openai errors, not message text)."""

from __future__ import annotations

import httpx
import openai
import pytest

from askwhy.planning.llm.config import LLMSettings
from askwhy.planning.llm.errors import LLMError, describe_model_error, model_errors

SETTINGS = LLMSettings(model="m", base_url="http://127.0.0.1:9/v1", max_retries=2, timeout=5)
REQUEST = httpx.Request("POST", "http://127.0.0.1:9/v1/chat/completions")


def status(code: int, error: type[openai.APIStatusError]) -> openai.APIStatusError:
    response = httpx.Response(code, request=REQUEST)
    return error("scripted", response=response, body=None)


@pytest.mark.parametrize(
    ("err", "advice"),
    [
        (openai.APITimeoutError(REQUEST), "did not reply within 5 s"),
        (openai.APIConnectionError(request=REQUEST), "Could not connect.*--base-url"),
        (status(401, openai.AuthenticationError), "OPENAI_API_KEY"),
        (status(404, openai.NotFoundError), "Model 'm' was not found.*ollama pull"),
        (status(429, openai.RateLimitError), "rate-limiting"),
        (status(503, openai.InternalServerError), r"HTTP 503 \(after 2 retries\)"),
    ],
)
def test_each_failure_says_what_to_do(err, advice):
    with pytest.raises(LLMError, match=advice), model_errors(SETTINGS):
        raise err
    assert describe_model_error(err, SETTINGS)


def test_other_errors_pass_through():
    with pytest.raises(KeyError), model_errors(SETTINGS):
        raise KeyError("x")
