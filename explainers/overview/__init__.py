"""The summary: what the model and the data are, its scores, and rows worth a look.

Pages import from here only: the computations and results below, ``drawing`` (the home page's score picture) and ``words``.
"""

from . import drawing, words
from .bars import ScoreBars, score_bars
from .model import feature_table, model_structure
from .predictions import Scores, prediction_table, score_label, scores
from .rows import pick, shortcuts

__all__ = ["ScoreBars", "Scores", "drawing", "feature_table", "model_structure", "pick", "prediction_table",
           "score_bars", "score_label", "scores", "shortcuts", "words"]
