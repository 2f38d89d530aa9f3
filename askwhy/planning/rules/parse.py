"""Rule-based question reader: a plain-language causal question -> askwhy.frame.Frame.

Deterministic and offline, and it never raises for a question it cannot read: it returns
a Frame of family "unclear" (confidence 0) whose notes say why, and `read` also hands back
the best partial reading for the refusal message. The steps, each in its own module:

1. Blank out file names; write notation in words ("X ⟂ Y | Z", "do(X=1)": notation.py);
   split off the options of a multiple-choice question (choices.py).
2. Find the column mentions, strict and loose, and split the text into sentences, each
   with a lowercase template in which mentions are `@<k>` (mentions.py, sentences.py).
3. Pick the asking sentence and its family (families.py, triggers in lexicon.json): a
   labelled one ("Command: ..."), else the last question or request of a known family.
4. The family's builder reads the roles from the asking sentence, filling a missing
   variable from an earlier sentence with a note and a lower confidence (pairs.py,
   structures.py, relatives.py, effects.py, graphs.py; variables.py for the columns).
5. Refuse what would be a guess: a phrase naming no column or several, the same column
   twice; note every loosely read name ("read 'price' as Unit Price").
6. Settings named anywhere in the text: algorithm, test, alpha, estimator (settings_text.py).

A follow-up in a chat ("what about Z?", "and given W?", "why?") is read against the
previous frame (followups.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import get_args

from askwhy.core.file_mentions import mask_file_names
from askwhy.frame import Family, Frame
from askwhy.planning.rules.choices import (
    Options,
    choice_frame,
    claims,
    split_options,
    with_stem_given,
)
from askwhy.planning.rules.context import Context, Draft, Fields, Phrase, TableFacts, Unreadable
from askwhy.planning.rules.designs import design_phrase
from askwhy.planning.rules.effects import build_adjustment, build_effect
from askwhy.planning.rules.families import pick_question, read_family
from askwhy.planning.rules.followups import follow_up
from askwhy.planning.rules.graphs import build_describe, build_graph
from askwhy.planning.rules.notation import normalise
from askwhy.planning.rules.pairs import build_direction, build_independence
from askwhy.planning.rules.polarity import is_negated
from askwhy.planning.rules.pronouns import with_antecedent
from askwhy.planning.rules.refusal import understood_as
from askwhy.planning.rules.relatives import build_cause, build_direct
from askwhy.planning.rules.sentences import Sentence, split_sentences
from askwhy.planning.rules.settings_text import mask_settings, named_settings, read_settings
from askwhy.planning.rules.spelling import correct_text, known_misspellings
from askwhy.planning.rules.structures import structure_builder
from askwhy.planning.rules.subjects import open_role_phrases, unknown_subject
from askwhy.planning.rules.variables import (
    ambiguous_phrases,
    conditioning,
    joined_unknowns,
    unknown_reason,
)

__all__ = ["BUILDERS", "Reading", "named_settings", "read", "read_question"]

MAX_CHARS = 10_000  # a longer text is not one question (the longest scenario seen: ~400)
# How much a loosely read name costs (notes are added for every name looser than spelling).
LOOSE_PENALTY = {"partial": 0.05, "typo": 0.1}
SPELLING_PENALTY = 0.05  # per misspelt question word corrected (spelling.py)
MAX_RESPELT = 2_000  # characters: a longer text is not read a second time with corrections
NOTED = ("plural", "alias", "unit", "partial", "typo")

# The builder of each family that families.py recognises.
BUILDERS: dict[str, Callable[[Context], Fields]] = {
    "describe_data": build_describe,
    "adjustment_set": build_adjustment,
    "pairwise_direction": build_direction,
    "mediator": structure_builder("mediator"),
    "collider": structure_builder("collider"),
    "confounder": structure_builder("confounder"),
    "effect": build_effect,
    "direct": build_direct,
    "independence": build_independence,
    "graph": build_graph,
    "cause": build_cause,
}
FAMILY_OF = {"direct": "direct_cause", "cause": "ancestors"}  # for a partial reading


@dataclass
class Reading:
    """A frame, and for an unclear one what was understood and which phrases were unknown."""

    frame: Frame
    partial: Frame | None = None
    phrases: dict[str, Phrase] = field(default_factory=dict)  # named, but no single column
    reason: str = ""


def read_question(
    text: str,
    columns: Sequence[str],
    aliases: Mapping[str, Sequence[str]] | None = None,
    previous: Frame | None = None,
    facts: TableFacts | None = None,
) -> Frame:
    """Read a causal question about a table with these `columns` (never raises for an
    unreadable question: its frame is family "unclear" with the reason in its notes);
    `facts` (levels, 0/1 columns, role hints) let it read effect subgroups and designs."""
    return read(text, columns, aliases, previous, facts).frame


def read(
    text: str,
    columns: Sequence[str],
    aliases: Mapping[str, Sequence[str]] | None = None,
    previous: Frame | None = None,
    facts: TableFacts | None = None,
) -> Reading:
    """The Reading of a question: the frame, and for a refusal the partial reading."""
    cols = list(dict.fromkeys(columns))
    draft = Draft()
    facts = facts or TableFacts()

    def on_its_own(follow_up_text: str) -> Frame:
        return _read(follow_up_text, cols, aliases, Draft(), facts)

    try:
        if previous is not None and previous.family != "unclear":
            frame = follow_up(text or "", previous, cols, aliases, on_its_own)
            if frame is not None:
                return Reading(frame)
        return Reading(_read(text or "", cols, aliases, draft, facts))
    except Unreadable as err:
        return _respelt(text or "", cols, aliases, facts) or _unclear(err, draft)


def _respelt(
    text: str, cols: list[str], aliases: Mapping[str, Sequence[str]] | None, facts: TableFacts
) -> Reading | None:
    """The reading of the text with its misspelt question words corrected, if that reads
    (not tried for a long text: a second reading would double its cost)."""
    if len(text) > MAX_RESPELT:
        return None
    fixed, fixes = correct_text(text, cols)
    if not fixes:
        return None
    draft = Draft()
    for typed, meant in fixes:
        draft.note(f"read '{typed}' as '{meant}'", SPELLING_PENALTY)
    try:
        return Reading(_read(fixed, cols, aliases, draft, facts))
    except Unreadable:
        return None


def _read(
    text: str,
    cols: list[str],
    aliases: Mapping[str, Sequence[str]] | None,
    draft: Draft,
    facts: TableFacts | None = None,
) -> Frame:
    if not text.strip():
        raise Unreadable("The question is empty.")
    if len(text) > MAX_CHARS:
        raise Unreadable(
            f"The text is {len(text):,} characters long; ask one question (at most "
            f"{MAX_CHARS:,} characters)."
        )
    text, fixes = known_misspellings(text, cols)
    for typed, meant in fixes:
        draft.note(f"read '{typed}' as '{meant}'", SPELLING_PENALTY)
    masked, files = mask_file_names(text)
    for name in files:
        draft.note(f"ignored '{name}' (the file name)")
    words = normalise(masked)
    plain = mask_settings(words)  # "Fisher z", "alpha 0.05" name no column
    options = split_options(plain)
    if options is not None and options.yes_no:  # "A. Yes B. No": a yes/no question
        plain, options = options.stem, None
    sentences = split_sentences(options.stem if options else plain, cols, aliases)
    # With options, the variables come from them: the stem's own guesses do not count.
    stem_draft = Draft() if options is not None else draft
    fields, sentence, template = _read_stem(
        sentences, cols, stem_draft, options is not None, facts or TableFacts()
    )
    if options is not None:
        fields = _read_options(options, fields, cols, aliases, draft)
    _refuse_guesses(fields, sentence, template, cols)
    if fields["family"] not in ("independence", "graph", "describe_data") and template:
        fields.setdefault("negated", is_negated(template))
    _note_loose_names(fields, sentence, draft)
    settings = {k: v for k, v in read_settings(words, draft).items() if v is not None}
    return Frame(**fields, settings=settings, confidence=draft.confidence(), notes=draft.notes)


def _read_stem(
    sentences: list[Sentence], cols: list[str], draft: Draft, has_options: bool, facts: TableFacts
) -> tuple[Fields, Sentence | None, str]:
    """(fields, asking sentence, its template); for a multiple-choice question the stem may
    say nothing (the options do)."""
    try:
        pick = pick_question(sentences, draft)
        return _build(pick, sentences, cols, draft, facts), sentences[pick.index], pick.text
    except Unreadable:
        if has_options:
            return {}, None, ""
        raise


def _build(
    pick, sentences: list[Sentence], cols: list[str], draft: Draft, facts: TableFacts
) -> Fields:
    """The family's builder on the asking sentence; when that lacks a variable and the
    sentence has an elaboration ("... through skills? i.e. is skills_score a mediator
    between is_treated and earnings_usd?"), on the elaboration before the sentences around."""
    family = FAMILY_OF.get(pick.family, pick.family)
    if not pick.elaboration:
        ctx = Context(sentences, pick.index, cols, draft, family, pick.text, facts=facts)
        return BUILDERS[pick.family](with_antecedent(ctx))
    trial = Draft()
    main = Context(sentences, pick.index, cols, trial, family, pick.text, False, facts)
    try:
        fields = BUILDERS[pick.family](with_antecedent(main))
    except Unreadable:
        elaboration = Context(
            sentences, pick.index, cols, draft, family, pick.elaboration, facts=facts
        )
        fields = BUILDERS[pick.family](elaboration)
        draft.note("read the variables from the elaboration of the question")
        return fields
    for note in trial.notes:
        draft.note(note)
    draft.penalty += trial.penalty
    return fields


def _read_options(
    options: Options,
    stem: Fields,
    cols: list[str],
    aliases: Mapping[str, Sequence[str]] | None,
    draft: Draft,
) -> Fields:
    def read_claim(text: str) -> tuple[Fields | None, list[str], str | None]:
        """(the option's fields if it reads as a question, its columns, its family)."""
        sentences = split_sentences(text, cols, aliases)
        refs = list(dict.fromkeys(c for s in sentences for c in s.refs))
        if len(sentences) != 1:
            return None, refs, None
        (sentence,) = sentences
        rule, template, _ = read_family(sentence)
        if rule is None:
            return None, refs, None
        family = FAMILY_OF.get(rule.family, rule.family)
        ctx = Context([sentence], 0, cols, Draft(), family, template, look_back=False)
        try:
            return BUILDERS[rule.family](ctx), refs, family
        except Unreadable:
            return None, refs, family

    choice_map = with_stem_given(
        claims(options, stem or None, read_claim, draft), _stem_given(options.stem, cols, aliases)
    )
    fields = choice_frame(choice_map, options.options, stem or None)
    if fields is None:
        raise Unreadable("I could not tell what the options of this question claim.", stem or None)
    return fields


def _stem_given(
    stem: str, cols: list[str], aliases: Mapping[str, Sequence[str]] | None
) -> list[str]:
    """The conditioning set the stem of a multiple-choice question sets ("Given Z, ...")."""
    given: list[str] = []
    for sentence in split_sentences(stem, cols, aliases) if stem else []:
        given += [c for c in conditioning(sentence).given if c not in given]
    return given


def _refuse_guesses(fields: Fields, sentence: Sentence | None, template: str, cols: list[str]):
    """The same column in two roles, or a named phrase that is no column or several."""
    for a, b in (("x", "y"), ("treatment", "outcome"), ("x", "z"), ("y", "z")):
        if fields.get(a) and fields.get(a) == fields.get(b):
            raise Unreadable(
                f"The question names {fields[a]} twice; name two different columns.", fields
            )
    if sentence is None:
        return
    ctx = Context([sentence], 0, cols, Draft(), fields["family"], template)
    phrases = {**ambiguous_phrases(sentence), **joined_unknowns(ctx)}
    if fields.get("family") != "describe_data":
        phrases.update(unknown_subject(ctx, fields))
        phrases.update(open_role_phrases(ctx, fields))
    phrases = {p: c for p, c in phrases.items() if p.lower() in sentence.raw.lower()}
    if fields.get("family") == "effect":  # "year as the time and state as the group"
        phrases = {p: c for p, c in phrases.items() if not design_phrase(p, fields)}
    if phrases:
        raise Unreadable(unknown_reason(phrases, cols), fields, phrases)


def _note_loose_names(fields: Fields, sentence: Sentence | None, draft: Draft) -> None:
    """ "read 'price' as Unit Price": every variable named more loosely than its spelling."""
    if sentence is None:
        return
    frame_names = [fields.get(k) for k in ("x", "y", "z", "treatment", "outcome")]
    for key in ("given", "adjust_for", "variables"):
        frame_names += fields.get(key, [])
    for column in dict.fromkeys(c for c in frame_names if c):
        how = sentence.how(column) if column in sentence.refs else "exact"
        if how in NOTED:
            draft.note(f"read '{sentence.phrase(column)}' as {column}", LOOSE_PENALTY.get(how, 0))


def _unclear(err: Unreadable, draft: Draft) -> Reading:
    partial = None
    if err.partial and err.partial.get("family") in get_args(Family):
        skip = ("notes", "confidence")
        fields = {k: v for k, v in err.partial.items() if k in Frame.model_fields and k not in skip}
        try:
            partial = Frame(**fields, notes=list(draft.notes), confidence=0.0)
        except ValueError:
            partial = None
    notes = [err.reason]
    if partial is not None and partial.family != "unclear":
        notes.append(f"best partial reading: {understood_as(partial, err.phrases)}")
    notes += [n for n in draft.notes if n not in notes]
    frame = Frame(family="unclear", format="text", confidence=0.0, notes=notes)
    return Reading(frame, partial, err.phrases, err.reason)
