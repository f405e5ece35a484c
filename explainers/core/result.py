"""What every result of a question shares: how it was made, whether it is an estimate, and a JSON form.

A result is a frozen dataclass deriving from :class:`Result`. ``method`` says in plain words what
was computed and on how many rows, ``approximate`` whether the numbers are estimates, ``notes``
anything the reader should know. ``to_dict()`` gives JSON-safe values (numbers stay numbers,
frames become lists of records); fields declared with ``field(metadata=PRIVATE)`` (fitted helper
models, caches) are left out.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

PRIVATE = {"json": False}


@dataclass(frozen=True, kw_only=True)
class Result:
    """Base of every question's result (see the module docstring)."""

    method: str = ""
    approximate: bool = False
    notes: tuple = field(default=())

    def to_dict(self) -> dict:
        """The result as JSON-safe values: numbers as numbers, frames as records, no display markup."""
        return {f.name: jsonable(getattr(self, f.name)) for f in dataclasses.fields(self)
                if f.metadata.get("json", True) and not f.name.startswith("_")}


def jsonable(value):
    """``value`` as plain JSON types; NaN and infinities become None (JSON has no such numbers)."""
    if isinstance(value, Result):
        return value.to_dict()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, pd.DataFrame):
        frame = value.reset_index() if _named_index(value.index) else value
        return [{str(k): jsonable(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]
    if isinstance(value, pd.Series):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, np.ndarray):
        return [jsonable(v) for v in value.tolist()]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Interval):
        return {"left": jsonable(value.left), "right": jsonable(value.right), "closed": value.closed}
    return str(value)


def _named_index(index: pd.Index) -> bool:
    return any(name is not None for name in index.names)
