"""``brief``: the go / no-go on one screen, read off a verdict: the decision, the three reasons a business
feels (misses and false alarms at the threshold, what the model is worth, group gaps) and what to fix next.

Every number comes from the measures layer (confusion counts of the tally at the verdict's threshold, the
four-fifths ratio per group) or from the value result; the sentences are in :mod:`.words`, so the page
and the report's release section print the same ones.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..core.case import Case
from ..core.errors import InputError
from ..core.language import _, count, ngettext
from ..core.measures import case_tally, favourable_class, measures, mover_ratio
from ..core.measures.tables import binary_counts
from ..core.result import PRIVATE, Result
from ..failures.fairness import FOUR_FIFTHS
from ..failures.groups import MIN_ROWS
from ..value import value
from .four_fifths import favourable_rates
from .policy import read_policy

FIXES = 3  # the checks named under "what to fix next"; the rest are counted


@dataclass(frozen=True)
class Brief(Result):
    """The go / no-go of one verdict.

    ``decision``: "go", "exceptions" (only warn-severity checks miss their bar) or "no-go". ``threshold``:
    the verdict's. ``flagged`` / ``cleared``: the class the model flags (the positive class) and the other.
    ``positives`` / ``negatives``: labelled rows of each; ``missed``: positives not flagged; ``false_alarms``:
    negatives flagged (None when not counted: not a binary classifier, or no labels). ``headline``: (metric
    key, value, low, high) for a model without yes/no decisions. ``worth``: the value result, a binary
    classifier's or a regressor's (None, with ``value_note`` saying why). ``gaps``: per column, the worst-treated group against the best (group, best,
    rate, best_rate, ratio, low, limit, checked: whether the policy has a check on it, status). ``fixes``: the
    checks that stop or qualify the release, in reading order (number, kind, status, options, evidence, anchor);
    ``counts``: total, failed, warned, not judged checks.
    """

    decision: str
    threshold: float | None
    flagged: object = None
    cleared: object = None
    favourable: object = None
    positives: int | None = None
    negatives: int | None = None
    missed: int | None = None
    false_alarms: int | None = None
    headline: tuple | None = None
    value_note: str = ""
    gaps: tuple = ()
    gap_note: str = ""
    fixes: tuple = ()
    counts: dict = field(default_factory=dict)
    worth: object = field(default=None, metadata=PRIVATE, repr=False)


def brief(case: Case, result, *, worth=None, run=None) -> Brief:
    """The go / no-go of ``result`` (a :class:`GateResult` of ``case``). ``worth``: the value result the
    caller already has (default: ``value(case, threshold=...)`` through ``run``). ``run(func, **options)``:
    how results are computed once (a report's ``ctx.once``, the dashboard's cache; default: called directly)."""
    run = run or (lambda func, **options: func(case, **options))
    binary = case.task == "binary"
    counts = _outcomes(case, result.threshold) if binary and case.labelled else {}
    headline = None if counts or not case.labelled else _headline(case, run)
    worth, note = _worth(case, result, worth, run)
    gaps, gap_note = _gaps(case, result, run)
    return Brief(decision=_decision(result), threshold=result.threshold,
                 flagged=case.positive_class if binary else None,
                 cleared=next((c for c in case.classes if c != case.positive_class), None) if binary else None,
                 favourable=favourable_class(case) if binary else None, **counts, headline=headline,
                 value_note=note, gaps=gaps, gap_note=gap_note, fixes=_fixes(result),
                 counts={"total": len(result.checks), "failed": len(result.failed), "warned": len(result.warned),
                         "not_judged": len(result.not_judged)},
                 worth=worth, method=ngettext("Read off the verdict of {n} checks; counts from the measures layer at "
                                              "the verdict's threshold on {rows} rows.",
                                              "Read off the verdict of {n} checks; counts from the measures layer at "
                                              "the verdict's threshold on {rows} rows.", len(result.checks),
                                              rows=count(len(case.X))))


def _decision(result) -> str:
    return "no-go" if result.failed else "exceptions" if result.warned else "go"


def _outcomes(case: Case, threshold) -> dict:
    """Labelled rows of each class, missed positives and false alarms: the tally's confusion counts."""
    counts = binary_counts(case_tally(case, threshold=threshold)[0]).iloc[0]
    return {"positives": int(counts["tp"] + counts["fn"]), "negatives": int(counts["fp"] + counts["tn"]),
            "missed": int(counts["fn"]), "false_alarms": int(counts["fp"])}


def _headline(case: Case, run) -> tuple:
    """(key, value, low, high) of the task's headline metric, for models without yes/no decisions."""
    found = run(measures)
    key = next(iter(found.overall.index))
    return (key, *found.interval(key))


def _worth(case: Case, result, worth, run) -> tuple:
    if worth is not None:
        return worth, ""
    regression = case.task == "regression"  # a regressor is priced per unit of error, with no threshold
    if case.task != "binary" and not regression:
        # Translators: {task} is the model's task as the code names it (multiclass).
        return None, _("values per outcome price yes/no decisions or a regressor's errors; this is a {task} model",
                       task=case.task)
    if not case.labelled:
        return None, _("valuing predictions needs labelled rows") if regression else _(
            "valuing decisions needs labelled rows")
    try:
        return (run(value) if regression else run(value, threshold=result.threshold)), ""
    except InputError as err:
        return None, str(err)


def _gaps(case: Case, result, run) -> tuple:
    """The four-fifths ratio of each column the policy checks (else each sensitive column), worst first."""
    if case.task != "binary" or not case.labelled:
        return (), _("the four-fifths rule compares yes/no decisions on labelled rows")
    checks = {c.number: c for c in read_policy(result.policy_text).checks}
    judged = {checks[c.number].options["column"]: c for c in result.checks if c.check == "four_fifths"}
    columns = list(judged) or [c for c in case.metadata.sensitive if c in case.X.columns]
    if not columns:
        return (), _("no column is marked sensitive")
    options = {c.options["column"]: c.options for c in checks.values() if c.kind == "four_fifths"}
    good = favourable_class(case)
    gaps = []
    for column in columns:
        limit = float(options.get(column, {}).get("min", FOUR_FIFTHS))
        found = run(measures, by=column, threshold=result.threshold, metrics=["selection_rate"])
        rates = favourable_rates(found, good == case.positive_class, options.get(column, {}).get("min_rows", MIN_ROWS))
        gap = _worst(rates, column, limit)
        if gap is not None:
            status = judged[column].status if column in judged else "pass" if gap["low"] >= limit else "miss"
            gaps.append({**gap, "checked": column in judged, "status": status})
    note = "" if gaps else _("no column has two groups large enough to compare")
    return tuple(sorted(gaps, key=lambda g: g["ratio"])), note


def _worst(rates: dict, column: str, limit: float) -> dict | None:
    """The worst-treated group against the best-treated, as the four-fifths check reads them."""
    if len(rates) < 2:
        return None
    best = max(rates, key=lambda g: rates[g][0])
    if rates[best][0] <= 0:
        return None
    group = min((g for g in rates if g != best), key=lambda g: rates[g][0])
    low, _ = mover_ratio(rates[group], rates[best])
    ratio = rates[group][0] / rates[best][0]
    return {"column": column, "group": group, "best": best, "rate": rates[group][0], "best_rate": rates[best][0],
            "ratio": ratio, "low": low if math.isfinite(low) else float("nan"), "limit": limit}


def _fixes(result) -> tuple:
    """The checks that stop the release, then the exceptions (and the unjudged when the policy fails them)."""
    stopping = {c.number for c in result.failed} | {c.number for c in result.warned}
    checks = {c.number: c for c in read_policy(result.policy_text).checks}
    return tuple({"number": c.number, "kind": c.check, "status": c.status, "options": dict(checks[c.number].options),
                  "evidence": c.evidence, "anchor": c.anchor, "reason": c.reason}
                 for c in result.in_reading_order() if c.number in stopping)
