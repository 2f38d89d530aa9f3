"""Whether a word found in a text stands there as a column name (askwhy.core.names).

Single letters must stand alone, and everyday words must not be in an ordinary use;
quotes always make a name. Also the runs of words that spell out a name in capitals.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from askwhy.core import name_words as W
from askwhy.core.name_forms import derived, headed
from askwhy.core.name_index import LOOSE
from askwhy.core.name_words import COMMON_NAMES, LETTER_FOLLOWERS, ORDINARY_BEFORE

QUOTES = "\"'`“”‘’"
_WORD = re.compile(r"[^\W_]+")
_FOLLOWER = re.compile(r"\s+([^\W\d_]+)")
_AFTER_APOSTROPHE = re.compile(r"['’](?:s\b|[^\w])|['’]$")


def keep(
    start: int,
    end: int,
    i: int,
    column: str,
    text: str,
    ends: list[int],
    low: list[str],
    ordinary: bool,
    caps: bool,
) -> bool:
    """Whether the mention `text[start:end]` (token `i`) of `column` is kept.

    Single letters must stand alone (`letter_ok`). With `ordinary`, an everyday word
    (COMMON_NAMES) in lowercase, or capitalised only as the sentence's first word, or in a
    text all in capitals, is dropped right after a word of ORDINARY_BEFORE ("a group",
    "at the same time", "we plan"); `ends` and `low` are the tokens' ends and lowercase
    forms, `caps` says the whole text is in capitals.
    """
    if end - start == 1 and not letter_ok(text, start, end, column):
        return False
    if not ordinary or low[i] not in COMMON_NAMES or quoted(text, start, end):
        return True
    written = text[start:end]
    name_like = not written.islower() and not caps
    if name_like and not (written[1:].islower() and at_sentence_start(text, start)):
        return True  # "Time" mid-sentence, "TIME" in a mixed-case text
    if i == 0 or not text[ends[i - 1] : start].isspace():
        return True
    return low[i - 1] not in ORDINARY_BEFORE


def quoted(text: str, start: int, end: int) -> bool:
    """`text[start:end]` stands between quotes or backticks."""
    return start > 0 and end < len(text) and text[start - 1] in QUOTES and text[end] in QUOTES


def letter_ok(text: str, start: int, end: int, column: str) -> bool:
    """A one-letter mention must stand alone: not "it's", "e.g.", the article or "I want"."""
    if len(_WORD.findall(column)) != 1:
        return True
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    # Apostrophes: "don't", "it's", "I'm" are words; "'X'" is quoted and "X's" possessive.
    if before in "'’" and start >= 2 and text[start - 2].isalnum():
        return False
    if after in "'’" and not _AFTER_APOSTROPHE.match(text[end : end + 2] + " "):
        return False
    if before == "." and start >= 2 and text[start - 2].isalnum():
        return False
    if after == "." and end + 1 < len(text) and text[end + 1].isalnum():
        return False
    letter = text[start:end]
    if letter.lower() not in ("a", "i"):
        return True
    follower = _FOLLOWER.match(text, end)
    if not follower or follower.group(1).lower() in LETTER_FOLLOWERS:
        return True
    if not follower.group(1)[0].islower():
        return True
    # "a study", "i want", "I need": an article or pronoun; "A study" only at a sentence start.
    return letter == "A" and not at_sentence_start(text, start)


def at_sentence_start(text: str, start: int) -> bool:
    """Nothing but quotes or brackets between `start` and the previous sentence's end."""
    before = text[max(0, start - 80) : start].rstrip(" \t\"'`“‘(")
    return not before or before[-1] in ".?!:\n"


_NOT_SPELLED = W.GENERIC - W.SPELLED_GENERIC - W.FUNCTION
_GLUE = ("_", ".")
_MAX_INNER = 2  # function words inside a spelled-out run: "return to work", "length of stay"


def spelled_out(index, masked: str, starts: list[int], ends: list[int], low: list[str]):
    """Runs of words whose initials are a word in capitals of one column's name: "first
    call resolution" for `FCR`, "range of motion" for `ROM_deg`, "days in milk" for `DIM`.

    A run starts and ends on a word of 2+ letters that is no function word, with up to two
    prepositions or conjunctions (SPELLED_FUNCTION) inside it counted ("range of motion")
    or skipped ("rate of perceived exertion"), only spaces or hyphens between, no part of
    a longer identifier ("int" in "int.rate_pct"), no word of a causal question ("directly
    influence Mastitis" is no `DIM`), and no word that alone is another column's name.
    """
    found: list[tuple] = []
    if not index.initials:
        return found
    longest = max(map(len, index.initials))
    for i in range(len(low)):
        if not _spelled_word(low[i], edge=True):
            continue
        every, content = low[i][0], low[i][0]
        if i > 0 and masked[ends[i - 1] : starts[i]] in _GLUE:
            continue
        for j in range(i + 1, min(len(low), i + longest + _MAX_INNER)):
            gap = masked[ends[j - 1] : starts[j]]
            word = low[j]
            if gap not in (" ", "-") or not _spelled_word(word, edge=False):
                break
            if j + 1 < len(low) and masked[ends[j] : starts[j + 1]] in _GLUE:
                break  # "int" in "int.rate_pct" is no word of its own
            every += word[0]
            if word in W.FUNCTION:
                if len(every) - len(content) > _MAX_INNER:
                    break
                continue
            content += word[0]
            for letters in dict.fromkeys((every, content)):
                cols = index.initials.get(letters, ())
                if len(cols) == 1 and not _names_another(index, low[i : j + 1], cols):
                    start, end = starts[i], ends[j]
                    found.append((start - end, LOOSE, start, end, i, j, "partial", (*cols,)))
                    break
    return found


def _spelled_word(word: str, edge: bool) -> bool:
    if not word.isalpha() or word in _NOT_SPELLED:
        return False
    if word in W.FUNCTION:
        return not edge and word in W.SPELLED_FUNCTION
    return len(word) >= 2


def _names_another(index, words: list[str], cols) -> bool:
    """Whether a word of the run is alone another column's name, alias or its word form."""
    for word in words:
        for entry in index.entries.get((word,), {}).values():
            if entry.column not in cols and entry.tier < LOOSE and entry.verbatim is None:
                return True
    return False


# --- words the scan leaves over (askwhy.planning.rules.mentions) ----------------------------

_TEXT_WORD = re.compile(r"[^\W\d_]+")
_INFLECTIONS = ("ings", "ing", "ers", "er", "ed", "es", "s")
_NEVER_READ = W.GENERIC | W.FUNCTION | W.UNITS
_DOTTED = re.compile(r"(?<![^\W\d_])([A-Z][a-z]{1,4})\.")  # "Opp." in `Opp. ELO`
_WINDOW_GAP = re.compile(r"[ \t]+|[ \t]*-[ \t]*")
_MAX_LEFTOVER_WORDS = 60  # words looked at: plenty for a question, bounded for a text


def roots(word: str) -> tuple[set[str], set[str]]:
    """(the word and what it is with one inflection taken off, of those only the plain
    ones): "winning" -> win, "rested" -> rest, "scoring" -> score, "staffing" -> staff."""
    every, plain = {word}, {word}
    for suffix in _INFLECTIONS:
        root = word[: -len(suffix)]
        if not word.endswith(suffix) or len(root) < 3:
            continue
        plain.add(root)
        if suffix[0] in "ie":  # a dropped "e" ("scoring") or a doubled consonant ("winning")
            every.add(root + "e")
            if root[-1] == root[-2] and root[-1] not in "aeiou" and len(root) > 3:
                plain.add(root[:-1])
            if root.endswith("i"):
                every.add(root[:-1] + "y")
    return every | plain, plain


@lru_cache(maxsize=64)
def _leftover_tables(index) -> tuple[dict, dict, dict]:
    """(name words by their plain roots, dotted abbreviations, the name words of each
    column in order) of a ColumnIndex."""
    from askwhy.core.name_index import _camel_split, american

    families: dict[str, set[str]] = {}
    for word in index.vocabulary:
        if word.isalpha() and len(word) >= 3 and word not in _NEVER_READ:
            every, plain = roots(american(word))
            for root in every | plain | derived(american(word)):
                families.setdefault(root, set()).add(word)
    dotted: dict[str, set[str]] = {}
    spelled: dict[str, tuple[str, ...]] = {}
    for column in index._order:
        for short in _DOTTED.findall(column):
            dotted.setdefault(short.lower(), set()).add(column)
        words = _camel_split(index.token_re.findall(column))
        spelled[column] = tuple(w for w in words if _WORD.fullmatch(w))
    return families, dotted, spelled


def leftover_names(index, text: str, runs, taken) -> list[tuple[int, int, str, str]]:
    """(start, end, column, how) for words of the leftover `runs` ((start, end) spans of
    words no column took) that name exactly one column in a looser way:

    - another form of a short name word or of a partial name ("winning" for `WIN`,
      "rested" for `RestDays`, "staffing" for `staffed.agents`, "rain" for `RAINING`),
      or a noun of action of its verb ("cancellations" for `Cancelled?`, name_forms),
      with the other name words beside it ("cupping score" for `CupScore`) and the words
      that ask how often ("the cancellation rate", "the chance of admission");
    - a word a capitals abbreviation of 3-5 letters contracts: the same first letter, the
      abbreviation's letters in order in the word without its -ing / -ed, the word two
      letters longer at least and not starting with it ("turnovers" for `TOV`,
      "points" for `PTS`; never "things" for `THI`, "wondering" for `WIN`);
    - a word that a short name word abbreviates by its start, with the next or previous
      word(s) of the name beside it ("customer rating" for `CustRating`, "chlorophyll a"
      for `chl.a_ugL`), or alone when the name writes it with a dot ("opponent" for
      `Opp. ELO`).

    Question words never are; a word two columns fit is left alone. `taken` holds the
    (start, end, columns) of the mentions and ambiguous phrases: a window may take in a
    mention only of its own column ("rating" of "customer rating").
    """
    from askwhy.core.name_index import american

    families, dotted, spelled = _leftover_tables(index)
    words = [w for a, b in runs for w in _TEXT_WORD.finditer(text, a, b)][:_MAX_LEFTOVER_WORDS]
    found = []
    for w in words:
        word = w.group().lower()
        if len(word) < 4 or word in W.FUNCTION or word in index.vocabulary:
            continue
        if word in _NEVER_READ:  # "customer rating" for `CustRating`, never "customer" alone
            readings = _shortened(index, text, word, w, {}, spelled, taken)
            if len({r[2] for r in readings}) == 1:
                found.append(max(readings, key=lambda r: r[1] - r[0]))
            continue
        forms = _forms(index, families, american(word))
        if len(forms) > 1:
            continue
        readings = [
            (*headed(text, *_widened(text, w, spelled[c], c, taken)), c, "plural") for c in forms
        ]
        if not readings:
            readings = _contracted(index, word, w) + _shortened(
                index, text, word, w, dotted, spelled, taken
            )
        if len({r[2] for r in readings}) == 1:
            found.append(max(readings, key=lambda r: r[1] - r[0]))
    return found


def _widened(text, w, names, column, taken) -> tuple[int, int]:
    """The span of `w` with the other words of its column's name written beside it
    ("cupping score" for `CupScore`)."""
    for k in range(len(names)):
        span = _window(text, w, names, k, column, taken)
        if span:
            return span
    return w.start(), w.end()


def _forms(index, families: dict, word: str) -> set[str]:
    """The columns that a name word of `word`'s family names alone."""
    every, plain = roots(word)
    related = {n for r in plain | derived(word) for n in families.get(r, ())}
    related |= {n for n in every & index.vocabulary if n.isalpha() and n not in _NEVER_READ}
    columns: set[str] = set()
    for name in related:
        hit = index.resolve((name,), name)
        if hit is not None and hit[0] <= LOOSE:
            columns.update(hit[2])
    return columns


def _contracted(index, word: str, w) -> list[tuple[int, int, str, str]]:
    core = word
    for suffix in ("ings", "ing", "ed"):
        if word.endswith(suffix):
            core = word[: -len(suffix)]
            break
    out = []
    for letters, columns in index.initials.items():
        if not (3 <= len(letters) <= 5 and len(columns) == 1 and letters[0] == word[0]):
            continue
        if word.startswith(letters) or len(word) < len(letters) + 2:
            continue
        if _in_order(letters, core):
            out += [(w.start(), w.end(), c, "partial") for c in columns]
    return out


def _in_order(letters: str, word: str) -> bool:
    rest = iter(word)
    return all(ch in rest for ch in letters)


def _shortened(index, text, word, w, dotted, spelled, taken) -> list[tuple[int, int, str, str]]:
    """Readings of `word` as a name word it starts with (`_leftover_names`, last form)."""
    out = []
    for size in range(len(word) - 2, 2, -1):
        short = word[:size]
        if short not in index.vocabulary or short in _NEVER_READ:
            continue
        out += [(w.start(), w.end(), c, "partial") for c in dotted.get(short, ())]
        for column, names in spelled.items():
            for k, name in enumerate(names):
                if name == short:
                    span = _window(text, w, names, k, column, taken)
                    if span:
                        out.append((*span, column, "partial"))
    return out


def _window(text, w, names, k, column, taken) -> tuple[int, int] | None:
    """The span of the name words around `w` (standing for `names[k]`) that the text
    writes beside it, when there is at least one; None otherwise."""
    start, end = w.start(), w.end()
    pos = end
    for name in names[k + 1 :]:
        nxt = _TEXT_WORD.search(text, pos)
        if not (nxt and _WINDOW_GAP.fullmatch(text[pos : nxt.start()])):
            break
        if not _same_word(nxt.group().lower(), name) or not _free(nxt, column, taken):
            break
        pos = end = nxt.end()
    pos = start
    for name in reversed(names[:k]):
        before = [p for p in _TEXT_WORD.finditer(text, max(0, pos - 40), pos) if p.end() <= pos]
        prev = before[-1] if before else None
        if not (prev and _WINDOW_GAP.fullmatch(text[prev.end() : pos])):
            break
        if not _same_word(prev.group().lower(), name) or not _free(prev, column, taken):
            break
        pos = start = prev.start()
    return (start, end) if (start, end) != (w.start(), w.end()) else None


def _same_word(written: str, name: str) -> bool:
    return written == name or name in roots(written)[0]


def _free(word, column: str, taken) -> bool:
    """No mention of another column holds `word` (an ambiguous phrase may, if `column` is
    one of its candidates)."""
    for a, b, columns in taken:
        if a < word.end() and word.start() < b:
            return column in columns
    return True


def partial_match(words: list[str], columns: Sequence[str]) -> str | None:
    """A unique column whose words contain the phrase's words, or are contained in them."""
    phrase = {_singular(w.lower()) for w in words if len(w) > 2}
    if not phrase:
        return None
    by_column = {c: {_singular(w.lower()) for w in _WORD.findall(c)} for c in columns}
    wider = [c for c, ws in by_column.items() if phrase <= ws]
    if len(wider) == 1:
        return wider[0]
    narrower = [c for c, ws in by_column.items() if ws and ws <= phrase]
    if len(narrower) == 1:
        return narrower[0]
    return None


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word
