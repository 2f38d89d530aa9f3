"""Write the four tables of the held-out reading set (`heldout.jsonl`), each drawn from a
small hand-made causal graph, with that graph beside it.

    python evals/sets/reading/make_heldout_tables.py

Writes `tables/<name>.csv` and `tables/<name>.graph.json` ({"nodes": [...], "edges":
[[cause, effect, "->"], ...]}, readable with `askwhy.evals.synthetic.read_true_graph`) for
hospital_readmissions, household_energy, hr_attrition and molding_qc. Column names are
messy on purpose (spaces, units, dots, CamelCase, ALLCAPS, common words such as `Age`,
`Left`, `Line`, `Shift`). ID columns are nodes without edges. Seeded: every run writes the
same bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from askwhy.evals.synthetic.tables import Table, coin, pick, write_tables, yes_no

HERE = Path(__file__).resolve().parent
OUT = HERE / "tables"
SEED = 20261201


def hospital_readmissions(rng: np.random.Generator) -> Table:
    n = 400
    age = np.clip(rng.normal(64, 14, n), 18, 97).round()
    admission = pick(rng, ["Emergency", "Urgent", "Elective"], n, [0.5, 0.3, 0.2])
    hba1c = np.clip(5.2 + 0.025 * (age - 50) + rng.gamma(2.0, 0.6, n), 4.5, 14.0)
    meds = rng.poisson(np.clip(2 + 0.06 * (age - 40) + 0.9 * (hba1c - 5.5), 0.5, None))
    type_days = {"Emergency": 2.0, "Urgent": 1.0, "Elective": 0.0}
    los = np.clip(
        1.0
        + np.array([type_days[a] for a in admission])
        + 0.04 * (age - 50)
        + 0.35 * meds
        + rng.gamma(1.5, 1.0, n),
        1,
        None,
    ).round()
    call_p = {"Emergency": 0.35, "Urgent": 0.5, "Elective": 0.75}
    call = coin(rng, np.array([call_p[a] for a in admission]))
    logit = -3.2 + 0.18 * los + 0.25 * (hba1c - 6.5) - 1.0 * call
    readmit = coin(rng, 1 / (1 + np.exp(-logit))).astype(int)
    type_cost = {"Emergency": 2400.0, "Urgent": 1500.0, "Elective": 600.0}
    cost = np.array([type_cost[a] for a in admission]) + 1850 * los + rng.normal(0, 900, n)
    df = pd.DataFrame(
        {
            "encounter_id": [f"E{i:06d}" for i in rng.choice(900000, n, replace=False) + 100000],
            "Age": age.astype(int),
            "HbA1c": hba1c.round(1),
            "num_meds": meds,
            "Admission Type": admission,
            "los_days": los.astype(int),
            "followup_call": yes_no(call),
            "readmit_30d": readmit,
            "cost ($)": np.clip(cost, 300, None).round(2),
        }
    )
    edges = [
        ("Age", "HbA1c"),
        ("Age", "num_meds"),
        ("Age", "los_days"),
        ("HbA1c", "num_meds"),
        ("HbA1c", "readmit_30d"),
        ("Admission Type", "los_days"),
        ("Admission Type", "followup_call"),
        ("Admission Type", "cost ($)"),
        ("num_meds", "los_days"),
        ("los_days", "cost ($)"),
        ("los_days", "readmit_30d"),
        ("followup_call", "readmit_30d"),
    ]
    return df, edges


def household_energy(rng: np.random.Generator) -> Table:
    n = 450
    area = np.clip(rng.lognormal(np.log(95), 0.35, n), 30, 400)
    occupants = np.clip(rng.poisson(0.6 + area / 55), 1, 9)
    insulation = pick(rng, ["poor", "average", "good"], n, [0.3, 0.45, 0.25])
    temp = rng.normal(6.0, 4.5, n)
    smart = coin(rng, 0.1 + 0.004 * (area - 40))
    setpoint = 21.0 - 1.2 * smart + rng.normal(0, 0.9, n)
    ev = coin(rng, np.full(n, 0.18))
    loss = {"poor": 1.45, "average": 1.0, "good": 0.7}
    heating = np.clip(
        np.array([loss[i] for i in insulation]) * (3.2 * area + 55 * (setpoint - temp))
        + rng.normal(0, 120, n),
        20,
        None,
    )
    total = heating + 180 * occupants + 260 * ev + rng.normal(150, 60, n)
    bill = 0.31 * total + 12.0 + rng.normal(0, 18, n)
    df = pd.DataFrame(
        {
            "HouseholdID": [f"HH-{i:05d}" for i in rng.permutation(n) + 1],
            "Occupants": occupants,
            "floor_area_m2": area.round(1),
            "Insulation": insulation,
            "temp_C": temp.round(1),
            "SmartThermostat": yes_no(smart),
            "setpoint_C": setpoint.round(1),
            "heating_kWh": heating.round(0).astype(int),
            "EV_charger": yes_no(ev, "Y", "N"),
            "TOTAL_KWH": total.round(0).astype(int),
            "bill (EUR)": bill.round(2),
        }
    )
    edges = [
        ("floor_area_m2", "Occupants"),
        ("floor_area_m2", "heating_kWh"),
        ("floor_area_m2", "SmartThermostat"),
        ("Insulation", "heating_kWh"),
        ("temp_C", "heating_kWh"),
        ("SmartThermostat", "setpoint_C"),
        ("setpoint_C", "heating_kWh"),
        ("Occupants", "TOTAL_KWH"),
        ("heating_kWh", "TOTAL_KWH"),
        ("EV_charger", "TOTAL_KWH"),
        ("TOTAL_KWH", "bill (EUR)"),
    ]
    return df, edges


def hr_attrition(rng: np.random.Generator) -> Table:
    n = 500
    dept = pick(rng, ["Sales", "R&D", "Support", "Operations"], n, [0.3, 0.25, 0.25, 0.2])
    years = np.clip(rng.gamma(1.8, 3.0, n), 0, 35).round()
    train_base = {"Sales": 12.0, "R&D": 30.0, "Support": 18.0, "Operations": 10.0}
    training = np.clip(np.array([train_base[d] for d in dept]) + rng.normal(0, 7, n), 0, None)
    rating = np.clip(np.round(2.2 + 0.05 * training + rng.normal(0, 0.8, n)), 1, 5)
    pay_base = {"Sales": 58.0, "R&D": 82.0, "Support": 49.0, "Operations": 55.0}
    salary = (
        np.array([pay_base[d] for d in dept]) + 1.6 * years + 4.5 * rating + rng.normal(0, 8, n)
    )
    ot_p = {"Sales": 0.4, "R&D": 0.25, "Support": 0.5, "Operations": 0.35}
    overtime = coin(rng, np.array([ot_p[d] for d in dept]))
    satisfaction = np.clip(
        np.round(2.4 - 0.9 * overtime + 0.025 * (salary - 60) + rng.normal(0, 0.9, n)), 1, 4
    )
    commute = np.clip(rng.gamma(2.0, 8.0, n), 0.5, 120)
    logit = -0.6 - 0.7 * satisfaction + 0.8 * overtime - 0.02 * (salary - 60) + 0.03 * commute
    left = coin(rng, 1 / (1 + np.exp(-logit))).astype(int)
    df = pd.DataFrame(
        {
            "EmpID": rng.choice(np.arange(1000, 9999), n, replace=False),
            "Department": dept,
            "YearsAtCompany": years.astype(int),
            "Salary (k$)": salary.round(1),
            "OVERTIME": yes_no(overtime, "Yes", "No"),
            "Manager Rating": rating.astype(int),
            "training_hrs": training.round(1),
            "JobSatisfaction": satisfaction.astype(int),
            "commute_km": commute.round(1),
            "Left": left,
        }
    )
    edges = [
        ("Department", "Salary (k$)"),
        ("Department", "OVERTIME"),
        ("Department", "training_hrs"),
        ("YearsAtCompany", "Salary (k$)"),
        ("training_hrs", "Manager Rating"),
        ("Manager Rating", "Salary (k$)"),
        ("OVERTIME", "JobSatisfaction"),
        ("Salary (k$)", "JobSatisfaction"),
        ("Salary (k$)", "Left"),
        ("JobSatisfaction", "Left"),
        ("OVERTIME", "Left"),
        ("commute_km", "Left"),
    ]
    return df, edges


def molding_qc(rng: np.random.Generator) -> Table:
    n = 350
    line = pick(rng, ["L1", "L2", "L3"], n, [0.4, 0.35, 0.25])
    shift = pick(rng, ["Day", "Swing", "Night"], n, [0.45, 0.3, 0.25])
    temp_base = {"L1": 62.0, "L2": 70.0, "L3": 66.0}
    mold_temp = np.array([temp_base[x] for x in line]) + rng.normal(0, 3.0, n)
    press_base = {"L1": 820.0, "L2": 900.0, "L3": 760.0}
    pressure = np.array([press_base[x] for x in line]) + rng.normal(0, 40, n)
    exp_base = {"Day": 9.0, "Swing": 6.0, "Night": 3.5}
    experience = np.clip(np.array([exp_base[s] for s in shift]) + rng.gamma(1.5, 1.5, n) - 2, 0, 30)
    rh_base = {"Day": 41.0, "Swing": 47.0, "Night": 55.0}
    rh = np.clip(np.array([rh_base[s] for s in shift]) + rng.normal(0, 6, n), 15, 95)
    cycle = 18 + 0.22 * (mold_temp - 60) - 0.35 * experience + rng.normal(0, 1.2, n)
    defects = np.clip(
        900
        + 22 * (rh - 45)
        + 35 * np.abs(mold_temp - 66)
        - 0.9 * (pressure - 800)
        - 45 * experience
        + rng.normal(0, 180, n),
        30,
        None,
    )
    rework = coin(rng, 1 / (1 + np.exp(-(defects - 1000) / 200)))
    throughput = 3600 / np.clip(cycle, 8, None) * 4 * (1 - 0.12 * rework) + rng.normal(0, 25, n)
    df = pd.DataFrame(
        {
            "lot_no": [f"LOT{i:05d}" for i in range(20001, 20001 + n)],
            "Line": line,
            "Shift": shift,
            "RH_pct": rh.round(1),
            "MOLD_TEMP_C": mold_temp.round(1),
            "injection.pressure_bar": pressure.round(0).astype(int),
            "OperatorExp": experience.round(1),
            "cycleTime_s": cycle.round(2),
            "defects (ppm)": defects.round(0).astype(int),
            "Rework": yes_no(rework),
            "Throughput (units/h)": throughput.round(0).astype(int),
        }
    )
    edges = [
        ("Line", "MOLD_TEMP_C"),
        ("Line", "injection.pressure_bar"),
        ("Shift", "OperatorExp"),
        ("Shift", "RH_pct"),
        ("RH_pct", "defects (ppm)"),
        ("MOLD_TEMP_C", "cycleTime_s"),
        ("MOLD_TEMP_C", "defects (ppm)"),
        ("injection.pressure_bar", "defects (ppm)"),
        ("OperatorExp", "cycleTime_s"),
        ("OperatorExp", "defects (ppm)"),
        ("defects (ppm)", "Rework"),
        ("cycleTime_s", "Throughput (units/h)"),
        ("Rework", "Throughput (units/h)"),
    ]
    return df, edges


TABLES: dict[str, Callable[[np.random.Generator], Table]] = {
    "hospital_readmissions": hospital_readmissions,
    "household_energy": household_energy,
    "hr_attrition": hr_attrition,
    "molding_qc": molding_qc,
}


def main() -> None:
    write_tables(OUT, TABLES, SEED)


if __name__ == "__main__":
    main()
