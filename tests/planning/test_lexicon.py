"""The rule parser's vocabulary file: it loads, is read-only, and every entry is used."""

from __future__ import annotations

import dataclasses
import json
import re
from importlib import resources
from pathlib import Path

import pytest

from askwhy.core.settings import ALGORITHMS, ESTIMATORS, TESTS
from askwhy.planning.rules import parse
from askwhy.planning.rules.families import family_rules
from askwhy.planning.rules.lexicon import Lexicon, lexicon, parse_lexicon

RULES_DIR = Path(parse.__file__).parent


def raw_lexicon() -> dict:
    text = resources.files("askwhy.planning.rules").joinpath("lexicon.json").read_text("utf-8")
    return json.loads(text)


def test_the_data_file_loads_once_and_is_read_only():
    lex = lexicon()
    assert lexicon() is lex
    assert "the" in lex.structure_words and lex.count_words["five"] == 5
    with pytest.raises(dataclasses.FrozenInstanceError):
        lex.pronouns = ()  # type: ignore[misc]
    with pytest.raises(TypeError):
        lex.count_words["eleven"] = 11  # type: ignore[index]
    assert isinstance(lex.structure_words, frozenset)


def test_every_entry_is_read_by_the_parser():
    sources = "\n".join(
        path.read_text(encoding="utf-8")
        for path in RULES_DIR.glob("*.py")
        if path.name != "lexicon.py"
    )
    for name in Lexicon.__dataclass_fields__:
        assert re.search(rf"\.{name}\b", sources), f"lexicon entry '{name}' is never read"


def test_missing_or_unknown_entries_are_refused():
    raw = raw_lexicon()
    with pytest.raises(ValueError, match="unknown entries typo"):
        parse_lexicon({**raw, "typo": []})
    del raw["pronouns"]
    with pytest.raises(ValueError, match="lacks pronouns"):
        parse_lexicon(raw)


def test_word_lists_are_lowercase_without_repeats():
    """Templates are lowercase, so an uppercase word could never match."""
    for name, value in raw_lexicon().items():
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            assert len(value) == len(set(value)), f"{name} repeats a word"
            assert all(v == v.lower() for v in value), f"{name} has an uppercase word"


def test_every_family_has_a_builder_and_every_builder_a_trigger():
    triggered = {trigger.family for trigger in lexicon().family_rules}
    assert triggered == set(parse.BUILDERS)
    assert all(rule.pattern.pattern and "${" not in rule.pattern.pattern for rule in family_rules())


def test_setting_names_are_values_the_settings_accept():
    lex = lexicon()
    for names, allowed in (
        (lex.algorithms, ALGORITHMS),
        (lex.tests, TESTS),
        (lex.estimators, ESTIMATORS),
    ):
        assert set(names) == set(allowed) - {"auto"}


def test_polarity_words_and_role_nouns_name_their_kinds():
    lex = lexicon()
    assert set(lex.polarity_words) == {"independence", "dependence"}
    assert set(lex.role_nouns) == {"confounder", "collider", "mediator"}


def test_relative_nouns_name_relative_families():
    assert set(lexicon().relative_nouns.values()) == {
        "parents",
        "children",
        "ancestors",
        "descendants",
    }
