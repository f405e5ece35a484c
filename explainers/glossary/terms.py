"""Terms defined once in plain words (the Glossary page and the report appendix print these), and
readable headers for result tables (no snake_case in a table a person reads)."""

from __future__ import annotations

import pandas as pd

from ..core.measures.names import NAMES

TERMS = {  # term -> definition, for a reader with no data-science background
    "Decision threshold": "The probability from which a row is flagged. Lower it and more rows are flagged: fewer "
                          "missed cases, more false alarms.",
    "False alarm (false positive)": "A row flagged although its actual outcome was the other one; for credit, a "
                                    "good applicant wrongly flagged as a bad risk.",
    "Missed case (false negative)": "A row not flagged although its actual outcome was the flagged one.",
    "Share flagged (selection rate)": "Of all rows in a group, the share the model flags.",
    "False positive rate": "Of the rows whose actual outcome was not the flagged one, the share flagged anyway.",
    "False negative rate": "Of the rows whose actual outcome was the flagged one, the share the model missed.",
    "Accuracy": "The share of rows whose decision is right.",
    "Balanced accuracy": "The average, over the classes, of the share of each class recognised; not fooled when "
                         "one class is rare.",
    "ROC AUC": "The chance that a random row with the flagged outcome scores higher than a random row without it "
               "(50% is guessing, 100% is perfect).",
    "Precision": "Of the rows flagged, the share whose actual outcome was the flagged one.",
    "Recall (true positive rate)": "Of the rows whose actual outcome was the flagged one, the share flagged.",
    "F1": "A single score that balances precision and recall.",
    "Log loss": "A score that punishes confident mistakes heavily; lower is better.",
    "Brier score": "The average squared gap between the predicted probability and what happened; lower is better.",
    "Calibration error": "The average gap between predicted probabilities and the shares actually observed; 0 means "
                         "a 30% prediction comes true 30% of the time.",
    "Confidence level": "How often a band must contain the true outcome, e.g. 90%: nine rows in ten.",
    "Band (prediction set or interval)": "The classes, or the range of values, the model cannot rule out for a row "
                                         "at the chosen confidence level.",
    "Coverage": "The share of checked rows whose true outcome fell inside their band; it should be close to the "
                "confidence level.",
    "Conformal prediction": "The method that sizes the bands: it measures the model's errors on labelled rows kept "
                            "apart and widens the bands until enough rows are covered.",
    "Calibrating per group (Mondrian)": "Sizing the bands separately for each group, so the level holds within every "
                                        "group, not only on average.",
    "Contribution (SHAP value)": "How much one column moved one prediction up or down from the average prediction; "
                                "the contributions add up to the prediction.",
    "Log-odds": "The model's raw score before it is turned into a probability; used by data scientists.",
    "Counterfactual": "A copy of a row with a few values changed so that the model decides otherwise.",
    "Plausibility": "How much a changed row resembles real rows, as a percentile of how far real rows lie from "
                    "their nearest neighbours.",
    "Slice": "A group of rows described by one or two conditions, e.g. age under 25 and renting.",
    "p-value": "How likely a difference at least this large would be by chance alone; small means unlikely.",
    "False discovery rate (q-value)": "The expected share of chance findings among those reported; slices are "
                                      "listed only when it is low.",
    "95% interval": "The range that holds the true value 95 times in 100 given this many rows; wide ranges mean "
                    "few rows.",
    "Best-treated group": "The group that gets the favourable outcome most often; other groups are compared to it.",
    "Four-fifths rule": "A common rule of thumb for unequal treatment: a group that gets the favourable outcome at "
                        "less than 80% of the best-treated group's rate deserves a closer look.",
    "Drift": "A change between the data the model was trained on and the data it sees now.",
    "Shift score (PSI)": "Population stability index: how far a column's distribution moved (below 0.1 little, "
                         "above 0.25 a lot).",
    "Drift test": "A statistical test (Kolmogorov-Smirnov for numbers, chi-squared for categories) of whether a "
                  "shift could be chance.",
    "Outlier": "A value far from the column's usual values (measured against the median and typical spread).",
    "Error tree": "A small decision tree fitted to where the model errs, so the worst areas can be read as rules.",
}

HEADERS = {  # result-table column keys -> headers
    "ci_low": "95% low", "ci_high": "95% high", "mean_size": "Mean size", "p_value": "p-value",
    "q_value": "q-value", "error_elsewhere": "Error elsewhere", "psi": "Shift score (PSI)",
    "rows": "Rows", "size": "Rows", "slice": "Slice", "group": "Group", "coverage": "Coverage", "share": "Share",
    **{key: name for key, name in NAMES.items()},
}


def header(key: str) -> str:
    """A readable header for a result-table column ("ci_low" -> "95% low", "positive_rate_low" ->
    "Positive rate, 95% low"); unknown keys read as words."""
    key = str(key)
    if key in HEADERS:
        return HEADERS[key]
    for end, words in (("_low", "95% low"), ("_high", "95% high")):
        if key.endswith(end) and key[: -len(end)] in HEADERS:
            return f"{HEADERS[key[: -len(end)]]}, {words}"
    text = key.replace("_", " ")
    return text[:1].upper() + text[1:]


def readable_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with readable headers (for a table a person reads; keys stay in the result)."""
    return frame.rename(columns={c: header(c) for c in frame.columns})


def glossary_table() -> pd.DataFrame:
    """Every term and its definition, alphabetically."""
    ordered = sorted(TERMS.items(), key=lambda kv: kv[0].lower())
    return pd.DataFrame(ordered, columns=["Term", "Meaning"])
