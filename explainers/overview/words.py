"""Plain sentences about the case as a whole (the summary and the home page)."""

from __future__ import annotations

from ..confidence.calibration import calibration
from ..core.words import chance, number
from ..failures.metrics import headline_metrics
from ..failures.slices import failures
from ..failures.words import worst_slice
from .model import class_balance, model_structure, task_in_words


def model_sentence(case) -> str:
    """What the model does, for a manager: "For each row it decides bad or good, from 20 columns, and gives the
    chance of bad." (the estimator's name is in :func:`model_detail`)."""
    columns = f"from {case.X.shape[1]} column{'s' if case.X.shape[1] != 1 else ''}"
    if case.task == "regression":
        return f"For each row it predicts a number{f' ({case.target})' if case.target else ''}, {columns}."
    classes = [str(c) for c in case.classes]
    outcome = " or ".join(classes) if len(classes) <= 3 else f"one of {len(classes)} outcomes"
    chance_of = (f", and gives the {chance(case.positive_class)}" if case.positive_class is not None
                 and case.proba is not None else "")
    return f"For each row it decides {outcome}, {columns}{chance_of}."


def model_detail(case) -> str:
    """For "How this was computed": "Model: RandomForestClassifier. Binary classification between bad, good. ..."."""
    return f"Model: {model_structure(case)['estimator']}. {task_in_words(case)}"


def data_sentence(case) -> str:
    """"Data: 300 rows x 20 columns, labelled by 'credit_risk'."."""
    labels = f"labelled by '{case.target}'" if case.labelled else "unlabelled"
    return f"Data: {len(case.X):,} rows x {case.X.shape[1]} columns, {labels}."


def labels_sentence(case) -> str:
    """"Labels: bad 30%, good 70%." (empty for regression or unlabelled data)."""
    balance = class_balance(case)
    if balance is None:
        return ""
    return "Labels: " + ", ".join(f"{c} {share:.0%}" for c, share in balance.items()) + "."


def metric_value(metric) -> str:
    """A headline metric's value: 3 decimals below 10 (0.812), as a number is written above (31.52, 1,230)."""
    return number(metric.value) if abs(metric.value) >= 10 else f"{metric.value:.3f}"


def verdict(ctx) -> str:
    """The report's verdict: the headline metric, how honest the probabilities are, the failing slices."""
    case = ctx.case
    if not case.labelled:
        return "The data has no labels, so this report explains the model's outputs but cannot judge their accuracy."
    parts = [m.meaning for m in headline_metrics(case)[:1]]
    if case.is_classifier and case.proba is not None:
        cal = ctx.once(calibration)
        honesty = "close to" if cal.ece < 0.05 else "somewhat off" if cal.ece < 0.1 else "far from"
        parts.append(f"Its stated chances are {honesty} the shares observed (on average {cal.ece * 100:.0f} "
                     f"percentage points off; expected calibration error {cal.ece:.3f}).")
    found = ctx.once(failures)
    count = len(found.slices)
    parts.append(f"{count} data slice{'s are' if count != 1 else ' is'} significantly worse than the rest"
                 + (f"; the worst: {worst_slice(found)}." if count else "."))
    return " ".join(parts)
