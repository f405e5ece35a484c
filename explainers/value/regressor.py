"""A regressor's fallbacks on the same labelled rows: the training median, the one-column rule, the champion and
a person, each priced per unit of absolute error (:mod:`.regression`) against the model, paired."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.case import Case
from ..core.errors import InputError
from ..core.language import N_, _
from .cut_rule import CutRule, learn_cut, training_target
from .error_values import ErrorValues
from .regression import paired_error_worth

NAMES = ("model", "median", "champion", "one_rule", "person")
NO_TRAINING = N_("cannot be learned: no training rows were given (learning it on the judged rows would flatter it); "
                 "pass training=")  # notes in the fallbacks table, translated when the value is computed
JUDGED_MEDIAN = N_("the judged rows' own median (no training rows were given), which flatters it a little")
UNLEARNED = N_("cannot be learned: {problem}")


def regressor_fallbacks(case: Case, wanted: list[str], worth: ErrorValues, *, champion: Case | None, person_error: float,
                        training, n_boot: int, random_state) -> tuple[list[dict], CutRule | None, float | None]:
    """One row per wanted fallback (name, value, per_1000, difference, low, high, note), the rule (or None) and
    the median the constant predicts."""
    model = case.predicted.to_numpy(dtype=float)
    X_train = y_train = None
    problem = ""
    if training is not None:
        try:
            X_train, y_train = training_target(case, training)
        except InputError as err:  # the other fallbacks still stand; the rows say why these do not
            problem = str(err)
    rule, median, rows = None, None, []
    for name in wanted:
        other, note, person = None, "", None
        if name == "median":
            median = float(np.median(y_train if y_train is not None else case.y.to_numpy(dtype=float)))
            other = np.full(len(model), median)
            note = "" if y_train is not None else _(JUDGED_MEDIAN)
        elif name == "champion":
            other = _champion_predictions(case, champion)
        elif name == "one_rule":
            if y_train is None:
                note = _(UNLEARNED, problem=problem) if problem else _(NO_TRAINING)
            else:
                try:
                    rule = learn_cut(case, X_train, y_train)
                except InputError as err:
                    note = _(UNLEARNED, problem=err)
                else:
                    other = rule.predict(case.X)
        elif name == "person":
            person = float(person_error)
        rows.append(_row(case, name, model, other, person, note, worth, n_boot, random_state))
    return rows, rule, median


def _row(case, name, model, other, person, note, worth, n_boot, random_state) -> dict:
    n = len(case.X)
    if name == "model":
        paired = paired_error_worth(case, model, model, worth, n_boot=n_boot, random_state=random_state)
        return {"name": name, "value": paired.model, "per_1000": paired.model / n * 1000, "difference": 0.0,
                "low": 0.0, "high": 0.0, "note": ""}
    if other is None and person is None:
        return {"name": name, "value": np.nan, "per_1000": np.nan, "difference": np.nan, "low": np.nan,
                "high": np.nan, "note": note}
    paired = paired_error_worth(case, model, other, worth, person_error=person, n_boot=n_boot,
                                random_state=random_state)
    return {"name": name, "value": paired.other, "per_1000": paired.other / n * 1000, "difference": paired.difference,
            "low": paired.low, "high": paired.high, "note": note}


def _champion_predictions(case: Case, champion: Case) -> np.ndarray:
    if champion.task != "regression":
        raise InputError(f"The champion is a {champion.task} model; a regressor's champion must predict numbers too.")
    same = (len(champion.X) == len(case.X) and champion.X.index.equals(case.X.index) and champion.labelled
            and np.allclose(champion.y.to_numpy(dtype=float), case.y.to_numpy(dtype=float), equal_nan=True))
    if not same:
        raise InputError("The champion must be judged on the same labelled rows as the model: open both on one data file.")
    return pd.Series(champion.predicted).to_numpy(dtype=float)
