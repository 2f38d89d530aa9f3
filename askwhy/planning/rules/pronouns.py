"""A pronoun that stands for a variable the asking sentence does not name.

"Consider Parity. Does it directly affect milk?": "it" is Parity, and it is the cause, so
the antecedent is put where the pronoun stands ("does @1 directly affect @0?") rather than
after the columns the sentence names (which would turn the question round). With no
earlier sentence naming a column ("Does it affect milk?" on its own) the question names
one variable and points at another that nobody named: refused, never read as "what affects
milk?". With several columns there, "it" could be any of them: refused too.

A pronoun that takes up a column of the same sentence is left alone: a fronted topic
("Milk: what affects it?", "For milk, is Parity one of its causes?", already written in
place by sentences.py) or one in another clause ("What is milk, and what affects it?").
Expletive "it" ("is it true that ...", "it's") is no variable. Describe-the-data and graph
questions ("Describe it.") are not read here: their "it" is the table.
"""

from __future__ import annotations

import re
from dataclasses import replace

from askwhy.planning.rules.context import Context, Unreadable
from askwhy.planning.rules.sentences import REF

SKIPPED = ("describe_data", "graph")
ANTECEDENT_PENALTY = 0.1  # a variable read from the sentence before is a small assumption
# "it" / "its" / "this variable" as a variable; not "it's", nor "is it true that ..."
_PRONOUN = re.compile(
    r"\b(?:(its)\b|it\b(?!['’]|\s+(?:true|the\s+case|possible|likely|plausible|fair|"
    r"reasonable|correct|right|so|clear|that|because|worth|matter|mean|make|hold|seem|look|"
    r"rains?|raining)\b|\s+(?:the\s+)?[\w@]+(?:\s+\w+)?\s+(?:that|which|who)\b)|"
    r"(?:this|that)\s+(?:variable|column|factor|one)\b)"
)
# the pronoun as the subject: first, or after an opening auxiliary ("Is it ...", "Does it")
_SUBJECT = re.compile(
    r"\s*(?:(?:is|does|did|can|could|would|will|was|has)\s+)?(?:it|its|this\s+\w+)$", re.I
)
_OPENING_REF = re.compile(r"\s*(?:the\s+)?@(\d+)\b(?!\s*(?:and|or|,)\s)", re.I)
_CLAUSE_BREAK = re.compile(r"[,:;—–]|\s-\s|\b(?:and|but|or|then|so)\b")


def with_antecedent(ctx: Context) -> Context:
    """`ctx` with a pronoun in a variable's place replaced by its antecedent column (noted),
    or unchanged; Unreadable when the antecedent cannot be told."""
    if ctx.family in SKIPPED:
        return ctx
    text = ctx.text
    m = _PRONOUN.search(text)
    if m is None:
        return ctx
    refs = [(r.start(), r.group(1)) for r in REF.finditer(text)]
    if len({k for _, k in refs}) > 1:
        return ctx
    if refs and refs[0][0] < m.start() and _CLAUSE_BREAK.search(text, refs[0][0], m.start()):
        return ctx  # "What is milk, and what affects it?": the column of the sentence
    word = m.group()
    named = set(ctx.refs)
    column, source = _nearest(ctx, named, word, subject=bool(_SUBJECT.match(text[: m.end()])))
    sentence = ctx.sentence
    if column in sentence.refs:
        k = sentence.refs.index(column)
        new_refs = sentence.refs
    else:
        k, new_refs = len(sentence.refs), (*sentence.refs, column)
    said = f"@{k}'s" if m.group(1) else f"@{k}"
    new_text = text[: m.start()] + said + text[m.end() :]
    new_sentence = replace(sentence, text=_swap(sentence.text, text, new_text), refs=new_refs)
    sentences = [*ctx.sentences]
    sentences[ctx.index] = new_sentence
    ctx.draft.note(f"read '{word}' as {column} (from '{source}')", ANTECEDENT_PENALTY)
    return replace(ctx, sentences=sentences, text=new_text)


def _nearest(ctx: Context, named: set[str], word: str, subject: bool) -> tuple[str, str]:
    """(the column, the sentence it is from): the nearest earlier sentence naming columns
    the asking sentence does not name must name exactly one; or, for a pronoun that is the
    subject ("It is a mediator?"), have one as its own subject ("Fraud score is in the
    middle between the estimate and the flag.")."""
    for sentence in reversed(ctx.sentences[: ctx.index]):
        found = [c for c in sentence.refs if c not in named]
        if len(found) == 1:
            return found[0], sentence.raw
        first = _OPENING_REF.match(sentence.text)
        if subject and first and sentence.refs[int(first.group(1))] in found:
            return sentence.refs[int(first.group(1))], sentence.raw
        if found:
            raise Unreadable(
                f"'{word}' could be any of {', '.join(found)}; name the variable you mean "
                f"(e.g. '{_example(ctx, found[0])}')."
            )
    others = [c for c in ctx.columns if c not in named and not _ID_OR_DATE.search(c)]
    raise Unreadable(
        f"'{word}' stands for a variable the question does not name; name it (e.g. "
        f"'{_example(ctx, others[0] if others else '<column>')}')."
    )


_ID_OR_DATE = re.compile(r"(?i)(?:id|no|date|dt|tag)$|#$")  # no column for an example


def _example(ctx: Context, column: str) -> str:
    """The question as written with `column` in the pronoun's place."""
    raw = ctx.sentence.raw
    return _PRONOUN.sub(lambda m: f"{column}'s" if m.group(1) else column, raw, count=1)


def _swap(template: str, old: str, new: str) -> str:
    """The sentence's template with `old` (the part read, maybe without an elaboration)
    replaced by `new`."""
    return template.replace(old, new, 1) if old in template else new
