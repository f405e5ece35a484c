"""Time ``explainers.compare`` on the adult_income holdout (9,048 rows, 1,000 bootstrap rounds; target: under 5 s)
and set its verdict beside MLflow's ``validate_evaluation_results`` (point estimates) for the same pair.

Run from the repository root with the project's environment::

    python benchmarks/compare.py                                   # timing + our verdict
    python benchmarks/compare.py --peer /work/peers/mlflow-venv/bin/python   # also MLflow's, in its own venv

Champion: the adult_income sample (LightGBM). Challenger: the adult_income_linear sample, a logistic regression
trained on the same training rows with the German credit logistic sample's recipe (one-hot + scaling; built
by sample_models/build.py like every sample). The first call builds the attribution engines (cold); the
median of the warm repeats is what a page sees again. The peer (benchmarks/compare_mlflow_peer.py) loads the
very same model files on the same holdouts, for this pair and for the German credit samples.
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

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
sys.path.insert(0, str(ROOT))

import explainers
from explainers.compare import metrics
from explainers.compare.comparison import _worse
from explainers.compare.flips import explain_flips, flip_table, flipped
from explainers.core.measures.paired import paired_case_tally, paired_measures
from sample_models import build
from sample_models.catalog import samples


def cases():
    """(champion, challenger) on the adult holdout: the adult_income and adult_income_linear samples."""
    for name in build.missing():
        build.build(name)
    sample, linear = samples()["adult_income"], samples()["adult_income_linear"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        champion = explainers.load(sample.model_path, sample.holdout_path)
        return champion, explainers.load(linear.model_path, sample.holdout_path, target="income")


def timed(func, *args, **kwargs):
    start = time.perf_counter()
    out = func(*args, **kwargs)
    return out, time.perf_counter() - start


def parts(champion, challenger) -> dict:
    """Seconds of each part of one comparison, run on their own."""
    chosen = metrics.compared(champion, challenger)
    (tally, _), t_tally = timed(paired_case_tally, champion, challenger)
    _, t_rounds = timed(paired_measures, tally, chosen, n_boot=1000, random_state=0)
    mask, _ = flipped(champion, challenger)
    _, t_flips = timed(lambda: explain_flips(champion, challenger, flip_table(champion, challenger, mask), 200))
    _, t_worse = timed(_worse, champion, challenger, None)
    _, t_failures = timed(lambda: [explainers.failures(c) for c in (champion, challenger)])
    comparison = explainers.compare(champion, challenger)
    _, t_group = timed(comparison.by_group, "sex")
    return {f"paired tally of both models ({len(tally.cells):,} cells)": t_tally,
            f"paired bootstrap: {len(chosen)} metrics x 2 models x 1000 rounds": t_rounds,
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
    (RESULTS / "compare.json").write_text(json.dumps(comparison.metrics.to_dict(orient="records"), indent=1))
    if args.peer:
        side_by_side(args.peer)


def pairs() -> list[dict]:
    """The pairs the peer judges: German credit (forest against logistic sample) and adult (LightGBM against logistic)."""
    german, adult = samples()["german_credit"], samples()["adult_income"]
    return [{"name": "german_credit", "data": str(german.holdout_path), "target": "credit_risk", "pos_label": "bad",
             "champion": str(german.model_path), "challenger": str(samples()["german_credit_linear"].model_path)},
            {"name": "adult_income", "data": str(adult.holdout_path), "target": "income", "pos_label": ">50K",
             "champion": str(adult.model_path), "challenger": str(samples()["adult_income_linear"].model_path)}]


def ours(pair: dict) -> pd.DataFrame:
    """Our metric table for a pair (1,000 rounds, seed 0)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        champion = explainers.load(pair["champion"], pair["data"], target=pair["target"])
        challenger = explainers.load(pair["challenger"], pair["data"], target=pair["target"])
    return explainers.compare(champion, challenger, max_explained=0).metrics.set_index("metric")


def side_by_side(python: str) -> None:
    """Run the MLflow peer on the same pairs and print both decisions per metric."""
    (RESULTS / "pairs.json").write_text(json.dumps(pairs(), indent=1))
    start = time.perf_counter()
    done = subprocess.run([python, str(ROOT / "benchmarks" / "compare_mlflow_peer.py"), str(RESULTS / "pairs.json")],
                          capture_output=True, text=True, timeout=1800, check=False)
    if done.returncode != 0:
        print("MLflow peer failed:\n" + done.stderr[-3000:])
        return
    peer = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"\nMLflow {peer['version']} ({time.perf_counter() - start:.0f} s for both pairs): {peer['api']}\n")
    print("| pair | metric | champion | challenger | difference (95% interval) | MLflow (point estimates) | ours (interval) |")
    print("|---|---|---|---|---|---|---|")
    words = {"challenger": "challenger better", "champion": "challenger worse", "": "no clear difference"}
    for pair in pairs():
        table = ours(pair)
        for key, theirs in peer["pairs"][pair["name"]].items():
            row = table.loc[key]
            print(f"| {pair['name']} | {key} | {row['champion']:.4f} | {row['challenger']:.4f} | "
                  f"{row['difference']:+.4f} ({row['low']:+.4f} to {row['high']:+.4f}) | {theirs['verdict']} | "
                  f"{words[row['better']]} |")


if __name__ == "__main__":
    main()
