"""What would flip it: counterfactuals (realistic changed rows, re-predicted) and one-column flip points.

Pages import from here only: the computations and results below, ``figures`` and ``words``.
"""

from . import figures, words
from .counterfactuals import Counterfactuals, FlipPoints, counterfactuals, flip_points
from .edits import constraints_table, forbid_choices, links_table, numeric_columns, search_options
from .links import MIN_ROWS, Links, linked_columns
from .rules import parse_actionability

__all__ = ["Counterfactuals", "FlipPoints", "Links", "MIN_ROWS", "constraints_table", "counterfactuals", "figures",
           "flip_points", "forbid_choices", "linked_columns", "links_table", "numeric_columns", "parse_actionability",
           "search_options", "words"]
