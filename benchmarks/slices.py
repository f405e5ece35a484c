"""Time explainers.failures on all 30,162 adult rows x 13 columns (target: 5 s or less on 2 cores).

Run from the repository root:  python benchmarks/slices.py
Prints a Markdown table; the numbers in benchmarks/README.md ("Slices") come from it.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import explainers  # noqa: E402
from sample_models import build  # noqa: E402
from sample_models.catalog import samples  # noqa: E402


def main(repeats: int = 3) -> None:
    for name in build.missing():
        build.build(name)
    sample = samples()["adult_income"]
    data = pd.read_csv(ROOT / "sample_models" / "adult_income.csv")
    case = explainers.load(sample.model_path, data)
    print(f"{len(case.X):,} rows x {case.X.shape[1]} columns; load average {os.getloadavg()}")
    print("| max conditions | median s | fastest s | slices found | top slice |")
    print("|---|---|---|---|---|")
    for conditions in (1, 2, 3):
        times, result = [], None
        for _ in range(repeats):
            start = time.perf_counter()
            result = explainers.failures(case, max_conditions=conditions).slices
            times.append(time.perf_counter() - start)
        print(f"| {conditions} | {statistics.median(times):.2f} | {min(times):.2f} | {len(result)} | "
              f"{result['slice'].iloc[0] if len(result) else '-'} |")


if __name__ == "__main__":
    main()
