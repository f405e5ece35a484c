"""Time explainers.robustness on the adult sample holdout (9,048 rows; target: under 15 s on 2 cores), per check,
beside Giskard 2.x's tabular scan on the same model and rows when its venv exists.

Run from the repository root:  python benchmarks/robustness.py [--repeats 3] [--peer /work/peers/giskard-venv]
The peer venv is made by hand (it must not share the project's environment):
    python3.11 -m venv /work/peers/giskard-venv && /work/peers/giskard-venv/bin/pip install "giskard>=2,<3" \
        lightgbm==4.7.0 scikit-learn==1.9.1
Prints Markdown tables.
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
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import explainers
from sample_models import build
from sample_models.catalog import samples


def ours(repeats: int) -> None:
    sample = samples()["adult_income"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        case = explainers.load(sample.model_path, sample.holdout_path)
    totals, checks, scan = [], {}, None
    for _ in range(repeats):
        start = time.perf_counter()
        scan = explainers.robustness(case, training=sample.training_path)
        totals.append(time.perf_counter() - start)
        for name, seconds in scan.timings.items():
            checks.setdefault(name, []).append(seconds)
    print(f"{len(case.X):,} rows x {case.X.shape[1]} columns, {scan.rows:,} scanned; load average {os.getloadavg()}")
    print("\n| check | median s | fastest s |\n|---|---|---|")
    for name, times in checks.items():
        print(f"| {name} | {statistics.median(times):.2f} | {min(times):.2f} |")
    print(f"| **whole scan** | **{statistics.median(totals):.2f}** | {min(totals):.2f} |")
    counts = Counter(zip(scan.findings["check"], scan.findings["severity"], strict=True))
    print("\nFindings:", dict(sorted(counts.items())), f"; passed: {len(scan.passed)}")
    print(f"Gate values: max flip rate {scan.max_flip_rate:.3f} {scan.max_flip_interval} ({scan.max_flip_column}), "
          f"leakage found {scan.leakage_found}, deterministic {scan.deterministic}")


def peer(venv: Path) -> None:
    python = venv / "bin" / "python"
    if not python.exists():
        print(f"\nGiskard peer skipped: no venv at {venv}")
        return
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "peer.json"
        done = subprocess.run([str(python), str(ROOT / "benchmarks" / "robustness_peer.py"), str(out)],
                              check=False, capture_output=True, text=True, cwd=ROOT)
        if done.returncode != 0:
            print(f"\nGiskard peer failed:\n{done.stderr[-2000:]}")
            return
        found = json.loads(out.read_text())
    counts = Counter((i["group"], i["level"]) for i in found["issues"])
    print(f"\nGiskard {found['giskard']} (python {found['python']}, pandas {found['pandas']}): whole scan "
          f"{found['seconds']:.1f} s on {found['rows']:,} rows; issues: {dict(sorted(counts.items()))}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--peer", type=Path, default=Path("/work/peers/giskard-venv"))
    parser.add_argument("--skip-peer", action="store_true")
    args = parser.parse_args()
    for name in build.missing():
        build.build(name)
    ours(args.repeats)
    if not args.skip_peer:
        peer(args.peer)


if __name__ == "__main__":
    main()
