"""Above a size, the scan's row-wise checks (leakage, confidence slices) run on a stated, seeded sample (issue 27)."""

from __future__ import annotations

import pandas as pd

import explainers
from explainers.robustness import scan


def test_above_the_size_leakage_and_slices_are_judged_on_a_stated_seeded_sample(german_case, monkeypatch):
    whole = explainers.robustness(german_case)
    assert "every labelled row" in whole.method
    monkeypatch.setattr(scan, "WHOLE_ROWS", 120)
    judged = scan.judged_rows(german_case, 0)
    assert len(judged.X) == 120 and judged.X.index.is_monotonic_increasing
    assert judged.fingerprint != german_case.fingerprint  # its own per-case memory
    assert judged.y.index.equals(judged.X.index) and judged.proba.index.equals(judged.X.index)
    sampled = explainers.robustness(german_case)
    assert "random sample of 120 of the 300 rows (seed 0" in sampled.method and sampled.approximate
    again = explainers.robustness(german_case)
    pd.testing.assert_frame_equal(sampled.leakage, again.leakage)  # the seed fixes the sample
    assert not sampled.leakage["score"].equals(whole.leakage["score"])  # judged on other rows than the whole
    assert sampled.perturbation.equals(whole.perturbation)  # the perturbations keep their own rows
