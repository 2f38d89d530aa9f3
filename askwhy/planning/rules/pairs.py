"""Builders for the questions about a pair of columns: independence (with its polarity) and
pairwise direction ("which is more likely: X causes Y, or Y causes X?")."""

from __future__ import annotations

from askwhy.planning.rules.context import Context, Fields, Unreadable
from askwhy.planning.rules.polarity import polarity
from askwhy.planning.rules.variables import (
    as_written,
    conditioning,
    main_columns,
    require,
    unknown_reason,
)


def build_independence(ctx: Context) -> Fields:
    cond = conditioning(ctx.sentence, ctx.text)
    main = main_columns(ctx.sentence, cond, ctx.text)
    kind, negated = polarity(ctx.text)
    partial: Fields = {"family": "independence", "polarity": kind}
    if cond.unknown:
        phrases = as_written(ctx, cond.unknown)
        raise Unreadable(unknown_reason(phrases, ctx.columns), {**partial, **_pair(main)}, phrases)
    main = require(ctx, main, 2, "independence")
    ctx.note_ignored(main[2:], "independence of the first two")
    given = [c for c in cond.given if c not in main[:2]]
    return {
        **partial,
        "x": main[0],
        "y": main[1],
        "given": given,
        "negated": negated,
        "format": "yes_no",
    }


def build_direction(ctx: Context) -> Fields:
    """x and y in the order of the sentence; which causes which is the answer."""
    main = require(ctx, ctx.refs, 2, "a causal direction")
    ctx.note_ignored(main[2:], f"the direction between {main[0]} and {main[1]}")
    return {"family": "pairwise_direction", "x": main[0], "y": main[1], "format": "text"}


def _pair(columns: list[str]) -> Fields:
    return dict(zip(("x", "y"), columns, strict=False))
