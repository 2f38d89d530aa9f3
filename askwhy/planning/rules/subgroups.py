"""The subgroup of an effect question: a level of a text column named after "for" / "among"
/ "only" ("for women" -> sex is female; "in the online and face-to-face formats"), a 0/1
column ("among MARRIED workers" -> MARRIED is 1, "non-MARRIED" -> 0), or a numeric range
("Age between 20 and 22", "aged 20-22", "over 65" for the one column that holds age).
Several columns, or a word that is a level of several, are refused (Unreadable)."""

from __future__ import annotations

import re

from askwhy.planning.rules.context import Context, Fields, TableFacts, Unreadable
from askwhy.planning.rules.design_words import as_number, cached, compile_pattern, words
from askwhy.planning.rules.sentences import REF


def read_subgroup(
    ctx: Context, text: str, fields: Fields, facts: TableFacts, skip: list[str]
) -> dict | None:
    """The one subgroup the text names ({column, values} or {column, min, max}), or None;
    `skip`: the treatment first, then columns in other roles."""
    found = [_by_level(text, facts, skip, fields), *_by_range(ctx, text, skip, fields)]
    found = [g for g in [*found, _by_binary(ctx, text, facts, skip)] if g]
    columns = list(dict.fromkeys(g["column"] for g in found))
    if len(columns) > 1:
        raise Unreadable(
            f"It names a subgroup on several columns ({', '.join(columns)}); ask for one "
            "subgroup at a time, e.g. 'for rows where sex is female'.",
            fields,
        )
    return found[0] if found else None


def _level_words(label: str) -> list[str]:
    if label.lower() in words().raw["ignored_levels"]:
        return []
    synonyms = words().raw["level_synonyms"]
    base = [label.lower()] if len(label) > 1 else []
    base += [label.lower() + "s"] if len(label) > 3 and label[-1].isalpha() else []
    return base + synonyms.get(label.lower(), [])


def _by_level(text: str, facts: TableFacts, skip: list[str], fields: Fields) -> dict | None:
    """ "for women" -> sex is female; "in the online and face-to-face formats"."""
    hits: list[tuple[int, int, str, str]] = []
    for column, labels in facts.levels.items():
        if column in skip[1:]:  # the treatment's own levels: a subset of its levels
            continue
        for label in labels:
            for word in _level_words(label):
                spelled = re.escape(word).replace(r"\-", "[- ]?").replace(r"\ ", r"[- ]")
                for m in re.finditer(rf"(?<![\w@-]){spelled}(?![\w-])", text):
                    hits.append((m.start(), m.end(), column, label))
    hits.sort()
    cue, after, joiner = cached("subgroup_cue"), cached("subgroup_after"), cached("level_joiner")
    kept: list[tuple[int, int, str, str]] = []
    for hit in hits:
        start, end, column, label = hit
        joined = kept and kept[-1][2] == column and joiner.match(text[kept[-1][1] : start])
        if joined or cue.search(text[max(0, start - 60) : start]) or after.match(text[end:]):
            kept.append(hit)
    spans = {(a, b) for a, b, _, _ in kept}
    for a, b in spans:
        owners = {c for s, e, c, _ in kept if (s, e) == (a, b)}
        if len(owners) > 1:
            raise Unreadable(
                f"'{text[a:b]}' is a value of several columns ({', '.join(sorted(owners))}); "
                "say which, e.g. 'for rows where <column> is <value>'.",
                fields,
            )
    if not kept:
        return None
    kept = [k for k in kept if k[2] != skip[0]] or kept
    columns = list(dict.fromkeys(c for _, _, c, _ in kept))
    if len(columns) > 1:
        raise Unreadable(
            f"It names a subgroup on several columns ({', '.join(columns)}); ask for one "
            "subgroup at a time, e.g. 'for rows where sex is female'.",
            fields,
        )
    column = columns[0]
    values = list(dict.fromkeys(label for _, _, c, label in kept if c == column))
    if column == skip[0] and len(values) < 2:
        return None  # "the effect of the online format": a level, not a subgroup
    return {"column": column, "values": values}


def _by_binary(ctx: Context, text: str, facts: TableFacts, skip: list[str]) -> dict | None:
    """ "among MARRIED workers" -> MARRIED is 1; "for non-smokers" with a 0/1 SMOKER -> 0;
    a yes / no text column likewise ("for urban drivers" -> `Urban?` is "Y")."""
    cue = cached("binary_cue")
    for m in REF.finditer(text):
        column = ctx.col(m.group(1))  # REF's group is the bare number
        c = cue.search(text[max(0, m.start() - 30) : m.start()])
        if not c or column in skip:
            continue
        if column in facts.binary:
            return {"column": column, "values": [0.0 if c.group(1) else 1.0]}
        pair = _yes_no_levels(facts.levels.get(column, ()))
        if pair:  # "for urban drivers" with `Urban?` written Y / N -> Urban? is Y
            return {"column": column, "values": [pair[1] if c.group(1) else pair[0]]}
    return None


_YES = frozenset({"y", "yes", "true", "t"})
_NO = frozenset({"n", "no", "false", "f"})


def _yes_no_levels(levels) -> tuple[str, str] | None:
    """(yes label, no label) of a text column whose two levels are yes and no ("Y", "N")."""
    if len(levels) != 2:
        return None
    yes = [v for v in levels if v.lower() in _YES]
    no = [v for v in levels if v.lower() in _NO]
    return (yes[0], no[0]) if len(yes) == 1 and len(no) == 1 else None


def _by_range(ctx: Context, text: str, skip: list[str], fields: Fields) -> list[dict]:
    """ "Age between 20 and 22", "age over 65", "aged 20-22" (the one column for age)."""
    out = []
    ranges = words().raw["ranges"]
    for kind in ("between", "span", "min", "max"):
        for m in compile_pattern(ranges[kind]).finditer(text):
            column = ctx.col(m.group(1).lstrip("@"))
            if column in skip:
                continue
            out.append(_range(ctx, column, kind, m.groups()[1:], m.group(0)))
            text = text[: m.start()] + " " * (m.end() - m.start()) + text[m.end() :]
    for kind, pattern in words().raw["age_ranges"].items():
        if m := compile_pattern(pattern).search(text):
            column = _age_column(ctx, fields)
            out.append(_range(ctx, column, kind.replace("_after", ""), m.groups(), m.group(0)))
    return out


def _range(ctx: Context, column: str, kind: str, values: tuple, said: str) -> dict:
    low_high = [as_number(v) for v in values]
    if kind in ("between", "span"):
        low, high = sorted(low_high)
        return {"column": column, "min": low, "max": high}
    if any(re.search(rf"(?:^|\s){re.escape(w)}", said) for w in words().raw["strict_words"]):
        bound = "at least" if kind == "min" else "at most"
        said = REF.sub(lambda m: ctx.col(m.group(1)), said)
        ctx.draft.note(
            f"read '{said.strip()}' as {column} {bound} {low_high[0]:g} (bounds inclusive)"
        )
    return {"column": column, kind: low_high[0]}


def _age_column(ctx: Context, fields: Fields) -> str:
    age = set(words().raw["age_words"])
    found = []
    for column in ctx.columns:
        parts = re.findall(r"[a-z]+", re.sub(r"([a-z])([A-Z])", r"\1 \2", column).lower())
        if parts and parts[0] in ("age", "aged", "ages") and set(parts) <= age:
            found.append(column)
    if len(found) != 1:
        which = f"could be any of {', '.join(found)}" if found else "is in no column of the data"
        raise Unreadable(
            f"The question names an age range, but the age {which}; name the column, e.g. "
            f"'for rows where <age column> is between 20 and 22'.",
            fields,
        )
    return found[0]
