"""How sure is it: calibration of the probabilities, and conformal bands (intervals or sets) per row and group.

Pages import from here only: the computations and results below, ``figures`` and ``words``.
"""

from . import figures, words
from .calibration import Calibration, calibration
from .conformal import (
    SMALL_EVALUATION,
    Confidence,
    CoverageByGroup,
    CoverageOverSplits,
    confidence,
    coverage_over_splits,
)
from .summary import CoverageSummary, coverage_summary

__all__ = ["Calibration", "Confidence", "CoverageByGroup", "CoverageOverSplits", "CoverageSummary", "SMALL_EVALUATION",
           "calibration", "confidence", "coverage_over_splits", "coverage_summary", "figures", "words"]
