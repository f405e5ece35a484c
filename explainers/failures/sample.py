"""A seeded random sample of a case's rows, as a case of its own.

Searches that only choose candidates (the failing-slice search, the robustness scan's leakage and
confidence slices) run on it above a size, and their method text says so. One function makes it,
so the same size and seed give the same rows and the same fingerprint: per-case memory made on the
sample (its slice grid) serves every search that samples alike.
"""

from __future__ import annotations

import dataclasses
import uuid

import numpy as np

from ..core.case import Case


def sample_positions(rows: int, size: int, seed: int = 0) -> np.ndarray:
    """``size`` of ``rows`` positions drawn without replacement (seeded), in row order."""
    return np.sort(np.random.default_rng(seed).choice(rows, size, replace=False))


def sampled_case(case: Case, size: int, seed: int = 0) -> Case:
    """``case`` itself up to ``size`` rows, else the case of a random sample of ``size`` of its rows (seeded, in
    their order), with a fingerprint of its own (its own per-case memory)."""
    if len(case.X) <= size:
        return case
    picks = sample_positions(len(case.X), size, seed)
    return dataclasses.replace(
        case, X=case.X.iloc[picks], y=None if case.y is None else case.y.iloc[picks],
        predicted=case.predicted.iloc[picks], proba=None if case.proba is None else case.proba.iloc[picks],
        fingerprint=f"{case.fingerprint}-rows{size}-seed{seed}" if case.fingerprint else f"sample-{uuid.uuid4().hex}")
    # a case without a fingerprint (built directly) gets a sample of its own: a shared name made every such case's
    # sample find the first one's slice grid
