"""Trustboard's engine: explain, probe and judge a fitted model on a table of data.

Public surface (see README and DESIGN.md)::

    case = explainers.load(model, data, target=None, metadata=None)
    att = explainers.attributions(case, rows=None)
    conf = explainers.confidence(case, level=0.9)
    cfs = explainers.counterfactuals(case, row, immutable=(), ranges=None, count=3)
    slices = explainers.failures(case)
    m = explainers.measures(case, by="sex", threshold=0.3)   # every metric, per group, with intervals
    scan = explainers.robustness(case)
    explainers.report(case, "report.html", format="html")

Everything else lives in one folder per question (why, flips, confidence, failures, health)
beside core/ (shared pieces), io/ (files -> Case) and report/ (sections registered by each folder).
"""

from .compare.comparison import Comparison, compare
from .confidence.calibration import Calibration, calibration
from .confidence.conformal import Confidence, confidence
from .core.case import Case, Metadata
from .core.measures import Measures, measures
from .monitor.monitoring import Monitoring, monitor
from .core.errors import DataError, InputError, InputWarning, MetadataError, ModelError
from .core.result import Result
from .failures.performance import Performance, performance
from .failures.slices import Failures, failures
from .flips.counterfactuals import counterfactuals
from .gate.verdict import GateResult, gate
from .health.checks import DataHealth, data_health
from .io.load import load
from .report import report
from .robustness.scan import Robustness, robustness
from .value.value import Value, value
from .why.attributions import Attributions, attributions

__all__ = ["Attributions", "attributions", "Calibration", "calibration", "Case", "Confidence", "confidence",
           "counterfactuals", "DataHealth", "data_health", "Failures", "DataError", "InputError", "InputWarning", "Metadata",
           "MetadataError", "ModelError", "Performance", "Result", "Robustness", "failures", "load", "performance",
           "report", "robustness"]
__all__ += ["Comparison", "compare"]
__all__ += ["GateResult", "gate"]
__all__ += ["Measures", "measures"]
__all__ += ["Value", "value"]
__all__ += ["Monitoring", "monitor"]
from .core import language  # noqa: E402 - the reader's language (catalogs, local numbers), for the pages and the CLI

__all__ += ["language"]
