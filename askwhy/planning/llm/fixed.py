"""The analysis settings a model does not choose: the session's, overridden by the ones the
question names ("using FCI", "at alpha 0.01"). Both model planners fill them in, so no tokens
are spent on them and a model cannot get them wrong or override them."""

from __future__ import annotations

from typing import Any

from askwhy.core.settings import AnalysisSettings
from askwhy.planning.rules.parse import named_settings
from askwhy.tools.registry import Tool


def question_settings(question: str, settings: AnalysisSettings) -> AnalysisSettings:
    """`settings` with the settings the question names laid over them."""
    return settings.updated(named_settings(question))


def fixed_settings(tool: Tool, settings: AnalysisSettings) -> dict[str, Any]:
    """The values of the settings `tool` declares (its Role.setting fields), no others."""
    values = settings.model_dump()
    return {name: values[name] for name in tool.setting_fields if name in values}


def settings_note(question: str) -> str:
    """A note naming the settings read from the question, or "" when it names none."""
    named = named_settings(question)
    if not named:
        return ""
    return "Settings from the question: " + ", ".join(f"{k}={v}" for k, v in named.items()) + "."
