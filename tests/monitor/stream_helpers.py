"""A synthetic stream with a known shift (kept in the tests): labels follow the same rule throughout (no concept
drift); from chunk ``shift_at`` on, x1's mean moves by ``shift``."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder

import explainers


def rows(n: int, rng, x1_mean: float = 0.0, x1_scale: float = 1.0) -> pd.DataFrame:
    frame = pd.DataFrame({"x1": rng.normal(x1_mean, x1_scale, n), "x2": rng.normal(0, 1, n),
                          "x3": rng.normal(0, 1, n), "c": rng.choice(["a", "b", "c"], n, p=[0.5, 0.3, 0.2])})
    logit = 1.4 * frame["x1"] - 1.0 * frame["x2"] + 0.6 * (frame["c"] == "a") - 0.8
    frame["y"] = np.where(rng.random(n) < 1 / (1 + np.exp(-logit)), "yes", "no")
    return frame


def model_and_reference(seed: int = 0, reference_rows: int = 20_000):
    rng = np.random.default_rng(seed)
    train = rows(20_000, rng)
    columns = ColumnTransformer([("c", OneHotEncoder(), ["c"])], remainder="passthrough")
    model = Pipeline([("columns", columns), ("model", LogisticRegression(max_iter=1000))])
    model.fit(train.drop(columns="y"), train["y"])
    reference = explainers.load(model, rows(reference_rows, rng), target="y")
    return model, reference, rng


def stream(rng, chunks: int = 10, size: int = 20_000, shift_at: int = 6, shift: float = 0.8,
           scale: float = 1.0) -> pd.DataFrame:
    parts = []
    for k in range(chunks):
        moved = k + 1 >= shift_at
        part = rows(size, rng, x1_mean=shift if moved else 0.0, x1_scale=scale if moved else 1.0)
        parts.append(part.assign(day=pd.Timestamp("2024-01-01") + pd.Timedelta(days=k)))
    return pd.concat(parts, ignore_index=True)


def leaving_support(reference, rng, chunks: int = 10, size: int = 5_000, step: float = 0.5) -> pd.DataFrame:
    """x1's mean climbs by ``step`` per chunk until rows leave the reference's range; beyond the reference's
    largest x1 the outcome no longer follows the model (a coin flip): what the reference never showed."""
    top = float(reference.X["x1"].max())
    parts = []
    for k in range(chunks):
        part = rows(size, rng, x1_mean=step * k)
        beyond = part["x1"] > top
        part.loc[beyond, "y"] = np.where(rng.random(int(beyond.sum())) < 0.5, "yes", "no")
        parts.append(part.assign(day=pd.Timestamp("2024-01-01") + pd.Timedelta(days=k)))
    return pd.concat(parts, ignore_index=True)
