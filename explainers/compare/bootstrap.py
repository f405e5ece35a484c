"""Kept only for gate/drift.py's import of ``percentile_interval``: the one implementation is
core.measures.intervals (compare's paired bootstrap is core.measures.paired). Delete once the gate imports core's."""

from ..core.measures.intervals import percentile_interval

__all__ = ["percentile_interval"]
