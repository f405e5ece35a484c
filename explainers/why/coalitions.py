"""Model-agnostic SHAP by exact enumeration of coalitions, for tables of a few columns.

With ``f`` columns there are ``2**f`` coalitions. For one row ``x`` and a background sample
``Z``, the value of a coalition ``S`` is the mean output over ``Z`` with the columns of ``S``
taken from ``x``; each column's Shapley value is the weighted sum of its marginal gains
``v(S + i) - v(S)`` with weights ``|S|! (f - |S| - 1)! / f!``. The result is the exact
interventional SHAP value for that background (what shap's ExactExplainer computes with an
Independent masker), additive by construction, and deterministic.
"""

from __future__ import annotations

from math import factorial

import numpy as np
import pandas as pd

# 256 coalitions a row at most. Per row the exact path calls the model on 2**f x 50 mixed rows, the
# permutation path (10 orders) on 10 (f + 1) x 50: exact is cheaper up to 6 columns, 2.5x the cost at
# 8 (SVC: 0.048 s against 0.019 s a row) and 7x at 10 (calibrated SVC: 0.82 s against 0.11 s).
MAX_COLUMNS = 8


def exact_shap(output, rows: pd.DataFrame, background: pd.DataFrame) -> tuple[np.ndarray, float]:
    """``(values (n x f), base)``: exact Shapley values of ``output`` (DataFrame -> 1-d array) for ``rows``."""
    n_features = rows.shape[1]
    masks = coalition_masks(n_features)
    weights = _weights(n_features)
    base = float(np.mean(output(background)))
    values = np.vstack([_one_row(output, rows.iloc[[i]], background, masks, weights) for i in range(len(rows))])
    return values, base


def coalition_masks(n_features: int) -> np.ndarray:
    """(2**f, f) booleans: row ``s`` holds the bits of the integer ``s`` (column j in S when bit j is set)."""
    codes = np.arange(2 ** n_features)
    return ((codes[:, None] >> np.arange(n_features)[None, :]) & 1).astype(bool)


def mixed_frame(row: pd.DataFrame, background: pd.DataFrame, masks: np.ndarray) -> pd.DataFrame:
    """One row per (mask, background row), mask-major: masked columns from ``row``, the rest from ``background``."""
    n_background = len(background)
    data = {}
    for j, column in enumerate(row.columns):
        values = np.tile(background[column].to_numpy(dtype=object), len(masks))
        values[np.repeat(masks[:, j], n_background)] = row[column].iloc[0]
        data[column] = values
    return pd.DataFrame(data, columns=row.columns).astype(row.dtypes.to_dict())


def coalition_means(output, row: pd.DataFrame, background: pd.DataFrame, masks: np.ndarray) -> np.ndarray:
    """Mean output over the background for each mask."""
    frame = mixed_frame(row, background, masks)
    return np.asarray(output(frame), dtype=float).reshape(len(masks), len(background)).mean(axis=1)


def _one_row(output, row, background, masks, weights) -> np.ndarray:
    value = coalition_means(output, row, background, masks)
    sizes = masks.sum(axis=1)
    codes = np.arange(len(masks))
    phi = np.zeros(masks.shape[1])
    for j in range(masks.shape[1]):
        without = codes[~masks[:, j]]
        phi[j] = np.sum(weights[sizes[without]] * (value[without | (1 << j)] - value[without]))
    return phi


def _weights(n_features: int) -> np.ndarray:
    """Shapley weight of a coalition of each size 0..f-1 (that leaves out the column scored)."""
    return np.array([factorial(s) * factorial(n_features - s - 1) / factorial(n_features)
                     for s in range(n_features)] + [0.0])
