"""The subject of the asking clause, when it names no column: "..., is program enrollment
still associated with earnings?" must not be answered about two other columns it names."""

from __future__ import annotations

import re

from askwhy.core.name_index import row_words
from askwhy.planning.rules.context import Context, Fields, Phrase
from askwhy.planning.rules.lexicon import lexicon
from askwhy.planning.rules.role_slots import role_slot_phrases
from askwhy.planning.rules.sentences import YES_NO_START
from askwhy.planning.rules.variables import slot_phrases

# "..., is program enrollment still associated with earnings?": the subject of the asking
# clause right after its verb, a phrase that names no column, is never left out
_ASKING_VERB = re.compile(
    r"(?:^|[,;:]\s*|\b(?:and|but|so|then)\s+)(?:is|are|was|were|does|do|did|can|could|will|"
    r"would|has|have)\s+(?:the\s+|a\s+|an\s+|our\s+|their\s+|his\s+|her\s+)?$",
    re.IGNORECASE,
)


_LINKING = frozenset(
    [
        "of",
        "per",
        "for",
        "in",
        "on",
        "from",
        "one",
        "more",
        "any",
        "the",
        "a",
        "an",
        "extra",
        "additional",
        "each",
        "every",
        "our",
        "their",
        "its",
        "this",
        "that",
    ]
)


def _modifies(gap: str) -> bool:
    """Only linking words (or a hyphen) between a phrase and the name after it."""
    if gap[:1] in ("-", "/"):
        return True  # "the follow-up @0": one hyphenated name
    words = re.findall(r"[^\W\d_]+", gap.lower())
    return len(words) <= 4 and all(w in _LINKING for w in words)


def unknown_subject(ctx: Context, fields: Fields) -> dict[str, Phrase]:
    """The unknown phrase right after the asking verb (with its closest columns), if any."""
    s = ctx.sentence
    out: dict[str, Phrase] = {}
    roles = [fields.get(k) for k in ("x", "y", "z", "treatment", "outcome")]
    if not all(c in s.refs for c in roles if c):
        return out  # the roles were read from another sentence ("i.e. is Z a mediator ...")
    rows = row_words(ctx.columns)
    said = re.search("|".join(lexicon().elaboration_markers), s.raw, re.IGNORECASE)
    for u in s.unresolved:
        if said and u.start - s.offset < said.start():
            continue  # "does the program ...? i.e. is Z a mediator ...": the second wording
        if u.phrase.lower().split()[-1] in rows:
            continue  # "do older patients have ...": what a row is, not a variable
        if u.candidates or not _ASKING_VERB.search(s.between(s.offset, u.start)[-60:]):
            continue
        after = s.between(u.end, u.end + 2)
        if any(m.start >= u.end and _modifies(s.between(u.end, m.start)) for m in s.mentions):
            continue  # "is the number of @0 ...", "is higher @0": the name follows
        if after[:1] in ("'", "’"):
            continue
        found = slot_phrases(ctx).get(u.phrase)
        if found is not None:
            out[u.phrase] = found
    return out


# "is the effect of X on Y carried by ridership?": the phrase after "by" / "through" is the
# mediator asked about; read without it, the question would be "is there any mediator"
_THROUGH = re.compile(r"\b(?:by|through|via)\s+(?:the\s+|a\s+|an\s+)?$", re.IGNORECASE)


# "Can flossing change what a patient ends up paying?": a yes/no question whose object is
# an embedded "what ..." clause; read as a list ("what does flossing change?") it would
# drop the phrase that names the object
_EMBEDDED_WHAT = re.compile(r"\b(?:what|whatever|how\s+much|how\s+many)\b", re.I)
_LISTS = ("parents", "children", "ancestors", "descendants")


def open_role_phrases(ctx: Context, fields: Fields) -> dict[str, Phrase]:
    """The unknown phrases that fill a role: the one a reading leaves open (the mediator of
    a mediator question without z, the object of a yes/no question read as a list), and
    any in a role's place in the sentence (askwhy.planning.rules.role_slots)."""
    return {**_open_role(ctx, fields), **role_slot_phrases(ctx, fields)}


def _open_role(ctx: Context, fields: Fields) -> dict[str, Phrase]:
    family = fields.get("family")
    s = ctx.sentence
    known = {p: c for p, c in slot_phrases(ctx).items() if not c.ambiguous}
    if family == "mediator" and not fields.get("z"):
        return {
            u.phrase: known[u.phrase]
            for u in s.unresolved
            if u.phrase in known
            and _THROUGH.search(s.between(max(s.offset, u.start - 20), u.start))
        }
    if family in _LISTS and fields.get("format") == "list" and YES_NO_START.match(s.text):
        what = _EMBEDDED_WHAT.search(s.raw)
        if what:
            at = s.offset + what.end()
            return {
                u.phrase: known[u.phrase]
                for u in s.unresolved
                if u.phrase in known and u.start >= at
            }
    return {}
