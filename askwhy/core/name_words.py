"""Word lists behind column-name matching (askwhy.core.names): plain data, no logic.

Kept in core so that names.py needs nothing from the planning layer; the planner's own
question vocabulary lives in askwhy/planning/rules/lexicon.json.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Articles, prepositions, conjunctions, auxiliaries and pronouns: never a name on their own,
# and a partial name never starts or ends with one ("sessions per" is not a name).
FUNCTION = _words(
    """
    a an the and or nor but not no yes of per in on at to for from by with without into onto
    over under between among through via vs versus than then as if so that this these those
    there here is are was were be been being am do does did done has have had having can
    could should would will shall may might must it its i me my we us our you your they them
    their he him his she her who whom whose which what when where why how all any both each
    every either neither some such only also just more most less least very too about above
    below after before again once same other another own one two three
    """
)

# Words too common in questions about data to name a column by themselves: they are never
# read as a partial name, a typo or an acronym, and never corrected ("does" is not `dose`).
GENERIC = FUNCTION | _words(
    """
    cause causes caused causing causal causally effect effects affect affects affected
    impact influence influences drive drives driven driver link linked links relate related
    relation relationship association associated correlation correlated dependent dependence
    independent independence conditional condition conditioning control controlling
    controlled adjust adjusting adjusted adjustment given confounder confounders confound
    collider colliders mediator mediators mediate mediates mediated mediation parent parents
    child children ancestor ancestors descendant descendants path paths edge edges arrow
    arrows graph graphs node nodes dag structure direct directly indirect indirectly
    upstream downstream common variable variables column columns row rows data dataset
    table file value values test tests model models estimate estimated estimation
    average mean median avg std standard deviation variance total sum count number numbers
    level levels rate rates index score scores size type types kind amount change changes
    time times day days week weeks month months year years hour hours minute minutes
    second seconds period date start end first last next result results outcome outcomes
    treatment treatments treated response factor factors measure measures measured
    measurement measurements record records recorded study studies sample samples set sets
    group groups case cases support supports follow follows followed following show tell
    find give make use used using get want need know think say see look like likely
    really actually much many few lot lots high higher low lower big small large more less
    increase increases decrease decreases raise raises rise rises drop drops go goes went
    way ways thing things part whole fact question answer yes please thanks up down out off
    send sends sending sent stat stats statistic statistics summary describe
    status patient patients customer customers student students worker workers user users
    participant participants person people subject subjects respondent respondents
    individual individuals household households firm firms company companies
    new old good bad long short early late recent current
    """
)

# Units and unit-like suffixes dropped from the end of a name: `ad_spend_k`, `price_usd`,
# `Age_yrs`, `avg-temp-C`, `fertilizer_kg_ha`, `rainfall_mm`, `DISCOUNT_PCT`.
UNITS = _words(
    """
    k m mm cm km kg g mg mcg ug ml l lb lbs oz t ha usd eur gbp jpy cad aud chf
    pct perc pc ppm ppb yrs yr hrs hr h min mins sec secs s ms wk wks c f degc degf kwh kw w
    km2 m2 sqft bpm mph kmh mi
    """
)

# A name ending in one of these is an identifier or a date: it is matched by its full name
# only (never "store" for `store_id`).
IDENTIFIER_ENDINGS = _words("id ids no num nr key code uuid date dates")

# Abbreviations in column names and the words people write instead (both directions).
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "avg": ("average",),
    "temp": ("temperature",),
    "precip": ("precipitation",),
    "educ": ("education",),
    "edu": ("education",),
    "wk": ("week",),
    "wks": ("weeks",),
    "yr": ("year",),
    "yrs": ("years",),
    "hr": ("hour", "heart rate"),
    "hrs": ("hours",),
    "pct": ("percent", "percentage"),
    "num": ("number",),
    "qty": ("quantity",),
    "amt": ("amount",),
    "pop": ("population",),
    "dist": ("distance",),
    "freq": ("frequency",),
    "dept": ("department",),
    "govt": ("government",),
    "info": ("information",),
    "wt": ("weight",),
    "ht": ("height",),
    "bp": ("blood pressure",),
    "meds": ("medications", "medicines"),
    "med": ("medication", "medicine"),
    "los": ("length of stay",),
    "rh": ("relative humidity", "humidity"),
    "readmit": ("readmission",),
    "readmits": ("readmissions",),
    "exp": ("experience",),
    "mgr": ("manager",),
    "mgmt": ("management",),
    "emp": ("employee",),
    "sat": ("satisfaction",),
    "csat": ("customer satisfaction", "satisfaction"),
    "max": ("maximum",),
    "min": ("minimum",),
    "hh": ("household",),
    "ev": ("electric vehicle",),
    "occ": ("occupancy",),
    "rev": ("revenue",),
    "cnt": ("count",),
    "admin": ("administrative", "administration"),
    "dx": ("diagnosis",),
    "rx": ("prescription",),
    "tx": ("treatment",),
    "pts": ("patients",),
    "sqft": ("square feet",),
}

# What a unit at the end of a name measures: `commute_km` <- "commute distance",
# `heating_kWh` <- "heating energy", `weight_kg` <- "weight".
UNIT_QUANTITIES: dict[str, tuple[str, ...]] = {
    "km": ("distance", "length", "mileage"),
    "mi": ("distance", "mileage"),
    "km2": ("area",),
    "m2": ("area",),
    "ha": ("area",),
    "sqft": ("area",),
    "bpm": ("heart rate", "pulse"),
    "mph": ("speed",),
    "kmh": ("speed",),
    "kg": ("weight", "mass"),
    "lb": ("weight",),
    "lbs": ("weight",),
    "hrs": ("hours", "time", "duration"),
    "hr": ("hours", "time", "duration"),
    "h": ("hours", "time", "duration"),
    "min": ("minutes", "time", "duration"),
    "mins": ("minutes", "time", "duration"),
    "s": ("seconds", "time", "duration"),
    "sec": ("seconds", "time", "duration"),
    "secs": ("seconds", "time", "duration"),
    "pct": ("percent", "percentage", "rate"),
    "kwh": ("energy", "consumption", "usage"),
    "usd": ("cost", "amount"),
    "eur": ("cost", "amount"),
    "c": ("temperature",),
    "degc": ("temperature",),
    "f": ("temperature",),
    "ppm": ("concentration", "level", "levels"),
    "ppb": ("concentration", "level", "levels"),
}

# Capital-letter abbreviations that mean something else too often to be read as initials.
ACRONYM_STOP = _words(
    """
    us uk eu un id ok ai ml iv ci sd se pc tv hr pm am dc ny la ate att atc dag ols fci ges
    rdd did dml iq ii iii vs eg ie etc csv pdf
    """
)

# Everyday words that are also column names (`Time`, `Group`, `Score`, `Returns`, `Plan`):
# written in lowercase right after one of ORDINARY_BEFORE they are the ordinary word
# ("at the same time", "a group of", "we plan", "it returns"), not the column.
COMMON_NAMES = _words(
    """
    time times group groups score scores return returns plan plans type level rate value
    change number count total amount size class order state status area cost costs price
    prices sales region week day year month period date age weight height length distance
    speed power income sex gender race treatment control result results outcome effect
    response case cases test visits share stock interest balance rank grade season
    """
)
ORDINARY_BEFORE = _words(
    """
    a an each every any per same another some many few much little spare free whole half
    first last next this these those long such i we you they he she it who
    """
)

# Words after which a lone "a" / "I" is a variable name, not the article or the pronoun.
LETTER_FOLLOWERS = _words(
    """
    and or nor is are was were has have causes cause caused directly affects affect drives
    influences given on to of vs versus independent conditional conditionally
    """
)
