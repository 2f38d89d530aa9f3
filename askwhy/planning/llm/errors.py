"""Errors of the model planner: the model server failing, and what to do about it.

`describe_model_error` turns the openai client's typed errors (left after its own retries)
into advice; `model_errors` applies it around an agent run. openai is imported lazily.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from askwhy.errors import AskwhyError
from askwhy.planning.llm.config import LLMSettings


class LLMError(AskwhyError):
    """The model could not be reached, or did not produce a usable reply."""


def describe_model_error(err: BaseException, settings: LLMSettings) -> str:
    """A message that says what went wrong with the model server and what to do."""
    import openai

    where = settings.base_url or "the OpenAI API"
    retries = f"after {settings.max_retries} retries"
    if isinstance(err, openai.APITimeoutError):
        return (
            f"The model at {where} did not reply within {settings.timeout:g} s ({retries}). "
            "Raise `timeout` under [llm] in the config file, or use a faster model."
        )
    if isinstance(err, openai.APIConnectionError):
        return (
            f"Could not connect to the model server at {where} ({retries}). Is it running? "
            "Check --base-url / OPENAI_BASE_URL."
        )
    if isinstance(err, openai.AuthenticationError):
        return f"The model server at {where} rejected the API key. Set OPENAI_API_KEY."
    if isinstance(err, openai.NotFoundError):
        return (
            f"Model '{settings.model}' was not found at {where}. Check --model / ASKWHY_MODEL "
            "(for Ollama, run `ollama pull NAME` first)."
        )
    if isinstance(err, openai.RateLimitError):
        return f"The model server at {where} is still rate-limiting ({retries}). Try later."
    if isinstance(err, openai.APIStatusError):
        return (
            f"The model server at {where} answered HTTP {err.status_code} ({retries}): "
            f"{err.message}"
        )
    return f"The model request failed: {err}"


@contextmanager
def model_errors(settings: LLMSettings) -> Iterator[None]:
    """Re-raise openai errors as LLMError with advice; anything else passes through."""
    import openai

    try:
        yield
    except openai.OpenAIError as err:
        raise LLMError(describe_model_error(err, settings)) from None
