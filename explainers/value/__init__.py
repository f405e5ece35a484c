"""What is it worth, and what if it fails: the model against its fallbacks in money, and a human-review band.

Pages import from here only: the computation and results below, ``figures`` and ``words``.
"""

from . import figures, words
from .cut_rule import CutRule
from .error_values import ErrorValues, error_values_of
from .groups import ReviewByGroup
from .review import BestBand
from .rule import OneRule
from .value import Value, value
from .values import Values, values_of

__all__ = ["BestBand", "CutRule", "ErrorValues", "OneRule", "ReviewByGroup", "Value", "Values", "error_values_of",
           "figures", "value", "values_of", "words"]
