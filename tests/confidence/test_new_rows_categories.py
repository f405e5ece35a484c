"""Issue 27 item 6: bands for new rows read from a plain CSV, for models trained on pandas categories.

LightGBM and XGBoost (``enable_categorical``) refuse text columns where they learnt ``category`` ones
("categorical_feature do not match", "enable_categorical"). ``Confidence.predict_set`` and ``.interval``
give new rows the case's categories first, so a CSV's rows get the same answer as the typed frame; a
category the model never saw is an InputError naming the column and the value (the conformal promise
was calibrated on known categories only, and the model would silently treat it as missing).
"""

from __future__ import annotations

import io

import lightgbm
import numpy as np
import pandas as pd
import pytest
import xgboost

import explainers
from explainers.core.errors import InputError
from tests.model_kinds_helpers import mixed_frame, open_from_files

TEXT = ["cat_x", "cat_y"]


def _model(library: str, regression: bool):
    if library == "lightgbm":
        kind = lightgbm.LGBMRegressor if regression else lightgbm.LGBMClassifier
        return kind(n_estimators=20, num_leaves=7, min_child_samples=5, verbose=-1)
    kind = xgboost.XGBRegressor if regression else xgboost.XGBClassifier
    return kind(n_estimators=20, max_depth=3, enable_categorical=True, tree_method="hist")


def _trained(tmp_path, library: str, regression: bool):
    """A model fitted on category columns, its typed training frame and the case opened from joblib + CSV."""
    X, y = mixed_frame(rows=200)
    if regression:
        y = X["num_a"].to_numpy() * 3 + X["cat_x"].isin(["a", "b"]).to_numpy() * 2.0
    typed = X.assign(**{c: X[c].astype("category") for c in TEXT})
    model = _model(library, regression).fit(typed, y)
    return model, typed, open_from_files(tmp_path, library, model, X, y)


def _new_rows(typed: pd.DataFrame, rows: int = 12) -> pd.DataFrame:
    """Rows read back from a plain CSV string: text columns arrive as text, not categories."""
    return pd.read_csv(io.StringIO(typed.head(rows).to_csv(index=False)))


@pytest.mark.parametrize("library", ["lightgbm", "xgboost"])
def test_predict_set_on_csv_rows_of_a_category_model(tmp_path, library):
    model, typed, case = _trained(tmp_path, library, regression=False)
    conf = explainers.confidence(case, level=0.9)
    new = _new_rows(typed)
    assert not any(isinstance(new[c].dtype, pd.CategoricalDtype) for c in TEXT)
    sets = conf.predict_set(new)
    assert sets == conf.predict_set(typed.head(12))  # the same answer as the frame the model was trained on
    proba = model.predict_proba(typed.head(12))
    q = conf.quantiles[None]
    expected = [set(np.asarray(case.classes, dtype=object)[p >= 1 - q].tolist()) for p in proba]
    assert sets == expected


@pytest.mark.parametrize("library", ["lightgbm", "xgboost"])
def test_interval_on_csv_rows_of_a_category_model(tmp_path, library):
    model, typed, case = _trained(tmp_path, library, regression=True)
    conf = explainers.confidence(case, level=0.9, method="absolute")
    band = conf.interval(_new_rows(typed))
    np.testing.assert_allclose(band["prediction"], model.predict(typed.head(12)), rtol=1e-6)
    np.testing.assert_allclose(band["upper"] - band["prediction"], conf.quantiles[None], rtol=1e-9)


@pytest.mark.parametrize("library", ["lightgbm", "xgboost"])
def test_an_unseen_category_in_new_rows_is_named(tmp_path, library):
    _, typed, case = _trained(tmp_path, library, regression=False)
    conf = explainers.confidence(case, level=0.9)
    new = _new_rows(typed, rows=5)
    new.loc[3, "cat_x"] = "zzz"
    with pytest.raises(InputError, match=r"(?s)cat_x.*zzz"):
        conf.predict_set(new)
    missing = _new_rows(typed, rows=5)
    missing.loc[3, "cat_x"] = np.nan  # a blank is a missing value, which the model handles itself
    assert len(conf.predict_set(missing)) == 5
