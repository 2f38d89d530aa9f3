"""The words of effect designs (designs.json beside this module), compiled once.

Patterns are regular expressions on the lowercase sentence template, where columns are
`@k`; macros: {V} one column (group 1), {LIST} one or more columns joined by commas / and
(group 1), {NUM} a number. A list of strings is one pattern, the strings joined.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from askwhy.planning.rules.sentences import NUM, number

_MACROS = {"{V}": r"(@\d+)", "{LIST}": r"((?:@\d+\s*(?:,|\band\b|&|\bor\b)?\s*)+)", "{NUM}": NUM}


def compile_pattern(pattern: str | list[str]) -> re.Pattern[str]:
    text = pattern if isinstance(pattern, str) else "".join(pattern)
    for macro, value in _MACROS.items():
        text = text.replace(macro, value)
    return re.compile(text)


@dataclass(frozen=True)
class Words:
    designs: dict[str, tuple[re.Pattern[str], ...]]
    estimands: dict[str, tuple[re.Pattern[str], ...]]
    methods: dict[str, tuple[re.Pattern[str], ...]]
    roles: dict[str, tuple[re.Pattern[str], ...]]
    raw: dict[str, Any]

    def pattern(self, key: str, sub: str | None = None) -> re.Pattern[str]:
        return compile_pattern(self.raw[key][sub] if sub else self.raw[key])


@lru_cache(maxsize=1)
def words() -> Words:
    """designs.json, compiled once."""
    text = resources.files(__package__).joinpath("designs.json").read_text(encoding="utf-8")
    raw = json.loads(text)

    def table(key: str) -> dict[str, tuple[re.Pattern[str], ...]]:
        return {k: tuple(compile_pattern(p) for p in v) for k, v in raw[key].items()}

    return Words(
        table("designs"), table("estimands"), table("matching_methods"), table("roles"), raw
    )


@lru_cache(maxsize=64)
def cached(key: str, sub: str = "") -> re.Pattern[str]:
    return words().pattern(key, sub or None)


def as_number(text: str) -> float:
    return 0.0 if text == "zero" else number(text)
