"""Are the predicted probabilities honest? Reliability table, ECE, Brier score and log loss."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..core.case import Case
from ..core.columns import class_positions
from ..core.errors import InputError
from ..core.language import _, count
from ..core.measures import case_tally
from ..core.measures.formulas import cells_of, expected_calibration_error
from ..core.measures.tables import point_values, reliability
from ..core.result import Result


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
    """Reliability of the positive-class probability (binary) or of the top class (multiclass), from one tally
    of the case (explainers.core.measures; a Dask case's partitions added up: the same code)."""
    if not case.labelled or not case.is_classifier or case.proba is None:
        raise InputError("Calibration needs a classifier with predict_proba and labelled rows.")
    class_positions(case.y, case.classes)  # a label that is not a class is an InputError naming it
    found = case_tally(case)[0]
    table = reliability(found, bins)
    values = point_values(found, ["log_loss", "brier_score"])
    view = cells_of(found.cells, found.setting.task, found.setting.classes, found.setting.positive, bins=bins)
    ece = float(expected_calibration_error(view.rows[None, :], view)[0])  # the measures layer's one formula
    scored = (_("probability of {outcome}", outcome=case.positive_class) if case.task == "binary"
              else _("probability of the predicted class"))
    filled = {"bins": count(bins), "scored": scored, "rows": count(found.rows)}
    if case.whole is not None:
        method = _("{bins} equal-width bins of the {scored} over all {rows} labelled rows on the Dask cluster "
                   "(per-partition tallies added up); 95% Wilson intervals; ECE weights each bin's gap by its rows; "
                   "Brier score and log loss as sklearn defines them, from per-cell sums.", **filled)
    else:
        method = _("{bins} equal-width bins of the {scored} over all {rows} labelled rows; 95% Wilson intervals; ECE "
                   "weights each bin's gap by its rows; Brier score and log loss as sklearn defines them, from "
                   "per-cell sums.", **filled)
    return Calibration(table=table, ece=ece, brier=values["brier_score"], log_loss=values["log_loss"], scored=scored,
                       method=method)
