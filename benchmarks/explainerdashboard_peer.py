"""explainerdashboard's side of benchmarks/attributions.py (part C); runs in the peer's own venv.

    benchmarks/.venv-explainerdashboard/bin/python benchmarks/explainerdashboard_peer.py \
        --data-dir sample_models --repeats 3 --out benchmarks/results/peer.json

The training recipe (``split``, ``forest``, ``prepare``) is shared: attributions.py
imports this file too, so both environments fit the same pipeline on the same split with the
same seed. Nothing from explainerdashboard is imported at module level for that reason.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder

SEED = 0
DATASETS = {"german_credit": ("credit_risk", "bad"), "adult_income": ("income", ">50K")}  # target, positive class
# config -> (data set, forest max_depth, holdout rows to explain). The brief's forest has no depth
# limit; on adult_income such trees average ~3,900 leaves and depth ~50, and shap's TreeSHAP then
# needs ~1 s per row (~30 min for 2,000 rows, in either environment), so adult is run depth-capped.
PEER_CASES = {
    "german_credit": ("german_credit", None, 300),
    "german_credit_depth8": ("german_credit", 8, 300),
    "adult_income_depth8": ("adult_income", 8, 2000),
}
PEER_PACKAGES = ("explainerdashboard", "shap", "scikit-learn", "numpy", "pandas", "scipy", "numba", "dtreeviz")


def split(data_dir: Path, dataset: str):
    """70/30 stratified split of the sample's CSV, random_state=0; labels 1 (positive class) / 0.

    Labels are integers because ClassifierExplainer casts ``model.predict`` to float (string
    labels such as 'good' fail in 0.5.8); both environments train on the same integers.
    """
    target, positive = DATASETS[dataset]
    frame = pd.read_csv(Path(data_dir) / f"{dataset}.csv")
    X, y = frame.drop(columns=target), (frame[target] == positive).astype(int).rename(target)
    return train_test_split(X, y, test_size=0.3, random_state=SEED, stratify=y)


def text_columns(X: pd.DataFrame) -> list[str]:
    return [c for c in X.columns if not pd.api.types.is_numeric_dtype(X[c])]


def forest(X_train: pd.DataFrame, y_train: pd.Series, max_depth=None) -> Pipeline:
    """OneHotEncoder(handle_unknown="ignore") on text columns + passthrough numbers -> 100-tree forest.

    Dense one-hot output (explainerdashboard wraps the transformed array in a DataFrame and
    cannot take a sparse matrix). Fitted with n_jobs=-1 for speed, then reset to n_jobs=None
    so that prediction and explaining run as a default-configured model would; a forest's
    trees do not depend on n_jobs.
    """
    text = text_columns(X_train)
    numbers = [c for c in X_train.columns if c not in text]
    columns = ColumnTransformer(
        [("categories", OneHotEncoder(handle_unknown="ignore", sparse_output=False), text),
         ("numbers", "passthrough", numbers)],
        verbose_feature_names_out=False,
    )
    model = RandomForestClassifier(n_estimators=100, max_depth=max_depth, random_state=SEED, n_jobs=-1)
    pipeline = Pipeline([("columns", columns), ("model", model)]).fit(X_train, y_train)
    pipeline.set_params(model__n_jobs=None)
    return pipeline


def prepare(data_dir: Path, name: str):
    """(fitted pipeline, rows to explain, their labels) for one config of PEER_CASES."""
    dataset, max_depth, n = PEER_CASES[name]
    X_train, X_hold, y_train, y_hold = split(data_dir, dataset)
    return forest(X_train, y_train, max_depth), X_hold.iloc[:n], y_hold.iloc[:n]


def onehot_groups(pipeline: Pipeline) -> dict[str, list[str]]:
    """Input column -> its one-hot output columns (explainerdashboard's ``cats`` as a dict)."""
    encoder = pipeline.named_steps["columns"].named_transformers_["categories"]
    names = list(encoder.get_feature_names_out())
    groups, start = {}, 0
    for column, width in zip(encoder.feature_names_in_, encoder._n_features_outs, strict=True):
        groups[str(column)] = names[start:start + width]
        start += width
    return groups


def model_fingerprint(pipeline: Pipeline, X: pd.DataFrame) -> str:
    """Hash of the rounded class probabilities: equal in both envs means the same fitted forest."""
    proba = np.round(pipeline.predict_proba(X), 10)
    return hashlib.sha256(np.ascontiguousarray(proba).tobytes()).hexdigest()[:16]


def forest_shape(pipeline: Pipeline) -> dict:
    trees = pipeline[-1].estimators_
    return {"mean_leaves": float(np.mean([t.get_n_leaves() for t in trees])),
            "mean_depth": float(np.mean([t.get_depth() for t in trees]))}


def shap_alone(pipeline: Pipeline, X: pd.DataFrame):
    """The bare library call both environments share: TreeSHAP of the final forest on transformed X."""
    import shap

    return shap.TreeExplainer(pipeline[-1]).shap_values(pipeline[:-1].transform(X))


def timings(thunk, repeats: int) -> list[float]:
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        thunk()
        seconds.append(time.perf_counter() - start)
    return seconds


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {"python": sys.version.split()[0]}
    for package in PEER_PACKAGES:
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            found[package] = "absent"
    return found


def _explainer(pipeline, X, y, groups):
    from explainerdashboard import ClassifierExplainer

    # The Pipeline is accepted as is: explainerdashboard splits it, explains the final forest on
    # the transformed columns (shap.TreeExplainer) and groups one-hot columns back via ``cats``.
    # A fresh copy of ``cats`` each time: ClassifierExplainer adds the plain columns to the dict it is given.
    cats = {column: list(outputs) for column, outputs in groups.items()}
    return ClassifierExplainer(pipeline, X, y, shap="tree", cats=cats)


def _breakdown(pipeline, X, y, groups) -> dict:
    """One instrumented pass: what calculate_properties() computes, step by step.

    Same work as calculate_properties(); SHAP is timed before the metrics (it does not depend on
    them) so that it gets its own line; the last step is calculate_properties() itself, which
    finds everything cached and only picks up what the earlier steps missed.
    """
    steps = {}

    def timed(label, thunk):
        start = time.perf_counter()
        thunk()
        steps[label] = time.perf_counter() - start

    holder = {}
    timed("constructor (transform X, build shap.TreeExplainer)",
          lambda: holder.setdefault("e", _explainer(pipeline, X, y, groups)))
    e = holder["e"]
    timed("SHAP values (TreeSHAP, one-hot columns merged)",
          lambda: (e.get_shap_values_df(), e.shap_base_value(), e.get_mean_abs_shap_df()))
    timed("dtreeviz shadow trees (one per tree)", lambda: e.shadow_trees)
    timed("predictions, metrics, ROC/PR curves",
          lambda: (e.pred_probas(), e.y_binary(), e.metrics(), e.get_classification_df(), e.roc_auc_curve(),
                   e.pr_auc_curve(), e.preds, e.pred_percentiles()))
    timed("permutation importances", lambda: e.get_permutation_importances_df())
    timed("rest (X_cats, ...)", lambda: (e.X_cats, e.calculate_properties()))
    return {"steps": steps, "interaction_values_computed": hasattr(e, "_shap_interaction_values"),
            "shap_values_shape": list(e.get_shap_values_df().shape)}


def run(data_dir: Path, repeats: int, names) -> dict:
    import explainerdashboard  # noqa: F401  (import cost outside the timings)

    results = {"versions": _versions(), "cases": {}}
    for name in names:
        pipeline, X, y = prepare(data_dir, name)
        groups = onehot_groups(pipeline)
        _explainer(pipeline, X.iloc[:20], y.iloc[:20], groups).calculate_properties()  # warm-up
        shap_alone(pipeline, X.iloc[:20])
        seconds = timings(lambda p=pipeline, X=X, y=y, g=groups: _explainer(p, X, y, g).calculate_properties(), repeats)
        shap_seconds = timings(lambda p=pipeline, X=X: shap_alone(p, X), repeats)
        results["cases"][name] = {
            "rows": len(X), "transformed_columns": len(pipeline[:-1].get_feature_names_out()),
            "forest": forest_shape(pipeline), "fingerprint": model_fingerprint(pipeline, X),
            "calculate_properties_s": seconds, "median_s": statistics.median(seconds),
            "shap_alone_s": shap_seconds, "shap_alone_median_s": statistics.median(shap_seconds),
            "breakdown": _breakdown(pipeline, X, y, groups),
        }
        print(f"peer {name}: {statistics.median(seconds):.2f} s", file=sys.stderr, flush=True)
    return results


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--cases", nargs="*", default=list(PEER_CASES))
    args = parser.parse_args(argv)
    import logging
    import warnings

    logging.basicConfig(level=logging.WARNING)  # explainerdashboard warns when logging is unconfigured
    warnings.filterwarnings("ignore")
    results = run(args.data_dir, args.repeats, args.cases)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
