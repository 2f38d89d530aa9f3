"""Treatment values said in another unit than the column's: "if page load went from 1
second to 2 seconds" for `page_load (ms)` is from 1000 to 2000 ms (the factor comes from
askwhy.core.name_units.scale: units of one kind only), always with a note."""

from __future__ import annotations

import re

from askwhy.core.name_units import scale

_KEY = re.compile(r"[^\W_]+|[^\w\s]")
_SAID = re.compile(r"\s*([^\W\d_]{1,12})\b")


def said_unit(text: str, end: int) -> str | None:
    """The word right after a number that ends at `end` ("2 seconds", "30 min"), if any."""
    m = _SAID.match(text, end)
    return m.group(1) if m else None


def converted(
    values: tuple[float, float], said: tuple[str | None, str | None], column: str
) -> tuple[tuple[float, float], str | None]:
    """`values` in the column's own unit, and a note when a unit said with them differs."""
    key = tuple(_KEY.findall(column.lower()))
    words = [w or next((s for s in said if s), None) for w in said]
    factors = [scale(key, w) if w else None for w in words]
    if all(f is None for f in factors):
        return values, None
    new = tuple(round(v * (f or 1.0), 9) for v, f in zip(values, factors, strict=True))
    note = (
        f"read {values[0]:g} {words[0]} to {values[1]:g} {words[1]} as {new[0]:g} to "
        f"{new[1]:g} in the units of {column}"
    )
    return (new[0], new[1]), note
