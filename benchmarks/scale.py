"""Millions of rows on one machine: load and report against one read + predict_proba pass, and a growth table.

    python benchmarks/scale.py [--rows 30000 100000 300000 1000000] [--out-dir DIR] [--no-report-sizes 30000]

Rows are resampled (seed 0) from sample_models/adult_income.csv and written as Parquet in a temp
folder (never committed). Each size runs in its own child process, which times, in this order:
``pass`` (pandas.read_parquet + joblib.load + one predict_proba over all rows), ``load``
(explainers.load of the same file), ``report`` (explainers.report to HTML, every section, with each
section's time), then each engine step alone, its per-case memory emptied first (performance, calibration, failures, confidence with its
coverage, data_health, group_metrics by sex). Peak RSS is the child's ru_maxrss. The growth table
gives each step's seconds per size and the exponent b of a least-squares fit seconds ~ a * rows^b.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "sample_models" / "built" / "adult_income.joblib"
SOURCE = ROOT / "sample_models" / "adult_income.csv"
STEPS = ("performance", "calibration", "failures", "confidence", "data_health", "group_metrics")


def make_data(rows: int, folder: Path) -> Path:
    """``rows`` rows resampled with replacement (seed 0) from the adult sample, as one Parquet file."""
    path = folder / f"adult_{rows}.parquet"
    if not path.exists():
        source = pd.read_csv(SOURCE)
        picks = np.random.default_rng(0).integers(0, len(source), rows)
        source.iloc[picks].reset_index(drop=True).to_parquet(path)
    return path


def timed(func, *args, **kwargs) -> tuple[object, float]:
    started = time.perf_counter()
    value = func(*args, **kwargs)
    return value, time.perf_counter() - started


def one_pass(path: Path) -> float:
    """Seconds to read the file, load the model and run predict_proba once over every row."""
    import joblib

    def run():
        frame = pd.read_parquet(path)
        joblib.load(MODEL).predict_proba(frame.drop(columns="income"))
    return timed(run)[1]


def report_with_sections(case, out: Path) -> tuple[float, dict]:
    """explainers.report to HTML, and the seconds of each section inside it."""
    import dataclasses

    import explainers
    from explainers.report import registry

    spent: dict[str, float] = {}
    registry.sections()  # discover

    def clock(name, build):
        def run(ctx, blocks):
            started = time.perf_counter()
            build(ctx, blocks)
            spent[name] = spent.get(name, 0.0) + time.perf_counter() - started
        return run

    original = dict(registry._REGISTERED)
    try:
        for name, section in original.items():
            registry._REGISTERED[name] = dataclasses.replace(section, build=clock(name, section.build))
        seconds = timed(explainers.report, case, out)[1]
    finally:
        registry._REGISTERED.update(original)
    return seconds, spent


def child(rows: int, path: Path, out: Path, with_report: bool) -> None:
    import explainers
    from explainers.failures.groups import group_metrics

    warnings.simplefilter("ignore")
    pd.read_parquet(path)  # the file in the page cache for both timings
    result = {"rows": rows, "pass": one_pass(path)}
    case, result["load"] = timed(explainers.load, str(MODEL), str(path))
    if with_report:
        result["report"], result["sections"] = report_with_sections(case, out.with_suffix(".html"))
    steps = {"performance": lambda: explainers.performance(case),
             "calibration": lambda: explainers.calibration(case),
             "failures": lambda: explainers.failures(case),
             "confidence": lambda: explainers.confidence(case).coverage,
             "data_health": lambda: explainers.data_health(case),
             "group_metrics": lambda: group_metrics(case, "sex")}
    result["steps"] = {name: timed(fresh(step))[1] for name, step in steps.items()}
    result["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out.write_text(json.dumps(result))


def fresh(step):
    """``step`` with the engine's per-case memory emptied first, so it is timed as if alone (not on what
    the report or an earlier step prepared)."""
    from explainers.core import memo

    def run():
        memo._store.clear()
        return step()
    return run


def exponent(sizes, seconds) -> float:
    """b in seconds ~ a * rows^b (least squares on logs)."""
    return float(np.polyfit(np.log(sizes), np.log(np.maximum(seconds, 1e-3)), 1)[0])


def tables(runs: list[dict]) -> str:
    lines = ["| rows | read + predict_proba pass (s) | load (s) | load / pass | report (s) | report / pass | peak RSS (MiB) |",
             "|---:|---:|---:|---:|---:|---:|---:|"]
    for r in runs:
        report = f"{r['report']:.1f} | {r['report'] / r['pass']:.2f}" if "report" in r else "not run | "
        lines.append(f"| {r['rows']:,} | {r['pass']:.1f} | {r['load']:.1f} | {r['load'] / r['pass']:.2f} | {report} | "
                     f"{r['peak_rss_mib']:,.0f} |")
    sizes = [r["rows"] for r in runs]
    lines += ["", "| step | " + " | ".join(f"{n:,}" for n in sizes) + " | exponent |",
              "|---|" + "---:|" * (len(sizes) + 1)]
    for step in ("pass", "load", *STEPS):
        seconds = [r[step] if step in r else r["steps"][step] for r in runs]
        fit = f"{exponent(sizes, seconds):.2f}" if len(sizes) > 1 else ""
        lines.append(f"| {step} | " + " | ".join(f"{s:.2f}" for s in seconds) + f" | {fit} |")
    largest = [r for r in runs if "sections" in r][-1:]
    for r in largest:
        parts = sorted(r["sections"].items(), key=lambda kv: -kv[1])
        lines += ["", f"Report sections at {r['rows']:,} rows (s): " + ", ".join(f"`{k}` {v:.1f}" for k, v in parts)]
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[30_000, 100_000, 300_000, 1_000_000])
    parser.add_argument("--no-report-sizes", type=int, nargs="*", default=[], help="sizes timed without the report")
    parser.add_argument("--out-dir", type=Path)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        rows, path, out = args.child
        child(int(rows), Path(path), Path(out), int(rows) not in args.no_report_sizes)
        return
    folder = args.out_dir or Path(tempfile.mkdtemp(prefix="trustboard-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    runs = []
    for rows in args.rows:
        path, out = make_data(rows, folder), folder / f"result_{rows}.json"
        command = [sys.executable, __file__, "--child", str(rows), str(path), str(out),
                   "--no-report-sizes", *map(str, args.no_report_sizes)]
        subprocess.run(command, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
        runs.append(json.loads(out.read_text()))
        print(f"{rows:,} rows: " + json.dumps({k: v for k, v in runs[-1].items() if k != "sections"}), flush=True)
    print(f"\nload average {os.getloadavg()}; files in {folder}\n")
    print(tables(runs))


if __name__ == "__main__":
    main()
