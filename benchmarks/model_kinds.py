"""Seconds per row on the model-agnostic attribution paths, and report times for the slow kinds (issue 21).

Run from the repository root with the project's environment; ``--code`` puts another checkout's
``explainers`` first (e.g. the code before issue 21) so both are timed on the same machine::

    git archive <commit> explainers | tar -x -C /tmp/before
    python benchmarks/model_kinds.py --code /tmp/before --label before --out /tmp/before.json
    python benchmarks/model_kinds.py --label after --out /tmp/after.json
    python benchmarks/model_kinds.py --table /tmp/before.json /tmp/after.json

``--busy N`` runs N busy-looping processes beside the timings (a shared machine under load,
where OpenMP threads that wait for each other cost the most); they are stopped at the end.

Each kind is trained on bundled or generated data (no downloads), saved with joblib + CSV and
loaded like a user's model. Seconds per row: ``explainers.attributions`` on ``ROWS`` rows of a
freshly loaded case (median of ``--repeats``). Report: ``explainers.report(case, format="json")``
on ``REPORT_ROWS`` rows, once. The machine is shared: the load average is recorded beside.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import joblib
import numpy as np
import pandas as pd

ROWS, REPORT_ROWS = 10, 1000


def _frame(rows: int, numeric: int, text: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    X = pd.DataFrame({f"n{i}": rng.normal(size=rows).round(3) for i in range(numeric)})
    for i in range(text):
        X[f"t{i}"] = rng.choice(list("abcdefg"), rows)
    signal = X["n0"] + X["n1"] * X.get("n2", 0) + sum((X[f"t{i}"] < "c") * 0.8 for i in range(text))
    y = (signal + rng.normal(scale=0.5, size=rows) > 0.5).astype(int)
    return X, y.to_numpy()


def _kinds():
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.compose import ColumnTransformer
    from sklearn.datasets import load_breast_cancer
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OrdinalEncoder, StandardScaler
    from sklearn.svm import SVC

    cancer = load_breast_cancer(as_frame=True)

    def hgb(numeric, text):
        X, y = _frame(REPORT_ROWS, numeric, text)
        encode = ColumnTransformer([("t", OrdinalEncoder(), [f"t{i}" for i in range(text)])], remainder="passthrough")
        model = HistGradientBoostingClassifier(max_iter=100, categorical_features=list(range(text)), random_state=0)
        return make_pipeline(encode, model).fit(X, y), X, y

    def on_cancer(model, columns):
        X, y = cancer.data.iloc[:, :columns], cancer.target.to_numpy()
        return model.fit(X, y), X, y

    return {
        "hist_gradient_boosting_native_categories_6_columns": lambda: hgb(3, 3),
        "hist_gradient_boosting_native_categories_13_columns": lambda: hgb(9, 4),
        "svc_probability_8_columns": lambda: on_cancer(make_pipeline(StandardScaler(), SVC(probability=True)), 8),
        "svc_probability_30_columns": lambda: on_cancer(make_pipeline(StandardScaler(), SVC(probability=True)), 30),
        "calibrated_svc_10_columns": lambda: on_cancer(CalibratedClassifierCV(make_pipeline(StandardScaler(), SVC())), 10),
        "k_neighbours_4_columns": lambda: on_cancer(make_pipeline(StandardScaler(), KNeighborsClassifier()), 4),
    }


REPORTED = ("hist_gradient_boosting_native_categories_13_columns", "svc_probability_30_columns")


def _open(folder: Path, name: str, model, X, y):
    import explainers

    joblib.dump(model, folder / f"{name}.joblib")
    X.assign(target=y).to_csv(folder / f"{name}.csv", index=False)
    return explainers.load(folder / f"{name}.joblib", folder / f"{name}.csv", target="target")


def _time_kind(folder, name, build, repeats: int) -> dict:
    import explainers

    model, X, y = build()
    seconds, method = [], ""
    for _ in range(repeats):
        case = _open(folder, name, model, X, y)
        start = time.perf_counter()
        att = explainers.attributions(case, rows=list(case.X.index[:ROWS]))
        seconds.append((time.perf_counter() - start) / ROWS)
        method = att.method
    entry = {"seconds_per_row": statistics.median(seconds), "method": method, "columns": X.shape[1]}
    if name in REPORTED:
        case = _open(folder, name, model, X, y)
        start = time.perf_counter()
        explainers.report(case, folder / f"{name}.report.json", format="json")
        entry["report_seconds"] = time.perf_counter() - start
    return entry


def run(label: str, repeats: int) -> dict:
    warnings.simplefilter("ignore")
    results = {"label": label, "load_average": os.getloadavg()[0], "kinds": {}}
    with tempfile.TemporaryDirectory() as tmp:
        for name, build in _kinds().items():
            results["kinds"][name] = _time_kind(Path(tmp), name, build, repeats)
            print(name, results["kinds"][name], flush=True)
    results["load_average_after"] = os.getloadavg()[0]
    return results


def table(before: dict, after: dict) -> str:
    """A Markdown table: seconds per row and report seconds, before and after."""
    lines = ["| kind | columns | s/row before | s/row after | report s before | report s after | method after |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for name, new in after["kinds"].items():
        old = before["kinds"].get(name, {})
        lines.append(f"| {name} | {new['columns']} | {old.get('seconds_per_row', float('nan')):.3f} | "
                     f"{new['seconds_per_row']:.3f} | {_seconds(old.get('report_seconds'))} | "
                     f"{_seconds(new.get('report_seconds'))} | {new['method'].split(' (')[0]} |")
    return "\n".join(lines)


def _seconds(value) -> str:
    return "" if value is None else f"{value:.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", help="a folder holding another checkout's explainers package, timed instead")
    parser.add_argument("--label", default="after")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", help="write the timings as JSON here")
    parser.add_argument("--busy", type=int, default=0, help="busy-looping processes to run beside the timings")
    parser.add_argument("--table", nargs=2, metavar=("BEFORE", "AFTER"), help="print the table of two JSON runs")
    args = parser.parse_args()
    if args.table:
        print(table(*(json.loads(Path(p).read_text()) for p in args.table)))
        return
    sys.path.insert(0, args.code or str(Path(__file__).resolve().parent.parent))
    busy = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(args.busy)]
    try:
        results = run(args.label, args.repeats) | {"busy_processes": args.busy}
    finally:
        for process in busy:
            process.terminate()
    if args.out:
        Path(args.out).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
