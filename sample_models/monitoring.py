"""The monitoring samples: bike rentals trained on 2011 only and watched month by month through 2012, and
adult income (a classifier) watched month by month through a year with a planted shift.

Leaves the other samples untouched. Writes into sample_models/built/: bike_rentals_2011.joblib (the model,
without the year column: the year is the time, not an input), bike_rentals_2011_reference.csv (a 25% holdout
of 2011, in time order, labelled) and bike_rentals_2012.csv (every 2012 row with a ``month_start`` date); and
adult_income_monitoring.joblib, _reference.csv, _2024.csv (with a ``month`` date and the ``logged_score``) and
_policy.yaml. Run ``python -m sample_models.monitoring``; the "Since go-live" page runs it when files are missing.
"""

from __future__ import annotations

from pathlib import Path

import joblib
import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

from sample_models.build import SEED, bike_rentals
from sample_models.catalog import BUILT, HERE

MODEL = BUILT / "bike_rentals_2011.joblib"
REFERENCE = BUILT / "bike_rentals_2011_reference.csv"
BATCHES = BUILT / "bike_rentals_2012.csv"
TIME_COLUMN = "month_start"
TARGET = "rentals"


def build() -> None:
    frame = pd.read_csv(HERE / "bike_rentals.csv")
    frame[TIME_COLUMN] = pd.to_datetime(dict(year=frame["year"], month=frame["month"], day=1)).dt.strftime("%Y-%m-%d")
    first, second = frame[frame["year"] == 2011], frame[frame["year"] == 2012]
    train, hold = train_test_split(first, test_size=0.25, random_state=SEED)
    hold = hold.sort_index()
    inputs = [c for c in frame.columns if c not in ("year", TARGET, TIME_COLUMN)]
    model = bike_rentals(train[inputs], train[TARGET])
    BUILT.mkdir(exist_ok=True)
    hold[[*inputs, TARGET]].to_csv(REFERENCE, index=False)
    second[[TIME_COLUMN, *inputs, TARGET]].to_csv(BATCHES, index=False)
    joblib.dump(model, MODEL, compress=3)


def ensure() -> tuple[Path, Path, Path]:
    """(model, reference, batches), built first when missing."""
    if not all(p.is_file() for p in (MODEL, REFERENCE, BATCHES)):
        build()
    return MODEL, REFERENCE, BATCHES




# The classification example: adult income (LightGBM, as the adult_income sample) released on 2023 rows and
# watched month by month through 2024, with a planted shift: from August a new channel brings younger
# applicants, and the outcomes of November and December have not arrived yet.
ADULT_MODEL = BUILT / "adult_income_monitoring.joblib"
ADULT_REFERENCE = BUILT / "adult_income_monitoring_reference.csv"
ADULT_BATCHES = BUILT / "adult_income_monitoring_2024.csv"
ADULT_POLICY = BUILT / "adult_income_monitoring_policy.yaml"
ADULT_TARGET = "income"
ADULT_TIME_COLUMN = "month"
ADULT_SHIFT_FROM = 8  # the month the new channel opens
POLICY_TEXT = """checks:
  - {check: metric, metric: roc_auc, min: 0.88, why: "The ranking must stay as good as at release."}
  - {check: metric, metric: precision, min: 0.65, why: "Most flagged applicants must really earn above 50K."}
"""


def build_adult() -> None:
    from sample_models.build import adult_income

    frame = pd.read_csv(HERE / "adult_income.csv")
    rng = np.random.default_rng(SEED)
    order = rng.permutation(len(frame))
    train, reference, later = np.split(order, [int(0.45 * len(frame)), int(0.65 * len(frame))])
    inputs = [c for c in frame.columns if c != ADULT_TARGET]
    model = adult_income(frame.iloc[train][inputs], frame.iloc[train][ADULT_TARGET])
    batches = _adult_batches(frame.iloc[later].reset_index(drop=True), rng)
    proba = model.predict_proba(batches[inputs])[:, list(model.classes_).index(">50K")]
    batches["logged_score"] = proba.round(6)  # what the serving system logged (the same model: no skew)
    BUILT.mkdir(exist_ok=True)
    frame.iloc[reference].to_csv(ADULT_REFERENCE, index=False)
    batches.to_csv(ADULT_BATCHES, index=False)
    ADULT_POLICY.write_text(POLICY_TEXT, encoding="utf-8")
    joblib.dump(model, ADULT_MODEL, compress=3)


def _adult_batches(rows: pd.DataFrame, rng) -> pd.DataFrame:
    """Twelve monthly batches of 2024 drawn from ``rows``; from ADULT_SHIFT_FROM on, two rows in five come from a
    new channel (applicants under 32); November and December are not labelled yet."""
    channel = (rows["age"] < 32).to_numpy()
    size = len(rows) // 12
    parts, free = [], np.ones(len(rows), dtype=bool)
    for month in range(1, 13):
        pick = []
        if month >= ADULT_SHIFT_FROM:
            pool = np.flatnonzero(free & channel)
            pick = list(rng.choice(pool, min(len(pool), 2 * size // 5), replace=False))
            free[pick] = False
        pool = np.flatnonzero(free)
        rest = rng.choice(pool, min(len(pool), size - len(pick)), replace=False)
        free[rest] = False
        part = rows.iloc[np.sort(np.concatenate([pick, rest]).astype(int))].copy()
        part.insert(0, ADULT_TIME_COLUMN, f"2024-{month:02d}-01")
        if month >= 11:
            part[ADULT_TARGET] = ""
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def ensure_adult() -> tuple[Path, Path, Path, Path]:
    """(model, reference, batches, policy) of the adult example, built first when missing."""
    if not all(p.is_file() for p in (ADULT_MODEL, ADULT_REFERENCE, ADULT_BATCHES, ADULT_POLICY)):
        build_adult()
    return ADULT_MODEL, ADULT_REFERENCE, ADULT_BATCHES, ADULT_POLICY


if __name__ == "__main__":
    build()
    build_adult()
    print(f"monitoring samples in {BUILT}")
