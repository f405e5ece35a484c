"""A fast model at a million rows (issue 27 item 10): load and report as ratios to one read + predict_proba pass.

    flock /tmp/trustboard-bench.lock python benchmarks/report_fast_model.py [--rows 1000000] [--models fast sample]
        [--out-dir /tmp/trustboard-fast] [--profile]

Models: ``fast``, an adult-income LightGBM pipeline built here (ordinal-encoded text columns, 60 trees,
LightGBM's own threads), trained on sample_models/adult_income.csv and saved in the out folder; ``sample``,
the shipped adult sample model (sample_models/built/adult_income.joblib, 300 trees, one thread). Data: rows
resampled (seed 0) from sample_models/adult_income.csv, written as Parquet in the out folder (default a /tmp
folder; never committed). Each model runs in its own child process, which times, in this order: ``pass``
(pandas.read_parquet + joblib.load + one predict_proba over every row), ``load`` (explainers.load of the same
file), ``report`` (explainers.report to HTML, every section). ``--profile`` also writes a cProfile of the
report to ``<out>/report_<model>.prof`` (its time is then not the one in the table). Not a test: it is
never collected by pytest (tests/ only).

``--cell`` instead times load + report (JSON) of the German credit sample with and without one 1 MB text cell
(issue 27 item 7), alternating plain and with the cell twice in one process.
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

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "sample_models" / "adult_income.csv"
SAMPLE_MODEL = ROOT / "sample_models" / "built" / "adult_income.joblib"
TARGET = "income"


def make_data(rows: int, folder: Path) -> Path:
    """``rows`` rows resampled with replacement (seed 0) from the adult sample, as one Parquet file."""
    import numpy as np
    import pandas as pd

    path = folder / f"adult_{rows}.parquet"
    if not path.exists():
        source = pd.read_csv(SOURCE)
        picks = np.random.default_rng(0).integers(0, len(source), rows)
        source.iloc[picks].reset_index(drop=True).to_parquet(path)
    return path


def fast_model(folder: Path) -> Path:
    """The adult LightGBM pipeline of the issue: text columns ordinal-encoded, a small fast booster."""
    path = folder / "adult_fast_lightgbm.joblib"
    if path.exists():
        return path
    import joblib
    import pandas as pd
    from lightgbm import LGBMClassifier
    from sklearn.compose import ColumnTransformer
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OrdinalEncoder

    frame = pd.read_csv(SOURCE)
    X, y = frame.drop(columns=TARGET), frame[TARGET]
    text = [c for c in X.columns if not pd.api.types.is_numeric_dtype(X[c])]
    columns = ColumnTransformer(
        [("text", OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1), text)],
        remainder="passthrough", verbose_feature_names_out=False)
    booster = LGBMClassifier(n_estimators=60, num_leaves=31, learning_rate=0.1, random_state=0, verbose=-1)
    joblib.dump(Pipeline([("columns", columns), ("model", booster)]).fit(X, y), path)
    return path


def timed(func, *args, **kwargs):
    started = time.perf_counter()
    value = func(*args, **kwargs)
    return value, time.perf_counter() - started


def child(model: Path, data: Path, out: Path, profile: bool) -> None:
    import joblib
    import pandas as pd

    import explainers

    warnings.simplefilter("ignore")
    pd.read_parquet(data)  # the file in the page cache for every timing

    def one_pass():
        frame = pd.read_parquet(data)
        joblib.load(model).predict_proba(frame.drop(columns=TARGET))

    result = {"pass": timed(one_pass)[1]}
    case, result["load"] = timed(explainers.load, str(model), str(data), target=TARGET)
    html = out.with_suffix(".html")
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        result["report"] = timed(profiler.runcall, explainers.report, case, html)[1]
        profiler.dump_stats(out.with_suffix(".prof"))
    else:
        result["report"] = timed(explainers.report, case, html)[1]
    result["pass_again"] = timed(one_pass)[1]  # the machine is shared: a second reference after the report
    out.write_text(json.dumps(result))


def one_cell() -> None:
    """Load + report of the German sample, plain and with a 1 MB cell in 'purpose', alternately, twice."""
    import pandas as pd

    sys.path.insert(0, str(ROOT))  # this process imports the engine itself (no child)
    import explainers

    warnings.simplefilter("ignore")
    built = ROOT / "sample_models" / "built"
    folder = Path(tempfile.mkdtemp(prefix="trustboard-cell-"))
    plain = pd.read_csv(built / "german_credit_holdout.csv")
    wide = plain.assign(purpose=["x" * 1_000_000, *plain["purpose"][1:]])
    files = {"plain": folder / "plain.csv", "1 MB cell": folder / "cell.csv"}
    plain.to_csv(files["plain"], index=False)
    wide.to_csv(files["1 MB cell"], index=False)
    print("| round | data | load (s) | report (s) |\n|---:|---|---:|---:|")
    for round_ in (1, 2):
        for name, path in files.items():
            case, load = timed(explainers.load, str(built / "german_credit.joblib"), str(path))
            report = timed(explainers.report, case, folder / "report.json")[1]
            print(f"| {round_} | {name} | {load:.1f} | {report:.1f} |", flush=True)


def table(runs: dict[str, dict], rows: int) -> str:
    lines = [(f"| model ({rows:,} rows) | read + predict_proba pass (s) | load (s) | load / pass | report (s) | "
              "report / pass | pass again (s) |"), "|---|---:|---:|---:|---:|---:|---:|"]
    for name, r in runs.items():
        lines.append(f"| {name} | {r['pass']:.1f} | {r['load']:.1f} | {r['load'] / r['pass']:.2f} | {r['report']:.1f} | "
                     f"**{r['report'] / r['pass']:.2f}** | {r['pass_again']:.1f} |")
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--models", nargs="+", choices=["fast", "sample"], default=["fast", "sample"])
    parser.add_argument("--out-dir", type=Path)
    parser.add_argument("--profile", action="store_true", help="cProfile the report (its seconds then include the profiler)")
    parser.add_argument("--cell", action="store_true", help="time the German sample with and without a 1 MB cell")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.cell:
        one_cell()
        return
    if args.child:
        model, data, out = map(Path, args.child)
        child(model, data, out, args.profile)
        return
    folder = args.out_dir or Path(tempfile.mkdtemp(prefix="trustboard-fast-"))
    folder.mkdir(parents=True, exist_ok=True)
    data = make_data(args.rows, folder)
    models = {"fast": lambda: fast_model(folder), "sample": lambda: SAMPLE_MODEL}
    runs = {}
    for name in args.models:
        out = folder / f"report_{name}.json"
        command = [sys.executable, __file__, "--child", str(models[name]()), str(data), str(out),
                   *(["--profile"] if args.profile else [])]
        subprocess.run(command, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
        runs[name] = json.loads(out.read_text())
        print(f"{name}: {json.dumps(runs[name])}", flush=True)
    print(f"\nload average {os.getloadavg()}; files in {folder}\n")
    print(table(runs, args.rows))


if __name__ == "__main__":
    main()
