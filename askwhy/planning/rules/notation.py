"""Causal and statistical notation written into words, before the family is looked for.

    X ⟂ Y | Z, X ⊥ Y | Z, X _||_ Y | Z, X indep Y given Z  ->  X independent of Y given Z
    X ⊥̸ Y, X !⊥ Y                                         ->  X not independent of Y
    X => Y, X ⟶ Y, X --> Y                                 ->  X -> Y   (and <- the same way)
    P(Y | do(X=1)), E[Y|do(X=1)] - E[Y|do(X=0)]            ->  Y under do(X=1) ...
    do(X := 1)                                             ->  do(X = 1)
    corr(X, Y)                                             ->  correlation between X and Y
    ATE(X -> Y), ACE(X, Y)                                 ->  the average effect of X on Y
    pa(X), ch(X), an(X), de(X), children(X)                ->  parents (children, ...) of X

Arrows and do() stay as they are for the family patterns (`@0 -> @1`, `do(@0`). Every
pattern is bounded (no nested repetition), so a long text is read in linear time.
"""

from __future__ import annotations

import re

_NOT_INDEPENDENT = re.compile(r"[ \t]*(?:[⟂⊥⫫]\u0338|!\s?[⟂⊥⫫]|\\not\\perp|\\nperp)[ \t]*")
_INDEPENDENT = re.compile(r"[ \t]*(?:[⟂⊥⫫]|_\|\|_|\\perp\b|\\indep\b)[ \t]*")
_INDEP_WORD = re.compile(r"\bindep\b\.?(\s+(?:of|from)\b)?", re.IGNORECASE)
_BAR = re.compile(r"[ \t]*\|[ \t]*")
_CLAUSE_END = re.compile(r"[?\n]|[.!;](?=\s)")
_RIGHT = re.compile(r"[ \t]*(?:=>|⇒|⟶|⟹|-{2,}>|—>|–>|(?<!<)->)[ \t]*")
_LEFT = re.compile(r"[ \t]*(?:<=(?!\s*\d)|⇐|⟵|⟸|<-{2,}|<—|<–|<-(?!>))[ \t]*")
_WRAPPER = re.compile(r"\b(?:P|E|Pr|Prob|p|e)\s*[\[(](?=[^\[\]()]{0,80}\bdo\s*\()")
_DO_BAR = re.compile(r"[ \t]*\|[ \t]*(?=do\s*\()")
_ASSIGN = re.compile(r"(\bdo\s*\([^()=]{0,80}?):=")
_ATE = re.compile(
    r"\b(?:ATE|ACE|CATE|avg\s*effect)\s*\(\s*([^(),]{1,80}?)\s*(?:->|→|=>|,|\bon\b)\s*([^(),]{1,80}?)\s*\)",
    re.IGNORECASE,
)
_RELATIVES = {"pa": "parents", "ch": "children", "an": "ancestors", "de": "descendants"}
_RELATIVE = re.compile(
    r"\b(pa|ch|an|de|parents|children|ancestors|descendants)\(\s*([^(),]{1,80}?)\s*\)",
    re.IGNORECASE,
)
# a label and a name: "children: X", "parents = X?"
_RELATIVE_LABEL = re.compile(
    r"^\W*(parents|children|ancestors|descendants)\s*[:=]\s*([^\s?!][^?!]{0,79}?)\s*([?!.]?)\s*$",
    re.IGNORECASE,
)
_CORR = re.compile(r"\bcorr?\s*\(\s*([^,()]{1,60}?)\s*,\s*([^,()]{1,60}?)\s*\)", re.IGNORECASE)


def normalise(text: str) -> str:
    """The text with its notation in words (same meaning, not the same offsets)."""
    text = _ASSIGN.sub(r"\1=", text)
    text = _WRAPPER.sub("", text)
    text = _DO_BAR.sub(" under ", text)
    text = _CORR.sub(r"correlation between \1 and \2", text)
    text = _ATE.sub(r"the average effect of \1 on \2", text)
    text = _RELATIVE.sub(lambda m: f"{_relative(m.group(1))} of {m.group(2)}", text)
    text = _RELATIVE_LABEL.sub(lambda m: f"{_relative(m.group(1))} of {m.group(2)}?", text)
    text = _independence(text)
    text = _RIGHT.sub(" -> ", text)
    return _LEFT.sub(" <- ", text)


def _relative(word: str) -> str:
    word = word.lower()
    return _RELATIVES.get(word, word)


def _independence(text: str) -> str:
    """ "X ⟂ Y | Z" -> "X independent of Y given Z": a bar in a clause about independence
    is "given"."""
    text = _INDEP_WORD.sub(lambda m: "independent" + (m.group(1) or " of"), text)
    if not (_INDEPENDENT.search(text) or _NOT_INDEPENDENT.search(text) or "independent" in text):
        return text
    out: list[str] = []
    pos = 0
    for end in [m.end() for m in _CLAUSE_END.finditer(text)] + [len(text)]:
        clause = text[pos:end]
        pos = end
        marked = _NOT_INDEPENDENT.sub(" not independent of ", clause)
        marked = _INDEPENDENT.sub(" independent of ", marked)
        if marked != clause or "independent" in clause:
            marked = _BAR.sub(" given ", marked)
        out.append(marked)
    return "".join(out)
