"""Is the data fit to judge the model on: missing values, outliers, drift against a reference, training overlap.

Pages import from here only: the computations and results below, ``figures`` and ``words``.
"""

from . import figures, words
from .checks import DataHealth, data_health
from .drift import Drift
from .training import TrainingOverlap, training_overlap

__all__ = ["DataHealth", "Drift", "TrainingOverlap", "data_health", "figures", "training_overlap", "words"]
