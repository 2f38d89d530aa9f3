"""Check the hand-written reading set and print its counts.

    python evals/sets/reading/check_set.py [SET.jsonl]

Checks: every line is JSON with the required fields; ids are unique; `type`, `frame.family`
and every `choice_map` family are known; each `csv` exists; every variable a frame names
(x, y, z, given, treatment, outcome, adjust_for, variables, also inside `choice_map`) is
an exact column of its CSV; format, polarity and treatment_values have the right shape;
multiple-choice frames map exactly their options; unclear questions give a reason; each
family has its minimum count. Exits 1 on any problem.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent

FAMILIES = {
    "independence", "direct_cause", "collider", "confounder", "mediator", "parents",
    "children", "ancestors", "descendants", "adjustment_set", "graph", "effect",
    "pairwise_direction", "describe_data", "unclear",
}  # fmt: skip
FORMATS = {"yes_no", "choice", "list", "number", "graph", "text"}
POLARITIES = {"independence", "dependence"}
SINGLE_VARS = ("x", "y", "z", "treatment", "outcome")
LIST_VARS = ("given", "adjust_for", "variables")
FRAME_KEYS = {
    "family", "polarity", "format", "options", "choice_map", "negated", "treatment_values",
    "design",
    *SINGLE_VARS, *LIST_VARS,
}  # fmt: skip
MINIMUM = dict.fromkeys(FAMILIES, 8) | {"unclear": 10}
TOTAL_MINIMUM = 170
# What each family must name (an unclear question names nothing).
NEEDS = {
    "independence": ("x", "y"),
    "direct_cause": ("x", "y"),
    "collider": ("x", "y"),
    "confounder": ("x", "y"),
    "mediator": ("x", "y"),
    "pairwise_direction": ("x", "y"),
    "parents": ("x",),
    "children": ("x",),
    "ancestors": ("x",),
    "descendants": ("x",),
    "adjustment_set": ("treatment", "outcome"),
    "effect": ("treatment", "outcome"),
}


def columns_of(csv_path: Path) -> list[str]:
    with csv_path.open(newline="") as handle:
        return next(csv.reader(handle))


def check_vars(where: str, frame: dict, columns: set[str], problems: list[str]) -> None:
    for key in SINGLE_VARS:
        if key in frame and frame[key] not in columns:
            problems.append(f"{where}: {key}={frame[key]!r} is not a column")
    for key in LIST_VARS:
        if key not in frame:
            continue
        if not isinstance(frame[key], list) or not frame[key]:
            problems.append(f"{where}: {key} must be a non-empty list")
            continue
        for name in frame[key]:
            if name not in columns:
                problems.append(f"{where}: {key} has {name!r}, not a column")


DESIGN_KEYS = {
    "design", "estimand", "instrument", "mediator", "running_variable", "cutoff", "time",
    "group", "post", "treated_group", "subgroup", "reference", "matching_method",
}  # fmt: skip
DESIGN_COLUMNS = ("mediator", "running_variable", "time", "group", "post", "treated_group")


def check_design(qid: str, design: dict, columns: set[str], problems: list[str]) -> None:
    """An effect's design (askwhy.frame.EffectDesign): known keys, real column names."""
    if unknown := set(design) - DESIGN_KEYS:
        problems.append(f"{qid}: unknown design keys {sorted(unknown)}")
    named = [design[k] for k in DESIGN_COLUMNS if k in design]
    named += list(design.get("instrument", [])) + [design.get("subgroup", {}).get("column")]
    for name in named:
        if name is not None and name not in columns:
            problems.append(f"{qid}: design has {name!r}, not a column")


def check_frame(qid: str, frame: dict, columns: set[str], problems: list[str]) -> None:
    family = frame.get("family")
    if family not in FAMILIES:
        problems.append(f"{qid}: unknown family {family!r}")
        return
    unknown = set(frame) - FRAME_KEYS
    if unknown:
        problems.append(f"{qid}: unknown frame keys {sorted(unknown)}")
    check_vars(qid, frame, columns, problems)
    if "design" in frame:
        check_design(qid, frame["design"], columns, problems)
    for key in NEEDS.get(family, ()):
        if key not in frame:
            problems.append(f"{qid}: a {family} frame needs {key}")
    if family == "unclear" and set(frame) - {"family"}:
        problems.append(f"{qid}: an unclear frame names nothing but its family")
    pair = [frame[k] for k in ("x", "y", "z") if k in frame]
    if len(set(pair)) != len(pair):
        problems.append(f"{qid}: x, y, z repeat a variable")
    if "format" in frame and frame["format"] not in FORMATS:
        problems.append(f"{qid}: unknown format {frame['format']!r}")
    if family != "unclear" and "format" not in frame:
        problems.append(f"{qid}: no format")
    if "polarity" in frame and frame["polarity"] not in POLARITIES:
        problems.append(f"{qid}: unknown polarity {frame['polarity']!r}")
    if family == "independence" and frame.get("format") == "yes_no" and "polarity" not in frame:
        problems.append(f"{qid}: a yes/no independence question needs a polarity")
    if "negated" in frame and frame["negated"] is not True:
        problems.append(f"{qid}: negated is true or absent")
    values = frame.get("treatment_values")
    if values is not None and (not isinstance(values, list) or len(values) != 2):
        problems.append(f"{qid}: treatment_values must be [from, to]")
    if frame.get("format") == "choice":
        options, choice_map = frame.get("options"), frame.get("choice_map")
        if not isinstance(options, dict) or not isinstance(choice_map, dict):
            problems.append(f"{qid}: a choice frame needs options and choice_map")
            return
        if set(options) != set(choice_map):
            problems.append(f"{qid}: options and choice_map letters differ")
        for letter, claim in choice_map.items():
            where = f"{qid} option {letter}"
            if claim.get("family") not in FAMILIES - {"unclear"} | {"none"}:
                problems.append(f"{where}: unknown family {claim.get('family')!r}")
            check_vars(where, claim, columns, problems)
    elif "options" in frame or "choice_map" in frame:
        problems.append(f"{qid}: options or choice_map without format 'choice'")


def check(path: Path) -> tuple[list[dict], list[str]]:
    problems: list[str] = []
    rows: list[dict] = []
    seen: set[str] = set()
    column_cache: dict[Path, set[str]] = {}
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if not line.strip():
            problems.append(f"line {number}: blank line")
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(f"line {number}: not JSON ({error})")
            continue
        qid = row.get("id", f"line {number}")
        missing = {"id", "question", "csv", "type", "frame", "meta"} - set(row)
        if missing:
            problems.append(f"{qid}: missing {sorted(missing)}")
            continue
        rows.append(row)
        if qid in seen:
            problems.append(f"{qid}: duplicate id")
        seen.add(qid)
        if not row["question"].strip():
            problems.append(f"{qid}: empty question")
        if row["type"] not in FAMILIES:
            problems.append(f"{qid}: unknown type {row['type']!r}")
        elif row["type"] != row["frame"].get("family"):
            family = row["frame"].get("family")
            problems.append(f"{qid}: type {row['type']!r} but frame family {family!r}")
        meta = row["meta"]
        if meta.get("author") != "handwritten" or not meta.get("style"):
            problems.append(f"{qid}: meta needs author 'handwritten' and a style")
        if row["frame"].get("family") == "unclear" and not meta.get("reason"):
            problems.append(f"{qid}: an unclear question needs meta.reason")
        csv_path = (path.parent / row["csv"]).resolve()
        if not csv_path.is_file():
            problems.append(f"{qid}: no such CSV {row['csv']}")
            continue
        if csv_path not in column_cache:
            column_cache[csv_path] = set(columns_of(csv_path))
        check_frame(qid, row["frame"], column_cache[csv_path], problems)
    families = Counter(row["frame"].get("family") for row in rows)
    for family, least in MINIMUM.items():
        if families[family] < least:
            problems.append(f"family {family}: {families[family]} questions, need {least}")
    if len(rows) < TOTAL_MINIMUM:
        problems.append(f"{len(rows)} questions, need at least {TOTAL_MINIMUM}")
    return rows, problems


def table(title: str, counts: Counter, total: int) -> str:
    width = max(len(title), *(len(str(k)) for k in counts))
    lines = [f"| {title:<{width}} | count | share |", f"|{'-' * (width + 2)}|------:|------:|"]
    for key, count in sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0]))):
        lines.append(f"| {key!s:<{width}} | {count:5d} | {100 * count / total:4.1f}% |")
    lines.append(f"| {'total':<{width}} | {total:5d} |       |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else HERE / "handwritten.jsonl"
    rows, problems = check(path)
    total = len(rows) or 1
    print(table("family", Counter(r["frame"].get("family") for r in rows), total))
    print()
    print(table("style", Counter(r["meta"].get("style") for r in rows), total))
    print()
    print(table("table", Counter(Path(r["csv"]).stem for r in rows), total))
    print()
    print(table("format", Counter(r["frame"].get("format", "-") for r in rows), total))
    negated = sum(1 for r in rows if r["frame"].get("negated"))
    print(f"\nnegated: {negated}")
    if problems:
        print(f"\n{len(problems)} problem(s):")
        for problem in problems:
            print("  " + problem)
        return 1
    print(f"\nOK: {len(rows)} questions in {path.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
