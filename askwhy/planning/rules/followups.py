"""Follow-up questions in a chat, read against the previous frame.

- "why?", "how do you know?": the previous frame, with the note "follow-up: why" (the
  planner answers from the previous evidence);
- "in that graph, what causes Y?": the rest read as a question of its own, noted;
- "the other way round?": the previous pair swapped;
- "and given W?", "what if we control for W?": W added to the conditioning set of an
  independence question or to the covariates of an effect;
- "what about Z?", "and for Z and W?": the previous family, the new variables replacing the
  most similar roles ("on Z" the outcome, "of Z" the treatment; else the role whose column's
  name is clearly closest; else it is refused with both readings to ask), "Z instead of X"
  replacing X;
- "only for line L3?" after an effect: the same effect in that subgroup; "would W alone
  do?" after an adjustment-set question: whether {W} is a valid adjustment set.

A text that reads as a complete question of its own is that question, not a follow-up.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache

from askwhy.core.names import normalize
from askwhy.frame import RELATIVE_FAMILIES, Frame
from askwhy.planning.rules.context import Phrase, Unreadable
from askwhy.planning.rules.followup_forms import proposed_set, subgroup_design
from askwhy.planning.rules.lexicon import alternation, lexicon
from askwhy.planning.rules.refusal import ASK_ONE_OF
from askwhy.planning.rules.sentences import split_sentences
from askwhy.planning.rules.variables import conditioning, unknown_reason

OWN_QUESTION = 0.6  # a follow-up read on its own this confidently is a question of its own
FOLLOW_UP_CONFIDENCE = 0.85  # a follow-up is never read as confidently as a question
MAX_FOLLOW_UP = 300  # characters: a longer text is a question of its own
SIMILAR = 0.5  # name similarity for "what about Z?" to replace the role of a like-named column
_ON = re.compile(r"\b(?:on|upon|onto|in)\s+(?:the\s+)?@(\d+)")
_PRONOUN = re.compile(
    r"\b(?:its|it(?!['’]s\b|\s+(?:true|the\s+case|possible|likely|plausible|so|clear)\b)|"
    r"that\s+one|this\s+one|that\s+variable|this\s+variable)\b",
    re.I,
)


def _in_place(text: str, main: str) -> str:
    """The text with its first pronoun replaced by the column ("its" by "<column>'s")."""
    return _PRONOUN.sub(lambda m: main + ("'s" if m.group().lower() == "its" else ""), text, 1)


_OF = re.compile(r"\b(?:of|from)\s+(?:the\s+)?@(\d+)")
_SAME = re.compile(r"^\W*(?:(?:and|so|now|ok(?:ay)?)\W+)?(?:the\s+)?same\s+(?:question|thing)\b")
_ADDED = re.compile(r"\b(?:add|adding|also|too|as\s+well|include|including|plus|with)\b", re.I)
_INSTEAD_WORD = re.compile(r"\b(?:instead|rather|in\s+place|only)\b", re.I)
# "what if the outcome is Z instead?": the role named outright
_NAMED_ROLE = re.compile(
    r"\b(?:the\s+)?(outcome|response|target|effect|treatment|exposure|intervention|cause)\s+"
    r"(?:variable\s+)?(?:is|was|were|be|becomes|=|:)\s+(?:the\s+)?@(\d+)|"
    r"@(\d+)\s+(?:is\s+|was\s+)?as\s+(?:the\s+)?(outcome|response|target|effect|treatment|"
    r"exposure|intervention|cause)\b"
)
_LATER_ROLE = {"outcome", "response", "target", "effect"}  # else the first role
STRUCTURES = ("collider", "confounder", "mediator")
_IN_PLACE = r"(?:instead\s+of|in\s+place\s+of|rather\s+than|in\s+lieu\s+of)"
_INSTEAD = re.compile(
    rf"@(\d+)\s*,?\s*{_IN_PLACE}\s+(?:the\s+)?@(\d+)|\b{_IN_PLACE}\s+(?:the\s+)?@(\d+)\s*,?\s*@(\d+)"
)


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    lex = lexicon()
    return {
        "why": re.compile(r"^\W*(?:" + alternation(lex.followup_why) + r")\W*$"),
        "graph": re.compile(r"^\W*" + alternation(lex.followup_graph) + r"\s*[,:]?\s*"),
        "reverse": re.compile(
            r"^\W*(?:(?:and|but|so|what\s+about|how\s+about)\s+)*(?:"
            + alternation(lex.followup_reverse)
            + r")\W*$"
        ),
        "opener": re.compile(r"^\W*(?:" + alternation(lex.followup_openers) + r")\b"),
    }


def follow_up(
    text: str,
    previous: Frame,
    columns: Sequence[str],
    aliases: Mapping[str, Sequence[str]] | None,
    read: Callable[[str], Frame],
) -> Frame | None:
    """The frame of a follow-up to `previous`, or None when `text` is a question of its own."""
    if len(text) > MAX_FOLLOW_UP:
        return None
    p = _patterns()
    lower = " ".join(text.lower().split())
    if p["why"].match(lower):
        return _with(previous, "follow-up: why (answered from the previous question's evidence)")
    rest, in_graph = text, False
    if m := p["graph"].match(lower):
        rest, in_graph = text[m.end() :], True
    lower = " ".join(rest.lower().split())
    if (named := _named_role(rest, previous, columns, aliases)) is not None:
        return named
    # "same question for ...": the previous question, whatever the rest reads as
    own = None if _SAME.match(lower) else _own_question(rest, read)
    guessed = own is not None and any(n.startswith("could not tell") for n in own.notes)
    if guessed and own.confidence < FOLLOW_UP_CONFIDENCE and p["opener"].match(lower):
        # "what about the effect on Y?" read on its own is a guess ("could not tell the
        # direction"); as a follow-up it is the previous question about Y
        try:
            frame = _as_follow_up(rest, lower, previous, columns, aliases, read, in_graph)
        except Unreadable:
            frame = None
        if frame is not None:
            return frame
    if own is not None and (it := _it_read(rest, previous, read)) is not None:
        return it  # "does it also mediate ...?": "it" is the previous question's variable
    if own is not None:
        return _with(own, "follow-up: in the previous graph") if in_graph else own
    return _as_follow_up(rest, lower, previous, columns, aliases, read, in_graph)


def _as_follow_up(
    rest: str,
    lower: str,
    previous: Frame,
    columns: Sequence[str],
    aliases: Mapping[str, Sequence[str]] | None,
    read: Callable[[str], Frame],
    in_graph: bool,
) -> Frame | None:
    """The follow-up reading of `rest` (no question of its own)."""
    p = _patterns()
    if p["reverse"].match(lower):
        return _reversed(previous)
    sentences = split_sentences(rest, list(columns), aliases)
    if not sentences or not (p["opener"].match(lower) or len(lower) < 60 or in_graph):
        return None
    sentence = sentences[0]
    _refuse_another_family(rest, previous, read)
    cond = conditioning(sentence)
    if cond.unknown:
        phrases = {u: Phrase() for u in cond.unknown}
        raise Unreadable(unknown_reason(phrases, list(columns)), previous.model_dump())
    if cond.given:
        return _conditioned(previous, cond.given, bool(_INSTEAD_WORD.search(rest)))
    if (design := subgroup_design(rest, lower, previous, read)) is not None:
        return _with(previous, "follow-up: the same effect in a subgroup", design=design)
    refs = [c for s in sentences for c in s.refs]
    if refs and (new := proposed_set(sentence.text, previous, refs)) is not None:
        note = f"follow-up: is adjusting for {', '.join(new)} enough?"
        return _with(previous, note, adjust_for=new, format="yes_no")
    if not refs:
        return _about_it(rest, previous, sentence, read, bool(p["opener"].match(lower)))
    if (it := _it_read(rest, previous, read)) is not None:  # "does it cause Z too?"
        return it
    return _replaced(previous, sentence, list(dict.fromkeys(refs)))


def _named_role(
    text: str, previous: Frame, columns: Sequence[str], aliases: Mapping[str, Sequence[str]] | None
) -> Frame | None:
    """ "What if the outcome is Z instead?", "with W as the treatment": that role replaced."""
    roles = ["treatment", "outcome"] if previous.treatment else ["x", "y"]
    if previous.family not in ("effect", "adjustment_set", "direct_cause", "independence"):
        return None
    for sentence in split_sentences(text, list(columns), aliases)[:1]:
        if m := _NAMED_ROLE.search(sentence.text):
            word, ref = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
            role = roles[1] if word in _LATER_ROLE else roles[0]
            new = sentence.col(ref)
            return _finish(previous, {role: new}, f"follow-up: {new} as the {word}")
    return None


def _main(previous: Frame) -> str | None:
    """What "it" stands for: the designated variable of a structure question, else the first."""
    if previous.family in STRUCTURES and previous.z:
        return previous.z
    return previous.x or previous.treatment


def _about_it(text: str, previous: Frame, sentence, read, opener: bool) -> Frame | None:
    """ "what does it cause?": "it" is the previous question's main variable; "what about
    asbestos?" names a column the data lacks."""
    main = _main(previous)
    if main and _PRONOUN.search(text):
        try:
            frame = read(_in_place(text, main))
        except Unreadable:
            frame = None
        if frame is not None and frame.confidence >= OWN_QUESTION:
            return _with(frame, f"follow-up: read 'it' as {main}")
    unknown = [u.phrase for u in sentence.unresolved if not u.candidates]
    if opener and unknown:
        phrases = {u: Phrase() for u in unknown}
        raise Unreadable(
            unknown_reason(phrases, list(previous.variables_named())),
            previous.model_dump(),
            phrases,
        )
    return None


def _it_read(text: str, previous: Frame, read: Callable[[str], Frame]) -> Frame | None:
    """ "and does it directly cause Z too?": "it" is the previous main variable, read with
    it in place; None when there is no "it" or the text then reads as no question."""
    main = _main(previous)
    if not main or not _PRONOUN.search(text):
        return None
    try:
        frame = read(_in_place(text, main))
    except Unreadable:
        return None
    if frame.family == "unclear" or frame.confidence < OWN_QUESTION:
        return None
    return _with(frame, f"follow-up: read 'it' as {main}")


def _refuse_another_family(text: str, previous: Frame, read: Callable[[str], Frame]) -> None:
    """ "and does tarr directly cause lung cancer?" after an independence question asks a
    question of another family that names a column the data lacks: refuse it, never read
    it as the previous question about the one column found."""
    try:
        read(text)
    except Unreadable as err:
        family = (err.partial or {}).get("family")
        if family and family not in ("unclear", previous.family) and err.phrases:
            raise
    return


def _own_question(text: str, read: Callable[[str], Frame]) -> Frame | None:
    try:
        frame = read(text)
    except Unreadable:
        return None
    return frame if frame.confidence >= OWN_QUESTION else None


def _with(frame: Frame, note: str, **update) -> Frame:
    notes = [*frame.notes, note] if note not in frame.notes else list(frame.notes)
    confidence = min(frame.confidence, FOLLOW_UP_CONFIDENCE)
    return frame.model_copy(update={"notes": notes, "confidence": confidence, **update})


def _reversed(previous: Frame) -> Frame:
    if previous.treatment and previous.outcome:
        swap = {"treatment": previous.outcome, "outcome": previous.treatment}
    elif previous.x and previous.y:
        swap = {"x": previous.y, "y": previous.x}
    else:
        raise Unreadable("There is no pair in the previous question to turn round.")
    return _with(previous, "follow-up: the previous question the other way round", **swap)


def _conditioned(previous: Frame, new: list[str], instead: bool = False) -> Frame:
    """W added to the conditioning set; "given W instead": W in place of it."""
    if previous.family == "independence":
        kept = [] if instead else previous.given
        given = [*kept, *(c for c in new if c not in kept)]
        clash = [c for c in new if c in (previous.x, previous.y)]
        if clash:
            raise Unreadable(f"{clash[0]} is already one of the pair; condition on another.")
        note = "given only" if instead else "also given"
        return _with(previous, f"follow-up: {note} {', '.join(new)}", given=given)
    if previous.family in ("effect", "adjustment_set"):
        kept = [] if instead else previous.adjust_for
        adjust = [*kept, *(c for c in new if c not in kept)]
        note = "adjusting only for" if instead else "also adjusting for"
        return _with(previous, f"follow-up: {note} {', '.join(new)}", adjust_for=adjust)
    raise Unreadable(
        "Conditioning on more variables applies to an independence or an effect question; "
        f"the previous question was: {previous.restate()}",
        previous.model_dump(),
    )


def _roles(previous: Frame, named: int = 1) -> list[str]:
    """The roles new columns take: of a structure question, z for one, the pair for two."""
    f = previous
    if f.family in STRUCTURES and f.z:
        return ["x", "y"] if named >= 2 else ["z"]
    if f.family in ("effect", "adjustment_set"):
        return ["treatment", "outcome"]
    if f.family in RELATIVE_FAMILIES:
        return ["x", "y"] if f.y else ["x"]
    if f.family in ("graph", "describe_data"):
        return []
    return ["x", "y"]


def _replaced(previous: Frame, sentence, refs: list[str]) -> Frame:
    """The previous question about the new columns."""
    roles = _roles(previous, len(refs))
    if roles == ["z"] and _hinted_role(sentence, refs[0], ["x", "y"]):
        roles = ["x", "y"]  # "and on W?" after "does Z mediate X -> Y?": W is the outcome
    values = previous.model_dump()
    if previous.family in ("graph", "describe_data"):
        if not _ADDED.search(sentence.raw) or not previous.variables:  # "what about Z?": Z now
            return _with(previous, f"follow-up: {', '.join(refs)} now", variables=refs)
        variables = [*previous.variables, *(c for c in refs if c not in previous.variables)]
        return _with(previous, f"follow-up: also {', '.join(refs)}", variables=variables)
    if m := _INSTEAD.search(sentence.text):
        new, old = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        new, old = sentence.col(new), sentence.col(old)
        note = f"follow-up: {new} instead of {old}"
        role = next((r for r in roles if values.get(r) == old), None)
        if role is not None:
            return _finish(previous, {role: new}, note)
        for key in ("given", "adjust_for", "variables"):
            if old in values[key]:
                swapped = [new if c == old else c for c in values[key]]
                return _finish(previous, {key: list(dict.fromkeys(swapped))}, note)
        raise Unreadable(f"{old} is not in the previous question ({previous.restate()}).")
    new = [c for c in refs if c not in [values.get(r) for r in roles]]
    if not new:
        raise Unreadable(f"{', '.join(refs)} is already in the previous question.")
    if len(refs) >= len(roles) == 2:  # "and between X and Z?": the pair named, in order
        update = dict(zip(roles, refs, strict=False))
        return _finish(previous, update, f"follow-up: the same question about {', '.join(refs)}")
    if len(new) >= len(roles) > 1:
        update = dict(zip(roles, new, strict=False))
        return _finish(previous, update, f"follow-up: the same question about {', '.join(new)}")
    role = _hinted_role(sentence, new[0], roles) or _closest_role(previous, new[0], roles)
    if role is None:
        readings = [previous.model_copy(update={r: new[0]}).restate() for r in roles]
        raise Unreadable(
            f"I could not tell whether {new[0]} takes the place of "
            + " or of ".join(str(values.get(r)) for r in roles)
            + f". {ASK_ONE_OF} "
            + "; ".join(f"'{q[0].upper() + q[1:]}'" for q in readings),
            {"family": previous.family},
        )
    note = f"follow-up: {new[0]} in place of {values.get(role)}"
    return _finish(
        previous, {role: new[0]}, note, 0.0 if _hinted_role(sentence, new[0], roles) else 0.1
    )


def _finish(previous: Frame, update: dict, note: str, penalty: float = 0.0) -> Frame:
    frame = _with(previous, note, **update)
    names = [frame.x, frame.y, frame.z, frame.treatment, frame.outcome]
    named = [n for n in names if n]
    if len(named) != len(set(named)):
        raise Unreadable("The follow-up names a column twice; name two different columns.")
    return frame.model_copy(update={"confidence": round(max(0.05, frame.confidence - penalty), 2)})


def _hinted_role(sentence, column: str, roles: list[str]) -> str | None:
    """ "what about on Z" -> the outcome; "of Z" / "from Z" -> the treatment (first role)."""
    if column not in sentence.refs:
        return None
    k = str(sentence.refs.index(column))
    if len(roles) == 2:
        if any(m.group(1) == k for m in _ON.finditer(sentence.text)):
            return roles[1]
        if any(m.group(1) == k for m in _OF.finditer(sentence.text)):
            return roles[0]
    return None


def _closest_role(previous: Frame, column: str, roles: list[str]) -> str | None:
    """The one role, or the role whose column's name is clearly closest; else None."""
    values = previous.model_dump()

    def similarity(role: str) -> float:
        current = values.get(role) or ""
        return difflib.SequenceMatcher(None, normalize(column), normalize(current)).ratio()

    scores = sorted(((similarity(r), -i, r) for i, r in enumerate(roles)), reverse=True)
    if len(scores) == 1 or (scores[0][0] >= SIMILAR and scores[0][0] - scores[1][0] >= 0.2):
        return scores[0][2]
    return None
