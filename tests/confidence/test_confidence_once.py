"""One calibration per case, settings and language: the confidence section, its coverage summary and the value
check ask for the same predictor (a report calibrated it three times)."""

from __future__ import annotations

import dataclasses

import explainers
from explainers.core.language import use_language


def test_the_same_case_and_settings_get_the_same_predictor_and_other_labels_another(cases):
    german = cases["german_credit"]
    first = explainers.confidence(german, 0.9)
    assert explainers.confidence(german, 0.9) is first
    assert explainers.confidence(dataclasses.replace(german, source={"retagged": True}), 0.9) is first
    assert explainers.confidence(german, 0.8) is not first
    assert explainers.confidence(german, 0.9, random_state=1).calibration_rows.tolist() != first.calibration_rows.tolist()
    flipped = dataclasses.replace(german, y=german.y.copy())
    assert explainers.confidence(flipped, 0.9) is not first  # new labels: calibrated again, not found by fingerprint
    rescored = dataclasses.replace(german, proba=german.proba.copy())
    assert explainers.confidence(rescored, 0.9) is not first  # new probabilities (the scores) too
    with use_language("de"):
        german_words = explainers.confidence(german, 0.9)
    assert german_words is not first and german_words.method != first.method
    assert german_words.quantiles == first.quantiles
