"""Every dashboard page's first view after a 1,000,000-row case is open (issue 19: within 3 s).

    python benchmarks/pages_at_scale.py [--rows 1000000] [--pages Why Health] [--profile DIR]

One process, as on one server, so st.cache_resource caches are shared between sessions. The
operator's settings (TRUSTBOARD_MODEL, TRUSTBOARD_DATA) point at the adult model and a Parquet
file of ``--rows`` rows resampled by ``benchmarks/scale.py make_data`` (in ``--data-dir``, never
in the repository). First the home page runs once in AppTest: that loads the case and is timed
apart ("load"). Then each page (app.py and every views/*.py with a ``# nav:`` line, in menu order)
is opened in a new AppTest session, as a person following a link: its first run is the "first
view", a rerun of the same session the "second view".

Each page's first view is timed as if it were the first page visited after the home page: before
it, the engine's caches (dashboard/cached.py, explainers/core/memo.py) are emptied and the home page
is run again, untimed, so the case stays loaded and what the home page precomputes is there (its
background work, dashboard/cached.py prepare_shared, is waited for: timed once after the load).
``--in-order`` keeps the caches, as one person visiting the pages in menu order would.
``--profile DIR`` writes a cProfile of each first view's script thread (``DIR/<page>.prof``).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import sys
import tempfile
import threading
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
APP = str(ROOT / "app.py")
MODEL = ROOT / "sample_models" / "built" / "adult_income.joblib"
ENVIRONMENT = ("TRUSTBOARD_MODEL", "TRUSTBOARD_DATA", "TRUSTBOARD_TARGET", "TRUSTBOARD_MODEL_DIR", "TRUSTBOARD_CHALLENGER")


def page_paths() -> list[str]:
    """The menu's pages, relative to the repository, in menu order (dashboard/layout.py decides)."""
    from dashboard.layout import pages

    return [path for path, _, _ in pages()]


def timed_run(app, timeout: float, profile: Path | None = None) -> float:
    """Seconds of one ``app.run()``; with ``profile``, a cProfile of the thread AppTest runs the script in."""
    profiler, started_in = cProfile.Profile(), []

    def start(frame, event, arg):  # profile the script's thread only
        sys.setprofile(None)
        if threading.current_thread().name == "ScriptRunner.scriptThread" and not started_in:
            started_in.append(threading.get_ident())
            profiler.enable()

    if profile:
        threading.setprofile(start)
    started = time.perf_counter()
    try:
        app.run(timeout=timeout)
    finally:
        threading.setprofile(None)
    seconds = time.perf_counter() - started
    if profile:
        profiler.dump_stats(str(profile))
    return seconds


def forget_results() -> None:
    """Empty the engine's result caches (not the loaded case) so the next page computes from scratch."""
    from dashboard import cached
    from explainers.core import memo

    cached._compute.clear()
    with memo._lock:
        memo._store.clear()
    if hasattr(cached, "_prepared"):  # absent before prepare_shared existed (to time older commits)
        with cached._prepared_lock:
            cached._prepared.clear()


def wait_for_prepare() -> float:
    """Seconds until the background work the home page started (dashboard/cached.py prepare_shared) is done."""
    started = time.perf_counter()
    for thread in threading.enumerate():
        if thread.name == "trustboard-prepare":
            thread.join()
    return time.perf_counter() - started


def problems(app) -> str:
    """The run's exceptions and error boxes, shortened for a table cell ('' when none)."""
    found = [f"exception: {e.value}"[:160] for e in app.exception]
    found += [f"error: {e.value}"[:160] for e in [*app.error, *app.sidebar.error]]
    return "; ".join(found).replace("|", "/").replace("\n", " ")


def view(page: str, timeout: float, profile: Path | None):
    """(first view seconds, second view seconds, problems) of ``page`` in a new session."""
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(APP, default_timeout=timeout)
    if page != "app.py":
        app.switch_page(page)
    first = timed_run(app, timeout, profile)
    first_problems = problems(app)
    second = timed_run(app, timeout)
    return first, second, first_problems or problems(app)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--data-dir", type=Path, default=Path(tempfile.gettempdir()) / "scale-bench")
    parser.add_argument("--pages", nargs="*", help="only pages whose path contains one of these words")
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--profile", type=Path, help="write a cProfile of each first view into this folder")
    parser.add_argument("--in-order", action="store_true", help="keep results cached from page to page")
    args = parser.parse_args()
    os.environ["STREAMLIT_LOGGER_LEVEL"] = "error"  # before streamlit is imported: no "missing ScriptRunContext"

    from benchmarks.scale import make_data
    from sample_models import build

    for name in build.missing():
        build.build(name)
    args.data_dir.mkdir(parents=True, exist_ok=True)
    data = make_data(args.rows, args.data_dir)
    for name in ENVIRONMENT:
        os.environ.pop(name, None)
    os.environ["TRUSTBOARD_MODEL"], os.environ["TRUSTBOARD_DATA"] = str(MODEL), str(data)
    if args.profile:
        args.profile.mkdir(parents=True, exist_ok=True)
    warnings.simplefilter("ignore")
    from streamlit.testing.v1 import AppTest

    started = time.perf_counter()
    home = AppTest.from_file(APP, default_timeout=args.timeout)
    load = timed_run(home, args.timeout, args.profile / "load.prof" if args.profile else None)
    rows = home.metric[0].value if home.metric else "?"
    print(f"load (home page's first run, opens the case: {rows} rows): {load:.2f} s {problems(home)}", flush=True)
    print(f"then the background work it starts (robustness scan, failing slices): {wait_for_prepare():.2f} s more",
          flush=True)

    chosen = [p for p in page_paths() if not args.pages or any(w.lower() in p.lower() for w in args.pages)]
    print("\n| page | first view (s) | second view (s) | exceptions |\n|---|---:|---:|---|")
    for page in chosen:
        profile = args.profile / (Path(page).stem + ".prof") if args.profile else None
        if not args.in_order:
            forget_results()
            AppTest.from_file(APP, default_timeout=args.timeout).run()
            wait_for_prepare()
        first, second, found = view(page, args.timeout, profile)
        print(f"| {page} | {first:.2f} | {second:.2f} | {found} |", flush=True)
    print("\nfirst views " + ("in menu order, results kept from page to page" if args.in_order else
                               "each right after the home page (results of other pages forgotten)"))
    print(f"total {time.perf_counter() - started:.0f} s; load average at the end: "
          + ", ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
