"""Check a policy against the case before computing: labels, metric keys, columns, reference, champion."""

from __future__ import annotations

from ..compare.metrics import shared_specs
from ..compare.pairing import paired
from ..core.errors import InputError, preview
from .bootstrap import specs
from .measured import Inputs

NEEDS_LABELS = {"metric", "group_gap", "group_ratio", "coverage", "slices", "champion", "leakage"}
NO_INTERVAL = {"average_precision", "median_absolute_error", "f1_macro"}  # measured, but without an interval yet
GROUP_RATES = {"binary": ["accuracy", "selection_rate", "positive_rate", "recall", "true_positive_rate",
                          "false_positive_rate"], "multiclass": ["accuracy"], "regression": ["mae"]}


def validate(policy, inputs: Inputs) -> None:
    """Raise one InputError listing every check that cannot be judged on these inputs, with its fix."""
    problems = []
    for check in policy.checks:
        problems += [f"check {check.number} ({check.kind}): {p}" for p in check_problems(check, inputs)]
    if problems:
        raise InputError("The policy cannot be judged here: " + "; ".join(problems) + ".")


def check_problems(check, inputs: Inputs) -> list[str]:
    case, options = inputs.case, check.options
    if check.kind in NEEDS_LABELS and not case.labelled:
        return ["needs labelled rows; open data with the target column (or pass --target)"]
    problems = _column_problems(case, options)
    if check.kind == "metric":
        problems += _metric_problems(case, options["metric"])
    elif check.kind in ("group_gap", "group_ratio"):
        known = [] if check.kind == "group_ratio" and case.task == "regression" else GROUP_RATES[case.task]
        if options["metric"] not in known:
            problems.append(f"unknown group metric {options['metric']!r} for a {case.task} model; choose from "
                            f"{preview(known) or 'none (ratios are for rates of classifiers)'}")
    elif check.kind == "drift" and inputs.reference is None:
        problems.append("needs reference data (e.g. the training file): pass --reference R or gate(..., reference=R)")
    elif check.kind == "champion":
        problems += _champion_problems(inputs, options["metric"])
    return problems


def _metric_problems(case, key: str) -> list[str]:
    known = [s.key for s in specs(case)]
    if key in known:
        return []
    if key in NO_INTERVAL:
        return [f"metric {key!r} has no interval yet, so it cannot be judged on a bound; choose from {preview(known)}"]
    return [f"unknown metric {key!r}; for this {case.task} model choose from {preview(known, 12)}"]


def _column_problems(case, options: dict) -> list[str]:
    names = []
    if "column" in options:
        names.append(options["column"])
    for key in ("columns", "groups"):
        value = options.get(key)
        if value == "sensitive" and not [c for c in case.metadata.sensitive if c in case.X.columns]:
            return [f"{key}: sensitive, but the sidecar names no sensitive input column; list the columns instead"]
        if isinstance(value, list):
            names += value
    missing = [n for n in names if n not in case.X.columns]
    return [f"unknown column(s) {preview(missing)}; choose from {preview(case.X.columns, 12)}"] if missing else []


def _champion_problems(inputs: Inputs, key: str) -> list[str]:
    if inputs.champion is None:
        return ["needs the champion (the model run now): pass --champion C or gate(..., champion=case)"]
    try:
        champion, case, _ = paired(inputs.champion, inputs.case)
    except InputError as err:
        return [f"the champion cannot be compared on these rows: {err}"]
    known = [s.key for s in shared_specs(champion, case)]
    return [] if key in known else [f"unknown metric {key!r} for the comparison; choose from {preview(known)}"]

