"""The tables of the mutation reading set: messy column names, each with how people say it.

Only the column names matter for reading; the rows (200, from a small seeded linear model
per table) are there so that a planner run in a full Session has real data to analyse.
Every column carries its spoken form ("ad spend" for `ad_spend_k`), the unit the name
carries (if any), and a word that names it alone in its table ("visits" for `Web Visits`).
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROWS = 200
_CAMEL = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


@dataclass(frozen=True)
class Column:
    """One column: its exact name, how it is said in words, its unit and a partial name."""

    name: str
    words: str  # spoken, without the unit: "ad spend", "blood pressure"
    partial: str | None = None  # a word of a multi-word name that is unique in its table
    unit: str | None = None  # the unit written into the name: "k", "mg", "usd", "yrs"
    kind: str = "number"  # number | binary | id
    loc: float = 0.0
    scale: float = 1.0
    parents: tuple[tuple[str, float], ...] = ()

    @property
    def is_id(self) -> bool:
        return self.kind == "id"

    @property
    def multiword(self) -> bool:
        return len(self.words.split()) >= 2

    def name_words(self) -> list[str]:
        """The words of the exact name, without the unit: `unitsSold` -> units, sold."""
        base = re.sub(r"\s*\([^)]*\)", "", self.name)
        parts = [p for chunk in re.split(r"[\s_\-.]+", base) for p in _CAMEL.findall(chunk)]
        words = [p.lower() for p in parts if p]
        if self.unit and words and words[-1] == self.unit.lower():
            words = words[:-1]
        return words

    def separator(self) -> str:
        """How the exact name joins its words: underscore, space, hyphen or camel."""
        for sep, style in (("_", "underscore"), (" ", "space"), ("-", "hyphen")):
            if sep in self.name:
                return style
        return "camel" if self.multiword else "none"


@dataclass(frozen=True)
class Table:
    name: str
    domain: tuple[str, ...]  # opening sentences for a scenario paragraph
    columns: tuple[Column, ...]
    missing: tuple[str, ...]  # plausible variables this table does not have
    notes: dict[str, str] = field(default_factory=dict)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def variables(self) -> list[Column]:
        """The columns a question may name (not the ID)."""
        return [c for c in self.columns if not c.is_id]


def C(name, words, partial=None, unit=None, kind="number", loc=0.0, scale=1.0, parents=()):
    return Column(name, words, partial, unit, kind, loc, scale, tuple(parents))


# fmt: off
TABLES: tuple[Table, ...] = (
    Table(
        "marketing_weekly",
        ("A retail chain logged weekly figures for its online shop.",
         "Our marketing team exported two hundred weeks of campaign data."),
        (
            C("week_id", "week id", kind="id"),
            C("holiday_week", "holiday week", "holiday", kind="binary"),
            C("price_usd", "price", unit="usd", loc=24, scale=3, parents=[("holiday_week", -0.4)]),
            C("ad_spend_k", "ad spend", "spend", unit="k", loc=40, scale=10,
              parents=[("holiday_week", 0.6)]),
            C("Brand Awareness", "brand awareness", "awareness", loc=50, scale=8,
              parents=[("ad_spend_k", 0.7)]),
            C("Web Visits", "web visits", "visits", loc=3000, scale=500,
              parents=[("ad_spend_k", 0.6), ("Brand Awareness", 0.4)]),
            C("unitsSold", "units sold", "units", loc=800, scale=120,
              parents=[("Web Visits", 0.7), ("price_usd", -0.5)]),
            C("customer_satisfaction", "customer satisfaction", "satisfaction", loc=7, scale=1,
              parents=[("price_usd", -0.4)]),
            C("Revenue", "revenue", loc=20000, scale=3000,
              parents=[("unitsSold", 0.8), ("price_usd", 0.3)]),
        ),
        ("store footfall", "email opens", "inventory level"),
    ),
    Table(
        "clinic_trial",
        ("A clinic ran a dose-finding trial with two hundred adult patients.",
         "Each patient in the study was followed for twelve weeks."),
        (
            C("patient_id", "patient id", kind="id"),
            C("Age_yrs", "age", unit="yrs", loc=52, scale=12),
            C("Smoker", "smoker", kind="binary", parents=[("Age_yrs", 0.2)]),
            C("Weight_kg", "weight", unit="kg", loc=78, scale=12, parents=[("Age_yrs", 0.3)]),
            C("dose (mg)", "dose", unit="mg", loc=100, scale=30, parents=[("Weight_kg", 0.5)]),
            C("Blood Pressure", "blood pressure", "pressure", loc=130, scale=15,
              parents=[("Age_yrs", 0.5), ("dose (mg)", -0.6), ("Smoker", 0.3)]),
            C("heartRate", "heart rate", "heart", loc=72, scale=9,
              parents=[("Blood Pressure", 0.4), ("Smoker", 0.3)]),
            C("Nausea Score", "nausea score", "nausea", loc=3, scale=1.5,
              parents=[("dose (mg)", 0.7)]),
            C("recovery-time", "recovery time", "recovery", loc=20, scale=5,
              parents=[("Blood Pressure", 0.5), ("Age_yrs", 0.3)]),
        ),
        ("cholesterol", "insulin level", "sleep duration"),
    ),
    Table(
        "school_survey",
        ("A school district surveyed two hundred secondary-school students.",
         "The survey was run at the end of the spring term."),
        (
            C("student_id", "student id", kind="id"),
            C("Parental Income", "parental income", "income", loc=55, scale=15),
            C("commute_km", "commute", unit="km", loc=6, scale=3),
            C("TUTORING", "tutoring", kind="binary", parents=[("Parental Income", 0.6)]),
            C("study_hours", "study hours", "study", loc=10, scale=4,
              parents=[("TUTORING", 0.5), ("commute_km", -0.3)]),
            C("sleepQuality", "sleep quality", "sleep", loc=6, scale=1.5,
              parents=[("commute_km", -0.4), ("study_hours", -0.2)]),
            C("teacherExperience", "teacher experience", "teacher", loc=12, scale=6),
            C("attendance_rate", "attendance rate", "attendance", loc=92, scale=5,
              parents=[("sleepQuality", 0.4)]),
            C("Test Score", "test score", "score", loc=70, scale=10,
              parents=[("study_hours", 0.6), ("teacherExperience", 0.3),
                       ("attendance_rate", 0.3)]),
        ),
        ("screen time", "reading habits", "school funding"),
    ),
    Table(
        "factory_line",
        ("A packaging plant recorded two hundred production batches.",
         "The quality team pulled batch records from the line's sensors."),
        (
            C("batch_no", "batch number", kind="id"),
            C("humidity_pct", "humidity", unit="pct", loc=45, scale=10),
            C("operatorExperience", "operator experience", "operator", loc=8, scale=4),
            C("Maintenance Hours", "maintenance hours", "maintenance", loc=5, scale=2),
            C("Line Speed", "line speed", "speed", loc=120, scale=15,
              parents=[("operatorExperience", 0.4), ("Maintenance Hours", 0.3)]),
            C("machine_temp_C", "machine temperature", "machine", unit="C", loc=65, scale=6,
              parents=[("Line Speed", 0.6), ("humidity_pct", 0.2)]),
            C("defect_rate", "defect rate", "defect", loc=2.5, scale=0.8,
              parents=[("machine_temp_C", 0.5), ("humidity_pct", 0.4),
                       ("operatorExperience", -0.4)]),
            C("energy_kwh", "energy", unit="kwh", loc=900, scale=80,
              parents=[("Line Speed", 0.7), ("machine_temp_C", 0.3)]),
            C("OutputVolume", "output volume", "output", loc=5000, scale=600,
              parents=[("Line Speed", 0.8), ("defect_rate", -0.3)]),
        ),
        ("vibration level", "raw material cost", "noise level"),
    ),
    Table(
        "farm_plots",
        ("An agronomy station measured two hundred wheat plots over one season.",
         "Field technicians visited each plot every two weeks."),
        (
            C("plot_id", "plot id", kind="id"),
            C("rainfall_mm", "rainfall", unit="mm", loc=550, scale=90),
            C("IRRIGATED", "irrigated", kind="binary"),
            C("Sunlight Hours", "sunlight hours", "sunlight", loc=1800, scale=150),
            C("Soil Moisture", "soil moisture", "moisture", loc=28, scale=5,
              parents=[("rainfall_mm", 0.6), ("IRRIGATED", 0.5)]),
            C("fertilizer-amount", "fertilizer amount", "fertilizer", loc=80, scale=25),
            C("nitrogen_ppm", "nitrogen", unit="ppm", loc=30, scale=8,
              parents=[("fertilizer-amount", 0.7)]),
            C("pestIndex", "pest index", "pest", loc=3, scale=1, parents=[("Soil Moisture", 0.3)]),
            C("crop_yield", "crop yield", "yield", loc=6.5, scale=1.1,
              parents=[("Soil Moisture", 0.5), ("nitrogen_ppm", 0.5),
                       ("Sunlight Hours", 0.3), ("pestIndex", -0.4)]),
        ),
        ("seed density", "hail damage", "frost days"),
    ),
    Table(
        "saas_accounts",
        ("A software company looked at two hundred business accounts.",
         "The data team joined billing records with product analytics."),
        (
            C("account_id", "account id", kind="id"),
            C("Plan Tier", "plan tier", "tier", loc=2, scale=0.8),
            C("onboarding-calls", "onboarding calls", "onboarding", loc=3, scale=1.2),
            C("monthly_active_users", "monthly active users", "users", loc=120, scale=40,
              parents=[("Plan Tier", 0.6), ("onboarding-calls", 0.3)]),
            C("featureUsage", "feature usage", "feature", loc=40, scale=12,
              parents=[("monthly_active_users", 0.6), ("onboarding-calls", 0.4)]),
            C("Support Tickets", "support tickets", "tickets", loc=6, scale=2.5,
              parents=[("monthly_active_users", 0.5)]),
            C("NPS", "NPS", loc=30, scale=15,
              parents=[("Support Tickets", -0.5), ("featureUsage", 0.4)]),
            C("contract_value_usd", "contract value", "contract", unit="usd", loc=24000,
              scale=6000, parents=[("Plan Tier", 0.8)]),
            C("churned", "churned", kind="binary", parents=[("NPS", -0.7)]),
        ),
        ("page load time", "discount rate", "login frequency"),
    ),
    Table(
        "city_air",
        ("An environmental agency compiled two hundred city-month records.",
         "Health and traffic data came from different city departments."),
        (
            C("station_code", "station code", kind="id"),
            C("Temperature_C", "temperature", unit="C", loc=15, scale=7),
            C("windSpeed", "wind speed", "wind", loc=12, scale=4),
            C("median_income_k", "median income", "income", unit="k", loc=48, scale=9),
            C("traffic_volume", "traffic volume", "traffic", loc=20000, scale=5000,
              parents=[("median_income_k", 0.3)]),
            C("green-space", "green space", "green", loc=20, scale=6,
              parents=[("median_income_k", 0.5)]),
            C("Air Pollution Index", "air pollution index", "pollution", loc=60, scale=15,
              parents=[("traffic_volume", 0.7), ("windSpeed", -0.5), ("green-space", -0.3)]),
            C("asthmaCases", "asthma cases", "asthma", loc=40, scale=10,
              parents=[("Air Pollution Index", 0.6), ("Temperature_C", 0.2)]),
            C("Hospital Admissions", "hospital admissions", "hospital", loc=300, scale=50,
              parents=[("asthmaCases", 0.6), ("Temperature_C", -0.3)]),
        ),
        ("pollen count", "smoking rate", "population density"),
    ),
)
# fmt: on


def table_by_name(name: str) -> Table:
    return next(t for t in TABLES if t.name == name)


def table_rows(table: Table, seed: int, rows: int = ROWS) -> list[list[str]]:
    """`rows` rows of a table from its linear model (parents listed before children)."""
    rng = np.random.default_rng([seed, TABLES.index(table)])
    latent: dict[str, np.ndarray] = {}
    cells: dict[str, list[str]] = {}
    for col in table.columns:
        if col.is_id:
            cells[col.name] = [f"{col.name[:1].upper()}{i + 1:04d}" for i in range(rows)]
            continue
        z = rng.normal(size=rows)
        for parent, weight in col.parents:
            z = z + weight * latent[parent]
        z = (z - z.mean()) / z.std()
        latent[col.name] = z
        if col.kind == "binary":
            cells[col.name] = [str(int(v > 0.3)) for v in z]
        else:
            values = col.loc + col.scale * z
            digits = 0 if col.scale >= 20 else (1 if col.scale >= 2 else 2)
            cells[col.name] = [f"{v:.{digits}f}" for v in values]
    return [[cells[c.name][i] for c in table.columns] for i in range(rows)]


def write_tables(folder: str | Path, seed: int = 0, rows: int = ROWS) -> list[Path]:
    """Write `<table>.csv` and `<table>.graph.json` (the model's edges) for every table."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in TABLES:
        path = folder / f"{table.name}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(table.names())
            writer.writerows(table_rows(table, seed, rows))
        edges = [[p, c.name, "->"] for c in table.columns for p, _ in c.parents]
        graph = {"nodes": table.names(), "edges": edges}
        (folder / f"{table.name}.graph.json").write_text(json.dumps(graph, indent=1) + "\n")
        written.append(path)
    return written
