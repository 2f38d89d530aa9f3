"""AnalysisSettings: one typed set of choices, strict about names and values."""

from __future__ import annotations

import pytest

from askwhy.core.settings import AnalysisSettings
from askwhy.errors import AskwhyError
from askwhy.session import Session


def test_misspelled_setting_is_an_error():
    # Defect: Session(defaults={"alpah": 0.2}) was silently ignored.
    with pytest.raises(AskwhyError, match="alpah"):
        Session(persist=False, defaults={"alpah": 0.2})
    with pytest.raises(AskwhyError, match="Valid settings: algorithm"):
        AnalysisSettings.from_mapping({"algoritm": "pc"})


def test_bad_values_are_errors():
    with pytest.raises(AskwhyError, match="alpha"):
        AnalysisSettings.from_mapping({"alpha": 1.5})
    with pytest.raises(AskwhyError, match="algorithm"):
        AnalysisSettings.from_mapping({"algorithm": "magic"})


def test_settings_are_frozen_and_updates_skip_none():
    settings = AnalysisSettings.from_mapping({"alpha": 0.01, "test": None})
    assert settings.alpha == 0.01 and settings.test == "auto"
    with pytest.raises(ValueError):
        settings.alpha = 0.2  # type: ignore[misc]
    # A question that names nothing keeps the session's choice.
    assert settings.updated({"alpha": None, "algorithm": "fci"}).alpha == 0.01
    assert settings.updated({"algorithm": "fci"}).changed() == {"alpha": 0.01, "algorithm": "fci"}


def test_session_settings_reach_the_tool_call(examples_dir):
    session = Session(persist=False, defaults={"alpha": 0.01})
    session.load(examples_dir / "smoking.csv")
    answer = session.ask("Does smoking directly cause tar?")
    assert answer.trace[0].args["alpha"] == 0.01
    assert answer.graph.name.endswith("0.01")
    # The question's own setting wins over the session's.
    answer = session.ask("Does smoking directly cause tar at alpha 0.2?")
    assert answer.trace[0].args["alpha"] == 0.2
