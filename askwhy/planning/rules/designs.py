"""The design of an effect question: which design, estimand, roles, subgroup and reference.

Read in two steps around effects.py's treatment and outcome (word lists in designs.json):

1. `read_roles`, before them: the designs the words name ("instrumented by", "regression
   discontinuity", "difference-in-differences", "matching on A and B"), and the clauses
   that give a column a design role ("Z as the instrument", "year as the time", "the
   running variable is margin", "cutoff at 0"). Those clauses are blanked from the text the
   treatment and outcome are read from.
2. `complete`, after them: the estimand (ATT, ATC), the reference level of a categorical
   treatment ("with North as the reference"), a subgroup (a level of a text column named
   after "for" / "among" / "only": "for women" -> sex is female; a 0/1 column: "among MARRIED
   workers"; a numeric range: "Age between 20 and 22", "aged 20-22", "over 65";
   subgroups.py), and the data dictionary's role hints for roles a named design lacks.

A design named without the roles it needs, two designs at once, a subgroup that could be
several columns, or a reference that is no level is refused (Unreadable, with a
rephrasing), never read as a plain back-door effect.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from askwhy.planning.rules.context import Context, Fields, TableFacts, Unreadable
from askwhy.planning.rules.design_words import (
    DesignFacts,
    as_number,
    cached,
    compile_pattern,
    design_phrase,
    label_named,
    read_reference,
    role_patterns,
    table_facts,
    unknown_label,
    vocabulary,
    words,
)
from askwhy.planning.rules.sentences import REF
from askwhy.planning.rules.subgroups import read_subgroup
from askwhy.planning.rules.variables import read_list

ROLE_ORDER = (
    "treated_group",
    "post",
    "instrument",
    "running_variable",
    "mediator",
    "time",
    "group",
)
NEEDS = {"iv": "instrument", "rdd": "running_variable", "frontdoor": "mediator"}
LABELS = {
    "iv": "instrumental variables",
    "rdd": "regression discontinuity",
    "did": "difference-in-differences",
    "frontdoor": "front-door adjustment",
}
ROLES_HINTED = ("treatment", "outcome")
HINTED = {"instrument": "instrument", "time": "time", "group": "group"}  # role -> dictionary role
EXAMPLES = {
    "iv": "using {z} as the instrument",
    "rdd": "by regression discontinuity with {z} as the running variable, cutoff at 0",
    "did": "by difference-in-differences with {z} as the time",
    "frontdoor": "by front-door adjustment through {z}",
}


@dataclass
class DesignDraft:
    """What step 1 read: the designs named, the roles found, the text left for the roles."""

    text: str
    named: set[str] = field(default_factory=set)
    roles: dict[str, Any] = field(default_factory=dict)
    covariates: list[str] = field(default_factory=list)
    method: str | None = None
    words: str = ""  # the text before the role clauses were blanked

    @property
    def used(self) -> list[str]:
        found = [c for v in self.roles.values() for c in (v if isinstance(v, list) else [v])]
        return [c for c in found if isinstance(c, str)]


def _found(patterns: dict[str, tuple[re.Pattern[str], ...]], text: str) -> set[str]:
    return {name for name, group in patterns.items() if any(p.search(text) for p in group)}


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    merged: list[list[int]] = []
    for start, end in sorted(spans):  # overlapping spans blank their union once
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    for start, end in reversed(merged):
        text = text[:start] + " " + text[end:]
    return re.sub(r"\s{2,}", " ", text)


def read_roles(ctx: Context) -> DesignDraft:
    """Step 1: designs named and design roles, with their clauses blanked from the text."""
    w = words()
    text = _PROPENSITY.sub(lambda m: _propensity(ctx, m), ctx.text)
    text = _ON_THE.sub(lambda m: _on_the(ctx, m, text), text)
    text = _AS_THE.sub(lambda m: _as_the(ctx, m, text), text)
    text = _ROLE_WORD.sub(lambda m: _role_word(ctx, m, text), text)
    others = [s for i, s in enumerate(ctx.sentences) if i != ctx.index]
    named = _found(w.designs, text) | {d for s in others for d in _found(w.designs, s.text)}
    draft = DesignDraft(text, named, words=text)
    spans: list[tuple[int, int]] = []
    labels = tuple(sorted(getattr(ctx.facts, "labels", ())))
    if named & {"did"} or _found({"did": w.roles["post"]}, text):
        _post_start(ctx, text, draft, spans)
    roles = [r for r in ROLE_ORDER if r != "mediator" or "frontdoor" in named]
    for role in roles:
        if role in draft.roles:
            continue
        for pattern in role_patterns(role, labels):
            m = pattern.search(text)
            if m and not any(a < m.end() and m.start() < b for a, b in spans):
                refs = _refs(ctx, m.group(1), labels)
                draft.roles[role] = refs if role == "instrument" else refs[0]
                spans.append(m.span())
                break
        else:
            for sentence in others:  # "We use year as the time. What is the DiD effect ...?"
                m = next((m for p in w.roles[role] if (m := p.search(sentence.text))), None)
                if m:
                    refs = [sentence.col(k) for k in REF.findall(m.group(1))]
                    draft.roles[role] = refs if role == "instrument" else refs[0]
                    ctx.draft.note(f"took the {role.replace('_', ' ')} from '{sentence.raw}'")
                    break
    for sentence_text, own in [(text, True), *((s.text, False) for s in others)]:
        cutoff = next(
            (m for p in w.raw["cutoff"] if (m := compile_pattern(p).search(sentence_text))), None
        )
        if cutoff:
            draft.roles["cutoff"] = as_number(cutoff.groups()[-1])
            spans += [cutoff.span()] if own else []
            break
    if "rdd" in named and not {"running_variable", "cutoff"} <= set(draft.roles):
        _crossing(ctx, text, draft, spans)  # "when margin crosses 0", "at a test score of 50"
    if named & {"did"} or {"time", "group"} & set(draft.roles):
        unknown_label(text, draft.roles, spans, labels)
    draft.method = next(iter(sorted(_found(w.methods, text))), None)
    on = cached("matching_on").search(text)
    if ("matching" in named or draft.method) and on:
        refs, _, end = read_list(text, on.end())
        draft.covariates = [ctx.col(k) for k in refs]
        spans.append((on.start(), end))
    draft.text = _blank(text, spans)
    return draft


def _refs(ctx: Context, found: str, labels: tuple[str, ...]) -> list[str]:
    """The columns a role's match names: mentions (@k), or a row-label column by name."""
    refs = [ctx.col(k) for k in REF.findall(found)]
    named = label_named(found, labels) if not refs else None
    return refs or ([named] if named else [])


def _post_start(ctx: Context, text: str, draft: DesignDraft, spans: list) -> None:
    """ "the post period is year >= 2010": the time column and the first post period."""
    for pattern in words().raw["post_start"]:
        m = compile_pattern(pattern).search(text)
        if not m:
            continue
        value, op = as_number(m.groups()[-1]), (m.group("op") or "").strip()
        if re.fullmatch(r">|(?:is\s+)?(?:greater|later)\s+than|(?:is\s+)?after", op):
            if not float(value).is_integer():
                raise Unreadable(
                    f"'{m.group(0).strip()}' starts the post period just after {value:g}; "
                    f"say where it starts, e.g. 'the post period is {_col(ctx, m.group(1))} "
                    f">= ...'."
                )
            ctx.draft.note(f"read '{op} {value:g}' as the post period from {value + 1:g} on")
            value += 1
        draft.roles["post_start"] = value
        draft.roles.setdefault("time", _col(ctx, m.group(1)))
        spans.append(m.span())
        return


def _crossing(ctx: Context, text: str, draft: DesignDraft, spans: list) -> None:
    """The running variable and cutoff written together: "when margin crosses 0", "at a test
    score of 50", "at test_score = 50" (a running variable already read must agree)."""
    for pattern in words().raw["crossing"]:
        for m in compile_pattern(pattern).finditer(text):
            column = _col(ctx, m.group(1))
            if draft.roles.get("running_variable", column) != column:
                continue
            draft.roles["running_variable"] = column
            draft.roles.setdefault("cutoff", as_number(m.group(2)))
            spans.append(m.span())
            return


_PROPENSITY = re.compile(r"\bpropensity[- ]?@(\d+)")


def _propensity(ctx: Context, m: re.Match[str]) -> str:
    """ "propensity score" read as a column `score`: the words, not the column."""
    said = ctx.sentence.phrase(ctx.col(m.group(1))).lower()
    return "propensity score" if said in ("score", "scores") else m.group(0)


_ON_THE = re.compile(r"\b(on|for|among|in)\s+@(\d+)")


def _on_the(ctx: Context, m: re.Match[str], text: str) -> str:
    """ "the ATT (on the treated) of treated on y": a column `treated` named twice, once
    as the estimand's words."""
    said = ctx.sentence.phrase(ctx.col(m.group(2))).lower()
    twice = len(re.findall(rf"@{m.group(2)}(?!\d)", text)) > 1
    if twice and said in ("treated", "untreated", "controls"):
        return f"{m.group(1)} the {said}"
    return m.group(0)


_AS_THE = re.compile(r"\b(as\s+(?:the\s+|an?\s+)?)@(\d+)")


def _said(ctx: Context, m: re.Match[str], text: str, group: int) -> str:
    """How the mention `@k` at group `group` of `m` was written (its own occurrence)."""
    k = m.group(group)
    nth = len(re.findall(rf"@{k}(?!\d)", text[: m.start(group)]))
    said = [x.text for x in ctx.sentence.mentions if x.column == ctx.col(k)]
    return (said[nth] if nth < len(said) else said[-1] if said else "").lower()


def _as_the(ctx: Context, m: re.Match[str], text: str) -> str:
    """ "post_period as the post-period indicator": a role's words that name a column."""
    said = _said(ctx, m, text, 2)
    if said.replace("-", " ").replace("_", " ") in vocabulary():
        return m.group(1) + said
    return m.group(0)


_ROLE_WORD = re.compile(r"@(\d+)(?=[- ]?periods?\b|\s*[=:]\s*@\d)")
ROLE_WORDS = ("post", "pre", "time", "period", "group", "unit", "cluster")


def _role_word(ctx: Context, m: re.Match[str], text: str) -> str:
    """ "post = post", "the post period is year >= 2010" with a column `post`: the first
    "post" is the role's word, not the column."""
    said = _said(ctx, m, text, 1)
    return said if said in ROLE_WORDS else m.group(0)


def _col(ctx: Context, ref: str) -> str:
    return ctx.col(ref.lstrip("@"))


def complete(ctx: Context, draft: DesignDraft, fields: Fields, facts: TableFacts) -> list[str]:
    """Step 2: set fields["design"] (None for a plain average effect); the columns it uses."""
    x, y = fields["treatment"], fields["outcome"]
    design = _one_design(draft, fields)
    own = {"mediator": "frontdoor", "cutoff": "rdd"}  # read only with their design
    roles = {k: v for k, v in draft.roles.items() if own.get(k, design) == design}
    for role, value in roles.items():
        clash = next(
            (c for c in (x, y) if c in (value if isinstance(value, list) else [value])), None
        )
        if clash is not None:
            raise Unreadable(
                f"The question names {clash} both as the "
                f"{'treatment' if clash == x else 'outcome'} and as the "
                f"{role.replace('_', ' ')}; name a different column for each role.",
                fields,
            )
    if design in ("iv", "did"):
        _hints(ctx, design, roles, facts, (x, y))
    _needs(ctx, design, roles, fields)
    estimand = _estimand(ctx, draft, fields)
    text = draft.text
    reference, text = read_reference(text, x, facts, fields)
    subgroup = read_subgroup(ctx, text, fields, facts, [x, y, *draft.used, *fields["adjust_for"]])
    if subgroup and ("min" in subgroup or "max" in subgroup):
        values = fields.get("treatment_values")
        if values and set(values) <= {subgroup.get("min"), subgroup.get("max")}:
            fields["treatment_values"] = None  # "aged from 20 to 22" names the subgroup
    if design == "rdd" and roles.get("cutoff") is None:
        ctx.draft.note("no cutoff named: the discontinuity is taken at 0")
    method = draft.method if design == "matching" else None
    d = {"design": design, "estimand": estimand, **roles}
    d.update(subgroup=subgroup, reference=reference, matching_method=method)
    d = {k: v for k, v in d.items() if v is not None}
    plain = set(d) <= {"estimand"} and d.get("estimand", "ate") == "ate"
    fields["design"] = None if plain else d
    numbers = ("cutoff", "post_start")
    used = [
        c for k, v in roles.items() if k not in numbers for c in (v if isinstance(v, list) else [v])
    ]
    return used + ([subgroup["column"]] if subgroup else [])


def hinted_roles(ctx: Context, draft: DesignDraft, named: list[str]) -> tuple[str, str] | None:
    """(treatment, outcome) from the data dictionary's role hints, for a question that names
    a design but not both columns; None unless each role has one column and the question
    names no other main column."""
    if not (draft.named or draft.roles):
        return None
    hinted = [[c for c, r in ctx.facts.roles.items() if role in r] for role in ROLES_HINTED]
    if any(len(h) != 1 for h in hinted) or set(named) - {hinted[0][0], hinted[1][0]}:
        return None
    x, y = hinted[0][0], hinted[1][0]
    ctx.draft.note(f"took {x} as the treatment and {y} as the outcome from the data dictionary")
    return x, y


def _one_design(draft: DesignDraft, fields: Fields) -> str | None:
    implied = {
        words().raw["role_design"][r] for r in draft.roles if r in words().raw["role_design"]
    }
    if "frontdoor" not in draft.named:
        implied.discard("frontdoor")
    named = draft.named | implied | ({"matching"} if draft.method else set())
    if len(named) > 1:
        named.discard("backdoor")
    if len(named) > 1:
        labels = " and ".join(sorted(named))
        raise Unreadable(
            f"The question names more than one design ({labels}); ask for one design at a time.",
            fields,
        )
    return next(iter(named), None)


def _hints(ctx: Context, design: str, roles: dict, facts: TableFacts, skip: tuple) -> None:
    """Roles the question leaves out, from the data dictionary's role hints."""
    wanted = ("instrument",) if design == "iv" else ("time", "group")
    instead = {"time": "post", "group": "treated_group"}  # a role that does its job
    for role in wanted:
        if roles.get(role) or roles.get(instead.get(role, "")):
            continue
        hinted = [c for c, r in facts.roles.items() if HINTED[role] in r and c not in skip]
        if len(hinted) >= 1 and (role == "instrument" or len(hinted) == 1):
            roles[role] = hinted if role == "instrument" else hinted[0]
            shown = ", ".join(hinted)
            ctx.draft.note(f"took {shown} as the {role} from the data dictionary's role hints")


def _needs(ctx: Context, design: str | None, roles: dict, fields: Fields) -> None:
    missing = NEEDS.get(design or "")
    if design == "did" and not (roles.get("time") or roles.get("post")):
        missing = "time"
    if missing and not roles.get(missing):
        what = {"running_variable": "running variable", "time": "time (period) column"}
        example = EXAMPLES[design or ""].format(z=f"<{what.get(missing, missing)}>")
        ask = f"What is the effect of {fields['treatment']} on {fields['outcome']}, {example}?"
        partial = {**fields, "design": {"design": design, **roles}}
        raise Unreadable(
            f"it asks for an estimate by {LABELS[design or '']} but does not say which column is "
            f'the {what.get(missing, missing)}. Name it, e.g. "{ask}"',
            partial,
        )


def _estimand(ctx: Context, draft: DesignDraft, fields: Fields) -> str | None:
    texts = [draft.words] + [s.text for i, s in enumerate(ctx.sentences) if i != ctx.index]
    found = set().union(*(_found(words().estimands, t) for t in texts[:1]))
    if not found:
        found = set().union(*(_found(words().estimands, t) for t in texts[1:]))
    if len(found) > 1:
        raise Unreadable(
            f"It asks for more than one estimand ({', '.join(sorted(e.upper() for e in found))}); "
            "ask for one at a time.",
            fields,
        )
    return next(iter(found), None)


__all__ = [
    "DesignDraft",
    "DesignFacts",
    "complete",
    "design_phrase",
    "hinted_roles",
    "read_roles",
    "table_facts",
    "vocabulary",
]
