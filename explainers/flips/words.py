"""Plain words about counterfactuals and flip points: the same text on the What flips it page and in the report."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core import privacy
from ..core.language import N_, _, current, number
from ..core.words import value as format_value
from ..failures.words import threshold_text
from .counterfactuals import Counterfactuals, FlipPoints
from .links import MIN_ROWS, Link

LIKE_REAL_BELOW = 75  # percentile of real rows' nearest-neighbour distances under which a row is "like real rows"
UNUSUAL_ABOVE = 95  # ... and over which it is "unusual"
PLAUSIBILITY_HELP = (f"Distance to the nearest real row with this outcome, as a percentile of the distances between "
                     f"such real rows and their own nearest neighbour: like real rows below the {LIKE_REAL_BELOW}th, "
                     f"unusual above the {UNUSUAL_ABOVE}th.")  # English; plausibility_help() in the reader's language

# Translators: a flip is a change of the model's decision (e.g. from bad to good) after changing the row's values.
FOUND = N_("Smallest changes that flip the decision (each put through the model and checked against the "
           "constraints):")
REASONS = {"flips": "", "no_other_value": N_("no other permitted value"),
           "no_single_flip": N_("no single change flips it")}  # short: the table fits at 800 px
HEADERS = {"prediction": N_("prediction"), "score": N_("score"), "changes": N_("changes"),
           "features_changed": N_("features_changed"), "plausibility": N_("plausibility"), "feature": N_("feature"),
           "current": N_("current"), "flip_value": N_("flip_value"), "note": N_("note")}  # translated where shown


def plausibility_help() -> str:
    """PLAUSIBILITY_HELP in the reader's language."""
    return _("Distance to the nearest real row with this outcome, as a percentile of the distances between such real "
             "rows and their own nearest neighbour: like real rows below the {like}th, unusual above the {unusual}th.",
             like=LIKE_REAL_BELOW, unusual=UNUSUAL_ABOVE)


def headers(table: pd.DataFrame) -> pd.DataFrame:
    """A table of this module with its headers in the reader's language and its chances written the local way
    (English: as computed; the report prints the numbers)."""
    if current() == "en":
        return table
    shown = table.copy()
    if "score" in shown:
        shown["score"] = ["" if pd.isna(v) else number(v) for v in shown["score"]]
    return shown.rename(columns={k: _(v) for k, v in HEADERS.items()})


def exact(item) -> str:
    """A cell value in these tables, by the one rounding rule (:func:`explainers.core.words.value`), unquoted:
    a value reads the same in the changes, the flip points and their notes."""
    return format_value(item, quote=False)


def change_text(changes) -> str:
    """One row's changes, e.g. "credit_amount: 3345 -> 2100; savings: < 100 DM -> 500 to 1000 DM"."""
    return "; ".join(f"{column}: {privacy.shown(column, old, exact)} -> {privacy.shown(column, new, exact)}"
                     for column, old, new in changes)


def plausibility(percentile: float) -> str:
    """ "like real rows (percentile 40)", "unusual (percentile 99)"; see PLAUSIBILITY_HELP."""
    if percentile is None or np.isnan(percentile):
        return _("no real rows to compare with")
    shown = f"{percentile:.0f}"  # a whole percentile, 0 to 100: the same in every language
    if percentile < LIKE_REAL_BELOW:
        return _("like real rows (percentile {percentile})", percentile=shown)
    if percentile > UNUSUAL_ABOVE:
        return _("unusual (percentile {percentile})", percentile=shown)
    return _("farther from real rows than most (percentile {percentile})", percentile=shown)


def link_text(link: Link) -> str:
    """One link in plain words, e.g. "education sets education_years (one value per category)"."""
    a, b = link.columns
    if link.kind == "determines":
        return _("{a} sets {b} (one value of {b} per category of {a}); {b} moves only with {a}", a=a, b=b)
    never = "; ".join(_("{a} = {x} with {b} = {y}", a=a, x=x, b=b, y=y) for x, y in link.never)
    if never:
        return _("{a} and {b} only in combinations seen on at least {least} rows (never, e.g.: {never})", a=a, b=b,
                 least=MIN_ROWS, never=never)
    return _("{a} and {b} only in combinations seen on at least {least} rows", a=a, b=b, least=MIN_ROWS)


def now_sentence(now, wanted=None, threshold: float | None = None, regression: bool = False) -> str:
    """The row's decision before any change, and the one wanted: "Now: at the threshold 0.215 the decision
    for this row is bad. Wanted: good." (``threshold`` None: the model's own prediction)."""
    shown = (f"{float(now):,.4g}" if current() == "en" else number(now)) if regression else str(now)
    text = (_("Now: at the threshold {threshold} the decision for this row is {decision}.",
              threshold=threshold_text(threshold), decision=shown)
            if threshold is not None else _("Now: the model predicts {prediction} for this row.", prediction=shown))
    return text + (" " + _("Wanted: {decision}.", decision=wanted) if wanted is not None else "")


def wanted(goal: dict, now, classes) -> object | None:
    """The decision a search aims for: the named class, or for two classes the other one (None otherwise)."""
    if goal.get("kind") == "class":
        return goal.get("class")
    others = [c for c in (classes if classes is not None else ()) if c != now]
    return others[0] if goal.get("kind") == "other_than" and len(others) == 1 else None


def found_sentence(result: Counterfactuals) -> str:
    """The line above the table, or what was tried when nothing flips the decision."""
    return _(FOUND) if len(result) else (result.message or _("No counterfactual found."))


def table(result: Counterfactuals) -> pd.DataFrame:
    """The rows as people read them: prediction (a number by the one rounding rule), score (the chance of that prediction: the page and the report
    head it with :func:`explainers.core.words.chance`), the changes (old -> new), columns changed, plausibility."""
    rows = result.rows
    return pd.DataFrame({"prediction": [exact(p) for p in rows["prediction"]], "score": rows["score"].to_numpy(),
                         "changes": [change_text(c) for c in result.changes],
                         "features_changed": rows["features_changed"].to_numpy(),
                         "plausibility": [plausibility(p) for p in rows["nearest_real_percentile"]]},
                        index=rows.index)


def flip_table(result: FlipPoints) -> pd.DataFrame:
    """Flip points with readable values and the reason a column cannot flip the decision alone."""
    points = result.points
    blank = lambda v: v is None or (isinstance(v, float) and np.isnan(v))
    current = [privacy.shown(c, v, exact) for c, v in zip(points["feature"], points["current"], strict=True)]
    flip = [privacy.shown(c, v, lambda v: "" if blank(v) else exact(v))
            for c, v in zip(points["feature"], points["flip_value"], strict=True)]
    return pd.DataFrame({"feature": points["feature"], "current": current, "flip_value": flip,
                         "prediction": points["prediction"].map(lambda v: "" if blank(v) else exact(v)),
                         "note": [_note(r, also) for r, also in zip(points["reason"], points["moves_with"], strict=True)]})


def _note(reason: str, also) -> str:
    moved = ", ".join(f"{c} -> {privacy.shown(c, v, exact)}" for c, v in also)
    if moved:
        return _("with {changes}", changes=moved)
    return _(REASONS[reason]) if REASONS[reason] else ""
