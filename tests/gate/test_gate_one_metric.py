"""The gate's checks ask the measures layer for their own metric only (every metric per group paid the bootstrap of
ROC AUC and average precision per check: 15 s of the adult sample's 18 s verdict), with the same numbers."""

from __future__ import annotations

import explainers
from explainers.core.measures import measures

COLUMN = "personal_status_sex"
CHECKS = [
    {"check": "metric", "metric": "roc_auc", "min": 0.6},
    {"check": "metric", "metric": "accuracy", "min": 0.6},
    {"check": "group_gap", "metric": "roc_auc", "column": COLUMN, "max": 0.3, "min_rows": 1},
    {"check": "group_ratio", "metric": "recall", "column": COLUMN, "min": 0.5, "min_rows": 1},
    {"check": "four_fifths", "column": COLUMN, "min_rows": 1},
]


def _verdict(case, run):
    result = explainers.gate(case, CHECKS, threshold=0.3, n_boot=200, run=run)
    return [(c.status, c.value, c.low, c.high, c.bound, c.evidence) for c in result.checks]


def test_each_check_asks_for_its_metric_and_gets_the_numbers_of_every_metric(cases):
    german = cases["german_credit"]
    asked = []

    def one_metric(func, **options):
        if func is measures:
            asked.append(options.get("metrics"))
        return func(german, **options)

    def every_metric(func, **options):
        options = {k: v for k, v in options.items() if k != "metrics"} if func is measures else options
        return func(german, **options)

    assert _verdict(german, one_metric) == _verdict(german, every_metric)
    assert sorted(asked) == sorted([("roc_auc",), ("accuracy",), ("roc_auc",), ("recall",), ("selection_rate",)])
