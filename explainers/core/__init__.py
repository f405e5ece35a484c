"""Shared pieces every other package of the engine builds on; core itself imports nothing else of explainers.

Pages use ``privacy`` (what a private column may show) and ``words`` (number formatting); the rest is
named here so nothing outside needs a path deeper than ``explainers.core``.
"""

from . import privacy, words
from .case import Case, Metadata
from .errors import DataError, InputError, InputWarning, MetadataError, ModelError
from .result import Result

__all__ = ["Case", "DataError", "InputError", "InputWarning", "Metadata", "MetadataError", "ModelError", "Result",
           "privacy", "words"]
