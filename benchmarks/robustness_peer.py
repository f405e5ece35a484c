"""Giskard 2.x's tabular scan on the adult sample model and holdout; run inside its own venv.

    /work/peers/giskard-venv/bin/python benchmarks/robustness_peer.py peer.json

Writes JSON to the path given (Giskard logs to standard output): versions, seconds for the whole scan,
and the issues it found (group, level, features, description).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import joblib
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    import giskard

    built = ROOT / "sample_models" / "built"
    pipeline = joblib.load(built / "adult_income.joblib")
    holdout = pd.read_csv(built / "adult_income_holdout.csv")
    features = [c for c in holdout.columns if c != "income"]
    text = [c for c in features if not pd.api.types.is_numeric_dtype(holdout[c])]
    model = giskard.Model(model=lambda df: pipeline.predict_proba(df[features]), model_type="classification",
                          classification_labels=[str(c) for c in pipeline.classes_], feature_names=features)
    dataset = giskard.Dataset(df=holdout, target="income", cat_columns=text)
    start = time.perf_counter()
    report = giskard.scan(model, dataset, raise_exceptions=True)
    seconds = time.perf_counter() - start
    issues = [{"group": str(getattr(i.group, "name", i.group)),
               "level": str(getattr(i.level, "value", i.level)), "features": list(getattr(i, "features", []) or []),
               "description": str(getattr(i, "description", ""))[:200]} for i in report.issues]
    found = {"python": sys.version.split()[0], "giskard": giskard.__version__, "pandas": pd.__version__,
             "rows": len(holdout), "seconds": seconds, "issues": issues}
    Path(sys.argv[1]).write_text(json.dumps(found, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
