"""Multiple-choice questions: the options as written, and what each one claims.

Options are lettered A, B, C, ... ("A. ...", "A) ...", "(A) ...", "A: ...", "Option A: ...",
lowercase "a) ..."), numbered ("1) ...", "(2) ...") or in roman numerals ("(i) ...", "ii)
..."), on one line or several; the marks must run in order from the first. The last
option ends at its sentence (so "Please answer with A, B, or C." is not part of it).

Each option is read like a small question of its own (`read_claim`, given by parse.py):
"X causes Y" -> direct_cause (x, y); "Z is a confounder of X and Y" -> confounder with z;
"No causal relationship exists" / "they are unrelated" -> family "none". An option that is
only a column name takes its claim from the question's stem ("Which of these confounds X
and Y? A. Z B. W"). The frame's family comes from the claims: the two directions of one
pair (with or without "none") make a pairwise_direction question.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from askwhy.frame import Claim
from askwhy.planning.rules.context import Draft, Fields
from askwhy.planning.rules.lexicon import lexicon

_MARKERS = (
    re.compile(r"(?:^|(?<=[\s:?;,]))\(([A-F])\)\s+"),  # (A) ...
    re.compile(r"(?:^|(?<=[\s:?;,]))(?i:option|choice|answer)\s+([A-F])\s*[:.)-]?\s+"),
    re.compile(r"(?:^|(?<=[\s:?;,]))([A-F])\s?[.):]\s+"),  # A. ... / A) ... / A: ...
    re.compile(r"(?:^|(?<=[\s:?;,]))\(?([a-f])\)\s+"),  # a) ... / (a) ...
    re.compile(r"(?:^|(?<=[\s:?;,]))([a-f])\.\s+"),  # a. ... (a run of a, b, ... only)
    re.compile(r"(?m)^[ \t]*\(?([1-6])[.)]\s+"),  # 1. ... / 2) ... at the start of a line
    re.compile(r"(?:^|(?<=[\s:?;,]))\(?([1-6])\)\s+"),  # 1) ... / (2) ... within a line
    re.compile(r"(?:^|(?<=[\s:?;,]))\(?(i{1,3}|iv|vi?)\)\s+", re.I),  # (i) ... / ii) ...
)
_ROMAN = ("i", "ii", "iii", "iv", "v", "vi")
_FIRST = ("A", "1", "i")
_UNRELATED = re.compile(r"\b(?:independen|unrelated|uncorrelated|unconnected)")
_ANSWER_WORDS = frozenset({"yes", "no", "true", "false", "uncertain", "maybe", "not sure"})
# the last option ends at a sentence that starts in capitals ("Please answer with A or B."),
# not at a mark a name ends with ("(b) Shading? causes INVERTER")
_OPTION_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(“])|\n")
_TRIM = re.compile(r"^[\s,;:.-]+|[\s,;:.?!-]+$|\s*[,;]?\s*\b(?:or|and)\s*$")
CLAIM_FAMILIES = ("direct_cause", "confounder", "collider", "mediator", "independence")
TRIADS = ("confounder", "collider", "mediator")


@dataclass
class Options:
    """The stem (the text before the options) and the options by letter, as written."""

    stem: str
    options: dict[str, str] = field(default_factory=dict)
    tail: str = ""  # what follows the last option ("Please answer with A, B, or C.")

    @property
    def yes_no(self) -> bool:
        """Options that only say "Yes" / "No": a yes/no question, not a choice of claims."""
        return all(v.lower().strip(" .!") in _ANSWER_WORDS for v in self.options.values())


def _marks(pattern: re.Pattern[str], text: str) -> list[tuple[int, int, str]]:
    """(start, end, key) of each option marker: letters in capitals, roman numerals in
    lowercase ("ii"), digits as written."""
    out = []
    for m in pattern.finditer(text):
        key = m.group(1)
        out.append((m.start(), m.end(), key.lower() if key.lower() in _ROMAN else key.upper()))
    return out


def _follows(previous: str, key: str) -> bool:
    """`key` is the marker after `previous`: B after A, 2 after 1, ii after i."""
    if previous in _ROMAN and key in _ROMAN:
        return _ROMAN.index(key) == _ROMAN.index(previous) + 1
    return len(key) == len(previous) == 1 and ord(key) == ord(previous) + 1


def split_options(text: str) -> Options | None:
    """The options of a multiple-choice question, or None if it has none."""
    found = sorted({marker for pattern in _MARKERS for marker in _marks(pattern, text)})
    best: list[tuple[int, int, str]] = []  # the last run of two or more: A, B, C ... / 1, 2 ...
    run: list[tuple[int, int, str]] = []
    for marker in found:
        if run and marker[0] >= run[-1][1] and _follows(run[-1][2], marker[2]):
            run.append(marker)
        elif marker[2] in _FIRST:
            run = [marker]
        if len(run) >= 2:
            best = list(run)
    if not best:
        return None
    options: dict[str, str] = {}
    for (_, end, letter), following in zip(best, [*best[1:], None], strict=True):
        stop = following[0] if following else len(text)
        options[letter] = text[end:stop]
    last = best[-1][2]
    cut = _OPTION_END.search(options[last])
    tail = ""
    if cut:
        tail = options[last][cut.end() :]
        options[last] = options[last][: cut.start()]
    options = {k: _TRIM.sub("", v).strip() for k, v in options.items()}
    if any(not v for v in options.values()):
        return None
    return Options(text[: best[0][0]].strip(), options, tail.strip())


@lru_cache(maxsize=1)
def _none_claim() -> re.Pattern[str]:
    return re.compile("|".join(lexicon().none_claims))


def claims(
    found: Options,
    stem: Fields | None,
    read_claim: Callable[[str], tuple[Fields | None, list[str], str | None]],
    draft: Draft,
) -> dict[str, Claim]:
    """What each option claims; an option that cannot be read is left out, with a note.

    An option about a third variable that names only it ("smoking is a common cause of
    both") is about the pair of the stem, or else of the other options.
    """
    read = {letter: read_claim(text) for letter, text in found.options.items()}
    out: dict[str, Claim] = {}
    for letter, text in found.options.items():
        fields, refs, family = read[letter]
        if _NO_ROLE.search(text.lower()):  # "there is no confounder"
            out[letter] = Claim(family="none")
            continue
        if not refs and family in TRIADS:  # "they share a common cause": of the pair, later
            continue
        claim = _claim(text, fields, refs, stem)
        if claim is not None:
            out[letter] = claim
    pair = _pair(stem, out)
    bare = _bare_options(found, read, stem, read_claim)
    bare.update({k: c for k, c in _role_options(found, read, read_claim).items() if k not in out})
    for letter, text in found.options.items():
        _, refs, family = read[letter]
        third = len(refs) == 1 and pair is not None and refs[0] not in pair
        if letter not in out and pair and family in TRIADS and third:
            out[letter] = Claim(family=family, x=pair[0], y=pair[1], z=refs[0])
        if letter not in out and pair and family in TRIADS and not refs:
            out[letter] = Claim(family=family, x=pair[0], y=pair[1])
        if letter not in out and letter in bare:
            out[letter] = bare[letter]
        if letter not in out:
            draft.note(f"could not tell what option {letter} ('{text}') claims", 0.4)
    return {k: out[k] for k in found.options if k in out}


_WHICH_ROLE = re.compile(
    r"\bwhich\b[^?]{0,40}?\b(?:is|was|be)\s+(?:(?:more\s+)?likely\s+)?(?:the\s+|a\s+)?"
    r"(?:(?:more\s+)?likely\s+)?"
    r"(cause|driver|source|effect|outcome|result|consequence)\b"
    r"|\bwhich\b[^?]{0,40}?\b(causes|drives)\s+(?:the\s+)?other\b"
)
# An option denying the stem's structure outright: "there is no confounder", "none of these"
_NO_ROLE = re.compile(
    r"\b(?:there\s+is\s+|there\s+are\s+)?no\s+(?:such\s+)?(?:confounders?|confounding\s+variables?|"
    r"common\s+(?:causes?|effects?)|colliders?|mediators?)\b|\bnone\s+of\s+(?:these|them|the\s+above)\b"
    r"|^(?:none|neither|nothing|no\s+(?:one|variable|column))(?:\s+of\s+(?:these|them|the\s+above))?$"
)
_THROUGH_WHICH = re.compile(r"\b(?:through|via)\s+which\b|\bby\s+way\s+of\s+which\b")


def _bare_options(
    found: Options,
    read: dict[str, tuple[Fields | None, list[str], str | None]],
    stem: Fields | None,
    read_claim: Callable[[str], tuple[Fields | None, list[str], str | None]],
) -> dict[str, Claim]:
    """Options that are only a column, claimed by the stem's wording: "X or Y: which one is
    the cause? A. X B. Y" (the option causes the other), "... the effect?" (the other way),
    "Through which variable does X affect Y? A. Z" (Z mediates X -> Y)."""
    letters = [k for k, (f, refs, _) in read.items() if f is None and len(refs) == 1]
    if not letters:
        return {}
    lower = found.stem.lower()
    role, through = _WHICH_ROLE.search(lower), _THROUGH_WHICH.search(lower)
    if not role and not through:
        return {}
    stem_refs = read_claim(found.stem)[1] if found.stem else []
    if len(stem_refs) != 2:
        return {}
    x, y = stem_refs
    out: dict[str, Claim] = {}
    for letter in letters:
        (column,) = read[letter][1]
        if through and column not in (x, y):
            out[letter] = Claim(family="mediator", x=x, y=y, z=column)
        elif role and not through and column in (x, y):
            other = y if column == x else x
            word = role.group(1) or role.group(2)
            cause = word in ("cause", "driver", "source", "causes", "drives")
            cause_of = (column, other) if cause else (other, column)
            out[letter] = Claim(family="direct_cause", x=cause_of[0], y=cause_of[1])
    return out


_ROLE_WORD = re.compile(
    r"\b(?:(mediator|intermediate|on\s+the\s+(?:causal\s+)?path)|(confounder|common\s+cause)|"
    r"(collider|common\s+effect))\b"
)


def _role_options(
    found: Options,
    read: dict[str, tuple[Fields | None, list[str], str | None]],
    read_claim: Callable[[str], tuple[Fields | None, list[str], str | None]],
) -> dict[str, Claim]:
    """ "For X, Z and Y, which fits? A) Z is a mediator B) Z is a confounder": with three
    columns in the stem, each option gives the role of one of them (named in the option,
    or the one the stem names twice: "is Z best described as A) a mediator ...") between
    the other two, in the stem's order."""
    stem_refs = read_claim(found.stem)[1] if found.stem else []
    if len(stem_refs) != 3:
        return {}
    lower = found.stem.lower()
    twice = [c for c in stem_refs if lower.count(c.lower()) >= 2]
    out: dict[str, Claim] = {}
    for letter, text in found.options.items():
        refs = read[letter][1]
        role = _ROLE_WORD.search(text.lower())
        named = refs[0] if len(refs) == 1 and refs[0] in stem_refs else None
        z = named or (twice[0] if len(twice) == 1 and not refs else None)
        if role is None or z is None:
            continue
        x, y = [c for c in stem_refs if c != z]
        family = ("mediator", "confounder", "collider")[role.lastindex - 1]
        out[letter] = Claim(family=family, x=x, y=y, z=z)
    return out


def _pair(stem: Fields | None, claims: dict[str, Claim]) -> tuple[str, str] | None:
    if stem and stem.get("x") and stem.get("y"):
        return stem["x"], stem["y"]
    return next(((c.x, c.y) for c in claims.values() if c.x and c.y), None)


def _claim(text: str, fields: Fields | None, refs: list[str], stem: Fields | None) -> Claim | None:
    family = (fields or {}).get("family")
    if _none_claim().search(text.lower()) or (not refs and _UNRELATED.search(text.lower())):
        return Claim(family="none")
    if fields is None or family in (None, "unclear"):
        return _from_stem(refs, stem)
    f = fields
    if family == "direct_cause":
        return Claim(family="direct_cause", x=f["x"], y=f["y"])
    if family == "ancestors" and f.get("y"):
        return Claim(family="direct_cause", x=f["y"], y=f["x"])
    if family == "effect":
        return Claim(family="direct_cause", x=f["treatment"], y=f["outcome"])
    if family in ("confounder", "collider", "mediator"):
        return Claim(family=family, x=f["x"], y=f["y"], z=f.get("z"))
    if family == "independence":
        given = list(f.get("given", []))
        return Claim(family=family, x=f["x"], y=f["y"], given=given, polarity=f.get("polarity"))
    return _from_stem(refs, stem)


def _from_stem(refs: list[str], stem: Fields | None) -> Claim | None:
    """A bare column as an option: the stem says what is claimed of it."""
    if len(refs) != 1 or not stem:
        return None
    (column,) = refs
    family = stem.get("family")
    if family in ("confounder", "collider", "mediator") and stem.get("x") and stem.get("y"):
        return Claim(family=family, x=stem["x"], y=stem["y"], z=column)
    if family == "parents" and stem.get("x"):
        return Claim(family="direct_cause", x=column, y=stem["x"])
    if family == "children" and stem.get("x"):
        return Claim(family="direct_cause", x=stem["x"], y=column)
    return None


def choice_frame(
    choice_map: dict[str, Claim], options: dict[str, str], stem: Fields | None
) -> Fields | None:
    """The frame fields of a multiple-choice question, from its claims (None: no claim).

    Both directions of one pair among the claims make a pairwise_direction question; else
    the family most claims have (the first on a tie), with the pair (and z) they share.
    """
    real = [c for c in choice_map.values() if c.family != "none"]
    if not real:
        return None
    base: Fields = {"format": "choice", "options": options, "choice_map": choice_map}
    directions = {(c.x, c.y) for c in real if c.family == "direct_cause"}
    both = next(((x, y) for x, y in directions if (y, x) in directions), None)
    if both is not None:
        first = next(c for c in real if c.family == "direct_cause" and {c.x, c.y} == set(both))
        return {**base, "family": "pairwise_direction", "x": first.x, "y": first.y}
    counts = Counter(c.family for c in real)
    family = max(counts, key=lambda f: (counts[f], -[c.family for c in real].index(f)))
    first = next(c for c in real if c.family == family)
    fields: Fields = {**base, "family": family, "x": first.x, "y": first.y}
    if family in TRIADS:
        zs = {c.z for c in real if c.family == family}
        fields["z"] = first.z if len(zs) == 1 else None
    if family == "independence":
        fields["polarity"] = first.polarity or "independence"
        fields["given"] = list(first.given)
    return fields


def with_stem_given(choice_map: dict[str, Claim], given: list[str]) -> dict[str, Claim]:
    """ "Given Z, which statement fits? A. X and Y are independent ...": Z in every
    independence claim that names no conditioning set of its own."""
    if not given:
        return choice_map
    return {
        k: c.model_copy(update={"given": [g for g in given if g not in (c.x, c.y)]})
        if c.family == "independence" and not c.given
        else c
        for k, c in choice_map.items()
    }
