"""The rule parser: plain-language questions -> ParsedQuestion with exact column names."""

from __future__ import annotations

import random

import pytest

from askwhy.errors import AskwhyError, UnclearQuestionError, UnknownVariableError
from askwhy.planning.rules.parse import ParsedQuestion, parse_question

SMOKING = ["age", "smoking", "yellow_fingers", "tar", "lung_cancer"]
ADS = ["ad_spend", "site_visits", "signups", "season", "price"]
DOSE = ["dose", "blood_pressure", "age", "weight"]
XYZW = ["X", "Y", "Z", "W"]
ABCD = ["A", "B", "C", "D"]


def q(type_, x=None, y=None, given=(), variables=(), tv=None):
    """The fields a case checks: type, roles and treatment values."""
    return {
        "type": type_,
        "x": x,
        "y": y,
        "given": list(given),
        "variables": list(variables),
        "treatment_values": tv,
    }


CASES = [
    # --- independence ---------------------------------------------------------------------
    (
        "Are smoking and lung cancer independent?",
        SMOKING,
        q("independence", "smoking", "lung_cancer"),
    ),
    (
        "Is smoking independent of lung_cancer?",
        SMOKING,
        q("independence", "smoking", "lung_cancer"),
    ),
    ("Are tar and age statistically unrelated?", SMOKING, q("independence", "tar", "age")),
    ("Is ad spend associated with signups?", ADS, q("independence", "ad_spend", "signups")),
    ("Is price correlated with site visits?", ADS, q("independence", "price", "site_visits")),
    ("Are X and Y independent given Z?", XYZW, q("independence", "X", "Y", ["Z"])),
    (
        "Is X independent of Y conditional on Z and W?",
        XYZW,
        q("independence", "X", "Y", ["Z", "W"]),
    ),
    (
        "Are price and signups independent after controlling for season and ad spend?",
        ADS,
        q("independence", "price", "signups", ["season", "ad_spend"]),
    ),
    (
        "Controlling for season, is ad_spend correlated with site_visits?",
        ADS,
        q("independence", "ad_spend", "site_visits", ["season"]),
    ),
    (
        "Are X and Y independent under the condition of Z?",
        XYZW,
        q("independence", "X", "Y", ["Z"]),
    ),
    (
        "After accounting for Age, is tar associated with Lung-Cancer?",
        SMOKING,
        q("independence", "tar", "lung_cancer", ["age"]),
    ),
    ("Holding Z and W fixed, are X and Y related?", XYZW, q("independence", "X", "Y", ["Z", "W"])),
    (
        "Does the independence between X and Y persist under the condition Z?",
        XYZW,
        q("independence", "X", "Y", ["Z"]),
    ),
    (
        "Can we consider X and Y as conditionally independent with respect to W?",
        XYZW,
        q("independence", "X", "Y", ["W"]),
    ),
    (
        "Examine whether X and Y are independent, considering the provided conditions : Z, W",
        XYZW,
        q("independence", "X", "Y", ["Z", "W"]),
    ),
    (
        "Determine the independence of Y and W given the following conditions : X,Z",
        XYZW,
        q("independence", "Y", "W", ["X", "Z"]),
    ),
    (
        "Is there no statistically correlation between dose and weight?",
        DOSE,
        q("independence", "dose", "weight"),
    ),
    (
        "Do X and Y independent and don't have any influence on each other?",
        XYZW,
        q("independence", "X", "Y"),
    ),
    (
        "Are `yellow_fingers` and 'lung cancer' independent given smoking?",
        SMOKING,
        q("independence", "yellow_fingers", "lung_cancer", ["smoking"]),
    ),
    ("is x independent of y given z, w?", XYZW, q("independence", "X", "Y", ["Z", "W"])),
    (
        "Is dose dependent on age, holding weight constant?",
        DOSE,
        q("independence", "dose", "age", ["weight"]),
    ),
    (
        "Is there a relationship between price and signups?",
        ADS,
        q("independence", "price", "signups"),
    ),
    ("Is A independent of B given C?", ABCD, q("independence", "A", "B", ["C"])),
    # --- direct cause ---------------------------------------------------------------------
    ("Does X directly cause Y?", XYZW, q("direct_cause", "X", "Y")),
    ("Is smoking a direct cause of tar?", SMOKING, q("direct_cause", "smoking", "tar")),
    (
        "Assess if tar has a direct causal impact on lung cancer.",
        SMOKING,
        q("direct_cause", "tar", "lung_cancer"),
    ),
    (
        "Investigate whether smoking directly influences yellow fingers.",
        SMOKING,
        q("direct_cause", "smoking", "yellow_fingers"),
    ),
    ("Scrutinize if X leads to a direct causation of Y.", XYZW, q("direct_cause", "X", "Y")),
    ("Verify if Y directly results in the causation of X.", XYZW, q("direct_cause", "Y", "X")),
    ("Assess if there is the direct causal link of W to Z.", XYZW, q("direct_cause", "W", "Z")),
    (
        "Evaluate if there exists the direct causal connection from price to signups.",
        ADS,
        q("direct_cause", "price", "signups"),
    ),
    ("Does ad spend directly drive signups?", ADS, q("direct_cause", "ad_spend", "signups")),
    ("Is lung cancer directly caused by tar?", SMOKING, q("direct_cause", "tar", "lung_cancer")),
    (
        "Is blood pressure a direct effect of dose?",
        DOSE,
        q("direct_cause", "dose", "blood_pressure"),
    ),
    (
        "Examine the direct causation relationship.if site visits directly cause signups?",
        ADS,
        q("direct_cause", "site_visits", "signups"),
    ),
    ("Is there an edge from X to Y?", XYZW, q("direct_cause", "X", "Y")),
    ("Is X a parent of Y?", XYZW, q("direct_cause", "X", "Y")),
    ("Is Y a child of X?", XYZW, q("direct_cause", "X", "Y")),
    (
        "A study measured A, B, C and D. Does A directly cause D?",
        ABCD,
        q("direct_cause", "A", "D"),
    ),
    # --- collider -------------------------------------------------------------------------
    ("Is there a collider of smoking and age?", SMOKING, q("collider", "smoking", "age")),
    (
        "Whether there exists at least one collider (i.e., common effect) of X and Y",
        XYZW,
        q("collider", "X", "Y"),
    ),
    (
        "Assess the presence of a shared outcome, serving as a collider, for variables ad_spend "
        "and season.",
        ADS,
        q("collider", "ad_spend", "season"),
    ),
    (
        "Examine the potential existence of a shared consequence as a collider for Z and W.",
        XYZW,
        q("collider", "Z", "W"),
    ),
    ("Do dose and age share a common effect?", DOSE, q("collider", "dose", "age")),
    ("Is there a common effect of price and season?", ADS, q("collider", "price", "season")),
    ("Is lung cancer a collider between tar and age?", SMOKING, q("collider", "tar", "age")),
    ("Is there a collider of A and B?", ABCD, q("collider", "A", "B")),
    # --- confounder -----------------------------------------------------------------------
    (
        "Is there a confounder of yellow fingers and lung cancer?",
        SMOKING,
        q("confounder", "yellow_fingers", "lung_cancer"),
    ),
    ("Is there a common cause of X and Y?", XYZW, q("confounder", "X", "Y")),
    (
        "Scrutinize the presence of a shared influencing factor, serving as a confounder, for "
        "site visits and signups.",
        ADS,
        q("confounder", "site_visits", "signups"),
    ),
    ("Do smoking and age have a shared cause?", SMOKING, q("confounder", "smoking", "age")),
    (
        "Is the tar-lung cancer relationship confounded?",
        SMOKING,
        q("confounder", "tar", "lung_cancer"),
    ),
    ("Is there a common influencing factor behind X and W?", XYZW, q("confounder", "X", "W")),
    (
        "Assess if dose and blood pressure share at least one confounding factor (common cause).",
        DOSE,
        q("confounder", "dose", "blood_pressure"),
    ),
    (
        "Is age a confounder of dose and blood pressure?",
        DOSE,
        q("confounder", "dose", "blood_pressure"),
    ),
    (
        "Confirm the presence of at least one common cause (confounder) influencing both Z and Y.",
        XYZW,
        q("confounder", "Z", "Y"),
    ),
    # --- graph ----------------------------------------------------------------------------
    ("Draw the causal graph.", SMOKING, q("graph")),
    ("What is the causal DAG?", DOSE, q("graph")),
    ("Find the causal structure of these five columns.", SMOKING, q("graph")),
    (
        "Discover the causal graph among dose, age and weight.",
        DOSE,
        q("graph", variables=["dose", "age", "weight"]),
    ),
    (
        "What is the causal graph among ad spend and signups?",
        ADS,
        q("graph", variables=["ad_spend", "signups"]),
    ),
    ("Find the causal structure of X and W.", XYZW, q("graph", variables=["X", "W"])),
    ("Please generate causal graph of the input tabular data.", XYZW, q("graph")),
    (
        "Construct a causal diagram illustrating the interdependencies among the variables in "
        "the tabular dataset.",
        XYZW,
        q("graph"),
    ),
    (
        "Build a directed acyclic graph (DAG) that reflects the causal influences within the "
        "input tabular dataset.",
        ADS,
        q("graph"),
    ),
    (
        "Please generate a partial causal diagram for some of the following variables that "
        "interest me : X,Y,W",
        XYZW,
        q("graph", variables=["X", "Y", "W"]),
    ),
    (
        "Create a partial graphical model illustrating causal relationships among selected "
        "variables : price, season, signups",
        ADS,
        q("graph", variables=["price", "season", "signups"]),
    ),
    (
        "Learn the causal graph of everything except age.",
        SMOKING,
        q("graph", variables=["smoking", "yellow_fingers", "tar", "lung_cancer"]),
    ),
    (
        "Run PC on smoking, tar and lung cancer.",
        SMOKING,
        q("graph", variables=["smoking", "tar", "lung_cancer"]),
    ),
    # --- effect ---------------------------------------------------------------------------
    (
        "What is the average treatment effect of dose on blood pressure?",
        DOSE,
        q("effect", "dose", "blood_pressure"),
    ),
    ("What is the ATE of price on signups?", ADS, q("effect", "price", "signups")),
    (
        "How much does blood pressure change if dose is raised from 10 to 20?",
        DOSE,
        q("effect", "dose", "blood_pressure", tv=(10.0, 20.0)),
    ),
    (
        "What is the effect of changing dose from 10 to 20 on blood pressure?",
        DOSE,
        q("effect", "dose", "blood_pressure", tv=(10.0, 20.0)),
    ),
    (
        "Estimate the causal effect of price on signups, adjusting for season and ad spend.",
        ADS,
        q("effect", "price", "signups", ["season", "ad_spend"]),
    ),
    (
        "If we increase ad spend from -2.5 to 0.75, by how much do signups change?",
        ADS,
        q("effect", "ad_spend", "signups", tv=(-2.5, 0.75)),
    ),
    (
        "What happens to blood pressure when dose goes from 0.5 to 1.5, controlling for age "
        "and weight?",
        DOSE,
        q("effect", "dose", "blood_pressure", ["age", "weight"], tv=(0.5, 1.5)),
    ),
    (
        "calculate the Average Treatment Effect (ATE) of a continuous treatment variable  X on an "
        "outcome variable Y, given that the treatment X change from 1 to 2.The remaining "
        "variables can be regarded as confounder.",
        XYZW,
        q("effect", "X", "Y", ["Z", "W"], tv=(1.0, 2.0)),
    ),
    (
        "What's the effect on signups of raising price from 9.99 to 12.49?",
        ADS,
        q("effect", "price", "signups", tv=(9.99, 12.49)),
    ),
    ("How does dose affect blood pressure?", DOSE, q("effect", "dose", "blood_pressure")),
    (
        "Quantify the impact of Tar on Lung_Cancer with age as a confounder.",
        SMOKING,
        q("effect", "tar", "lung_cancer", ["age"]),
    ),
    (
        "What is the average causal effect of X on Y given W?",
        XYZW,
        q("effect", "X", "Y", ["W"]),
    ),
    ("Does smoking cause lung cancer?", SMOKING, q("effect", "smoking", "lung_cancer")),
    (
        "Estimate the ATE of dose on blood pressure when dose moves from 1,000 to 2,000.",
        DOSE,
        q("effect", "dose", "blood_pressure", tv=(1000.0, 2000.0)),
    ),
    (
        "What would the effect of Z on W be if Z went from −3 to −1?",
        XYZW,
        q("effect", "Z", "W", tv=(-3.0, -1.0)),
    ),
    # --- parents / children / ancestors / descendants ---------------------------------------
    ("What directly causes lung cancer?", SMOKING, q("parents", "lung_cancer")),
    ("What are the direct causes of signups?", ADS, q("parents", "signups")),
    ("Which variables are the parents of blood pressure?", DOSE, q("parents", "blood_pressure")),
    ("What does smoking directly affect?", SMOKING, q("children", "smoking")),
    ("Which variables are directly affected by ad spend?", ADS, q("children", "ad_spend")),
    ("What are the direct effects of tar?", SMOKING, q("children", "tar")),
    ("What causes signups?", ADS, q("ancestors", "signups")),
    ("What are the causes of blood pressure?", DOSE, q("ancestors", "blood_pressure")),
    ("What influences site visits?", ADS, q("ancestors", "site_visits")),
    ("What are the effects of smoking?", SMOKING, q("descendants", "smoking")),
    ("What does price affect?", ADS, q("descendants", "price")),
    ("Which variables does season influence?", ADS, q("descendants", "season")),
    ("List the descendants of X.", XYZW, q("descendants", "X")),
    ("What is upstream of Y?", XYZW, q("ancestors", "Y")),
    (
        "Which variables influence smoking, directly or indirectly?",
        SMOKING,
        q("ancestors", "smoking"),
    ),
    ("What are X's parents?", XYZW, q("parents", "X")),
    (
        "Among smoking, tar and age, which directly cause lung cancer?",
        SMOKING,
        q("parents", "lung_cancer"),
    ),
    # --- adjustment set -------------------------------------------------------------------
    (
        "What should I adjust for to estimate the effect of smoking on lung cancer?",
        SMOKING,
        q("adjustment_set", "smoking", "lung_cancer"),
    ),
    (
        "Which variables do I need to condition on to estimate the effect of price on signups?",
        ADS,
        q("adjustment_set", "price", "signups"),
    ),
    (
        "What is the backdoor adjustment set for dose and blood pressure?",
        DOSE,
        q("adjustment_set", "dose", "blood_pressure"),
    ),
    (
        "Which covariates should we control for when estimating how ad spend affects signups?",
        ADS,
        q("adjustment_set", "ad_spend", "signups"),
    ),
    (
        "Find a valid adjustment set for the effect of X on Y.",
        XYZW,
        q("adjustment_set", "X", "Y"),
    ),
    (
        "What do I need to control for to get the causal effect of tar on lung cancer?",
        SMOKING,
        q("adjustment_set", "tar", "lung_cancer"),
    ),
    (
        "Is {age, weight} a valid adjustment set for dose -> blood pressure?",
        DOSE,
        q("adjustment_set", "dose", "blood_pressure", ["age", "weight"]),
    ),
    # --- more effect and independence wordings ---------------------------------------------
    (
        "Estimate the ATE. Treatment: dose. Outcome: blood pressure. Covariates: age, weight.",
        DOSE,
        q("effect", "dose", "blood_pressure", ["age", "weight"]),
    ),
    (
        "What is E[blood_pressure | do(dose=20)] - E[blood_pressure | do(dose=10)]?",
        DOSE,
        q("effect", "dose", "blood_pressure", tv=(10.0, 20.0)),
    ),
    ("If I intervene on X, does Y change?", XYZW, q("effect", "X", "Y")),
    ("Test the hypothesis that X ⊥ Y | Z.", XYZW, q("independence", "X", "Y", ["Z"])),
    (
        "Is smoking d-separated from lung cancer by tar?",
        SMOKING,
        q("independence", "smoking", "lung_cancer", ["tar"]),
    ),
    (
        "What is the causal graph of dose, age, and weight? Use GES.",
        DOSE,
        q("graph", variables=["dose", "age", "weight"]),
    ),
]

SCENARIOS = [
    (
        "We run a clinic and collected data in smoking.csv. Each row is a patient: their age, "
        "whether they smoke, how much tar is in their lungs, whether they have yellow fingers, "
        "and lung cancer status. Some colleagues think yellow fingers cause cancer, which seems "
        "unlikely. Is there a confounder between yellow fingers and lung cancer? Please answer "
        "yes or no.",
        SMOKING,
        q("confounder", "yellow_fingers", "lung_cancer"),
    ),
    (
        "Our marketing team tracks ad_spend, site_visits, signups, season and price every week "
        "(see marketing_2024.csv). Last quarter we increased ad spend a lot and site visits went "
        "up, and the CFO wants to know if the money was well spent. Does ad spend directly "
        "cause signups?",
        ADS,
        q("direct_cause", "ad_spend", "signups"),
    ),
    (
        "A hospital trial randomised the dose of a new drug. Age and weight were recorded at "
        "baseline, and blood pressure was measured after four weeks. Doctors want to understand "
        "the dose-response relationship. What is the average effect on blood pressure of "
        "increasing the dose from 5 to 10, adjusting for age and weight?",
        DOSE,
        q("effect", "dose", "blood_pressure", ["age", "weight"], tv=(5.0, 10.0)),
    ),
    (
        "Consider four variables X, Y, Z and W measured on 500 units. An earlier analysis "
        "suggested that Z might sit between X and Y, and that W is unrelated to everything. "
        "Determine whether X and Y are independent given Z.",
        XYZW,
        q("independence", "X", "Y", ["Z"]),
    ),
    (
        "Tobacco researchers have argued for decades about whether smoking causes lung cancer "
        "directly or through tar deposits. Age is also known to matter. Using the data, find "
        "the causal graph of smoking, tar and lung cancer.",
        SMOKING,
        q("graph", variables=["smoking", "tar", "lung_cancer"]),
    ),
    (
        "Context: ads run all year but prices change with the season. The analyst suspects "
        "season drives both price and signups. Is the relationship between price and signups "
        "confounded?",
        ADS,
        q("confounder", "price", "signups"),
    ),
    (
        "I have a CSV (trial_data.csv) with columns dose, blood_pressure, age and weight.\n\n"
        "Question: which variables do I need to adjust for to estimate the effect of dose on "
        "blood pressure?",
        DOSE,
        q("adjustment_set", "dose", "blood_pressure"),
    ),
    (
        "Yellow fingers are common among smokers, and smokers get lung cancer more often. A "
        "friend concluded that yellow fingers cause lung cancer. Given age, are yellow fingers "
        "and lung cancer statistically independent?",
        SMOKING,
        q("independence", "yellow_fingers", "lung_cancer", ["age"]),
    ),
    (
        "The following data come from a simulated system with four nodes.\nX is exogenous, and "
        "W is measured with noise.\nTest whether there exists the direct causal connection from "
        "Z to W.",
        XYZW,
        q("direct_cause", "Z", "W"),
    ),
    (
        "We ran a price experiment last spring. Signups dropped when we raised the price, but "
        "site visits barely moved. Estimate how much signups change if price goes from 19.99 to "
        "24.99, controlling for season.",
        ADS,
        q("effect", "price", "signups", ["season"], tv=(19.99, 24.99)),
    ),
    (
        "Patients in the study were given a dose between 0 and 50 mg. Blood pressure, age and "
        "weight were also recorded. What are the direct causes of blood pressure?",
        DOSE,
        q("parents", "blood_pressure"),
    ),
    (
        "Background: in our cohort, age is associated with both smoking and lung cancer, so we "
        "worry about confounding. Please draw the causal graph for age, smoking, tar and lung "
        "cancer using the PC algorithm with a chi-square test at the 1% level.",
        SMOKING,
        q("graph", variables=["age", "smoking", "tar", "lung_cancer"]),
    ),
    (
        "Suppose X and Y are both measured daily, and Z and W are measured weekly. Researchers "
        "believe that X influences Z. What does X directly cause?",
        XYZW,
        q("children", "X"),
    ),
    (
        "The marketing dataset (ads.csv) has five columns: ad_spend, site_visits, signups, "
        "season, price. We care mostly about the funnel from ads to signups. Do site visits and "
        "price share a common effect?",
        ADS,
        q("collider", "site_visits", "price"),
    ),
    (
        "Dose was assigned by physicians, who tend to give older and heavier patients more. So "
        "age and weight are confounders. What is the effect of dose on blood pressure?",
        DOSE,
        q("effect", "dose", "blood_pressure", ["age", "weight"]),
    ),
    (
        "Doctors noticed many patients with yellow fingers. Those patients also often had lung "
        "cancer. Are they independent?",
        SMOKING,
        q("independence", "lung_cancer", "yellow_fingers"),
    ),
    (
        "Here is my data: smoking.csv\nColumns:\n- age\n- smoking\n- tar\n\nFind the causal "
        "graph of the following variables:\n- smoking\n- tar\n- lung cancer",
        SMOKING,
        q("graph", variables=["smoking", "tar", "lung_cancer"]),
    ),
]


def _fields(parsed: ParsedQuestion) -> dict:
    return parsed.model_dump(include={"type", "x", "y", "given", "variables", "treatment_values"})


@pytest.mark.parametrize(("text", "columns", "expected"), CASES + SCENARIOS)
def test_parses_question(text, columns, expected):
    parsed = parse_question(text, columns)
    assert _fields(parsed) == expected, parsed.notes
    for name in [parsed.x, parsed.y, *parsed.given, *parsed.variables]:
        assert name is None or name in columns


def test_plain_question_is_confident():
    parsed = parse_question("Does X directly cause Y?", XYZW)
    assert parsed.confidence >= 0.9
    assert parsed.notes == []


def test_file_name_is_ignored_and_noted():
    parsed = parse_question("Using smoking.csv, is smoking independent of tar?", SMOKING)
    assert (parsed.x, parsed.y) == ("smoking", "tar")
    assert any("smoking.csv" in n for n in parsed.notes)


def test_loose_name_match_lowers_confidence_and_says_so():
    parsed = parse_question("Are smoking and cancer independent?", SMOKING)
    assert parsed.y == "lung_cancer"
    assert parsed.confidence < 0.95
    assert any("cancer" in n and "lung_cancer" in n for n in parsed.notes)


def test_columns_taken_from_earlier_sentence_are_noted():
    parsed = parse_question("We look at price and signups. Are they independent given season?", ADS)
    assert (parsed.x, parsed.y, parsed.given) == ("price", "signups", ["season"])
    assert parsed.confidence < 0.8
    assert any("earlier sentence" in n for n in parsed.notes)


def test_causes_without_direct_is_read_as_effect_with_low_confidence():
    parsed = parse_question("Does smoking cause lung cancer?", SMOKING)
    assert parsed.type == "effect"
    assert parsed.confidence < 0.7
    assert parsed.notes


def test_extra_named_variable_is_noted():
    parsed = parse_question("Is age a confounder of smoking and lung cancer?", SMOKING)
    assert (parsed.x, parsed.y) == ("smoking", "lung_cancer")
    assert any("age" in n for n in parsed.notes)


@pytest.mark.parametrize(
    ("text", "algorithm", "test", "alpha"),
    [
        ("Draw the causal graph using FCI at alpha 0.01.", "fci", None, 0.01),
        ("Find the causal graph with the PC algorithm and a KCI test.", "pc", "kci", None),
        ("Learn the causal DAG with GES.", "ges", None, None),
        ("Discover the causal structure using DirectLiNGAM.", "lingam", None, None),
        (
            "Are X and Y independent given Z? Use a chi-square test at the 1% level.",
            None,
            "chisq",
            0.01,
        ),
        (
            "Are X and Y independent? Use the G-square test, significance level 0.1.",
            None,
            "gsq",
            0.1,
        ),
        ("Are X and Y independent (Fisher z, α = 0.05)?", None, "fisherz", 0.05),
        ("Are X and Y independent?", None, None, None),
    ],
)
def test_reads_algorithm_test_and_alpha(text, algorithm, test, alpha):
    parsed = parse_question(text, XYZW)
    assert (parsed.algorithm, parsed.test, parsed.alpha) == (algorithm, test, alpha)


def test_several_questions_answer_the_last_and_say_so():
    parsed = parse_question(
        "Is smoking independent of lung cancer given tar? And is tar a direct cause of lung "
        "cancer?",
        SMOKING,
    )
    assert (parsed.type, parsed.x, parsed.y) == ("direct_cause", "tar", "lung_cancer")
    assert any("more than one" in n for n in parsed.notes)
    assert parsed.confidence < 0.9


def test_same_column_twice_is_unclear():
    with pytest.raises(UnclearQuestionError, match="twice"):
        parse_question("What is the effect of X on X?", XYZW)


def test_random_word_salad_never_crashes():
    """Any text gives a ParsedQuestion of real columns or an AskwhyError, never a traceback."""
    rng = random.Random(7)
    vocab = "is are does what which effect of on given and directly cause causes confounder "
    vocab += "collider graph draw independent from to 10 -2.5 ? . , : -> | ( ) { } data.csv "
    vocab += "the a I it's adjust for treatment outcome"
    words = vocab.split()
    for _ in range(300):
        columns = rng.choice([SMOKING, XYZW, ["A", "B", "I", "a"], ["treatment", "outcome"]])
        pool = words + columns + [c.replace("_", " ") for c in columns]
        text = " ".join(rng.choice(pool) for _ in range(rng.randint(0, 20)))
        try:
            parsed = parse_question(text, columns)
        except AskwhyError:
            continue
        for name in [parsed.x, parsed.y, *parsed.given, *parsed.variables]:
            assert name is None or name in columns
        assert 0.0 <= parsed.confidence <= 1.0


def test_alpha_out_of_range_is_ignored_with_a_note():
    parsed = parse_question("Are X and Y independent at significance level 5?", XYZW)
    assert parsed.alpha is None
    assert any("significance" in n for n in parsed.notes)


@pytest.mark.parametrize(
    "text",
    [
        "What's the weather like?",
        "",
        "   ",
        "Tell me something interesting about this table.",
        "Hello!",
    ],
)
def test_unclear_question_lists_what_is_understood(text):
    with pytest.raises(UnclearQuestionError) as info:
        parse_question(text, SMOKING)
    message = str(info.value)
    for kind in ("independence", "direct cause", "confounder", "collider", "causal graph"):
        assert kind in message
    assert "effect" in message and "adjust" in message
    assert isinstance(info.value, AskwhyError)


def test_unclear_when_family_is_known_but_no_column_is_named():
    with pytest.raises(UnclearQuestionError, match="columns"):
        parse_question("Is there a confounder?", SMOKING)


@pytest.mark.parametrize(
    ("text", "columns", "phrase"),
    [
        ("Are smoking and cancr independent?", SMOKING, "cancr"),
        ("Does X directly cause Q?", XYZW, "q"),
        ("What is the effect of dose on heart rate?", DOSE, "heart rate"),
        ("Are X and Y independent given V?", XYZW, "v"),
        ("Is there a common cause of smoking and asbestos?", SMOKING, "asbestos"),
        ("What directly causes revenue?", ADS, "revenue"),
    ],
)
def test_unknown_variable_names_the_phrase_and_suggests_columns(text, columns, phrase):
    with pytest.raises(UnknownVariableError) as info:
        parse_question(text, columns)
    assert info.value.name.lower() == phrase
    assert info.value.columns == columns
    assert "Columns in the data" in str(info.value)


def test_single_letters_do_not_match_inside_words_or_articles():
    parsed = parse_question("Is there a direct cause from A to B?", ["A", "B", "C"])
    assert (parsed.type, parsed.x, parsed.y) == ("direct_cause", "A", "B")
    parsed = parse_question("Is W associated with X? It's a yes/no question.", XYZW)
    assert (parsed.x, parsed.y) == ("W", "X")


def test_effect_estimator_named_in_the_question():
    parsed = parse_question(
        "What is the effect of dose on blood pressure, estimated with double machine learning?",
        DOSE,
    )
    assert parsed.type == "effect" and parsed.method == "dml"
    assert parse_question("Does PC-smoking data show X causes Y?", XYZW).algorithm is None
