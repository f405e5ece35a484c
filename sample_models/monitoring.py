"""The monitoring sample: bike rentals trained on 2011 only and watched month by month through 2012.

Leaves the other samples untouched. Writes into sample_models/built/: bike_rentals_2011.joblib (the model,
without the year column: the year is the time, not an input), bike_rentals_2011_reference.csv (a 25% holdout
of 2011, in time order, labelled) and bike_rentals_2012.csv (every 2012 row with a ``month_start`` date).
Run ``python -m sample_models.monitoring``; the "Since go-live" page runs it when the files are missing.
"""

from __future__ import annotations

from pathlib import Path

import joblib
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


if __name__ == "__main__":
    build()
    print(f"monitoring sample in {BUILT}")
