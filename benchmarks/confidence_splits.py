"""Benchmark issue 27 item 11: regression reports slowed by the repeated-split coverage.

A LightGBM regressor on 2,000 FIFA rows took 94 s for its report, 35 s of it in
``confidence.coverage_over_splits`` (51 conformal refits). There is no FIFA sample here, so the
regressors are the bike-rentals sample (its HistGradientBoosting pipeline on the 4,345-row holdout),
a LightGBM regressor and a ridge regression, each trained on the bike training rows and opened on
2,000 holdout rows. Two source trees are timed in one run, round-robin per model, each in a fresh
child process (training and imports untimed): ``--before`` and ``--after``, e.g. two ``git archive``
exports, so another engineer's uncommitted work cannot enter either side.

Measured per tree and model: ``coverage_over_splits(case, 0.9, repeats=50)`` (what How sure calls
for small held-out sets), the report's confidence section alone, and the whole JSON report, in
seconds, with the difficulty-model fits and model calls of the first two counted by wrappers.

Run under the benchmark lock, from the repository root::

    flock /tmp/trustboard-bench.lock python benchmarks/confidence_splits.py --before /tmp/old --after /tmp/new
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

MODELS = ("bike_sample", "lightgbm", "ridge")
ROWS = 2000


def _case(name: str):
    """The case for one model (training untimed); the sample model keeps its own holdout."""
    import warnings

    import lightgbm
    import pandas as pd
    from sklearn.compose import make_column_transformer
    from sklearn.linear_model import Ridge
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler

    import explainers
    from sample_models import build
    from sample_models.catalog import samples

    for missing in build.missing():
        build.build(missing)
    sample = samples()["bike_rentals"]
    warnings.simplefilter("ignore")
    if name == "bike_sample":
        return explainers.load(sample.model_path, sample.holdout_path)
    train, holdout = pd.read_csv(sample.training_path), pd.read_csv(sample.holdout_path).head(ROWS)
    X, y = train.drop(columns="rentals"), train["rentals"]
    text = [c for c in X.columns if not pd.api.types.is_numeric_dtype(X[c])]
    numbers = [c for c in X.columns if c not in text]
    if name == "lightgbm":
        encode = make_column_transformer((OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1), text),
                                         remainder="passthrough")
        model = make_pipeline(encode, lightgbm.LGBMRegressor(n_estimators=300, num_leaves=31, verbose=-1))
    else:
        encode = make_column_transformer((OneHotEncoder(handle_unknown="ignore"), text), (StandardScaler(), numbers))
        model = make_pipeline(encode, Ridge(alpha=1.0))
    model.fit(X, y)
    return explainers.load(model, holdout, target="rentals")


def child(name: str, report_only: bool = False) -> dict:
    """Time one model in this tree; print the numbers as JSON (``report_only``: the whole report alone)."""
    import dataclasses

    from sklearn.ensemble import HistGradientBoostingRegressor

    from explainers.confidence.conformal import coverage_over_splits
    from explainers.report.build import build, context

    case = _case(name)
    fits = {"n": 0}
    original = HistGradientBoostingRegressor.fit

    def counted(self, *args, **kwargs):
        fits["n"] += 1
        return original(self, *args, **kwargs)

    class Counting:
        def __init__(self, model):
            self.model, self.calls = model, 0

        def predict(self, X):
            self.calls += 1
            return self.model.predict(X)

        def __getattr__(self, attr):
            return getattr(self.model, attr)

    out = {"model": name, "rows": len(case.X), "estimator": type(case.model[-1] if hasattr(case.model, "steps")
                                                                    else case.model).__name__}
    if report_only:
        return _report(case, out)
    HistGradientBoostingRegressor.fit = counted
    wrapped = Counting(case.model)
    counting = dataclasses.replace(case, model=wrapped)
    start = time.perf_counter()
    splits = coverage_over_splits(counting, level=0.9, repeats=50)
    out.update(splits_s=time.perf_counter() - start, splits_fits=fits["n"], splits_model_calls=wrapped.calls,
               splits_mean=splits.mean, splits_std=splits.std)
    fits["n"], wrapped.calls = 0, 0
    start = time.perf_counter()
    build(context(counting), names=["confidence"], figures=True)
    out.update(section_s=time.perf_counter() - start, section_fits=fits["n"], section_model_calls=wrapped.calls)
    HistGradientBoostingRegressor.fit = original
    return _report(case, out)


def _report(case, out: dict) -> dict:
    """Time the whole JSON report and print ``out`` with it."""
    import tempfile

    import explainers

    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        explainers.report(case, Path(folder) / "report.json", format="json")
        out["report_s"] = time.perf_counter() - start
    print(json.dumps(out))
    return out


def run(tree: Path, name: str, report_only: bool = False) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    extra = ["--report-only"] if report_only else []
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", name, *extra], cwd=tree, env=env,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path)
    parser.add_argument("--after", type=Path)
    parser.add_argument("--child")
    parser.add_argument("--models", nargs="*", default=list(MODELS))
    parser.add_argument("--report-only", action="store_true", help="time the whole report only")
    parser.add_argument("--rounds", type=int, default=1, help="before/after rounds per model")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.report_only)
        return
    print(f"load average at start: {os.getloadavg()}", flush=True)
    rows = []
    for name in [m for m in args.models for _ in range(args.rounds)]:
        for side, tree in (("before", args.before), ("after", args.after)):
            found = run(tree, name, args.report_only)
            found["side"] = side
            rows.append(found)
            print(json.dumps(found), flush=True)
    print(f"load average at end: {os.getloadavg()}")
    if args.report_only:
        print("| model | rows | side | whole JSON report |\n|---|---|---|---|")
    else:
        print("| model | rows | side | coverage_over_splits, 50 (s) | its difficulty fits | its model calls | "
              "confidence section (s) | section fits / model calls | whole JSON report (s) | split mean coverage |")
        print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        if args.report_only:
            print(f"| {r['model']} ({r['estimator']}) | {r['rows']:,} | {r['side']} | whole JSON report {r['report_s']:.1f} s |")
            continue
        print(f"| {r['model']} ({r['estimator']}) | {r['rows']:,} | {r['side']} | {r['splits_s']:.2f} | "
              f"{r['splits_fits']} | {r['splits_model_calls']} | {r['section_s']:.2f} | {r['section_fits']} / "
              f"{r['section_model_calls']} | {r['report_s']:.1f} | {r['splits_mean']:.3f} ± {r['splits_std']:.3f} |")


if __name__ == "__main__":
    main()
