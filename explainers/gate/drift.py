"""The ``drift`` check: each column's population stability index against the reference, judged on the
upper bound of a 95% interval. Both bucket-count vectors are redrawn multinomially; PSI is biased upward
by sampling noise (more so for sparse categories), so the interval is the basic (bias-corrected)
bootstrap interval 2 * psi - quantiles, widened to contain the measured PSI."""

from __future__ import annotations

import numpy as np

from ..core.measures import percentile_interval
from ..health.drift import PSI_BINS, bucket_counts, psi_of_counts
from ..health.reference import read_reference
from ..health.values import is_number
from . import words
from .measured import Inputs, Measured


def psi_rounds(data_counts: np.ndarray, ref_counts: np.ndarray, n_boot: int, rng) -> np.ndarray:
    """PSI of ``n_boot`` redraws of both count vectors (as health/drift.psi computes it)."""
    d = rng.multinomial(int(data_counts.sum()), data_counts / max(data_counts.sum(), 1), size=n_boot)
    r = rng.multinomial(int(ref_counts.sum()), ref_counts / max(ref_counts.sum(), 1), size=n_boot)
    return psi_of_counts(d, r)


def column_psi(case, ref, columns, n_boot: int, random_state) -> list[tuple]:
    """(column, psi, low, high) for each column; the same seed gives the same intervals."""
    rng = np.random.default_rng(random_state)
    out = []
    for column in columns:
        categorical = (case.feature_kinds.get(column, "categorical") == "categorical"
                       or not (is_number(case.X[column]) and is_number(ref[column])))
        counts = bucket_counts(case.X[column], ref[column], categorical, PSI_BINS)
        point = float(psi_of_counts(*counts))
        low, high = percentile_interval(psi_rounds(*counts, n_boot, rng))
        out.append((column, point, min(point, max(0.0, 2 * point - high)), max(point, 2 * point - low)))
    return out


def measure(check, inputs: Inputs) -> Measured:
    case = inputs.case
    ref, _ = read_reference(case.X, dict(case.feature_kinds), inputs.reference)
    chosen = check.options.get("columns", "all")
    columns = list(case.X.columns) if chosen == "all" else (
        list(case.metadata.sensitive) if chosen == "sensitive" else list(chosen))
    found = column_psi(case, ref, [c for c in columns if c in case.X.columns], inputs.n_boot, inputs.random_state)
    column, value, low, high = max(found, key=lambda f: f[3])
    return Measured(value=max(f[1] for f in found), low=low, high=high, bound=high, bound_name="upper bound",
                    limit=float(check.options["max_psi"]), direction="max",
                    detail=words.drift_detail(column, value, low, high, len(found)), anchor="data-health")
