"""The ``slices`` check: how many significantly failing slices involve the named columns."""

from __future__ import annotations

from ..failures.slices import failures
from . import words
from .measured import Inputs, Measured


def chosen_columns(case, chosen) -> list:
    """'all', 'sensitive' (the sidecar's) or a list of names -> column names."""
    if chosen == "all":
        return list(case.X.columns)
    return list(case.metadata.sensitive) if chosen == "sensitive" else list(chosen)


def measure(check, inputs: Inputs) -> Measured:
    found = inputs.result(failures)
    columns = set(chosen_columns(inputs.case, check.options.get("columns", "all")))
    touching = [i for i, conditions in enumerate(found.slices["conditions"])
                if any(c[0] in columns for c in conditions)]
    worst = found.slices.iloc[touching[0]] if touching else None
    return Measured(value=len(touching), low=len(touching), high=len(touching), bound=len(touching),
                    bound_name="count", limit=float(check.options["max_significant"]), direction="max",
                    detail=words.slices_detail(len(touching), sorted(columns), worst, found.alpha), anchor="failures")
