"""The Dask path: load + performance + failures + calibration on Parquet files, on a local or remote cluster.

    python benchmarks/scale_dask.py [--rows 1000000] [--files 10] [--scheduler local|tcp://host:8786] [--out-dir DIR]

Rows are resampled (seed 0) from sample_models/adult_income.csv into ``--files`` Parquet files in a temp
folder. With ``--scheduler local`` a LocalCluster of 2 single-thread worker processes is started; any
other address is used as is (the files must then be readable by the workers at the same path). Prints
each step's seconds, the client's peak RSS and each worker's memory after the run.
"""

from __future__ import annotations

import argparse
import os
import resource
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


def make_files(rows: int, files: int, folder: Path) -> str:
    source = pd.read_csv(SOURCE)
    for i in range(files):
        path = folder / f"part-{i:03d}.parquet"
        if not path.exists():
            picks = np.random.default_rng(i).integers(0, len(source), rows // files)
            source.iloc[picks].reset_index(drop=True).to_parquet(path)
    return str(folder / "part-*.parquet")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--files", type=int, default=10)
    parser.add_argument("--scheduler", default="local")
    parser.add_argument("--out-dir", type=Path)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))  # this checkout's engine, here and in the local workers
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    import explainers
    from explainers.scale.cluster import client_for

    warnings.simplefilter("ignore")
    folder = args.out_dir or Path(tempfile.mkdtemp(prefix="trustboard-dask-"))
    folder.mkdir(parents=True, exist_ok=True)
    pattern = make_files(args.rows, args.files, folder)
    client = client_for(args.scheduler)
    seconds = {}
    started = time.perf_counter()
    case = explainers.load(str(MODEL), pattern)
    seconds["load"] = time.perf_counter() - started
    for name, step in {"performance": explainers.performance, "calibration": explainers.calibration,
                       "failures": explainers.failures}.items():
        started = time.perf_counter()
        step(case)
        seconds[name] = time.perf_counter() - started
    memory = client.run(lambda: __import__("psutil").Process().memory_info().rss / 2**20)
    print(f"{case.n_rows:,} rows in {args.files} files, sample {len(case.X):,}, workers {sorted(case.whole.workers)}")
    print("| step | seconds |\n|---|---:|" + "".join(f"\n| {k} | {v:.1f} |" for k, v in seconds.items()))
    print(f"client peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB; worker RSS now "
          + ", ".join(f"{v:,.0f} MiB" for v in memory.values()))
    client.close()


if __name__ == "__main__":
    main()
