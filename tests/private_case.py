"""A German credit model that uses two private columns of unique values: a numeric id and a text code.

Used by tests/test_privacy*.py: none of these values, in any formatting, may appear in a report or a page.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import joblib
import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import RandomForestClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder

ID, CODE = "customer_id", "customer_code"
PRIVATE = (ID, CODE)


def write(folder: Path, german_holdout: Path, private=(ID,)) -> tuple[Path, Path, pd.DataFrame]:
    """Train the model on the holdout with the two unique columns; ``private`` goes into the sidecar;
    return (model, data, frame)."""
    frame = pd.read_csv(german_holdout)
    rng = np.random.default_rng(7)
    ids = rng.choice(np.arange(1_000_003, 9_999_991, 7919), size=len(frame), replace=False)
    frame.insert(0, ID, ids)
    frame.insert(1, CODE, [f"QZX{v:07d}K" for v in rng.choice(10_000_000, size=len(frame), replace=False)])
    target = "credit_risk"
    X = frame.drop(columns=[target])
    text = [c for c in X.columns if not pd.api.types.is_numeric_dtype(X[c]) and c != CODE]
    model = Pipeline([
        ("encode", ColumnTransformer([("text", OneHotEncoder(handle_unknown="ignore"), text),
                                      ("code", OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1),
                                       [CODE])], remainder="passthrough")),
        ("forest", RandomForestClassifier(n_estimators=30, max_depth=5, random_state=0)),
    ]).fit(X, frame[target])
    model_path, data_path = folder / "private.joblib", folder / "private.csv"
    joblib.dump(model, model_path)
    frame.to_csv(data_path, index=False)
    sidecar = {"title": "Private credit", "target": target, "positive_class": "bad", "private": list(private),
               "sensitive": ["age", "personal_status_sex"], "costs": {"false_positive": 1, "false_negative": 5}}
    model_path.with_suffix(".json").write_text(json.dumps(sidecar))
    return model_path, data_path, frame


def forms(item) -> set[str]:
    """Every way a value may be written: as is, int, float to 4 significant digits, thousands separators, quoted."""
    if isinstance(item, str):
        return {item, repr(item), json.dumps(item)}
    value = float(item)
    found = {str(item), f"{value:.4g}", f"{value:,.4g}", f"{value:,.0f}", f"{value:.0f}", f"{value:,}", repr(value),
             f"{value:.6g}", f"{value:.3g}", f"{value:.3s}" if False else f"{value / 1e6:.4g}M"}
    if value.is_integer():
        found |= {f"{int(value):,}", str(int(value))}
    return found


NUMBER = re.compile(r"(?<![\d.])\d[\d,]*(?:\.\d+)?(?:e[+-]?\d+)?M?")


def leaked(text: str, frame: pd.DataFrame) -> list[str]:
    """The private values (any form) found in ``text``; a number counts only as a whole token (the digits
    of a long float such as 0.21354202913 are not the id 2135420)."""
    tokens = set(NUMBER.findall(text)) | {t.rstrip(".,") for t in NUMBER.findall(text)}
    found = set()
    for column in PRIVATE:
        numeric = pd.api.types.is_numeric_dtype(frame[column])
        for item in frame[column]:
            found |= {f"{column}={f}" for f in forms(item) if (f in tokens if numeric else f in text)}
    return sorted(found)
