"""The words of effect designs (designs.json beside this module), compiled once.

Patterns are regular expressions on the lowercase sentence template, where columns are
`@k`; macros: {V} one column (group 1), {LIST} one or more columns joined by commas / and
(group 1), {NUM} a number. A list of strings is one pattern, the strings joined. Also
the table facts a design reading uses (DesignFacts: TableFacts and the columns kept only as
row labels, which may fill a time or group role) and the design vocabulary.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from askwhy.planning.rules.context import Fields, TableFacts, Unreadable
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


LABEL_ROLES = ("time", "group")  # roles a column kept only as row labels may fill


def _spelled(name: str) -> str:
    """A column name as a pattern: case as in the template (lower), separators loose."""
    parts = [re.escape(p) for p in re.split(r"[\s_\-.]+", name.lower()) if p]
    return r"(?<![\w@])" + r"[\s_\-.]?".join(parts) + r"(?![\w])"


@lru_cache(maxsize=32)
def role_patterns(role: str, labels: tuple[str, ...] = ()) -> tuple[re.Pattern[str], ...]:
    """The patterns of `role`; for a time or group role with `labels` (columns left out of
    the analyses that label rows, e.g. 40 state names) {V} also matches those names."""
    found = words().roles[role]
    if not labels or role not in LABEL_ROLES:
        return found
    names = "|".join(_spelled(n) for n in sorted(labels, key=len, reverse=True))
    return tuple(re.compile(p.pattern.replace(r"(@\d+)", rf"(@\d+|{names})")) for p in found)


def label_named(said: str, labels: tuple[str, ...]) -> str | None:
    """The row-label column `said` spells (case and separators aside)."""
    key = re.sub(r"[\s_\-.]+", "", said.lower())
    return next((n for n in labels if re.sub(r"[\s_\-.]+", "", n.lower()) == key), None)


def unknown_label(text: str, roles: dict, spans: list, labels: tuple[str, ...]) -> None:
    """ "with county as the group" when no column is county: refused, never ignored."""
    for m in cached("label_role").finditer(text):
        said, role = m.group(1), m.group(2)
        if any(a < m.end() and m.start() < b for a, b in spans) or said in vocabulary():
            continue
        if said in ("the", "a", "an", "it", "this", "that", "same", "each", "one", "who"):
            continue
        kind = "time" if role in ("time", "period") else "group"
        if roles.get(kind) is None:
            raise Unreadable(
                f"The question names '{said}' as the {role}, but the data have no column "
                f"called that{_label_hint(labels)}; name the {role} column as the data spell it."
            )


def _label_hint(labels: tuple[str, ...]) -> str:
    return f" (columns kept only as row labels: {', '.join(labels)})" if labels else ""


@lru_cache(maxsize=1)
def vocabulary() -> frozenset[str]:
    """Words and phrases of designs that are never an unknown variable's name."""
    raw = words().raw
    found = set(raw["vocabulary"]) | set(raw["age_words"])
    for values in raw["level_synonyms"].values():
        found |= set(values)
    return frozenset(found)


def design_phrase(phrase: str, fields: Fields) -> bool:
    """A phrase the design reading accounts for ("time", "running variable", a phrase
    with a level named as the subgroup or reference): not an unknown variable's name."""
    design = fields.get("design") or {}
    if not design:
        return False
    levels = [str(v).lower() for v in (design.get("subgroup") or {}).get("values") or []]
    levels += [str(design["reference"]).lower()] if design.get("reference") else []
    lowered = phrase.lower()
    if any(re.search(rf"(?<![\w-]){re.escape(level)}(?![\w-])", lowered) for level in levels):
        return True
    return lowered in vocabulary() or all(w in vocabulary() for w in lowered.split())


@dataclass(frozen=True)
class DesignFacts(TableFacts):
    """TableFacts with the columns kept only as row labels (a design's time or group)."""

    labels: frozenset[str] = frozenset()


def table_facts(dataset: Any) -> TableFacts:
    """The levels of each text column, the 0/1 columns and the role hints of a Dataset."""
    profiles = getattr(dataset, "profiles", None) or {}
    levels = {c: list(p.categories) for c, p in profiles.items() if p.categories}
    binary = frozenset(
        c
        for c, p in profiles.items()
        if p.kind == "binary" and not p.categories and (p.min, p.max) == (0.0, 1.0)
    )
    dictionary = getattr(dataset, "dictionary", None)
    entries = dictionary.columns if dictionary is not None else {}
    roles = {c: list(e.role) for c, e in entries.items() if e.role and c in profiles}
    labels = frozenset(getattr(dataset, "row_labels", None) or {})
    return DesignFacts(
        levels=levels, binary=binary, roles=roles, known=bool(profiles), labels=labels
    )


def read_reference(text: str, x: str, facts: TableFacts, fields: Fields) -> tuple[str | None, str]:
    """The reference level of treatment `x` the text names, and the text without it."""
    levels = facts.levels.get(x)
    for i, pattern in enumerate(words().raw["reference"]):
        m = compile_pattern(pattern).search(text)
        if not m:
            continue
        said = m.group(1).strip()
        level = level_in(said, levels or [])
        explicit = i < 3
        if level is None and levels and explicit:
            raise Unreadable(
                f"'{said}' is not a level of {x}; its levels are {', '.join(levels)}.", fields
            )
        if level is None and explicit and facts.known and not levels:
            raise Unreadable(
                f"A reference level applies to a categorical treatment; {x} holds numbers.",
                fields,
            )
        if level is None and explicit and not facts.known:
            level = said.split()[0]
        if level is not None:
            return level, text[: m.start()] + " " + text[m.end() :]
    return None, text


def level_in(said: str, levels: list[str]) -> str | None:
    """The level `said` starts with (longest first, case-insensitive)."""
    for level in sorted(levels, key=len, reverse=True):
        if re.match(re.escape(level.lower()) + r"(?![\w-])", said.lower()):
            return level
    return None
