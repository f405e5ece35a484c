"""The Dask path: load + performance + calibration + failures + data health on Parquet files, local or remote cluster.

    python benchmarks/scale_dask.py [--rows 1000000] [--files 10] [--scheduler local|tcp://host:8786] [--out-dir DIR]

Rows are resampled (seed 0) from sample_models/adult_income.csv into ``--files`` Parquet files in a temp
folder. With ``--scheduler local`` a LocalCluster of 2 single-thread worker processes is started (its
scheduler runs inside this client process); any other address is used as is (the files must then be
readable by the workers at the same path). Prints each step's seconds and each process's peak memory: per
step the peak resident set (Linux VmHWM, reset before the step) of the client and of every worker, and at
the end each process's peak over the run: client, scheduler, workers and their nannies (a LocalCluster keeps
its scheduler and nannies in the client process).
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


def reset_peak() -> None:
    """Reset this process's peak resident set (Linux: writing 5 to clear_refs resets VmHWM)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def peak_mib() -> float:
    """This process's peak resident set since the last reset_peak (VmHWM), else its lifetime ru_maxrss."""
    try:
        line = next(x for x in Path("/proc/self/status").read_text().splitlines() if x.startswith("VmHWM:"))
        return int(line.split()[1]) / 1024
    except (OSError, StopIteration):
        return lifetime_peak()[1]


def lifetime_peak() -> tuple[int, float]:
    """(pid, peak RSS in MiB over the process's life): Linux reports ru_maxrss in KiB."""
    return os.getpid(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_now() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def measured(client, name: str, step):
    """Run ``step()`` with every process's peak reset first: its value, and its seconds and peaks as a row."""
    reset_peak()
    client.run(reset_peak)
    started = time.perf_counter()
    value = step()
    seconds = time.perf_counter() - started
    return value, {"step": name, "seconds": seconds, "client": peak_mib(), "workers": client.run(peak_mib)}


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
    started = time.perf_counter()
    pattern = make_files(args.rows, args.files, folder)
    print(f"files ready in {time.perf_counter() - started:.1f} s (not timed below); "
          f"load average {os.getloadavg()[0]:.1f} at the start")
    client = client_for(args.scheduler)
    case, row = measured(client, "load", lambda: explainers.load(str(MODEL), pattern))
    rows = [row]
    for name in ("performance", "calibration", "failures", "data_health"):
        rows.append(measured(client, name, lambda name=name: getattr(explainers, name)(case))[1])
    workers = sorted(rows[0]["workers"])
    print(f"{case.n_rows:,} rows in {args.files} files, sample {len(case.X):,}, scheduler {client.scheduler.address}, "
          f"workers {workers}; load average {os.getloadavg()[0]:.1f} at the end")
    print("\n| step | seconds | client peak (MiB) | " + " | ".join(f"worker {i + 1} peak (MiB)" for i in range(len(workers)))
          + " |\n|---|---:|---:|" + "---:|" * len(workers))
    for row in rows:
        print(f"| {row['step']} | {row['seconds']:.2f} | {row['client']:,.0f} | "
              + " | ".join(f"{row['workers'][w]:,.0f}" for w in workers) + " |")
    print_peaks(client, rows, workers)
    client.close()


def print_peaks(client, rows: list, workers: list) -> None:
    """Each process's peak RSS over the run: the highest step peak for the client and the workers (their
    counters were reset per step), ``ru_maxrss`` for a scheduler or nanny in a process of its own."""
    me = os.getpid()
    scheduler = client.run_on_scheduler(lifetime_peak)
    nannies = client.run(lifetime_peak, nanny=True)  # keyed by nanny address; empty without nannies
    pids, now = client.run(os.getpid), client.run(rss_now)
    print("\n| process | pid | peak RSS over the run (MiB) | RSS after the run (MiB) |\n|---|---:|---:|---:|")
    print(f"| client | {me} | {max(r['client'] for r in rows):,.0f} | {rss_now():,.0f} |")
    for name, found in [("scheduler", {"": scheduler}), *(("nanny", {w: n}) for w, n in sorted(nannies.items()))]:
        for address, (pid, peak) in found.items():
            where = "in the client process" if pid == me else f"{peak:,.0f}"
            print(f"| {name} {address} | {pid} | {where} | |")
    for i, w in enumerate(workers):
        print(f"| worker {i + 1} {w} | {pids[w]} | {max(r['workers'][w] for r in rows):,.0f} | {now[w]:,.0f} |")


if __name__ == "__main__":
    main()
