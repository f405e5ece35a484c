"""A model and data whose every text is hostile: column names, class labels, values, title, descriptions.

Used by the AppTest walk (tests/test_hostile_app.py) and the browser test: no page may render any
of these as Markdown, HTML, LaTeX or Streamlit directives, and no page may request another origin.
"""

from __future__ import annotations

import json
from pathlib import Path

import joblib
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import RandomForestClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder

LEAK = "http://127.0.0.1:9"  # nothing listens there; a request to it means markup from data ran
TITLE = f"![t]({LEAK}/leak-title) :red[**boom**] $x^2$"
COLUMNS = {
    "checking_account": f"<img src={LEAK}/leak-col>",
    "purpose": f"![p]({LEAK}/leak-purpose)",
    "savings": ":red[**sav**] :material/home:",
    "duration_months": "line1\n===\nline2",
    "credit_amount": "$\\frac{a}{b}$ amount",
    "age": '<a href="http://example.invalid/x">age</a>',
    "housing": "`tick` back`tick",
}
CLASSES = {"bad": f"![c]({LEAK}/leak-class)", "good": ":blue[**fine**]"}
VALUE = f"![v]({LEAK}/leak-value)"
# Raw fragments that must never reach a Markdown-rendering element or plotly's HTML unescaped.
MARKUP = ("![", "<img", "<a href", ":red[", ":blue[", "**boom**", "**sav**", "$x^2$", "$\\frac", "\n===", ":material/home:",
          "`tick`")


def train_and_save(frame: pd.DataFrame, target: str, folder: Path) -> tuple[Path, Path]:
    """A one-hot random forest trained on ``frame``, saved with its data as hostile.joblib / hostile.csv."""
    X = frame.drop(columns=[target])
    text = [c for c in X.columns if not pd.api.types.is_numeric_dtype(X[c])]
    model = Pipeline([
        ("encode", ColumnTransformer([("text", OneHotEncoder(handle_unknown="ignore"), text)], remainder="passthrough")),
        ("forest", RandomForestClassifier(n_estimators=30, max_depth=5, random_state=0)),
    ]).fit(X, frame[target])
    model_path, data_path = folder / "hostile.joblib", folder / "hostile.csv"
    joblib.dump(model, model_path)
    frame.to_csv(data_path, index=False)
    return model_path, data_path


def write(folder: Path, german_holdout: Path) -> tuple[Path, Path]:
    """Train the hostile model on the German credit holdout; return (model path, data path)."""
    frame = pd.read_csv(german_holdout)
    frame["purpose"] = frame["purpose"].where(frame.index % 7 != 0, VALUE)
    frame["credit_risk"] = frame["credit_risk"].map(CLASSES)
    frame = frame.rename(columns=COLUMNS)
    target = "credit_risk"
    model_path, data_path = train_and_save(frame, target, folder)
    sidecar = {
        "title": TITLE, "target": target, "positive_class": CLASSES["bad"],
        "descriptions": {COLUMNS["age"]: f"Age ![d]({LEAK}/leak-description) :red[**x**]",
                         COLUMNS["purpose"]: "<script>alert(1)</script>"},
        "sensitive": [COLUMNS["age"], COLUMNS["housing"]],
        "immutable": [COLUMNS["age"]],
        "costs": {"false_positive": 1, "false_negative": 5},
    }
    model_path.with_suffix(".json").write_text(json.dumps(sidecar))
    return model_path, data_path
