"""Which family of question a sentence asks, and which sentence of the text is the question.

The triggers are lexicon.json's `family_rules`, tried in their order there, which is their
priority: the first rule whose pattern is in a sentence's template (and whose `min_columns`
the sentence names) gives the family. Two of the families are resolved further by their
builders: "direct" (direct_cause, parents or children) and "cause" (ancestors, descendants
or effect).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from askwhy.planning.rules.context import Draft
from askwhy.planning.rules.lexicon import alternation, lexicon
from askwhy.planning.rules.sentences import NUM, Sentence, V

_MACRO = re.compile(r"\$\{(\w+)\}")


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
    macros = {"V": V, "NUM": NUM, **lex.family_fragments}
    return tuple(
        Rule(trigger.family, re.compile(_expand(p, macros)), trigger.min_columns, trigger.weak)
        for trigger in lex.family_rules
        for p in trigger.patterns
    )


def _expand(pattern: str, macros: dict[str, str]) -> str:
    return _MACRO.sub(lambda m: macros[m.group(1)], pattern)


@lru_cache(maxsize=1)
def _asking_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(how a question or request starts, a phrase that asks anywhere in the sentence)."""
    lex = lexicon()
    label = alternation(lex.question_labels) + r"\s*\d*\s*[:.)-]\s*"  # "Q2: ", "Task 1) "
    numbering = r"\d+[.)]\s*"  # "1. ", "2) "
    filler = alternation(lex.question_fillers) + r"\b[\s,]*"  # "please", "so, "
    start = re.compile(
        r"^(?:[^,?]{0,60},\s*)?"  # an opening clause: "In this data, ..."
        rf"(?:{label}|{numbering}|{filler})*" + alternation(lex.question_openers) + r"\b"
    )
    return start, re.compile("|".join(lex.asking_phrases))


def rule_for(sentence: Sentence) -> Rule | None:
    """The first rule that matches the sentence, if any."""
    for rule in family_rules():
        if len(sentence.refs) >= rule.min_columns and rule.pattern.search(sentence.text):
            return rule
    return None


def is_asking(sentence: Sentence) -> bool:
    """A question or an imperative ("Determine whether ..."), not a statement of background."""
    start, asking = _asking_patterns()
    return bool(start.search(sentence.text) or asking.search(sentence.text))


def pick_question(sentences: list[Sentence], draft: Draft) -> tuple[int, str] | None:
    """The last sentence with a known family, questions and imperatives before statements."""
    rules = [(i, r) for i, s in enumerate(sentences) if (r := rule_for(s)) is not None]
    if not rules:
        return None
    found = [(i, r.family) for i, r in rules]
    asking = [(i, r.family) for i, r in rules if not r.weak and is_asking(sentences[i])]
    index, family = (asking or found)[-1]
    if not asking and len(sentences) > 1:
        draft.note(f"read the statement '{sentences[index].raw}' as the question", 0.1)
    rivals = {f for i, f in asking if i != index and f != family}
    if rivals:
        draft.note(
            f"the text seems to ask more than one thing; answering: '{sentences[index].raw}'", 0.15
        )
    return index, family
