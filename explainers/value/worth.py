"""Value of decisions: the measures layer's outcome counts (tp, fp, tn, fn per cell of a tally) times the
values per outcome, and a person's decisions at the review cost with a stated error rate.

Everything here reads a tally's :class:`Cells` (``core.measures``): the confusion counting is the measures
layer's, only the prices are applied here. Paired differences read both models' views of one paired tally
with the same Poisson bootstrap weights, so each difference is judged on the very same resampled rows.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from ..core.case import Case
from ..core.measures import PoissonRounds, percentile_interval, setting_of
from ..core.measures.formulas import Cells
from ..core.measures.of_case import class_codes
from ..core.measures.paired import label_codes, paired_code_tally
from ..core.measures.tally import codes_of
from .values import Values


def model_worth(cells: Cells, values: Values) -> np.ndarray:
    """Per cell: the value of one of its rows decided as the cell decides (the mean over its rows)."""
    return (cells["tp"] * values.true_positive + cells["fp"] * values.false_positive
            + cells["tn"] * values.true_negative + cells["fn"] * values.false_negative)


def person_worth(cells: Cells, values: Values, error: float) -> np.ndarray:
    """Per cell: the value of one of its rows sent to a person, who costs ``review`` and is wrong on a share
    ``error`` of the rows (a positive row missed, a negative one flagged)."""
    positive = (1 - error) * values.true_positive + error * values.false_negative
    negative = (1 - error) * values.true_negative + error * values.false_positive
    return cells["actual"] * positive + cells["negative"] * negative + values.review


@dataclasses.dataclass(frozen=True)
class Paired:
    """The model's and an alternative's total value on the same rows, and the 95% paired-bootstrap interval
    of their difference (model minus alternative)."""

    model: float
    other: float
    low: float
    high: float

    @property
    def difference(self) -> float:
        return self.model - self.other


def paired_worth(case: Case, model, other, values: Values, *, person_error: float | None = None,
                 n_boot: int = 1000, random_state=0, level: float = 0.95, labels: np.ndarray | None = None) -> Paired:
    """The model's decisions ``model`` against ``other`` (class labels per row, or their :func:`decision_codes`;
    with ``person_error`` the alternative is a person deciding every row at the review cost, ``other`` ignored).
    ``labels``: the case's :func:`label_codes` when already made (one coding of each column for many calls)."""
    setting = _setting(case)
    label = label_codes(setting, case.y) if labels is None else labels
    first = _codes(setting, model)
    second = label if person_error is not None else _codes(setting, other)
    found = paired_code_tally(setting, label, first, second)
    first_view, second_view = found.view("first"), found.view("second")
    a = model_worth(first_view, values)
    b = person_worth(second_view, values, person_error) if person_error is not None else model_worth(second_view, values)
    return paired_totals(found, a, b, n_boot=n_boot, random_state=random_state, level=level)


def paired_totals(found, a: np.ndarray, b: np.ndarray, *, n_boot: int, random_state, level: float) -> Paired:
    """Both alternatives' totals from a paired tally ``found`` and each one's worth per cell (``a``, ``b``), with the
    paired Poisson bootstrap interval of the difference: one copy for classifiers and regressors."""
    rows = found.cells["rows"].to_numpy(dtype=float)
    rounds = np.concatenate([W @ (a - b) for W in PoissonRounds(len(rows), n_boot, random_state).blocks(rows)])
    low, high = percentile_interval(rounds, level)
    return Paired(model=float(rows @ a), other=float(rows @ b), low=low, high=high)


def decision_codes(case: Case, decisions: pd.Series) -> np.ndarray:
    """Each row's decision as its class code (-1 outside the classes), to pass to :func:`paired_worth` many times."""
    return codes_of(decisions, _setting(case).classes)


def case_label_codes(case: Case) -> np.ndarray:
    """The case's labels as class codes, to pass to :func:`paired_worth` many times (coded once per case); a
    label that is not a class is an InputError naming it."""
    codes = class_codes(case)[0]
    return label_codes(_setting(case), case.y) if (codes < 0).any() else codes


def _setting(case: Case):
    return dataclasses.replace(setting_of(case, None), has_proba=False)


def _codes(setting, decisions) -> np.ndarray:
    if isinstance(decisions, np.ndarray) and decisions.dtype.kind == "i":
        return decisions
    return codes_of(decisions, setting.classes)
