"""Builders for graph questions (which columns the causal graph is to be drawn over) and
for describing the data (which columns, if any are named)."""

from __future__ import annotations

import re
from functools import lru_cache

from askwhy.core.name_index import identifier_like
from askwhy.planning.rules.context import Context, Fields, Unreadable
from askwhy.planning.rules.lexicon import alternation, lexicon
from askwhy.planning.rules.variables import read_list, refs_in, slot_phrases, unknown_reason

_BACK_REFERENCE = re.compile(r"\b(?:these|those|their|them|the\s+above|listed|mentioned)\b")


@lru_cache(maxsize=1)
def _exclude() -> re.Pattern[str]:
    """ "except", "leaving out", ...: the columns listed next are left out of the graph."""
    return re.compile(r"\b" + alternation(lexicon().exclusions) + r"\b")


@lru_cache(maxsize=1)
def _count() -> re.Pattern[str]:
    """ "five variables", "3 columns"."""
    words = tuple(lexicon().count_words)
    return re.compile(r"\b(" + "|".join(words) + r"|\d+)\s+(?:variables|columns)")


def build_graph(ctx: Context) -> Fields:
    s = ctx.sentence
    excluded: list[str] = []
    if m := _exclude().search(ctx.text):
        refs, _, _ = read_list(ctx.text, m.end())
        excluded = [s.col(k) for k in refs]
    named = [c for c in refs_in(s, ctx.text) if c not in excluded]
    if not excluded and len(named) >= 2 and not set(named) & _analysable(ctx.columns):
        raise Unreadable(
            f"{', '.join(named)} are identifiers or dates; a causal graph of only them says "
            f"nothing. To leave them out, ask 'draw the causal graph except {named[0]}'.",
            {"family": "graph", "variables": named, "format": "graph"},
        )
    if excluded:
        base = named if len(named) >= 2 else ctx.columns
        variables = [c for c in base if c not in excluded]
        ctx.draft.note(f"left out {', '.join(excluded)}")
    elif len(named) == 2:
        ctx.draft.note(
            f"a graph of only {named[0]} and {named[1]} shows whether they are linked but "
            "cannot show a direction; ask for the whole graph to orient it"
        )
        variables = named
    elif len(named) >= 2:
        variables = named
    elif len(named) == 1:
        ctx.draft.note(
            f"only {named[0]} is named; a graph needs two or more, so using all columns", 0.1
        )
        variables = []
    else:
        variables = _columns_from_context(ctx)
    return {"family": "graph", "variables": variables, "format": "graph"}


def build_describe(ctx: Context) -> Fields:
    """Describe the data: the columns named; else the one text column two of whose levels
    it names ("home, away and neutral"), or the date columns for a date range; else all."""
    named = refs_in(ctx.sentence, ctx.text)  # loose names too: noted, never dropped
    if (m := _COUNTED.search(ctx.text)) and len(named) > 1:
        counted = ctx.col(m.group(1))  # "How many cows have mastitis?": rows, not CowTag;
        s = ctx.sentence  # "how many batches", "how many cups per Origin" (cups: CupScore, loosely)
        if _ID.search(counted) or s.how(counted) == "plural" or s.loose(counted):
            named.remove(counted)
    if not named:  # "how many games at home, away and neutral?", "what dates do rows cover?"
        named = _levels_named(ctx) or (_dated(ctx.columns) if _DATE_RANGE.search(ctx.text) else [])
    fields: Fields = {"family": "describe_data", "variables": named, "format": "text"}
    phrases = slot_phrases(ctx) if not named else {}
    about = [
        p for p in phrases if re.search(rf"{_ABOUT}{re.escape(p)}\b{_NOT_DATA}", ctx.text, re.I)
    ]
    if about:  # "summary statistics for hold time": a column it cannot find is not all of them
        raise Unreadable(unknown_reason({p: phrases[p] for p in about}, ctx.columns), fields)
    return fields


# what a count or a split is of: the rows ("how many @0 have @1", "how are @0 split by @1")
_COUNTED = re.compile(
    r"^\W*how\s+(?:many\s+|(?:is|are)\s+(?:the\s+)?)@(\d+)\s+(?:have|had|has|got|show|showed|"
    r"are|were|with|split|divided|broken|distributed|spread|from|in|per|for|by|on|at)\b"
)
_ID = re.compile(r"(?i:(?:^|[\s_.-])(?:id|no|nr|tag|key)$|^id\b)|^\w+#$|[a-z](?:Id|ID|No|Tag|Key)$")
_ABOUT = r"\b(?:for|of|on|about)\s+(?:the\s+)?(?:\w+\s+){0,2}?"  # "statistics for X"
# "a summary of this bookings data": a word before "data" says which data, not a column
_NOT_DATA = rf"(?!\s+{lexicon().family_fragments['DATA']}s?\b)"


_NAME_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
_DATE_RANGE = re.compile(
    r"\b(?:date|time|calendar|period|span|timeframe|window|earliest|latest|dates|years|months)\b"
)
_DATE_ENDINGS = ("date", "dates", "dt")
MIN_LEVEL_CHARS = 3  # a level named in the question: "home", not "no" or "Y"


def _dated(columns: list[str]) -> list[str]:
    """The date columns, by name (`GameDate`, `order_dt`)."""
    out = []
    for column in columns:
        words = [w.lower() for w in _NAME_WORDS.findall(column)]
        if words and words[-1] in _DATE_ENDINGS:
            out.append(column)
    return out


def _levels_named(ctx: Context) -> list[str]:
    """The one text column two or more of whose levels the question names ("home, away")."""
    raw = ctx.sentence.raw.lower()
    found = []
    for column, levels in ctx.facts.levels.items():
        said = {
            level.lower()
            for level in map(str, levels)
            if len(level) >= MIN_LEVEL_CHARS
            and re.search(rf"(?<![\w-]){re.escape(level.lower())}(?![\w-])", raw)
        }
        if len(said) >= 2:
            found.append(column)
    return found if len(found) == 1 else []


def _analysable(columns: list[str]) -> set[str]:
    """The columns a graph is drawn over: all but identifiers and dates (`SurveyID`, `Date`)."""
    return {c for c in columns if not identifier_like(c)} or set(columns)


def _columns_from_context(ctx: Context) -> list[str]:
    """ "these five columns" refers to columns listed in an earlier sentence, if any."""
    if not _BACK_REFERENCE.search(ctx.text):
        return []
    count = _count().search(ctx.text)
    wanted = None
    if count:
        word = count.group(1)
        wanted = int(word) if word.isdigit() else lexicon().count_words[word]
        if wanted == len(ctx.columns):
            return []
    for sentence in reversed(ctx.sentences[: ctx.index]):
        if set(sentence.refs) >= _analysable(ctx.columns):
            return []  # every column but IDs and dates: the whole graph
        if len(sentence.refs) >= 2 and (wanted is None or wanted == len(sentence.refs)):
            ctx.draft.note(f"using the columns named in '{sentence.raw}'", 0.15)
            return list(sentence.refs)
    return []
