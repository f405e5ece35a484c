"""Plain sentences about confidence: the bands, one row's band, the coverage statement, calibration.

The page and the report both print these, so the two say the same thing for the same result.
"""

from __future__ import annotations

import numpy as np

from ..core.language import N_, _, count, current, decimal, join, ngettext, number, percent
from ..core.measures import decide
from ..failures.words import threshold_text
from .calibration import Calibration
from .conformal import Confidence, CoverageByGroup, CoverageOverSplits
from .summary import CoverageSummary, summarise


def fixed(x: float, digits: int) -> str:
    """``x`` with ``digits`` decimals (0.081; 0,081 in German and French), rounded as English always was."""
    text = f"{x:.{digits}f}"
    return text if current() == "en" else decimal(float(text), digits)


def _significant(x: float, digits: int) -> str:
    """``x`` to ``digits`` significant digits, grouped (1,230; 1.230 in German), rounded as English always was."""
    return f"{x:,.{digits}g}" if current() == "en" else number(float(f"{x:.{digits}g}"))


def describe(conf: Confidence) -> str:
    """The bands in plain words, e.g. "for 14% of rows the model cannot choose between bad and good"."""
    sizes = conf.sizes()
    level = percent(conf.level, 0)
    if not conf.case.is_classifier:
        target = conf.case.target
        if not np.isfinite(sizes).all():
            return ngettext("At {level} confidence, the intervals are unbounded: {n} calibration rows are too few "
                            "for this level. Lower the level or add labelled rows.",
                            "At {level} confidence, the intervals are unbounded: {n} calibration rows are too few "
                            "for this level. Lower the level or add labelled rows.",
                            len(conf.calibration_rows), level=level)
        return ngettext("At {level} confidence, half of the intervals are narrower than {median} {target} and one "
                        "in ten is wider than {wide}; {coverage} of the {n} rows kept apart for checking fell inside "
                        "their interval.",
                        "At {level} confidence, half of the intervals are narrower than {median} {target} and one "
                        "in ten is wider than {wide}; {coverage} of the {n} rows kept apart for checking fell inside "
                        "their interval.", len(sizes), level=level, median=_significant(sizes.median(), 3),
                        target=target, wide=_significant(sizes.quantile(0.9), 3), coverage=percent(conf.coverage, 0))
    single, empty = (sizes == 1).mean(), (sizes == 0).mean()
    several = (sizes >= 2).mean()
    names = join(str(c) for c in conf.case.classes) if len(conf.case.classes) == 2 else _("several classes")
    shares = {"level": level, "single": percent(single, 0), "several": percent(several, 0), "names": names}
    if empty > 0:
        return _("At {level} confidence, the model names a single class for {single} of rows; for {several} it "
                 "cannot choose between {names}; for {empty} no class is likely enough (an empty set: treat these "
                 "rows as unusual).", empty=percent(empty, 0), **shares)
    return _("At {level} confidence, the model names a single class for {single} of rows; for {several} it cannot "
             "choose between {names}.", **shares)


def band_sentence(case, conf: Confidence, rows) -> str:
    """One row's band, for a row label or a one-row frame (e.g. an edited what-if row): "At 90% confidence the
    outcome could be bad or good: the model cannot choose.", "At 90% confidence the model names one outcome:
    good." or "At 90% confidence: between 120 and 340 rentals."."""
    X = case.X.loc[[rows]] if not hasattr(rows, "columns") else rows
    level = percent(conf.level, 0)
    if case.is_classifier:
        labels = sorted(conf.predict_set(X)[0], key=str)
        if not labels:
            return _("At {level} confidence no outcome is likely enough: an unusual row.", level=level)
        if len(labels) == 1:
            return _("At {level} confidence the model names one outcome: {outcome}.", level=level, outcome=labels[0])
        # Translators: the separator of outcomes the model cannot choose between, "bad or good".
        outcomes = _(" or ").join(map(str, labels))
        return _("At {level} confidence the outcome could be {outcomes}: the model cannot choose.", level=level,
                 outcomes=outcomes)
    band = conf.interval(X).iloc[0]
    return _("At {level} confidence: between {lower} and {upper} {target}.", level=level,
             lower=_significant(band["lower"], 4), upper=_significant(band["upper"], 4), target=case.target)


def current_row(case, conf: Confidence, row, threshold: float | None) -> str:
    """How sure's line about the person's row: its decision, its band, and, when its actual outcome lies outside
    the band, that this is the expected 1 row in 10 at 90% (so "good" beside "actual: bad" is explained)."""
    text = _("The current row ({decision}): {band}", decision=row_decision(case, row, threshold),
             band=band_sentence(case, conf, row))
    if not (case.labelled and case.is_classifier):
        return text
    actual = case.y.loc[row]
    if actual in conf.predict_set(case.X.loc[[row]])[0]:
        return text + " " + _("Its actual outcome, {actual}, is among them.", actual=actual)
    missed = 1 - conf.level
    return text + " " + _("Its actual outcome, {actual}, is not: at {level} confidence that is expected for about "
                          "{missed} of rows (1 in {every}), and this is one of them.", actual=actual,
                          level=percent(conf.level, 0), missed=percent(missed, 0), every=count(round(1 / missed)))


def coverage_sentence(found: CoverageSummary | Confidence) -> str:
    """The one coverage number in plain words: the share of rows kept apart that fell inside their band, with
    its 95% interval (``found``: a :class:`CoverageSummary`, or a Confidence read the same way)."""
    found = summarise(found) if isinstance(found, Confidence) else found
    return ngettext("Of {n} labelled rows kept apart for checking, {coverage} fell inside their band (95% interval "
                    "{low} to {high}) for a promised {level}.",
                    "Of {n} labelled rows kept apart for checking, {coverage} fell inside their band (95% interval "
                    "{low} to {high}) for a promised {level}.", found.rows, coverage=percent(found.coverage, 1),
                    low=percent(found.low, 1), high=percent(found.high, 1), level=percent(found.level, 0))


def groups_sentence(found: CoverageSummary) -> str:
    """Which groups fall short (their 95% interval's upper bound below the level), named with their coverage
    and upper bound; or that none does ("" when no group was examined)."""
    if not found.groups:
        return ""
    named = [_("{column} = {group} ({coverage}, at most {high})", column=column, group=g, coverage=percent(c, 1),
               high=percent(h, 1))
             for column, by in found.groups.items() for g, c, h, s in
             zip(by.table["group"], by.table["coverage"], by.table["ci_high"], by.table["short"], strict=True) if s]
    columns = join(list(found.groups))
    if not named:
        return _("No group of {columns} falls short: every group's 95% interval reaches the promised {level}.",
                 columns=columns, level=percent(found.level, 0))
    return _("Falling short of the promised {level} (95% interval entirely below it): {groups}.",
             level=percent(found.level, 0), groups=join(named))


def splits_sentence(splits: CoverageOverSplits) -> str:
    """Context for a small held-out set: what the same method covered averaged over many other random splits."""
    return _("Averaged over {repeats} random splits of these rows, {mean} fell inside their band for a promised "
             "{level} (one split typically lands within {spread} points of that; with only {rows} rows to check, a "
             "single split measures roughly). This describes the method; the number above, and every band shown, "
             "come from one split.", repeats=count(splits.repeats), mean=percent(splits.mean, 1),
             level=percent(splits.level, 0), spread=fixed(splits.std * 100, 1), rows=count(splits.evaluation_rows))


def row_decision(case, row, threshold: float | None) -> str:
    """A row's decision at the person's threshold, e.g. "row 9: decided bad at the threshold 0.215 (chance of bad
    48%), actual good" (the decision rule is :func:`explainers.core.measures.decide`)."""
    position = case.X.index.get_loc(row)
    decided = decide(case, threshold).iloc[position]
    if case.task == "regression":  # the one rounding rule ("decided 173.8", not 173.77786762357658)
        decided = number(decided)
    values = {"position": str(position), "decided": decided}
    actual = case.y.iloc[position] if case.labelled else None
    if case.task == "binary" and case.proba is not None and threshold is not None:
        values |= {"threshold": threshold_text(threshold), "outcome": case.positive_class,
                   "share": percent(float(case.proba[case.positive_class].iloc[position]), 0)}
        if case.labelled:
            return _("row {position}: decided {decided} at the threshold {threshold} (chance of {outcome} {share}), "
                     "actual {actual}", actual=actual, **values)
        return _("row {position}: decided {decided} at the threshold {threshold} (chance of {outcome} {share})",
                 **values)
    if case.proba is not None:
        values["share"] = percent(float(case.proba.iloc[position].max()), 0)
        if case.labelled:
            return _("row {position}: decided {decided} (chance of the predicted class {share}), actual {actual}",
                     actual=actual, **values)
        return _("row {position}: decided {decided} (chance of the predicted class {share})", **values)
    if case.labelled:
        return _("row {position}: decided {decided}, actual {actual}", actual=actual, **values)
    return _("row {position}: decided {decided}", **values)


def method_sentence(conf: Confidence) -> str:
    """How the bands were made (for a "How this was computed" note)."""
    scoring = SCORINGS.get(conf.scoring)
    scoring = _(scoring) if scoring else conf.scoring
    if conf.mondrian:
        return _("{method} Scoring: {scoring}; calibrated separately for each group of {column} (Mondrian).",
                 method=conf.method, scoring=scoring, column=conf.mondrian)
    return _("{method} Scoring: {scoring}.", method=conf.method, scoring=scoring)


SCORINGS = {"lac": N_("smallest sets (LAC: keep every class whose probability clears a bar)"),
            "aps": N_("adaptive sets (APS: add classes by probability until enough is covered)"),
            "absolute": N_("the same width for all rows"),
            "adaptive": N_("widths scaled by a learned estimate of each row's difficulty")}


def size_label(conf: Confidence) -> str:
    """What a band's size means for this model, in plain words: the outcomes it cannot rule out for a row (on
    average), or the width of an interval."""
    if conf.case.is_classifier:
        return _("outcomes it cannot rule out, per row on average")
    return _("average band width ({target})", target=conf.case.target)


def shortfall_sentence(by_group: CoverageByGroup) -> str:
    """The groups whose coverage falls clearly short of the level, named with their column ("" when none does)."""
    table = by_group.table[by_group.table["short"]]
    if table.empty:
        return ""
    named = [ngettext("{column} = {group} ({coverage} of {n} rows)", "{column} = {group} ({coverage} of {n} rows)",
                      int(n), column=by_group.column, group=g, coverage=percent(c, 0))
             for g, c, n in zip(table["group"], table["coverage"], table["rows"], strict=True)]
    return _("Fewer rows than promised ({level}) fall inside their band where {groups}: there the bands are too "
             "narrow to trust.", level=percent(by_group.level, 0), groups=join(named))


def calibration_sentence(cal: Calibration) -> str:
    """The three calibration scores in one sentence, then how they were computed."""
    return _("Expected calibration error (ECE, the average gap) {ece}, Brier score {brier}, log loss {log_loss}. "
             "{method}", ece=fixed(cal.ece, 3), brier=fixed(cal.brier, 3), log_loss=fixed(cal.log_loss, 3),
             method=cal.method)


def calibration_headline(cal: Calibration) -> str:
    """The calibration error as a manager reads it: "The model's stated chances are far from what actually
    happens: on average they lie 11 percentage points from the share of rows that turned out that way"."""
    points = fixed(cal.ece * 100, 0)
    if cal.ece < 0.05:
        return _("The model's stated chances are close to what actually happens: on average they lie {points} "
                 "percentage points from the share of rows that turned out that way (0 is perfect).", points=points)
    if cal.ece < 0.1:
        return _("The model's stated chances are somewhat off what actually happens: on average they lie {points} "
                 "percentage points from the share of rows that turned out that way (0 is perfect).", points=points)
    return _("The model's stated chances are far from what actually happens: on average they lie {points} "
             "percentage points from the share of rows that turned out that way (0 is perfect).", points=points)

