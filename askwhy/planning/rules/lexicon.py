"""The rule parser's vocabulary, read from lexicon.json beside this module.

The data file holds what words signal, so that the code only holds how a question is read:

- word sets (plain lowercase words): `abbreviations` that do not end a sentence,
  `structure_words` that can never be part of a variable name, the words around a list
  of columns (`list_filler` before it, `list_separators` inside it, `list_tail` after an
  item: "holding Z fixed"), and `verbs_into`, verbs that before "into" are never a loosely
  read column name ("feed into");
- small tables: `count_words` ("five columns") and `relative_nouns` (noun -> family);
- phrase lists: regular-expression fragments, tried in order, for pronouns, exclusions
  ("except"), conditioning markers ("given", "controlling for"), how a question starts and
  what marks a request ("can you", "?"), labels that mark the asking sentence ("Command:"),
  answer-format instructions ("Please answer yes or no."), elaborations that restate the
  question ("i.e."), negation, the words of each polarity ("correlated", "independent"),
  options that claim no relation, and follow-ups in a chat ("what about", "why?");
- `family_rules`: the triggers of each question family, in priority order (first match
  wins), with the macros `${NAME}` from `family_fragments` (and `${V}`, `${NUM}`, given by
  families.py);
- `algorithms`, `tests`, `estimators`: the names each analysis setting goes by;
  `polarity_words`: what each polarity of an independence question is called;
  `role_nouns`: what a confounder, a collider and a mediator are called.

A pattern written as a list of strings is those strings joined: JSON has no line breaks
inside a string.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Any

Patterns = tuple[str, ...]


@dataclass(frozen=True)
class FamilyTrigger:
    """One entry of `family_rules`: patterns that, found in a sentence, give its family."""

    family: str
    patterns: Patterns
    min_columns: int = 0  # the sentence must name at least this many columns
    weak: bool = False  # a side remark ("Use GES."): the question only if nothing else is


@dataclass(frozen=True)
class Lexicon:
    abbreviations: frozenset[str]
    structure_words: frozenset[str]
    list_filler: frozenset[str]
    list_separators: frozenset[str]
    list_tail: frozenset[str]
    verbs_into: frozenset[str]
    count_words: Mapping[str, int]
    relative_nouns: Mapping[str, str]
    pronouns: Patterns
    exclusions: Patterns
    given_markers: Patterns
    weak_given_openers: Patterns
    weak_given_fillers: Patterns
    weak_given_nouns: Patterns
    question_labels: Patterns
    question_fillers: Patterns
    question_openers: Patterns
    asking_phrases: Patterns
    asking_labels: Patterns
    instruction_phrases: Patterns
    elaboration_markers: Patterns
    negators: Patterns
    negation_exceptions: Patterns
    polarity_words: Mapping[str, Patterns]
    role_nouns: Mapping[str, Patterns]
    none_claims: Patterns
    followup_openers: Patterns
    followup_why: Patterns
    followup_reverse: Patterns
    followup_graph: Patterns
    family_fragments: Mapping[str, str]
    family_rules: tuple[FamilyTrigger, ...]
    algorithms: Mapping[str, Patterns]
    tests: Mapping[str, Patterns]
    estimators: Mapping[str, Patterns]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The parser's vocabulary (read once)."""
    text = resources.files(__package__).joinpath("lexicon.json").read_text(encoding="utf-8")
    return parse_lexicon(json.loads(text))


def parse_lexicon(raw: Mapping[str, Any]) -> Lexicon:
    """A Lexicon from the decoded JSON; ValueError names missing or unknown entries."""
    names = set(Lexicon.__dataclass_fields__)
    if missing := names - set(raw):
        raise ValueError(f"lexicon.json lacks {', '.join(sorted(missing))}")
    if unknown := set(raw) - names:
        raise ValueError(f"lexicon.json has unknown entries {', '.join(sorted(unknown))}")
    word_sets = (
        "abbreviations", "structure_words", "list_filler", "list_separators", "list_tail",
        "verbs_into",
    )  # fmt: skip
    tables = ("count_words", "relative_nouns")
    named_patterns = ("algorithms", "tests", "estimators", "polarity_words", "role_nouns")
    fields: dict[str, Any] = {}
    for name, value in raw.items():
        if name in word_sets:
            fields[name] = frozenset(value)
        elif name in tables:
            fields[name] = MappingProxyType(dict(value))
        elif name in named_patterns:
            fields[name] = MappingProxyType({k: _patterns(v) for k, v in value.items()})
        elif name == "family_fragments":
            fields[name] = MappingProxyType({k: _joined(v) for k, v in value.items()})
        elif name == "family_rules":
            fields[name] = tuple(_trigger(entry) for entry in value)
        else:
            fields[name] = _patterns(value)
    return Lexicon(**fields)


def alternation(fragments: Patterns) -> str:
    """The fragments as one regular-expression group, tried in order."""
    return "(?:" + "|".join(fragments) + ")"


def _trigger(entry: Mapping[str, Any]) -> FamilyTrigger:
    return FamilyTrigger(
        family=entry["family"],
        patterns=_patterns(entry["patterns"]),
        min_columns=entry.get("min_columns", 0),
        weak=entry.get("weak", False),
    )


def _patterns(values: list[str | list[str]]) -> Patterns:
    return tuple(_joined(v) for v in values)


def _joined(value: str | list[str]) -> str:
    return value if isinstance(value, str) else "".join(value)
