"""Scoring question reading: right / different / refused per case, with a fake reader."""

import json

import pytest

from askwhy.cli.main import build_parser, main
from askwhy.errors import AskwhyError, UnknownVariableError
from askwhy.evals import reading
from askwhy.evals.reading import (
    ReadingCase,
    as_frame,
    read_with_rules,
    read_with_session,
    score_reading,
    summarize_readings,
    worst_different,
)
from askwhy.frame import Frame
from askwhy.planning.base import Plan

COLUMNS = ["price", "Units Sold", "ad_spend_k", "Region"]
CHOICE_LABEL = {
    "family": "pairwise_direction",
    "x": "price",
    "y": "Units Sold",
    "format": "choice",
    "options": {"A": "price causes units", "B": "units cause price", "C": "No causal link."},
    "choice_map": {
        "A": {"family": "direct_cause", "x": "price", "y": "Units Sold"},
        "B": {"family": "direct_cause", "x": "Units Sold", "y": "price"},
        "C": {"family": "none"},
    },
}


def score(label, reading_frame, refused=False, columns=COLUMNS):
    return score_reading(label, reading_frame, refused, columns)


def test_same_frame_is_right_and_pairs_of_symmetric_families_may_swap():
    label = {"family": "independence", "x": "price", "y": "Region", "polarity": "dependence"}
    swapped = Frame(family="independence", x="Region", y="price", polarity="dependence")
    assert score(label, swapped).outcome == "right"
    label = {"family": "direct_cause", "x": "price", "y": "Units Sold"}
    result = score(label, Frame(family="direct_cause", x="Units Sold", y="price"))
    assert (result.outcome, result.wrong) == ("different", ["x", "y"])


def test_lists_are_sets_and_missing_or_extra_roles_are_different():
    given = ["ad_spend_k", "Units Sold"]
    label = {"family": "independence", "x": "price", "y": "Region", "given": given,
             "polarity": "independence"}  # fmt: skip
    same = Frame(family="independence", x="price", y="Region", given=["Units Sold", "ad_spend_k"],
                 polarity="independence")  # fmt: skip
    assert score(label, same).outcome == "right"
    fewer = same.model_copy(update={"given": ["Units Sold"]})
    assert score(label, fewer).wrong == ["given"]
    label = {"family": "confounder", "x": "price", "y": "Region"}  # asks whether any exists
    named = Frame(family="confounder", x="price", y="Region", z="ad_spend_k")
    assert (score(label, named).outcome, score(label, named).wrong) == ("different", ["z"])
    effect = {"family": "effect", "treatment": "price", "outcome": "Units Sold"}
    extra = Frame(family="effect", treatment="price", outcome="Units Sold", adjust_for=["Region"])
    assert score(effect, extra).wrong == ["adjust_for"]


def test_polarity_counts_only_when_labelled_and_treatment_values_keep_their_order():
    label = {"family": "independence", "x": "price", "y": "Region", "polarity": "dependence"}
    assert score(label, Frame(family="independence", x="price", y="Region")).wrong == ["polarity"]
    cause = {"family": "direct_cause", "x": "price", "y": "Region"}
    with_polarity = Frame(family="direct_cause", x="price", y="Region", polarity="dependence")
    assert score(cause, with_polarity).outcome == "right"
    effect = {"family": "effect", "treatment": "price", "outcome": "Region",
              "treatment_values": [0, 20]}  # fmt: skip
    ok = Frame(family="effect", treatment="price", outcome="Region", treatment_values=(0.0, 20.0))
    assert score(effect, ok).outcome == "right"
    backwards = ok.model_copy(update={"treatment_values": (20.0, 0.0)})
    assert score(effect, backwards).wrong == ["treatment_values"]


def test_wrong_family_format_and_negation():
    label = {"family": "parents", "x": "Region", "format": "list", "negated": False}
    result = score(label, Frame(family="ancestors", x="Region", format="list"))
    assert (result.outcome, result.wrong) == ("different", ["family"])
    result = score(label, Frame(family="parents", x="Region", format="text", negated=True))
    assert (result.outcome, result.other) == ("right", ["format", "negated"])


def test_whole_graph_named_column_by_column_is_the_whole_graph():
    label = {"family": "graph", "format": "graph"}
    assert score(label, Frame(family="graph", variables=COLUMNS, format="graph")).outcome == "right"
    part = Frame(family="graph", variables=COLUMNS[:2], format="graph")
    assert score(label, part).wrong == ["variables"]


def test_refusals_and_unclear_labels():
    label = {"family": "direct_cause", "x": "price", "y": "Region"}
    assert score(label, Frame(family="unclear"), refused=True).outcome == "refused"
    unclear = {"family": "unclear"}
    assert score(unclear, Frame(family="unclear"), refused=True).outcome == "right"
    answered = score(unclear, Frame(family="direct_cause", x="price", y="Region"))
    assert (answered.outcome, answered.wrong) == ("different", ["family"])
    assert score(label, None).outcome == "different"  # a planner that gives no frame


def test_multiple_choice_claims_must_match():
    right = as_frame(CHOICE_LABEL)
    assert score(CHOICE_LABEL, right).outcome == "right"
    claims = dict(right.choice_map)
    claims["B"] = claims["A"]
    assert score(CHOICE_LABEL, right.model_copy(update={"choice_map": claims})).wrong == [
        "choice_map"
    ]
    plain = Frame(family="pairwise_direction", x="price", y="Units Sold", format="text")
    assert score(CHOICE_LABEL, plain).wrong == ["choice_map"]


def test_as_frame_drops_what_a_claim_cannot_hold():
    claim = {"family": "independence", "x": "price", "y": "Region", "given": ["ad_spend_k"]}
    label = {**CHOICE_LABEL, "choice_map": {"A": claim}}
    assert as_frame(label).choice_map["A"].x == "price"
    assert as_frame(None) is None


@pytest.fixture()
def table(tmp_path):
    path = tmp_path / "t.csv"
    rows = [",".join(COLUMNS)] + [f"{i},{2 * i + (i % 3)},{i % 5},{i % 2}" for i in range(40)]
    path.write_text("\n".join(rows) + "\n")
    return str(path)


def case(table, qid, question, frame, **extra):
    return ReadingCase(id=qid, question=question, csv=table, frame=frame, **extra)


class FakeReader:
    """Canned readings by question; records what it was given."""

    def __init__(self, readings):
        self.readings, self.calls = readings, []

    def __call__(self, text, columns, aliases=None, previous=None):
        self.calls.append((text, list(columns), previous))
        found = self.readings[text]
        if isinstance(found, Exception):
            raise found
        return found


def test_rules_mode_applies_the_threshold_passes_previous_and_survives_errors(table):
    cause = {"family": "direct_cause", "x": "price", "y": "Region"}
    first = {"family": "parents", "x": "price", "format": "list"}
    cases = [
        case(table, "q1", "confident", cause, meta={"mutation": "plain", "template": "t1"}),
        case(table, "q2", "unsure", cause, meta={"mutation": "typo"}),
        case(table, "q3", "what about Region?", {"family": "parents", "x": "Region"},
             previous=first, previous_question="direct causes of price?"),
        case(table, "q4", "no such column", cause),
        case(table, "q5", "crash", cause),
    ]  # fmt: skip
    reader = FakeReader({
        "confident": Frame(family="direct_cause", x="price", y="Region"),
        "unsure": Frame(family="direct_cause", x="price", y="Region", confidence=0.5),
        "what about Region?": Frame(family="parents", x="Region"),
        "no such column": UnknownVariableError("sales", COLUMNS),
        "crash": RuntimeError("bug"),
    })  # fmt: skip
    results = read_with_rules(cases, reader=reader, threshold=0.6)
    assert [r.outcome for r in results] == ["right", "refused", "right", "refused", "refused"]
    assert "0.50 < 0.6" in results[1].refused_because
    assert reader.calls[0][1] == COLUMNS
    assert reader.calls[2][2] == Frame(family="parents", x="price", format="list")
    assert results[4].error == "RuntimeError: bug"
    summary = summarize_readings(results, mode="rules")
    assert summary["overall"] == {"n": 5, "right": 40.0, "different": 0.0, "refused": 60.0,
                                  "right_of_answered": 100.0, "errors": 1}  # fmt: skip
    assert summary["by_mutation"]["typo"]["refused"] == 100.0
    assert summary["by_template"]["t1"]["right"] == 100.0
    assert summary["settings"] == {"mode": "rules"}


def test_worst_different_puts_wrong_families_first(table):
    label = {"family": "direct_cause", "x": "price", "y": "Region"}
    reader = FakeReader({
        "a": Frame(family="direct_cause", x="Region", y="price", confidence=0.9),
        "b": Frame(family="ancestors", x="price", confidence=0.7),
        "c": Frame(family="direct_cause", x="price", y="Region"),
    })  # fmt: skip
    cases = [case(table, q, q, label) for q in "abc"]
    results = read_with_rules(cases, reader=reader, threshold=0.6)
    assert [r.id for r in worst_different(results)] == ["b", "a"]
    assert summarize_readings(results)["wrong_roles"] == {"family": 1, "x": 1, "y": 1}


class FramePlanner:
    """A planner that only reads: a frame, a refusal, or nothing, by question."""

    name = "frames"

    def __init__(self):
        self.asked = []

    def plan(self, question, context):
        self.asked.append(question)
        if question == "refuse":
            return Plan(planner=self.name, unclear="I could not tell what is asked.")
        if question == "raise":
            raise AskwhyError("no such column")
        if question == "nothing":
            return Plan(planner=self.name)
        return Plan(planner=self.name, frame=Frame(family="children", x="price", format="list"))


def test_session_mode_scores_the_answer_frame(table):
    label = {"family": "children", "x": "price", "format": "list"}
    cases = [
        case(table, "s1", "children of price?", label),
        case(table, "s2", "refuse", label),
        case(table, "s3", "raise", {"family": "unclear"}),
        case(table, "s4", "nothing", label),
        case(table, "s5", "and of price?", label, previous={"family": "children", "x": "Region"},
             previous_question="children of Region?"),
    ]  # fmt: skip
    planner = FramePlanner()
    results = read_with_session(cases, planner=planner)
    assert [r.outcome for r in results] == ["right", "refused", "right", "different", "right"]
    assert results[3].wrong == ["frame"]
    assert planner.asked[-2:] == ["children of Region?", "and of price?"]


def _write_set(path, table):
    lines = [
        {"id": "r1", "question": "Does price directly cause Region?", "csv": table,
         "type": "direct_cause", "frame": {"family": "direct_cause", "x": "price", "y": "Region"},
         "meta": {"style": "plain"}},
        {"id": "r2", "question": "Poem please", "csv": table, "type": "unclear",
         "frame": {"family": "unclear"}, "meta": {"style": "off_topic"}},
    ]  # fmt: skip
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n")


def test_cli_reads_a_set_and_writes_lines_and_summary(tmp_path, table, monkeypatch, capsys):
    fake = FakeReader({
        "Does price directly cause Region?": Frame(family="direct_cause", x="Region", y="price"),
        "Poem please": Frame(family="unclear"),
    })  # fmt: skip
    monkeypatch.setattr(reading, "rules_reader", lambda: (fake, "fake"))
    monkeypatch.setattr(reading, "rule_threshold", lambda: (0.6, "test"))
    _write_set(tmp_path / "set.jsonl", table)
    out = tmp_path / "out" / "r.jsonl"
    assert main(["eval", "reading", str(tmp_path / "set.jsonl"), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "right 50.0%, different 50.0%, refused 0.0%" in printed
    assert "Worst 'different' readings" in printed and "r1" in printed
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["outcome"] for line in lines] == ["different", "right"]
    summary = json.loads((tmp_path / "out" / "r.summary.json").read_text())
    assert summary["by_family"]["unclear"]["right"] == 100.0
    assert summary["settings"]["reader"] == "fake"
    assert main(["eval", "reading", str(tmp_path / "set.jsonl"), "--family", "x", "--quiet"]) == 2


def test_cli_generate_and_the_old_eval_forms_still_parse(tmp_path, capsys):
    assert main(["eval", "reading", "generate", "--out", str(tmp_path), "--seed", "0"]) == 0
    assert (tmp_path / "mutations.jsonl").is_file()
    assert (tmp_path / "mutation_tables" / "clinic_trial.csv").is_file()
    args = build_parser().parse_args(["eval", "set.jsonl", "--limit", "3"])
    assert (args.target, args.reading_target, args.limit) == ("set.jsonl", None, 3)
    assert main(["eval", "set.jsonl", "extra"]) == 2
