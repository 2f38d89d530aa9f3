"""Builders for effect and adjustment_set questions: which column is the treatment, which
the outcome, the covariates named, and the treatment values ("from 0 to 1"); the design,
estimand, design roles and subgroup of an effect come from designs.py."""

from __future__ import annotations

import re
from functools import lru_cache

from askwhy.planning.rules.context import Context, Fields, Unreadable
from askwhy.planning.rules.designs import complete, hinted_roles, read_roles, vocabulary
from askwhy.planning.rules.lexicon import lexicon
from askwhy.planning.rules.sentences import NUM, REF, number
from askwhy.planning.rules.value_units import converted, said_unit
from askwhy.planning.rules.variables import (
    Conditioning,
    as_written,
    conditioning,
    main_columns,
    read_list,
    require,
    slot_phrases,
    unknown_reason,
)

ROLES = ("treatment", "outcome")

# --- treatment and outcome ------------------------------------------------------------------

_EFFECT_OF_ON = re.compile(
    r"\b(?:effects?|impacts?|influence|ate|cate|att|atc|atu|change|difference|estimate)\b"
    r"[^@?]{0,60}?\b(?:of|from)\b"
    r"[^@?]{0,60}?@(\d+)[^@?]{0,80}?\b(?:on|upon|for|in|to)\b(?:(?!\b(?:through|via|by|given|when)\b)"
    r"[^@?]){0,40}?@(\d+)"
)
_EFFECT_ON_OF = re.compile(
    r"\b(?:effects?|impacts?|influence)\s+on\s+(?:\w+\s+){0,3}?@(\d+)[^@?]{0,40}?\b(?:of|from)\b"
    r"[^@?]{0,40}?@(\d+)"
)
_ON_FIRST = re.compile(  # "On Y, what is the effect of X?", "For Y, how big is the effect of X?"
    r"(?:\b(?:on|upon|for)\s+|^\W*)(?:the\s+)?@(\d+)\s*[,:]\s*(?:\w+\s+){0,5}?(?:effects?|impacts?|influence)\s+"
    r"(?:of|from)\s+(?:the\s+)?(?:\w+\s+){0,2}?@(\d+)"
)
_ARROW = re.compile(r"@(\d+)\s*(?:->|→)\s*@(\d+)")
_FROM_TO_REFS = re.compile(r"\bfrom\s+(?:\w+\s+){0,2}?@(\d+)\s+to\s+(?:\w+\s+){0,2}?@(\d+)")
_INTERVENTION = (  # the treatment is the column acted on: "if we raise X ..."
    re.compile(r"\bdo\s*\(\s*@(\d+)"),
    re.compile(
        r"\b(?:changing|increasing|raising|setting|lowering|decreasing|reducing|moving|shifting|"
        r"intervening\s+on|manipulating|varying|doubling|halving|bump\w*)\s+(?:the\s+)?(?:\w+\s+){0,2}?"
        r"@(\d+)"
    ),
    # "bump someone from 6 to 18 @0": the column the values are of
    re.compile(rf"\bfrom\s+{NUM}\s*(?:[a-z%]+\s+)?to\s+{NUM}\s*%?\s+(?:\w+\s+)?@(\d+)"),
    re.compile(
        r"\b(?:if|when|once|after|should)\s+(?:we\s+|you\s+|i\s+|one\s+)?(?:\w+\s+){0,2}?@(\d+)"
    ),
    re.compile(
        r"@(\d+)\s+(?:is\s+|are\s+|were\s+|was\s+|gets\s+)?(?:changed|raised|increased|decreased|"
        r"lowered|set|moved|shifted|goes|went|rises|changes|increases|decreases|jumps|drops)\s+"
        r"(?:\w+\s+){0,2}?(?:from|to|by)\s+[-−]?[\d.]"
    ),
)
TREATMENT_LABEL = re.compile(
    r"\b(?:treatment|exposure|intervention)\s*(?:variable\s*)?(?:[:=]|is)?\s*@(\d+)|"
    r"@(\d+)\s+as\s+(?:the\s+|our\s+|an?\s+)?(?:treatment|exposure|intervention)\b"
)
OUTCOME_LABEL = re.compile(
    r"\b(?:outcome|response|target)\s*(?:variable\s*)?(?:[:=]|is)?\s*@(\d+)|"
    r"@(\d+)\s+as\s+(?:the\s+|our\s+|an?\s+)?(?:outcome|response|target)\b"
)
_ACTIVE = r"@(\d+)\s+(?:\w+\s+){0,3}?{VERB}\s+(?:\w+\s+){0,3}?@(\d+)"  # {VERB}: lexicon verbs
_HAS_EFFECT = re.compile(
    r"@(\d+)(?:['’]s?)?\s+(?:\w+\s+){0,3}?(?:effects?|impacts?|influence)\s+(?:on|upon)\s+"
    r"(?:\w+\s+){0,2}?@(\d+)"
)
_RESPONSE_TO = re.compile(  # "Y's response to X", "the response of Y to X": X is the treatment
    r"@(\d+)(?:['’]s?)?\s+(?:\w+\s+){0,2}?(?:response|reaction|sensitivity|responsiveness)\s+"
    r"(?:to|towards?)\s+(?:\w+\s+){0,2}?@(\d+)"
    r"|\b(?:response|reaction|sensitivity|responsiveness)\s+of\s+(?:\w+\s+){0,2}?@(\d+)\s+"
    r"(?:to|towards?)\s+(?:\w+\s+){0,2}?@(\d+)"
)
# "does @y drop per year of @x", "how much does @y rise for each extra @x": @x the treatment
_PER = re.compile(
    r"@(\d+)\s+(?:\w+\s+){0,3}?(?:per|for\s+(?:each|every)|with\s+(?:each|every))\s+"
    r"(?:\w+\s+){0,2}?(?:of\s+)?@(\d+)"
)
# "on days with @x compared with days without": @x the treatment, present or not
_CONTRAST = re.compile(
    r"\bwith\s+(?:the\s+)?@(\d+)\s+(?:compared\s+(?:with|to)|versus|vs\.?|relative\s+to|"
    r"against)\s+(?:\w+\s+){0,2}?without\b"
)
# "the lift in @y from @x", "the drop in @y due to @x": @x the treatment
_CHANGE_IN = re.compile(
    r"\b(?:lift|uplift|gain|boost|bump|increase|decrease|drop|rise|improvement|reduction|change)\s+"
    r"in\s+(?:\w+\s+){0,2}?@(\d+)\s+(?:\w+\s+){0,3}?(?:from|due\s+to|because\s+of|caused\s+by|"
    r"attributable\s+to|thanks\s+to)\s+(?:\w+\s+){0,3}?@(\d+)"
)
# "the @y gain from switching @x": the change named after its outcome
_NOUN_CHANGE = re.compile(
    r"@(\d+)\s+(?:lift|uplift|gain|boost|bump|increase|decrease|drop|rise|improvement|reduction|"
    r"change|loss|savings?|penalty)\s+(?:from|due\s+to|because\s+of|caused\s+by|attributable\s+to|"
    r"thanks\s+to)\s+(?:[\w'’-]+\s+){0,5}?@(\d+)"
)
# "by how many points does @x move @y": a verb of change that is no causal verb
_MOVES = re.compile(
    r"@(\d+)\s+(?:\w+\s+)?(?:move|moves|moved|shift|shifts|shifted|push|pushes|pushed|nudge|nudges|"
    r"budge|budges|swing|swings)\s+(?:\w+\s+){0,2}?@(\d+)"
)
_HOW_MANY = re.compile(r"\bhow\s+(?:many|much)\s+(?:more\s+|fewer\s+|less\s+|extra\s+)?@(\d+)")
_FOR_ON = re.compile(r"\bfor\s+(?:the\s+)?@(\d+)\s+(?:on|upon|->|→)\s+(?:the\s+)?@(\d+)")
# "when estimating how Y responds to X": the words of a measurement, not of an intervention
_MEASURING = re.compile(
    r"\b(?:if|when|once|after|should)\s+(?:we\s+|you\s+|i\s+|one\s+)?(?:\w+\s+){0,2}?"
    r"(?:measuring|estimating|assessing|computing|calculating|quantifying|studying|"
    r"analy[sz]ing|looking|evaluating|testing|modelling|modeling|how|what|whether)\b"
)
_PASSIVE = re.compile(
    r"@(\d+)\s+(?:\w+\s+){0,3}?(?:(?:affected|impacted|influenced|changed|caused|driven|"
    r"responds?|reacts?|depends?)\s+(?:by|to|on)|{S}\s+by)\s+(?:\w+\s+){0,2}?@(\d+)".replace(
        "{S}", lexicon().family_fragments["SIGNED_PASSIVE"]
    )
)


def _labelled(ctx: Context, label: re.Pattern[str]) -> str | None:
    """A role given as a label anywhere in the text: "Treatment: dose", "outcome = y",
    "the outcome y", "y as the outcome"."""
    for sentence in ctx.sentences:
        if m := label.search(sentence.text):
            return sentence.col(next(g for g in m.groups() if g is not None))
    return None


def _effect_roles(ctx: Context, cond: Conditioning, text: str) -> tuple[str, str]:
    """(treatment, outcome) from "effect of T on Y", "if T goes from ...", "T affects Y"."""
    labelled = _labelled(ctx, TREATMENT_LABEL), _labelled(ctx, OUTCOME_LABEL)
    if labelled[0] and labelled[1]:
        return labelled[0], labelled[1]
    main = main_columns(ctx.sentence, cond, text)
    if labelled[1] in main and len(main) == 2:  # "For Y as the outcome, the effect of X"
        return next(c for c in main if c != labelled[1]), labelled[1]
    if labelled[0] in main and len(main) == 2:
        return labelled[0], next(c for c in main if c != labelled[0])
    patterns = (
        (_EFFECT_OF_ON, False),
        (_EFFECT_ON_OF, True),
        (_ON_FIRST, True),
        (_ARROW, False),
        (_FROM_TO_REFS, False),
    )
    for pattern, swap in patterns:
        if (m := pattern.search(text)) and _both_in(ctx, m, main):
            a, b = ctx.col(m.group(1)), ctx.col(m.group(2))
            return (b, a) if swap else (a, b)
    if m := _RESPONSE_TO.search(text):  # "Y's response to X"
        outcome, treatment = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        if ctx.col(outcome) in main and ctx.col(treatment) in main:
            return ctx.col(treatment), ctx.col(outcome)
    for change in (_CHANGE_IN, _NOUN_CHANGE):  # "the lift in Y from X", "the Y gain from X"
        if (m := change.search(text)) and _both_in(ctx, m, main):
            return ctx.col(m.group(2)), ctx.col(m.group(1))
    if (m := _FOR_ON.search(text)) and _both_in(ctx, m, main):  # "(adjust) for X on Y"
        return ctx.col(m.group(1)), ctx.col(m.group(2))
    if (m := _PER.search(text)) and _both_in(ctx, m, main):  # "Y drops per unit of X"
        return ctx.col(m.group(2)), ctx.col(m.group(1))
    if (m := _CONTRAST.search(text)) and ctx.col(m.group(1)) in main and len(main) == 2:
        return ctx.col(m.group(1)), next(c for c in main if c != ctx.col(m.group(1)))
    for pattern in _INTERVENTION:
        m = pattern.search(text)
        if m and _MEASURING.match(text, m.start()):
            continue  # "when measuring how Y responds to X": no intervention on Y
        if m and ctx.col(m.group(1)) in main:
            x = ctx.col(m.group(1))
            rest = require(ctx, [c for c in main if c != x], 1, "an effect", ("outcome",))
            return x, rest[0]
    if (m := _MOVES.search(text)) and _both_in(ctx, m, main):  # "does X move Y"
        return ctx.col(m.group(1)), ctx.col(m.group(2))
    if (m := _HOW_MANY.search(text)) and ctx.col(m.group(1)) in main and len(main) == 2:
        return next(c for c in main if c != ctx.col(m.group(1))), ctx.col(m.group(1))
    if (m := _PASSIVE.search(text)) and _both_in(ctx, m, main):  # before "Y responds"
        return ctx.col(m.group(2)), ctx.col(m.group(1))
    for pattern in (_active(), _HAS_EFFECT):
        if (m := pattern.search(text)) and _both_in(ctx, m, main):
            return ctx.col(m.group(1)), ctx.col(m.group(2))
    roles = ROLES
    on = rf"\b(?:on|upon|for)\s+{_ref(ctx, main[0])}\b" if len(main) == 1 else None
    if on and re.search(on, text):
        roles = ("outcome", "treatment")  # "the effect of <unknown> on Y": Y is the outcome
    main = require(ctx, main, 2, "an effect", roles)
    if len(ctx.refs) >= 2:
        phrases = {p: c for p, c in slot_phrases(ctx).items() if not _design_words(p)}
        if phrases:  # a role may be the phrase that names no column
            partial = {"family": ctx.family, "treatment": main[0]}
            raise Unreadable(unknown_reason(phrases, ctx.columns), partial, phrases)
        ctx.draft.note(f"took {main[0]} as the treatment and {main[1]} as the outcome (order)", 0.2)
    return main[0], main[1]


def _design_words(phrase: str) -> bool:
    """ "diff", "running variable": words of a design, not an unknown variable's name."""
    lowered = phrase.lower()
    return lowered in vocabulary() or all(w in vocabulary() for w in lowered.split())


@lru_cache(maxsize=1)
def _active() -> re.Pattern[str]:
    fragments = lexicon().family_fragments
    verbs = f"(?:{fragments['CAUSE_VERB']}|{fragments['SIGNED_VERB']})"
    return re.compile(_ACTIVE.replace("{VERB}", verbs))


def _ref(ctx: Context, column: str) -> str:
    return f"@{ctx.sentence.refs.index(column)}"


def _both_in(ctx: Context, m: re.Match[str], main: list[str]) -> bool:
    return ctx.col(m.group(1)) in main and ctx.col(m.group(2)) in main


# --- the effect -----------------------------------------------------------------------------

_DIRECT_EFFECT = re.compile(r"\bdirect\s+effect")
# "Does X have an effect on Y?": a yes/no question that the effect's estimate answers
_YES_NO = re.compile(
    r"^[^\w@]*(?:\w+\s*\d*\s*:\s*)?(?:(?:so|and|but|ok|okay|please|now|then)\W+)*(?:does|do|did|is|"
    r"are|was|were|"
    r"has|have|had|can|could|will|would|might|may)\b|\b(?:whether|if\s+(?!we\b|you\b|i\b))"
)
_HOW_MUCH = re.compile(r"\b(?:how|what|by\s+how|to\s+what|which|estimate|quantify|size)\b")
_FROM_TO = re.compile(
    rf"\bfrom\s+(?:a\s+value\s+of\s+|the\s+value\s+)?({NUM})\s*(?:°\s?)?(?:[a-z%$€£]+\.?\s+|@\d+\s+)?"
    rf"(?:all\s+the\s+way\s+)?(?:up\s+|down\s+)?to\s+({NUM})(?![\d])"
)
_T0_T1 = re.compile(
    r"\bt0\s*(?:=|:|is|of)\s*(" + NUM + r").{0,40}?\bt1\s*(?:=|:|is|of)\s*(" + NUM + r")"
)
_DO_VALUE = re.compile(r"\bdo\s*\(\s*@\d+\s*=\s*(" + NUM + r")\s*\)")
# "if X were set to 27 instead of 21": from 21 to 27 (the value it is compared with first)
_INSTEAD = re.compile(
    rf"\b(?:set|fixed|changed|forced|moved|held)\s+(?:to|at)\s+({NUM})\s*(?:[a-z%]+\s+)?"
    rf"(?:instead\s+of|rather\s+than|versus|vs\.?|compared\s+(?:to|with))\s+({NUM})(?![\d])"
)
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
    ctx.family = "effect"
    design = read_roles(ctx)  # design roles ("Z as the instrument") are no treatment/outcome
    text = design.text
    cond = conditioning(ctx.sentence, text)
    _refuse_unknown(ctx, cond, "effect")
    pairs = list(dict.fromkeys((m.group(1), m.group(2)) for m in _EFFECT_OF_ON.finditer(text)))
    if len(pairs) > 1:  # "compare the effect of A on B with the effect of B on C"
        first = {"treatment": ctx.col(pairs[0][0]), "outcome": ctx.col(pairs[0][1])}
        raise Unreadable(
            "It asks for more than one effect; ask for one at a time.",
            {"family": "effect", **first},
        )
    try:
        x, y = _effect_roles(ctx, cond, text)
    except Unreadable:  # "What is the IV estimate?": the data dictionary's roles, if any
        if (hinted := hinted_roles(ctx, design, main_columns(ctx.sentence, cond, text))) is None:
            raise
        x, y = hinted
    given = [c for c in cond.given if c not in (x, y)]
    given += [c for c in _declared_covariates(ctx, x, y) if c not in given]
    given += [c for c in design.covariates if c not in (x, y, *given)]  # "matching on A and B"
    if _DIRECT_EFFECT.search(text):
        ctx.draft.note(
            "estimating the total effect; direct (controlled) effects are not supported", 0.1
        )
    fields = {
        "family": "effect",
        "treatment": x,
        "outcome": y,
        "adjust_for": given,
        "treatment_values": _treatment_values(ctx, x),
        "format": "yes_no" if _YES_NO.search(text) and not _HOW_MUCH.search(text) else "number",
    }
    used = complete(ctx, design, fields, ctx.facts)
    others = [c for c in main_columns(ctx.sentence, cond, text) if c not in (x, y, *given, *used)]
    ctx.note_ignored(others, f"the effect of {x} on {y}")
    return fields


def _refuse_unknown(ctx: Context, cond: Conditioning, family: str) -> None:
    """A covariate or conditioning name that is no column: refuse, naming it."""
    if cond.unknown:
        phrases = as_written(ctx, cond.unknown)
        raise Unreadable(unknown_reason(phrases, ctx.columns), {"family": family}, phrases)


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
            names += conditioning(sentence).given
        names = [c for c in dict.fromkeys(names) if c not in (x, y) and c not in found]
        if names and i != ctx.index:
            ctx.draft.note(f"took covariates {', '.join(names)} from '{sentence.raw}'", 0.05)
        found += names
    return found


def _treatment_values(ctx: Context, treatment: str) -> tuple[float, float] | None:
    order = [ctx.index] + [i for i in range(len(ctx.sentences)) if i != ctx.index]
    for i in order:
        text = ctx.sentences[i].text
        done = _DO_VALUE.findall(text)
        if len(done) == 2:  # E[Y | do(T=a)] - E[Y | do(T=b)]: from b to a
            return number(done[1]), number(done[0])
        if m := _INSTEAD.search(text):
            return number(m.group(2)), number(m.group(1))
        m = _FROM_TO.search(text) or _T0_T1.search(text)
        if m:
            if i != ctx.index:
                ctx.draft.note(f"took the treatment values from '{ctx.sentences[i].raw}'", 0.05)
            low, high = number(m.group(1)), number(m.group(2))
            if "%" in text[m.end(1) : m.end(1) + 2] or "%" in text[m.end(2) : m.end(2) + 2]:
                ctx.draft.note(
                    f"read the percentages as {low:g} and {high:g} in the column's own units; "
                    f"if it holds fractions, say 'from {low / 100:g} to {high / 100:g}'"
                )
            said = (said_unit(text, m.end(1)), said_unit(text, m.end(2)))
            (low, high), note = converted((low, high), said, treatment)  # "1 s" for ms
            if note:
                ctx.draft.note(note)
            return low, high
    return None


# --- the adjustment set ---------------------------------------------------------------------

_ENOUGH = re.compile(
    r"\b(?:enough|sufficient|suffice|valid|adequate|block(?:s|ed)?|close[sd]?|satisf(?:y|ies)|"
    r"unbiased|unconfounded|identified|identifiable)\b"
)
_PROPOSED_SET = re.compile(
    r"\{([^}]*)\}|((?:@\d+\s*(?:,|and|&)?\s*)+)\s*(?:is|are|form|forms)\s+(?:an?\s+|the\s+)?"
    r"(?:valid|sufficient|good|correct|enough|right|proper|minimal)?\s*(?:adjustment|backdoor|"
    r"back-door|conditioning)|"
    r"\b(?:is|isn['’]t|are|aren['’]t|would|wouldn['’]t|does|doesn['’]t)\s+((?:@\d+\s*(?:,|and|&)?\s*)+)"
    r"\s*(?:alone\s+|on\s+its\s+own\s+|by\s+itself\s+)?(?:be\s+)?(?:enough|sufficient|adequate|suffice)|"
    r"\b(?:is|isn['’]t|are|aren['’]t|would|wouldn['’]t)\s+((?:@\d+\s*(?:,|and|&)?\s*)+)\s*(?:be\s+)?"
    r"(?:an?\s+|the\s+)?(?:valid|sufficient|good|correct|right|proper|minimal)\s+(?:adjustment|"
    r"backdoor|back-door|conditioning)\s+set"
)


def build_adjustment(ctx: Context) -> Fields:
    """Treatment and outcome; `adjust_for` holds a set the user proposes ("Is {A, B} valid
    ...?", "Is adjusting for A and B enough?"), and the question is then yes/no."""
    ctx.family = "adjustment_set"
    text = ctx.text
    proposed: list[str] = []
    if m := _PROPOSED_SET.search(text):
        said = next(g for g in m.groups() if g is not None) if any(m.groups()) else ""
        proposed = [ctx.col(k) for k in REF.findall(said)]
        text = _PROPOSED_SET.sub(" ", text)
    cond = Conditioning()
    if not proposed and _ENOUGH.search(text):
        cond = conditioning(ctx.sentence, text)
        _refuse_unknown(ctx, cond, "adjustment_set")
        proposed = list(cond.given)
    x, y = _effect_roles(ctx, cond, text)
    proposed = [c for c in proposed if c not in (x, y)]
    what = f"what to adjust for to estimate the effect of {x} on {y}"
    ctx.note_ignored([c for c in ctx.refs if c not in (x, y, *proposed)], what)
    fields: Fields = {"family": "adjustment_set", "treatment": x, "outcome": y, "format": "list"}
    if proposed:
        fields.update(adjust_for=proposed, format="yes_no")
    return fields
