"""How well the model does on labelled rows: metrics, confusion matrix, costs and thresholds.

For a binary classifier the decision threshold is a business choice: the threshold study
prices every threshold with the sidecar's costs (default: both errors cost 1) and finds the
cheapest, and says what moving there from 0.5 changes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn import metrics as skm

from ..core.case import Case
from ..core.errors import InputError

THRESHOLDS = np.round(np.linspace(0.0, 1.0, 201), 3)


@dataclass(frozen=True)
class Performance:
    metrics: pd.DataFrame  # metric, value, meaning
    confusion: pd.DataFrame | None  # actual (rows) x predicted (columns), at ``threshold``
    threshold: float | None
    threshold_study: pd.DataFrame | None  # threshold, tp, fp, fn, tn, cost_per_row, ...
    best_threshold: float | None
    costs: dict
    residuals: pd.DataFrame | None  # regression: prediction, actual, residual


def performance(case: Case, threshold: float = 0.5) -> Performance:
    """Metrics on every labelled row; binary classifiers at ``threshold`` on the positive class."""
    if not case.labelled:
        raise InputError("Performance needs labelled rows: open data that has the target column.")
    if case.task == "regression":
        return _regression(case)
    if case.task == "binary" and case.proba is not None:
        return _binary(case, threshold)
    return _multiclass(case)


def costs_of(case: Case) -> dict:
    costs = {"false_positive": 1.0, "false_negative": 1.0}
    costs.update(case.metadata.costs)
    return costs


def _binary(case: Case, threshold: float) -> Performance:
    positive = case.positive_class
    truth = (case.y == positive).to_numpy()
    score = case.proba[positive].to_numpy()
    decision = score >= threshold
    other = next(c for c in case.classes if c != positive)
    rows = [
        ("Accuracy", skm.accuracy_score(truth, decision), "Share of rows whose decision is right."),
        ("Balanced accuracy", skm.balanced_accuracy_score(truth, decision),
         f"Mean of the shares of {positive} and of {other} rows recognised; not fooled by imbalance."),
        ("ROC AUC", skm.roc_auc_score(truth, score), f"Chance that a random {positive} row scores above a random {other} row."),
        ("PR AUC (average precision)", skm.average_precision_score(truth, score),
         f"How precise the {positive} alarms stay as more of them are raised; the base rate is {truth.mean():.0%}."),
        ("F1", skm.f1_score(truth, decision, zero_division=0), f"Balance of precision and recall for {positive}."),
        ("Precision", skm.precision_score(truth, decision, zero_division=0), f"Of rows flagged {positive}, the share truly {positive}."),
        ("Recall", skm.recall_score(truth, decision, zero_division=0), f"Of truly {positive} rows, the share flagged."),
        ("Log loss", skm.log_loss(truth, score, labels=[False, True]), "Penalises confident mistakes; lower is better."),
        ("Brier score", skm.brier_score_loss(truth, score), "Mean squared gap between probability and outcome; lower is better."),
    ]
    costs = costs_of(case)
    study = threshold_study(truth, score, costs)
    best = float(study.loc[study["cost_per_row"].idxmin(), "threshold"])
    confusion = pd.crosstab(pd.Series(np.where(truth, positive, other), name="actual"),
                            pd.Series(np.where(decision, positive, other), name="predicted"), dropna=False)
    return Performance(_table(rows), confusion.reindex(index=[positive, other], columns=[positive, other], fill_value=0),
                       threshold, study, best, costs, None)


def threshold_study(truth: np.ndarray, score: np.ndarray, costs: dict) -> pd.DataFrame:
    """Counts and expected cost per row at every threshold (a row is flagged when score >= threshold)."""
    positives = np.sort(score[truth])
    negatives = np.sort(score[~truth])
    flagged_pos = len(positives) - np.searchsorted(positives, THRESHOLDS, side="left")
    flagged_neg = len(negatives) - np.searchsorted(negatives, THRESHOLDS, side="left")
    study = pd.DataFrame({"threshold": THRESHOLDS, "tp": flagged_pos, "fp": flagged_neg,
                          "fn": len(positives) - flagged_pos, "tn": len(negatives) - flagged_neg})
    study["cost_per_row"] = (study["fp"] * costs["false_positive"] + study["fn"] * costs["false_negative"]) / len(score)
    study["flagged_share"] = (study["tp"] + study["fp"]) / len(score)
    return study


def _multiclass(case: Case) -> Performance:
    y, predicted = case.y, case.predicted
    rows = [
        ("Accuracy", skm.accuracy_score(y, predicted), "Share of rows whose class is right."),
        ("Balanced accuracy", skm.balanced_accuracy_score(y, predicted), "Mean share recognised per class."),
        ("Macro F1", skm.f1_score(y, predicted, average="macro"), "F1 averaged over classes, each counting equally."),
    ]
    if case.proba is not None:
        rows.append(("Log loss", skm.log_loss(y, case.proba.to_numpy(), labels=list(case.classes)),
                     "Penalises confident mistakes; lower is better."))
    confusion = pd.crosstab(y.rename("actual"), predicted.rename("predicted")).reindex(
        index=list(case.classes), columns=list(case.classes), fill_value=0)
    return Performance(_table(rows), confusion, None, None, None, {}, None)


def _regression(case: Case) -> Performance:
    y, predicted = case.y.to_numpy(dtype=float), case.predicted.to_numpy(dtype=float)
    target = case.target
    rows = [
        ("Mean absolute error", skm.mean_absolute_error(y, predicted), f"Typical miss, in {target}."),
        ("Root mean squared error", float(np.sqrt(skm.mean_squared_error(y, predicted))),
         f"Like MAE but large misses weigh more, in {target}."),
        ("R²", skm.r2_score(y, predicted), "Share of the variation explained (0: no better than the average)."),
        ("Median absolute error", skm.median_absolute_error(y, predicted), f"Half the misses are smaller than this, in {target}."),
    ]
    residuals = pd.DataFrame({"prediction": predicted, "actual": y, "residual": y - predicted}, index=case.X.index)
    return Performance(_table(rows), None, None, None, None, {}, residuals)


def _table(rows) -> pd.DataFrame:
    return pd.DataFrame([{"metric": m, "value": float(v), "meaning": t} for m, v, t in rows])


def threshold_change(perf: Performance, new: float, old: float = 0.5) -> str:
    """What moving the threshold from ``old`` to ``new`` changes, in words and counts."""
    study = perf.threshold_study.set_index("threshold")
    a, b = study.loc[_nearest(study.index, old)], study.loc[_nearest(study.index, new)]
    rows = a[["tp", "fp", "fn", "tn"]].sum()  # every row is in one of the four cells, at any threshold
    saving = (a["cost_per_row"] - b["cost_per_row"]) * rows
    return (f"Moving the threshold from {old:.2f} to {new:.2f} changes false alarms from {int(a['fp'])} to {int(b['fp'])} "
            f"and missed cases from {int(a['fn'])} to {int(b['fn'])}; the total cost on these rows goes from "
            f"{a['cost_per_row'] * rows:,.0f} to {b['cost_per_row'] * rows:,.0f}"
            f" ({'a saving of' if saving >= 0 else 'an extra'} {abs(saving):,.0f}).")


def _nearest(index, value: float) -> float:
    return float(index[np.abs(np.asarray(index) - value).argmin()])
