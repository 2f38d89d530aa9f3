"""Builders for effect and adjustment_set questions: which column is the treatment, which
the outcome, the covariates named, and the treatment values ("from 0 to 1")."""

from __future__ import annotations

import re

from askwhy.errors import UnknownVariableError
from askwhy.planning.rules.context import Context, Fields
from askwhy.planning.rules.sentences import NUM, REF, Sentence, number
from askwhy.planning.rules.variables import (
    Conditioning,
    conditioning,
    main_columns,
    read_list,
    require,
)

# --- treatment and outcome ------------------------------------------------------------------

_EFFECT_OF_ON = re.compile(
    r"\b(?:effects?|impacts?|influence|ate|cate|change|difference)\b[^@?]{0,60}?\b(?:of|from)\b"
    r"[^@?]{0,60}?@(\d+)[^@?]{0,80}?\b(?:on|upon|for|in)\b[^@?]{0,40}?@(\d+)"
)
_EFFECT_ON_OF = re.compile(
    r"\b(?:effects?|impacts?|influence)\s+on\s+(?:\w+\s+){0,3}?@(\d+)[^@?]{0,40}?\b(?:of|from)\b"
    r"[^@?]{0,40}?@(\d+)"
)
_ARROW = re.compile(r"@(\d+)\s*(?:->|→)\s*@(\d+)")
_FROM_TO_REFS = re.compile(r"\bfrom\s+(?:\w+\s+){0,2}?@(\d+)\s+to\s+(?:\w+\s+){0,2}?@(\d+)")
_INTERVENTION = (  # the treatment is the column acted on: "if we raise X ..."
    re.compile(r"\bdo\s*\(\s*@(\d+)"),
    re.compile(
        r"\b(?:changing|increasing|raising|setting|lowering|decreasing|reducing|moving|shifting|"
        r"intervening\s+on|manipulating|varying|doubling|halving)\s+(?:the\s+)?(?:\w+\s+){0,2}?@(\d+)"
    ),
    re.compile(
        r"\b(?:if|when|once|after|should)\s+(?:we\s+|you\s+|i\s+|one\s+)?(?:\w+\s+){0,2}?@(\d+)"
    ),
    re.compile(
        r"@(\d+)\s+(?:is\s+|are\s+|were\s+|was\s+|gets\s+)?(?:changed|raised|increased|decreased|"
        r"lowered|set|moved|shifted|goes|went|rises|changes|increases|decreases|jumps|drops)\s+"
        r"(?:\w+\s+){0,2}?(?:from|to|by)\s+[-−]?[\d.]"
    ),
)
_TREATMENT_LABEL = re.compile(
    r"\b(?:treatment|exposure|intervention)\s*(?:variable\s*)?(?:[:=]|is)\s*@(\d+)"
)
_OUTCOME_LABEL = re.compile(r"\b(?:outcome|response|target)\s*(?:variable\s*)?(?:[:=]|is)\s*@(\d+)")
_ACTIVE = re.compile(
    r"@(\d+)\s+(?:\w+\s+){0,3}?(?:affects?|impacts?|influences?|changes?|causes?|drives?|alters?"
    r"|increases?|decreases?|raises?|lowers?|reduces?)\s+(?:\w+\s+){0,3}?@(\d+)"
)
_HAS_EFFECT = re.compile(
    r"@(\d+)\s+(?:\w+\s+){0,3}?(?:effects?|impacts?|influence)\s+(?:on|upon)\s+(?:\w+\s+){0,2}?@(\d+)"
)
_PASSIVE = re.compile(
    r"@(\d+)\s+(?:\w+\s+){0,3}?(?:affected|impacted|influenced|changed|caused|driven|"
    r"responds?|reacts?|depends?)\s+(?:by|to|on)\s+(?:\w+\s+){0,2}?@(\d+)"
)


def _labelled(ctx: Context, label: re.Pattern[str]) -> str | None:
    """A role given as a label anywhere in the text: "Treatment: dose", "outcome = y"."""
    for sentence in ctx.sentences:
        if m := label.search(sentence.text):
            return sentence.col(m.group(1))
    return None


def _effect_roles(ctx: Context, cond: Conditioning) -> tuple[str, str]:
    """(treatment, outcome) from "effect of T on Y", "if T goes from ...", "T affects Y"."""
    s = ctx.sentence
    labelled = _labelled(ctx, _TREATMENT_LABEL), _labelled(ctx, _OUTCOME_LABEL)
    if labelled[0] and labelled[1]:
        return labelled[0], labelled[1]
    main = main_columns(s, cond)
    patterns = (
        (_EFFECT_OF_ON, False),
        (_EFFECT_ON_OF, True),
        (_ARROW, False),
        (_FROM_TO_REFS, False),
    )
    for pattern, swap in patterns:
        if m := pattern.search(s.text):
            a, b = s.col(m.group(1)), s.col(m.group(2))
            return (b, a) if swap else (a, b)
    for pattern in _INTERVENTION:
        if m := pattern.search(s.text):
            x = s.col(m.group(1))
            rest = require(ctx, [c for c in main if c != x], 1, "an effect")
            return x, rest[0]
    for pattern in (_ACTIVE, _HAS_EFFECT):
        if m := pattern.search(s.text):
            return s.col(m.group(1)), s.col(m.group(2))
    if m := _PASSIVE.search(s.text):
        return s.col(m.group(2)), s.col(m.group(1))
    main = require(ctx, main, 2, "an effect")
    if len(s.refs) >= 2:
        ctx.draft.note(f"took {main[0]} as the treatment and {main[1]} as the outcome (order)", 0.2)
    return main[0], main[1]


# --- the effect -----------------------------------------------------------------------------

_DIRECT_EFFECT = re.compile(r"\bdirect\s+effect")
_FROM_TO = re.compile(
    rf"\bfrom\s+(?:a\s+value\s+of\s+|the\s+value\s+)?({NUM})\s*(?:[a-z%]+\s+)?"
    rf"(?:up\s+|down\s+)?to\s+({NUM})(?![\d])"
)
_T0_T1 = re.compile(
    r"\bt0\s*(?:=|:|is|of)\s*(" + NUM + r").{0,40}?\bt1\s*(?:=|:|is|of)\s*(" + NUM + r")"
)
_DO_VALUE = re.compile(r"\bdo\s*\(\s*@\d+\s*=\s*(" + NUM + r")\s*\)")
_COVARIATES_LABEL = re.compile(
    r"\b(?:covariates?|confounders?|controls?|adjust(?:ing)?\s+for)\s*[:=]"
)
_DECLARED_COVARIATES = re.compile(
    r"((?:@\d+\s*(?:,|and|&|or)?\s*)+)\s*(?:are|is|as|act\s+as|serve\s+as|can\s+be\s+(?:regarded|"
    r"treated|considered|seen)\s+as|should\s+be\s+(?:regarded|treated|considered)\s+as)\s+"
    r"(?:(?:the|an?|potential|possible|known|likely)\s+)*(?:confounders?|covariates?|controls?|"
    r"common\s+causes?|confounding\s+(?:variables?|factors?))"
)
_REMAINING_COVARIATES = re.compile(
    r"\b(?:remaining|other|rest\s+of\s+the|all\s+the\s+other)\s+(?:variables|columns|covariates|"
    r"features|factors)\b[^.?!]*\b(?:confound\w*|covariates?|controls?|adjust\w*|common\s+causes?)"
    r"|\b(?:adjust|control)(?:ing)?\s+for\s+(?:all\s+)?(?:the\s+)?(?:remaining|other|rest|"
    r"everything\s+else)\b"
)


def build_effect(ctx: Context) -> Fields:
    s = ctx.sentence
    cond = conditioning(s, ctx)
    if cond.unknown:
        raise UnknownVariableError(cond.unknown[0], ctx.columns)
    x, y = _effect_roles(ctx, cond)
    given = [c for c in cond.given if c not in (x, y)]
    given += [c for c in _declared_covariates(ctx, x, y) if c not in given]
    if _DIRECT_EFFECT.search(s.text):
        ctx.draft.note(
            "estimating the total effect; direct (controlled) effects are not supported", 0.1
        )
    others = [c for c in main_columns(s, cond) if c not in (x, y, *given)]
    ctx.note_ignored(others, f"the effect of {x} on {y}")
    return {
        "type": "effect",
        "x": x,
        "y": y,
        "given": given,
        "treatment_values": _treatment_values(ctx),
    }


def _declared_covariates(ctx: Context, x: str, y: str) -> list[str]:
    """Covariates declared in the question or around it ("the remaining variables are ...")."""
    found: list[str] = []
    for i, sentence in enumerate(ctx.sentences):
        if _REMAINING_COVARIATES.search(sentence.text):
            rest = [c for c in ctx.columns if c not in (x, y)]
            ctx.draft.note(f"treating all other columns as covariates: {', '.join(rest)}")
            return rest
        names: list[str] = []
        for m in _DECLARED_COVARIATES.finditer(sentence.text):
            names += [sentence.col(k) for k in REF.findall(m.group(1))]
        if m := _COVARIATES_LABEL.search(sentence.text):
            names += [sentence.col(k) for k in read_list(sentence.text, m.end())[0]]
        if i != ctx.index:
            names += conditioning(sentence, ctx).given
        names = [c for c in dict.fromkeys(names) if c not in (x, y) and c not in found]
        if names and i != ctx.index:
            ctx.draft.note(f"took covariates {', '.join(names)} from '{sentence.raw}'", 0.05)
        found += names
    return found


def _treatment_values(ctx: Context) -> tuple[float, float] | None:
    order = [ctx.index] + [i for i in range(len(ctx.sentences)) if i != ctx.index]
    for i in order:
        text = ctx.sentences[i].text
        done = _DO_VALUE.findall(text)
        if len(done) == 2:  # E[Y | do(T=a)] - E[Y | do(T=b)]: from b to a
            return number(done[1]), number(done[0])
        m = _FROM_TO.search(text) or _T0_T1.search(text)
        if m:
            if i != ctx.index:
                ctx.draft.note(f"took the treatment values from '{ctx.sentences[i].raw}'", 0.05)
            return number(m.group(1)), number(m.group(2))
    return None


# --- the adjustment set ---------------------------------------------------------------------

_PROPOSED_SET = re.compile(
    r"\{([^}]*)\}|((?:@\d+\s*(?:,|and|&)?\s*)+)\s*(?:is|are|form|forms)\s+(?:an?\s+|the\s+)?"
    r"(?:valid|sufficient|good|correct|enough|right|proper|minimal)?\s*(?:adjustment|backdoor|"
    r"back-door|conditioning)"
)


def build_adjustment(ctx: Context) -> Fields:
    """Treatment and outcome; `given` holds a set the user proposes ("Is {A, B} valid ...?")."""
    s = ctx.sentence
    proposed: list[str] = []
    if m := _PROPOSED_SET.search(s.text):
        proposed = [s.col(k) for k in REF.findall(m.group(1) or m.group(2))]
    sentences = list(ctx.sentences)
    sentences[ctx.index] = Sentence(s.raw, _PROPOSED_SET.sub(" ", s.text), s.refs)
    x, y = _effect_roles(Context(sentences, ctx.index, ctx.columns, ctx.draft), Conditioning())
    proposed = [c for c in proposed if c not in (x, y)]
    if proposed:
        ctx.draft.note(
            f"asks whether {{{', '.join(proposed)}}} is a valid adjustment set (in given)"
        )
    return {"type": "adjustment_set", "x": x, "y": y, "given": proposed}
