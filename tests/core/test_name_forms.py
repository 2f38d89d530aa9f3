"""Round two of name readings: nouns of action for a name's verb ("renewals" for
`Renewed?`), "%" said as a share, "/" and "per" said in words ("weekly visits"), and a
two-letter name word in an all-lowercase text ("getting a ct")."""

from __future__ import annotations

import pytest

from askwhy.core.name_forms import derived
from askwhy.core.names import find_columns
from askwhy.planning.rules.mentions import find_mentions

SHOP = [
    "AccountNo",
    "Region",
    "Renewed?",
    "SUBMITTED",
    "Converted",
    "ENROLLED",
    "discount_pct",
    "Visits/wk",
    "Output_kWh/mo",
    "Errors/batch",
    "MR_scan",
]


def _read(text: str, columns=SHOP) -> dict[str, str]:
    mentions, _ = find_mentions(text, columns)
    return {m.text: m.column for m in mentions}


def _loose(text: str, columns=SHOP) -> dict[str, tuple[str, bool]]:
    mentions, _ = find_mentions(text, columns)
    return {m.text: (m.column, m.how not in ("exact", "spelling", "quoted")) for m in mentions}


@pytest.mark.parametrize(
    "text, phrase, column",
    [
        ("Does the region affect renewals?", "renewals", "Renewed?"),
        ("Is submission linked to the region?", "submission", "SUBMITTED"),
        ("What drives conversions, directly?", "conversions", "Converted"),
        ("Does enrolment depend on region?", "enrolment", "ENROLLED"),
        ("Do people renew more often in one region?", "renew", "Renewed?"),
        ("Does region change the renewal rate?", "renewal rate", "Renewed?"),
        ("Does region raise the chance of submission?", "chance of submission", "SUBMITTED"),
        ("Is the enrolment decision linked to region?", "enrolment decision", "ENROLLED"),
    ],
)
def test_nouns_of_action_read_as_the_names_verb(text, phrase, column):
    assert _loose(text).get(phrase) == (column, True)


@pytest.mark.parametrize(
    "text, phrase, column",
    [
        ("Do weekly visits affect renewals?", "weekly visits", "Visits/wk"),
        ("Do visits per week affect the region?", "visits per week", "Visits/wk"),
        ("Is monthly output linked to region?", "monthly output", "Output_kWh/mo"),
        ("Does region drive errors per batch?", "errors per batch", "Errors/batch"),
        ("Is the discount share higher in one region?", "discount share", "discount_pct"),
    ],
)
def test_rates_and_shares_said_in_words(text, phrase, column):
    found = {m.text: (m.column, m.loose) for m in find_columns(text, SHOP)}
    assert found.get(phrase) == (column, True)


@pytest.mark.parametrize(
    "text, phrase",
    [
        ("Does shift energy rise with heat?", "shift energy"),
        ("Is kWh per shift higher?", "kWh per shift"),
    ],
)
def test_a_unit_first_in_a_name_said_as_what_it_measures(text, phrase):
    columns = ["Line", "kWh_shift", "kWh/unit"]
    assert {m.text: m.column for m in find_columns(text, columns)}.get(phrase) == "kWh_shift"


def test_energy_per_unit_for_a_name_of_units_only():
    columns = ["Line", "kWh/unit", "kWh_shift"]
    found = {
        m.text: m.column for m in find_columns("Does the line raise energy per unit?", columns)
    }
    assert found.get("energy per unit") == "kWh/unit"


def test_two_letter_word_in_a_lowercase_text_after_an_article():
    assert _read("is getting an mr linked to region?").get("mr") == "MR_scan"
    assert "mr" not in _read("Is an mr linked to Region?")  # mixed case: "MR" would be written
    assert "mr" not in _read("is mr smith in the region?")  # no article before it


@pytest.mark.parametrize(
    "text, columns, word",
    [
        (
            "Do cancellations vary by region?",
            ["Cancelled?", "Cancel_Reason", "Region"],
            "cancellations",
        ),
        ("What share of accounts renewed?", SHOP, "share"),
        ("Does hold time affect satisfaction?", ["AHT_min", "Wait (s)", "CSAT"], "hold time"),
        ("Is the station linked to region?", ["State", "Region"], "station"),
        ("Does annual output depend on region?", ["Output_kWh/mo", "Region"], "annual output"),
    ],
)
def test_near_misses_stay_unresolved(text, columns, word):
    assert word not in _read(text, columns)


def test_name_words_beside_a_form_join_it():
    columns = ["TasteScore", "Origin", "Roaster"]
    assert (
        _read("Does origin drive the tasting score?", columns).get("tasting score") == "TasteScore"
    )


def test_derived_forms_are_bounded():
    assert "cancel" in derived("cancellations")
    assert "admit" in derived("admission")
    assert "convert" in derived("conversion")
    assert "enrol" in derived("enrolment")
    assert "arrive" in derived("arrival")
    for short in ("station", "portion", "nation", "motion", "mention", "general"):
        assert not {"state", "port", "mote", "gener"} & derived(short)
    assert derived("price") == set()


def test_a_word_form_of_a_name_word_ending_in_ss():
    found = {m.text: m.column for m in find_columns("Does weekly flossing matter?", ["Floss/wk"])}
    assert found.get("weekly flossing") == "Floss/wk"


@pytest.mark.parametrize(
    "column, said, factor",
    [
        ("page_load (ms)", "seconds", 1000.0),
        ("Wait (min)", "hours", 60.0),
        ("LOS_h", "days", 24.0),
        ("Dist_km", "metres", 0.001),
        ("Wait (min)", "minutes", None),  # its own unit
        ("Wait (min)", "kg", None),  # another kind
        ("Region", "seconds", None),  # no unit
    ],
)
def test_scale_of_a_value_said_in_another_unit(column, said, factor):
    from askwhy.core.name_units import scale
    from askwhy.core.names import _index

    assert scale(_index((column,), None).key(column), said) == factor


def test_a_lowercase_letter_before_a_capitalised_word_is_a_word_of_its_own():
    from askwhy.core.names import find_columns

    columns = ["station_id", "eBike%", "Trips/day", "pH", "iPad"]
    assert [m.column for m in find_columns("Do e-bikes affect Trips/day?", columns)] == [
        "eBike%",
        "Trips/day",
    ]
    assert [m.column for m in find_columns("is the e bike share linked to pH", columns)] == [
        "eBike%",
        "pH",
    ]
    assert [m.column for m in find_columns("does ph matter", columns)] == ["pH"]
