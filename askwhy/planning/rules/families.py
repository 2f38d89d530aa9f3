"""Which family of question a sentence asks, and which sentence of the text is the question.

The triggers are lexicon.json's `family_rules`, tried in their order there, which is their
priority: the first rule whose pattern is in a sentence's template (and whose `min_columns`
the sentence names) gives the family. Two of the families are resolved further by their
builders: "direct" (direct_cause, parents or children) and "cause" (ancestors, descendants
or effect).

The asking sentence of a longer text is, in order: the last one labelled as the question
("Command: ...", "Question: ...", "So: ..."); else the last question or request whose
family is known (a later question of no known family, "Why?", costs confidence); else a
statement, with a note. Instructions about the answer's form ("Please answer yes or no.")
are never the question; a bare request for a list after it ("... downstream, right? Which
ones?") is read with the sentence before. An elaboration ("..., i.e. a variable that causes
both") restates the question: the family is read without it, and from it only when nothing
else is found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from askwhy.planning.rules.context import Draft, Unreadable
from askwhy.planning.rules.lexicon import alternation, lexicon
from askwhy.planning.rules.sentences import NUM, Sentence, V

_MACRO = re.compile(r"\$\{(\w+)\}")
_CLAUSE_STOP = re.compile(r"[,;)]")
_SPACES = re.compile(r"\s+")
_REF = re.compile(r"@(\d+)")
MAX_ELABORATION = 200  # characters an elaboration may span
MAX_SENTENCE = 2_000  # characters of a template read for a family: a longer one is no question
MAX_SENTENCES = 40  # the question is among the last sentences of a text


class Pick(NamedTuple):
    """The asking sentence: its index, family, template to read and elaborations."""

    index: int
    family: str
    text: str
    elaboration: str = ""


@dataclass(frozen=True)
class Rule:
    family: str
    pattern: re.Pattern[str]
    min_columns: int = 0
    weak: bool = False  # a side remark ("Use GES."): the question only if nothing else is


@lru_cache(maxsize=1)
def family_rules() -> tuple[Rule, ...]:
    """One rule per trigger pattern, in priority order."""
    lex = lexicon()
    macros = {"V": V, "NUM": NUM}
    fragments = {k: _expand(v, macros) for k, v in lex.family_fragments.items()}
    macros.update(fragments)
    return tuple(
        Rule(trigger.family, re.compile(_expand(p, macros)), trigger.min_columns, trigger.weak)
        for trigger in lex.family_rules
        for p in trigger.patterns
    )


def _expand(pattern: str, macros: dict[str, str]) -> str:
    return _MACRO.sub(lambda m: macros[m.group(1)], pattern)


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    lex = lexicon()
    label = alternation(lex.question_labels) + r"\s*\d*\s*[:.)-]\s*"  # "Q2: ", "Task 1) "
    numbering = r"\d+[.)]\s*"  # "1. ", "2) "
    filler = alternation(lex.question_fillers) + r"\b[\s,]*"  # "please", "so, "
    return {
        "start": re.compile(
            r"^(?:[^,?]{0,60},\s*)?"  # an opening clause: "In this data, ..."
            rf"(?:{label}|{numbering}|{filler})*" + alternation(lex.question_openers) + r"\b"
        ),
        "asking": re.compile("|".join(lex.asking_phrases)),
        "label": re.compile(r"^\W{0,3}" + alternation(lex.asking_labels) + r"\s*\d*\s*:\s*"),
        "instruction": re.compile("|".join(lex.instruction_phrases)),
        "elaboration": re.compile("|".join(lex.elaboration_markers)),
    }


def rule_for(sentence: Sentence, text: str | None = None) -> Rule | None:
    """The first rule that matches the sentence (or `text`, a part of its template)."""
    text = sentence.text if text is None else text
    if len(text) > MAX_SENTENCE:
        return None
    named = len(set(_REF.findall(text)))
    for rule in family_rules():
        if named >= rule.min_columns and rule.pattern.search(text):
            return rule
    return None


def split_elaboration(text: str) -> tuple[str, str]:
    """(the template without its "i.e. ..." / ", that is, ..." / ", meaning ..." clauses,
    those clauses): each runs to the next comma, semicolon or closing bracket after its first
    word, or to the end."""
    main, extra, pos = [], [], 0
    for m in _patterns()["elaboration"].finditer(text):
        if m.start() < pos:
            continue
        rest = text[m.end() : m.end() + MAX_ELABORATION]
        skip = len(rest) - len(rest.lstrip(" ,:"))
        stop = _CLAUSE_STOP.search(rest, skip + 1)
        end = m.end() + (stop.start() if stop else len(rest))
        main.append(text[pos : m.start()])
        extra.append(text[m.end() : end])
        pos = end
    main.append(text[pos:])
    return _SPACES.sub(" ", "".join(main)).strip(), _SPACES.sub(" ", " ".join(extra)).strip()


def without_elaboration(text: str) -> str:
    return split_elaboration(text)[0]


class Read(NamedTuple):
    """A sentence's rule, the template to read it from, and its elaborations."""

    rule: Rule | None
    text: str
    extra: str = ""


def read_family(sentence: Sentence) -> Read:
    """The sentence's rule, the template to read it from (without its elaborations when that
    still gives a family, else the whole sentence), and the elaborations."""
    return _read_family(sentence, sentence.text)


def _read_family(sentence: Sentence, text: str) -> Read:
    main, extra = split_elaboration(text)
    if main != text and (rule := rule_for(sentence, main)) is not None:
        return Read(rule, main, extra)
    return Read(rule_for(sentence, text), text)


def is_asking(sentence: Sentence) -> bool:
    """A question or an imperative ("Determine whether ..."), not a statement of background."""
    p = _patterns()
    text = sentence.text
    return bool(p["start"].search(text) or p["asking"].search(text) or p["label"].search(text))


def is_instruction(sentence: Sentence) -> bool:
    """Only about the answer's form: "Please answer yes or no.", "Answer with A, B or C."."""
    text = _patterns()["label"].sub("", sentence.text)
    return not sentence.refs and bool(_patterns()["instruction"].search(text))


def is_labelled(sentence: Sentence) -> bool:
    return bool(_patterns()["label"].search(sentence.text))


def pick_question(sentences: list[Sentence], draft: Draft) -> Pick:
    """The asking sentence; Unreadable if none."""
    usable = [i for i, s in enumerate(sentences) if not is_instruction(s)][-MAX_SENTENCES:]
    if not usable:
        raise Unreadable("The question is empty." if not sentences else _no_family(sentences))
    labelled = [i for i in usable if is_labelled(sentences[i])]
    if labelled:
        index = labelled[-1]
        rule, text, extra = read_family(sentences[index])
        if rule is None:
            raise Unreadable(f"I could not tell what '{_short(sentences[index].raw)}' asks.")
        return Pick(index, rule.family, text, extra)
    read = {i: read_family(sentences[i]) for i in usable}
    found = [i for i in usable if read[i][0] is not None]
    asking = [i for i in found if not read[i][0].weak and is_asking(sentences[i])]  # type: ignore[union-attr]
    if not found:
        raise Unreadable(_no_family([sentences[i] for i in usable]))
    index = (asking or found)[-1]
    rule, text, extra = read[index]
    assert rule is not None
    later = [i for i in usable if i > index and read[i][0] is None and is_asking(sentences[i])]
    single = len(set(_REF.findall(text))) <= 1  # a list is of one column's relatives
    if later == [usable[-1]] and single and _LIST_REQUEST.match(sentences[later[0]].text):
        text, later = f"{text} {sentences[later[0]].text}", []  # "X changes a lot. Which ones?"
    if later:
        draft.note(
            f"answering '{_short(sentences[index].raw)}'; I could not tell what "
            f"'{_short(sentences[later[-1]].raw)}' asks",
            0.2,
        )
    elif not asking and len(usable) > 1:
        draft.note(f"read the statement '{_short(sentences[index].raw)}' as the question", 0.1)
    _note_rival_structures(sentences[index], rule, text, draft)
    questions = [i for i in asking if i != index and "?" in sentences[i].text]
    rivals = {read[i][0].family for i in questions}  # type: ignore[union-attr]
    if rivals - {rule.family}:
        draft.note(
            f"the text asks more than one thing; ask one question at a time (I would answer "
            f"'{_short(sentences[index].raw)}')",
            TWO_QUESTIONS_PENALTY,
        )
    if (second := second_question(sentences[index], text)) is not None:
        draft.note(
            f"'{_short(sentences[index].raw)}' asks two things ({second}); ask one at a time",
            TWO_QUESTIONS_PENALTY,
        )
    return Pick(index, rule.family, text, extra)


# "Which ones?", "Name them.": a bare request for the list the sentence before speaks of
_LIST_REQUEST = re.compile(
    r"^\W*(?:and\s+|so\s+|ok\s+|okay\s+)?(?:(?:which|what)\s+(?:ones?|are\s+they|are\s+those|of\s+them)|"
    r"(?:name|list)\s+them)\s*[?.!]*\s*$"
)
# "Does X cause Y, and what is the effect of Z on W?", "Describe the data and then draw ..."
_JOINED = re.compile(
    r"(?:,|;)?\s*\b(?:and\s+(?:then\s+|also\s+)?|also\s*,?\s+|then\s+|but\s+)(?=(?:does|do|did|is|are|"
    r"was|were|can|could|would|will|what|which|who|how|whether|draw|describe|list|show|give|tell|"
    r"estimate|find|learn|compute|summari[sz]e)\b)"
)
_BACK = re.compile(r"\b(?:it|its|that|this|they|them|their|the\s+effect)\b")
TWO_QUESTIONS_PENALTY = 0.45  # below the planner's threshold: one question at a time


_RELATIVE_NOUN = (
    r"(?:parents?|children|child|causes|effects|ancestors|descendants|drivers|consequences|"
    r"predecessors|successors)"
)
# "the parents of @0 and the children of @1": two lists asked for at once
_TWO_LISTS = re.compile(
    rf"\b({_RELATIVE_NOUN})\s+of\s+(?:the\s+)?@\d+\s*,?\s*(?:and|&|plus|as\s+well\s+as)\s+"
    rf"(?:also\s+)?(?:the\s+|its\s+)?(?:direct\s+)?({_RELATIVE_NOUN})\s+of\s+(?:the\s+)?@\d+"
)


_CAUSE_AND_EFFECT = re.compile(
    r"\bwhich\s+(?:one\s+|variable\s+)?is\s+(?:the\s+)?cause\s+and\s+which\s+(?:one\s+)?"
    r"(?:is\s+)?(?:the\s+)?(?:effect|consequence|result|outcome)\b"
)


def second_question(sentence: Sentence, text: str) -> str | None:
    """The family of a second question joined to the first in one sentence, or None."""
    if m := _TWO_LISTS.search(text):
        return f"the {m.group(1)} and the {m.group(2)}"
    if _CAUSE_AND_EFFECT.search(text):  # one question about a direction
        return None
    for m in _JOINED.finditer(text):
        first, rest = text[: m.start()], text[m.end() :]
        one, two = rule_for(sentence, first), rule_for(sentence, rest)
        if one is None or two is None or one.weak or two.weak:
            continue
        if not _REF.search(rest) and _BACK.search(rest):  # "..., and how big is it?"
            continue
        if one.family != two.family or (_REF.search(rest) and _REF.search(first)):
            return f"{one.family.replace('_', ' ')} and {two.family.replace('_', ' ')}"
    for m in _JOINED.finditer(text):  # "..., and which cows should I cull?": no family of ours
        rest = text[m.end() :]
        if _OTHER_ASK.match(rest) and not _BACK.search(rest) and rule_for(sentence, rest) is None:
            one = rule_for(sentence, text[: m.start()])
            if one is not None and not one.weak and one.family not in _LOOSE_FAMILIES:
                return f"{one.family.replace('_', ' ')} and a question I cannot read"
    return None


_LOOSE_FAMILIES = ("describe_data", "graph")  # "what columns, and what type is each?"
_OTHER_ASK = re.compile(r"(?:which|what|who|how|should|can|could)\b(?!\s+(?:one|way)\b)")


STRUCTURES = ("collider", "confounder", "mediator")
RIVAL_PENALTY = 0.4  # below the planner's threshold: ask, rather than pick one reading


def rival_structures(sentence: Sentence, rule: Rule, text: str) -> list[str]:
    """The other structure families (collider, confounder, mediator) whose triggers the text
    also matches, when nothing tells them apart: no role noun of the picked family alone
    ("Is tar a collider on the path between A and B?" names its role and is not ambiguous)."""
    if rule.family not in STRUCTURES or len(text) > MAX_SENTENCE:
        return []
    named = len(set(_REF.findall(text)))
    matched = {
        r.family
        for r in family_rules()
        if r.family in STRUCTURES and named >= r.min_columns and r.pattern.search(text)
    }
    rivals = sorted(matched - {rule.family})
    if not rivals:
        return []
    nouns = lexicon().role_nouns
    said = {f for f in STRUCTURES if re.search(rf"\b{alternation(nouns[f])}\b", text)}
    if said == {rule.family}:
        return []
    return rivals


def _note_rival_structures(sentence: Sentence, rule: Rule, text: str, draft: Draft) -> None:
    rivals = rival_structures(sentence, rule, text)
    if rivals:
        draft.note(
            f"the wording fits a {rule.family} question and a {' or '.join(rivals)} question; "
            f"say which (e.g. 'is Z a {rule.family} of X and Y?')",
            RIVAL_PENALTY,
        )


def _no_family(sentences: list[Sentence]) -> str:
    if len(sentences) == 1:
        return f"I could not tell what kind of causal question '{_short(sentences[0].raw)}' is."
    return "I could not tell what kind of causal question the text asks."


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
