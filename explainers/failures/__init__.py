from . import figures, words
from .error_tree import ErrorTree, error_tree
from .fairness import Fairness, fairness
from .groups import GroupMetrics, group_metrics
from .metrics import Metric, headline_metrics
from .performance import Performance, decide, performance
from .slices import Failures, failures

__all__ = ["ErrorTree", "Fairness", "Failures", "GroupMetrics", "Metric", "Performance", "decide", "error_tree",
           "failures", "fairness", "figures", "group_metrics", "headline_metrics", "performance", "words"]
