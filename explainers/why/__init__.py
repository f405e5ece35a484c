"""Why did it give this output: SHAP attributions per row and column, their importance and interactions.

Pages import from here only: the computations and results below, ``figures`` (result -> figure) and
``words`` (result -> sentences).
"""

from . import figures, words
from .attributions import Attributions, affordable_rows, attributions, exact_method
from .outputs import NO_PROBABILITY
from .summaries import Importance, importance, strongest_interaction

__all__ = ["Attributions", "Importance", "NO_PROBABILITY", "affordable_rows", "attributions", "exact_method",
           "figures", "importance", "strongest_interaction", "words"]
