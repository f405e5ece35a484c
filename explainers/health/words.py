"""Plain sentences about data health: one per finding, why it matters, and the findings as a table.

The page and the report both show these, so a finding reads the same in both places.
"""

from __future__ import annotations

import pandas as pd

from ..core import privacy
from ..core.errors import preview
from ..core.words import number, p_value, percent, rows
from .checks import DataHealth
from .findings import Finding

TABLE_COLUMNS = ["check", "column", "severity", "finding", "why", "rows"]

WHY = {
    "missing values": "The model must guess or impute where inputs are missing, so its predictions for those rows rest on less.",
    "outliers": "Values far outside the usual range are often data errors, and models extrapolate unpredictably there.",
    "unseen categories": "The model never saw these values in training and treats them as unknown, so its predictions for those rows deserve less trust.",
    "category mismatch": "Categories present on one side only mean the data and the reference describe different populations.",
    "constant column": "A column with one value shows nothing about how the model uses it, and often means a broken export.",
    "duplicate column": "Two columns holding the same information split the credit in explanations, so each looks less important than it is.",
    "duplicate rows": "Repeated rows count several times in every metric and can hide a join or export error.",
    "rows also in reference": "If the reference is the training data, scores on rows the model was trained on are optimistic.",
    "drift": "The model learned from data like the reference; where an input has moved, its accuracy there may not carry over.",
}


def sentence(f: Finding) -> str:
    """What one finding says, with its numbers and example values (none for a private column)."""
    if privacy.is_private(f.column) and (f.values or f.reference_values):
        return f"{f.check.capitalize()} in {f.column}: {rows(f.rows)} ({percent(f.share)}); its values are private."
    return _SENTENCES[f.check](f)


def why(f: Finding) -> str:
    """Why a finding of this kind matters, in one sentence."""
    return WHY[f.check]


def findings_table(health: DataHealth) -> pd.DataFrame:
    """The findings worst first as check, column, severity, finding (the sentence), why and rows."""
    return pd.DataFrame([{"check": f.check, "column": f.column, "severity": f.severity, "finding": sentence(f),
                          "why": why(f), "rows": f.rows} for f in health.findings],
                        columns=TABLE_COLUMNS).astype({"rows": "int64"})


def verdict(health: DataHealth) -> str:
    """One line over the findings: none, or how many and how bad."""
    if not health.findings:
        checked = "missing values, outliers, unseen categories, duplicates" + (" or drift" if health.drift is not None else "")
        return f"No problem found: no {checked}."
    high = sum(f.severity == "high" for f in health.findings)
    count = len(health.findings)
    head = "1 finding" if count == 1 else f"{count} findings, worst first"
    return head + (f" ({high} of high severity)." if high else ".")


def _shown(item) -> str:
    return "missing" if item is None else repr(item)


def _number(item) -> str:
    return "missing" if item is None else number(item)


def _missing(f: Finding) -> str:
    text = f"{f.rows:,} of {f.details['data_rows']:,} values are missing ({percent(f.share)})."
    if f.details.get("important"):
        text += f" {f.column!r} is among the most important columns for the model's predictions."
    return text


def _outliers(f: Finding) -> str:
    d = f.details
    rule = {"robust z-score": f"more than {d.get('limit', 0):g} robust standard deviations from the median",
            "interquartile fences": f"beyond {d.get('limit', 0):g} interquartile ranges from the quartiles",
            "robust z-score off the spike": f"more than {d.get('limit', 0):g} robust standard deviations from the "
                                            f"median of the values other than {number(d.get('spike', 0))} "
                                            "(which fills over half the column)"}[d["rule"]]
    return (f"{f.rows:,} values ({percent(f.share)}) are {rule}, e.g. {number(f.values[0])}; "
            f"the median is {number(d['median'])}.")


def _unseen(f: Finding) -> str:
    return (f"{f.rows:,} rows ({percent(f.share)}) hold {len(f.values)} value(s) never seen in training: "
            f"{preview(f.values, 5)}.")


def _constant(f: Finding) -> str:
    return f"Every one of the {f.details['data_rows']:,} rows holds the same value, {_shown(f.values[0])}."


def _duplicate_column(f: Finding) -> str:
    other = f.details["same_as"]
    if f.details["how"] == "identical":
        return f"{f.column!r} holds exactly the same values as {other!r} in all {f.details['data_rows']:,} rows."
    return (f"{f.column!r} is a one-to-one recoding of {other!r}: each of their {f.details['distinct']} values "
            "always comes with the same value of the other, so they carry the same information.")


def _duplicate_rows(f: Finding) -> str:
    return f"{f.rows:,} rows ({percent(f.share)}) repeat an earlier row exactly in every input column."


def _mismatch(f: Finding) -> str:
    d, parts = f.details, []
    if f.values:
        parts.append(f"in the data but not the reference: {preview(f.values, 5)} ({rows(f.rows)}, {percent(f.share)})")
    if f.reference_values:
        parts.append(f"in the reference but not the data: {preview(f.reference_values, 5)} "
                     f"({rows(d['reference_rows'])} of the reference, {percent(d['reference_share'])}; "
                     f"about {d['reference_share'] * d['data_rows']:,.1f} expected among the data's "
                     f"{d['data_rows']:,} rows)")
    return "Categories " + "; categories ".join(parts) + "."


def _in_reference(f: Finding) -> str:
    total = f.details["data_rows"]
    if f.rows == total:
        return f"Every one of the data's {total:,} rows also appears, identical in every input column, in the reference."
    return (f"{f.rows:,} of the data's {total:,} rows ({percent(f.share)}) also appear, identical in every "
            "input column, in the reference.")


def _drift(f: Finding) -> str:
    d = f.details
    p = p_value(d["p_value"])
    if d["moved"] == "median":
        moved = f"median {_number(f.values[0])} in the data vs {_number(f.reference_values[0])} in the reference"
    else:
        moved = (f"{_shown(f.values[0])} is {percent(d['data_share'])} of the data vs "
                 f"{percent(d['reference_share'])} of the reference")
    return (f"{_drift_head(d)}: {moved}; shift score (PSI) {d['psi']:.3g}; a shift this large by chance alone: "
            f"{p} ({d['test']} test).")


def _drift_head(d: dict) -> str:
    """The drift verdict in words: major/moderate when the test rules out chance, else only possible."""
    if d["verdict"] == "possible shift":
        return "Drift: a possible shift that could be chance (the test does not rule chance out)"
    return f"Drift: {d['verdict']} (unlikely to be chance)"


_SENTENCES = {"missing values": _missing, "outliers": _outliers, "unseen categories": _unseen,
              "constant column": _constant, "duplicate column": _duplicate_column, "duplicate rows": _duplicate_rows,
              "category mismatch": _mismatch, "rows also in reference": _in_reference, "drift": _drift}


def training_warning(overlap) -> str:
    """A warning when the data looks like the model's training data ("" when it does not)."""
    if not overlap.suspicious:
        return ""
    parts = []
    if overlap.share > 0:
        parts.append(f"{overlap.in_training:,} of these {overlap.rows:,} rows ({percent(overlap.share)}) also occur in "
                     "the model's training file")
    if overlap.value is not None and overlap.holdout is not None and overlap.value > overlap.holdout:
        parts.append(f"{overlap.metric} here is {overlap.value:.3f} against {overlap.holdout:.3f} on the model's "
                     "own holdout")
    return ("This looks like the data the model was trained on: " + "; ".join(parts) + ". Scores on training "
            "rows are optimistic; judge the model on rows it has not seen.")
