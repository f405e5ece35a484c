"""``value``: what the model is worth against its fallbacks, and the review band that makes it worth most.

The model and each alternative decide the same labelled rows; each decision is priced with the values
per outcome (:mod:`.values`) from the measures layer's outcome counts (:mod:`.worth`). The fallbacks:
approve or reject everyone (``all_negative`` / ``all_positive``: which one is "approve" depends on which
class is good news), the champion, the best one-column rule learned on the training rows, and a person
deciding everything at the review cost with a stated error rate.

A regressor is priced per unit of absolute error (:mod:`.error_values`); its fallbacks are the training
median, the one-column rule predicting each side's mean, the champion and a person (:mod:`.regressor`), and
its review band defers the widest conformal intervals (:mod:`.regression`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..confidence import confidence
from ..core.case import Case
from ..core.errors import InputError
from ..core.language import N_, _, count, current, decimal, percent
from ..core.measures import decide, favourable_class
from ..core.measures.of_case import decision_codes as decided_codes
from ..core.result import PRIVATE, Result
from .cut_rule import CutRule
from .error_values import ErrorValues, error_values_of
from .groups import ReviewByGroup, review_by_group
from .regression import error_review_curve
from .regressor import NAMES as REGRESSION_NAMES
from .regressor import NO_TRAINING, UNLEARNED, regressor_fallbacks
from .review import BestBand, review_curve, review_flags
from .rule import OneRule, learn_rule
from .values import Values, values_of
from .words import band_label
from .worth import case_label_codes, decision_codes, paired_worth

NAMES = ("model", "all_positive", "all_negative", "champion", "one_rule", "person")
FALLBACK_COLUMNS = ["name", "value", "per_1000", "per_month", "difference", "low", "high", "note"]


@dataclass(frozen=True)
class Value(Result):
    """What the model is worth and what takes over if it fails.

    ``fallbacks``: one row per alternative, the model first: name (model, all_positive, all_negative,
    champion, one_rule, person), value (total over the rows), per_1000 (per 1,000 decisions), per_month
    (at ``values.monthly_volume``; NaN without one), difference (the model minus this one, total) with its
    95% paired-bootstrap interval low/high, and a note (a fallback that could not be valued says why).
    ``review``: one row per band, no review first (band, kind, width, lower, upper, reviewed,
    automated_share, error_rate on the automated rows, value, per_1000, gain over no review).
    ``best_band``: the band worth most, with intervals. ``approve``: the fallback name that approves
    everyone. ``rule``: the one-column rule (None when not learned).

    A regressor (``task`` "regression"): ``values`` are :class:`ErrorValues`; the fallbacks are model, median
    (the training median: ``approve``, the do-nothing alternative), champion, one_rule and person (off by
    ``review_error`` units); ``review`` has ``mae`` (of the automated predictions) instead of ``error_rate``,
    its bands defer the rows whose conformal interval is wider than ``width``; ``median`` is the constant.
    """

    fallbacks: pd.DataFrame
    review: pd.DataFrame
    best_band: BestBand
    values: Values | ErrorValues
    threshold: float | None
    rows: int
    approve: str
    review_error: float = 0.0
    rule: OneRule | CutRule | None = None
    task: str = "binary"
    median: float | None = None
    review_error_assumed: bool = False
    case: Case | None = field(default=None, repr=False, metadata=PRIVATE)
    conformal: pd.Series | None = field(default=None, repr=False, metadata=PRIVATE)

    def row(self, name: str) -> pd.Series:
        """The fallbacks' row ``name`` (``approve_all`` / ``reject_all`` name the approving / rejecting one)."""
        name = {"approve_all": self.approve, "reject_all": self.reject}.get(name, name)
        found = self.fallbacks[self.fallbacks["name"] == name]
        if found.empty:
            raise InputError(f"No fallback {name!r} here; choose from {', '.join(self.fallbacks['name'])}.")
        return found.iloc[0]

    @property
    def reject(self) -> str:
        if self.task == "regression":
            return "reject_all"  # a regressor has no 'reject everyone': row() says so
        return "all_positive" if self.approve == "all_negative" else "all_negative"

    def per_month(self, total: float) -> float:
        """A total over the rows as a total a month (NaN without a monthly volume)."""
        volume = self.values.monthly_volume
        return total / self.rows * volume if volume is not None and self.rows else float("nan")

    def review_by_group(self, column, bins: int = 4) -> ReviewByGroup:
        """Who the best band sends to review, per group of ``column`` (a name or a Series aligned with the rows)."""
        b = self.best_band
        flags = review_flags(self.case, b.kind, b.width, 0.5 if self.threshold is None else self.threshold,
                             self.conformal)
        return review_by_group(self.case, flags, column, band_label(b.kind, b.width, self.threshold), bins=bins)


def value(case: Case, *, threshold: float | None = None, values: dict | None = None, fallbacks=None,
          champion: Case | None = None, review_error: float | None = None, random_state=0, training=None,
          level: float = 0.9, n_boot: int = 1000) -> Value:
    """The model against its fallbacks on the case's labelled rows, and the review band worth most.

    Parameters
    ----------
    threshold : the decision threshold on the positive class's probability (None: the model's own decisions;
        review bands then centre on 0.5).
    values : value per outcome and per review (gains positive, costs negative), ``currency``, ``per`` and
        ``monthly_volume``; default: the sidecar's ``value``, else its ``costs``.
    fallbacks : names to compare (default: every one that applies); ``model`` is always first.
    champion : the model run now, on the same rows. review_error : the person's stated error rate (0 to 1; None:
        0); for a regressor the person's mean absolute error in the target's units (None: the model's own MAE,
        a person as accurate as the model on average).
    training : the training rows (path, bytes or frame with the target column) for the one-column rule.
    level : the conformal sets' level for the conformal review band. n_boot, random_state : the bootstrap.

    Returns
    -------
    Value with ``fallbacks``, ``review``, ``best_band`` and ``review_by_group(column)``.
    """
    _check(case, review_error, fallbacks)
    if review_error is None and case.task != "regression":
        review_error = 0.0
    if case.task == "regression":
        return _regression(case, values=values, fallbacks=fallbacks, champion=champion, review_error=review_error,
                           random_state=random_state, training=training, level=level, n_boot=n_boot)
    worth = values_of(case, values)
    coded = _Coded(case_label_codes(case), decided_codes(case, threshold), case.classes.index(case.positive_class),
                   case.classes.index(_negative(case)))  # each column coded once for every fallback
    approve = "all_positive" if favourable_class(case) == case.positive_class else "all_negative"
    wanted = _approve_first(_wanted(fallbacks, champion), approve)
    rule, rows = None, []
    for name in wanted:
        other, note, person = None, "", None
        if name == "all_positive":
            other = np.full(len(case.X), coded.positive)
        elif name == "all_negative":
            other = np.full(len(case.X), coded.negative)
        elif name == "champion":
            other = decision_codes(case, _champion_decisions(case, champion, threshold))
        elif name == "one_rule":
            if training is None:
                note = _(NO_TRAINING)
            else:
                try:
                    rule = learn_rule(case, training, worth)
                except InputError as err:  # the other fallbacks still stand; the row says why this one does not
                    note = _(UNLEARNED, problem=err)
                else:
                    other = np.where(rule.flags(case.X), coded.positive, coded.negative)
        elif name == "person":
            person = float(review_error)
        rows.append(_fallback_row(case, name, coded, other, person, note, worth, n_boot, random_state))
    conformal = _conformal(case, level, random_state)
    review, best = review_curve(case, threshold, worth, float(review_error), conformal, n_boot=n_boot,
                                random_state=random_state)
    table = pd.DataFrame(rows, columns=FALLBACK_COLUMNS)
    volume = worth.monthly_volume
    table["per_month"] = np.nan if volume is None else table["value"] / len(case.X) * volume
    return Value(fallbacks=table, review=review, best_band=best, values=worth, threshold=threshold, rows=len(case.X),
                  approve=approve, review_error=float(review_error), rule=rule, case=case, conformal=conformal,
                  approximate=True, method=_method(case, threshold, worth, review_error, n_boot, random_state, level))


def _check(case: Case, review_error, fallbacks) -> None:
    if case.task not in ("binary", "regression"):
        raise InputError(f"What a model is worth is priced per outcome of a yes/no decision or per unit of error; "
                         f"this is a {case.task} model. Open a binary classifier or a regressor.")
    if not case.labelled:
        raise InputError("Valuing decisions needs labelled rows: open data that has the target column.")
    if review_error is None:
        return _check_fallbacks(case, fallbacks)
    number = not isinstance(review_error, bool) and isinstance(review_error, (int, float))
    if case.task == "regression":
        if not number or not 0 <= review_error < float("inf"):
            raise InputError(f"review_error is the person's mean absolute error, in the target's units (0 or more); "
                             f"got {review_error!r}.")
    elif not number or not 0 <= review_error <= 1:
        raise InputError(f"review_error is the person's error rate, between 0 and 1; got {review_error!r}.")
    _check_fallbacks(case, fallbacks)


def _check_fallbacks(case: Case, fallbacks) -> None:
    names = REGRESSION_NAMES if case.task == "regression" else NAMES
    unknown = [n for n in ([fallbacks] if isinstance(fallbacks, str) else list(fallbacks or [])) if n not in names]
    if unknown:
        raise InputError(f"Unknown fallback {unknown[0]!r}; choose from {', '.join(names)}.")


def _wanted(fallbacks, champion, known=NAMES) -> list[str]:
    if fallbacks is None:
        names = [n for n in known if n != "champion" or champion is not None]
    else:
        names = [fallbacks] if isinstance(fallbacks, str) else list(fallbacks)
        if "champion" in names and champion is None:
            raise InputError("The champion fallback needs the champion: pass champion= (the model run now).")
    return ["model", *[n for n in known if n in names and n != "model"]]


def _approve_first(names: list[str], approve: str) -> list[str]:
    """Approving everyone right after the model: the first alternative a sponsor names."""
    return [n for n in names if n == "model"] + [n for n in names if n == approve] + \
        [n for n in names if n not in ("model", approve)]


def _negative(case: Case):
    return next(c for c in case.classes if c != case.positive_class)


def _champion_decisions(case: Case, champion: Case, threshold) -> pd.Series:
    same = (len(champion.X) == len(case.X) and champion.X.index.equals(case.X.index) and champion.labelled
            and champion.y.astype(str).equals(case.y.astype(str)))
    if not same:
        raise InputError("The champion must be judged on the same labelled rows as the model: open both on one data file.")
    if set(map(str, champion.classes or ())) != set(map(str, case.classes)):
        raise InputError(f"The champion's classes {list(champion.classes or ())} differ from the model's {list(case.classes)}.")
    decided = decide(champion, threshold)
    return pd.Series(decided.to_numpy(dtype=object), index=case.X.index)


@dataclass(frozen=True)
class _Coded:
    """The case's labels and the model's decisions as class codes, and the codes of the positive and the other
    class: coded once per value() call, every fallback's paired tally reads them."""

    labels: np.ndarray
    model: np.ndarray
    positive: int
    negative: int


def _fallback_row(case, name, coded: _Coded, other, person, note, worth, n_boot, random_state) -> dict:
    n = len(case.X)
    model = coded.model
    if name == "model":
        paired = paired_worth(case, model, model, worth, n_boot=n_boot, random_state=random_state, labels=coded.labels)
        return {"name": name, "value": paired.model, "per_1000": paired.model / n * 1000, "difference": 0.0,
                "low": 0.0, "high": 0.0, "note": ""}
    if other is None and person is None:
        return {"name": name, "value": np.nan, "per_1000": np.nan, "difference": np.nan, "low": np.nan,
                "high": np.nan, "note": note}
    paired = paired_worth(case, model, other if other is not None else model, worth, person_error=person,
                          n_boot=n_boot, random_state=random_state, labels=coded.labels)
    return {"name": name, "value": paired.other, "per_1000": paired.other / n * 1000, "difference": paired.difference,
            "low": paired.low, "high": paired.high, "note": note}


def _conformal(case: Case, level: float, random_state) -> pd.Series | None:
    """Per row: True when its conformal set at ``level`` holds both classes (None without probabilities)."""
    if case.proba is None:
        return None
    bands = confidence(case, level=level, random_state=random_state)
    return bands.sizes(case.X.index) >= 2


def _method(case, threshold, worth: Values, review_error, n_boot, random_state, level) -> str:
    at = _("the model's own decisions") if threshold is None else _("decisions at the threshold {threshold}",
                                                                       threshold=_g(threshold))
    # Translators: {source} is where the values came from (given, sidecar value, sidecar costs, default costs).
    return _("Each alternative decides the same {rows} labelled rows; {at}; every decision priced with the values per "
             "outcome ({source}); a person costs the review value and errs on {error} of rows. Differences have 95% "
             "paired Poisson bootstrap intervals over cells of alike rows ({rounds} rounds, seed {seed}). Review bands: "
             "scores within a width of the threshold, or conformal sets at {level} holding both classes (calibrated on "
             "half of these rows).", rows=count(len(case.X)), at=at, source=_source(worth.source),
             error=percent(review_error, 0), rounds=count(n_boot), seed=random_state, level=percent(level, 0))


SOURCE_NAMES = {"given": N_("given"), "sidecar value": N_("sidecar value"), "sidecar costs": N_("sidecar costs"),
                "default": N_("default"), "default costs": N_("default costs")}  # where the values came from


def _source(source: str) -> str:
    return _(SOURCE_NAMES[source]) if source in SOURCE_NAMES else source


def _g(x: float, digits: int = 6) -> str:
    """A number as Python's g format writes it (0.215), with the local decimal sign."""
    text = f"{x:.{digits}g}"
    return text if current() == "en" else text.replace(".", decimal(0.5)[1])


def _regression(case: Case, *, values, fallbacks, champion, review_error, random_state, training, level,
                n_boot) -> Value:
    """A regressor against the training median, the one-column rule, the champion and a person; the review band
    that defers its widest conformal intervals."""
    worth = error_values_of(case, values)
    assumed = review_error is None
    review_error = worth.model_mae if assumed else float(review_error)
    wanted = _approve_first(_wanted(fallbacks, champion, REGRESSION_NAMES), "median")
    rows, rule, median = regressor_fallbacks(case, wanted, worth, champion=champion, person_error=float(review_error),
                                             training=training, n_boot=n_boot, random_state=random_state)
    widths = confidence(case, level=level, random_state=random_state).sizes(case.X.index)
    review, best = error_review_curve(case, worth, float(review_error), widths, n_boot=n_boot,
                                      random_state=random_state)
    table = pd.DataFrame(rows, columns=FALLBACK_COLUMNS)
    volume = worth.monthly_volume
    table["per_month"] = np.nan if volume is None else table["value"] / len(case.X) * volume
    method = _("Each alternative predicts the same {rows} labelled rows; every prediction priced per unit of absolute "
               "error ({source} values); a person costs the review value and is off by {error} units on average. "
               "Differences have 95% paired Poisson bootstrap intervals over cells of alike rows ({rounds} rounds, seed "
               "{seed}). Review bands: the rows whose conformal interval at {level} is wider than a cut-off (calibrated "
               "on half of these rows).", rows=count(len(case.X)), source=_source(worth.source), error=_g(review_error, 4),
               rounds=count(n_boot), seed=random_state, level=percent(level, 0))
    return Value(fallbacks=table, review=review, best_band=best, values=worth, threshold=None, rows=len(case.X),
                 approve="median", review_error=float(review_error), rule=rule, task="regression", median=median,
                 review_error_assumed=assumed,
                 case=case, conformal=widths, approximate=True, method=method)
