"""Terms defined once in plain words (the Glossary page and the report appendix print these), and
readable headers for result tables (no snake_case in a table a person reads). Terms, definitions and headers are
marked N_() for the catalogs and shown in the reader's language; the English terms stay the keys that look-ups
(``lookup``, ``names``, ``ALSO_CALLED``) read."""

from __future__ import annotations

import unicodedata

import pandas as pd

from ..core.language import N_, _
from ..core.measures.names import NAMES

TERMS = {  # term -> definition, for a reader with no data-science background
    N_("Chance (probability)"): N_("The model's stated chance of an outcome for a row, e.g. 'chance of bad 38%'. Every page "
                                   "and the report use this one name for the model's probability."),
    N_("Decision threshold"): N_("The chance from which a row is flagged. Lower it and more rows are flagged: fewer "
                                 "missed cases, more false alarms."),
    N_("False alarm (false positive)"): N_("A row flagged although its actual outcome was the other one; for credit, a "
                                           "good applicant wrongly flagged as a bad risk."),
    N_("Missed case (false negative)"): N_("A row not flagged although its actual outcome was the flagged one."),
    N_("Share flagged (selection rate)"): N_("Of all rows in a group, the share the model flags."),
    N_("False positive rate"): N_("Of the rows whose actual outcome was not the flagged one, the share flagged anyway."),
    N_("False negative rate"): N_("Of the rows whose actual outcome was the flagged one, the share the model missed."),
    N_("Accuracy"): N_("The share of rows whose decision is right."),
    N_("Balanced accuracy"): N_("The average, over the classes, of the share of each class recognised; not fooled when "
                                "one class is rare."),
    N_("ROC AUC"): N_("The chance that a random row with the flagged outcome scores higher than a random row without it "
                      "(50% is guessing, 100% is perfect)."),
    N_("Precision"): N_("Of the rows flagged, the share whose actual outcome was the flagged one."),
    N_("Recall (true positive rate)"): N_("Of the rows whose actual outcome was the flagged one, the share flagged."),
    N_("F1"): N_("A single score that balances precision and recall."),
    N_("Log loss"): N_("A score that punishes confident mistakes heavily; lower is better."),
    N_("Brier score"): N_("The average squared gap between the predicted probability and what happened; lower is better."),
    N_("Calibration error (ECE)"): N_("The average gap between the chances the model states and the shares actually "
                                      "observed (expected calibration error); 0 means a 30% prediction comes true 30% of the "
                                      "time."),
    N_("Calibration"): N_("How well the model's stated chances match what happens: a well calibrated model's 30% comes true "
                          "for about 30% of rows."),
    N_("Confidence level"): N_("How often a band must contain the true outcome, e.g. 90%: nine rows in ten."),
    # Translators: a band is the outcomes or range of values a row may take at the confidence level (no music).
    N_("Band (prediction set or interval)"): N_("The classes, or the range of values, the model cannot rule out for a row "
                                                "at the chosen confidence level."),
    N_("Coverage"): N_("The share of checked rows whose true outcome fell inside their band; it should be close to the "
                       "confidence level."),
    N_("Conformal prediction"): N_("The method that sizes the bands: it measures the model's errors on labelled rows kept "
                                   "apart and widens the bands until enough rows are covered."),
    N_("Calibrating per group (Mondrian)"): N_("Sizing the bands separately for each group, so the level holds within every "
                                               "group, not only on average."),
    N_("Contribution (SHAP value)"): N_("How much one column moved one prediction up or down from the average prediction; "
                                        "the contributions add up to the prediction."),
    N_("Log-odds"): N_("The model's raw score before it is turned into a probability; used by data scientists."),
    N_("Counterfactual"): N_("A copy of a row with a few values changed so that the model decides otherwise."),
    N_("Plausibility"): N_("How much a changed row resembles real rows, as a percentile of how far real rows lie from "
                           "their nearest neighbours."),
    # Translators: a slice is a group of rows described by one or two conditions (a segment), not a piece of something.
    N_("Slice"): N_("A group of rows described by one or two conditions, e.g. age under 25 and renting."),
    N_("p-value"): N_("How likely a difference at least this large would be by chance alone; small means unlikely."),
    N_("False discovery rate (q-value)"): N_("The expected share of chance findings among those reported; slices are "
                                             "listed only when it is low."),
    N_("95% interval"): N_("The range that holds the true value 95 times in 100 given this many rows; wide ranges mean "
                           "few rows."),
    N_("Best-treated group"): N_("The group that gets the favourable outcome most often; other groups are compared to it."),
    N_("Four-fifths rule"): N_("A common rule of thumb for unequal treatment: a group that gets the favourable outcome at "
                               "less than 80% of the best-treated group's rate deserves a closer look."),
    # Translators: drift is the change of the data over time since training (data drift).
    N_("Drift"): N_("A change between the data the model was trained on and the data it sees now."),
    N_("Shift score (PSI)"): N_("Population stability index: how far a column's distribution moved (below 0.1 little, "
                                "above 0.25 a lot)."),
    N_("Drift test"): N_("A statistical test (Kolmogorov-Smirnov for numbers, chi-squared for categories) of whether a "
                         "shift could be chance."),
    N_("Outlier"): N_("A value far from the column's usual values (measured against the median and typical spread)."),
    N_("Error tree"): N_("A small decision tree fitted to where the model errs, so the worst areas can be read as rules."),
    N_("Leakage"): N_("The model seeing the answer in disguise: a column that stands in for the label, or test rows copied "
                      "from training. It makes the model look better than it will be."),
    N_("Champion"): N_("The model you run today, against which a new one is judged."),
    N_("Candidate (challenger)"): N_("The new model that may replace the champion."),
    # Translators: a flip is a decision that changes when one column is moved a little.
    N_("Flip rate"): N_("The share of rows whose decision changes when one column is moved a little; high means the "
                        "decision hangs on small, possibly noisy differences."),
    N_("Flip point"): N_("The value of one column at which the decision for a row changes, all else kept as it is."),
    N_("Bootstrap"): N_("Re-drawing the rows at random many times and recomputing a number, to see how much it would vary "
                        "with other rows; gives its 95% interval."),
    N_("Wilson interval"): N_("A 95% interval for a share (e.g. a coverage or an error rate) that stays sensible for few rows."),
    N_("MOVER"): N_("A way to combine two 95% intervals into one for their difference or ratio."),
    N_("Rollback"): N_("Going back to the previous model. The policy's rollback criteria say when monitoring calls for it."),
    # Translators: the gate is the release check of a model against its written policy (not a door or barrier).
    N_("Release gate (policy)"): N_("A written list of checks a model must pass before it may go live, judged pass or fail."),
    N_("Limit"): N_("The value a check in the policy may not cross, e.g. a coverage of at least 85%."),
    N_("Not judged"): N_("A check the data cannot decide (too few rows, no labels, a number too uncertain): neither passed "
                         "nor failed, and said so."),
    N_("Conformal set"): N_("For a classifier, the outcomes the model cannot rule out for a row at the confidence level; "
                            "one outcome means it is sure enough, two that it cannot choose."),
    N_("Shapley values (SHAP)"): N_("The method behind the contributions: it shares a prediction fairly among the columns, "
                                    "the way Shapley shared a payout among players. TreeSHAP is its fast form for tree "
                                    "models."),
    N_("Additivity"): N_("The contributions plus the average prediction add up to the row's prediction; the gap, if any, "
                         "is reported."),
    N_("Permutation sampling"): N_("Estimating contributions by mixing a row's values with other rows' in random orders; "
                                   "used when the model has no exact method."),
    N_("Percentile"): N_("Where a value ranks among others: the 90th percentile is above 90% of them."),
    N_("Median absolute deviation"): N_("A column's typical spread, measured so that a few extreme values do not inflate "
                                        "it."),
    N_("Robust standard deviation"): N_("The typical spread of a column, measured from its median absolute deviation so "
                                        "that outliers do not hide themselves; 5 of them from the median is far out."),
    N_("Benjamini-Hochberg"): N_("The procedure that turns many p-values into q-values, keeping the share of chance "
                                 "findings low when many slices are tested."),
    N_("Kolmogorov-Smirnov test (KS)"): N_("A test of whether two sets of numbers could come from the same distribution."),
    N_("Chi-squared test"): N_("A test of whether two sets of categories could come from the same mix."),
    N_("Perturbation"): N_("A small change to a row's value (a nudge of a number, a swap to a similar category) used to test "
                           "whether the decision holds."),
    N_("Deterministic"): N_("Gives the same output every time for the same row, alone or in a batch."),
    N_("Sensitive column"): N_("A column such as sex, age or nationality on which decisions should not depend unfairly."),
    N_("Holdout"): N_("Labelled rows the model did not learn from, kept apart to measure it honestly."),
    N_("Reference data"): N_("The data to compare with, usually the rows the model was trained on."),
    N_("Sidecar"): N_("A small file beside the model that states what the files cannot: column descriptions, costs, "
                      "favourable outcome, private columns, the policy."),
    N_("Model card"): N_("A short document that says what a model is for, how it was built and tested, and its limits."),
    N_("Mean absolute error (MAE)"): N_("For a model that predicts numbers: the average size of its errors, in the "
                                        "target's units."),
    N_("Root mean squared error (RMSE)"): N_("Like the mean absolute error, but large errors weigh more."),
    N_("R2 (R squared)"): N_("For a model that predicts numbers: the share of the target's variation it explains (1 is "
                             "perfect, 0 no better than always predicting the average)."),
    N_("Period"): N_("A stretch of time (a day, a week, a month) after go-live over which the model's rows are added up."),
    N_("Alert"): N_("A warning that a period's number left the normal range learned from the reference data."),
    N_("Provisional alert"): N_("An alert raised on estimated performance (no labels yet); it may be confirmed later."),
    N_("Confirmed alert"): N_("An alert raised on realised performance, from labels that have arrived."),
    N_("Realised performance"): N_("Performance measured from actual outcomes once labels arrive, as opposed to estimated "
                                   "from the model's own chances."),
    N_("Reconstruction error"): N_("How badly rows can be rebuilt from the reference data's patterns; a rise means the "
                                   "columns changed together in a new way."),
    N_("Review band"): N_("A range of chances around the threshold where rows go to a person instead of being decided "
                          "by the model."),
    N_("Fallback"): N_("What would be done without the model (e.g. approve everyone, or a simple rule); the model is worth "
                       "its value above the best fallback."),
    N_("Paired comparison"): N_("Comparing two models on the very same rows, so differences between rows do not blur the "
                                "difference between the models."),
    N_("Unseen categories"): N_("Category values the model never met in training; its behaviour on them is a guess."),
    N_("Immutable column"): N_("A column a person cannot change (age, for instance); a suggested change never touches it."),
    N_("Actionability"): N_("What may be changed in a suggestion, in which direction and at what cost (set in the sidecar "
                            "or on the page)."),
    N_("Z-score"): N_("How many standard deviations a value lies from the average."),
    N_("Smallest sets (LAC)"): N_("A way to size conformal sets: keep every outcome whose chance clears a bar."),
    N_("Adaptive sets (APS)"): N_("A way to size conformal sets: add outcomes in order of chance until enough is covered, so "
                                  "hard rows get larger sets."),
}

ALSO_CALLED = {  # term -> other names a page or the report uses for it (the glossary test looks words up by these)
    "Chance (probability)": ("probability", "chance of", "score"),
    "Decision threshold": ("threshold",),
    "Share flagged (selection rate)": ("selection rate", "share flagged"),
    "Calibration error (ECE)": ("expected calibration error", "ECE", "average gap"),
    "Calibration": ("calibrated", "calibrating"),
    "Band (prediction set or interval)": ("band", "prediction set", "interval"),
    "Conformal prediction": ("conformal",),
    "Contribution (SHAP value)": ("contribution", "contributions", "SHAP value"),
    "Shapley values (SHAP)": ("SHAP", "Shapley", "TreeSHAP"),
    "Counterfactual": ("counterfactuals", "smallest changes that flip it"),
    "Candidate (challenger)": ("candidate", "challenger"),
    "Four-fifths rule": ("four-fifths",),
    "Release gate (policy)": ("gate", "policy", "release gate"),
    "Shift score (PSI)": ("PSI", "shift score", "population stability index"),
    "Kolmogorov-Smirnov test (KS)": ("KS", "Kolmogorov-Smirnov"),
    "Chi-squared test": ("chi-squared",),
    "False discovery rate (q-value)": ("q-value", "false discovery rate"),
    "95% interval": ("confidence interval",),
    "Wilson interval": ("Wilson",),
    "Bootstrap": ("Poisson bootstrap",),
    "Mean absolute error (MAE)": ("MAE", "mean absolute error"),
    "Root mean squared error (RMSE)": ("RMSE",),
    "R2 (R squared)": ("R2", "R²"),
    "ROC AUC": ("AUC",),
    "Smallest sets (LAC)": ("LAC",),
    "Adaptive sets (APS)": ("APS",),
    "Calibrating per group (Mondrian)": ("Mondrian",),
    "Deterministic": ("non-determinism", "nondeterministic"),
    "Perturbation": ("perturbations",),
    "Permutation sampling": ("permutation",),
    "Robust standard deviation": ("robust standard deviations",),
    "Leakage": ("leak",),
    "Realised performance": ("realised",),
    "Reference data": ("reference",),
    "Paired comparison": ("paired",),
    "Immutable column": ("immutable",),
    "Sensitive column": ("sensitive",),
    "Outlier": ("outliers",),
    "Provisional alert": ("provisional",),
    "Confirmed alert": ("confirmed",),
}

HEADERS = {  # result-table column keys -> headers
    "ci_low": N_("95% low"), "ci_high": N_("95% high"), "mean_size": N_("Mean size"), "p_value": N_("p-value"),
    "q_value": N_("q-value"), "error_elsewhere": N_("Error elsewhere"), "psi": N_("Shift score (PSI)"),
    "rows": N_("Rows"), "size": N_("Rows"), "slice": N_("Slice"), "group": N_("Group"), "coverage": N_("Coverage"),
    "share": N_("Share"),
    **{key: name for key, name in NAMES.items()},
}


def names(term: str) -> set[str]:
    """A term's names, lower case: its key, the key without and within its brackets, and :data:`ALSO_CALLED`
    ("Shift score (PSI)" -> {"shift score (psi)", "shift score", "psi", "population stability index"})."""
    found = {term.lower()}
    if "(" in term:
        outer, inner = term.split("(", 1)
        found |= {outer.strip().lower(), inner.rstrip(")").strip().lower()}
        found |= {part.strip().lower() for part in inner.rstrip(")").split(" or ")}
    return found | {alias.lower() for alias in ALSO_CALLED.get(term, ())}


def lookup(word: str) -> str | None:
    """The glossary term that ``word`` names (case-insensitive; a plural "s" is forgiven), or None."""
    word = str(word).strip().lower()
    for candidate in (word, word.removesuffix("s")):
        for term in TERMS:
            if candidate in names(term):
                return term
    return None


def header(key: str) -> str:
    """A readable header for a result-table column in the reader's language ("ci_low" -> "95% low",
    "positive_rate_low" -> "Positive rate, 95% low"); unknown keys read as words."""
    key = str(key)
    if key in HEADERS:
        return _(HEADERS[key])
    for end, words in (("_low", N_("95% low")), ("_high", N_("95% high"))):
        if key.endswith(end) and key[: -len(end)] in HEADERS:
            # Translators: a table header: a measure, then which end of its 95% interval ("Coverage, 95% low").
            return _("{measure}, {end}", measure=_(HEADERS[key[: -len(end)]]), end=_(words))
    text = key.replace("_", " ")
    return text[:1].upper() + text[1:]


def readable_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with readable headers (for a table a person reads; keys stay in the result)."""
    return frame.rename(columns={c: header(c) for c in frame.columns})


def glossary_table() -> pd.DataFrame:
    """Every term and its definition in the reader's language, in its alphabetical order."""
    shown = sorted(((_(term), _(meaning)) for term, meaning in TERMS.items()), key=lambda kv: sort_key(kv[0]))
    return pd.DataFrame(shown, columns=[_("Term"), _("Meaning")])


def sort_key(text: str) -> str:
    """Alphabetical order that files "Écart" under E and "Überdeckung" under U (accents ignored, case too)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))
