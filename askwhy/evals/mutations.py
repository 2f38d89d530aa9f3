"""The mutation reading set: many hand-written templates per family (mutation_templates*.py),
each mutated in known ways, every question labelled by construction with the frame it means.

    from askwhy.evals.mutations import write_mutation_set
    write_mutation_set("evals/sets/reading", seed=0)   # mutations.jsonl + mutation_tables/

Mutations (`meta.mutation`, with `meta.variant` where there are several kinds):
plain (the template as written), case (lower / upper / title), separators (a name written
with underscores, spaces or hyphens other than its own), partial_name (a unique word of a
multi-word column), units (`ad_spend_k` said "ad spend"), typo (one edit in a word of at
least 5 letters of a name), synonym (the template's key term swapped), polarity (flip:
independent <-> associated; negated), order (passive or reversed clauses; the label follows
the meaning), notation, choice (multiple choice, some inside a scenario), scenario (a
background paragraph naming other columns, then the question) and followup (a second
question that leans on the first; its line carries `previous`: {question, frame}).
`meta.written` maps each column in a role to how the question writes it (before any case
change). Same seed, same set.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from askwhy.evals.mutation_draft import (
    FAMILIES,
    SET_FOLDER,
    SYNONYMS,
    TEMPLATES,
    Builder,
    Draft,
    _num,
    label_of,
    slots,
)
from askwhy.evals.mutation_extras import BACKGROUND, CHOICES, FOLLOW_UPS, NOTATION, FollowUp
from askwhy.evals.mutation_tables import Column, write_tables
from askwhy.evals.mutation_templates import Template

COLUMN_SLOTS = {"x", "y", "z", "given", "given_list", "adjust", "adjust_list", "vars", "vars_list"}
SEPARATORS = {"underscore": "_", "space": " ", "hyphen": "-"}
TYPOS = ("delete", "transpose", "substitute", "insert")
KEY_ORDER = (
    "family", "x", "y", "z", "given", "treatment", "outcome", "adjust_for", "variables",
    "treatment_values", "polarity", "format", "negated", "options", "choice_map",
)  # fmt: skip
_MARK = re.compile(r"\[\[(.+?)\]\]")
_LONG_WORD = re.compile(r"[A-Za-z]{5,}")
_ARTICLE = re.compile(r"\b([Aa])n? $")
Mutation = Callable[[Builder, str, Template, str], None]


def build_rows(seed: int = 0) -> list[dict[str, Any]]:
    """Every line of the set, in a fixed order for the seed."""
    b = Builder(seed)
    for family in FAMILIES:
        for index, tpl in enumerate(TEMPLATES[family], 1):
            for mutate in PER_TEMPLATE if family != "unclear" else FOR_UNCLEAR:
                mutate(b, family, tpl, f"{family}-{index:02d}")
    _notation(b)
    _choices(b)
    return b.rows


def write_mutation_set(out: str | Path, seed: int = 0) -> tuple[Path, list[Path]]:
    """Write `mutations.jsonl` and its tables (`mutation_tables/`) into the folder `out`."""
    out = Path(out)
    tables = write_tables(out / SET_FOLDER, seed=seed)
    path = out / "mutations.jsonl"
    lines = [json.dumps(row, ensure_ascii=False) for row in build_rows(seed)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, tables


def ordered(label: dict[str, Any]) -> dict[str, Any]:
    return {k: label[k] for k in KEY_ORDER if k in label}


def has_columns(tpl: Template) -> bool:
    return bool(slots(tpl.text) & COLUMN_SLOTS)


# ----- one mutation each -------------------------------------------------------------------


def plain(b: Builder, family: str, tpl: Template, tid: str) -> None:
    for _ in range(2):
        d = b.draft(family, tpl)
        b.emit(d, d.render(tpl.text), label_of(d, tpl.text), "plain", tid)


def case(b: Builder, family: str, tpl: Template, tid: str) -> None:
    for _ in range(2):
        variant = ("lower", "upper", "title")[b.next_turn("case", 3)]
        d = b.draft(family, tpl)
        b.emit(d, change_case(d.render(tpl.text), variant), label_of(d, tpl.text), "case", tid,
               variant)  # fmt: skip


def change_case(text: str, variant: str) -> str:
    if variant == "lower":
        return text.lower()
    if variant == "upper":
        return text.upper()
    return " ".join(w[:1].upper() + w[1:] for w in text.split(" "))


def _rename(b: Builder, family: str, tpl: Template, tid: str, mutation: str,
            need: Callable[[Column], bool], write: Callable[[Column], tuple[str, str | None]]
            ) -> None:  # fmt: skip
    """Draft with a column that `need`s, rewrite it with `write` -> (text, variant)."""
    if not has_columns(tpl):
        return
    d = b.draft(family, tpl, need=need)
    col = b.rng.choice([c for c in d.columns() if need(c)])
    d.written[col.name], variant = write(col)
    b.emit(d, d.render(tpl.text), label_of(d, tpl.text), mutation, tid, variant)


def separators(b: Builder, family: str, tpl: Template, tid: str) -> None:
    def write(col: Column) -> tuple[str, str]:
        choices = [s for s in SEPARATORS if s != col.separator()]
        variant = choices[b.next_turn("separators", len(choices))]
        return SEPARATORS[variant].join(col.name_words()), variant

    _rename(b, family, tpl, tid, "separators", lambda c: c.multiword and not c.unit, write)


def partial_name(b: Builder, family: str, tpl: Template, tid: str) -> None:
    _rename(b, family, tpl, tid, "partial_name", lambda c: bool(c.partial),
            lambda c: (c.partial or "", None))  # fmt: skip


def units(b: Builder, family: str, tpl: Template, tid: str) -> None:
    _rename(b, family, tpl, tid, "units", lambda c: bool(c.unit), lambda c: (c.words, c.unit))


def typo(b: Builder, family: str, tpl: Template, tid: str) -> None:
    if not has_columns(tpl):
        return

    def need(c: Column) -> bool:
        return bool(_LONG_WORD.search(c.name) and _LONG_WORD.search(c.words))

    d = b.draft(family, tpl, need=need)
    col = b.rng.choice([c for c in d.columns() if need(c)])
    form = d.written[col.name]
    word = b.rng.choice(_LONG_WORD.findall(form))
    known = {w for c in d.table.columns for w in c.name_words()}
    for attempt in range(len(TYPOS)):
        variant = TYPOS[(b.next_turn("typo", len(TYPOS)) + attempt) % len(TYPOS)]
        wrong = misspell(word, variant, b.rng)
        if wrong != word and wrong.lower() not in known:
            break
    d.written[col.name] = form.replace(word, wrong, 1)
    b.emit(d, d.render(tpl.text), label_of(d, tpl.text), "typo", tid, variant)


def misspell(word: str, how: str, rng: Any) -> str:
    """One edit inside the word (never its first letter)."""
    i = rng.randrange(1, len(word) - 1)
    if how == "delete":
        return word[:i] + word[i + 1 :]
    if how == "transpose":
        j = next((k for k in range(i, len(word) - 1) if word[k] != word[k + 1]), None)
        return word if j is None else word[:j] + word[j + 1] + word[j] + word[j + 2 :]
    if how == "substitute":
        letter = rng.choice([c for c in "aeioulnrst" if c != word[i].lower()])
        return word[:i] + letter + word[i + 1 :]
    return word[: i + 1] + word[i] + word[i + 1 :]  # insert: a doubled letter


def synonym(b: Builder, family: str, tpl: Template, tid: str) -> None:
    mark = _MARK.search(tpl.text)
    if not mark:
        return
    alternative = b.rng.choice(SYNONYMS[family][mark.group(1)])
    before = _ARTICLE.sub(  # "a direct cause" -> "an immediate cause"
        lambda m: m.group(1) + ("n " if alternative[0].lower() in "aeiou" else " "),
        tpl.text[: mark.start()],
    )
    text = before + alternative + tpl.text[mark.end() :]
    d = b.draft(family, tpl)
    b.emit(d, d.render(text), label_of(d, tpl.text), "synonym", tid, alternative)


def polarity(b: Builder, family: str, tpl: Template, tid: str) -> None:
    for _ in range(2):
        _polarity(b, family, tpl, tid)


def _polarity(b: Builder, family: str, tpl: Template, tid: str) -> None:
    if tpl.flipped:
        d = b.draft(family, tpl)
        label = label_of(d, tpl.flipped)
        label["polarity"] = "dependence" if tpl.polarity == "independence" else "independence"
        b.emit(d, d.render(tpl.flipped), label, "polarity", tid, "flip")
    if tpl.negated:
        d = b.draft(family, tpl)
        label = label_of(d, tpl.negated) | {"negated": True}
        if tpl.negated_polarity:
            label["polarity"] = tpl.negated_polarity
        b.emit(d, d.render(tpl.negated), label, "polarity", tid, "negated")


def order(b: Builder, family: str, tpl: Template, tid: str) -> None:
    for _ in range(2 if tpl.swapped else 0):
        d = b.draft(family, tpl)
        b.emit(d, d.render(tpl.swapped), label_of(d, tpl.swapped), "order", tid)


def scenario(b: Builder, family: str, tpl: Template, tid: str) -> None:
    d = b.draft(family, tpl)
    paragraph = [*background(b, d), d.render(tpl.text)]
    b.emit(d, " ".join(paragraph), label_of(d, tpl.text), "scenario", tid)


def background(b: Builder, d: Draft) -> list[str]:
    """2-4 sentences about the table naming columns that play no part in the question."""
    others = [c for c in d.table.variables() if c not in d.columns()]
    others = b.rng.sample(others, len(others))
    sentences = [b.rng.choice(d.table.domain)]
    for text in b.rng.sample(BACKGROUND, b.rng.randint(1, 3)):
        needed = len({"a" if s == "A" else s for s in slots(text)})
        if needed > len(others):
            continue
        names = [c.name if b.rng.random() < 0.4 else c.words for c in others[:needed]]
        others = others[needed:]
        names += [""] * (3 - needed)
        upper = names[0][:1].upper() + names[0][1:]
        sentences.append(text.format(a=names[0], A=upper, b=names[1], c=names[2]))
    return sentences


def followup(b: Builder, family: str, tpl: Template, tid: str) -> None:
    used = slots(tpl.text)
    fits = [f for f in FOLLOW_UPS if f.family == family and _fits(f, used)]
    if not fits:
        return
    f = fits[b.next_turn(f"followup-{family}", len(fits))]
    extra = ["w"] if "{w}" in f.text else []
    if "{vars}" in f.text and "vars" not in used:
        extra.append("vars")
    d = b.draft(family, tpl, extra_slots=extra)
    first = label_of(d, tpl.text)
    texts: dict[str, str] = {}
    if f.change == "set_values":
        new = b.values(d.roles["x"], avoid=tuple(d.roles["t"]))
        texts = {"t0": str(_num(new[0])), "t1": str(_num(new[1]))}
    second = follow(first, f, d, texts)
    previous = {"question": d.render(tpl.text), "frame": first}
    b.emit(d, d.render(f.text, texts), second, "followup", tid, f.change, previous=previous)


def _fits(f: FollowUp, used: set[str]) -> bool:
    if f.needs is None:
        return True
    wanted = f.needs.lstrip("-")
    present = bool(used & {wanted, f"{wanted}_list"})
    return present != f.needs.startswith("-")


def follow(first: dict[str, Any], f: FollowUp, d: Draft, texts: dict[str, str]) -> dict:
    """The label of the follow-up question: the first label with one change."""
    label = dict(first)
    w = d.roles["w"].name if "w" in d.roles else None
    change = f.change
    if change == "add_given":
        label["given"] = [*first.get("given", []), w]
    elif change == "set_given":
        label["given"] = [w]
    elif change == "swap":
        label["x"], label["y"] = first["y"], first["x"]
    elif change in ("set_x", "set_y", "set_z", "set_outcome", "set_treatment"):
        label[change.removeprefix("set_")] = w
    elif change == "add_adjust":
        label["adjust_for"] = [*first.get("adjust_for", []), w]
    elif change == "add_vars":
        label["variables"] = [*first["variables"], w]
    elif change == "set_vars":
        label["variables"] = [w] if w else [c.name for c in d.roles["vars"]]
    elif change == "set_values":
        label["treatment_values"] = [_num(float(texts["t0"])), _num(float(texts["t1"]))]
    return ordered(label)


PER_TEMPLATE: tuple[Mutation, ...] = (
    plain, case, separators, partial_name, units, typo, synonym, polarity, order, scenario,
    followup,
)  # fmt: skip
FOR_UNCLEAR: tuple[Mutation, ...] = (plain, case, typo, scenario)


# ----- sets of their own: notation and multiple choice ------------------------------------


def _notation(b: Builder) -> None:
    for family, templates in NOTATION.items():
        for index, tpl in enumerate(templates, 1):
            for _ in range(3):
                d = b.draft(family, tpl)
                for col in d.columns():  # notation mostly uses the exact names
                    d.written[col.name] = col.name if b.rng.random() < 0.75 else col.words
                tid = f"notation-{family}-{index:02d}"
                b.emit(d, d.render(tpl.text), label_of(d, tpl.text), "notation", tid)


def _choices(b: Builder) -> None:
    for index, ct in enumerate(CHOICES, 1):
        texts = [ct.stem, *(text for text, _ in ct.options)]
        claim_slots = {v for _, claim in ct.options for v in claim.values()}
        refs = " ".join(f"{{{s}}}" for s in ("x", "y", "c1", "c2", "c3") if s in claim_slots)
        for k in range(6):
            d = b.draft(ct.family, Template(" ".join([*texts, refs])))
            letters = "ABCD"[: len(ct.options)]
            options = {L: d.render(text) for L, (text, _) in zip(letters, ct.options, strict=True)}
            sep = "\n" if ct.lines else " "
            body = sep.join(f"{L}. {text}" for L, text in options.items())
            body += "" if body[-1] in ".?!" or not ct.tail else "."
            question = sep.join(p for p in (d.render(ct.stem), body, ct.tail) if p)
            variant = "lines" if ct.lines else "inline"
            if k < 2:
                question, variant = " ".join([*background(b, d), question]), "scenario"
            choice_map = {
                L: _claim(claim, d) for L, (_, claim) in zip(letters, ct.options, strict=True)
            }
            label = {"family": ct.family, "x": d.roles["x"].name, "y": d.roles["y"].name,
                     "format": "choice", "options": options, "choice_map": choice_map}  # fmt: skip
            b.emit(d, question, label, "choice", f"choice-{ct.family}-{index:02d}", variant)


def _claim(claim: dict[str, str], d: Draft) -> dict[str, str]:
    roles = {"x", "y", "z", "c1", "c2", "c3"}
    out = {}
    for key, value in claim.items():
        out[key] = d.roles[value].name if key != "family" and value in roles else value
    return out
