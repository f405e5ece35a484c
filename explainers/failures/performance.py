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

from ..core.case import Case
from ..core.errors import InputError
from ..core.language import _, count
from ..core.measures import Tally, case_tally, measure_tally
from ..core.measures import decide as decide
from ..core.measures.formulas import Cells, average_precision, roc_auc
from ..core.measures.tables import confusion, tally_threshold_counts, threshold_counts
from ..core.result import PRIVATE, Result
from . import words

THRESHOLDS = np.round(np.linspace(0.0, 1.0, 201), 3)
BINARY_KEYS = ("accuracy", "balanced_accuracy", "roc_auc", "average_precision", "f1", "precision", "recall",
               "log_loss", "brier_score")
CLASS_KEYS = ("accuracy", "balanced_accuracy", "f1_macro")
REGRESSION_KEYS = ("mae", "rmse", "r2")


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
    """Metrics on every labelled row (a Dask case: every partition); binary classifiers at ``threshold`` on the
    positive class. Every value, the confusion matrix and the threshold study come from one tally of the case
    (explainers.core.measures), so the pandas and the Dask paths are the same code."""
    if not case.labelled:
        raise InputError("Performance needs labelled rows: open data that has the target column.")
    scored = case.task == "binary" and case.proba is not None
    found, _ = case_tally(case, threshold=threshold if scored else None)
    if case.task == "regression":
        return _regression(case, found)
    return _binary(case, found, threshold) if scored else _classes(case, found)


def costs_of(case: Case) -> dict:
    costs = {"false_positive": 1.0, "false_negative": 1.0}
    costs.update(case.metadata.costs)
    return costs


def _method(case: Case, found: Tally, approximate: bool, threshold: float | None = None) -> str:
    """How the metrics were computed, in the language in force (each optional clause a marked message)."""
    # Translators: the clauses below are appended to "Computed on all {rows} labelled rows{where} from one tally of
    # alike rows{at}{scores}."; keep their leading space, comma or semicolon.
    at = _(", at threshold {threshold}", threshold=words.threshold_text(threshold)) if threshold is not None else ""
    where = _(" on the Dask cluster (per-partition tallies added up)") if case.whole is not None else ""
    scores = (_("; ROC AUC and average precision from scores in 1/100,000 bins (within 1e-4 of exact)")
              if approximate and found.setting.task != "regression" else "")
    return _("Computed on all {rows} labelled rows{where} from one tally of alike rows{at}{scores}.",
             rows=count(found.rows), where=where, at=at, scores=scores)


def _binary(case: Case, found: Tally, threshold: float) -> Performance:
    positive = case.positive_class
    other = next(c for c in case.classes if c != positive)
    measured = measure_tally(found, metrics=BINARY_KEYS, n_boot=0)
    costs = costs_of(case)
    study = _priced(tally_threshold_counts(found, THRESHOLDS), costs)
    best = float(study.loc[study["cost_per_row"].idxmin(), "threshold"])
    counts = confusion(found).reindex(index=[positive, other], columns=[positive, other], fill_value=0)
    base_rate = counts.loc[positive].sum() / found.rows
    return Performance(
        metrics=_table(_values(measured, BINARY_KEYS), positive=positive, other=other, base_rate=words.pct(base_rate)),
        confusion=counts, threshold=threshold, threshold_study=study, best_threshold=best, costs=costs,
        costs_source="sidecar" if case.metadata.costs else "default",
        method=_method(case, found, measured.approximate, threshold), approximate=measured.approximate)


def threshold_study(truth: np.ndarray, score: np.ndarray, costs: dict) -> pd.DataFrame:
    """Counts and expected cost per row at every threshold (a row is flagged when score >= threshold)."""
    truth = np.asarray(truth, dtype=bool)
    return _priced(threshold_counts(score, truth, np.ones(len(truth), dtype=np.int64), THRESHOLDS), costs)


def _priced(study: pd.DataFrame, costs: dict) -> pd.DataFrame:
    """The counts at every threshold with each threshold's cost per row and share flagged."""
    study = study.copy()
    rows = study.loc[0, ["tp", "fp", "fn", "tn"]].sum()
    study["cost_per_row"] = (study["fp"] * costs["false_positive"] + study["fn"] * costs["false_negative"]) / rows
    study["flagged_share"] = (study["tp"] + study["fp"]) / rows
    return study


def _classes(case: Case, found: Tally) -> Performance:
    """A multiclass model, or a binary one without probabilities (read as classes: macro F1)."""
    keys = CLASS_KEYS + (("log_loss",) if case.proba is not None else ())
    as_classes = Tally(dataclasses.replace(found.setting, task="multiclass", positive=None), found.cells)
    measured = measure_tally(as_classes, metrics=keys, n_boot=0)
    values = _values(measured, keys) | _ranking_from_decision_score(case)
    context = {"task": "multiclass"}
    if case.task == "binary":  # a binary classifier without probabilities: its meanings name the classes
        other = next(c for c in case.classes if c != case.positive_class)
        base_rate = confusion(found).loc[case.positive_class].sum() / found.rows
        context = {"positive": case.positive_class, "other": other, "base_rate": words.pct(base_rate)}
    return Performance(metrics=_table(values, **context), confusion=confusion(found),
                       method=_method(case, found, False), approximate=measured.approximate)


def _ranking_from_decision_score(case: Case) -> dict:
    """A binary classifier without probabilities still ranks rows by its decision score (decision_function):
    ROC AUC and average precision need only that order (the measures layer's formulas, one row per cell;
    the rows at hand only, so not on a Dask case)."""
    if (case.task != "binary" or case.proba is not None or case.whole is not None
            or not callable(getattr(case.model, "decision_function", None))):
        return {}
    score = np.asarray(case.model.decision_function(case.X), dtype=float).ravel()
    if case.positive_class == case.classes[0]:  # decision_function scores the second class
        score = -score
    rows = Cells(np.ones(len(score)), {"score": score, "actual": (case.y == case.positive_class).to_numpy(dtype=float)})
    W = rows.rows[None, :]
    return {"roc_auc": float(roc_auc(W, rows)[0]), "average_precision": float(average_precision(W, rows)[0])}


def _regression(case: Case, found: Tally) -> Performance:
    """MAE, RMSE and R2 from the tally's sums (all rows, every partition); the median absolute error needs
    every error at once, so it is computed here on a table's rows and left out on a Dask case."""
    measured = measure_tally(found, metrics=REGRESSION_KEYS, n_boot=0)
    values = _values(measured, REGRESSION_KEYS)
    y, predicted = case.y.to_numpy(dtype=float), case.predicted.to_numpy(dtype=float)
    notes = ()
    if case.whole is None:
        values["median_absolute_error"] = float(np.median(np.abs(y - predicted)))
    else:
        notes = (_("MAE, RMSE and R2 count all {rows} rows; the median absolute error needs every error at once and "
                   "is left out; the residual plot shows the stratified sample of {sample} rows.",
                   rows=count(found.rows), sample=count(len(case.X))),)
    residuals = pd.DataFrame({"prediction": predicted, "actual": y, "residual": y - predicted}, index=case.X.index)
    return Performance(metrics=_table(values, target=case.target), residuals=residuals,
                       method=_method(case, found, measured.approximate), notes=notes)


def _values(measured, keys) -> dict:
    return {key: measured.value(key) for key in keys}


def _table(values: dict, **context) -> pd.DataFrame:
    """key, name, value, meaning: one row per metric, names and meanings from words."""
    return pd.DataFrame([{"key": key, "name": words.name(key), "value": float(v), "meaning": words.meaning(key, **context)}
                         for key, v in values.items()], columns=["key", "name", "value", "meaning"])

