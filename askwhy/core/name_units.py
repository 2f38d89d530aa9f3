"""Units and abbreviations at the end of column names, for askwhy.core.name_index.

A name's key is a tuple of lowercase tokens (name_index): `Power [kW]` is
("power", "[", "kw", "]"). These helpers give the key without its unit, the unit it ends
with, the key with that unit named by what it measures or said in words, and the key
with its abbreviations written out.
"""

from __future__ import annotations

import re
from itertools import product

from askwhy.core import name_words as W

_WORD_CHAR = re.compile(r"[^\W_]")
_OPENING, _CLOSING = "([{", ")]}"
_MAX_VARIANTS = 16  # abbreviation spellings per key
# unit words written out ("dollars", "kilometres"): never a partial name by themselves
UNIT_WORDS = frozenset(w for names in W.UNIT_NAMES.values() for n in names for w in n.split())


def drop_units(key: tuple[str, ...]) -> tuple[str, ...] | None:
    """`key` without brackets, trailing symbols, unit words and "per X" at its end."""
    out: list[str] = []
    depth = 0
    for token in key:
        if token in _OPENING:
            depth += 1
        elif token in _CLOSING:
            depth = max(depth - 1, 0)
        elif depth == 0:
            out.append(token)
    while out and not _WORD_CHAR.match(out[0]):
        out.pop(0)
    while len(out) > 1:
        if not _WORD_CHAR.match(out[-1]) or out[-1] in W.UNITS:
            out.pop()
        elif len(out) > 2 and out[-2] in ("per", "/") and (out[-2] == "per" or len(out[-1]) == 1):
            del out[-2:]  # "per X", "L/d"
        else:
            break
    while out and not _WORD_CHAR.match(out[-1]):
        out.pop()
    letters = sum(len(w) for w in out if w.isalnum())
    if letters < 3 or all(w in W.GENERIC or not w.isalnum() for w in out):
        return None
    return tuple(out)


def unit_of(key: tuple[str, ...]) -> str:
    """The unit a name ends with, as UNIT_QUANTITIES writes it: "kw" for `Power [kW]`,
    "m/s" for `WindSpeed (m/s)`, "°" for `Pitch °`, "c" for `GearboxTemp°C`; or ""."""
    if len(key) < 2:
        return ""
    if key[-1] in _CLOSING:
        opening = max((i for i, t in enumerate(key) if t in _OPENING), default=-1)
        unit = "".join(key[opening + 1 : -1]) if opening > 0 else ""
    elif len(key) > 3 and key[-2] == "/":
        unit = "".join(key[-3:])
    else:
        unit = "".join(key[-2:]) if key[-2] == "°" else key[-1]
    if unit.startswith("°") and len(unit) > 1:
        unit = unit[1:]
    return unit if unit in W.UNIT_QUANTITIES or unit in W.UNIT_NAMES else ""


def measures(key: tuple[str, ...]) -> tuple[str, ...]:
    return W.UNIT_QUANTITIES.get(unit_of(key), ())


def quantities(key: tuple[str, ...]) -> list[tuple[str, ...]]:
    """`key` with its final unit named by what it measures: ("commute", "distance"); or
    its first: `kWh_shift` <- "shift energy", "kWh per shift"."""
    rest = key[1:]
    first = key[0] in W.UNIT_QUANTITIES and not measures(key)
    if first and rest and all(w.isalpha() for w in rest) and rest[-1] not in W.GENERIC:
        said = [(*rest, *q.split()) for q in W.UNIT_QUANTITIES[key[0]]]
        return said + [(key[0], "per", *rest)] if len(rest) == 1 else said  # "kWh per shift"
    base = drop_units(key) if measures(key) else None
    if not base or base[-1] in W.GENERIC:
        return []
    out = []
    for words in (tuple(q.split()) for q in measures(key)):
        if words[0] == base[-1]:
            out += [(*base, *words[1:])] if len(words) > 1 else []  # "power" + "output"
        elif words[0] not in base:
            out.append((*base, *words))
    return out


def unit_phrases(key: tuple[str, ...]) -> list[tuple[str, ...]]:
    """`key` with its unit said in words: "tip in dollars", "the dollar tip" (`tip ($)`)."""
    unit = unit_of(key)
    base = drop_units(key) if unit else None
    if not base:
        return []
    out = [(*base, "in", *name.split()) for name in W.UNIT_NAMES.get(unit, ())]
    if unit in W.MONEY_WORDS:
        out.append((W.MONEY_WORDS[unit], *base))
    return out


def rate_phrases(key: tuple[str, ...]) -> list[tuple[str, ...]]:
    """`key` with its "/" or "per" said in words: `Gen_kWh/yr` <- "annual gen", "gen per
    year"; `Trips/day` <- "daily trips"; `sessions_per_wk` <- "weekly sessions";
    `STOPS/route` <- "stops per route"; and, for a name of units only, the unit before
    the "/" named by what it measures: `kWh/unit` <- "kWh per unit", "energy per unit"."""
    if len(key) < 3 or key[-2] not in ("/", "per") or not _WORD_CHAR.match(key[-1]):
        return []
    head, last = key[:-2], key[-1]
    if last in W.PER_TIME:
        noun, *adjectives = W.PER_TIME[last]
    elif last.isalpha() and len(last) >= 3 and last not in W.UNITS:
        noun, adjectives = last, []
    else:
        return []
    if len(head) == 1 and head[0] in W.UNIT_QUANTITIES:
        bases = [head, *(tuple(q.split()) for q in W.UNIT_QUANTITIES[head[0]][:1])]
    else:
        base = drop_units(head) if head[-1] in W.UNITS else head
        if not base or not _WORD_CHAR.match(base[-1]) or base[-1] in W.GENERIC:
            return []
        bases = [base]
    out = []
    for words in bases:
        out.append((*words, "per", noun))
        out += [(adjective, *words) for adjective in adjectives]
    return [k for k in out if k != key]


def abbreviated(key: tuple[str, ...]) -> list[tuple[str, ...]]:
    """`key` with abbreviations written out, or full words abbreviated ("avg temp")."""
    options = [[(w,)] + [tuple(a.split()) for a in abbreviations(w)] for w in key]
    out = []
    for choice in product(*options):
        variant = tuple(w for part in choice for w in part)
        if variant != key:
            out.append(variant)
        if len(out) >= _MAX_VARIANTS:
            break
    return out


def abbreviations(word: str) -> list[str]:
    out = list(W.ABBREVIATIONS.get(word, ()))
    out += [short for short, longs in W.ABBREVIATIONS.items() if word in longs]
    return out


# Units of one kind and their size in the first one, for `scale`.
_SIZES: tuple[dict[str, float], ...] = (
    {"s": 1, "sec": 1, "secs": 1, "ms": 0.001, "min": 60, "mins": 60, "h": 3600, "hr": 3600,
     "hrs": 3600, "d": 86400, "wk": 604800, "wks": 604800},
    {"m": 1, "mm": 0.001, "cm": 0.01, "km": 1000},
    {"g": 1, "mg": 0.001, "kg": 1000},
    {"l": 1, "ml": 0.001},
)  # fmt: skip
_SAID = {  # a unit said in words, as the tables above write it
    "second": "s", "seconds": "s", "millisecond": "ms", "milliseconds": "ms",
    "minute": "min", "minutes": "min", "hour": "h", "hours": "h", "day": "d", "days": "d",
    "week": "wk", "weeks": "wk", "metre": "m", "meter": "m", "metres": "m", "meters": "m",
}  # fmt: skip


def scale(key: tuple[str, ...], said: str) -> float | None:
    """What a value said in the unit `said` ("seconds", "km") is multiplied by to be in the
    unit `key` ends with (`page_load (ms)`: 1000 for "seconds"); None when the name has
    no unit, the units differ in kind, or they are the same."""
    own = unit_of(key)
    word = said.lower()
    unit = _SAID.get(word) or next(
        (u for u, names in W.UNIT_NAMES.items() for n in names if n == word), word
    )
    for sizes in _SIZES:
        if own in sizes and unit in sizes and sizes[own] != sizes[unit]:
            return sizes[unit] / sizes[own]
    return None
