"""Time ``explainers.compare`` on the adult_income holdout (9,048 rows, 1,000 bootstrap rounds; target: under 5 s)
and set its verdict beside MLflow's ``validate_evaluation_results`` (point estimates) for the same pair.

Run from the repository root with the project's environment::

    python benchmarks/compare.py                                   # timing + our verdict
    python benchmarks/compare.py --peer /work/peers/mlflow-venv/bin/python   # also MLflow's, in its own venv

Champion: the adult_income sample (LightGBM). Challenger: a logistic regression trained on the same
training rows with the German credit logistic sample's recipe (one-hot + scaling), written to
benchmarks/results/adult_logistic.joblib. The first call builds the attribution engines (cold); the
median of the warm repeats is what a page sees again. Predictions of both models are written to
benchmarks/results/adult_predictions.csv so that the peer judges the very same outputs.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

import joblib
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
sys.path.insert(0, str(ROOT))

import explainers  # noqa: E402
from explainers.compare import bootstrap, intervals, metrics  # noqa: E402
from explainers.compare.comparison import _worse  # noqa: E402
from explainers.compare.flips import explain_flips, flip_table, flipped  # noqa: E402
from sample_models import build  # noqa: E402
from sample_models.build import german_credit_linear  # noqa: E402
from sample_models.catalog import samples  # noqa: E402


def cases():
    """(champion, challenger) on the adult holdout; the challenger is trained here and saved for the peer."""
    for name in build.missing():
        build.build(name)
    sample = samples()["adult_income"]
    train = pd.read_csv(sample.training_path)
    challenger = german_credit_linear(train.drop(columns="income"), train["income"])
    RESULTS.mkdir(parents=True, exist_ok=True)
    joblib.dump(challenger, RESULTS / "adult_logistic.joblib")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        champion = explainers.load(sample.model_path, sample.holdout_path)
        return champion, explainers.load(RESULTS / "adult_logistic.joblib", sample.holdout_path, target="income")


def timed(func, *args, **kwargs):
    start = time.perf_counter()
    out = func(*args, **kwargs)
    return out, time.perf_counter() - start


def parts(champion, challenger) -> dict:
    """Seconds of each part of one comparison, run on their own."""
    specs = metrics.shared_specs(champion, challenger)
    before, after = metrics.row_values(champion), metrics.row_values(challenger)
    indices, t_draw = timed(bootstrap.resample_indices, len(champion.X), 1000, 0)
    rounds, t_rounds = timed(intervals.paired_rounds, specs, before, after, indices)
    mask, _ = flipped(champion, challenger)
    _, t_flips = timed(lambda: explain_flips(champion, challenger, flip_table(champion, challenger, mask), 200))
    _, t_worse = timed(_worse, champion, challenger)
    _, t_failures = timed(lambda: [explainers.failures(c) for c in (champion, challenger)])
    comparison = explainers.compare(champion, challenger)
    _, t_group = timed(comparison.by_group, "sex")
    return {"draw 1000 x rows indices": t_draw, "bootstrap: 5 metrics x 2 models x 1000 rounds": t_rounds,
            "flips + attribution reasons (200 rows)": t_flips, "slices where the challenger is worse": t_worse,
            "each model's failing slices (explainers.failures x 2; on first use of .slices)": t_failures,
            "by_group('sex') on a finished comparison": t_group}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--peer", help="python of a venv with mlflow installed (e.g. /work/peers/mlflow-venv/bin/python)")
    args = parser.parse_args()
    champion, challenger = cases()
    print(f"adult_income holdout: {len(champion.X):,} rows; load average at start {os.getloadavg()}")
    comparison, cold = timed(explainers.compare, champion, challenger)
    warm = [timed(explainers.compare, champion, challenger)[1] for _ in range(args.repeats)]
    print(f"\n| run | seconds |\n|---|---|\n| first call (builds attribution engines) | {cold:.2f} |")
    print(f"| warm, median of {args.repeats} | {statistics.median(warm):.2f} (all: {', '.join(f'{w:.2f}' for w in warm)}) |")
    print("\n| part | seconds |\n|---|---|")
    for name, seconds in parts(champion, challenger).items():
        print(f"| {name} | {seconds:.2f} |")
    print(f"\nload average at end {os.getloadavg()}\n")
    print(comparison.metrics.to_string(index=False))
    predictions = pd.DataFrame({"income": champion.y, "champion": champion.predicted, "challenger": challenger.predicted,
                                "champion_score": champion.proba[">50K"], "challenger_score": challenger.proba[">50K"]})
    predictions.to_csv(RESULTS / "adult_predictions.csv", index=False)
    ours = comparison.metrics.set_index("metric")
    (RESULTS / "compare.json").write_text(json.dumps(ours.reset_index().to_dict(orient="records"), indent=1))
    if args.peer:
        side_by_side(ours, args.peer)


def side_by_side(ours: pd.DataFrame, python: str) -> None:
    """Run the MLflow peer on the saved predictions and print both decisions per metric."""
    done = subprocess.run([python, str(ROOT / "benchmarks" / "compare_mlflow_peer.py"), str(RESULTS)],
                          capture_output=True, text=True, timeout=1200)
    if done.returncode != 0:
        print("MLflow peer failed:\n" + done.stderr[-3000:])
        return
    peer = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"\nMLflow {peer['version']}: {peer['api']}\n")
    print("| metric | champion | challenger | difference (95% interval) | MLflow (point estimates) | ours (interval) |")
    print("|---|---|---|---|---|---|")
    for key, verdict in peer["verdicts"].items():
        row = ours.loc[key]
        mine = {"challenger": "challenger better", "champion": "challenger worse", "": "no clear difference"}[row["better"]]
        print(f"| {key} | {row['champion']:.4f} | {row['challenger']:.4f} | {row['difference']:+.4f} "
              f"({row['low']:+.4f} to {row['high']:+.4f}) | {verdict} | {mine} |")


if __name__ == "__main__":
    main()
