"""Train the sample models, deterministically, from the real data beside this file.

For each sample it writes into sample_models/built/: the model (joblib), its sidecar JSON, a
labelled holdout CSV of rows not used in training, and the training rows (the reference for
drift checks). Run ``python -m sample_models.build``
(add ``--force`` to rebuild); the dashboard runs it on first start.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from pathlib import Path

import joblib
import numpy as np
import pandas as pd
from lightgbm import LGBMClassifier
from sklearn.compose import ColumnTransformer
from sklearn.datasets import load_wine
from sklearn.ensemble import HistGradientBoostingRegressor, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler

from sample_models.catalog import BUILT, HERE, NAMES, library_versions, needs_build, samples, sidecar_specs

SEED = 0


def _text_columns(X: pd.DataFrame) -> list[str]:
    return [c for c in X.columns if not pd.api.types.is_numeric_dtype(X[c])]


def _one_hot(X, numeric=None):
    text = _text_columns(X)
    rest = [c for c in X.columns if c not in text]
    numeric_branch = ("numbers", numeric, rest) if numeric is not None else ("numbers", "passthrough", rest)
    encoder = OneHotEncoder(handle_unknown="ignore", sparse_output=False)
    return ColumnTransformer([("categories", encoder, text), numeric_branch], verbose_feature_names_out=False)


def _ordinal(X):
    encoder = OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=np.nan)
    columns = ColumnTransformer(
        [("categories", encoder, _text_columns(X))], remainder="passthrough", verbose_feature_names_out=False
    )
    return columns.set_output(transform="pandas")


def german_credit(X, y):
    forest = RandomForestClassifier(n_estimators=300, max_depth=8, min_samples_leaf=2, random_state=SEED)
    return Pipeline([("columns", _one_hot(X)), ("model", forest)]).fit(X, y)


def german_credit_linear(X, y):
    logistic = LogisticRegression(C=0.3, max_iter=5000)
    return Pipeline([("columns", _one_hot(X, StandardScaler())), ("model", logistic)]).fit(X, y)


def adult_income_linear(X, y):
    """The adult challenger: the German credit logistic recipe (one-hot + scaling) on the adult training rows."""
    return german_credit_linear(X, y)


def adult_income(X, y):
    booster = LGBMClassifier(
        n_estimators=300, learning_rate=0.05, num_leaves=31, random_state=SEED, deterministic=True,
        force_row_wise=True, n_jobs=1, verbose=-1,
    )
    pipeline = Pipeline([("columns", _ordinal(X)), ("model", booster)])
    return pipeline.fit(X, y, model__categorical_feature=_text_columns(X))


def bike_rentals(X, y):
    # Category codes as ordered numbers, not native categorical splits: shap's TreeExplainer
    # mis-explains HistGradientBoosting's categorical splits, and the codes lose little here.
    booster = HistGradientBoostingRegressor(max_iter=300, learning_rate=0.1, random_state=SEED)
    return Pipeline([("columns", _ordinal(X)), ("model", booster)]).fit(X, y)


def wine(X, y):
    return RandomForestClassifier(n_estimators=200, random_state=SEED).fit(X, y)


TRAINERS = {f.__name__: f for f in (german_credit, german_credit_linear, adult_income, adult_income_linear,
                                    bike_rentals, wine)}
DATA_FILES = {"german_credit_linear": "german_credit", "adult_income_linear": "adult_income"}  # same data, same split
HOLDOUT_SHARE = {"bike_rentals": 0.25}


def read_data(name: str) -> pd.DataFrame:
    """The real data for a sample; wine comes from scikit-learn's bundled copy (no download)."""
    if name == "wine":
        bunch = load_wine(as_frame=True)
        frame = bunch.frame.rename(columns={"od280/od315_of_diluted_wines": "od280_od315"})
        frame["cultivar"] = frame.pop("target").map(lambda k: f"cultivar_{k + 1}")
        return frame
    return pd.read_csv(HERE / f"{DATA_FILES.get(name, name)}.csv")


def build(name: str) -> None:
    """Train one sample model and write its model, sidecar and holdout atomically."""
    spec = sidecar_specs()[name]
    frame = read_data(name)
    target = spec["target"]
    X, y = frame.drop(columns=target), frame[target]
    stratify = y if name != "bike_rentals" else None
    X_train, X_hold, y_train, y_hold = train_test_split(
        X, y, test_size=HOLDOUT_SHARE.get(name, 0.3), random_state=SEED, stratify=stratify
    )
    X_train, X_hold, y_train, y_hold = _move_rare_categories_to_training(X_train, X_hold, y_train, y_hold)
    model = TRAINERS[name](X_train, y_train)
    sidecar = {**spec, "built_with": library_versions(),
               "training": {"rows": len(X_train), "holdout_rows": len(X_hold), "random_state": SEED}}
    sample = samples()[name]
    BUILT.mkdir(exist_ok=True)
    _write_atomic(sample.holdout_path, lambda f: X_hold.assign(**{target: y_hold}).to_csv(f, index=False))
    _write_atomic(sample.training_path, lambda f: X_train.assign(**{target: y_train}).to_csv(f, index=False))
    _write_atomic(sample.sidecar_path, lambda f: Path(f).write_text(json.dumps(sidecar, indent=2)))
    _write_atomic(sample.model_path, lambda f: joblib.dump(model, f, compress=3))


def _move_rare_categories_to_training(X_train, X_hold, y_train, y_hold):
    """Holdout rows whose category never occurs in training go to training (e.g. a country seen once)."""
    unseen = pd.Series(False, index=X_hold.index)
    for column in _text_columns(X_hold):
        unseen |= ~X_hold[column].isin(set(X_train[column]))
    moved = X_hold.index[unseen]
    return (pd.concat([X_train, X_hold.loc[moved]]), X_hold.drop(moved),
            pd.concat([y_train, y_hold.loc[moved]]), y_hold.drop(moved))


def _write_atomic(path: Path, write) -> None:
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    os.close(handle)
    try:
        write(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def missing() -> list[str]:
    """Names of samples whose files are absent or built with other library versions."""
    return [name for name, sample in samples().items() if needs_build(sample)]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", choices=[[], *NAMES], help="samples to build (default: all)")
    parser.add_argument("--force", action="store_true", help="rebuild even when up to date")
    args = parser.parse_args(argv)
    for name in args.names or NAMES:
        if args.force or name in missing():
            print(f"building {name} ...", flush=True)
            build(name)
    print(f"sample models are in {BUILT}")


if __name__ == "__main__":
    main()
