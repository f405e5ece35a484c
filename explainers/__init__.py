"""Trustboard's engine: explain, probe and judge a fitted model on a table of data.

Public surface (see README and DESIGN.md)::

    case = explainers.load(model, data, target=None, metadata=None)
    att = explainers.attributions(case, rows=None)
    conf = explainers.confidence(case, level=0.9)
    cfs = explainers.counterfactuals(case, row, immutable=(), ranges=None, count=3)
    slices = explainers.failures(case)
    explainers.report(case, "report.html", rows=None)
"""

from .attributions import Attributions, attributions
from .calibration import Calibration, calibration
from .case import Case
from .confidence import Confidence, confidence
from .counterfactuals import counterfactuals
from .data_health import DataHealth, data_health
from .errors import DataError, InputError, InputWarning, MetadataError, ModelError
from .loading import load
from .metadata import Metadata
from .performance import Performance, performance
from .report import report
from .slices import failures

__all__ = ["Attributions", "attributions", "Calibration", "calibration", "Case", "Confidence", "confidence", "counterfactuals", "DataHealth", "data_health", "DataError", "InputError", "InputWarning", "Metadata", "MetadataError", "ModelError", "Performance", "failures", "load", "performance", "report"]
