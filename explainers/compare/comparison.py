"""``compare``: is the challenger better than the champion on the same labelled rows, overall and per group?"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..confidence.calibration import calibration
from ..core.case import Case
from ..core.errors import InputError, preview
from ..core.language import _, count, current
from ..core.measures import decide
from ..core.measures.formulas import Formula
from ..core.measures.paired import paired_case_tally, paired_measures
from ..core.memo import per_case
from ..core.result import PRIVATE, Result, jsonable
from ..failures.slices import failures, row_errors
from ..failures.words import threshold_text
from .flips import explain_flips, flip_table, flipped
from .metrics import compared
from .paired_tests import delong, mcnemar
from .pairing import paired
from .slices import worse_slices

LEVEL = 0.95
COLUMNS = ["metric", "champion", "challenger", "difference", "low", "high", "significant", "better", "higher_is_better"]
GROUP_COLUMNS = ["group", "metric", "rows", "champion", "challenger", "difference", "low", "high", "significant", "worse",
                 "better", "higher_is_better"]


@dataclass(frozen=True)
class Comparison(Result):
    """A champion and a challenger on the same rows (see :func:`compare` for the fields)."""

    champion_name: str
    challenger_name: str
    task: str
    rows: int
    metrics: pd.DataFrame
    tests: pd.DataFrame  # metric, test, p_value: exact or classical paired tests beside the intervals
    flips: pd.DataFrame
    agreement: float
    tolerance: float | None  # regression: the change in absolute error that counts as a flip
    calibration: dict | None  # {"champion": Calibration, "challenger": Calibration}
    challenger_worse: pd.DataFrame  # slices where the challenger is significantly worse (see slices.py)
    n_boot: int
    random_state: object
    threshold: float | None  # both models decide at it (binary with probabilities); None: each its own decision
    decided: str  # how the decisions were made, in words
    champion: Case = field(metadata=PRIVATE, repr=False)
    challenger: Case = field(metadata=PRIVATE, repr=False)

    @property
    def slices(self) -> dict:
        """{"champion": Failures, "challenger": Failures, "challenger_worse": DataFrame}. Each model's own failing
        slices are searched on first use and remembered per case (the Where it fails search, run for each)."""
        return {"champion": per_case(self.champion, f"compare_failures-{current()}", lambda: failures(self.champion)),
                "challenger": per_case(self.challenger, f"compare_failures-{current()}", lambda: failures(self.challenger)),
                "challenger_worse": self.challenger_worse}

    def to_dict(self) -> dict:
        """The result as JSON-safe values, each model's failing slices included."""
        return {**super().to_dict(), "slices": jsonable(self.slices)}

    def by_group(self, column: str, metric: str | None = None, bins: int = 4) -> pd.DataFrame:
        """Per group of ``column`` (numbers in quantile bins): both values of ``metric`` and the paired
        interval of the difference, on the same bootstrap rounds as the overall table.

        Columns: group, metric, rows, champion, challenger, difference, low, high, significant, worse
        (``worse``: the challenger is significantly worse there: a regression even if it wins overall),
        better, higher_is_better.
        """
        return group_table(self, column, metric, bins)


def compare(champion: Case, challenger, *, threshold: float | None = None, random_state=0, n_boot: int = 1000,
            tolerance: float | None = None, max_explained: int = 200) -> Comparison:
    """Judge ``challenger`` against ``champion`` on the same labelled rows.

    Parameters
    ----------
    champion : Case, the model run now.
    challenger : Case on the same rows, or a model (path, bytes or fitted object) to load on them.
    threshold : both models decide at this threshold on the positive class's probability (binary classifiers
        with probabilities; core.measures.decide); None: each model's own decision.
    random_state : seed of the bootstrap (the same seed gives the same result).
    n_boot : Poisson bootstrap rounds over cells of rows alike for both models (the same weights for both).
    tolerance : regression only: the change in absolute error that counts as a changed decision
        (default: the champion's mean absolute error).
    max_explained : at most this many flipped rows get attribution reasons (a reproducible sample).

    Returns
    -------
    Comparison with ``metrics`` (metric, champion, challenger, difference = challenger - champion,
    low, high: its 95% interval, significant: the interval excludes 0, better: the model it favours),
    ``tests`` (McNemar for accuracy, DeLong for ROC AUC), ``flips`` (decisions that change, at ``threshold``),
    ``agreement``, ``threshold`` and ``decided`` (how both decided, in words), ``calibration``,
    ``challenger_worse`` (slices where the challenger is significantly worse), ``slices`` (those and each
    model's failing slices, searched on first use) and the method :meth:`Comparison.by_group`.
    """
    if n_boot < 100:
        raise InputError(f"n_boot must be at least 100 for a 95% interval; got {n_boot}.")
    champion, challenger, notes = paired(champion, challenger)
    tally, _order = paired_case_tally(champion, challenger, threshold=threshold)
    chosen = compared(champion, challenger)
    table = paired_measures(tally, chosen, n_boot=n_boot, random_state=random_state, level=LEVEL)
    metrics = _judged(table, chosen)[COLUMNS]
    decided, threshold = _decided(champion, challenger, threshold)
    mask, tolerance = flipped(champion, challenger, tolerance, threshold)
    flips = explain_flips(champion, challenger, flip_table(champion, challenger, mask, threshold), max_explained,
                          random_state)
    return Comparison(
        champion_name=champion.name, challenger_name=challenger.name, task=champion.task, rows=len(champion.X),
        metrics=metrics, tests=_tests(champion, challenger, metrics, threshold), flips=flips,
        agreement=float(1 - mask.mean()), tolerance=tolerance, calibration=_calibrations(champion, challenger),
        challenger_worse=_worse(champion, challenger, threshold), n_boot=n_boot, random_state=random_state,
        threshold=threshold, decided=decided, champion=champion, challenger=challenger, approximate=True,
        method=_method(champion, n_boot, random_state, len(flips), max_explained, decided),
        notes=notes,
    )


def _judged(table: pd.DataFrame, chosen: dict[str, Formula]) -> pd.DataFrame:
    """Paired rows named for the two models; ``significant`` when the interval excludes 0, ``better`` names the
    model it favours."""
    table = table.rename(columns={"first": "champion", "second": "challenger"}).reset_index(drop=True)
    higher = table["metric"].map({k: f.higher_is_better for k, f in chosen.items()}).astype(bool)
    significant = (table["low"] > 0) | (table["high"] < 0)
    favours = np.where((table["low"] > 0) == higher, "challenger", "champion")
    return table.assign(significant=significant.astype(bool), better=np.where(significant, favours, ""),
                        higher_is_better=higher)


def _decided(champion: Case, challenger: Case, threshold: float | None) -> tuple[str, float | None]:
    """(how both models decide, in words; the threshold used, None when neither decides at one)."""
    if threshold is None or champion.task != "binary":
        return _("Each model decides by its own prediction."), None
    at, positive = threshold_text(threshold), champion.positive_class
    lacking = [role for role, case in (("champion", champion), ("challenger", challenger)) if case.proba is None]
    if not lacking:
        return (_("Both models flag a row {positive} when its probability of {positive} reaches {threshold}.",
                  positive=positive, threshold=at), float(threshold))
    if len(lacking) == 2:
        return _("Neither model gives probabilities, so each decides by its own prediction."), None
    if lacking[0] == "champion":
        return (_("The challenger flags a row {positive} when its probability of {positive} reaches {threshold}; the "
                  "champion gives no probabilities and decides by its own prediction.", positive=positive,
                  threshold=at), float(threshold))
    return (_("The champion flags a row {positive} when its probability of {positive} reaches {threshold}; the "
              "challenger gives no probabilities and decides by its own prediction.", positive=positive,
              threshold=at), float(threshold))


def _tests(champion: Case, challenger: Case, metrics: pd.DataFrame, threshold: float | None) -> pd.DataFrame:
    rows = []
    if champion.is_classifier:
        right = [(decide(case, threshold) == case.y).to_numpy(dtype=float) for case in (champion, challenger)]
        rows.append({"metric": "accuracy", "test": "Exact McNemar test (two-sided)", "p_value": mcnemar(*right)})
    if "roc_auc" in set(metrics["metric"]):
        positive = champion.positive_class
        scores = [case.proba[positive].to_numpy(dtype=float) for case in (champion, challenger)]
        rows.append({"metric": "roc_auc", "test": "DeLong's test for correlated ROC AUCs (two-sided)",
                     "p_value": delong((champion.y == positive).to_numpy(), *scores)})
    return pd.DataFrame(rows, columns=["metric", "test", "p_value"])


def _calibrations(champion: Case, challenger: Case) -> dict | None:
    if not champion.is_classifier or champion.proba is None or challenger.proba is None:
        return None
    return {"champion": calibration(champion), "challenger": calibration(challenger)}


def _worse(champion: Case, challenger: Case, threshold: float | None) -> pd.DataFrame:
    before, after = (_errors(case, threshold) for case in (champion, challenger))
    return worse_slices(champion, challenger, before, after)


def _errors(case: Case, threshold: float | None) -> np.ndarray:
    """Per row: a classifier's wrong decision at ``threshold`` (0/1), a regressor's absolute error."""
    if case.is_classifier:
        return (decide(case, threshold) != case.y).to_numpy(dtype=float)
    return row_errors(case)[0]


def _method(case: Case, n_boot: int, random_state, flips: int, max_explained: int, decided: str) -> str:
    alike = _("the label and both models' decision and score") if case.is_classifier else _("the label and both "
                                                                                              "errors")
    values = dict(decided=decided, rows=count(len(case.X)), rounds=count(n_boot), seed=random_state, alike=alike,
                  explained=count(min(flips, max_explained)), flips=count(flips))
    if not flips:
        return _("{decided} Paired Poisson bootstrap over {rows} labelled rows ({rounds} rounds, seed {seed}) on cells "
                 "of rows alike for both models ({alike}): both models read the same weights, so their difference is "
                 "paired; 95% percentile intervals of candidate (challenger) - champion.", **values)
    if case.is_classifier:
        return _("{decided} Paired Poisson bootstrap over {rows} labelled rows ({rounds} rounds, seed {seed}) on cells "
                 "of rows alike for both models ({alike}): both models read the same weights, so their difference is "
                 "paired; 95% percentile intervals of candidate (challenger) - champion; reasons for {explained} of "
                 "{flips} changed rows from attributions in probability units.", **values)
    return _("{decided} Paired Poisson bootstrap over {rows} labelled rows ({rounds} rounds, seed {seed}) on cells "
             "of rows alike for both models ({alike}): both models read the same weights, so their difference is "
             "paired; 95% percentile intervals of candidate (challenger) - champion; reasons for {explained} of "
             "{flips} changed rows from attributions in target units.", **values)


def group_table(comparison: Comparison, column: str, metric: str | None, bins: int) -> pd.DataFrame:
    """See :meth:`Comparison.by_group`."""
    champion, challenger = comparison.champion, comparison.challenger
    if column not in champion.X.columns and column not in challenger.X.columns:
        raise InputError(f"Column {column!r} is not an input of either model.")
    chosen = _metric(comparison, metric)
    tally, order = paired_case_tally(champion, challenger, by=column, threshold=comparison.threshold, bins=bins)
    table = paired_measures(tally, chosen, n_boot=comparison.n_boot, random_state=comparison.random_state,
                            level=LEVEL, group_order=order)
    table = _judged(table[table["group"].notna()], chosen)
    return table.assign(group=table["group"].astype(str), worse=table["better"] == "champion")[GROUP_COLUMNS]


def _metric(comparison: Comparison, metric: str | None) -> dict[str, Formula]:
    known = compared(comparison.champion, comparison.challenger)
    key = next(iter(known)) if metric is None else metric
    if key not in known:
        raise InputError(f"Unknown metric {metric!r} for this comparison; choose from {preview(list(known))}.")
    return {key: known[key]}
