"""Drafts of the mutation reading set: a template on a table with columns in roles, how each
name is written, the label a rendering means, and the lines written out.
"""

from __future__ import annotations

import random
import re
import string
from dataclasses import dataclass, field
from typing import Any

from askwhy.evals.mutation_tables import TABLES, Column, Table
from askwhy.evals.mutation_templates import PAIR_SYNONYMS, PAIR_TEMPLATES, Template
from askwhy.evals.mutation_templates_roles import ROLE_SYNONYMS, ROLE_TEMPLATES

TEMPLATES: dict[str, list[Template]] = {**PAIR_TEMPLATES, **ROLE_TEMPLATES}
SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {**PAIR_SYNONYMS, **ROLE_SYNONYMS}
FAMILIES = tuple(TEMPLATES)
MUTATIONS = (
    "plain", "case", "separators", "partial_name", "units", "typo", "synonym", "polarity",
    "order", "notation", "choice", "scenario", "followup",
)  # fmt: skip
FORMATS = {
    "parents": "list", "children": "list", "ancestors": "list", "descendants": "list",
    "adjustment_set": "list", "graph": "graph", "effect": "number",
    "pairwise_direction": "text", "describe_data": "text",
}  # fmt: skip
PAIRS = ("independence", "direct_cause", "collider", "confounder", "mediator")
_MARK = re.compile(r"\[\[(.+?)\]\]")
SET_FOLDER = "mutation_tables"


def slots(text: str) -> set[str]:
    """The {slots} a template text uses."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def texts(tpl: Template) -> list[str]:
    return [t for t in (tpl.text, tpl.swapped, tpl.negated, tpl.flipped) if t]


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _num(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 2)


@dataclass
class Draft:
    """One question before mutation: its table, the columns in roles, how each is written."""

    family: str
    tpl: Template
    table: Table
    roles: dict[str, Any]
    written: dict[str, str] = field(default_factory=dict)

    def columns(self) -> list[Column]:
        found: list[Column] = []
        for value in self.roles.values():
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, Column) and item not in found:
                    found.append(item)
        return found

    def render(self, text: str, extra: dict[str, str] | None = None) -> str:
        def name(col: Column) -> str:
            return self.written.get(col.name, col.name)

        values = {k: name(v) for k, v in self.roles.items() if isinstance(v, Column)}
        for key in ("given", "adjust", "vars"):
            if key in self.roles:
                names = [name(c) for c in self.roles[key]]
                values[key], values[f"{key}_list"] = _and(names), ", ".join(names)
        if "t" in self.roles:
            values["t0"], values["t1"] = (str(_num(v)) for v in self.roles["t"])
        values["m"] = self.roles.get("m", "")
        return _MARK.sub(r"\1", text.format_map({**values, **(extra or {})}))


def label_of(draft: Draft, text: str) -> dict[str, Any]:
    """The frame a rendering of the draft means (roles from the slots the text uses)."""
    family, used, r = draft.family, slots(text), draft.roles
    if family == "unclear":
        return {"family": "unclear"}
    frame: dict[str, Any] = {"family": family}
    if family in (*PAIRS, "pairwise_direction"):
        frame |= {"x": r["x"].name, "y": r["y"].name}
        if "z" in used:
            frame["z"] = r["z"].name
        if used & {"given", "given_list"}:
            frame["given"] = [c.name for c in r["given"]]
    elif family in ("parents", "children", "ancestors", "descendants"):
        frame["x"] = r["x"].name
    elif family in ("adjustment_set", "effect"):
        frame |= {"treatment": r["x"].name, "outcome": r["y"].name}
        if used & {"adjust", "adjust_list"}:
            frame["adjust_for"] = [c.name for c in r["adjust"]]
        if "t0" in used:
            frame["treatment_values"] = [_num(v) for v in r["t"]]
    elif used & {"vars", "vars_list"}:
        frame["variables"] = [c.name for c in r["vars"]]
    if family == "independence":
        frame["polarity"] = draft.tpl.polarity
    frame["format"] = draft.tpl.fmt or FORMATS.get(family, "yes_no")
    return frame


class Builder:
    """Draws drafts and writes the mutated questions, in a fixed order for a seed."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.rows: list[dict[str, Any]] = []
        self.turn: dict[str, int] = {}

    def next_turn(self, key: str, n: int) -> int:
        self.turn[key] = self.turn.get(key, -1) + 1
        return self.turn[key] % n

    # ----- drafts ----------------------------------------------------------------------------

    def draft(self, family: str, tpl: Template, need=None, extra_slots=(), table=None) -> Draft:
        used = set().union(*(slots(t) for t in texts(tpl))) | set(extra_slots)
        tables = [t for t in TABLES if need is None or any(need(c) for c in t.variables())]
        table = table or self.rng.choice(tables)
        pool = self.rng.sample(table.variables(), len(table.variables()))
        roles: dict[str, Any] = {}
        take = pool.pop
        for key in ("x", "y", "z", "c1", "c2", "c3", "w"):
            if key in used:
                roles[key] = take()
        for key, size in (("given", tpl.n_given), ("adjust", (1, 2)), ("vars", tpl.n_vars)):
            if used & {key, f"{key}_list"}:
                roles[key] = [take() for _ in range(self.rng.randint(*size))]
        draft = Draft(family, tpl, table, roles)
        if need and not any(need(c) for c in draft.columns()):
            swap_in = next((c for c in pool if need(c)), None)
            if swap_in is None or not draft.columns():
                return self.draft(family, tpl, need, extra_slots, None)
            out = self.rng.choice(draft.columns())
            for key, value in roles.items():
                if isinstance(value, list):
                    roles[key] = [swap_in if c == out else c for c in value]
                elif value == out:
                    roles[key] = swap_in
        if used & {"t0", "t1"}:
            roles["t"] = self.values(roles["x"])
        if "m" in used:
            roles["m"] = self.rng.choice(table.missing)
        for col in draft.columns():
            keep = col.unit or self.rng.random() < 0.5
            draft.written[col.name] = col.name if keep else col.words
        return draft

    def values(self, col: Column, avoid: tuple | None = None) -> tuple[float, float]:
        if col.kind == "binary":
            return (1.0, 0.0) if avoid == (0.0, 1.0) else (0.0, 1.0)
        step = float(f"{col.scale:.1g}")
        low = round(col.loc / step) * step + step * self.rng.choice([-2, -1, 0])
        pair = (low, low + step * self.rng.choice([1, 2]))
        pair = tuple(float(f"{v:.4g}") for v in pair)
        if self.rng.random() < 0.25 or pair == avoid:
            pair = pair[::-1]
        return pair  # type: ignore[return-value]

    # ----- output ----------------------------------------------------------------------------

    def emit(
        self,
        draft: Draft,
        question: str,
        label: dict,
        mutation: str,
        template: str,
        variant: str | None = None,
        previous: dict[str, Any] | None = None,
    ) -> None:
        info: dict[str, Any] = {"author": "generated", "mutation": mutation, "template": template}
        if variant:
            info["variant"] = variant
        written = {c.name: draft.written.get(c.name, c.name) for c in draft.columns()}
        info["written"] = written
        if draft.family == "unclear":
            m = draft.roles.get("m")
            info["reason"] = f"names '{m}', not a column" if m else "off topic"
        row = {
            "id": f"mut-{len(self.rows) + 1:04d}",
            "question": question,
            "csv": f"{SET_FOLDER}/{draft.table.name}.csv",
            "type": label["family"],
            "frame": label,
            "meta": info,
        }
        if previous:
            row["previous"] = previous
        self.rows.append(row)
