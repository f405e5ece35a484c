"""explainerdashboard's side of benchmarks/report.py; runs in benchmarks/.venv-explainerdashboard.

    benchmarks/.venv-explainerdashboard/bin/python benchmarks/report_peer.py \
        --data-dir sample_models --config german_credit --html out.html --out out.json

One config per process (report.py measures each process's peak memory from outside). The forest
comes from the recipe shared with benchmarks/report.py (``split`` and ``forest`` of
benchmarks/explainerdashboard_peer.py), so both environments fit the same pipeline; the untimed
setup is imports + training. Timed: ``ClassifierExplainer(model, X, y)``, ``ExplainerDashboard(
explainer)`` (its constructor computes everything the default tabs need) and ``to_html()`` written
to a file. Progress is rewritten to ``--out`` after every step, so a run stopped by report.py's
timeout still says how far it got.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import explainerdashboard_peer as recipe  # the shared split / forest / fingerprint

# config -> (data set, forest max_depth, holdout rows); benchmarks/report.py's children read this table too
CONFIGS = {
    "german_credit": ("german_credit", None, 300),
    "adult_income": ("adult_income", None, 2000),
    "adult_income_depth8": ("adult_income", 8, 2000),
}


def max_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def prepare(data_dir: Path, config: str):
    dataset, max_depth, n = CONFIGS[config]
    X_train, X_hold, y_train, y_hold = recipe.split(data_dir, dataset)
    return recipe.forest(X_train, y_train, max_depth), X_hold.iloc[:n], y_hold.iloc[:n]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--config", choices=list(CONFIGS), required=True)
    parser.add_argument("--html", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    import logging
    import warnings

    logging.basicConfig(level=logging.WARNING)  # explainerdashboard warns when logging is unconfigured
    warnings.filterwarnings("ignore")
    from importlib.metadata import version

    from explainerdashboard import ClassifierExplainer, ExplainerDashboard

    versions = {**recipe._versions(), "plotly": version("plotly"), "dash": version("dash")}
    result = {"side": "explainerdashboard", "config": args.config, "versions": versions, "steps": {},
              "done": False}

    def save():
        result["max_rss_mib_so_far"] = max_rss_mib()
        args.out.write_text(json.dumps(result, indent=2))

    model, X, y = prepare(args.data_dir, args.config)
    dataset, max_depth, _ = CONFIGS[args.config]
    result.update(dataset=dataset, max_depth=max_depth, rows=len(X), forest=recipe.forest_shape(model),
                  fingerprint=recipe.model_fingerprint(model, X), rss_before_timed_mib=max_rss_mib(),
                  timed_start_epoch=time.time())
    save()

    def step(label, thunk):
        start = time.perf_counter()
        value = thunk()
        result["steps"][label] = time.perf_counter() - start
        save()
        print(f"peer {args.config}: {label} {result['steps'][label]:.1f} s", file=sys.stderr, flush=True)
        return value

    explainer = step("ClassifierExplainer(model, X, y)", lambda: ClassifierExplainer(model, X, y))
    dashboard = step("ExplainerDashboard(explainer)", lambda: ExplainerDashboard(explainer))
    step("to_html() + write", lambda: args.html.write_text(dashboard.to_html(), encoding="utf-8"))
    result["tabs"] = [type(tab).__name__ for tab in getattr(dashboard.explainer_layout, "tabs", [])]
    result["done"] = True
    save()


if __name__ == "__main__":
    main()
