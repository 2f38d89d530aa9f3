"""The settings a model does not choose: the session's, overridden by the question's words."""

from __future__ import annotations

import pytest

from askwhy.core.settings import AnalysisSettings
from askwhy.planning.llm.fixed import fixed_settings, question_settings, settings_note
from askwhy.tools.catalog import default_registry

REGISTRY = default_registry()


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Using FCI, does tar cause lung cancer?", {"algorithm": "fci"}),
        ("Are they independent (kernel test, alpha 0.01)?", {"test": "kci", "alpha": 0.01}),
        ("With a chi-square test, is tar a cause of x?", {"test": "chisq"}),
        ("Estimate it with double ML.", {"method": "dml"}),
        ("In graph pc-smoking, what causes tar?", {}),
    ],
)
def test_the_question_overrides_the_session(question, expected):
    session = AnalysisSettings(algorithm="ges", alpha=0.1)
    chosen = question_settings(question, session)
    assert chosen == session.updated(expected)
    assert chosen.algorithm == expected.get("algorithm", "ges")


def test_a_tool_gets_only_the_settings_it_declares():
    settings = question_settings(
        "Using FCI at alpha 0.01, are x and y independent?", AnalysisSettings()
    )
    assert fixed_settings(REGISTRY.get("test_independence"), settings) == {
        "test": "auto",
        "alpha": 0.01,
    }
    assert fixed_settings(REGISTRY.get("discover_graph"), settings) == {
        "algorithm": "fci",
        "test": "auto",
        "alpha": 0.01,
        "seed": 0,
        "knowledge": None,
        "bootstrap": 0,
    }
    assert fixed_settings(REGISTRY.get("estimate_effect"), settings)["method"] == "auto"
    assert fixed_settings(REGISTRY.get("show_graph"), settings) == {}


def test_the_note_names_what_the_question_set():
    assert settings_note("Using GES, does tar cause cancer?") == (
        "Settings from the question: algorithm=ges."
    )
    assert settings_note("Does tar cause cancer?") == ""
