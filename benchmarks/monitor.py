"""Monitoring after go-live (issue 28): a score-only run against NannyML 0.13.1, and a 10M-row run on Dask.

    python benchmarks/monitor.py nannyml [--peer-python /work/peers/nannyml-venv/bin/python] [--chunk-size 5000]
    python benchmarks/monitor.py dask [--rows 10000000] [--periods 100] [--files 20] [--scheduler local]

``nannyml``: NannyML's own synthetic car-loan data (50,000 labelled reference rows and 50,000 analysis rows,
exported once by the peer's venv into Parquet; the analysis rows' outcomes are held back). In one run, one after
the other on the same files: Trustboard's score-only monitor (``explainers.load(None, reference, target,
scores=...)`` then ``explainers.monitor``: five metrics estimated per chunk, per-column drift, PCA drift,
prediction drift, quality) and NannyML's CBPE (the same five metrics) + UnivariateDriftCalculator (KS and
Jensen-Shannon for numbers, chi-squared and Jensen-Shannon for categories) + DataReconstructionDriftCalculator,
in a subprocess of the peer's venv with ``NML_DISABLE_USAGE_LOGGING=1``. Seconds are from reading the files to
the last result, imports left out (printed apart). Estimate error: per chunk, |estimated - realised| ROC AUC, with
the realised value from the held-back outcomes (scikit-learn's roc_auc_score), for both.

``dask`` (slow; not part of the test run): ``--rows`` rows of a synthetic stream over ``--periods`` days in
``--files`` Parquet files (x1's mean moves in the last fifth), watched by day on a LocalCluster of 2 single-thread
workers; prints the seconds of writing, of the monitor call, and the run's alerts.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PEER = "/work/peers/nannyml-venv/bin/python"
FEATURES = ["car_value", "salary_range", "debt_to_income_ratio", "loan_length", "repaid_loan_on_prev_car",
            "size_of_downpayment", "driver_tenure"]
METRICS = ["roc_auc", "accuracy", "precision", "recall", "f1"]

EXPORT = """
import os, sys
os.environ["NML_DISABLE_USAGE_LOGGING"] = "1"
import nannyml as nml
reference, analysis, targets = nml.load_synthetic_car_loan_dataset()
folder = sys.argv[1]
reference.to_parquet(f"{folder}/reference.parquet", index=False)
analysis.to_parquet(f"{folder}/analysis.parquet", index=False)
targets.to_parquet(f"{folder}/targets.parquet", index=False)
"""

PEER_RUN = """
import json, os, sys, time
os.environ["NML_DISABLE_USAGE_LOGGING"] = "1"
started = time.perf_counter()
import nannyml as nml
import pandas as pd
imported = time.perf_counter() - started
folder, chunk, features, metrics = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3]), json.loads(sys.argv[4])
start = time.perf_counter()
reference = pd.read_parquet(f"{folder}/reference.parquet")
analysis = pd.read_parquet(f"{folder}/analysis.parquet")
cbpe = nml.CBPE(y_pred_proba="y_pred_proba", y_pred="y_pred", y_true="repaid", timestamp_column_name="timestamp",
                metrics=metrics, chunk_size=chunk, problem_type="classification_binary").fit(reference)
estimated = cbpe.estimate(analysis)
univariate = nml.UnivariateDriftCalculator(column_names=features + ["y_pred_proba"], timestamp_column_name="timestamp",
                                           continuous_methods=["kolmogorov_smirnov", "jensen_shannon"],
                                           categorical_methods=["chi2", "jensen_shannon"], chunk_size=chunk)
drift = univariate.fit(reference).calculate(analysis)
pca = nml.DataReconstructionDriftCalculator(column_names=features, timestamp_column_name="timestamp", chunk_size=chunk)
rebuilt = pca.fit(reference).calculate(analysis)
seconds = time.perf_counter() - start
frame = estimated.filter(period="analysis").to_df()
auc = frame[("roc_auc", "value")].tolist()
drift_alerts = int(drift.filter(period="analysis").to_df().xs("alert", axis=1, level=-1).to_numpy().sum())
pca_alerts = int(rebuilt.filter(period="analysis").to_df()[("reconstruction_error", "alert")].sum())
print(json.dumps({"seconds": seconds, "import_seconds": imported, "roc_auc": auc, "univariate_alerts": drift_alerts,
                  "pca_alerts": pca_alerts}))
"""


def realised_auc(folder: Path, chunk: int) -> list[float]:
    from sklearn.metrics import roc_auc_score

    analysis = pd.read_parquet(folder / "analysis.parquet").merge(pd.read_parquet(folder / "targets.parquet"), on="id")
    return [float(roc_auc_score(part["repaid"], part["y_pred_proba"]))
            for _, part in analysis.groupby(np.arange(len(analysis)) // chunk)]


def ours(folder: Path, chunk: int) -> dict:
    import explainers

    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reference = explainers.load(None, folder / "reference.parquet", target="repaid", scores="y_pred_proba",
                                    features=FEATURES)
        result = explainers.monitor(reference, str(folder / "analysis.parquet"), chunk_size=chunk)
    seconds = time.perf_counter() - start
    auc = result.periods[result.periods["metric"] == "roc_auc"]
    return {"seconds": seconds, "roc_auc": auc["estimated"].tolist(), "band": auc[["estimated_low", "estimated_high"]]
            .to_numpy().tolist(), "alerts": result.alerts["kind"].value_counts().to_dict()}


def against_nannyml(args) -> None:
    folder = Path(args.out_dir or tempfile.mkdtemp(prefix="monitor_bench_"))
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "NML_DISABLE_USAGE_LOGGING": "1"}
    if not (folder / "analysis.parquet").exists():
        subprocess.run([args.peer_python, "-c", EXPORT, str(folder)], check=True, env=env)
    started = time.perf_counter()
    import explainers  # noqa: F401 - imported before the clock, as the peer's import is

    import_seconds = time.perf_counter() - started
    mine = ours(folder, args.chunk_size)
    done = subprocess.run([args.peer_python, "-c", PEER_RUN, str(folder), str(args.chunk_size), json.dumps(FEATURES),
                           json.dumps(METRICS)], check=True, env=env, capture_output=True, text=True)
    peer = json.loads(done.stdout.strip().splitlines()[-1])
    truth = realised_auc(folder, args.chunk_size)
    error_ours = np.abs(np.array(mine["roc_auc"]) - truth)
    error_peer = np.abs(np.array(peer["roc_auc"]) - truth)
    inside = [low <= t <= high for (low, high), t in zip(mine["band"], truth, strict=True)]
    print(f"rows: 50,000 reference + 50,000 analysis; chunks of {args.chunk_size:,}")
    print(f"Trustboard score-only monitor: {mine['seconds']:.2f} s (import {import_seconds:.2f} s); "
          f"alerts {mine['alerts']}")
    print(f"NannyML CBPE + univariate + PCA: {peer['seconds']:.2f} s (import {peer['import_seconds']:.2f} s); "
          f"univariate alerts {peer['univariate_alerts']}, PCA alerts {peer['pca_alerts']}")
    print(f"ratio NannyML / Trustboard: {peer['seconds'] / mine['seconds']:.1f}x")
    print(f"ROC AUC estimate error per chunk: Trustboard mean {error_ours.mean():.4f} max {error_ours.max():.4f} "
          f"(realised inside our band in {sum(inside)} of {len(inside)} chunks); NannyML mean {error_peer.mean():.4f} "
          f"max {error_peer.max():.4f}")


def stream_files(rows: int, periods: int, files: int, folder: Path) -> str:
    """``rows`` rows over ``periods`` days in ``files`` Parquet files; x1's mean moves by 0.5 in the last fifth."""
    per_file = rows // files
    for i in range(files):
        path = folder / f"part-{i:03d}.parquet"
        if path.exists():
            continue
        rng = np.random.default_rng(i)
        day = (np.arange(i * per_file, (i + 1) * per_file) * periods) // rows
        moved = day >= periods * 4 // 5
        frame = pd.DataFrame({"x1": rng.normal(0, 1, per_file) + 0.5 * moved, "x2": rng.normal(0, 1, per_file),
                              "x3": rng.normal(0, 1, per_file),
                              "c": rng.choice(["a", "b", "c"], per_file, p=[0.5, 0.3, 0.2])})
        logit = 1.4 * frame["x1"] - 1.0 * frame["x2"] + 0.6 * (frame["c"] == "a") - 0.8
        frame["y"] = np.where(rng.random(per_file) < 1 / (1 + np.exp(-logit)), "yes", "no")
        frame["day"] = pd.Timestamp("2024-01-01") + pd.to_timedelta(day, unit="D")
        frame.to_parquet(path, index=False)
    return str(folder / "part-*.parquet")


def on_dask(args) -> None:
    from distributed import Client, LocalCluster

    sys.path.insert(0, str(ROOT / "tests" / "monitor"))
    from stream_helpers import model_and_reference

    import explainers

    folder = Path(args.out_dir or tempfile.mkdtemp(prefix="monitor_dask_"))
    folder.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    pattern = stream_files(args.rows, args.periods, args.files, folder)
    written = time.perf_counter() - start
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _, reference, _ = model_and_reference(seed=0, reference_rows=20_000)
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        with Client(cluster):
            start = time.perf_counter()
            result = explainers.monitor(reference, pattern, time_column="day", period="D", explain=not args.no_explain)
            seconds = time.perf_counter() - start
        cluster.close()
    print(f"{args.rows:,} rows, {result.periods['period'].nunique()} periods, {args.files} files: written in "
          f"{written:.1f} s; monitor on 2 Dask workers {seconds:.1f} s")
    moved = str((pd.Timestamp("2024-01-01") + pd.Timedelta(days=args.periods * 4 // 5)).date())
    before = result.alerts[result.alerts["period"].astype(str) < moved]
    after = result.alerts[result.alerts["period"].astype(str) >= moved]
    print(f"x1 moves from {moved}; alerts before: {before['kind'].value_counts().to_dict()}, from then on: "
          f"{after['kind'].value_counts().to_dict()} ({after['period'].nunique()} of "
          f"{args.periods - args.periods * 4 // 5} moved periods alerted)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    peer = commands.add_parser("nannyml")
    peer.add_argument("--peer-python", default=PEER)
    peer.add_argument("--chunk-size", type=int, default=5_000)
    peer.add_argument("--out-dir")
    dask = commands.add_parser("dask")
    dask.add_argument("--rows", type=int, default=10_000_000)
    dask.add_argument("--periods", type=int, default=100)
    dask.add_argument("--files", type=int, default=20)
    dask.add_argument("--no-explain", action="store_true")
    dask.add_argument("--out-dir")
    args = parser.parse_args()
    (against_nannyml if args.command == "nannyml" else on_dask)(args)


if __name__ == "__main__":
    main()
