"""Benchmark ``explainers.attributions`` against shap alone and against explainerdashboard.

Run from the repository root with the project's environment::

    python benchmarks/attributions.py            # all parts, 3 repeats, rewrites benchmarks/README.md
    python benchmarks/attributions.py --skip-peer --no-readme   # quick look at parts A and B

A. Whole holdouts of the sample models: ``shap.TreeExplainer(final estimator).shap_values(
   preprocess.transform(X))`` alone against ``explainers.attributions(case)`` (probability and
   log-odds units), each repeat on a freshly loaded case so the per-case engine cache cannot help.
B. One-row latency of ``explainers.attributions(case, rows=<one-row DataFrame>)`` (what-if editor).
C. explainerdashboard 0.5.8 ``ClassifierExplainer(...).calculate_properties()`` in its own venv
   (benchmarks/.venv-explainerdashboard, created here when missing) against ours and against shap
   alone, on the same 100-tree random-forest pipeline trained the same way in both environments
   (benchmarks/explainerdashboard_peer.py holds the shared recipe).

Every timing is repeated (median reported) and peers are compared within the same run; ratios
are given beside the seconds because the machine is shared and absolute times drift.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import warnings
from importlib.metadata import version
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

import joblib  # noqa: E402
import numpy as np  # noqa: E402
import shap  # noqa: E402

import explainers  # noqa: E402
from explainers.core.estimators import input_map, split_pipeline  # noqa: E402
from sample_models.catalog import samples  # noqa: E402

PEER_VENV = HERE / ".venv-explainerdashboard"
PEER_SCRIPT = HERE / "explainerdashboard_peer.py"
RESULTS = HERE / "results"
README = HERE / "README.md"
# explainerdashboard 0.5.8 needs numpy<2.4 on Python 3.11, so it cannot share the project's venv
# (numpy 2.4.6). Everything else is pinned to the project's versions so that the forest and the
# shap engine are the same in both environments.
PEER_REQUIREMENTS = ["explainerdashboard==0.5.8", "numpy==2.3.5", "shap==0.51.0", "scikit-learn==1.9.1",
                     "pandas==3.1.1", "scipy==1.17.1", "joblib==1.6.0"]
OUR_PACKAGES = ("shap", "scikit-learn", "lightgbm", "numpy", "pandas", "scipy", "joblib", "numba")
SAMPLES_A = ("adult_income", "bike_rentals", "german_credit")
SAMPLES_B = ("german_credit", "adult_income", "bike_rentals")
ROW_CALLS = 50
SLOW_S = 20.0  # a timing whose first run exceeds this is not repeated (said in the tables)
QUICK_ROUND_S, QUICK_REPEATS = 3.0, 7  # rounds faster than this get at least this many repeats
REPEATS = {"n": 3}  # --repeats of this run (cells with another count say so)
TARGET_RATIO = 1.10
GAPS = (("default units", "gap_to_shap"), ("log-odds", "log_odds_gap_to_shap"))


# ---------------------------------------------------------------- helpers


def measure(tasks: dict, repeats: int) -> dict[str, tuple[list[float], object]]:
    """Time each task ``label: (run, setup)`` as ``run(setup())``, setup untimed, round-robin.

    Repeats go task by task in turn (A, B, A, B, ...) so that peers see the same background load.
    When one round takes under QUICK_ROUND_S the tasks get at least QUICK_REPEATS rounds (cheap, and
    a 3-run median of sub-second timings is at the mercy of a busy neighbour); a task whose run took
    over SLOW_S is not repeated. Returns each task's seconds and its last result.
    """
    seconds, last = {label: [] for label in tasks}, {}
    rounds, done = repeats, 0
    while done < rounds:
        round_start = time.perf_counter()
        for label, (run, setup) in tasks.items():
            if seconds[label] and seconds[label][-1] > SLOW_S:
                continue
            argument = setup() if setup is not None else None
            gc.collect()
            start = time.perf_counter()
            last[label] = run(argument)
            seconds[label].append(time.perf_counter() - start)
        done += 1
        if done == 1 and time.perf_counter() - round_start < QUICK_ROUND_S:
            rounds = max(repeats, QUICK_REPEATS)
    return {label: (seconds[label], last.get(label)) for label in tasks}


def median(values) -> float:
    return float(statistics.median(values))


def fmt_s(values) -> str:
    if not values:
        return "n/a"
    text = f"{median(values):.2f}"
    if len(values) == 1:
        return f"{text} (1 run)"
    return text if len(values) == REPEATS["n"] else f"{text} ({len(values)} runs)"


def fmt_ratio(numerator, denominator) -> str:
    if not numerator or not denominator:
        return "n/a"
    return f"{median(numerator) / median(denominator):.2f}x"


def paired_ratio(numerator, denominator) -> float | None:
    """Median over rounds of numerator_i / denominator_i: the two ran back to back in each round, so
    this is less moved than a ratio of medians when the machine's load drifts during the run."""
    pairs = list(zip(numerator, denominator, strict=False))
    return median([a / b for a, b in pairs]) if pairs else None


def fmt_paired(numerator, denominator) -> str:
    ratio = paired_ratio(numerator, denominator)
    return "n/a" if ratio is None else f"{ratio:.2f}x"


def markdown_table(headers, rows) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def say(text: str = "") -> None:
    print(text, flush=True)


def machine_facts() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        kib = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                       if line.startswith("MemTotal")))
        memory = f"{kib / 2**20:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    nproc = subprocess.run(["nproc"], check=False, capture_output=True, text=True).stdout.strip()
    return {"nproc": nproc or str(os.cpu_count()), "cpu": cpu, "memory": memory, "kernel": platform.release(),
            "load_average_start": [round(x, 2) for x in os.getloadavg()],
            "blas_env": {k: v for k, v in os.environ.items() if k.startswith(("OPENBLAS", "OMP_", "MKL_"))}}


def our_versions() -> dict:
    return {"python": sys.version.split()[0], **{p: version(p) for p in OUR_PACKAGES}}


def quiet():
    warnings.filterwarnings("ignore")


# ---------------------------------------------------------------- peer environment


def peer_python() -> Path:
    return PEER_VENV / "bin" / "python"


def ensure_peer_venv() -> float:
    """Create benchmarks/.venv-explainerdashboard when missing or stale; seconds spent (0 if it was ready).

    benchmarks/report.py calls this too (and prints the float), so keep its name and return value.
    """
    marker = PEER_VENV / "benchmark-requirements.txt"
    wanted = "\n".join(PEER_REQUIREMENTS) + "\n"
    if peer_python().exists() and marker.exists() and marker.read_text() == wanted:
        return 0.0
    say(f"creating the explainerdashboard environment in {PEER_VENV.relative_to(ROOT)} (first run only) ...")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(PEER_VENV)], check=True)
    subprocess.run([str(peer_python()), "-m", "pip", "install", "--quiet", *PEER_REQUIREMENTS], check=True)
    seconds = time.perf_counter() - start
    marker.write_text(wanted)
    (PEER_VENV / "benchmark-install.json").write_text(json.dumps(
        {"seconds": round(seconds, 1), "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")}))
    return seconds


def peer_install_info(seconds_this_run: float) -> dict | None:
    """When and how long creating the peer venv took (recorded beside it when it was made)."""
    record = PEER_VENV / "benchmark-install.json"
    if not record.exists():
        return None
    return {**json.loads(record.read_text()), "this_run": seconds_this_run > 0}


def run_peer(repeats: int) -> dict:
    RESULTS.mkdir(exist_ok=True)
    out, log = RESULTS / "peer.json", RESULTS / "peer.log"
    command = [str(peer_python()), str(PEER_SCRIPT), "--data-dir", str(ROOT / "sample_models"),
               "--repeats", str(repeats), "--out", str(out)]
    with open(log, "w") as handle:
        done = subprocess.run(command, check=False, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT)
    if done.returncode != 0:
        tail = "\n".join(log.read_text().splitlines()[-25:])
        raise SystemExit(f"the explainerdashboard script failed (exit {done.returncode}); end of {log}:\n{tail}")
    return json.loads(out.read_text())


def load_peer_module():
    spec = importlib.util.spec_from_file_location("explainerdashboard_peer", PEER_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------- part A


def shap_alone(model, X):
    preprocess, estimator = split_pipeline(model)
    Xt = preprocess.transform(X) if preprocess is not None else X
    return shap.TreeExplainer(estimator).shap_values(Xt)


def max_gap_to_shap(case, model, shap_values, ours) -> float:
    """Largest |ours - shap summed to input columns|, in ours' units (a same-computation check)."""
    preprocess, _ = split_pipeline(model)
    mapping = input_map(preprocess, list(case.X.columns))
    values = np.asarray(shap_values, dtype=float)
    if values.ndim == 3:
        values = values[:, :, list(case.classes).index(ours.target_class)]
    return float(np.max(np.abs(values @ mapping - ours.values.to_numpy())))


def part_a(repeats: int) -> list[dict]:
    rows = []
    for name in SAMPLES_A:
        sample = samples()[name]
        model = joblib.load(sample.model_path)

        def new_case(sample=sample):
            return explainers.load(sample.model_path, sample.holdout_path)

        case = new_case()
        X = case.X
        # warm-up (imports, first-call costs) on a few rows, untimed
        shap_alone(model, X.iloc[:50])
        explainers.attributions(new_case(), rows=X.iloc[:50])
        predict = model.predict_proba if case.is_classifier else model.predict
        tasks = {"shap": (lambda _, model=model, X=X: shap_alone(model, X), None),
                 "ours": (lambda c: explainers.attributions(c), new_case),
                 "predict": (lambda _, predict=predict, X=X: predict(X), None)}
        if case.is_classifier:
            tasks["log_odds"] = (lambda c: explainers.attributions(c, units="log-odds"), new_case)
        timed = measure(tasks, repeats)
        (shap_s, shap_values), (prob_s, prob), (predict_s, _) = timed["shap"], timed["ours"], timed["predict"]
        row = {"sample": name, "rows": len(X), "estimator": type(split_pipeline(model)[1]).__name__,
               "shap_s": shap_s, "predict_s": predict_s, "ours_s": prob_s, "ours_method": prob.method,
               "ours_approximate": prob.approximate, "ours_max_additivity_error": prob.max_additivity_error,
               "log_odds_s": [], "log_odds_method": None}
        if not prob.approximate:
            row["gap_to_shap"] = max_gap_to_shap(case, model, shap_values, prob)
        if case.is_classifier:
            lo_s, lo = timed["log_odds"]
            row.update(log_odds_s=lo_s, log_odds_method=lo.method)
            if not lo.approximate:
                row["log_odds_gap_to_shap"] = max_gap_to_shap(case, model, shap_values, lo)
        rows.append(row)
        say(f"A {name}: shap {fmt_s(shap_s)} s, ours {fmt_s(prob_s)} s, log-odds {fmt_s(row['log_odds_s'])} s")
    return rows


def profile_a() -> None:
    """cProfile of one attributions() call per sample on a fresh case; top functions by own time."""
    import cProfile
    import io
    import pstats

    RESULTS.mkdir(exist_ok=True)
    for name in SAMPLES_A:
        sample = samples()[name]
        case = explainers.load(sample.model_path, sample.holdout_path)
        profiler = cProfile.Profile()
        profiler.runcall(explainers.attributions, case)
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(15)
        (RESULTS / f"profile_{name}.txt").write_text(text.getvalue())
        say(f"profile {name} (top by own time; all in results/profile_{name}.txt):")
        say("\n".join(text.getvalue().splitlines()[:16]))


# ---------------------------------------------------------------- part B


def part_b() -> list[dict]:
    """One-row latency; each row is also timed with OpenMP limited to one thread (a diagnostic:
    on a busy machine scikit-learn's and LightGBM's OpenMP predictions can stall for a scheduler
    slice per parallel region, and HistGradientBoosting opens one per tree)."""
    from threadpoolctl import threadpool_limits

    rows = []
    for name in SAMPLES_B:
        sample = samples()[name]
        case = explainers.load(sample.model_path, sample.holdout_path)
        X = case.X
        start = time.perf_counter()
        explainers.attributions(case, rows=X.iloc[[0]].copy())
        first = time.perf_counter() - start
        seconds, one_thread = [], []
        for i in range(1, ROW_CALLS + 1):
            for sink, limit in ((seconds, None), (one_thread, 1)):
                row = X.iloc[[i]].copy()  # a new one-row DataFrame each call, as the editor sends
                with threadpool_limits(limit, user_api="openmp"):
                    start = time.perf_counter()
                    explainers.attributions(case, rows=row)
                    sink.append(time.perf_counter() - start)
        rows.append({"sample": name, "method": explainers.attributions(case, rows=X.iloc[[0]]).method,
                     "first_call_ms": first * 1e3, "calls": len(seconds),
                     "median_ms": median(seconds) * 1e3, "p90_ms": float(np.percentile(seconds, 90)) * 1e3,
                     "max_ms": max(seconds) * 1e3, "omp1_median_ms": median(one_thread) * 1e3,
                     "omp1_p90_ms": float(np.percentile(one_thread, 90)) * 1e3, "omp1_max_ms": max(one_thread) * 1e3})
        say(f"B {name}: median {rows[-1]['median_ms']:.1f} ms over {len(seconds)} calls "
            f"({rows[-1]['omp1_median_ms']:.1f} ms with OpenMP at 1 thread)")
    return rows


# ---------------------------------------------------------------- part C


def part_c(repeats: int, peer: dict | None) -> list[dict]:
    module = load_peer_module()
    rows = []
    for name, (dataset, max_depth, _) in module.PEER_CASES.items():
        pipeline, X, y = module.prepare(ROOT / "sample_models", name)
        frame = X.assign(**{y.name: y})

        def new_case(pipeline=pipeline, frame=frame, target=y.name):
            return explainers.load(pipeline, frame, target=target)

        explainers.attributions(new_case(), rows=X.iloc[:20])  # warm-up
        module.shap_alone(pipeline, X.iloc[:20])
        timed = measure({"ours": (lambda c: explainers.attributions(c), new_case),
                         "shap": (lambda _, pipeline=pipeline, X=X: module.shap_alone(pipeline, X), None)}, repeats)
        (ours_s, ours), (shap_s, _) = timed["ours"], timed["shap"]
        fingerprint = module.model_fingerprint(pipeline, X)
        peer_case = (peer or {}).get("cases", {}).get(name)
        rows.append({
            "config": name, "dataset": dataset, "max_depth": max_depth, "rows": len(X),
            "forest": module.forest_shape(pipeline), "ours_s": ours_s, "ours_method": ours.method,
            "shap_s": shap_s, "fingerprint": fingerprint,
            "peer_s": peer_case["calculate_properties_s"] if peer_case else [],
            "peer_shap_s": peer_case["shap_alone_s"] if peer_case else [],
            "peer_breakdown": peer_case["breakdown"] if peer_case else None,
            "same_model": bool(peer_case and peer_case["fingerprint"] == fingerprint),
        })
        say(f"C {name}: ours {fmt_s(ours_s)} s, shap {fmt_s(shap_s)} s, "
            f"explainerdashboard {fmt_s(rows[-1]['peer_s'])} s")
    return rows


# ---------------------------------------------------------------- report


def tables(results: dict) -> dict[str, str]:
    a_rows = []
    for r in results["A"]:
        a_rows.append([
            r["sample"], r["rows"], r["estimator"], fmt_s(r["shap_s"]), fmt_s(r["ours_s"]),
            fmt_ratio(r["ours_s"], r["shap_s"]), fmt_paired(r["ours_s"], r["shap_s"]),
            fmt_s(r["log_odds_s"]), fmt_ratio(r["log_odds_s"], r["shap_s"]), fmt_s(r["predict_s"]),
        ])
    a = markdown_table(["sample", "rows", "final estimator", "shap alone (s)", "ours, default units (s)",
                        "ours/shap (ratio of medians)", "ours/shap (paired)", "ours, log-odds (s)", "log-odds/shap",
                        "model predict alone (s)"], a_rows)
    a_methods = markdown_table(
        ["sample", "ours, default units: method", "ours, log-odds: method", "max abs(ours - shap), exact cells"],
        [[r["sample"], r["ours_method"], r["log_odds_method"] or "n/a (regressor: target units)",
          ", ".join(f"{k}: {r[key]:.1e}" for k, key in GAPS if key in r) or "n/a (rescaled)"] for r in results["A"]])
    b = markdown_table(
        ["sample", "first call (ms, builds the engine)", f"median of {ROW_CALLS} calls (ms)", "p90 (ms)", "max (ms)",
         "OpenMP 1 thread: median / p90 / max (ms)", "method"],
        [[r["sample"], f"{r['first_call_ms']:.0f}", f"{r['median_ms']:.1f}", f"{r['p90_ms']:.1f}",
          f"{r['max_ms']:.1f}", f"{r['omp1_median_ms']:.1f} / {r['omp1_p90_ms']:.1f} / {r['omp1_max_ms']:.1f}",
          r["method"]] for r in results["B"]])
    c_rows = []
    for r in results["C"]:
        depth = "none" if r["max_depth"] is None else r["max_depth"]
        c_rows.append([
            r["dataset"], depth, f"{r['forest']['mean_leaves']:.0f} / {r['forest']['mean_depth']:.0f}", r["rows"],
            fmt_s(r["peer_s"]), fmt_s(r["ours_s"]), fmt_s(r["shap_s"]), fmt_s(r["peer_shap_s"]),
            fmt_ratio(r["ours_s"], r["peer_s"]), fmt_ratio(r["peer_s"], r["ours_s"]),
            fmt_ratio(r["ours_s"], r["shap_s"]), fmt_paired(r["ours_s"], r["shap_s"]),
            "yes" if r["same_model"] else "NO",
        ])
    c = markdown_table(["data", "max_depth", "leaves / depth per tree", "rows", "explainerdashboard (s)",
                        "ours (s)", "shap alone, our env (s)", "shap alone, peer env (s)", "ours/peer",
                        "peer/ours (speed-up)", "ours/shap (ratio of medians)", "ours/shap (paired)",
                        "same forest"], c_rows)
    breakdown_rows = []
    for r in results["C"]:
        if r["peer_breakdown"]:
            steps = r["peer_breakdown"]["steps"]
            total = sum(steps.values())
            breakdown_rows += [[r["config"], step, f"{s:.2f}", f"{100 * s / total:.0f}%"] for step, s in steps.items()]
    c_breakdown = markdown_table(["config", "step of calculate_properties()", "s (one pass)", "share"], breakdown_rows)
    return {"A": a, "A_methods": a_methods, "B": b, "C": c, "C_breakdown": c_breakdown}


def reading(results: dict) -> str:
    """Sentences that follow from this run's numbers, then the fixed facts about the methods."""
    lines = []
    for r in results["A"]:
        ratio = median(r["ours_s"]) / median(r["shap_s"])
        paired = paired_ratio(r["ours_s"], r["shap_s"])
        verdict = ("meets" if max(ratio, paired) <= TARGET_RATIO else
                   "misses" if min(ratio, paired) > TARGET_RATIO else "is borderline on")
        units = "probability units" if r["log_odds_s"] else "target units"
        lines.append(f"- A, {r['sample']} ({r['rows']} rows, {r['estimator']}): ours in {units} takes "
                     f"{ratio:.2f}x shap alone (ratio of medians; {paired:.2f}x paired round by round), which "
                     f"{verdict} the <= {TARGET_RATIO:.2f}x target"
                     + (f"; log-odds {median(r['log_odds_s']) / median(r['shap_s']):.2f}x" if r["log_odds_s"] else "")
                     + f". The model's own predict on the same rows takes {median(r['predict_s']):.2f} s "
                       f"(ours runs it once, for the additivity check; {min(r['predict_s']):.2f} to "
                       f"{max(r['predict_s']):.2f} s across rounds).")
    for r in results["B"]:
        lines.append(f"- B, {r['sample']}: one row takes {r['median_ms']:.1f} ms (median), "
                     f"{r['p90_ms']:.1f} ms at p90, {r['max_ms']:.0f} ms at worst; with OpenMP limited to one "
                     f"thread {r['omp1_median_ms']:.1f} / {r['omp1_p90_ms']:.1f} / {r['omp1_max_ms']:.0f} ms. "
                     f"The first call on a new case, which builds the engine, {r['first_call_ms']:.0f} ms.")
    for r in results["C"]:
        if r["peer_s"]:
            depth = "no depth limit" if r["max_depth"] is None else f"max_depth={r['max_depth']}"
            peer_shap = r["peer_breakdown"]["steps"].get("SHAP values (TreeSHAP, one-hot columns merged)")
            lines.append(f"- C, {r['dataset']} ({depth}, {r['rows']} rows): explainerdashboard "
                         f"{median(r['peer_s']):.2f} s, ours {median(r['ours_s']):.2f} s "
                         f"({median(r['peer_s']) / median(r['ours_s']):.1f}x faster); of the peer's time, SHAP itself "
                         f"was {peer_shap:.2f} s in the instrumented pass. "
                         f"Shap alone: {median(r['shap_s']):.2f} s here, "
                         f"{median(r['peer_shap_s']):.2f} s in the peer's environment.")
    return "\n".join(lines)


METHODS = """\
What each column computes:

- **shap alone**: `shap.TreeExplainer(final_estimator).shap_values(pipeline[:-1].transform(X))`, constructor
  included, shap's own defaults (for a forest that includes its additivity check, which runs the forest
  once more). Values are per transformed column (one-hot columns not summed back), in the estimator's raw
  space: log-odds for LightGBM (shap calls the booster's own `pred_contrib`, which without a
  `num_threads` argument uses all cores), target units for HistGradientBoosting, class probabilities for
  forests.
- **ours** (`explainers.attributions(case)`, fresh case per repeat, loading untimed): picks the engine,
  transforms, computes TreeSHAP, sums transformed columns back to input columns, converts units, runs the
  model once to check `base + sum(values) == prediction`. For LightGBM it calls LightGBM's `pred_contrib`
  directly with `num_threads=0` (all cores: the same kernel and thread count as shap's call); for
  scikit-learn trees it calls shap's TreeExplainer with `check_additivity=False` (our own check replaces
  it). So on top of shap's kernel ours pays for the column map, the unit conversion and one model
  prediction; "model predict alone" in table A shows what that prediction costs.
  - Boosted classifiers in probability units: log-odds TreeSHAP **rescaled per row** so each row sums to its
    change in probability (additive; the split among features is an approximation of probability-space
    SHAP, and the result says so). Log-odds units are the exact TreeSHAP values.
  - Random forests: **exact probability-space TreeSHAP** (forests average probabilities). There is no exact
    log-odds split for a forest, so `units="log-odds"` takes the model-agnostic permutation path (estimates,
    10 antithetic orders, 50 background rows), which is why that cell is slow.
  - Regressors: target units (the units argument does not apply).
- **explainerdashboard** `ClassifierExplainer(pipeline, X, y, shap="tree", cats={input column: its one-hot
  columns}).calculate_properties()`. It takes the Pipeline as is (splits off the final estimator, transforms
  X, explains the forest with shap.TreeExplainer on the transformed columns, merges one-hot columns back
  through `cats`). Besides SHAP values and their base value it computes: predictions and probabilities,
  percentile ranks, classification metrics, the classification table, ROC and PR curves, permutation
  importances (scikit-learn style, on X and y), mean |SHAP|, the decoded one-hot columns, and a dtreeviz
  "shadow tree" for every tree of the forest. In 0.5.8 `calculate_properties()` mentions
  `self.shap_interaction_values` without calling it, so **no SHAP interaction values are computed** (the
  instrumented pass checks this). The breakdown table splits one pass into those steps.
"""


def readme(results: dict, tabled: dict[str, str]) -> str:
    meta = results["meta"]
    machine = meta["machine"]
    ours_v = ", ".join(f"{k} {v}" for k, v in meta["our_versions"].items())
    peer_v = ", ".join(f"{k} {v}" for k, v in (meta.get("peer_versions") or {}).items()) or "not run"
    made = meta.get("peer_install") or {}
    install = (f"Creating it took {made['seconds']:.0f} s ({made['date']}"
               f"{', during this run, whose time includes it' if made.get('this_run') else ''})." if made else "")
    blas = ", ".join(f"{k}={v}" for k, v in machine["blas_env"].items()) or "none set"
    return f"""\
# Benchmarks

`benchmarks/attributions.py` times `explainers.attributions` against `shap.TreeExplainer` alone and
against explainerdashboard 0.5.8, side by side in one run. Its sections here ("Running it", "Results")
are written by that script (edit the text in its `readme()`, not here); it keeps any other `## ` section
that follows, such as the one benchmarks/report.py appends.

## Running it

From the repository root, with the project's environment:

    {meta['command']}

- Builds the sample models first if they are missing (`sample_models/built/`).
- On its first run it creates `benchmarks/.venv-explainerdashboard` with `python -m venv` and

      pip install {' '.join(PEER_REQUIREMENTS)}

  explainerdashboard 0.5.8 needs numpy<2.4 on Python 3.11, so it cannot share the project's environment
  (numpy 2.4.6); everything else is pinned to the project's versions. {install} It then runs
  `benchmarks/explainerdashboard_peer.py` in that venv and reads its JSON.
- Options: `--repeats N` (default 3, more for sub-second rows; the median is reported), `--skip-peer`
  (parts A and B only), `--no-readme` (print only), `--profile` (also cProfile one call per sample of part A into
  `benchmarks/results/profile_*.txt`). Raw numbers, every repeat, go to `benchmarks/results/latest.json`;
  `benchmarks/results/` and the venv are git-ignored.
- Runtime: {meta['wall_s'] / 60:.1f} minutes for the run below (more when the machine is busy).

## Results

- Date: {meta['date']}
- Command: `{meta['command']}` from the repository root, run by `{meta['interpreter']}` ({meta['repeats']}
  repeats, median reported; whole run {meta['wall_s']:.0f} s)
- Machine: nproc {machine['nproc']}, {machine['cpu']}, {machine['memory']} RAM, Linux {machine['kernel']};
  load average {machine['load_average_start']} at the start and {meta['load_average_end']} at the end
  (the machine is shared: other work was running, so compare ratios within the run rather than seconds
  across runs). BLAS/OpenMP environment: {blas}.
- Project environment: {ours_v}.
- explainerdashboard environment: {peer_v}.

### A. Whole holdouts: ours against shap alone

{tabled['A']}

{tabled['A_methods']}

Cells show the median of {meta['repeats']} runs unless they say otherwise: a row whose round takes under
{QUICK_ROUND_S:.0f} s is repeated {QUICK_REPEATS} times, and a timing over {SLOW_S:.0f} s is not repeated.
The repeats run round-robin (shap, ours, predict, ours in log-odds, then again), so "paired" is the
median over rounds of ours/shap measured back to back; it moves less than the ratio of medians when the
machine's load changes during the run. The last column of the second table compares ours with shap's
values summed back to input columns (same rows, same class), where both are exact: it shows the two
compute the same thing.

### B. One row (what-if editor)

`explainers.attributions(case, rows=<one-row DataFrame>)` on a case already loaded, a different holdout
row each call; the first call on a new case also builds the engine. Each row is timed twice in turn: as
is, and inside `threadpoolctl.threadpool_limits(1, user_api="openmp")`. The second is a diagnostic, not
what the dashboard does: when other processes keep the cores busy, every OpenMP parallel region can wait
a scheduler slice for a descheduled thread, and HistGradientBoosting's `predict` (run by the additivity
check) opens one region per tree, 300 for the bike model; LightGBM's `pred_contrib` runs with all cores.
In earlier runs on 2026-11-22 with other jobs busy on this machine, bike_rentals' one-row p90 reached
3.3-4.6 s as is against under 50 ms with one OpenMP thread, and its whole-holdout `predict` took 2.4 s
instead of 0.03 s; a quiet run like the one below does not show that.

{tabled['B']}

### C. Against explainerdashboard

A 100-tree `RandomForestClassifier(random_state=0)` behind `ColumnTransformer(OneHotEncoder(handle_unknown=
"ignore", sparse_output=False) on text columns, passthrough numbers)`, trained on the same stratified
70/30 split (random_state=0) in both environments; labels are 0/1 integers (the positive class, "bad" /
">50K", is 1) because ClassifierExplainer 0.5.8 casts `predict` to float and fails on string labels. The
rows explained are the first 300 (German credit) or 2,000 (adult income) holdout rows. "Same forest" means
both environments' forests give identical probabilities on those rows.

Without a depth limit the adult forest's trees average ~3,900 leaves and depth ~50, and shap's
TreeSHAP then needs about a second per row (about half an hour for 2,000 rows, in either environment),
so adult runs with `max_depth=8`; German credit is shown both ways.

{tabled['C']}

Where explainerdashboard's time goes (one instrumented pass, same work as `calculate_properties()`):

{tabled['C_breakdown']}

### Reading

{reading(results)}

{METHODS}"""


OWN_SECTIONS = ("## Running it", "## Results")


def other_sections() -> str:
    """``## `` sections of the current README that other scripts wrote (e.g. benchmarks/report.py), kept as they are."""
    if not README.exists():
        return ""
    kept, keep = [], False
    for line in README.read_text(encoding="utf-8").splitlines(keepends=True):
        if line.startswith("## "):
            keep = not line.startswith(OWN_SECTIONS)
        if keep:
            kept.append(line)
    return ("\n" + "".join(kept)) if kept else ""


# ---------------------------------------------------------------- main


def ensure_samples() -> None:
    from sample_models.build import build, missing

    for name in sorted(set(SAMPLES_A) & set(missing())):
        say(f"building sample {name} ...")
        build(name)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--skip-peer", action="store_true", help="skip part C (no explainerdashboard venv)")
    parser.add_argument("--no-readme", action="store_true", help="do not rewrite benchmarks/README.md")
    parser.add_argument("--profile", action="store_true",
                        help="also cProfile one attributions() call per sample of part A (results/profile_*.txt)")
    args = parser.parse_args(argv)
    REPEATS["n"] = args.repeats
    quiet()
    started = time.perf_counter()
    command = "python benchmarks/attributions.py" + "".join(
        f" {a}" for a in (argv if argv is not None else sys.argv[1:]))
    meta = {"date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"), "command": command,
            "interpreter": sys.executable, "repeats": args.repeats, "machine": machine_facts(),
            "our_versions": our_versions(), "peer_install": None}
    ensure_samples()
    peer = None
    if not args.skip_peer:
        meta["peer_install"] = peer_install_info(ensure_peer_venv())
    results = {"meta": meta}
    results["A"] = part_a(args.repeats)
    if args.profile:
        profile_a()
    results["B"] = part_b()
    if not args.skip_peer:
        say("C: running explainerdashboard in its own environment ...")
        peer = run_peer(args.repeats)
        meta["peer_versions"] = peer["versions"]
    results["C"] = part_c(args.repeats, peer) if not args.skip_peer else []
    meta["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    meta["wall_s"] = time.perf_counter() - started
    tabled = tables(results)
    say()
    for key, title in (("A", "A. whole holdouts"), ("A_methods", "A. methods"), ("B", "B. one row"),
                       ("C", "C. against explainerdashboard"), ("C_breakdown", "C. explainerdashboard breakdown")):
        if key.startswith("C") and args.skip_peer:
            continue
        say(f"## {title}\n{tabled[key]}\n")
    say(reading(results))
    say(f"\nwhole run: {meta['wall_s']:.0f} s")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2, default=str))
    if not args.no_readme and not args.skip_peer:
        README.write_text(readme(results, tabled) + other_sections())
        say(f"wrote {README.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
