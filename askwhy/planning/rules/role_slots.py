"""Places in a question where a noun phrase fills a role, whatever the family read: a
phrase there that names no column is a variable the data lacks, so the question is
refused instead of being answered about the columns it does name (P below).

- conditioning: "given P", "controlling for P", "holding P fixed", "within each level of
  P", "when P is held constant", "once P is adjusted for / taken into account / known";
- a path or an agent: "X affects Y through P", "via P", "by lowering P", "driven by P",
  "due to P", "because it feeds P" (at the end of the clause);
- the common effect: "do X and Y both feed into P?", "both causes of P", "meet at P";
- a role named by "as": "have P as a common effect", "with P as a covariate";
- the pair of an effect or a link: "the effect of P on Y", "the effect of X on P", "an
  effect on P", "a rise in P", "moving P from 1 to 2", "X is linked to P", "what happens
  to P", "the mechanism by which X affects P", "X -> P" (notation);
- a subgroup or a set-aside: "among stores with high P", "rich in P", "depends on P",
  "when P is high", "X's P", "apart from P";
- a clause's subject: "whether P is ...", "P mediates X -> Y", "is the amount of P ...";
- a list with a column: "X, Y and the P", "by X or by P", "X plus P", "P levels, X and Y"
  (askwhy.planning.rules.variables.joined_unknowns reads the bare lists: "X and P").

A phrase that is part of a column's name as written ("vegetation cover", "years of
schooling", "requiring a deposit"), that modifies the name before it ("the distance of
the trip"), that says who the rows are ("for women", "the patients"), a time ("by next
week"), or words of how data come about or are analysed ("due to chance", "selection
bias", "by linear regression", "adjust for stuff") fills no role.
"""

from __future__ import annotations

import re

from askwhy.core.name_index import row_words
from askwhy.planning.rules.context import Context, Fields, Phrase
from askwhy.planning.rules.variables import slot_phrases

_VAGUE = frozenset({"stuff", "etc", "whatnot", "others", "rest", "more", "lot", "lots"})
_WHEN_WORDS = frozenset({"next", "last", "later", "tomorrow", "yesterday", "today", "soon"})
_TIME_UNITS = frozenset({"hour", "day", "week", "month", "quarter", "year", "minute"})
_HELD = frozenset(
    {"kept", "held", "taken", "stay", "stays", "stayed", "remain", "remains", "remained"}
)
# how data come about or are analysed, not what was measured: "due to chance", "by
# itself", "selection bias", "by linear regression"
_NO_VARIABLE = frozenset(
    {
        *("chance", "luck", "randomness", "coincidence", "accident", "noise", "fluke"),
        *("bias", "error", "errors", "artefact", "artifact", "artefacts", "artifacts"),
        *("itself", "themselves", "default", "definition", "design", "construction"),
        *("mistake", "confidence", "probability", "certainty", "accuracy", "precision"),
        *("context", "situation", "circumstances", "case", "cases", "specification"),
        *("assumption", "assumptions"),
        *("regression", "regressions", "matching", "weighting", "estimator", "ols", "ipw"),
        *("aipw", "lasso", "bootstrap", "stratification", "forest", "discontinuity"),
        *("differences", "imputation", "simulation", "experiment"),
    }
)
_DATA_WORDS = frozenset({"missing", "outlier", "outliers", "duplicates"})  # "outliers removed"
_MARKER_WORDS = frozenset(  # "plus P", "with high P": the slot's marker, not the name
    {"plus", "high", "low", "higher", "lower", "good", "bad", "poor", "strong", "weak", "little"}
    | {"besides", "excluding", "except", "beyond", "unlike"}
)
_DET = (  # determiners, and the qualifiers that may stand before a variable's name
    r"(?:(?:the|a|an|our|their|its|any|some|each|every|this|that|these|those|high|low|higher|"
    r"lower|more|less|better|worse|increased|reduced|plus)\s+)*"
)
_LEVEL = r"(?:(?:levels?|amounts?|counts?|values?)\s*)?"  # "river levels, X and Y"
_LEVEL_AFTER = re.compile(r"\s*(?:levels?|counts?|values?|direction)\b(?!\s+of\b)", re.I)
_QTY_OF = (  # "the share of P", "the number of P": P is the variable
    r"(?:(?:amount|number|share|level|levels|rate|count|proportion|percentage|fraction|degree)"
    r"\s+of\s+" + _DET + ")?"
)

# before a phrase: the conditioning marker of a slot
_CONDITION_BEFORE = re.compile(
    r"\b(?:given|conditional(?:ly)?\s+on|condition(?:ed|ing)?\s+on|controll?(?:ed|ing)?\s+for|"
    r"control\s+for|adjust(?:ed|ing)?\s+for|account(?:ed|ing)?\s+for|net\s+of|"
    r"hold(?:ing)?|keep(?:ing)?|fix(?:ing)?|stratif(?:y|ied|ying)\s+(?:by|on)|"
    r"(?:within|for|at|across|in)\s+(?:(?:each|every|a|any|fixed|given|the|same|all|"
    r"different)\s+)*(?:levels?|values?|strata|stratum|categories)\s+of)\s+" + _DET + "$",
    re.IGNORECASE,
)
# after a phrase: it is held fixed ("when P is held fixed", "with P held constant")
_CONDITION_AFTER = re.compile(
    r"\s*(?:(?:is|are|was|were|be|being|gets?)\s+)?(?:held\s+|kept\s+)?"
    r"(?:fixed|constant|adjusted\s+for|controlled\s+for|conditioned\s+on|accounted\s+for|"
    r"(?:taken\s+)?into\s+account|known)\b",
    re.IGNORECASE,
)
# a path ("through P", "via P", "by lowering P") or an agent ("driven by P", "due to P")
_PATH = re.compile(
    r"\b(?:through|via|by\s+way\s+of|by|due\s+to|because\s+of|owing\s+to|thanks\s+to)\s+"
    r"(?:[a-z]+ing\s+)?" + _DET + "$",
    re.IGNORECASE,
)
_NOT_PATH = re.compile(  # "not via usage": a path the question rules out, no role
    r"\b(?:not|rather\s+than|other\s+than|except|instead\s+of|without|bypassing)\s+"
    r"(?:\w+\s+)?(?:through|via|by)\b[^@]*$",
    re.IGNORECASE,
)
_PATH_GOES_ON = re.compile(r"\s+(?:in\s+order\s+)?to\s+(?:[a-z]+\s+)?(?:@\d+|[a-z]+)", re.I)
_BOTH = re.compile(
    r"@\d+\s+both\s+(?:[a-z]+\s+){1,3}?(?:of|into|on|to)?\s*" + _DET + _QTY_OF + "$",
    re.IGNORECASE,
)
_AS_ROLE = re.compile(  # "have P as a common effect", "with P as the mediator"
    r"\s+as\s+(?:(?:a|an|the|their|its|one)\s+)?(?:(?:common|shared|joint|possible|potential|"
    r"likely)\s+)*(?:effect|cause|confounder|collider|mediator|parent|child|descendant|"
    r"ancestor|consequence|outcome|treatment|exposure|instrument|covariate|control|moderator|"
    r"modifier)s?\b",
    re.IGNORECASE,
)
_CHANGE_IN = re.compile(  # "a one-unit increase in P": the treatment of an effect
    r"\b(?:increase|decrease|change|rise|drop|fall|reduction|boost|jump|spike|dip)s?\s+in\s+"
    + _DET
    + "$",
    re.IGNORECASE,
)
_SUBGROUP = re.compile(  # "among stores with high P", "depends on P": a variable named
    r"(?:\bwith\s+(?:(?:high|low|higher|lower|more|less|little|no|good|bad|poor|strong|weak|"
    r"above[- ]average|below[- ]average)\s+)+|\bdepend(?:s|ing)?\s+on\s+)" + _DET + "$",
    re.IGNORECASE,
)
_ROWS_WITH = re.compile(  # "in stores with aggressive P", "among patients having P"
    r"\b(?:among|amongst|in|for|within|across)\s+" + _DET + r"[^\W\d_]+\s+(?:with|having|"
    r"that\s+have|who\s+have)\s+" + _DET + "$",
    re.IGNORECASE,
)
_WHEN = re.compile(r"\b(?:when|whenever|if|while|where)\s+" + _DET + "$", re.IGNORECASE)
_IS_LEVEL = re.compile(  # "when P is high": a condition on a variable
    r"\s+(?:is|are|was|were|gets?|goes|stays?)\s+(?:very\s+|really\s+)?(?:high|low|higher|"
    r"lower|large|small|up|down|above|below|present|absent)\b",
    re.IGNORECASE,
)
_POSSESSED = re.compile(r"@\d+\s*['’]s\s+" + _DET + "$")  # "Region's P": a variable of its own
_GROUP_OF = re.compile(r"(?:high|low|higher|lower)-[^\W\d_]+\s", re.IGNORECASE)
_AMONG = re.compile(r"\b(?:among|amongst|for|in|within|across)\s+" + _DET + "$", re.I)
_CLAUSE_END = re.compile(r"\s*(?:$|[?.!;:]|,?\s*(?:or|and|right|then)\b)", re.IGNORECASE)
_EFFECT_OF = re.compile(
    r"\b(?:effects?|impacts?|influence|ate|ace|ite)\s+of\s+" + _DET + "$", re.IGNORECASE
)
_ON = re.compile(r"\s+on\s+(?:the\s+)?@\d+")
_EFFECT_ON = re.compile(  # "the effect of X on P", "a direct effect on P"
    r"\b(?:effects?|impacts?|influence|bearing)\s+(?:of\s+@\d+\s+)?on\s+" + _DET + "$", re.I
)
_MOVING = re.compile(  # "moving P from 60 to 100", "raising P by 10"
    r"\b(?:moving|changing|raising|lowering|increasing|decreasing|setting|shifting|pushing|"
    r"cutting|dropping|bumping|reducing|doubling|halving)\s+" + _DET + "$",
    re.IGNORECASE,
)
_FROM_TO = re.compile(r"\s+(?:from|to|by|up|down)\b", re.IGNORECASE)
_MEET = re.compile(  # "do arrows from X and Y meet at P?": the common effect
    r"\b(?:meet|meets|converge|converges|collide|collides|end|ends)\s+(?:up\s+)?(?:at|on|in|"
    r"into)\s+" + _DET + "$",
    re.IGNORECASE,
)
_ARROW_BEFORE = re.compile(r"(?:->|<-)\s*" + _DET + "$")  # "X -> P", "P <- X": notation
_ARROW_AFTER = re.compile(r"\s*(?:->|<-)")
# "whether P is ...", "P mediates X -> Y": the subject of a clause that asks about it
_SUBJECT_BEFORE = re.compile(
    r"(?:^|\b(?:whether|if)\s+|^[^@]{0,30}:\s*)" + _DET + _QTY_OF + "$", re.IGNORECASE
)
_BESIDES = re.compile(  # "apart from P, what drives Y?": a variable set aside by name
    r"\b(?:besides|apart\s+from|other\s+than|except(?:\s+for)?|aside\s+from|excluding|"
    r"beyond|unlike|rich\s+in|high\s+in|low\s+in|poor\s+in)\s+" + _DET + "$",
    re.IGNORECASE,
)
_BECAUSE_IT = re.compile(  # "... because it feeds P": the way the cause works
    r"\b(?:because|since|as)\s+(?:it|they|this|that)\s+[a-z]+\s+" + _DET + "$", re.I
)
_PAIRED = re.compile(  # "is X still linked to P", "what happens to P if ..."
    r"\b(?:(?:linked|related|correlated|associated|connected|tied|dependent|independent)\s+"
    r"(?:to|with|of|on)|happens?\s+to|happened\s+to)\s+" + _DET + _QTY_OF + "$",
    re.IGNORECASE,
)
_OBJECT = re.compile(  # "the mechanism by which X affects P": the verb's object ends the clause
    r"@\d+\s+(?:(?:directly|really|actually|mainly)\s+)?(?:affects?|causes?|drives?|"
    r"influences?|changes?|raises?|lowers?|reduces?|increases?|determines?|shapes?|impacts?)\s+"
    + _DET
    + _QTY_OF
    + "$",
    re.IGNORECASE,
)
_ASKED_QTY = re.compile(  # "is the amount of P one of the causes of Y?", "isn't P a ..."
    r"(?:^|^[^@]{0,30}:\s*|[,;]\s*)(?:(?:is|are|was|were|does|do|did|can|could|will|would)\s+"
    + _DET
    + r"(?:amount|number|share|level|levels|rate|count|proportion|percentage|fraction|degree)"
    r"\s+of\s+|(?:(?:is|are|was|were|does|do|did|could|would|has|have)(?:n['’]t|\s+not)|"
    r"can['’]t|cannot|won['’]t)\s+" + _DET + _QTY_OF + r")" + _DET + "$",
    re.IGNORECASE,
)
_SUBJECT_VERB = re.compile(
    r"\s+(?:is|are|was|were|has|have|mediates?|confounds?|"
    r"causes?|affects?|drives?|influences?|determines?|moderates?|modifies?|predicts?|"
    r"leads?\s+to|changes?)\b(?!\s+(?:of|for|in|on|to|behind)\b)",  # not "causes of"
    re.IGNORECASE,
)
_LIST_BEFORE = re.compile(  # "X, Y and the P", "by X or by P": the phrase closes a list
    r"@\d+\s*(?:,|;|&|\+|(?:,\s*)?(?:and|or|plus|as\s+well\s+as|along\s+with|together\s+with)"
    r"(?:\s+(?:by|of|on|from|to|with|for|in))?)\s+" + _DET + _QTY_OF + "$",
    re.IGNORECASE,
)
_LIST_AFTER = re.compile(  # "P levels, X and Y": the phrase opens one
    r"\s*" + _LEVEL + r"(?:,|;|&|\band\b|\bor\b)\s*" + _DET + r"@\d+", re.IGNORECASE
)
_OF_BEFORE = re.compile(  # "the distance of the trip": the phrase modifies the name before
    r"@\d+\s*(?:of|in|per|for|from|at|on|by)\s+" + _DET + "$", re.IGNORECASE
)
_LINKS_NAME = re.compile(  # "vegetation cover", "years of schooling": the name goes on
    r"\s*(?:[-/]\s*)?(?:(?:of|per|the|a|an|our|their|its|extra|each)\s+)*@\d+",
    re.IGNORECASE,
)


def role_slot_phrases(ctx: Context, fields: Fields) -> dict[str, Phrase]:
    """The phrases of the asking sentence that name no column but stand in a role's slot
    (module notes), with their closest columns."""
    s = ctx.sentence
    if not s.unresolved:
        return {}
    known = {p: c for p, c in slot_phrases(ctx).items() if not c.ambiguous}
    rows = row_words(ctx.columns)
    out: dict[str, Phrase] = {}
    for u in s.unresolved:
        words = u.phrase.lower().split()
        before = _tagged(ctx, max(s.offset, u.start - 80), u.start)
        after = _tagged(ctx, u.end, u.end + 60)
        if u.phrase not in known or not _may_name(words, bool(_LEVEL_AFTER.match(after))):
            continue
        if words[-1] in rows:  # "the patients": who the rows are, unless a variable says so
            if _GROUP_OF.match(u.phrase) and _AMONG.search(before):  # "low-income patients"
                out[u.phrase] = known[u.phrase]
            continue
        lead = 0  # "plus staff morale", "with high ridership": words of the slot's marker
        while lead < len(words) - 1 and words[lead] in _MARKER_WORDS:
            lead += 1
        before += "".join(w + " " for w in u.phrase.split()[:lead])
        if after[:1] in ("'", "’") or _LINKS_NAME.match(after):
            continue  # "the number of @0", "vegetation @0", "Apiary's ..."
        if _in_slot(fields, before, after):  # named without its marker: "staff morale"
            out[" ".join(u.phrase.split()[lead:])] = known[u.phrase]
    return out


def _may_name(words: list[str], measured: bool) -> bool:
    """Not a time ("by next week"), no word of how data come about ("due to chance",
    "selection bias", "with outliers removed", unless a measure follows: "noise level")
    and not only vague words ("stuff") or verbs of holding ("X kept constant")."""
    if words[0] in _WHEN_WORDS or set(words) & _DATA_WORDS or set(words) <= _HELD:
        return False
    if len(words) == 1 and words[0].rstrip("s") in _TIME_UNITS:  # "by week", "per month"
        return False
    if words[-1] in _NO_VARIABLE and not measured:
        return False
    return not set(words) <= _VAGUE


def _in_slot(fields: Fields, before: str, after: str) -> bool:
    """The phrase between `before` and `after` (mentions written `@k`) fills a role."""
    if _LEVEL_AFTER.match(after):  # "river levels as a common cause": the name's measure
        after = _LEVEL_AFTER.sub("", after, count=1)
    ends = bool(_CLAUSE_END.match(after))
    named = fields.get("family") == "mediator" and fields.get("z")  # the path is named
    path = _PATH.search(before) and not _NOT_PATH.search(before) and not named
    slots = (
        _CONDITION_BEFORE.search(before) or _CONDITION_AFTER.match(after),
        path and (ends or _PATH_GOES_ON.match(after)),
        ends and (_BOTH.search(before) or _SUBGROUP.search(before) or _MEET.search(before)),
        ends and (_OBJECT.search(before) or _BECAUSE_IT.search(before)),
        _AS_ROLE.match(after) or _CHANGE_IN.search(before) or _ROWS_WITH.search(before),
        _WHEN.search(before) and _IS_LEVEL.match(after),
        _EFFECT_OF.search(before) and (ends or _ON.match(after)),
        _EFFECT_ON.search(before) or _PAIRED.search(before) or _POSSESSED.search(before),
        _MOVING.search(before) and _FROM_TO.match(after),
        _ARROW_BEFORE.search(before) or _ARROW_AFTER.match(after),
        _SUBJECT_BEFORE.search(before) and _SUBJECT_VERB.match(after),
        _ASKED_QTY.search(before) or _BESIDES.search(before),
    )
    if any(slots):
        return True
    if _OF_BEFORE.search(before):
        return False  # "the distance of the trip and @1": what the name before measures
    return bool(_LIST_BEFORE.search(before) or _LIST_AFTER.match(after))


def _tagged(ctx: Context, start: int, end: int) -> str:
    """The raw text between two positions with each column mention in it written `@k`."""
    s = ctx.sentence
    parts, pos = [], start
    for m in sorted(s.mentions, key=lambda m: m.start):
        if m.start < pos or m.end > end:
            continue
        parts += [s.between(pos, m.start), f"@{s.refs.index(m.column)}"]
        pos = m.end
    parts.append(s.between(pos, end))
    return "".join(parts)
