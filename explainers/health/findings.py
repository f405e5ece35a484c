"""One data-health finding as values, and the order in which findings are read (worst first)."""

from __future__ import annotations

from dataclasses import dataclass, field

SEVERITIES = ("high", "medium", "low")


@dataclass(frozen=True)
class Finding:
    """What one check found, as values; health/words.py turns it into a sentence.

    ``values`` holds example values from the data (an outlier, unseen categories, the constant
    value, the category whose share moved), ``reference_values`` the same from the reference,
    so that masking and export work on values. ``details`` holds the numbers the sentence needs.
    """

    check: str  # missing values, outliers, unseen categories, ... (keys of health.words.WHY)
    column: str  # "" for findings about whole rows
    severity: str  # high, medium or low
    rows: int  # rows concerned (0 when the finding is about a column, not rows)
    share: float  # rows / all rows of the data
    values: tuple = ()
    reference_values: tuple = ()
    details: dict = field(default_factory=dict)


def by_share(share: float, medium: float, high: float) -> str:
    """Severity from the share of rows concerned."""
    return "high" if share >= high else "medium" if share >= medium else "low"


def worse(severity: str) -> str:
    """One level worse (high stays high)."""
    return SEVERITIES[max(0, SEVERITIES.index(severity) - 1)]


def worst_first(findings: list[Finding]) -> tuple[Finding, ...]:
    """By severity, then by the share of rows (or PSI, for drift) concerned; ties keep their order."""
    def weight(f: Finding) -> float:
        return f.details["psi"] if f.check == "drift" else f.share
    return tuple(sorted(findings, key=lambda f: (SEVERITIES.index(f.severity), -weight(f))))
