"""What a check family hands the verdict: the number judged, its interval and the bound compared."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..core.case import Case

NAN = float("nan")


@dataclass(frozen=True)
class Measured:
    """``bound`` (``bound_name``: lower bound, upper bound, count...) is compared with ``threshold``:
    at least it when ``direction`` is "min", at most when "max". ``value`` is the point estimate,
    ``low``/``high`` its 95% interval. ``detail`` says in words what was measured; ``broken`` names a
    reason the check fails whatever the bound (e.g. a group significantly worse than the champion)."""

    value: float = NAN
    low: float = NAN
    high: float = NAN
    bound: float = NAN
    bound_name: str = "value"
    threshold: float = NAN
    direction: str = "max"
    detail: str = ""
    broken: str = ""
    anchor: str = ""


@dataclass
class Inputs:
    """What the checks may read: the case, the optional champion and reference, the seed, and ``run``
    (``run(func, **options)`` = ``func(case, **options)``, or a report's ``ctx.once`` to share results)."""

    case: Case
    champion: Case | None = None
    reference: object = None
    random_state: int = 0
    n_boot: int = 1000
    threshold: float = 0.5
    run: Callable | None = None
    memo: dict = field(default_factory=dict)

    def result(self, func, **options):
        if self.run is not None:
            return self.run(func, **options)
        key = (func.__module__, func.__qualname__, repr(sorted(options.items())))
        if key not in self.memo:
            self.memo[key] = func(self.case, **options)
        return self.memo[key]
