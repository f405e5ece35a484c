"""Benchmark ``explainers.counterfactuals`` against DiCE (dice-ml 0.12, methods "random" and "genetic").

Run from the repository root with the project's environment::

    .venv/bin/python benchmarks/counterfactuals.py              # full run, rewrites its README section
    .venv/bin/python benchmarks/counterfactuals.py --rows 5 --genetic-rows 2 --no-readme   # quick look

Same 50 holdout rows (fixed seed, the rule tests/test_counterfactuals.py uses) of german_credit
(random-forest pipeline) and adult_income (LightGBM pipeline), same pickled models, same
constraints: the sidecar's immutable columns are frozen (DiCE: ``features_to_vary`` = the
mutable columns) and numbers stay within the observed range of the holdout (DiCE:
``permitted_range``; categories: the model's categories). Three counterfactuals per query
(``count=3`` / ``total_CFs=3``, ``desired_class="opposite"``).

DiCE runs in its own venv, benchmarks/.venv-dice, created here when missing: dice-ml 0.12 requires
the full ``xgboost`` wheel (only for its XGBoost backend) where the project installs ``xgboost-cpu``,
so it is installed with ``--no-deps`` beside its real dependencies and the project's exact numpy /
pandas / scikit-learn / lightgbm, so the pickled models load unchanged (checked by a prediction
checksum). Every metric is computed here, by one function for both tools, from the rows each
tool returned: validity by re-predicting with the model, features changed and MAD-scaled L1
distance against the original row, plausibility as the distance to the nearest real row the model
gives the wanted class, constraint violations, and the median seconds per query.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shlex
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

import numpy as np
import pandas as pd

import explainers
from explainers.flips.counterfactuals import counterfactuals
from explainers.flips.links import linked_columns
from sample_models.catalog import samples

PEER_VENV = HERE / ".venv-dice"
PEER_SCRIPT = HERE / "dice_peer.py"
RESULTS = HERE / "results"
README = HERE / "README.md"
SECTION = "## Counterfactuals"
# the project's exact versions (so the pickled models load unchanged) + dice-ml's own dependencies
# except xgboost; dice-ml itself goes in with --no-deps (see the module docstring)
PEER_REQUIREMENTS = ["numpy==2.4.6", "pandas==3.1.1", "scikit-learn==1.9.1", "lightgbm==4.7.0", "scipy==1.17.1",
                     "joblib==1.6.0", "jsonschema==4.26.0", "tqdm==4.70.1", "raiutils==0.4.2"]
PEER_NO_DEPS = ["dice-ml==0.12"]
SAMPLES = ("german_credit", "adult_income")
METHODS = ("random", "genetic")
SEED = 0
COUNT = 3
TARGET_SPEEDUP = 4.0


def say(text: str = "") -> None:
    print(text, flush=True)


def sample_labels(case, n: int) -> list:
    """``n`` holdout row labels drawn with a fixed seed (same rule as tests/test_counterfactuals.py)."""
    positions = np.sort(np.random.default_rng(SEED).choice(len(case.X), size=min(n, len(case.X)), replace=False))
    return [int(v) for v in case.X.index[positions]]


# ---------------------------------------------------------------- one scoring function for both tools


class Scorer:
    """Scores a tool's counterfactuals for one case, identically whichever tool produced them."""

    def __init__(self, case):
        self.case = case
        X = case.X
        self.columns = list(X.columns)
        self.numeric = [c for c in self.columns if case.feature_kinds[c] != "categorical"]
        self.categorical = [c for c in self.columns if c not in self.numeric]
        self.scale = {c: mad(X[c]) for c in self.numeric}
        self.immutable = set(case.metadata.immutable)
        self.low = {c: float(X[c].min()) for c in self.numeric}
        self.high = {c: float(X[c].max()) for c in self.numeric}
        self.allowed = {c: set(case.categories.get(c) or X[c].dropna().unique()) for c in self.categorical}
        self.predicted = np.asarray(case.predicted)
        # linked columns found from the data: pairs with their combinations seen, determinations with their values
        self.links = linked_columns(case).links
        self.seen = {link.columns: set(map(tuple, X[list(link.columns)].dropna().drop_duplicates().to_numpy().tolist()))
                     for link in self.links}

    def inconsistent(self, frame: pd.DataFrame, x: pd.Series) -> tuple[np.ndarray, np.ndarray]:
        """Per CF: (a changed linked pair in a combination that never occurs in the data, a determined
        column not at the value the data shows for its determinant)."""
        unseen, broken = np.zeros(len(frame), bool), np.zeros(len(frame), bool)
        for link in self.links:
            a, b = link.columns
            for i, (va, vb) in enumerate(zip(frame[a].to_numpy(), frame[b].to_numpy(), strict=True)):
                moved = va != x[a] or vb != x[b]
                if moved and (va, vb) not in self.seen[link.columns]:
                    (broken if link.kind == "determines" else unseen)[i] = True
        return unseen, broken

    def frame(self, records: list[dict]) -> pd.DataFrame:
        """Records -> DataFrame with the model's columns; integer columns cast back when integral."""
        frame = pd.DataFrame(records, columns=self.columns)
        for column in self.numeric:
            values = pd.to_numeric(frame[column], errors="coerce").astype(float)
            integral = np.array_equal(values, np.round(values))
            keep_int = self.case.X[column].dtype.kind in "iu" and integral
            frame[column] = values.astype(self.case.X[column].dtype) if keep_int else values
        for column in self.categorical:
            frame[column] = frame[column].astype(self.case.X[column].dtype)
        return frame

    def distance(self, frame: pd.DataFrame, one: pd.Series) -> np.ndarray:
        """MAD-scaled L1 over numeric columns + 1 per differing category, from each row of ``frame`` to ``one``."""
        total = np.zeros(len(frame))
        for column in self.numeric:
            total += np.abs(frame[column].to_numpy(dtype=float) - float(one[column])) / self.scale[column]
        for column in self.categorical:
            total += (frame[column].to_numpy() != one[column]).astype(float)
        return total

    def score_query(self, label, records: list[dict]) -> dict:
        """Per-query numbers: CFs returned, valid ones, and per-CF features changed / distance / plausibility."""
        x = self.case.X.loc[label]
        current = self.case.model.predict(self.case.X.loc[[label]])[0]
        if not records:
            return {"returned": 0, "valid": 0, "changed": [], "distance": [], "plausibility": [], "violations": 0,
                    "unseen": 0, "broken": 0}
        frame = self.frame(records)
        again = np.asarray(self.case.model.predict(frame))
        valid = again != current
        changed = np.column_stack([(frame[c].to_numpy() != x[c]) if c in self.categorical else
                                   ~np.isclose(frame[c].to_numpy(dtype=float), float(x[c]))
                                   for c in self.columns]).sum(axis=1)
        # nearest real row the model gives the wanted decision (binary: the other class than now)
        pool = self.case.X[self.predicted != current]
        plausibility = [float(np.min(self.distance(pool, frame.iloc[i]))) for i in range(len(frame))]
        unseen, broken = self.inconsistent(frame, x)
        return {"returned": len(frame), "valid": int(valid.sum()), "changed": changed.tolist(),
                "distance": self.distance(frame, x).tolist(), "plausibility": plausibility,
                "violations": int(self.violations(frame, x).sum()), "unseen": int(unseen.sum()),
                "broken": int(broken.sum())}

    def violations(self, frame: pd.DataFrame, x: pd.Series) -> np.ndarray:
        """Per CF: breaks an immutable, an observed numeric range, a category or integrality."""
        bad = np.zeros(len(frame), dtype=bool)
        for column in self.columns:
            values = frame[column]
            if column in self.immutable:
                same = (values.to_numpy() == x[column]) if column in self.categorical else np.isclose(
                    values.to_numpy(dtype=float), float(x[column]))
                bad |= ~same
            elif column in self.categorical:
                bad |= ~values.isin(self.allowed[column]).to_numpy()
            else:
                v = values.to_numpy(dtype=float)
                bad |= (v < self.low[column] - 1e-9) | (v > self.high[column] + 1e-9)
                if self.case.feature_kinds[column] == "integer":
                    bad |= v != np.round(v)
        return bad


def mad(series: pd.Series) -> float:
    """Median absolute deviation; the standard deviation when it is 0, and 1 when that is 0 too."""
    values = series.dropna().to_numpy(dtype=float)
    found = float(np.median(np.abs(values - np.median(values))))
    return found if found > 0 else (float(np.std(values)) or 1.0)


def summarise(per_query: list[dict], seconds: list[float]) -> dict:
    cfs = sum(q["returned"] for q in per_query)
    flat = lambda key: [v for q in per_query for v in q[key]]
    return {
        "queries": len(per_query),
        "cfs": cfs,
        "validity": (sum(q["valid"] for q in per_query) / cfs) if cfs else float("nan"),
        "rows_with_cf": float(np.mean([q["returned"] > 0 for q in per_query])) if per_query else float("nan"),
        "rows_with_valid_cf": float(np.mean([q["valid"] > 0 for q in per_query])) if per_query else float("nan"),
        "features_changed": float(np.mean(flat("changed"))) if cfs else float("nan"),
        "distance": float(np.mean(flat("distance"))) if cfs else float("nan"),
        "plausibility": float(np.mean(flat("plausibility"))) if cfs else float("nan"),
        "violations": (sum(q["violations"] for q in per_query) / cfs) if cfs else float("nan"),
        "unseen": (sum(q["unseen"] for q in per_query) / cfs) if cfs else float("nan"),
        "broken": (sum(q["broken"] for q in per_query) / cfs) if cfs else float("nan"),
        "median_s": float(statistics.median(seconds)) if seconds else float("nan"),
        "p90_s": float(np.percentile(seconds, 90)) if seconds else float("nan"),
        "total_s": float(sum(seconds)),
    }


# ---------------------------------------------------------------- ours


def run_ours_without_fast_forest(case, labels: list) -> dict | None:
    """``run_ours`` with the model's own predict_proba instead of explainers.fast_forest (None when
    the model does not take that path): what the search costs on the plain scikit-learn call."""
    import importlib

    search = importlib.import_module("explainers.flips.search")
    if search.forest_proba(case) is None:
        return None
    fast = search.forest_proba
    search.forest_proba = lambda _case: None
    try:
        return run_ours(case, labels)
    finally:
        search.forest_proba = fast


def run_ours(case, labels: list) -> dict:
    """label -> (records, seconds) from explainers.counterfactuals with its defaults (sidecar immutables, observed ranges)."""
    out = {}
    counterfactuals(case, labels[0])  # warm-up (first-call costs), untimed; DiCE gets the same below
    for label in labels:
        start = time.perf_counter()
        result = counterfactuals(case, label, count=COUNT, random_state=SEED)
        seconds = time.perf_counter() - start
        out[label] = (result.rows[list(case.X.columns)].to_dict("records"), seconds)
    return out


# ---------------------------------------------------------------- DiCE


def peer_python() -> Path:
    return PEER_VENV / "bin" / "python"


def ensure_peer_venv() -> dict:
    """Create benchmarks/.venv-dice when missing or stale; returns how long that took and when."""
    marker = PEER_VENV / "benchmark-install.json"
    wanted = {"requirements": PEER_REQUIREMENTS, "no_deps": PEER_NO_DEPS}
    if peer_python().exists() and marker.exists():
        made = json.loads(marker.read_text())
        if {k: made.get(k) for k in wanted} == wanted:
            return {**made, "this_run": False}
    say(f"creating the DiCE environment in {PEER_VENV.relative_to(ROOT)} (first run only) ...")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(PEER_VENV)], check=True)
    pip = [str(peer_python()), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, *PEER_REQUIREMENTS], check=True)
    subprocess.run([*pip, "--no-deps", *PEER_NO_DEPS], check=True)
    made = {**wanted, "seconds": round(time.perf_counter() - start, 1),
            "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")}
    marker.write_text(json.dumps(made))
    return {**made, "this_run": True}


def run_peer(name: str, case, sample, labels: list, genetic_labels: list, genetic_budget: float) -> dict:
    numeric = [c for c in case.X.columns if case.feature_kinds[c] != "categorical"]
    mutable = [c for c in case.X.columns if c not in case.metadata.immutable]
    permitted = {c: [case.X[c].min().item(), case.X[c].max().item()] for c in mutable if c in numeric}
    permitted.update({c: list(case.categories.get(c) or sorted(case.X[c].unique())) for c in mutable if c not in numeric})
    job = {"model_path": str(sample.model_path), "data_path": str(sample.holdout_path), "target": case.target,
           "columns": list(case.X.columns), "continuous": numeric, "features_to_vary": mutable,
           "permitted_range": permitted, "seed": SEED, "total_cfs": COUNT, "methods": list(METHODS),
           "rows": {"random": labels, "genetic": genetic_labels}, "warm_up": labels[0],
           "budget_s": {"genetic": genetic_budget}}
    RESULTS.mkdir(exist_ok=True)
    job_path, out_path, log_path = (RESULTS / f"dice_{name}.{ext}" for ext in ("job.json", "out.json", "log"))
    job_path.write_text(json.dumps(job))
    command = [str(peer_python()), str(PEER_SCRIPT), "--job", str(job_path), "--out", str(out_path)]
    with open(log_path, "w") as handle:
        done = subprocess.run(command, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT, check=False)
    if done.returncode != 0:
        tail = "\n".join(log_path.read_text().splitlines()[-25:])
        raise SystemExit(f"the DiCE script failed (exit {done.returncode}); end of {log_path}:\n{tail}")
    return json.loads(out_path.read_text())


def engine_version() -> str:
    """Short commit of HEAD, and whether explainers/flips/ differs from it."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=False).stdout.strip()
        dirty = subprocess.run(["git", "diff", "--quiet", "HEAD", "--", "explainers/flips"], cwd=ROOT,
                               check=False).returncode
        return f"{head}{' + uncommitted changes to explainers/flips/' if dirty else ''}" or "unknown"
    except OSError:
        return "unknown"


def prediction_checksum(model, X) -> str:
    import hashlib

    return hashlib.sha256("\n".join(map(str, model.predict(X))).encode()).hexdigest()[:16]


# ---------------------------------------------------------------- report


def machine_facts() -> dict:
    cpu = "unknown"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    try:
        kib = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                       if line.startswith("MemTotal")))
        memory = f"{kib / 2**20:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        memory = "unknown"
    return {"nproc": os.cpu_count(), "cpu": cpu, "memory": memory, "kernel": platform.release(),
            "python": sys.version.split()[0], "load_average_start": [round(v, 2) for v in os.getloadavg()],
            "thread_env": {k: v for k, v in os.environ.items() if k.startswith(("OPENBLAS", "OMP_", "MKL_"))}}


def fmt(value, spec=".2f", suffix="") -> str:
    return "n/a" if value is None or (isinstance(value, float) and np.isnan(value)) else f"{value:{spec}}{suffix}"


def table(results: dict) -> str:
    headers = ["sample", "tool", "rows", "validity", "rows with ≥1 CF", "CFs / row", "linked pair never seen",
               "determined column broken", "features changed", "MAD-L1 distance", "plausibility (NN dist.)",
               "constraint violations", "median s / query", "p90 s", "DiCE s ÷ ours s"]
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    for name, entry in results.items():
        ours_all = entry["ours"]["median_s"]
        for tool, s in entry["tools"].items():
            ours = entry["ours_same_rows"].get(tool, entry["ours"]) if tool.startswith("DiCE") else s
            speed = "" if not tool.startswith("DiCE") else fmt(s["median_s"] / ours["median_s"], ".2f", "x")
            lines.append("| " + " | ".join([
                name, tool, str(s["queries"]), fmt(100 * s["validity"], ".1f", "%"),
                fmt(100 * s["rows_with_cf"], ".0f", "%"), fmt(s["cfs"] / max(s["queries"], 1), ".2f"),
                fmt(100 * s.get("unseen", float("nan")), ".1f", "%"), fmt(100 * s.get("broken", float("nan")), ".1f", "%"),
                fmt(s["features_changed"]), fmt(s["distance"]), fmt(s["plausibility"]),
                fmt(100 * s["violations"], ".1f", "%"), fmt(s["median_s"], ".3f"), fmt(s["p90_s"], ".3f"),
                speed]) + " |")
        del ours_all
    return "\n".join(lines)


def verdict(results: dict) -> list[str]:
    """The issue's targets, checked per sample: 100% validity, 0% inconsistent linked columns, ≥4x faster than DiCE random."""
    lines = []
    for name, entry in results.items():
        ours = entry["ours"]
        dice_random = entry["tools"]["DiCE random"]
        fewer = [f"{tool}: {fmt(s['features_changed'])}" for tool, s in entry["tools"].items() if tool.startswith("DiCE")]
        beaten = all(ours["features_changed"] <= s["features_changed"] + 1e-12
                     for tool, s in entry["tools"].items() if tool.startswith("DiCE") and s["cfs"])
        speed = dice_random["median_s"] / ours["median_s"]
        consistent = ours["unseen"] == 0 and ours["broken"] == 0
        lines.append(
            f"- {name}: validity {fmt(100 * ours['validity'], '.1f', '%')} "
            f"({'met' if ours['validity'] == 1 else 'NOT met'}); linked columns inconsistent "
            f"{fmt(100 * (ours['unseen'] + ours['broken']), '.1f', '%')} ({'met' if consistent else 'NOT met'}); "
            f"features changed {fmt(ours['features_changed'])} "
            f"vs {', '.join(fewer)} ({'met' if beaten else 'NOT met'}); median query {fmt(ours['median_s'], '.3f')} s vs "
            f"DiCE random {fmt(dice_random['median_s'], '.3f')} s = {speed:.2f}x "
            f"({'met' if speed >= TARGET_SPEEDUP else 'NOT met'}: target {TARGET_SPEEDUP:.0f}x)")
    return lines


def readme_section(meta: dict, results: dict) -> str:
    machine = meta["machine"]
    made = meta["peer_install"]
    install = (f"Creating it took {made['seconds']:.0f} s ({made['date']}"
               f"{', during this run' if made.get('this_run') else ''}).")
    ours_v = ", ".join(f"{k} {v}" for k, v in meta["our_versions"].items())
    peer_v = ", ".join(f"{k} {v}" for k, v in meta["peer_versions"].items())
    threads = ", ".join(f"{k}={v}" for k, v in machine["thread_env"].items()) or "none set"
    genetic = ", ".join(f"{name} {entry['tools']['DiCE genetic']['queries']}" for name, entry in results.items())
    return f"""{SECTION}

`benchmarks/counterfactuals.py` compares `explainers.counterfactuals` with DiCE (dice-ml 0.12, methods
"random" and "genetic", sklearn backend) in one run. This section is written by that script (edit the
text in its `readme_section()`); a re-run replaces only this section.

### Running it

From the repository root, with the project's environment:

    {meta['command']}

- Same holdout rows for both tools: {meta['rows']} drawn with seed {SEED} from each holdout (the rule
  `tests/test_counterfactuals.py` uses), of german_credit (random-forest pipeline) and adult_income
  (LightGBM pipeline); the same pickled models. Same constraints: the sidecar's immutable columns frozen
  (DiCE: `features_to_vary` = the mutable columns), numbers within the holdout's observed range (DiCE:
  `permitted_range`, categories: the model's categories), 3 counterfactuals a query (DiCE: `total_CFs=3`,
  `desired_class="opposite"`; `random_seed={SEED}` for "random", numpy/random seeded before each
  "genetic" query).
- DiCE runs in `benchmarks/.venv-dice`, created on the first run: dice-ml 0.12 requires the full
  `xgboost` wheel (for its XGBoost backend only) where the project has `xgboost-cpu`, so it is installed
  with `--no-deps` beside `{' '.join(PEER_REQUIREMENTS)}`, i.e. the project's exact numpy, pandas,
  scikit-learn and lightgbm, so the pickled models load unchanged (prediction checksums equal:
  {meta['checksums_equal']}). {install} `benchmarks/dice_peer.py` runs there; it wraps the model in a
  thin adapter that casts DiCE's candidate rows back to the data's dtypes (DiCE's "random" builds
  numeric columns as object dtype, which LightGBM refuses).
- DiCE "genetic" ran on the first {genetic} of those rows (`--genetic-rows`, and it stops a sample
  after `--genetic-budget` {meta['genetic_budget_s']:.0f} s); the "ours, same rows" lines score ours on
  exactly those rows.
- Every metric comes from one function applied to both tools' returned rows: validity = share of
  returned counterfactuals the model (re-predicted here) gives another class; rows with ≥1 CF;
  features changed and distance against the original row (distance = sum over numeric columns of
  |change| / MAD of the holdout column, + 1 per changed category); plausibility = the same distance
  from each counterfactual to the nearest holdout row the model gives the wanted class (lower is more
  like real rows); constraint violations = share of CFs that change an immutable, leave an observed
  range, use an unknown category or a fraction in an integer column; seconds per query exclude loading
  (our case, DiCE's Data/Model/Dice objects), one untimed warm-up query each.
- Raw numbers: `benchmarks/results/counterfactuals.json` (not committed). Whole run
  {meta['wall_s'] / 60:.1f} minutes.

### Results

- Date: {meta['date']}; engine: `explainers/flips/` at {meta.get('engine', 'f03d7c6')}
- Command: `{meta['command']}`
- Machine: nproc {machine['nproc']}, {machine['cpu']}, {machine['memory']} RAM, Linux {machine['kernel']},
  Python {machine['python']}; load average {machine['load_average_start']} at the start and
  {meta['load_average_end']} at the end (shared machine: other work was running; compare within the run).
  Thread environment: {threads}.
- Project environment: {ours_v}. DiCE environment: {peer_v}.

{table(results)}

Against the targets (100% validity, 0% of counterfactuals with linked columns inconsistent with the data,
≥4x faster than DiCE random):

{chr(10).join(verdict(results))}

### Reading

{READING}
"""


# Written by hand after reading the run above; update it when the numbers change materially.
READING = """\
Reading of the 2026-11-23 run above (engine at e19257e: the batched search of counterfactual_search.py):

- Validity and constraints: 100% of our counterfactuals flip the re-predicted decision and none breaks
  an immutable, a range, a category or integrality; at least one was found for every one of the 50 rows
  of both samples. DiCE, given the same constraints, was also 100% valid with no violations (genetic
  found none for 1 adult row), so validity does not separate the tools here.
- Sparsity and closeness: ours changes fewer features (german 1.95 vs 2.70 random and 7.62 genetic;
  adult 1.14 vs 1.69 and 4.01) and stays 2-5x closer in MAD-scaled L1 (german 3.89 vs 8.56 and 12.41;
  adult 1.67 vs 8.50 and 7.50). Plausibility: ours is nearer real rows of the wanted class than DiCE
  random (10.1 vs 12.8; 3.7 vs 7.3) but farther than DiCE genetic (4.4; 3.0), which starts from real
  rows (KD-tree) and keeps many of their values, at the price of changing 4-8 features. German returns
  2.92 counterfactuals a row, not 3: a candidate that makes all the changes of another plus more is
  dropped rather than shown to fill the count.
- Speed: the target is met in this run, by a thin margin: median per query, german RF 0.049 s vs DiCE
  random 0.260 s (5.3x), adult LightGBM 0.024 s vs 0.134 s (5.6x); adult is far inside the issue's
  0.3 s. Earlier full runs the same day: at 0b9df00 5.6x / 5.2x; at 6487fcc 4.9x / 5.5x (before
  donations stopped reading pandas cells one by one); at e19257e, the same engine as this run,
  5.6x / 3.1x, where the machine slowed mid-run (our adult queries took 23-28 ms for rows 5-15, then
  40-48 ms from row 16 on; DiCE's adult p90 rose too). Read the ratio as about 5-5.6x, not as a
  guaranteed 5x. The previous engine (f03d7c6, 30-35 sequential model calls a query) took 0.96 s and
  0.36 s. Now a query makes 2 scoring calls when the first sweep (singles and neighbour-value pairs)
  finds enough, usually at most 3 (median over 50 rows: adult 2, german 3), each of a few hundred
  rows. What is left is mostly the model's fixed cost per call: the adult pipeline costs ~6-10 ms even
  for 3 rows (ColumnTransformer and LightGBM input validation); the forest pipeline ~5 ms of
  one-hot encoding plus its trees. The forest's own predict_proba line shows the search without
  `explainers/fast_forest.py`: 0.078 s (3.3x DiCE random), identical counterfactuals; fast_forest
  sums the same trees' leaf values without scikit-learn's per-tree joblib overhead and is used only
  after it reproduced the model's stored probabilities bit for bit.
- Caveats: a shared 2-core machine (load ~1 through the run); medians per query over 50 rows; both
  tools measured sequentially in the same run, each after one untimed warm-up query."""


def write_readme(section: str) -> None:
    """Replace this script's ``## Counterfactuals`` section (up to the next ``## `` heading), or append it."""
    text = README.read_text(encoding="utf-8") if README.exists() else "# Benchmarks\n"
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.rstrip("\n") == SECTION), None)
    if start is None:
        new = text.rstrip("\n") + "\n\n" + section
    else:
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
        rest = "".join(lines[end:])
        new = "".join(lines[:start]) + section + ("\n" + rest if rest else "")
    README.write_text(new.rstrip("\n") + "\n", encoding="utf-8")


# ---------------------------------------------------------------- main


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50, help="holdout rows per sample (default 50)")
    parser.add_argument("--genetic-rows", type=int, default=50, help="rows for DiCE genetic (first N of them)")
    parser.add_argument("--genetic-budget", type=float, default=300.0,
                        help="seconds of DiCE genetic per sample before it stops (default 300)")
    parser.add_argument("--no-readme", action="store_true", help="print only; do not touch benchmarks/README.md")
    parser.add_argument("--readme-only", action="store_true",
                        help="rewrite the README section from benchmarks/results/counterfactuals.json, no new run")
    args = parser.parse_args(argv)
    if args.readme_only:
        saved = json.loads((RESULTS / "counterfactuals.json").read_text())
        write_readme(readme_section(saved["meta"], saved["results"]))
        say(f"rewrote the {SECTION!r} section of {README.relative_to(ROOT)} from the saved results")
        return
    warnings.filterwarnings("ignore")
    wall = time.perf_counter()
    machine = machine_facts()
    from sample_models.build import build, missing

    for name in sorted(set(SAMPLES) & set(missing())):
        say(f"building sample {name} ...")
        build(name)
    install = ensure_peer_venv()
    results, raw, checksums = {}, {}, {}
    peer_versions = {}
    for name in SAMPLES:
        sample = samples()[name]
        case = explainers.load(sample.model_path, sample.holdout_path)
        scorer = Scorer(case)
        labels = sample_labels(case, args.rows)
        genetic_labels = labels[: args.genetic_rows]
        say(f"{name}: ours on {len(labels)} rows ...")
        ours = run_ours(case, labels)
        plain = run_ours_without_fast_forest(case, labels)
        say(f"{name}: DiCE random on {len(labels)} rows, genetic on up to {len(genetic_labels)} ...")
        peer = run_peer(name, case, sample, labels, genetic_labels, args.genetic_budget)
        peer_versions = peer["versions"]
        checksums[name] = (prediction_checksum(case.model, case.X), peer["checksum"])
        tools = {"ours": summarise([scorer.score_query(lb, ours[lb][0]) for lb in labels],
                                   [ours[lb][1] for lb in labels])}
        ours_same = {}
        for method in METHODS:
            done = peer["methods"][method]
            tool = f"DiCE {method}"
            tools[tool] = summarise([scorer.score_query(q["label"], q["cfs"]) for q in done],
                                    [q["seconds"] for q in done])
            tools[tool]["errors"] = sorted({q["error"].split(":")[0] for q in done if q["error"]})
            same = [q["label"] for q in done]
            if len(same) < len(labels):
                ours_same[tool] = summarise([scorer.score_query(lb, ours[lb][0]) for lb in same],
                                            [ours[lb][1] for lb in same])
        ordered = {"ours": tools["ours"]}
        if plain is not None:
            ordered["ours, forest scored by its own predict_proba"] = summarise(
                [scorer.score_query(lb, plain[lb][0]) for lb in labels], [plain[lb][1] for lb in labels])
        for method in METHODS:
            tool = f"DiCE {method}"
            if tool in ours_same:
                ordered[f"ours, same {len(peer['methods'][method])} rows as {method}"] = ours_same[tool]
            ordered[tool] = tools[tool]
        results[name] = {"ours": tools["ours"], "tools": ordered, "ours_same_rows": ours_same}
        raw[name] = {"labels": labels, "ours": {str(k): v for k, v in ours.items()}, "dice": peer}
        say(table({name: results[name]}))
    meta = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": ".venv/bin/python " + " ".join(shlex.quote(a) for a in ["benchmarks/counterfactuals.py",
                                                                            *(argv if argv is not None else sys.argv[1:])]),
        "rows": args.rows, "genetic_budget_s": args.genetic_budget, "machine": machine,
        "load_average_end": [round(v, 2) for v in os.getloadavg()],
        "our_versions": {"python": sys.version.split()[0],
                         **{p: version(p) for p in ("numpy", "pandas", "scikit-learn", "lightgbm")}},
        "peer_versions": peer_versions, "peer_install": install,
        "checksums": checksums, "checksums_equal": all(a == b for a, b in checksums.values()),
        "wall_s": time.perf_counter() - wall,
        "engine": engine_version(),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "counterfactuals.json").write_text(json.dumps({"meta": meta, "results": results, "raw": raw},
                                                             default=str, indent=1))
    say()
    say(table(results))
    say()
    for line in verdict(results):
        say(line)
    if not args.no_readme:
        write_readme(readme_section(meta, results))
        say(f"wrote the {SECTION!r} section of {README.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
