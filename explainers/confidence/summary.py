"""One coverage number: the share of held-out rows whose label lies in its band, with its 95% Wilson interval.

Split conformal calibrates on one half of the labelled rows and keeps the other half apart; the
coverage is measured on that held-out half only (rows used for calibration cover the level by
construction, and an average over other splits describes the method, not the bands shown). How
sure, the gate's ``coverage`` check and the report's confidence section all read
:func:`coverage_summary`, so they print the same number, with per-group coverage beside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.case import Case
from ..core.errors import InputError, preview
from ..core.language import _, count
from ..core.result import PRIVATE, Result
from .conformal import Confidence, CoverageByGroup, confidence


@dataclass(frozen=True)
class CoverageSummary(Result):
    """``coverage`` (share of the ``rows`` held-out rows covered, ``covered`` of them) with its 95% Wilson
    interval ``low``..``high`` for a promised ``level``; ``groups``: column -> :class:`CoverageByGroup` on the
    same held-out rows; ``bands``: the calibrated predictor the number was measured on."""

    level: float
    coverage: float
    low: float
    high: float
    rows: int
    covered: int
    calibration_rows: int
    scoring: str
    mondrian: str | None
    random_state: int
    groups: dict
    bands: Confidence = field(repr=False, metadata=PRIVATE)

    @property
    def short(self) -> dict:
        """column -> groups that fall short: their 95% interval's upper bound lies below the level."""
        return {column: by.short_groups for column, by in self.groups.items() if by.short_groups}

    @property
    def falls_short(self) -> bool:
        """The whole held-out set's upper bound lies below the level: the bands are clearly too narrow."""
        return self.high < self.level

    def to_dict(self) -> dict:
        return {**super().to_dict(), "short": self.short, "falls_short": self.falls_short}


def coverage_summary(case: Case, level: float = 0.9, by=None, *, method: str | None = None,
                     mondrian: str | None = None, random_state: int = 0) -> CoverageSummary:
    """The one coverage number of ``case`` at ``level`` (see the module docstring).

    ``by``: a column or a list of columns for per-group coverage (None: the sidecar's sensitive columns
    present in the data; ``[]``: none). ``method``, ``mondrian`` and ``random_state`` are passed to
    :func:`~explainers.confidence.conformal.confidence` (same defaults, so the same bands).
    """
    columns = _columns(case, by)
    bands = confidence(case, level, method, mondrian, random_state=random_state)
    return summarise(bands, columns)


def summarise(bands: Confidence, columns=()) -> CoverageSummary:
    """The summary of an already calibrated predictor, with per-group coverage for ``columns``."""
    covered = bands.covered()
    low, high = (float(x) for x in bands.coverage_interval)
    groups = {column: bands.coverage_by(column) for column in columns}
    method = _("Share of the {rows} labelled rows kept apart from calibration (random split, seed {seed}) whose label "
               "lies in its band, with a 95% Wilson interval; calibrated on {calibration} other rows.",
               rows=count(len(covered)), seed=bands.random_state, calibration=count(len(bands.calibration_rows)))
    return CoverageSummary(level=bands.level, coverage=float(covered.mean()), low=low, high=high, rows=len(covered),
                           covered=int(covered.sum()), calibration_rows=len(bands.calibration_rows),
                           scoring=bands.scoring, mondrian=bands.mondrian, random_state=bands.random_state,
                           groups=groups, bands=bands, method=method, approximate=True)


def _columns(case: Case, by) -> list[str]:
    if by is None:
        return [c for c in case.metadata.sensitive if c in case.X.columns]
    columns = [by] if isinstance(by, str) else list(by)
    missing = [c for c in columns if c not in case.X.columns]
    if missing:
        raise InputError(f"Coverage by {preview(missing)}: not a column of the data; choose among "
                         f"{preview(case.X.columns)}.")
    return columns


__all__ = ["CoverageByGroup", "CoverageSummary", "coverage_summary", "summarise"]
