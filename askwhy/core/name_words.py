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

# Who a row is about: beside a leftover reading they are no other name ("whether people
# cancel", "the patient gets admitted").
PEOPLE = _words(
    """
    patient patients customer customers student students worker workers user users
    participant participants person people subject subjects respondent respondents
    individual individuals household households someone anyone everyone guest guests
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
    find give make use used using get gets got getting want need know think say see look like likely
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
    km2 m2 m3 sqft bpm mph kmh mi deg rpm nm mo mos
    """
)

# Words of GENERIC that may still be one word of a name spelled out from its capitals
# ("days in milk" for `DIM`, "average handle time" for `AHT`); the rest of GENERIC (the
# words of causal questions: "directly influence ...") never is.
SPELLED_GENERIC = _words(
    """
    average mean median total sum count number numbers level levels rate rates index score
    size type amount change time times day days week weeks month months year years hour
    hours minute minutes second seconds period date start end first last high low return
    value values treatment response factor measure group case status set sample record
    """
)

# The function words that may stand inside a spelled-out name ("return to work").
SPELLED_FUNCTION = _words("of in to on at for and per by from with without")

# Words that say only when or how much ("12 weeks", "30 days"): with numbers and units,
# never a partial name by themselves.
TIME_WORDS = _words(
    "day days week weeks month months year years hour hours minute minutes second seconds"
)

# A name ending in one of these is an identifier or a date: it is matched by its full name
# only (never "store" for `store_id`).
IDENTIFIER_ENDINGS = _words("id ids no num nr key code tag uuid ref date dates dt")
# ... and after these the first word is what a row is ("trip" for `TripID`, "cow" for
# `CowTag`, "order" for `Order#`): never a partial name of another column.
ENTITY_ENDINGS = _words("id ids no num nr tag ref")

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
    "gen": ("generation",),
    "cnt": ("count",),
    "admin": ("administrative", "administration"),
    "dx": ("diagnosis",),
    "rx": ("prescription",),
    "tx": ("treatment",),
    "pts": ("patients",),
    "sqft": ("square feet",),
    "dt": ("date",),
    "mo": ("months",),
    "mos": ("months",),
    "tot": ("total",),
    "perc": ("percent", "percentage"),
    "sess": ("sessions",),
    "hum": ("humidity",),
    "vol": ("volume",),
    "len": ("length",),
    "wgt": ("weight",),
    "spd": ("speed",),
    "lvl": ("level",),
    "ctrl": ("control",),
    "grp": ("group",),
    "trt": ("treatment",),
    "dur": ("duration",),
    "conc": ("concentration",),
    "elev": ("elevation",),
    "alt": ("altitude",),
    "lat": ("latitude",),
    "lon": ("longitude",),
    "lng": ("longitude",),
    "yld": ("yield",),
    "deg": ("degrees",),
    "rpm": ("revolutions per minute",),
}

# British spellings and their American forms, applied in turn to a word of the text and to
# every column word, so "mould" finds `MOLD_TEMP_C` and "color" finds `Colour`.
SPELLINGS: tuple[tuple[str, str], ...] = (
    (r"(?<=[a-z]{2}[^aeiou])our", "or"),  # colour, behaviour, labourer (not hour, four)
    (r"^(s?m)oul", r"\1ol"),  # mould, smoulder, moult
    (r"yre(s?)$", r"ire\1"),  # tyre
    (r"(?<=[^aeiou])re(s?)$", r"er\1"),  # litre, centre, fibres
    (r"(?<=[a-z]{3})is(e|ed|es|ing|ation|ations)$", r"iz\1"),  # randomised, utilisation
    (r"ys(e|ed|es|ing)$", r"yz\1"),  # analysed
    (r"ogue(s?)$", r"og\1"),  # catalogue
    (r"^(an|h|p)ae", r"\1e"),  # anaemia, haemoglobin, paediatric
    (r"^oe", "e"),  # oestrogen, oedema
    (r"^(def|lic|off|pret)ence", r"\1ense"),  # defence, licence
    (r"mme(s?)$", r"m\1"),  # programme
    (r"(?<=[a-z]{3}[ea])ll(ed|ing|er|ers)$", r"l\1"),  # modelling, travelled
    (r"grey", "gray"),
)

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
    "pct": ("percent", "percentage", "rate", "share", "proportion"),
    "kwh": ("energy", "consumption", "usage"),
    "usd": ("cost", "amount"),
    "eur": ("cost", "amount"),
    "c": ("temperature",),
    "degc": ("temperature",),
    "f": ("temperature",),
    "ppm": ("concentration", "level", "levels"),
    "ppb": ("concentration", "level", "levels"),
    "kw": ("power", "power output"),
    "mw": ("power", "power output"),
    "rpm": ("speed", "rotation speed", "rotational speed", "revolutions"),
    "nm": ("torque",),
    "deg": ("angle", "degrees"),
    "°": ("angle", "degrees"),
    "m/s": ("speed",),
    "km/h": ("speed",),
    "kg/m3": ("density",),
    "$": ("amount", "value", "dollars"),
    "%": ("percent", "percentage", "rate", "share", "proportion"),
    "#": ("number", "count"),
    "mo": ("months",),
    "mos": ("months",),
}

# A time after "/" or "per" at the end of a name, and how it is said: the noun after "per"
# and the adjectives before the name (`Gen_kWh/yr` <- "annual gen", `Trips/day` <- "trips
# per day", "daily trips").
PER_TIME: dict[str, tuple[str, ...]] = {
    "yr": ("year", "annual", "yearly"),
    "year": ("year", "annual", "yearly"),
    "mo": ("month", "monthly"),
    "month": ("month", "monthly"),
    "wk": ("week", "weekly"),
    "week": ("week", "weekly"),
    "d": ("day", "daily"),
    "day": ("day", "daily"),
    "h": ("hour", "hourly"),
    "hr": ("hour", "hourly"),
    "hour": ("hour", "hourly"),
}

# Quantities too vague to name a column alone ("what percentage of cows...").
VAGUE_QUANTITIES = _words(
    "percent percentage share proportion dollars degrees number count amount value"
)

# How people write a unit after "in": `tip ($)` <- "tip in dollars", `Dist (km)` <- "distance
# in kilometres"; and, for money, before the name: "the dollar tip".
UNIT_NAMES: dict[str, tuple[str, ...]] = {
    "$": ("dollars",),
    "usd": ("dollars", "usd"),
    "eur": ("euros", "eur"),
    "gbp": ("pounds", "gbp"),
    "km": ("km", "kilometres", "kilometers", "kilometre", "kilometer"),
    "mi": ("miles", "mile"),
    "m": ("metres", "meters"),
    "mm": ("mm", "millimetres", "millimeters"),
    "cm": ("cm", "centimetres", "centimeters"),
    "kg": ("kg", "kilograms", "kilos", "kilogram", "kilo"),
    "g": ("grams",),
    "mg": ("mg", "milligrams"),
    "lb": ("pounds", "lbs"),
    "lbs": ("pounds", "lbs"),
    "min": ("minutes", "mins"),
    "mins": ("minutes", "mins"),
    "h": ("hours", "hrs"),
    "hr": ("hours", "hrs"),
    "hrs": ("hours", "hrs"),
    "s": ("seconds", "secs"),
    "sec": ("seconds", "secs"),
    "secs": ("seconds", "secs"),
    "ms": ("milliseconds", "ms"),
    "deg": ("degrees",),
    "°": ("degrees",),
    "c": ("celsius", "degrees celsius"),
    "degc": ("celsius", "degrees celsius"),
    "f": ("fahrenheit", "degrees fahrenheit"),
    "degf": ("fahrenheit", "degrees fahrenheit"),
    "%": ("percent",),
    "pct": ("percent",),
    "kw": ("kw", "kilowatts", "kilowatt"),
    "kwh": ("kwh", "kilowatt hours"),
    "rpm": ("rpm",),
    "nm": ("nm", "newton metres", "newton meters"),
    "l": ("litres", "liters"),
    "ml": ("ml", "millilitres", "milliliters"),
    "yr": ("years",),
    "yrs": ("years",),
    "wk": ("weeks",),
    "wks": ("weeks",),
    "mo": ("months",),
    "mos": ("months",),
    "bpm": ("bpm",),
    "ppm": ("ppm",),
    "ppb": ("ppb",),
}
MONEY_WORDS: dict[str, str] = {"$": "dollar", "usd": "dollar", "eur": "euro"}

# Units specific enough that, alone (as written or in words, never after a number), they
# name the one column in them ("How many kW ...", "each extra kilometre").
NAMING_UNITS = _words("kw kwh mw rpm bpm nm ppm ppb mph psi km kg mi mm cm mg")

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
