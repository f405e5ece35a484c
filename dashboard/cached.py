"""Cached engine calls for the pages, keyed by the case's content fingerprint (see state.py)."""

from __future__ import annotations

import explainers
from dashboard.state import cache_by_case, cache_resource_by_case
from explainers import Attributions, Case
from explainers.attributions import affordable_rows, exact_method

WHY_FIRST_ROWS = 200  # the Why page's first sample: fast enough to draw within 2 s ...
WHY_FIRST_SECONDS = 2.0  # ... fewer for models whose exact attributions are slow (deep forests)


def why_first_rows(case: Case) -> int:
    return affordable_rows(case, WHY_FIRST_SECONDS, WHY_FIRST_ROWS, at_least=25)


def why_first_sample(case: Case) -> Attributions | None:
    """The Why page's first sample of attributions when the model has a fast exact engine, else None."""
    if exact_method(case) is None:
        return None
    return attributions(case, sample_rows(case, why_first_rows(case)), None, "probability")


def prepare_why_page(case: Case) -> None:
    """Compute the Why page's first sample now (called after the home page is drawn), so it opens at once."""
    why_first_sample(case)


@cache_by_case
def sample_rows(case: Case, count: int, random_state: int = 0) -> tuple:
    """Index labels of a reproducible random sample (all rows when there are fewer)."""
    if count >= len(case.X):
        return tuple(case.X.index)
    return tuple(case.X.sample(count, random_state=random_state).index)


@cache_by_case
def attributions(case: Case, rows: tuple | None, target_class=None, units: str = "probability") -> Attributions:
    return explainers.attributions(case, rows=None if rows is None else list(rows), target_class=target_class,
                                   units=units)


@cache_resource_by_case
def confidence(case: Case, level: float, method: str | None = None, mondrian: str | None = None):
    return explainers.confidence(case, level=level, method=method, mondrian=mondrian)


@cache_by_case
def calibration(case: Case):
    return explainers.calibration(case)


@cache_by_case
def coverage_over_splits(case: Case, level: float, method: str | None = None) -> tuple[float, float]:
    from explainers.confidence import coverage_over_splits as over_splits

    return over_splits(case, level, method)


@cache_by_case
def performance(case: Case, threshold: float = 0.5):
    return explainers.performance(case, threshold)


@cache_by_case
def failures(case: Case, alpha: float = 0.05, max_conditions: int = 2):
    return explainers.failures(case, alpha=alpha, max_conditions=max_conditions)


@cache_by_case
def error_tree(case: Case):
    from explainers.error_tree import error_tree as tree

    return tree(case)


@cache_by_case
def counterfactuals(case: Case, label, immutable: tuple, ranges: dict, directions: dict, target=None):
    """What flips one row, searched once per row and constraints (not on every rerun of the page)."""
    return explainers.counterfactuals(case, label, immutable=list(immutable), ranges=ranges, directions=directions,
                                      target=target)


@cache_by_case
def flip_points(case: Case, label, immutable: tuple, ranges: dict, directions: dict, target=None):
    from explainers.counterfactuals import flip_points as points

    return points(case, label, immutable=list(immutable), ranges=ranges, directions=directions, target=target)


@cache_by_case
def data_health(case: Case, reference=None, important: tuple | None = None):
    return explainers.data_health(case, reference=reference, important=None if important is None else list(important))
