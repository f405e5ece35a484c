"""Plain sentences about the case as a whole (the summary and the home page), in the reader's language (whole
templates from explainers/locale/; numbers written the local way; class names and columns as they are)."""

from __future__ import annotations

from ..confidence.calibration import calibration
from ..core.estimators import final_estimator
from ..core.language import N_, _, count, current, decimal, join, ngettext, number, percent
from ..failures.metrics import headline_metrics
from ..failures.slices import failures
from ..failures.words import worst_slice
from .model import class_balance, model_structure, task_in_words


def model_sentence(case) -> str:
    """What the model does, for a manager: "For each row it decides bad or good, from 20 columns, and gives the
    chance of bad." (the estimator's name is in :func:`model_detail`)."""
    columns = case.X.shape[1]
    if case.task == "regression":
        if case.target:
            return ngettext("For each row it predicts a number ({target}), from {n} column.",
                            "For each row it predicts a number ({target}), from {n} columns.", columns,
                            target=case.target)
        return ngettext("For each row it predicts a number, from {n} column.",
                        "For each row it predicts a number, from {n} columns.", columns)
    classes = [str(c) for c in case.classes]
    # Translators: the separator of the outcomes a classifier decides between, "bad or good".
    outcome = (_(" or ").join(classes) if len(classes) <= 3
               else _("one of {count} outcomes", count=count(len(classes))))
    if case.positive_class is not None and case.proba is not None:
        return ngettext("For each row it decides {outcome}, from {n} column, and gives the chance of {positive}.",
                        "For each row it decides {outcome}, from {n} columns, and gives the chance of {positive}.",
                        columns, outcome=outcome, positive=case.positive_class)
    return ngettext("For each row it decides {outcome}, from {n} column.",
                    "For each row it decides {outcome}, from {n} columns.", columns, outcome=outcome)


# estimator class name prefix -> (what it is in plain words with {n} the number of its parts, the same without
# the number, the parameter counting them; None twice when it has no parts); translated where used
BOOSTING = (N_("{n} small decision trees, each added to correct the ones before (gradient boosting)"),
            N_("small decision trees, each added to correct the ones before (gradient boosting)"))
LINEAR = N_("a linear regression (a weighted sum of the columns)")
KINDS = {
    "RandomForest": (N_("a random forest of {n} decision trees"), N_("a random forest of decision trees"),
                     "n_estimators"),
    "ExtraTrees": (N_("a forest of {n} randomised decision trees"), N_("a forest of randomised decision trees"),
                   "n_estimators"),
    "GradientBoosting": (*BOOSTING, "n_estimators"),
    "HistGradientBoosting": (*BOOSTING, "max_iter"),
    "LGBM": (*BOOSTING, "n_estimators"),
    "XGB": (*BOOSTING, "n_estimators"),
    "CatBoost": (*BOOSTING, "iterations"),
    "DecisionTree": (None, N_("one decision tree"), None),
    "LogisticRegression": (None, N_("a logistic regression (a weighted sum of the columns, turned into a chance)"),
                           None),
    "LinearRegression": (None, LINEAR, None),
    "Ridge": (None, LINEAR, None),
    "Lasso": (None, LINEAR, None),
    "ElasticNet": (None, LINEAR, None),
    "SGD": (None, N_("a linear model (a weighted sum of the columns)"), None),
    "SV": (None, N_("a support vector machine"), None),
    "KNeighbors": (None, N_("a nearest-neighbours model (it follows the most similar known rows)"), None),
    "MLP": (None, N_("a small neural network"), None),
    "GaussianNB": (None, N_("a naive Bayes model"), None),
    "CalibratedClassifierCV": (None, N_("a model whose chances were recalibrated"), None),
}
# preparing step class -> what it does to the columns, in plain words (translated where used)
FILLED, SCALED = N_("missing values are filled in"), N_("numbers are put on a common scale")
PREPARATION = {
    "SimpleImputer": FILLED, "KNNImputer": FILLED, "IterativeImputer": FILLED,
    "OneHotEncoder": N_("each category becomes a yes/no column"), "OrdinalEncoder": N_("categories are numbered"),
    "TargetEncoder": N_("categories are replaced by their average outcome"),
    "StandardScaler": SCALED, "MinMaxScaler": SCALED, "RobustScaler": SCALED, "MaxAbsScaler": SCALED,
}


def estimator_words(name: str, parameters: dict) -> str:
    """What an estimator class is, in plain words: "a random forest of 300 decision trees" (a class not listed in
    KINDS: "a model of its own kind"; the class name itself is for the appendix)."""
    for prefix, (counted, kind, parameter) in KINDS.items():
        if name.startswith(prefix):
            parts = parameters.get(parameter) if parameter else None
            if counted and isinstance(parts, int) and not isinstance(parts, bool) and parts > 0:
                return _(counted, n=count(parts))
            return _(kind)
    return _("a model of its own kind")


def model_in_words(case) -> str:
    """The summary's sentence on what the model is, without class names: "The model is a random forest of 300
    decision trees, reading 20 columns; before it, each category becomes a yes/no column." """
    estimator = final_estimator(case.model)
    try:
        parameters = estimator.get_params(deep=False)
    except Exception:  # noqa: BLE001 - a model without scikit-learn's parameters is still described
        parameters = {}
    columns = case.X.shape[1]
    steps = list(dict.fromkeys(_(PREPARATION[n]) for n in _step_names(case.model) if n in PREPARATION))
    kind = estimator_words(type(estimator).__name__, parameters)
    if steps:
        return ngettext("The model is {kind}, reading {n} column; before it, {steps}.",
                        "The model is {kind}, reading {n} columns; before it, {steps}.", columns, kind=kind,
                        steps=join(steps))
    return ngettext("The model is {kind}, reading {n} column.", "The model is {kind}, reading {n} columns.", columns,
                    kind=kind)


def _step_names(model) -> list[str]:
    """Class names of the model and every step nested in it (pipeline steps, column transformer branches)."""
    found = [type(model).__name__]
    for attribute in ("steps", "transformers_"):
        for item in getattr(model, attribute, None) or []:
            inner = item[1] if isinstance(item, tuple) else item
            if not isinstance(inner, str):
                found += _step_names(inner)
    return found


def model_detail(case) -> str:
    """For "How this was computed": "Model: RandomForestClassifier. Binary classification between bad, good. ..."."""
    return _("Model: {estimator}. {task}", estimator=model_structure(case)["estimator"], task=task_in_words(case))


def data_sentence(case) -> str:
    """"Data: 300 rows x 20 columns, labelled by 'credit_risk'."."""
    size = {"rows": count(len(case.X)), "columns": count(case.X.shape[1])}
    if case.labelled:
        return _("Data: {rows} rows x {columns} columns, labelled by '{target}'.", target=case.target, **size)
    return _("Data: {rows} rows x {columns} columns, unlabelled.", **size)


def labels_sentence(case) -> str:
    """"Labels: bad 30%, good 70%." (empty for regression or unlabelled data)."""
    balance = class_balance(case)
    if balance is None:
        return ""
    return _("Labels: {shares}.", shares=_(", ").join(f"{c} {percent(share, 0)}" for c, share in balance.items()))


def metric_value(metric) -> str:
    """A headline metric's value: 3 decimals below 10 (0.812), as a number is written above (31.52, 1,230)."""
    if abs(metric.value) >= 10:
        return number(metric.value)
    return fixed(metric.value, 3)


def fixed(x: float, digits: int) -> str:
    """``x`` with ``digits`` decimals (0.081; 0,081 in German and French), rounded as English always was."""
    text = f"{x:.{digits}f}"
    return text if current() == "en" else decimal(float(text), digits)


def verdict(ctx) -> str:
    """The report's verdict: the headline metric, how honest the probabilities are, the failing slices."""
    case = ctx.case
    if not case.labelled:
        return _("The data has no labels, so this report explains the model's outputs but cannot judge their "
                 "accuracy.")
    parts = [m.meaning for m in headline_metrics(case)[:1]]
    if case.is_classifier and case.proba is not None:
        cal = ctx.once(calibration)
        gap = {"points": fixed(cal.ece * 100, 0), "ece": fixed(cal.ece, 3)}
        if cal.ece < 0.05:
            parts.append(_("Its stated chances are close to the shares observed (on average {points} percentage "
                           "points off; expected calibration error {ece}).", **gap))
        elif cal.ece < 0.1:
            parts.append(_("Its stated chances are somewhat off the shares observed (on average {points} percentage "
                           "points off; expected calibration error {ece}).", **gap))
        else:
            parts.append(_("Its stated chances are far from the shares observed (on average {points} percentage "
                           "points off; expected calibration error {ece}).", **gap))
    found = ctx.once(failures)
    slices = len(found.slices)
    # Translators: a data slice is a group of rows described by one or two conditions, e.g. "age under 25".
    parts.append(ngettext("{n} data slice is significantly worse than the rest; the worst: {worst}.",
                          "{n} data slices are significantly worse than the rest; the worst: {worst}.", slices,
                          worst=worst_slice(found)) if slices else
                 ngettext("{n} data slice is significantly worse than the rest.",
                          "{n} data slices are significantly worse than the rest.", slices))
    return " ".join(parts)
