"""Plain sentences about data health: one per finding, why it matters, and the findings as a table.

The page and the report both show these, so a finding reads the same in both places. Each sentence is one whole
template in the reader's language (explainers/locale/), numbers written the local way; the finding's check and
severity stay English keys in the results and are translated where shown (:func:`findings_shown`).
"""

from __future__ import annotations

import math

import pandas as pd

from ..core import privacy
from ..core.errors import preview
from ..core.language import N_, _, count, current, decimal, ngettext, number, percent, pgettext, shortest
from ..core.words import p_value
from .checks import DataHealth
from .findings import Finding

TABLE_COLUMNS = ["check", "column", "severity", "finding", "why", "rows"]

WHY = {
    "missing values": N_("The model must guess or impute where inputs are missing, so its predictions for those rows "
                         "rest on less."),
    "outliers": N_("Values far outside the usual range are often data errors, and models extrapolate unpredictably "
                   "there."),
    "unseen categories": N_("The model never saw these values in training and treats them as unknown, so its "
                            "predictions for those rows deserve less trust."),
    "category mismatch": N_("Categories present on one side only mean the data and the reference describe different "
                            "populations."),
    "constant column": N_("A column with one value shows nothing about how the model uses it, and often means a "
                          "broken export."),
    "duplicate column": N_("Two columns holding the same information split the credit in explanations, so each looks "
                           "less important than it is."),
    "duplicate rows": N_("Repeated rows count several times in every metric and can hide a join or export error."),
    "rows also in reference": N_("If the reference is the training data, scores on rows the model was trained on are "
                                 "optimistic."),
    # Translators: drift is the change between the reference (training) data and the data seen now.
    "drift": N_("The model learned from data like the reference; where an input has moved, its accuracy there may not "
                "carry over."),
}

# Translators: the name of a data-health check, shown in the findings table's "check" column.
CHECKS = {"missing values": N_("missing values"), "outliers": N_("outliers"),
          "unseen categories": N_("unseen categories"), "category mismatch": N_("category mismatch"),
          "constant column": N_("constant column"), "duplicate column": N_("duplicate column"),
          "duplicate rows": N_("duplicate rows"), "rows also in reference": N_("rows also in reference"),
          # Translators: drift is the change between the reference (training) data and the data seen now.
          "drift": N_("drift")}


def severity_word(severity: str) -> str:
    """A finding's severity in the reader's language; the result keeps the English key."""
    # Translators: how serious a data-health finding is.
    words = {"high": _("high"), "medium": _("medium"), "low": _("low")}
    return words.get(severity, severity)


def headers() -> dict:
    """The findings table's headers in the reader's language (lower case, as the English table shows them)."""
    # Translators: the headers of the data-health findings table.
    return {"check": _("check"), "column": _("column"), "severity": _("severity"), "finding": _("finding"),
            "why": _("why"), "rows": _("rows")}
# Translators: how far a column moved from the reference (drift verdicts).
VERDICTS = {"stable": N_("stable"), "possible shift": N_("possible shift"), "moderate shift": N_("moderate shift"),
            "major shift": N_("major shift")}


def check_name(check: str) -> str:
    """A check's name in the reader's language ("missing values", "fehlende Werte"); unknown names as they are."""
    return _(CHECKS[check]) if check in CHECKS else check


def kind_name(kind: str) -> str:
    """A column's kind in the drift table ("categorical", "integer", "continuous": case.feature_kinds) in the
    reader's language; the result keeps the English key."""
    # Translators: the kind of a data column in the drift table: categories, whole numbers or any numbers.
    names = {"categorical": pgettext("column kind", "categorical"), "integer": pgettext("column kind", "integer"),
             "continuous": pgettext("column kind", "continuous")}
    return names.get(kind, kind)


def drift_shown(drift) -> pd.DataFrame:
    """The drift table for a reader: kind, test and verdict in the reader's language (English: as computed); the
    column names are the data's own."""
    table = drift.table.copy()
    if current() == "en":
        return table
    table["kind"] = [kind_name(k) for k in table["kind"]]
    table["test"] = [_(TESTS[t]) if t in TESTS else t for t in table["test"]]
    table["verdict"] = [verdict_name(v) for v in table["verdict"]]
    return table


def verdict_name(found: str) -> str:
    """A drift verdict ("moderate shift") in the reader's language."""
    return _(VERDICTS[found]) if found in VERDICTS else found


def p_text(p, name: str | None = "p") -> str:
    """core.words.p_value ("p = 0.013", "p < 0.0001") with the reader's decimal comma outside English."""
    if current() == "en":
        return p_value(p, name)
    p = float(p)
    if not math.isfinite(p):
        return _("not tested")
    shown = "< " + shortest(0.0001) if p < 0.0001 else "= " + (shortest(float(f"{p:.2g}")) if p < 1 else "1")
    return f"{name} {shown}" if name else shown.removeprefix("= ")


def _rows(n: int) -> str:
    # Translators: a count of data rows (records), e.g. "300 rows".
    return ngettext("{n} row", "{n} rows", int(n))


def _values(values, limit: int = 5) -> str:
    """Example values as ``preview`` writes them (data values in repr), "and 3 more" in the reader's language."""
    values = list(values)
    more = len(values) - limit
    if current() == "en" or more <= 0:
        return preview(values, limit)
    shown = ", ".join(repr(v) for v in values[:limit])
    return ngettext("{values} and {n} more", "{values} and {n} more", more, values=shown)


def _g(x) -> str:
    """A setting as ``f"{x:g}"`` writes it (5, 1.5), the reader's way outside English."""
    return shortest(x)


def sentence(f: Finding) -> str:
    """What one finding says, with its numbers and example values (none for a private column)."""
    if privacy.is_private(f.column) and (f.values or f.reference_values):
        check = check_name(f.check)
        return _("{check} in {column}: {rows} ({share}); its values are private.", check=check[:1].upper() + check[1:],
                 column=f.column, rows=_rows(f.rows), share=percent(f.share))
    return _SENTENCES[f.check](f)


def why(f: Finding) -> str:
    """Why a finding of this kind matters, in one sentence."""
    return _(WHY[f.check])


def findings_table(health: DataHealth) -> pd.DataFrame:
    """The findings worst first as check, column, severity, finding (the sentence), why and rows."""
    return pd.DataFrame([{"check": f.check, "column": f.column, "severity": f.severity, "finding": sentence(f),
                          "why": why(f), "rows": f.rows} for f in health.findings],
                        columns=TABLE_COLUMNS).astype({"rows": "int64"})


def findings_shown(health: DataHealth) -> pd.DataFrame:
    """:func:`findings_table` for a reader: check and severity in the reader's language, headers too (English: the
    same table)."""
    table = findings_table(health)
    table["check"] = [check_name(c) for c in table["check"]]
    table["severity"] = [severity_word(s) for s in table["severity"]]
    return table.rename(columns=headers())


def verdict(health: DataHealth) -> str:
    """One line over the findings: none, or how many and how bad."""
    if not health.findings:
        if health.drift is not None:
            return _("No problem found: no missing values, outliers, unseen categories, duplicates or drift.")
        return _("No problem found: no missing values, outliers, unseen categories, duplicates.")
    high = sum(f.severity == "high" for f in health.findings)
    found = len(health.findings)
    if high:
        return ngettext("{n} finding ({high} of high severity).",
                        "{n} findings, worst first ({high} of high severity).", found, high=count(high))
    return ngettext("{n} finding.", "{n} findings, worst first.", found)


def _shown(item) -> str:
    # Translators: a missing value in the data (as a value: "the same value, missing").
    return _("missing") if item is None else repr(item)


def _number(item) -> str:
    return _("missing") if item is None else number(item)


def _missing(f: Finding) -> str:
    values = {"rows": count(f.rows), "total": count(f.details["data_rows"]), "share": percent(f.share),
              "column": repr(f.column)}
    if f.details.get("important"):
        return _("{rows} of {total} values are missing ({share}). {column} is among the most important columns for the "
                 "model's predictions.", **values)
    return _("{rows} of {total} values are missing ({share}).", **values)


# Translators: completes "{rows} values ({share}) are {rule}, e.g. {example}; the median is {median}."
OUTLIER_RULES = {"robust z-score": N_("more than {limit} robust standard deviations from the median"),
                 "interquartile fences": N_("beyond {limit} interquartile ranges from the quartiles"),
                 "robust z-score off the spike": N_("more than {limit} robust standard deviations from the median of "
                                                    "the values other than {spike} (which fills over half the "
                                                    "column)")}


def _outliers(f: Finding) -> str:
    d = f.details
    template = OUTLIER_RULES[d["rule"]]
    rule = _(template, limit=_g(d.get("limit", 0)), spike=number(d.get("spike", 0)))
    return _("{rows} values ({share}) are {rule}, e.g. {example}; the median is {median}.", rows=count(f.rows),
             share=percent(f.share), rule=rule, example=number(f.values[0]), median=number(d["median"]))


def _unseen(f: Finding) -> str:
    return ngettext("{rows} rows ({share}) hold {n} value(s) never seen in training: {values}.",
                    "{rows} rows ({share}) hold {n} value(s) never seen in training: {values}.", len(f.values),
                    rows=count(f.rows), share=percent(f.share), values=_values(f.values))


def _constant(f: Finding) -> str:
    return _("Every one of the {rows} rows holds the same value, {value}.", rows=count(f.details["data_rows"]),
             value=_shown(f.values[0]))


def _duplicate_column(f: Finding) -> str:
    other = f.details["same_as"]
    if f.details["how"] == "identical":
        return _("{column} holds exactly the same values as {other} in all {rows} rows.", column=repr(f.column),
                 other=repr(other), rows=count(f.details["data_rows"]))
    return _("{column} is a one-to-one recoding of {other}: each of their {distinct} values always comes with the same "
             "value of the other, so they carry the same information.", column=repr(f.column), other=repr(other),
             distinct=count(f.details["distinct"]))


def _duplicate_rows(f: Finding) -> str:
    return _("{rows} rows ({share}) repeat an earlier row exactly in every input column.", rows=count(f.rows),
             share=percent(f.share))


def _mismatch(f: Finding) -> str:
    d = f.details
    expected = d["reference_share"] * d["data_rows"] if f.reference_values else 0.0
    values = {"data_values": _values(f.values), "data_rows": _rows(f.rows), "data_share": percent(f.share),
              "reference_values": _values(f.reference_values), "reference_rows": _rows(d.get("reference_rows", 0)),
              "reference_share": percent(d.get("reference_share", 0.0)), "total": count(d["data_rows"]),
              "expected": f"{expected:,.1f}" if current() == "en" else decimal(expected, 1)}
    if f.values and f.reference_values:
        return _("Categories in the data but not the reference: {data_values} ({data_rows}, {data_share}); categories "
                 "in the reference but not the data: {reference_values} ({reference_rows} of the reference, "
                 "{reference_share}; about {expected} expected among the data's {total} rows).", **values)
    if f.reference_values:
        return _("Categories in the reference but not the data: {reference_values} ({reference_rows} of the "
                 "reference, {reference_share}; about {expected} expected among the data's {total} rows).", **values)
    return _("Categories in the data but not the reference: {data_values} ({data_rows}, {data_share}).", **values)


def _in_reference(f: Finding) -> str:
    total = f.details["data_rows"]
    if f.rows == total:
        return _("Every one of the data's {total} rows also appears, identical in every input column, in the "
                 "reference.", total=count(total))
    return _("{rows} of the data's {total} rows ({share}) also appear, identical in every input column, in the "
             "reference.", rows=count(f.rows), total=count(total), share=percent(f.share))


# Translators: the two-sample test behind a drift finding ("KS" is Kolmogorov-Smirnov, a method name).
TESTS = {"KS": N_("KS"), "chi-squared": N_("chi-squared")}


def _drift(f: Finding) -> str:
    d = f.details
    test = TESTS.get(d["test"])
    values = {"head": _drift_head(d), "psi": _sig3(d["psi"]), "p": p_text(d["p_value"]),
              "test": _(test) if test else d["test"]}
    if d["moved"] == "median":
        return _("{head}: median {data} in the data vs {reference} in the reference; shift score (PSI) {psi}; a shift "
                 "this large by chance alone: {p} ({test} test).", data=_number(f.values[0]),
                 reference=_number(f.reference_values[0]), **values)
    return _("{head}: {value} is {data_share} of the data vs {reference_share} of the reference; shift score (PSI) "
             "{psi}; a shift this large by chance alone: {p} ({test} test).", value=_shown(f.values[0]),
             data_share=percent(d["data_share"]), reference_share=percent(d["reference_share"]), **values)


def _sig3(x) -> str:
    text = f"{float(x):.3g}"
    return text if current() == "en" or "e" in text or not math.isfinite(float(x)) else shortest(float(text))


def _drift_head(d: dict) -> str:
    """The drift verdict in words: major/moderate when the test rules out chance, else only possible."""
    # Translators: drift is the change between the reference (training) data and the data seen now.
    if d["verdict"] == "possible shift":
        return _("Drift: a possible shift that could be chance (the test does not rule chance out)")
    return _("Drift: {verdict} (unlikely to be chance)", verdict=verdict_name(d["verdict"]))


_SENTENCES = {"missing values": _missing, "outliers": _outliers, "unseen categories": _unseen,
              "constant column": _constant, "duplicate column": _duplicate_column, "duplicate rows": _duplicate_rows,
              "category mismatch": _mismatch, "rows also in reference": _in_reference, "drift": _drift}


def training_warning(overlap) -> str:
    """A warning when the data looks like the model's training data ("" when it does not)."""
    if not overlap.suspicious:
        return ""
    parts = []
    if overlap.share > 0:
        parts.append(_("{in_training} of these {rows} rows ({share}) also occur in the model's training file",
                       in_training=count(overlap.in_training), rows=count(overlap.rows), share=percent(overlap.share)))
    if overlap.value is not None and overlap.holdout is not None and overlap.value > overlap.holdout:
        three = (lambda x: f"{x:.3f}") if current() == "en" else (lambda x: decimal(x, 3))
        parts.append(_("{metric} here is {value} against {holdout} on the model's own holdout", metric=overlap.metric,
                       value=three(overlap.value), holdout=three(overlap.holdout)))
    return _("This looks like the data the model was trained on: {evidence}. Scores on training rows are optimistic; "
             "judge the model on rows it has not seen.", evidence="; ".join(parts))
