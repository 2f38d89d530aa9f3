"""Rule-based question parser: a plain-language causal question -> ParsedQuestion.

Deterministic and offline. The steps:

1. Blank out file names, find column mentions (askwhy.core.names) and split the text
   into sentences. Each sentence is also kept as a lowercase "template" in which every
   column mention is replaced by `@<k>` (k-th distinct column of the sentence), so the
   patterns below never have to know the column names.
2. Pick the question sentence: the last one whose family is recognised, preferring real
   questions and imperatives ("Determine whether ...") to statements of background.
3. The family's builder reads the roles (x, y, given, variables, treatment values),
   filling a missing variable from a loose name match or the previous sentence, always
   with a note and a lower confidence.
4. Settings named anywhere in the text: algorithm, independence test, alpha.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, Field

from askwhy.core.names import find_columns, mask_file_names, match_column
from askwhy.errors import UnclearQuestionError, UnknownVariableError

QuestionType = Literal[
    "independence",
    "direct_cause",
    "collider",
    "confounder",
    "graph",
    "effect",
    "parents",
    "children",
    "ancestors",
    "descendants",
    "adjustment_set",
]
Algorithm = Literal["pc", "fci", "ges", "lingam"]
TestName = Literal["fisherz", "chisq", "gsq", "kci"]


class ParsedQuestion(BaseModel):
    """What a question asks, with every variable an exact column name."""

    type: QuestionType
    x: str | None = None  # first variable; treatment; or the node for parents/children/...
    y: str | None = None  # second variable; outcome for effect/adjustment_set
    # independence: conditioning set; effect: named covariates; adjustment_set: a proposed set
    given: list[str] = Field(default_factory=list)
    variables: list[str] = Field(default_factory=list)  # graph: columns to use (empty = all)
    treatment_values: tuple[float, float] | None = None  # effect: (from, to)
    algorithm: Algorithm | None = None
    test: TestName | None = None
    alpha: float | None = None
    method: Literal["linear_regression", "dml", "propensity_score_weighting"] | None = None
    confidence: float = Field(ge=0.0, le=1.0)  # below 0.5: do not trust
    notes: list[str] = Field(default_factory=list)  # what was assumed or ignored


def parse_question(text: str, columns: Sequence[str]) -> ParsedQuestion:
    """Read a causal question about a table with these `columns`.

    Raises UnclearQuestionError when the kind of question cannot be told, and
    UnknownVariableError when a variable it names matches no column.
    """
    cols = list(dict.fromkeys(columns))
    draft = _Draft()
    masked, files = mask_file_names(text or "")
    for name in files:
        draft.note(f"ignored '{name}' (the file name)")
    sentences = _sentences(masked, cols)
    picked = _pick_question(sentences, draft)
    if picked is None:
        reason = "The question is empty." if not sentences else "I could not tell what is asked."
        raise _unclear(cols, reason)
    index, family = picked
    ctx = _Context(sentences, index, cols, draft)
    fields = _BUILDERS[family](ctx)
    if fields.get("x") is not None and fields.get("x") == fields.get("y"):
        raise _unclear(cols, f"The question names {fields['x']} twice; name two different columns.")
    fields.update(_settings(masked, draft))
    return ParsedQuestion(**fields, confidence=draft.confidence(), notes=draft.notes)


# --- sentences and templates ------------------------------------------------------------


def _words(text: str) -> list[str]:
    return text.split()


_REF = re.compile(r"@(\d+)")
_NUM = r"[-−]?(?:\d+(?:,\d{3})*(?:\.\d+)?|\.\d+)"
_TOKEN = re.compile(r"@\d+|" + _NUM + r"%?|[^\W\d_][\w'’]*(?:-[^\W_]+)*|\S")
_ABBREVIATIONS = frozenset(_words("e.g i.e vs etc approx cf fig eq no dr mr mrs ms st al resp"))
_SENTENCE_END = re.compile(r"[.?!]+[\"'”’)\]]*(?=\s)|\n")


@dataclass(frozen=True)
class _Sentence:
    raw: str
    text: str  # lowercase template: column mentions replaced by "@k"
    refs: tuple[str, ...]  # the column behind each "@k", in order of first mention

    def col(self, ref: str | int) -> str:
        return self.refs[int(ref)]

    def ref_positions(self) -> list[tuple[int, int]]:
        """(position in the template, k) of every column mention."""
        return [(m.start(), int(m.group(1))) for m in _REF.finditer(self.text)]


def _sentences(text: str, columns: list[str]) -> list[_Sentence]:
    matches = find_columns(text, columns)
    out = []
    for start, end in _sentence_spans(text):
        inside = [m for m in matches if start <= m.start and m.end <= end]
        refs = tuple(dict.fromkeys(m.column for m in inside))
        parts, pos = [], start
        for m in inside:
            parts.append(text[pos : m.start].replace("@", " ").lower())
            parts.append(f" @{refs.index(m.column)} ")
            pos = m.end
        parts.append(text[pos:end].replace("@", " ").lower())
        template = re.sub(r"\s+", " ", "".join(parts)).strip()
        template = re.sub(r"(@\d+) (['’]s)\b", r"\1\2", template)  # possessive "X's"
        raw = text[start:end].strip()
        if raw:
            out.append(_Sentence(raw=raw, text=template, refs=refs))
    return out


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """Split on . ? ! and line breaks, but keep "e.g.", lists after ":" and bullets together."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        before = text[start : m.start()].rstrip()
        if m.group() == "\n":
            after = text[m.end() :].lstrip()
            if not before or before[-1] in ":,;(" or re.match(r"[-*•]|\d+[.)]\s", after):
                continue
        elif m.group().startswith("."):
            last = before.split()[-1].lower().lstrip("(") if before.split() else ""
            if last in _ABBREVIATIONS:
                continue
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


# --- question families --------------------------------------------------------------------


@dataclass(frozen=True)
class _Rule:
    family: str
    pattern: re.Pattern[str]
    min_columns: int = 0
    weak: bool = False  # a side remark ("Use GES."): the question only if nothing else is


def _rules(family: str, min_columns: int, *patterns: str, weak: bool = False) -> list[_Rule]:
    return [_Rule(family, re.compile(p), min_columns, weak) for p in patterns]


_V = r"@\d+"
_DIRECT = r"\bdirect(?:ly)?\b(?!\s+(?:or|and)\s+indirect)"  # not "directly or indirectly"
_CAUSAL_WORD = (
    r"(?:caus|influenc|affect|impact|driv|effect|link|connect|edge|arrow|result|determin|"
    r"lead|depend|relat|consequen|predecessor|successor|parent|child)"
)

# First matching rule wins. "direct" and "cause" are resolved further by their builders
# (direct_cause / parents / children, and ancestors / descendants / effect).
_FAMILY_RULES: tuple[_Rule, ...] = (
    *_rules(
        "adjustment_set",
        0,
        r"\badjustment\s+sets?\b",
        r"\bback-?\s?door\b",
        r"\bsufficient\s+(?:adjustment|conditioning|control)\b",
        r"\b(?:what|which)\s+(?:\w+\s+){0,3}?(?:should|must|do|does|need|needs|would|can|could)"
        r"\s+(?:i|we|you|one)\s+(?:\w+\s+){0,2}?(?:adjust|control|condition)\s+(?:for|on)\b",
        r"\b(?:what|which)\s+(?:\w+\s+){0,3}?(?:need|needs|have|has|should|must)\s+(?:to\s+)?be"
        r"\s+(?:adjusted|controlled|conditioned)\b",
        r"\b(?:what|which|variables?|covariates?|set)\s+(?:\w+\s+){0,2}?to\s+(?:adjust|control"
        r"|condition)\s+(?:for|on)\b",
    ),
    *_rules(
        "collider",
        0,
        r"\bcolliders?\b",
        r"\bv-?\s?structures?\b",
        r"\b(?:common|shared|joint)\s+(?:effects?|outcomes?|consequences?|child(?:ren)?)\b",
        r"\bshare\s+(?:an?\s+|the\s+)?(?:common\s+|same\s+)?(?:effects?|outcomes?|consequences?)\b",
    ),
    *_rules(
        "effect",
        0,
        r"(?:\b(?:the|an?)\s+|\()ate\b|\bate\s+(?:of|for|from)\b|\bcate\b",
        r"\baverage\s+(?:\w+\s+)?effects?\b",
        r"\btreatment\s+effects?\b",
        r"\b(?:by\s+)?how\s+(?:much|big|large|strong)\b",
        r"\bfrom\s+" + _NUM + r"\s*(?:[a-z%]+\s+)?to\s+" + _NUM,
        r"\bdo\s*\(\s*@",
    ),
    *_rules(
        "effect",
        2,
        r"\b(?:estimate|quantify|calculate|compute|measure|size|magnitude|strength)\b[^?]*?"
        r"\b(?:effects?|impacts?|influence)\s+(?:of|on)\b",
        r"\b(?:quantify|measure|estimate)\s+how\s+(?:much|strongly)\b",
    ),
    *_rules(
        "direct",
        0,
        _DIRECT + r".{0,60}?\b" + _CAUSAL_WORD,
        r"\b" + _CAUSAL_WORD + r"\w*\b.{0,40}?" + _DIRECT,
        _V + r"\s*(?:->|→)\s*" + _V,
        r"\b(?:edge|arrow)s?\s+(?:from|between|of)\b",
        r"\b(?:parents?|child|children)\s+(?:nodes?\s+)?of\b",
        _V + r"'s?\s+(?:parents|children)\b",
    ),
    *_rules(
        "effect",
        2,
        r"\bwhat(?:\s+(?:is|are|was|would\s+be|will\s+be)|'s|’s)\s+(?:\w+\s+){0,3}?(?:effects?|impacts?)"
        r"\s+(?:of|on|from)\b",
        r"\bhow\s+(?:does|do|would|will|did|might|could)\s+(?:\w+\s+){0,3}?@\d+\s+(?:\w+\s+){0,2}?"
        r"(?:affect|impact|influence|change|shift|alter|respond|react|vary)\b",
        r"\bwhat\s+(?:would\s+|will\s+|might\s+)?happens?\s+to\b",
        r"\bcausal\s+effects?\s+(?:of|on)\b",
        r"\b(?:intervene|intervening|intervention)\b",
    ),
    *_rules(
        "confounder",
        0,
        r"\bconfound",
        r"\b(?:common|shared)\s+(?:influencing\s+)?(?:causes?|factors?|ancestors?|parents?|"
        r"drivers?|influences?)\b",
        r"\bshare\s+(?:an?\s+|the\s+)?(?:common\s+|same\s+)?(?:causes?|parents?|ancestors?)\b",
        r"\b(?:third|lurking)\s+variables?\b",
        r"\bspurious\b",
    ),
    *_rules(
        "independence",
        0,
        r"\bindependen",
        r"⊥|⫫",
        r"\bunrelated\b",
        r"\bcorrelat",
        r"\bassociat",
        r"\bd-?separat",
        r"\bdependen",
    ),
    *_rules(
        "graph",
        0,
        r"\bcausal\s+(?:graph|dag|structure|diagram|network|skeleton|discovery|model)",
        r"\b(?:draw|find|discover|learn|generate|produce|create|build|construct|show|plot|"
        r"display|formulate|develop|design|establish|form|give|infer|recover|run|make|get|"
        r"visuali[sz]e|sketch|output|uncover|reveal|map)\b[^?]*?\b(?:graphs?|graphical|diagrams?"
        r"|dags?|cpdag|pag|causal\s+network|causal\s+structure|skeleton)\b",
        r"\bwhat(?:\s+(?:is|does|are)|'s|’s)\s+(?:\w+\s+){0,3}?(?:graph|dag|diagram|structure|network)\b",
        r"\bstructure\s+learning\b",
        r"\bcausal(?:ly)?\s+(?:related|connected|linked|relationships|relations|links|connections)\b",
        r"\bcausal(?:ly)?\s+(?:relat\w*|connect\w*|links?|pathways?)\s+(?:among|between|within)",
        r"\bhow\s+are\s+(?:\w+\s+)?(?:variables|columns)\s+causally\b",
    ),
    *_rules("graph", 0, r"\b(?:run|apply|use)\s+(?:the\s+)?(?:pc|fci|ges|lingam)\b", weak=True),
    *_rules(
        "independence",
        2,
        r"\b(?:related|relationship|relation|connected|linked)\b",
        r"\bdepends?\s+(?:up)?on\b",
    ),
    *_rules("effect", 0, r"\b(?:effects?|impacts?|influence)\s+of\b.*\b(?:on|upon)\b"),
    *_rules(
        "cause",
        0,
        r"\b(?:what|which)\b.{0,40}?\b(?:caus|influenc|affect|driv|determin|depend)",
        r"\b(?:ancestors?|descendants?|upstream|downstream)\b",
        r"\b(?:causes|effects|consequences)\s+of\b",
    ),
    *_rules(
        "cause",
        1,
        r"\b(?:caus\w*|influenc\w*|affect\w*|impact\w*|driv\w*|effects?|consequences?|"
        r"determin\w*|leads?\s+to|results?\s+in|outcomes?)\b",
    ),
)

_QUESTION_START = re.compile(
    r"^(?:[^,?]{0,60},\s*)?(?:(?:q|question|task|query)\s*\d*\s*[:.)-]\s*|\d+[.)]\s*|(?:please|now|"
    r"so|finally|then|also|and|ok|okay|next)\b[\s,]*)*(?:is|are|was|were|does|do|did|can|could|would|will|should"
    r"|has|have|what|which|how|whether|why|who|determine|assess|examine|investigate|evaluate|"
    r"verify|check|test|tell|find|identify|estimate|compute|calculate|draw|generate|produce|"
    r"create|build|construct|discover|learn|show|list|give|confirm|scrutini[sz]e|analy[sz]e|"
    r"explore|ascertain|decide|report|plot|formulate|develop|design|establish|form|quantify|"
    r"measure|infer|run|use|apply|describe|visuali[sz]e|sketch|make|get|help|name)\b"
)
_ASKING = re.compile(
    r"\?|\b(?:i|we)\s+(?:want|would\s+like|wonder|need)\s+to\s+know\b|"
    r"\b(?:can|could)\s+you\b|\btell\s+me\b|\blet\s+me\s+know\b"
)


def _rule_for(sentence: _Sentence) -> _Rule | None:
    for rule in _FAMILY_RULES:
        if len(sentence.refs) >= rule.min_columns and rule.pattern.search(sentence.text):
            return rule
    return None


def _is_asking(sentence: _Sentence) -> bool:
    return bool(_QUESTION_START.search(sentence.text) or _ASKING.search(sentence.text))


def _pick_question(sentences: list[_Sentence], draft: _Draft) -> tuple[int, str] | None:
    """The last sentence with a known family, questions and imperatives before statements."""
    rules = [(i, r) for i, s in enumerate(sentences) if (r := _rule_for(s)) is not None]
    if not rules:
        return None
    found = [(i, r.family) for i, r in rules]
    asking = [(i, r.family) for i, r in rules if not r.weak and _is_asking(sentences[i])]
    index, family = (asking or found)[-1]
    if not asking and len(sentences) > 1:
        draft.note(f"read the statement '{sentences[index].raw}' as the question", 0.1)
    rivals = {f for i, f in asking if i != index and f != family}
    if rivals:
        draft.note(
            f"the text seems to ask more than one thing; answering: '{sentences[index].raw}'", 0.15
        )
    return index, family


# --- the draft: notes and confidence --------------------------------------------------------


@dataclass
class _Draft:
    notes: list[str] = field(default_factory=list)
    penalty: float = 0.0

    def note(self, message: str, penalty: float = 0.0) -> None:
        if message not in self.notes:
            self.notes.append(message)
        self.penalty += penalty

    def confidence(self) -> float:
        return round(min(0.95, max(0.05, 0.95 - self.penalty)), 2)


@dataclass
class _Context:
    sentences: list[_Sentence]
    index: int
    columns: list[str]
    draft: _Draft

    @property
    def sentence(self) -> _Sentence:
        return self.sentences[self.index]


# --- conditioning sets ----------------------------------------------------------------------

_STRONG_MARKER = re.compile(
    r"\b(?:given(?!\s+that\b)|condition(?:al|ally|ed|ing)?\s+(?:up)?on|"
    r"(?:control(?:l?ing|led)?|adjust(?:ing|ed)?|account(?:ing|ed)?)\s+for|holding|keeping|"
    r"fixing|net\s+of|with\s+respect\s+to|stratif(?:ied|ying)\s+(?:by|on)|taking\s+into\s+account|"
    r"knowing|(?:if|once|when)\s+(?:we|you|i)\s+know|(?:in|with)\s+the\s+presence\s+of|"
    r"with\s+(?:the\s+)?(?:confounders?|covariates?|controls?)|using\s+covariates?)\b"
)
_WEAK_MARKER = re.compile(
    r"\b(?:under|with|in|based\s+on|considering|assuming|for)\s+(?:(?:the|a|these|those|"
    r"following|given|specified|listed|provided|mentioned|outlined|stated|described|"
    r"presence|of)\s+)*(?:conditions?|circumstances|covariates?|controls?)\b"
)
_GIVEN_BAR = re.compile(r"(?<=\s)\|")  # "X ⊥ Y | Z"
_LIST_FILLER = frozenset(
    _words(
        """
        the a an both all of variables variable columns column conditions condition covariates
        covariate following specified listed provided mentioned outlined stated given described
        circumstances set values value levels level on possible potential like such as e.g including
        namely : - * • ( )
        """
    )
)
_LIST_SEPARATORS = frozenset(_words(", and or & / ; + plus - * •"))
_LIST_TAIL = frozenset(_words("fixed constant known observed the same"))


@dataclass
class _Conditioning:
    given: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    def covers(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.spans)


def _conditioning(sentence: _Sentence, ctx: _Context) -> _Conditioning:
    """Columns named after "given", "controlling for", "holding ... fixed", etc."""
    cond = _Conditioning()
    markers = [*_STRONG_MARKER.finditer(sentence.text), *_WEAK_MARKER.finditer(sentence.text)]
    markers += _GIVEN_BAR.finditer(sentence.text)
    if re.search(r"\bd-?separat", sentence.text):
        markers += re.finditer(r"\bby\b", sentence.text)
    for marker in sorted(markers, key=lambda m: m.start()):
        if cond.covers(marker.start()):
            continue
        refs, phrases, end = _read_list(sentence.text, marker.end())
        if not refs and not phrases:
            continue
        cond.spans.append((marker.start(), end))
        for k in refs:
            if sentence.col(k) not in cond.given:
                cond.given.append(sentence.col(k))
        for phrase in phrases:
            column = _loose_column(phrase, ctx)
            if column is None:
                cond.unknown.append(phrase)
            elif column not in cond.given:
                cond.given.append(column)
    return cond


def _read_list(text: str, pos: int) -> tuple[list[int], list[str], int]:
    """Read "Z, W and V" from `pos`: column refs, unmatched phrases and the end position."""
    tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, pos)]
    i = 0
    while i < len(tokens) and tokens[i][0] in _LIST_FILLER:
        i += 1
    refs: list[int] = []
    phrases: list[str] = []
    end = pos
    while i < len(tokens):
        words: list[str] = []
        j = i
        while j < len(tokens) and _is_content(tokens[j][0]):
            words.append(tokens[j][0])
            j += 1
        if j < len(tokens) and tokens[j][0].startswith("@"):
            refs.append(int(tokens[j][0][1:]))
            j += 1
        elif words:
            phrases.append(" ".join(words))
        else:
            break
        end = tokens[j - 1][2]
        while j < len(tokens) and tokens[j][0] in _LIST_TAIL:
            j += 1
        k = j
        while k < len(tokens) and tokens[k][0] in _LIST_SEPARATORS:
            k += 1
        if k == j or k >= len(tokens):
            break
        i = k
    return refs, phrases, end


# --- filling roles -------------------------------------------------------------------------

_PRONOUN = re.compile(
    r"\b(?:they|them|their|these|those|this|it|its|both|the\s+two|each\s+other|the\s+pair|"
    r"the\s+above|former|latter)\b"
)


def _main_columns(sentence: _Sentence, cond: _Conditioning) -> list[str]:
    """Distinct columns mentioned outside the conditioning clauses, in order."""
    out: list[str] = []
    for pos, k in sentence.ref_positions():
        column = sentence.col(k)
        if not cond.covers(pos) and column not in out:
            out.append(column)
    return out


def _require(ctx: _Context, have: list[str], need: int, what: str) -> list[str]:
    """`have` topped up to `need` columns, or an error naming what is missing."""
    if len(have) >= need:
        return have
    found = list(have)
    pronoun = bool(_PRONOUN.search(ctx.sentence.text))
    steps = [_from_phrases, _from_context] if not pronoun else [_from_context, _from_phrases]
    for step in steps:
        found = step(ctx, found, need)
        if len(found) >= need:
            return found
    unknown = [p for p in _slot_phrases(ctx.sentence) if not match_column(p, ctx.columns, True)]
    if unknown:
        raise UnknownVariableError(unknown[0], ctx.columns)
    raise _unclear(
        ctx.columns,
        f"This looks like a question about {what}, but I could not find which columns it is about "
        f"(it needs {need}).",
    )


def _from_phrases(ctx: _Context, found: list[str], need: int) -> list[str]:
    """Loosely match the sentence's leftover words ("cancer" -> `lung_cancer`)."""
    found = list(found)
    for phrase in _slot_phrases(ctx.sentence):
        column = match_column(phrase, ctx.columns, loose=True)
        if column is not None and column not in found:
            ctx.draft.note(f"read '{phrase}' as the column {column}", 0.1)
            found.append(column)
            if len(found) >= need:
                break
    return found


def _from_context(ctx: _Context, found: list[str], need: int) -> list[str]:
    """Take the missing columns from the nearest earlier sentences that name some."""
    found = list(found)
    for sentence in reversed(ctx.sentences[: ctx.index]):
        extra = [c for c in sentence.refs if c not in found]
        if not extra:
            continue
        missing = need - len(found)
        taken = extra[:missing]
        ctx.draft.note(
            f"took {', '.join(taken)} from the earlier sentence '{sentence.raw}'",
            0.25 if len(extra) == missing else 0.4,
        )
        found += taken
        if len(found) >= need:
            break
    return found


def _loose_column(phrase: str, ctx: _Context) -> str | None:
    column = match_column(phrase, ctx.columns, loose=True)
    if column is not None:
        ctx.draft.note(f"read '{phrase}' as the column {column}", 0.1)
    return column


def _slot_phrases(sentence: _Sentence) -> list[str]:
    """Runs of words that are not question vocabulary: where an unknown name would be."""
    runs: list[str] = []
    current: list[str] = []
    for m in _TOKEN.finditer(sentence.text):
        if _is_content(m.group()):
            current.append(m.group())
            continue
        if current:
            runs.append(" ".join(current))
        current = []
    if current:
        runs.append(" ".join(current))
    return runs


def _is_content(token: str) -> bool:
    word = token.strip("'’")
    return (
        bool(word)
        and (word[0].isalpha())
        and not token.startswith("@")
        and word not in _STRUCTURE_WORDS
        and not word.endswith(("n't", "'s", "’s", "'re", "'ll", "'d", "'m", "'ve"))
    )


_STRUCTURE_WORDS = frozenset(
    _words(
        """
        a an the this that these those there here it its they them their we us our you your i me my
        one ones some any each every all both either neither none no not nor other others another
        such is are was were be been being am do does did done doing has have had having can could
        would will shall should may might must of in on at to from by for with without within into
        onto upon over under between among amongst across about above below through throughout after
        before during while when where whether if then than as and or but so because since via per
        against toward towards versus vs around near beyond despite unless until out up down off
        what which who whom whose why how much many more most less least few several please answer
        answers yes uncertain true false tell know let explain explanation show give list name find
        identify determine assess examine investigate evaluate verify check test tests testing
        tested confirm scrutinize scrutinise analyze analyse analysis explore ascertain decide
        figure report plot draw generate produce create build construct discover learn compute
        calculate estimate estimated estimation quantify measure infer predict run use using used
        apply describe display visualize visualise sketch make get return output consider
        considering assume assuming suppose given condition conditions conditional conditionally
        conditioned conditioning control controlling controlled adjust adjusting adjusted adjustment
        account accounting accounted holding hold held holds keeping keep fixing fix fixed constant
        stratified stratifying knowing respect presence upheld maintained maintain persist
        independent independence independently dependent dependence dependency depend depends
        depending unrelated related relation relations relationship relationships associated
        association associations correlated correlation correlations correlate correlates linked
        link links connected connection connections statistically statistical significant
        significance significantly cause causes caused causing causal causally causation direct
        directly indirect indirectly effect effects affect affects affected affecting influence
        influences influenced influencing impact impacts impacted impacting drive drives driven
        driving driver drivers determines determined determinant determinants lead leads leading led
        result results resulting outcome outcomes consequence consequences collider colliders common
        shared share shares sharing joint jointly confounder confounders confounding confounded
        confound factor factors variable variables column columns feature features node nodes parent
        parents child children ancestor ancestors descendant descendants upstream downstream edge
        edges arrow arrows path paths graph graphs graphical diagram diagrams dag dags cpdag pag
        network structure skeleton model models treatment treatments average ate cate change changes
        changed changing increase increases increased increasing decrease decreased raise raised
        raising lower lowered reduce reduced set setting move moved goes go going went rise rises
        shift shifted value values level levels unit units amount data dataset datasets table
        tabular file csv sample samples observation observations existence exist exists existing
        potential possible possibly likely serve serving acting act regarded treated regard treat
        seen considered interest interested interesting intriguing chosen selected specified listed
        provided mentioned outlined stated described following subset partial focused restricted
        limited segment subsection section entire whole full same different only also just really
        actually indeed way ways kind thing things something anything everything else rest remaining
        happen happens happened respond responds react reacts vary varies alpha algorithm method
        approach pc fci ges lingam kci fisher chi square z help like need needs want wants wonder
        think believe suggest suggests known unknown including namely acyclic directed undirected
        visually represents representing representation illustrating illustrates illustrate
        depicting showcasing showing highlighting emphasizing outlining reflects reflecting inherent
        present input information interdependencies pathways occurrence event events assert vice
        versa pair two three four five six seven eight nine ten
        cause-and-effect new old first second last
        """
    )
)


# --- builders, one per family ------------------------------------------------------------

Fields = dict[str, Any]


def _build_independence(ctx: _Context) -> Fields:
    cond = _conditioning(ctx.sentence, ctx)
    if cond.unknown:
        raise UnknownVariableError(cond.unknown[0], ctx.columns)
    main = _require(ctx, _main_columns(ctx.sentence, cond), 2, "independence")
    _note_extra(ctx, main[2:], "independence of the first two")
    given = [c for c in cond.given if c not in main[:2]]
    return {"type": "independence", "x": main[0], "y": main[1], "given": given}


_NAMED_PAIR = re.compile(
    r"\b(?:between|of|for|on|affecting|influencing|impacting|both|and|variables)\s+"
    r"(?:(?:both|the|variables?)\s+)*@(\d+)\s*(?:,|and|&|with|or)\s*(?:also\s+)?(?:the\s+)?@(\d+)"
)


_PAIR_WORDS = {
    "collider": "a common effect (collider)",
    "confounder": "a common cause (confounder)",
}


def _pair_builder(family: str) -> Callable[[_Context], Fields]:
    def build(ctx: _Context) -> Fields:
        s = ctx.sentence
        main = _require(ctx, list(s.refs), 2, _PAIR_WORDS[family])
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


_WH = re.compile(r"\b(?:what|which|who|list|name|identify|find|show|give|tell\s+me)\b")
_WHICH = re.compile(r"\b(?:what|which|who)\b")  # "which of A, B directly cause C?"
_REVERSED_DIRECT = (
    re.compile(
        r"@(\d+)\s+(?:is\s+|was\s+|being\s+|are\s+)?(?:directly\s+)?(?:caused|driven|influenced|"
        r"affected|impacted|determined|produced)\s+(?:directly\s+)?by\s+(?:\w+\s+){0,2}?@(\d+)"
    ),
    re.compile(
        r"@(\d+)\s+(?:\w+\s+){0,2}?(?:a\s+|the\s+)?direct\s+(?:effect|consequence|result|outcome"
        r"|child|descendant)\s+of\s+@(\d+)"
    ),
    re.compile(r"@(\d+)\s+(?:\w+\s+){0,2}?(?:a\s+|the\s+)?child\s+of\s+@(\d+)"),
    re.compile(
        r"@(\d+)\s+(?:\w+\s+)?(?:directly\s+)?depends?\s+(?:directly\s+)?(?:up)?on\s+@(\d+)"
    ),
    re.compile(r"\bto\s+@(\d+)\s+from\s+@(\d+)"),
)
_PARENT_PAIR = re.compile(r"@(\d+)\s+(?:\w+\s+){0,2}?(?:a\s+|the\s+)?parent\s+of\s+@(\d+)")


def _build_direct(ctx: _Context) -> Fields:
    s = ctx.sentence
    wh = bool(_WH.search(s.text))
    single = _single_node(s)
    if single is not None and (wh if len(s.refs) == 1 else _WHICH.search(s.text)):
        return _relative(ctx, single, direct=True)
    main = list(s.refs)
    if len(main) < 2 and wh:
        main = _require(ctx, main, 1, "direct causes")
        direction = _direction(s)
        return _relative(ctx, (main[0], direction or "up"), direct=True, guessed=not direction)
    main = _require(ctx, main, 2, "a direct cause")
    x, y = main[0], main[1]
    for pattern in _REVERSED_DIRECT:
        if m := pattern.search(s.text):
            x, y = s.col(m.group(2)), s.col(m.group(1))
            break
    else:
        if m := _PARENT_PAIR.search(s.text):
            x, y = s.col(m.group(1)), s.col(m.group(2))
    _note_extra(ctx, [c for c in main if c not in (x, y)], f"whether {x} directly causes {y}")
    return {"type": "direct_cause", "x": x, "y": y}


# Direction of a one-node question: "down" asks what the node affects, "up" what affects it.
def _directed(direction: str, *patterns: str) -> list[tuple[str, re.Pattern[str]]]:
    return [(direction, re.compile(p)) for p in patterns]


_DOWN_RULES = _directed(
    "down",
    r"\b(?:does|do|did|will|would|can|could|might)\s+@(\d+)\s+(?:\w+\s+){0,2}?"
    r"(?:caus|affect|effect|influenc|impact|driv|determin|lead|result|produc|chang|alter)",
    r"\b(?:caused|driven|influenced|affected|impacted|determined|produced|changed|controlled)"
    r"\s+(?:directly\s+|mainly\s+)?by\s+@(\d+)",
    r"\b(?:effects?|consequences?|outcomes?|children|child|successors?|descendants?|results?|"
    r"downstream)\s+(?:nodes?\s+|variables?\s+)?(?:of|from)\s+@(\d+)(?!\s+(?:on|upon)\b)",
    r"@(\d+)'?s?\s+(?:direct\s+)?(?:effects|children|consequences|descendants|outcomes)",
    r"@(\d+)\s+(?:directly\s+)?(?:causes?|affects?|influences?|impacts?|drives?|determines?|"
    r"leads?\s+to|results?\s+in)\s*(?:what|which|\?|$)",
)
_UP_RULES = _directed(
    "up",
    r"\b(?:causes?|affects?|influences?|impacts?|drives?|determines?|leads?\s+to|results?\s+in"
    r"|produces?|explains?)\s+(?:the\s+)?(?:(?:level|value|amount)\s+of\s+)?@(\d+)",
    r"\b(?:causes?|parents?|drivers?|determinants?|predecessors?|ancestors?|influences?|sources?"
    r"|reasons?|upstream)\s+(?:nodes?\s+|variables?\s+|factors?\s+)?(?:of|for|behind|from)"
    r"\s+@(\d+)",
    r"@(\d+)\s+(?:is\s+|are\s+)?(?:\w+\s+)?(?:caused|driven|influenced|affected|impacted"
    r"|determined|produced|explained|controlled)\s+(?:directly\s+)?by\b",
    r"@(\d+)'?s?\s+(?:direct\s+)?(?:causes|parents|drivers|ancestors|determinants)",
    r"\b(?:does|do)\s+@(\d+)\s+(?:directly\s+)?depend\s+on",
)
_DIRECTIONS = (*_DOWN_RULES, *_UP_RULES)  # "down" first: "what does X cause" before "cause X"
_RELATIVE_NOUN = re.compile(r"\b(parents?|children|child|ancestors?|descendants?)\b")
_RELATIVE_BY_NOUN = {  # by the noun's first four letters: "child" and "children" alike
    "pare": "parents",
    "chil": "children",
    "ance": "ancestors",
    "desc": "descendants",
}
_RELATIVES = {
    (True, "up"): "parents",
    (True, "down"): "children",
    (False, "up"): "ancestors",
    (False, "down"): "descendants",
}


def _direction(s: _Sentence) -> str | None:
    found = _single_node(s)
    return found[1] if found else None


def _single_node(s: _Sentence) -> tuple[str, str] | None:
    """(column, "up"|"down") for "what causes X" / "what does X affect" style wording."""
    for direction, pattern in _DIRECTIONS:
        if m := pattern.search(s.text):
            return s.col(m.group(1)), direction
    return None


def _relative(ctx: _Context, node: tuple[str, str], direct: bool, guessed: bool = False) -> Fields:
    column, direction = node
    noun = _RELATIVE_NOUN.search(ctx.sentence.text)
    family = _RELATIVE_BY_NOUN[noun.group(1)[:4]] if noun else _RELATIVES[(direct, direction)]
    nouns = {_RELATIVE_BY_NOUN[m.group(1)[:4]] for m in _RELATIVE_NOUN.finditer(ctx.sentence.text)}
    if len(nouns) > 1:
        others = ", ".join(sorted(nouns - {family}))
        ctx.draft.note(f"answering the {family} only; ask for the {others} separately", 0.1)
    if guessed:
        ctx.draft.note(f"could not tell the direction; asking for the {family} of {column}", 0.3)
    others = [c for c in ctx.sentence.refs if c != column]
    if others:
        ctx.draft.note(
            f"listing the {family} of {column}; check whether {', '.join(others)} is among them",
            0.1,
        )
    return {"type": family, "x": column}


def _build_cause(ctx: _Context) -> Fields:
    """No "direct": ancestors / descendants for one node; two nodes read as an effect."""
    s = ctx.sentence
    wh = bool(_WH.search(s.text))
    single = _single_node(s)
    noun = _RELATIVE_NOUN.search(s.text)
    if single is not None and (len(s.refs) == 1 or _WHICH.search(s.text)):
        return _relative(ctx, single, direct=False)
    if len(s.refs) >= 2 and noun and noun.group(1).startswith(("ancestor", "descendant")):
        first, second = s.refs[0], s.refs[1]
        node = (second, "up") if noun.group(1).startswith("ancestor") else (second, "down")
        ctx.draft.note(f"'is {first} a(n) {noun.group(1)} of {second}' read as a list", 0.15)
        return _relative(ctx, node, direct=False)
    if len(s.refs) < 2 and (wh or noun):
        main = _require(ctx, list(s.refs), 1, "causes or effects")
        return _relative(
            ctx, (main[0], _direction(s) or "up"), direct=False, guessed=single is None
        )
    fields = _build_effect(ctx)
    ctx.draft.note(
        f"read this as a question about the effect of {fields['x']} on {fields['y']} "
        f"(ask 'does {fields['x']} directly cause {fields['y']}?' for a direct link)",
        0.3,
    )
    return fields


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
_INTERVENTION = (
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
_COVARIATES_LABEL = re.compile(
    r"\b(?:covariates?|confounders?|controls?|adjust(?:ing)?\s+for)\s*[:=]"
)


def _labelled(ctx: _Context, label: re.Pattern[str]) -> str | None:
    """A role given as a label anywhere in the text: "Treatment: dose", "outcome = y"."""
    for sentence in ctx.sentences:
        if m := label.search(sentence.text):
            return sentence.col(m.group(1))
    return None


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


def _effect_roles(ctx: _Context, cond: _Conditioning) -> tuple[str, str]:
    """(treatment, outcome) from "effect of T on Y", "if T goes from ...", "T affects Y"."""
    s = ctx.sentence
    labelled = _labelled(ctx, _TREATMENT_LABEL), _labelled(ctx, _OUTCOME_LABEL)
    if labelled[0] and labelled[1]:
        return labelled[0], labelled[1]
    main = _main_columns(s, cond)
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
            rest = _require(ctx, [c for c in main if c != x], 1, "an effect")
            return x, rest[0]
    for pattern in (_ACTIVE, _HAS_EFFECT):
        if m := pattern.search(s.text):
            return s.col(m.group(1)), s.col(m.group(2))
    if m := _PASSIVE.search(s.text):
        return s.col(m.group(2)), s.col(m.group(1))
    main = _require(ctx, main, 2, "an effect")
    if len(s.refs) >= 2:
        ctx.draft.note(f"took {main[0]} as the treatment and {main[1]} as the outcome (order)", 0.2)
    return main[0], main[1]


_FROM_TO = re.compile(
    rf"\bfrom\s+(?:a\s+value\s+of\s+|the\s+value\s+)?({_NUM})\s*(?:[a-z%]+\s+)?"
    rf"(?:up\s+|down\s+)?to\s+({_NUM})(?![\d])"
)
_T0_T1 = re.compile(
    r"\bt0\s*(?:=|:|is|of)\s*(" + _NUM + r").{0,40}?\bt1\s*(?:=|:|is|of)\s*(" + _NUM + r")"
)
_DO_VALUE = re.compile(r"\bdo\s*\(\s*@\d+\s*=\s*(" + _NUM + r")\s*\)")
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


def _build_effect(ctx: _Context) -> Fields:
    s = ctx.sentence
    cond = _conditioning(s, ctx)
    if cond.unknown:
        raise UnknownVariableError(cond.unknown[0], ctx.columns)
    x, y = _effect_roles(ctx, cond)
    given = [c for c in cond.given if c not in (x, y)]
    given += [c for c in _declared_covariates(ctx, x, y) if c not in given]
    if re.search(r"\bdirect\s+effect", s.text):
        ctx.draft.note(
            "estimating the total effect; direct (controlled) effects are not supported", 0.1
        )
    others = [c for c in _main_columns(s, cond) if c not in (x, y, *given)]
    _note_extra(ctx, others, f"the effect of {x} on {y}")
    return {
        "type": "effect",
        "x": x,
        "y": y,
        "given": given,
        "treatment_values": _treatment_values(ctx),
    }


def _declared_covariates(ctx: _Context, x: str, y: str) -> list[str]:
    """Covariates declared in the question or around it ("the remaining variables are ...")."""
    found: list[str] = []
    for i, sentence in enumerate(ctx.sentences):
        if _REMAINING_COVARIATES.search(sentence.text):
            rest = [c for c in ctx.columns if c not in (x, y)]
            ctx.draft.note(f"treating all other columns as covariates: {', '.join(rest)}")
            return rest
        names: list[str] = []
        for m in _DECLARED_COVARIATES.finditer(sentence.text):
            names += [sentence.col(k) for k in _REF.findall(m.group(1))]
        if m := _COVARIATES_LABEL.search(sentence.text):
            names += [sentence.col(k) for k in _read_list(sentence.text, m.end())[0]]
        if i != ctx.index:
            names += _conditioning(sentence, ctx).given
        names = [c for c in dict.fromkeys(names) if c not in (x, y) and c not in found]
        if names and i != ctx.index:
            ctx.draft.note(f"took covariates {', '.join(names)} from '{sentence.raw}'", 0.05)
        found += names
    return found


def _treatment_values(ctx: _Context) -> tuple[float, float] | None:
    order = [ctx.index] + [i for i in range(len(ctx.sentences)) if i != ctx.index]
    for i in order:
        text = ctx.sentences[i].text
        done = _DO_VALUE.findall(text)
        if len(done) == 2:  # E[Y | do(T=a)] - E[Y | do(T=b)]: from b to a
            return _number(done[1]), _number(done[0])
        m = _FROM_TO.search(text) or _T0_T1.search(text)
        if m:
            if i != ctx.index:
                ctx.draft.note(f"took the treatment values from '{ctx.sentences[i].raw}'", 0.05)
            return _number(m.group(1)), _number(m.group(2))
    return None


def _number(text: str) -> float:
    return float(text.replace("−", "-").replace(",", ""))


_PROPOSED_SET = re.compile(
    r"\{([^}]*)\}|((?:@\d+\s*(?:,|and|&)?\s*)+)\s*(?:is|are|form|forms)\s+(?:an?\s+|the\s+)?"
    r"(?:valid|sufficient|good|correct|enough|right|proper|minimal)?\s*(?:adjustment|backdoor|"
    r"back-door|conditioning)"
)


def _build_adjustment(ctx: _Context) -> Fields:
    """Treatment and outcome; `given` holds a set the user proposes ("Is {A, B} valid ...?")."""
    s = ctx.sentence
    proposed: list[str] = []
    if m := _PROPOSED_SET.search(s.text):
        proposed = [s.col(k) for k in _REF.findall(m.group(1) or m.group(2))]
    sentences = list(ctx.sentences)
    sentences[ctx.index] = _Sentence(s.raw, _PROPOSED_SET.sub(" ", s.text), s.refs)
    x, y = _effect_roles(_Context(sentences, ctx.index, ctx.columns, ctx.draft), _Conditioning())
    proposed = [c for c in proposed if c not in (x, y)]
    if proposed:
        ctx.draft.note(
            f"asks whether {{{', '.join(proposed)}}} is a valid adjustment set (in given)"
        )
    return {"type": "adjustment_set", "x": x, "y": y, "given": proposed}


_EXCLUDE = re.compile(
    r"\b(?:except(?:\s+for)?|excluding|without|other\s+than|apart\s+from|but\s+not|leaving\s+out"
    r"|ignoring|ignore|exclude|drop|dropping|omitting|omit)\b"
)
_COUNT = re.compile(r"\b(two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?:variables|columns)")
_COUNT_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}
_COUNT_WORDS |= {"nine": 9, "ten": 10}


def _build_graph(ctx: _Context) -> Fields:
    s = ctx.sentence
    excluded: list[str] = []
    if m := _EXCLUDE.search(s.text):
        refs, _, _ = _read_list(s.text, m.end())
        excluded = [s.col(k) for k in refs]
    named = [c for c in s.refs if c not in excluded]
    if excluded:
        base = named if len(named) >= 2 else ctx.columns
        variables = [c for c in base if c not in excluded]
        ctx.draft.note(f"left out {', '.join(excluded)}")
    elif len(named) == 2:
        ctx.draft.note(
            f"a graph of only {named[0]} and {named[1]} shows whether they are linked but "
            "cannot show a direction; ask for the whole graph to orient it"
        )
        variables = named
    elif len(named) >= 2:
        variables = named
    elif len(named) == 1:
        ctx.draft.note(
            f"only {named[0]} is named; a graph needs two or more, so using all columns", 0.1
        )
        variables = []
    else:
        variables = _graph_columns_from_context(ctx)
    return {"type": "graph", "variables": variables}


def _graph_columns_from_context(ctx: _Context) -> list[str]:
    """ "these five columns" refers to columns listed in an earlier sentence, if any."""
    s = ctx.sentence
    if not re.search(r"\b(?:these|those|their|them|the\s+above|listed|mentioned)\b", s.text):
        return []
    count = _COUNT.search(s.text)
    wanted = None
    if count:
        word = count.group(1)
        wanted = int(word) if word.isdigit() else _COUNT_WORDS[word]
        if wanted == len(ctx.columns):
            return []
    for sentence in reversed(ctx.sentences[: ctx.index]):
        if set(sentence.refs) == set(ctx.columns):
            return []
        if len(sentence.refs) >= 2 and (wanted is None or wanted == len(sentence.refs)):
            ctx.draft.note(f"using the columns named in '{sentence.raw}'", 0.15)
            return list(sentence.refs)
    return []


def _note_extra(ctx: _Context, extra: list[str], what: str) -> None:
    if extra:
        ctx.draft.note(f"ignored {', '.join(extra)}: answering {what}", 0.1)


_BUILDERS: dict[str, Callable[[_Context], Fields]] = {
    "independence": _build_independence,
    "collider": _pair_builder("collider"),
    "confounder": _pair_builder("confounder"),
    "direct": _build_direct,
    "cause": _build_cause,
    "effect": _build_effect,
    "adjustment_set": _build_adjustment,
    "graph": _build_graph,
}


# --- algorithm, test and alpha ---------------------------------------------------------

_ALGORITHMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "pc",
        re.compile(
            r"(?<![\w-])PC(?![\w-])|\bpeter[\s-]clark\b|\bpc[\s-](?:algorithm|method|search)\b",
            re.I,
        ),
    ),
    ("fci", re.compile(r"\bfci\b|\bfast\s+causal\s+inference\b", re.I)),
    ("ges", re.compile(r"\bges\b|\bgreedy\s+equivalence\s+search\b", re.I)),
    ("lingam", re.compile(r"\b(?:direct|ica)?[\s-]?lingam\b", re.I)),
)
_TESTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("fisherz", re.compile(r"\bfisher(?:'s)?[\s_-]?z\b|\bpartial[\s-]correlation\s+test", re.I)),
    ("chisq", re.compile(r"\bchi[\s_-]?(?:squared?|sq|2)\b|χ2|χ²|\bchisq\b", re.I)),
    (
        "gsq",
        re.compile(r"\bg[\s_-]?(?:squared?|sq|test)\b|\bg²|\bgsq\b|\blikelihood[\s-]ratio\b", re.I),
    ),
    (
        "kci",
        re.compile(
            r"\bkci\b|\bkernel(?:[\s-]based)?\s+(?:conditional\s+)?(?:independence\s+)?"
            r"(?:ci\s+)?test",
            re.I,
        ),
    ),
)
_METHODS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "linear_regression",
        re.compile(r"\blinear[\s_-]regression\b|\bregression\s+adjustment\b", re.I),
    ),
    ("dml", re.compile(r"\bdouble[\s_-]?(?:ml|machine[\s-]learning)\b|\bdebiased\b|\bdml\b", re.I)),
    (
        "propensity_score_weighting",
        re.compile(r"\bpropensity\b|\binverse[\s-]probability\b|\bipw\b", re.I),
    ),
)
_ALPHA = (
    re.compile(
        r"(?:\balpha\b|α|\bsignificance(?:\s+level)?\b|\bp-?\s*values?\s+(?:threshold|cut-?off)\b|"
        r"\bp\s*<=?)\s*(?:of|=|:|is|at|set\s+to|equal\s+to|<=?)?\s*(\d*\.?\d+)\s*(%?)",
        re.I,
    ),
    re.compile(r"\bat\s+(?:the\s+|a\s+)?(\d*\.?\d+)\s*(%)\s*(?:significance\s+)?level\b", re.I),
    re.compile(r"\b(\d*\.?\d+)\s*(%)\s+(?:significance|level)\b", re.I),
)


def named_settings(text: str) -> dict[str, Any]:
    """Analysis settings named anywhere in the text: algorithm, test, alpha, method."""
    return _settings(text, _Draft())


def _settings(text: str, draft: _Draft) -> Fields:
    """Algorithm, test, alpha and effect estimator named anywhere in the text."""
    out: Fields = {}
    for key, table in (("algorithm", _ALGORITHMS), ("test", _TESTS), ("method", _METHODS)):
        hits = sorted((m.start(), name) for name, p in table if (m := p.search(text)))
        if hits:
            out[key] = hits[0][1]
            if len({name for _, name in hits}) > 1:
                names = ", ".join(dict.fromkeys(name for _, name in hits))
                draft.note(f"several {key}s named ({names}); using {hits[0][1]}", 0.1)
    for pattern in _ALPHA:
        if m := pattern.search(text):
            value = float(m.group(1)) / (100 if m.group(2) else 1)
            if 0 < value < 1:
                out["alpha"] = value
            else:
                draft.note(
                    f"ignored the significance level '{m.group(0).strip()}' (not between 0 and 1)"
                )
            break
    return out


# --- the unclear-question message ---------------------------------------------------------

_EXAMPLES = (
    ("independence", "Are {a} and {b} independent given {c}?"),
    ("direct cause", "Does {a} directly cause {b}?"),
    ("collider (common effect)", "Do {a} and {b} share a common effect?"),
    ("confounder (common cause)", "Is there a confounder of {a} and {b}?"),
    ("causal graph", "Draw the causal graph of {a}, {b} and {c}."),
    ("effect", "What is the effect of {a} on {b} if {a} goes from 0 to 1?"),
    ("parents / children", "What directly causes {b}? / What does {a} directly affect?"),
    ("ancestors / descendants", "What causes {b}? / What are the effects of {a}?"),
    ("adjustment set", "What should I adjust for to estimate the effect of {a} on {b}?"),
)


def _unclear(columns: list[str], reason: str) -> UnclearQuestionError:
    names = (list(columns) + ["X", "Y", "Z"])[:3] if len(columns) >= 3 else ["X", "Y", "Z"]
    a, b, c = names
    lines = [f"{reason} askwhy understands these kinds of question:"]
    lines += [f"  - {kind}: {example.format(a=a, b=b, c=c)}" for kind, example in _EXAMPLES]
    if columns:
        lines.append(f"Name the variables as columns of the data: {', '.join(columns)}.")
    return UnclearQuestionError("\n".join(lines))
