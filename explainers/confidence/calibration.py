"""Are the predicted probabilities honest? Reliability table, ECE, Brier score and log loss."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core.case import Case
from ..core.columns import class_positions
from ..core.errors import InputError
from ..core.result import Result
from ..core.stats import log_loss_sum, wilson_interval


@dataclass(frozen=True)
class Calibration(Result):
    """Predicted probability against observed frequency, per bin of the probability."""

    table: pd.DataFrame  # bin_low, bin_high, rows, mean_predicted, observed, ci_low, ci_high
    ece: float  # expected calibration error: row-weighted mean |observed - predicted| over bins
    brier: float
    log_loss: float
    scored: str  # what the probability is of, in words

    def to_dict(self) -> dict:
        """The reliability table and the scores under the stable metric keys (ece -> expected_calibration_error)."""
        values = super().to_dict()
        keys = {"ece": "expected_calibration_error", "brier": "brier_score"}
        return {keys.get(k, k): v for k, v in values.items()}


def calibration(case: Case, bins: int = 10) -> Calibration:
    """Reliability of the positive-class probability (binary) or of the top class (multiclass)."""
    if not case.labelled or not case.is_classifier or case.proba is None:
        raise InputError("Calibration needs a classifier with predict_proba and labelled rows.")
    if case.whole is not None:
        return _whole(case, bins)
    if case.task == "binary":
        p = case.proba[case.positive_class].to_numpy()
        hit = (case.y == case.positive_class).to_numpy()
        scored = f"probability of {case.positive_class}"
        brier = float(np.mean((p - hit) ** 2))
    else:
        p = case.proba.max(axis=1).to_numpy()
        hit = (case.predicted == case.y).to_numpy()
        scored = "probability of the predicted class"
        onehot = (case.y.to_numpy()[:, None] == np.asarray(case.classes, dtype=object)[None, :]).astype(float)
        brier = float(np.mean(np.sum((case.proba.to_numpy() - onehot) ** 2, axis=1)))
    table = _reliability(p, hit, bins)
    ece = float(np.sum(table["rows"] * (table["observed"] - table["mean_predicted"]).abs()) / len(p))
    loss = log_loss_sum(case.proba.to_numpy(), class_positions(case.y, case.classes)) / len(case.y)
    method = (f"{bins} equal-width bins of the {scored} over {len(p):,} labelled rows; 95% Wilson intervals; "
              "ECE weights each bin's gap by its rows; Brier score and log loss from sklearn's definitions.")
    return Calibration(table=table, ece=ece, brier=brier, log_loss=loss, scored=scored, method=method)


def _reliability(p: np.ndarray, hit: np.ndarray, bins: int) -> pd.DataFrame:
    edges = np.linspace(0, 1, bins + 1)
    which = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    rows = []
    for b in range(bins):
        members = which == b
        if not members.any():
            continue
        low, high = wilson_interval(hit[members].sum(), int(members.sum()))
        rows.append({"bin_low": edges[b], "bin_high": edges[b + 1], "rows": int(members.sum()),
                     "mean_predicted": float(p[members].mean()), "observed": float(hit[members].mean()),
                     "ci_low": low, "ci_high": high})
    return pd.DataFrame(rows)


def _whole(case: Case, bins: int) -> Calibration:
    """:func:`calibration` of a dask case: bin counts and loss sums added up over the partitions."""
    from ..scale.results import reliability_table

    table, total = reliability_table(case, bins)
    scored = f"probability of {case.positive_class}" if case.task == "binary" else "probability of the predicted class"
    ece = float(np.sum(table["rows"] * (table["observed"] - table["mean_predicted"]).abs()) / total["n"])
    method = (f"{bins} equal-width bins of the {scored} over all {total['n']:,} labelled rows on the Dask cluster "
              "(per-partition counts); 95% Wilson intervals; ECE weights each bin's gap by its rows; Brier score and "
              "log loss as sklearn defines them, from per-partition sums.")
    return Calibration(table=table, ece=ece, brier=total["brier"] / total["n"], log_loss=total["log_loss"] / total["n"],
                       scored=scored, method=method)
