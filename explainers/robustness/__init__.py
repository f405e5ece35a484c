"""How robust is it: small changes, missing values, leakage, non-determinism, over-confident slices.

Pages import from here only: the computations and results below, ``figures`` and ``words``.
"""

from . import figures, words
from .batch import SCAN_ROWS
from .scan import Robustness, robustness

__all__ = ["Robustness", "SCAN_ROWS", "figures", "robustness", "words"]
