"""Plain sentences about confidence: the bands, one row's band, the coverage statement, calibration.

The page and the report both print these, so the two say the same thing for the same result.
"""

from __future__ import annotations

import numpy as np

from ..core.measures import decide
from ..core.words import chance, join, percent
from ..failures.words import threshold_text
from .calibration import Calibration
from .conformal import Confidence, CoverageByGroup, CoverageOverSplits
from .summary import CoverageSummary, summarise


def describe(conf: Confidence) -> str:
    """The bands in plain words, e.g. "for 14% of rows the model cannot choose between bad and good"."""
    sizes = conf.sizes()
    level = f"{conf.level:.0%} confidence"
    if not conf.case.is_classifier:
        target = conf.case.target
        if not np.isfinite(sizes).all():
            return (f"At {level}, the intervals are unbounded: {len(conf.calibration_rows):,} calibration rows are "
                    "too few for this level. Lower the level or add labelled rows.")
        return (f"At {level}, half of the intervals are narrower than {sizes.median():,.3g} {target} and one in ten "
                f"is wider than {sizes.quantile(0.9):,.3g}; {conf.coverage:.0%} of the {len(sizes):,} rows "
                "kept apart for checking fell inside their interval.")
    single, empty = (sizes == 1).mean(), (sizes == 0).mean()
    several = (sizes >= 2).mean()
    names = " and ".join(str(c) for c in conf.case.classes) if len(conf.case.classes) == 2 else "several classes"
    text = f"At {level}, the model names a single class for {single:.0%} of rows"
    text += f"; for {several:.0%} it cannot choose between {names}"
    if empty > 0:
        text += f"; for {empty:.0%} no class is likely enough (an empty set: treat these rows as unusual)"
    return text + "."


def band_sentence(case, conf: Confidence, rows) -> str:
    """One row's band, for a row label or a one-row frame (e.g. an edited what-if row): "At 90% confidence the
    outcome could be bad or good: the model cannot choose.", "At 90% confidence the model names one outcome:
    good." or "At 90% confidence: between 120 and 340 rentals."."""
    X = case.X.loc[[rows]] if not hasattr(rows, "columns") else rows
    level = f"{conf.level:.0%}"
    if case.is_classifier:
        labels = sorted(conf.predict_set(X)[0], key=str)
        if not labels:
            return f"At {level} confidence no outcome is likely enough: an unusual row."
        if len(labels) == 1:
            return f"At {level} confidence the model names one outcome: {labels[0]}."
        return f"At {level} confidence the outcome could be {' or '.join(map(str, labels))}: the model cannot choose."
    band = conf.interval(X).iloc[0]
    return f"At {level} confidence: between {band['lower']:,.4g} and {band['upper']:,.4g} {case.target}."


def current_row(case, conf: Confidence, row, threshold: float | None) -> str:
    """How sure's line about the person's row: its decision, its band, and, when its actual outcome lies outside
    the band, that this is the expected 1 row in 10 at 90% (so "good" beside "actual: bad" is explained)."""
    text = f"The current row ({row_decision(case, row, threshold)}): {band_sentence(case, conf, row)}"
    if not (case.labelled and case.is_classifier):
        return text
    actual = case.y.loc[row]
    if actual in conf.predict_set(case.X.loc[[row]])[0]:
        return text + f" Its actual outcome, {actual}, is among them."
    missed = 1 - conf.level
    return (text + f" Its actual outcome, {actual}, is not: at {conf.level:.0%} confidence that is expected for about "
            f"{missed:.0%} of rows (1 in {round(1 / missed):,}), and this is one of them.")


def coverage_sentence(found: CoverageSummary | Confidence) -> str:
    """The one coverage number in plain words: the share of rows kept apart that fell inside their band, with
    its 95% interval (``found``: a :class:`CoverageSummary`, or a Confidence read the same way)."""
    found = summarise(found) if isinstance(found, Confidence) else found
    return (f"Of {found.rows:,} labelled rows kept apart for checking, {found.coverage:.1%} fell inside "
            f"their band (95% interval {found.low:.1%} to {found.high:.1%}) for a promised {found.level:.0%}.")


def groups_sentence(found: CoverageSummary) -> str:
    """Which groups fall short (their 95% interval's upper bound below the level), named with their coverage
    and upper bound; or that none does ("" when no group was examined)."""
    if not found.groups:
        return ""
    named = [f"{column} = {g} ({c:.1%}, at most {h:.1%})"
             for column, by in found.groups.items() for g, c, h, s in
             zip(by.table["group"], by.table["coverage"], by.table["ci_high"], by.table["short"], strict=True) if s]
    columns = join(list(found.groups))
    if not named:
        return (f"No group of {columns} falls short: every group's 95% interval reaches the promised "
                f"{found.level:.0%}.")
    return (f"Falling short of the promised {found.level:.0%} (95% interval entirely below it): {join(named)}.")


def splits_sentence(splits: CoverageOverSplits) -> str:
    """Context for a small held-out set: what the same method covered averaged over many other random splits."""
    return (f"Averaged over {splits.repeats} random splits of these rows, {splits.mean:.1%} fell inside their band "
            f"for a promised {splits.level:.0%} (one split typically lands within {splits.std * 100:.1f} points of "
            f"that; with only {splits.evaluation_rows:,} rows to check, a single split measures roughly). This "
            "describes the method; the number above, and every band shown, come from one split.")


def row_decision(case, row, threshold: float | None) -> str:
    """A row's decision at the person's threshold, e.g. "row 9: decided bad at the threshold 0.215 (chance of bad
    48%), actual good" (the decision rule is :func:`explainers.core.measures.decide`)."""
    position = case.X.index.get_loc(row)
    decided = decide(case, threshold).iloc[position]
    text = f"row {position}: decided {decided}"
    if case.task == "binary" and case.proba is not None and threshold is not None:
        share = float(case.proba[case.positive_class].iloc[position])
        text += f" at the threshold {threshold_text(threshold)} ({chance(case.positive_class)} {percent(share, 0)})"
    elif case.proba is not None:
        text += f" ({chance()} {percent(float(case.proba.iloc[position].max()), 0)})"
    if case.labelled:
        text += f", actual {case.y.iloc[position]}"
    return text


def method_sentence(conf: Confidence) -> str:
    """How the bands were made (for a "How this was computed" note)."""
    return (f"{conf.method} Scoring: {SCORINGS.get(conf.scoring, conf.scoring)}"
            + (f"; calibrated separately for each group of {conf.mondrian} (Mondrian)." if conf.mondrian else "."))


SCORINGS = {"lac": "smallest sets (LAC: keep every class whose probability clears a bar)",
            "aps": "adaptive sets (APS: add classes by probability until enough is covered)",
            "absolute": "the same width for all rows",
            "adaptive": "widths scaled by a learned estimate of each row's difficulty"}


def size_label(conf: Confidence) -> str:
    """What a band's size means for this model, in plain words: the outcomes it cannot rule out for a row (on
    average), or the width of an interval."""
    return ("outcomes it cannot rule out, per row on average" if conf.case.is_classifier
            else f"average band width ({conf.case.target})")


def shortfall_sentence(by_group: CoverageByGroup) -> str:
    """The groups whose coverage falls clearly short of the level, named with their column ("" when none does)."""
    table = by_group.table[by_group.table["short"]]
    if table.empty:
        return ""
    named = [f"{by_group.column} = {g} ({c:.0%} of {n:,} rows)" for g, c, n in
             zip(table["group"], table["coverage"], table["rows"], strict=True)]
    return (f"Fewer rows than promised ({by_group.level:.0%}) fall inside their band where {join(named)}: "
            "there the bands are too narrow to trust.")


def calibration_sentence(cal: Calibration) -> str:
    """The three calibration scores in one sentence, then how they were computed."""
    return (f"Expected calibration error (ECE, the average gap) {cal.ece:.3f}, Brier score {cal.brier:.3f}, log "
            f"loss {cal.log_loss:.3f}. {cal.method}")


def calibration_headline(cal: Calibration) -> str:
    """The calibration error as a manager reads it: "The model's stated chances are far from what actually
    happens: on average they lie 11 percentage points from the share of rows that turned out that way"."""
    honesty = "close to" if cal.ece < 0.05 else "somewhat off" if cal.ece < 0.1 else "far from"
    return (f"The model's stated chances are {honesty} what actually happens: on average they lie "
            f"{cal.ece * 100:.0f} percentage points from the share of rows that turned out that way (0 is perfect).")

