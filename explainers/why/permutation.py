"""Model-agnostic SHAP: antithetic permutation sampling on the raw input columns.

For one row ``x`` and a background sample ``Z``, each permutation of the columns switches them
from ``Z`` to ``x`` one at a time; the change of the mean output at each switch is that
column's contribution. Forward and reversed orders are paired (antithetic sampling), which
cancels much of the sampling noise. Contributions of every permutation sum exactly to
``f(x) - mean f(Z)``, so the estimate is additive; the split between columns is approximate.
Works on raw DataFrames, so string columns, Pipelines and custom models need nothing special.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .coalitions import coalition_means


def permutation_shap(output, rows: pd.DataFrame, background: pd.DataFrame, permutations: int,
                     random_state: int) -> tuple[np.ndarray, float]:
    """``(values (n x f), base)``: SHAP estimates of ``output`` (callable on a DataFrame -> 1-d array)."""
    rng = np.random.default_rng(random_state)
    base = float(np.mean(output(background)))
    orders = [rng.permutation(rows.shape[1]) for _ in range(permutations)]
    orders += [order[::-1] for order in orders]
    values = np.vstack([_one_row(output, rows.iloc[[i]], background, orders) for i in range(len(rows))])
    return values, base


def _one_row(output, row: pd.DataFrame, background: pd.DataFrame, orders) -> np.ndarray:
    n_features = row.shape[1]
    masks = np.concatenate([_switch_masks(order) for order in orders])  # (orders * (f+1), f)
    means = coalition_means(output, row, background, masks).reshape(len(orders), n_features + 1)
    steps = np.diff(means, axis=1)  # (orders, f): gain when switching order[j]
    phi = np.zeros(n_features)
    for order, gains in zip(orders, steps, strict=True):
        phi[order] += gains
    return phi / len(orders)


def _switch_masks(order: np.ndarray) -> np.ndarray:
    """Row j is True for the first j columns of ``order`` (taken from x), False for the rest."""
    masks = np.zeros((len(order) + 1, len(order)), dtype=bool)
    for j in range(1, len(order) + 1):
        masks[j, order[:j]] = True
    return masks
