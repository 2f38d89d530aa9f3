"""Derived forms of a word: the verb a noun of action is made from, for the leftover
readings of askwhy.core.name_context ("cancellations" and "cancel" for `Cancelled?`,
"admission" for `ADMITTED`, "conversions" for `Converted`, "enrolment" for `ENROLLED`,
"arriving" for `Arrival Mode`).

`derived(word)` gives the verbs a word may come from by the usual English alternations:

| ending | verb | example |
|---|---|---|
| -ation | the stem, + e, + ate | cancellation -> cancel, preparation -> prepare |
| -ssion | -t, -ss | admission -> admit, discussion -> discuss |
| -rsion | -rt | conversion -> convert |
| -sion | -d, -de | extension -> extend, decision -> decide |
| -tion | -t, -te, -e | selection -> select, completion -> complete |
| -ment | the stem | enrolment -> enrol, requirement -> require |
| -val, -wal, -sal | the stem, + e | arrival -> arrive, renewal -> renew |
| -ance | the stem | attendance -> attend |

each also in the plural ("cancellations"), and a doubled final consonant undoubled
("cancell" -> cancel). The stem before the ending has 4 letters at least and every verb
5 ("station" gives no "state", "portion" no "port"): the alternations are bounded, and a
short stem is too often another word.
"""

from __future__ import annotations

import re

MIN_STEM = 4  # letters before the ending
MIN_VERB = 5  # letters of a verb given

# (ending, what takes its place): the first ending that fits is used
_ENDINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ation", ("", "e", "ate")),
    ("ssion", ("t", "ss")),
    ("rsion", ("rt",)),
    ("sion", ("d", "de")),
    ("tion", ("t", "te", "e")),
    ("ment", ("",)),
    ("val", ("v", "ve")),
    ("wal", ("w",)),
    ("sal", ("s", "se")),
    ("ance", ("",)),
)


def derived(word: str) -> set[str]:
    """The verbs `word` (lowercase) may be a noun of (module notes); empty for most words."""
    if not word.isalpha():
        return set()
    for plural in ("s", ""):
        if plural and not word.endswith(plural):
            continue
        base = word[: len(word) - len(plural)]
        for ending, replacements in _ENDINGS:
            if not base.endswith(ending):
                continue
            stem = base[: -len(ending)]
            keep = 1 if ending in ("rsion", "val", "wal", "sal") else 0  # the r, v, w, s
            if len(stem) + keep < MIN_STEM:
                return set()
            out: set[str] = set()
            for tail in replacements:
                verb = stem + tail
                out.add(verb)
                if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "aeiou":
                    out.add(stem[:-1] + tail)  # "cancell" -> "cancel"
            return {v for v in out if len(v) >= MIN_VERB}
    return set()


# How often or how likely a yes/no name is, said around a form of it: "the cancellation
# rate", "the admission decision", "the chance of admission".
_HEAD_AFTER = re.compile(
    r"[ \t]+(?:rates?|decisions?|outcomes?|status|probability|likelihood|odds|risk)\b", re.I
)
_HEAD_BEFORE = re.compile(
    r"\b(?:chances?|probability|likelihood|odds|risk|rate)[ \t]+of[ \t]+(?:an?[ \t]+)?$", re.I
)


def headed(text: str, start: int, end: int) -> tuple[int, int]:
    """`text[start:end]` with the words around it that ask how often or how likely."""
    if m := _HEAD_AFTER.match(text, end):
        end = m.end()
    if m := _HEAD_BEFORE.search(text, max(0, start - 30), start):
        start = m.start()
    return start, end
