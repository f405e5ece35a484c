"""What a check family hands the verdict: the number judged, its interval, the bound compared with the
check's ``limit`` (its bar), or the reason it could not be judged."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from ..compare.comparison import compare
from ..core.case import Case
from ..core.measures import Measures, measures

NAN = float("nan")


@dataclass(frozen=True)
class Measured:
    """``bound`` (``bound_name``: lower bound, upper bound, count...) is compared with ``limit``, the check's
    bar: at least it when ``direction`` is "min", at most when "max". ``value`` is the point estimate,
    ``low``/``high`` its 95% interval. ``detail`` says in words what was measured; ``broken`` names a
    reason the check fails whatever the bound (e.g. a group significantly worse than the champion);
    ``not_judged`` why it could not be measured at all (then the check is "not judged"); ``subject``
    what the check's name should say it measures (the four-fifths rule: the favourable outcome)."""

    value: float = NAN
    low: float = NAN
    high: float = NAN
    bound: float = NAN
    bound_name: str = "value"
    limit: float = NAN
    direction: str = "max"
    detail: str = ""
    broken: str = ""
    anchor: str = ""
    not_judged: str = ""
    subject: str = ""


@dataclass
class Inputs:
    """What the checks may read: the case, the optional champion and reference, the seed, the decision
    ``threshold`` (None: the model's own decisions) and ``run`` (``run(func, **options)`` =
    ``func(case, **options)`` computed once: a report's ``ctx.once`` or the dashboard's cache)."""

    case: Case
    run: Callable
    champion: Case | None = None
    reference: object = None
    random_state: int = 0
    n_boot: int = 1000
    threshold: float | None = None

    def result(self, func, **options):
        return self.run(func, **options)

    def measures(self, metric: str, by=None) -> Measures:
        """``metric``'s measures of the decisions at the gate's threshold (overall, or per group of ``by``), once.
        Only the check's metric: the same numbers as with every metric (each metric's interval has its own
        draws), where every metric per group cost the bootstrap of ROC AUC and average precision per check."""
        return self.result(measures, by=by, threshold=self.threshold, metrics=(metric,), n_boot=self.n_boot,
                           random_state=self.random_state)

    @cached_property
    def comparison(self):
        """The champion against the gated case on the same rows, once per gate."""
        return compare(self.champion, self.case, random_state=self.random_state, n_boot=self.n_boot,
                       threshold=self.threshold)
