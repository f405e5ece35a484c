"""DiCE (dice-ml) side of ``benchmarks/counterfactuals.py``; runs in benchmarks/.venv-dice.

It imports nothing from the project: it gets a JSON job (model file, data file, target, the
columns DiCE may vary, permitted ranges, row labels, methods) and writes every counterfactual
DiCE returns, as plain records, with the seconds each query took. All scoring (validity,
distance, plausibility) is done by the caller with one function for both tools.

The venv holds the project's exact numpy / pandas / scikit-learn / lightgbm versions, so the
pickled sample models load unchanged; the script re-predicts the data and reports a checksum so
the caller can confirm that both environments see the same model.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import random
import sys
import time
import warnings
from importlib.metadata import version

os.environ.setdefault("TQDM_DISABLE", "1")

import joblib
import numpy as np
import pandas as pd


def plain(value):
    """numpy scalars -> JSON-able Python values."""
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return None if np.isnan(value) else float(value)
    return value


class TypedModel:
    """The model behind a thin adapter that restores the data's column dtypes before predicting.

    DiCE's random method builds its candidate rows with numeric columns of object dtype, which
    LightGBM refuses ("pandas dtypes must be int, float or bool"); scikit-learn pipelines accept
    them. Casting back costs well under a millisecond a call and is used for both samples.
    """

    def __init__(self, model, dtypes: pd.Series):
        self.model, self.dtypes = model, dtypes.to_dict()
        self.classes_ = model.classes_

    def _typed(self, X):
        return X[list(self.dtypes)].astype(self.dtypes)

    def predict(self, X):
        return self.model.predict(self._typed(X))

    def predict_proba(self, X):
        return self.model.predict_proba(self._typed(X))


def prediction_checksum(model, X) -> str:
    return hashlib.sha256("\n".join(map(str, model.predict(X))).encode()).hexdigest()[:16]


def run(job: dict) -> dict:
    import dice_ml  # imported here so --help works without it

    warnings.filterwarnings("ignore")
    logging.getLogger().setLevel(logging.ERROR)
    model = joblib.load(job["model_path"])
    frame = pd.read_csv(job["data_path"])
    target = job["target"]
    X = frame.drop(columns=target)[job["columns"]]
    numeric = job["continuous"]
    classes = list(model.classes_)
    # DiCE's sklearn backend works on class indices; give it the data labelled 0/1 in model.classes_ order
    data = X.assign(**{target: frame[target].map({c: i for i, c in enumerate(classes)})})
    d = dice_ml.Data(dataframe=data, continuous_features=numeric, outcome_name=target)
    m = dice_ml.Model(model=TypedModel(model, X.dtypes), backend="sklearn", model_type="classifier")
    permitted = {c: [plain(v) for v in r] for c, r in job["permitted_range"].items()}
    out = {"checksum": prediction_checksum(model, X), "methods": {}}
    for method in job["methods"]:
        explainer = dice_ml.Dice(d, m, method=method)
        rows = job["rows"][method]
        results, spent = [], 0.0
        budget = job.get("budget_s", {}).get(method, float("inf"))
        warm = X.loc[[job["warm_up"]]]  # one untimed query first, like the caller does for ours
        try:
            explainer.generate_counterfactuals(warm, total_CFs=job["total_cfs"], desired_class="opposite",
                                               features_to_vary=job["features_to_vary"], permitted_range=permitted,
                                               verbose=False, **({"random_seed": job["seed"]} if method == "random" else {}))
        except Exception as exc:  # noqa: BLE001 - a warm-up that finds nothing is fine; say so and go on
            print(f"{method} warm-up: {type(exc).__name__}", flush=True)
        for label in rows:
            if spent > budget:
                print(f"{method}: budget of {budget:.0f} s spent after {len(results)} rows; stopping", flush=True)
                break
            query = X.loc[[label]]
            random.seed(job["seed"])
            np.random.seed(job["seed"])
            extra = {"random_seed": job["seed"]} if method == "random" else {}
            start = time.perf_counter()
            error, records = None, []
            try:
                found = explainer.generate_counterfactuals(
                    query, total_CFs=job["total_cfs"], desired_class="opposite",
                    features_to_vary=job["features_to_vary"], permitted_range=permitted, verbose=False, **extra)
                cfs = found.cf_examples_list[0].final_cfs_df
                if cfs is not None and len(cfs):
                    records = [{k: plain(v) for k, v in r.items()} for r in cfs[job["columns"]].to_dict("records")]
            except Exception as exc:  # noqa: BLE001 - DiCE raises UserConfigValidationException when it finds none
                error = f"{type(exc).__name__}: {exc}"[:300]
            seconds = time.perf_counter() - start
            spent += seconds
            results.append({"label": plain(label), "seconds": seconds, "cfs": records, "error": error})
            print(f"{method} row {label}: {len(records)} CFs in {seconds:.2f} s" + (f" ({error[:80]})" if error else ""),
                  flush=True)
        out["methods"][method] = results
    return out


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--job", required=True, help="JSON job file written by benchmarks/counterfactuals.py")
    parser.add_argument("--out", required=True, help="where to write the JSON results")
    args = parser.parse_args(argv)
    with open(args.job) as handle:
        job = json.load(handle)
    result = run(job)
    result["versions"] = {"python": sys.version.split()[0],
                          **{p: version(p) for p in ("dice-ml", "numpy", "pandas", "scikit-learn", "lightgbm")}}
    with open(args.out, "w") as handle:
        json.dump(result, handle)


if __name__ == "__main__":
    main()
