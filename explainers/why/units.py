"""Change attributions from a model's raw score (log-odds, softmax logits) to probabilities.

Exact probability-space SHAP for a boosted model needs interventional TreeSHAP, several times
slower. Instead each row's raw-score contributions are rescaled by one factor so that they sum
to the change in probability: ``phi_p = phi * (p(x) - p(base)) / (f(x) - base)``. Signs and
proportions are kept and additivity is exact; the split among features is an approximation of
probability-space SHAP, and results that use it say so.
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit, softmax

RESCALED = "log-odds contributions rescaled per row to probability (additive; the split is approximate)"


def logit_to_probability(values: np.ndarray, base: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Binary: ``values`` (n x f) and ``base`` (n,) in log-odds -> the same in probability."""
    raw = base + values.sum(axis=1)
    return _rescale(values, raw, base, expit(raw), expit(base))


def softmax_to_probability(values: np.ndarray, base: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Multiclass: ``values`` (n x f x K), ``base`` (n x K) in raw scores -> class ``k`` in probability."""
    raw = base + values.sum(axis=1)
    return _rescale(values[:, :, k], raw[:, k], base[:, k], softmax(raw, axis=1)[:, k], softmax(base, axis=1)[:, k])


def _rescale(values, raw, base, probability, base_probability):
    change = raw - base
    slope = base_probability * (1 - base_probability)  # d sigmoid at the base, for rows with no change
    safe = np.abs(change) > 1e-12
    factor = np.where(safe, (probability - base_probability) / np.where(safe, change, 1.0), slope)
    return values * factor[:, None], base_probability
