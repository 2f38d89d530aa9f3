"""Whether a question is phrased negatively, and which way an independence question asks.

"Are X and Y correlated?" asks about dependence, "Are X and Y independent?" about
independence. A negator just before the word flips it ("is there no correlation" asks
about independence, "are X and Y not independent" about dependence); a negated verb at the
start of the question does not ("Aren't X and Y independent?" still asks whether they are
independent). Either way the question is `negated`. The words are lexicon entries
(`polarity_words`, `negators`, `negation_exceptions`: "yes or no", "or not").
"""

from __future__ import annotations

import re
from functools import lru_cache

from askwhy.planning.rules.lexicon import lexicon
from askwhy.planning.rules.sentences import TOKEN

FLIP_WINDOW = 3  # tokens between a negator and the word it negates
# "X aren't linked to Y, are they?": a positive tag asks whether the plain claim holds
_POSITIVE_TAG = re.compile(
    r",\s*(?:is|are|was|were|do|does|did|can|could|would|will|has|have)\s+"
    r"(?:it|they|there|that|this|he|she|we|you|those|these)\s*[?.!]*\s*$"
)


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, re.Pattern[str]]]:
    lex = lexicon()
    negator = re.compile(
        "|".join(("" if e.startswith("n[") else r"\b") + e + r"\b" for e in lex.negators)
    )
    exceptions = re.compile(r"\b(?:" + "|".join(lex.negation_exceptions) + r")\b")
    words = {kind: re.compile("|".join(p)) for kind, p in lex.polarity_words.items()}
    return negator, exceptions, words


def _cleaned(text: str) -> str:
    """The text with the exceptions blanked out (same length, so positions stay)."""
    _, exceptions, _ = _patterns()
    return exceptions.sub(lambda m: " " * len(m.group()), text)


# "X is enough, isn't it?": a negative tag after a plain claim asks whether the claim holds
_NEGATIVE_TAG = re.compile(
    r",?\s*(?:isn['’]t|aren['’]t|wasn['’]t|weren['’]t|doesn['’]t|don['’]t|didn['’]t|can['’]t|"
    r"couldn['’]t|wouldn['’]t|won['’]t|hasn['’]t|haven['’]t)\s+(?:it|they|there|that|this|he|she|"
    r"we|you|those|these)\s*[?.!]*\s*$"
)


def is_negated(text: str) -> bool:
    """The question is phrased negatively: "Is there no ...", "Aren't ...", "not a mediator"
    (not a plain claim with a negative tag: "X drives Y, doesn't it?")."""
    negator, _, _ = _patterns()
    return bool(negator.search(_cleaned(_NEGATIVE_TAG.sub("", text))))


def polarity(text: str) -> tuple[str, bool]:
    """("independence" | "dependence", negated) of an independence question's template."""
    negator, _, words = _patterns()
    clean = _cleaned(text)
    hits = [(m.start(), kind) for kind, p in words.items() if (m := p.search(clean))]
    negated = is_negated(text)
    if not hits:
        return "independence", negated
    position, kind = min(hits)
    tokens = [m.start() for m in TOKEN.finditer(clean, 0, position)][-FLIP_WINDOW - 1 :]
    window = tokens[0] if tokens else position
    flip = not _POSITIVE_TAG.search(clean) and any(
        "@" not in clean[m.end() : position] for m in negator.finditer(clean, window, position)
    )
    if flip:
        kind = "dependence" if kind == "independence" else "independence"
    return kind, negated
