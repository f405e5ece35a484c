"""Check a policy against the case before computing: labels, metric keys, columns, reference, champion."""

from __future__ import annotations

from ..compare.metrics import compared
from ..compare.pairing import paired
from ..core.errors import InputError, preview
from ..core.measures import formulas
from ..io.scores import has_model
from ..io.scores import has_model
from .measured import Inputs

NEEDS_LABELS = {"metric", "group_gap", "group_ratio", "four_fifths", "coverage", "slices", "champion", "leakage"}
RENAMED = {"positive_rate": "selection_rate"}  # an old policy key -> the measure key that means it


NEEDS_MODEL = {"determinism", "leakage", "robustness"}  # checks that re-predict rows


def measure_keys(case, rates_only: bool = False) -> list[str]:
    """The metric keys a check may judge: the measures layer's keys of this task (rates only for ratios)."""
    known = formulas(case.task, has_proba=case.proba is not None)
    return [k for k, f in known.items() if k != "count" and (f.rate or not rates_only)]


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
    if check.kind in NEEDS_MODEL and not has_model(case):
        return ["asks the model itself (it re-predicts changed rows), and this case has only logged scores: open the "
                "model with the data, or leave the check out"]
    problems = _column_problems(case, options)
    if check.kind in ("metric", "group_gap"):
        problems += _metric_problems(case, options["metric"], measure_keys(case))
    elif check.kind == "group_ratio":
        problems += _metric_problems(case, options["metric"], measure_keys(case, rates_only=True), "a ratio of ")
    elif check.kind == "four_fifths" and case.task != "binary":
        problems.append(f"compares a binary classifier's favourable decisions; this is a {case.task} model (use "
                        "group_gap instead)")
    elif check.kind == "drift" and inputs.reference is None:
        problems.append("needs reference data (e.g. the training file): pass --reference R or gate(..., reference=R)")
    elif check.kind == "champion":
        problems += _champion_problems(inputs, options["metric"])
    return problems


def _metric_problems(case, key: str, known: list, what: str = "") -> list[str]:
    if key in known:
        return []
    if key in RENAMED:
        return [f"metric {key!r} is now called {RENAMED[key]!r} (the share of rows flagged {case.positive_class!r}); "
                f"write metric: {RENAMED[key]}"]
    return [f"unknown metric {key!r} for {what}this {case.task} model; choose from {preview(known, 16)}"]


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
    known = list(compared(champion, case))
    return [] if key in known else [f"unknown metric {key!r} for the comparison; choose from {preview(known)}"]

