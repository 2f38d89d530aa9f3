"""Analysis settings named in a question's text: algorithm, independence test, alpha and
effect estimator ("Use FCI with a KCI test at the 1% level")."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from askwhy.planning.rules.context import Draft, Fields
from askwhy.planning.rules.lexicon import Patterns, lexicon

Names = tuple[tuple[str, re.Pattern[str]], ...]  # (setting value, how the text names it)

_ALPHA = (
    re.compile(
        r"(?:\balpha\b|α|\bsignificance(?:\s+level)?\b|\bp-?\s*values?\s+(?:threshold|cut-?off)\b|"
        r"\bp\s*<=?)\s*(?:of|=|:|is|at|set\s+to|equal\s+to|<=?)?\s*(\d*\.?\d+(?:[eE][-+]?\d+)?)"
        r"\s*(%?)",
        re.I,
    ),
    re.compile(r"\bat\s+(?:the\s+|a\s+)?(\d*\.?\d+)\s*(%)\s*(?:significance\s+)?level\b", re.I),
    re.compile(r"\b(\d*\.?\d+)\s*(%)\s+(?:significance|level)\b", re.I),
)


@lru_cache(maxsize=1)
def _named_values() -> tuple[tuple[str, Names], ...]:
    """(ParsedQuestion field, its values with their names in text), from the lexicon."""
    lex = lexicon()
    return (
        ("algorithm", _compiled(lex.algorithms)),
        ("test", _compiled(lex.tests)),
        ("method", _compiled(lex.estimators)),
    )


def _compiled(names: Mapping[str, Patterns]) -> Names:
    return tuple((value, re.compile("|".join(alts), re.I)) for value, alts in names.items())


def mask_settings(text: str) -> str:
    """The text with the names of tests and significance levels blanked out (same length),
    so that "Fisher z" or "α = 0.05" never name a column (algorithm names stay: "Run PC on
    ..." asks for a graph)."""
    tests = dict(_named_values())["test"]
    spans = [m.span() for _, p in tests for m in p.finditer(text)]
    spans += [m.span() for p in _ALPHA for m in p.finditer(text)]
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def named_settings(text: str) -> dict[str, Any]:
    """Analysis settings named anywhere in the text: algorithm, test, alpha, method."""
    return read_settings(text, Draft())


def read_settings(text: str, draft: Draft) -> Fields:
    """Algorithm, test, alpha and effect estimator named anywhere in the text.

    When several values of one setting are named, the first in the text wins, with a note.
    A name inside a longer one ("Fisher-z" in "rank-based Fisher-z", "kernel test" in
    "random-feature kernel test") does not count as another value.
    """
    out: Fields = {}
    for key, table in _named_values():
        hits = _outermost([(m.span(), name) for name, p in table for m in p.finditer(text)])
        if hits:
            out[key] = hits[0][1]
            if len({name for _, name in hits}) > 1:
                names = ", ".join(dict.fromkeys(name for _, name in hits))
                draft.note(f"several {key}s named ({names}); using {hits[0][1]}", 0.1)
    for pattern in _ALPHA:
        if m := pattern.search(text):
            value = float(m.group(1)) / (100 if m.group(2) else 1)
            if 0 < value < 1:
                out["alpha"] = value
            else:
                draft.note(
                    f"ignored the significance level '{m.group(0).strip()}' (not between 0 and 1)"
                )
            break
    return out


def _outermost(hits: list[tuple[tuple[int, int], str]]) -> list[tuple[int, str]]:
    """(start, value) of the hits not inside another value's longer match, in text order."""
    kept = [
        (start, name)
        for (start, end), name in hits
        if not any(
            other != name and s <= start and end <= e and (e - s) > (end - start)
            for (s, e), other in hits
        )
    ]
    return sorted(set(kept))
