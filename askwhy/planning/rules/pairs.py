"""Builders for the questions about a pair of columns: independence, collider, confounder."""

from __future__ import annotations

import re
from collections.abc import Callable

from askwhy.errors import UnknownVariableError
from askwhy.planning.rules.context import Context, Fields
from askwhy.planning.rules.variables import conditioning, main_columns, require


def build_independence(ctx: Context) -> Fields:
    cond = conditioning(ctx.sentence, ctx)
    if cond.unknown:
        raise UnknownVariableError(cond.unknown[0], ctx.columns)
    main = require(ctx, main_columns(ctx.sentence, cond), 2, "independence")
    ctx.note_ignored(main[2:], "independence of the first two")
    given = [c for c in cond.given if c not in main[:2]]
    return {"type": "independence", "x": main[0], "y": main[1], "given": given}


# "a common cause of A and B" when a third column is named too
_NAMED_PAIR = re.compile(
    r"\b(?:between|of|for|on|affecting|influencing|impacting|both|and|variables)\s+"
    r"(?:(?:both|the|variables?)\s+)*@(\d+)\s*(?:,|and|&|with|or)\s*(?:also\s+)?(?:the\s+)?@(\d+)"
)
_PAIR_WORDS = {
    "collider": "a common effect (collider)",
    "confounder": "a common cause (confounder)",
}


def pair_builder(family: str) -> Callable[[Context], Fields]:
    """The builder of "collider" or "confounder": which two columns it asks about."""

    def build(ctx: Context) -> Fields:
        s = ctx.sentence
        main = require(ctx, list(s.refs), 2, _PAIR_WORDS[family])
        pair = _NAMED_PAIR.search(s.text) if len(main) > 2 else None
        if pair:
            x, y = s.col(pair.group(1)), s.col(pair.group(2))
        else:
            x, y = main[0], main[1]
        others = [c for c in main if c not in (x, y)]
        if others:
            ctx.draft.note(
                f"asked about the {family} of {x} and {y}; {', '.join(others)} "
                f"is also named: check whether it is among those found",
                0.15,
            )
        return {"type": family, "x": x, "y": y}

    return build
