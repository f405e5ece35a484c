"""How well the model does on labelled rows: metrics, confusion matrix, costs and thresholds.

For a binary classifier the decision threshold is a business choice: the threshold study
prices every threshold with the sidecar's costs (default: both errors cost 1) and finds the
cheapest, and says what moving there from 0.5 changes.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn import metrics as skm

from ..core.case import Case
from ..core.errors import InputError
from ..core.result import PRIVATE, Result
from . import words

THRESHOLDS = np.round(np.linspace(0.0, 1.0, 201), 3)


@dataclass(frozen=True)
class Performance(Result):
    """Metrics on the labelled rows and, for a binary classifier, the costs of every threshold.

    ``metrics``: key (stable snake_case), name, value, meaning. ``confusion``: actual (rows) x predicted
    (columns) at ``threshold``. ``threshold_study``: threshold, tp, fp, fn, tn, cost_per_row,
    flagged_share. ``costs_source``: "sidecar" or "default". ``residuals`` (regression; not in JSON,
    one row per data row): prediction, actual, residual.
    """

    metrics: pd.DataFrame
    confusion: pd.DataFrame | None = None
    threshold: float | None = None
    threshold_study: pd.DataFrame | None = None
    best_threshold: float | None = None
    costs: dict = field(default_factory=dict)
    costs_source: str = "default"
    residuals: pd.DataFrame | None = field(default=None, metadata=PRIVATE, repr=False)

    def value(self, key: str) -> float:
        """One metric's value by its key, e.g. ``perf.value("roc_auc")``."""
        return float(self.metrics.set_index("key").loc[key, "value"])


def performance(case: Case, *, threshold: float = 0.5) -> Performance:
    """Metrics on every labelled row; binary classifiers at ``threshold`` on the positive class."""
    if not case.labelled:
        raise InputError("Performance needs labelled rows: open data that has the target column.")
    if case.task == "regression":
        return _regression(case) if case.whole is None else _whole_regression(case)
    if case.task == "binary" and case.proba is not None:
        return _binary(case, threshold) if case.whole is None else _whole_binary(case, threshold)
    return _multiclass(case) if case.whole is None else _whole_multiclass(case)


def decide(case: Case, threshold: float = 0.5) -> pd.Series:
    """Each row's decision at ``threshold`` on the positive class's probability (binary classifiers with
    probabilities; other models keep their own predictions)."""
    if case.task != "binary" or case.proba is None:
        return case.predicted
    other = next(c for c in case.classes if c != case.positive_class)
    flagged = case.proba[case.positive_class].to_numpy() >= threshold
    return pd.Series(np.where(flagged, case.positive_class, other), index=case.X.index, name=case.predicted.name)


def costs_of(case: Case) -> dict:
    costs = {"false_positive": 1.0, "false_negative": 1.0}
    costs.update(case.metadata.costs)
    return costs


def _method(case: Case, threshold: float | None = None) -> str:
    at = f", at threshold {words.threshold_text(threshold)}" if threshold is not None else ""
    if case.whole is not None:
        return (f"Computed on all {case.n_rows:,} labelled rows on the Dask cluster from per-partition counts{at}; "
                "ROC AUC and average precision from 100,000-bin score histograms (within 1e-4 of exact).")
    return f"Computed on all {len(case.X):,} labelled rows with scikit-learn's metrics{at}."


def _binary(case: Case, threshold: float) -> Performance:
    positive = case.positive_class
    truth = (case.y == positive).to_numpy()
    score = case.proba[positive].to_numpy()
    decision = score >= threshold
    other = next(c for c in case.classes if c != positive)
    values = {
        "accuracy": skm.accuracy_score(truth, decision),
        "balanced_accuracy": skm.balanced_accuracy_score(truth, decision),
        "roc_auc": skm.roc_auc_score(truth, score),
        "average_precision": skm.average_precision_score(truth, score),
        "f1": skm.f1_score(truth, decision, zero_division=0),
        "precision": skm.precision_score(truth, decision, zero_division=0),
        "recall": skm.recall_score(truth, decision, zero_division=0),
        "log_loss": skm.log_loss(truth, score, labels=[False, True]),
        "brier_score": skm.brier_score_loss(truth, score),
    }
    costs = costs_of(case)
    study = threshold_study(truth, score, costs)
    best = float(study.loc[study["cost_per_row"].idxmin(), "threshold"])
    confusion = pd.crosstab(pd.Series(np.where(truth, positive, other), name="actual"),
                            pd.Series(np.where(decision, positive, other), name="predicted"), dropna=False)
    confusion = confusion.reindex(index=[positive, other], columns=[positive, other], fill_value=0)
    return Performance(
        metrics=_table(values, positive=positive, other=other, base_rate=f"{truth.mean():.0%}"),
        confusion=_axes(confusion), threshold=threshold, threshold_study=study, best_threshold=best, costs=costs,
        costs_source="sidecar" if case.metadata.costs else "default", method=_method(case, threshold))


def _whole_binary(case: Case, threshold: float) -> Performance:
    """:func:`_binary` for a dask case: every number from counts added up over the partitions."""
    from ..scale.results import performance_values, threshold_table

    positive = case.positive_class
    other = next(c for c in case.classes if c != positive)
    values, counts = performance_values(case, threshold, THRESHOLDS)
    costs = costs_of(case)
    study = threshold_table(counts, THRESHOLDS, costs)
    best = float(study.loc[study["cost_per_row"].idxmin(), "threshold"])
    confusion = pd.DataFrame([[counts["tp"], counts["fn"]], [counts["fp"], counts["tn"]]],
                             index=pd.Index([positive, other]), columns=pd.Index([positive, other]))
    return Performance(
        metrics=_table(values, positive=positive, other=other, base_rate=f"{counts['P'] / counts['n']:.0%}"),
        confusion=_axes(confusion), threshold=threshold, threshold_study=study, best_threshold=best, costs=costs,
        costs_source="sidecar" if case.metadata.costs else "default", method=_method(case, threshold),
        approximate=True)


def _whole_multiclass(case: Case) -> Performance:
    """:func:`_multiclass` for a dask case, from the whole-data confusion matrix."""
    from ..scale.results import class_values

    values, counts = class_values(case)
    confusion = pd.DataFrame(counts, index=pd.Index(list(case.classes)), columns=pd.Index(list(case.classes)))
    return Performance(metrics=_table(values, task="multiclass"), confusion=_axes(confusion), method=_method(case))


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
    values = {
        "accuracy": skm.accuracy_score(y, predicted),
        "balanced_accuracy": skm.balanced_accuracy_score(y, predicted),
        "f1_macro": skm.f1_score(y, predicted, average="macro"),
    }
    if case.proba is not None:
        values["log_loss"] = skm.log_loss(y, case.proba.to_numpy(), labels=list(case.classes))
    values.update(_ranking_from_decision_score(case))
    confusion = pd.crosstab(y.rename("actual"), predicted.rename("predicted")).reindex(
        index=list(case.classes), columns=list(case.classes), fill_value=0)
    context = {"task": "multiclass"}
    if case.task == "binary":  # a binary classifier without probabilities: its meanings name the classes
        other = next(c for c in case.classes if c != case.positive_class)
        truth = (case.y == case.positive_class).to_numpy()
        context = {"positive": case.positive_class, "other": other, "base_rate": f"{truth.mean():.0%}"}
    return Performance(metrics=_table(values, **context), confusion=_axes(confusion), method=_method(case))


def _ranking_from_decision_score(case: Case) -> dict:
    """A binary classifier without probabilities still ranks rows by its decision score (decision_function):
    ROC AUC and average precision need only that order."""
    if case.task != "binary" or case.proba is not None or not callable(getattr(case.model, "decision_function", None)):
        return {}
    score = np.asarray(case.model.decision_function(case.X), dtype=float).ravel()
    if case.positive_class == case.classes[0]:  # decision_function scores the second class
        score = -score
    truth = (case.y == case.positive_class).to_numpy()
    return {"roc_auc": skm.roc_auc_score(truth, score), "average_precision": skm.average_precision_score(truth, score)}


def _regression(case: Case) -> Performance:
    y, predicted = case.y.to_numpy(dtype=float), case.predicted.to_numpy(dtype=float)
    values = {
        "mae": skm.mean_absolute_error(y, predicted),
        "rmse": float(np.sqrt(skm.mean_squared_error(y, predicted))),
        "r2": skm.r2_score(y, predicted),
        "median_absolute_error": skm.median_absolute_error(y, predicted),
    }
    residuals = pd.DataFrame({"prediction": predicted, "actual": y, "residual": y - predicted}, index=case.X.index)
    return Performance(metrics=_table(values, target=case.target), residuals=residuals, method=_method(case))


def _whole_regression(case: Case) -> Performance:
    """:func:`_regression` for a dask case: MAE, RMSE and R2 from all rows' sums; residuals of the sample."""
    from ..scale.results import regression_values

    sample = _regression(case)
    method = f"MAE, RMSE and R2 computed on all {case.n_rows:,} labelled rows on the Dask cluster from per-partition sums."
    return dataclasses.replace(sample, metrics=_table(regression_values(case), target=case.target), method=method, notes=(
        f"MAE, RMSE and R2 count all {case.n_rows:,} rows; the median absolute error needs every error at once "
        f"and is left out; the residual plot shows the stratified sample of {len(case.X):,} rows.",))


def _table(values: dict, **context) -> pd.DataFrame:
    """key, name, value, meaning: one row per metric, names and meanings from words."""
    return pd.DataFrame([{"key": key, "name": words.name(key), "value": float(v), "meaning": words.meaning(key, **context)}
                         for key, v in values.items()], columns=["key", "name", "value", "meaning"])


def _axes(confusion: pd.DataFrame) -> pd.DataFrame:
    """Rows named "actual", columns "predicted" (the JSON form's records then carry an ``actual`` column)."""
    return confusion.rename_axis(index="actual", columns="predicted")
