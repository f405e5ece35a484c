"""Plain sentences about the case as a whole (the summary and the home page)."""

from __future__ import annotations

from ..confidence.calibration import calibration
from ..core.estimators import final_estimator
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


# estimator class name prefix -> (what it is in plain words, with {n} the number of its parts; the parameter
# counting them, None when it has no parts)
BOOSTING = "{n}small decision trees, each added to correct the ones before (gradient boosting)"
KINDS = {
    "RandomForest": ("a random forest of {n}decision trees", "n_estimators"),
    "ExtraTrees": ("a forest of {n}randomised decision trees", "n_estimators"),
    "GradientBoosting": (BOOSTING, "n_estimators"),
    "HistGradientBoosting": (BOOSTING, "max_iter"),
    "LGBM": (BOOSTING, "n_estimators"),
    "XGB": (BOOSTING, "n_estimators"),
    "CatBoost": (BOOSTING, "iterations"),
    "DecisionTree": ("one decision tree", None),
    "LogisticRegression": ("a logistic regression (a weighted sum of the columns, turned into a chance)", None),
    "LinearRegression": ("a linear regression (a weighted sum of the columns)", None),
    "Ridge": ("a linear regression (a weighted sum of the columns)", None),
    "Lasso": ("a linear regression (a weighted sum of the columns)", None),
    "ElasticNet": ("a linear regression (a weighted sum of the columns)", None),
    "SGD": ("a linear model (a weighted sum of the columns)", None),
    "SV": ("a support vector machine", None),
    "KNeighbors": ("a nearest-neighbours model (it follows the most similar known rows)", None),
    "MLP": ("a small neural network", None),
    "GaussianNB": ("a naive Bayes model", None),
    "CalibratedClassifierCV": ("a model whose chances were recalibrated", None),
}
# preparing step class -> what it does to the columns, in plain words
PREPARATION = {
    "SimpleImputer": "missing values are filled in", "KNNImputer": "missing values are filled in",
    "IterativeImputer": "missing values are filled in",
    "OneHotEncoder": "each category becomes a yes/no column", "OrdinalEncoder": "categories are numbered",
    "TargetEncoder": "categories are replaced by their average outcome",
    "StandardScaler": "numbers are put on a common scale", "MinMaxScaler": "numbers are put on a common scale",
    "RobustScaler": "numbers are put on a common scale", "MaxAbsScaler": "numbers are put on a common scale",
}


def estimator_words(name: str, parameters: dict) -> str:
    """What an estimator class is, in plain words: "a random forest of 300 decision trees" (a class not listed in
    KINDS: "a model of its own kind"; the class name itself is for the appendix)."""
    for prefix, (kind, count) in KINDS.items():
        if name.startswith(prefix):
            parts = parameters.get(count) if count else None
            whole = isinstance(parts, int) and not isinstance(parts, bool) and parts > 0
            return kind.format(n=f"{parts:,} " if whole else "")
    return "a model of its own kind"


def model_in_words(case) -> str:
    """The summary's sentence on what the model is, without class names: "The model is a random forest of 300
    decision trees, reading 20 columns; before it, each category becomes a yes/no column." """
    estimator = final_estimator(case.model)
    try:
        parameters = estimator.get_params(deep=False)
    except Exception:  # noqa: BLE001 - a model without scikit-learn's parameters is still described
        parameters = {}
    columns = f"{case.X.shape[1]} column{'s' if case.X.shape[1] != 1 else ''}"
    steps = list(dict.fromkeys(PREPARATION[n] for n in _step_names(case.model) if n in PREPARATION))
    before = f"; before it, {', '.join(steps[:-1])}{' and ' if len(steps) > 1 else ''}{steps[-1]}" if steps else ""
    kind = estimator_words(type(estimator).__name__, parameters)
    return f"The model is {kind}, reading {columns}{before}."


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
