"""Plain sentences about robustness: what each finding means and what to do, the same on the page and
in the report. Every function takes values (a row of a check's table, a count) and returns text."""

from __future__ import annotations

import math

from babel.numbers import format_decimal

from ..core.language import N_, _, count, current, join, ngettext, npgettext, number, percent, pgettext
from ..core.words import rows, value  # rows: "2,048 rows" in the reader's language; value: data, never translated
from ..failures.words import threshold_text
from .leakage import CLOSE

CHECK_NAMES = {"perturbation": N_("Small changes"), "missing_values": N_("Missing values"), "leakage": N_("Leakage"),
               "determinism": N_("Determinism"), "confidence": N_("Over- and under-confidence"),
               "sensitive": N_("Sensitive columns")}


def fixed(x: float, digits: int, sign: bool = False) -> str:
    """A number with ``digits`` decimals ("+" first when ``sign``), written the reader's way: 0.971 / 0,971."""
    if current() == "en":
        return f"{x:+.{digits}f}" if sign else f"{x:.{digits}f}"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(x, format=f"+{pattern};-{pattern}" if sign else pattern, locale=current())


def interval(low: float, high: float) -> str:
    return _("95% interval {low} to {high}", low=percent(low), high=percent(high))


def move_text(move: str, step: float) -> str:
    """How a column was moved, e.g. "moved by ±1" or "swapped to its most similar frequent category"."""
    if move == "swap":
        return _("swapped to its most similar frequent category")
    if move == "shift":
        return _("moved by ±{step}", step=number(step))
    if move == "shift and scale":
        return _("moved by ±{step} and by ×{up} / ×{down}", step=number(step), up=number(1.01), down=number(0.99))
    return _("not moved ({reason})", reason=not_moved(move))


def not_moved(move: str) -> str:
    """Why a column was not moved ("none: two values only", from perturbation.py) in the reader's language."""
    reason = move.removeprefix("none: ")
    reasons = {"two values only": _("two values only"), "one category only": _("one category only")}
    return reasons.get(reason, reason)


def flip(row, task: str) -> tuple[str, str]:
    """Evidence and advice for a column whose small moves flip decisions."""
    values = {"column": row["column"], "move": move_text(row["move"], row["step"]), "share": percent(row["flip_rate"]),
              "rows": rows(row["rows"]), "interval": interval(row["ci_low"], row["ci_high"])}
    if task == "regression":
        text = _("When {column} is {move}, predictions move materially for {share} of {rows} ({interval}).", **values)
    else:
        # Translators: a decision flips when it changes (e.g. from good to bad) after a small change to one column.
        text = _("When {column} is {move}, decisions flip for {share} of {rows} ({interval}).", **values)
    near = row.get("near_threshold")
    if near is not None and not math.isnan(near) and task != "regression":
        text += " " + _("{share} of those rows were near the threshold already.", share=percent(near, 0))
    advice = _("Check how precisely {column} is measured in production; if such small changes should not matter, "
               "smooth the model (coarser bins, stronger regularisation) or train with noise added to it.",
               column=row["column"])
    return text, advice


def flip_held(row, task: str) -> str:
    values = {"column": row["column"], "move": move_text(row["move"], row["step"]), "share": percent(row["flip_rate"]),
              "interval": interval(row["ci_low"], row["ci_high"])}
    if task == "regression":
        return _("{column} {move}: {share} predictions moving materially ({interval}).", **values)
    return _("{column} {move}: {share} decisions flipping ({interval}).", **values)


def moved(amount: float, task: str, target: str | None) -> str:
    """A movement of outputs: probability points for classifiers, the target's units for regressors."""
    if task == "regression":
        return f"{number(amount)} {target or ''}".strip()  # the target's name is the user's own
    return _("{points} percentage points", points=fixed(amount * 100, 1))


def blank(row, task: str, target: str | None) -> tuple[str, str]:
    """Evidence and advice for a column whose absence moves predictions."""
    values = {"column": row["column"], "mean": moved(row["mean_move"], task, target),
              "p90": moved(row["p90_move"], task, target), "share": percent(row["change_rate"]),
              "interval": interval(row["ci_low"], row["ci_high"])}
    blank_ = row["filled_with"] == "blank"
    if task == "regression":
        text = (_("When {column} is left blank, predictions move by {mean} on average (one row in ten by more than "
                  "{p90}) and predictions move materially for {share} of rows ({interval}).", **values) if blank_ else
                _("When {column} is replaced by its typical value {typical}, predictions move by {mean} on average "
                  "(one row in ten by more than {p90}) and predictions move materially for {share} of rows "
                  "({interval}).", typical=value(row["value"]), **values))
    else:
        text = (_("When {column} is left blank, predictions move by {mean} on average (one row in ten by more than "
                  "{p90}) and the decision changes for {share} of rows ({interval}).", **values) if blank_ else
                _("When {column} is replaced by its typical value {typical}, predictions move by {mean} on average "
                  "(one row in ten by more than {p90}) and the decision changes for {share} of rows ({interval}).",
                  typical=value(row["value"]), **values))
    advice = _("Make sure {column} is always filled in production, or have a fallback (a rule or a model without it) "
               "for rows where it is missing.", column=row["column"])
    return text, advice


def blank_held(row, task: str, target: str | None) -> str:
    values = {"column": row["column"], "mean": moved(row["mean_move"], task, target),
              "share": percent(row["change_rate"])}
    if row["filled_with"] == "blank":
        return _("{column} blank: predictions move by {mean} on average, {share} changed.", **values)
    return _("{column} at its typical value {typical}: predictions move by {mean} on average, {share} changed.",
             typical=value(row["value"]), **values)


METRIC_NAMES = {"roc_auc": "ROC AUC", "balanced_accuracy": "balanced accuracy", "r2": "R²"}


def _alone(row, target: str | None) -> str:
    """"x alone predicts income with a ROC AUC of 0.971 on rows it was not learned from (the whole model: 0.975)"."""
    model = row["model_score"]
    values = {"column": row["column"], "score": fixed(row["score"], 3)}
    metric = row["metric"]
    if metric == "balanced_accuracy":
        text = (_("{column} alone predicts {target} with a balanced accuracy of {score} on rows it was not learned "
                  "from", target=target, **values) if target else
                _("{column} alone predicts the label with a balanced accuracy of {score} on rows it was not learned "
                  "from", **values))
    elif metric == "r2":
        text = (_("{column} alone predicts {target} with an R² of {score} on rows it was not learned from",
                  target=target, **values) if target else
                _("{column} alone predicts the label with an R² of {score} on rows it was not learned from", **values))
    else:
        text = (_("{column} alone predicts {target} with a {metric} of {score} on rows it was not learned from",
                  target=target, metric=METRIC_NAMES.get(metric, metric), **values) if target else
                _("{column} alone predicts the label with a {metric} of {score} on rows it was not learned from",
                  metric=METRIC_NAMES.get(metric, metric), **values))
    if model is None or math.isnan(model):
        return text
    return text + " " + _("(the whole model: {score})", score=fixed(model, 3))


def leak_column(row, target: str | None) -> tuple[str, str]:
    """Evidence and advice for a suspected leak: a column as good as the model that the model leans on most."""
    text = _("{alone}, and it carries {share} of the model's attributions, more than any other column.",
             alone=_alone(row, target), share=percent(row["attribution_share"], 0))
    advice = _("The model may be copying {column}, which is almost the label: check that {column} exists at "
               "decision time and is not recorded after the outcome; if not, drop it and retrain.", column=row["column"])
    return text, advice


def leak_candidate(row, top: str | None, target: str | None) -> tuple[str, str]:
    """Evidence and advice for a column as good as the model that is not (or not known to be) its main support."""
    alone = _alone(row, target)
    share = row["attribution_share"]
    if top is None:
        text = _("{alone}; the model's attributions could not be computed, so whether the model leans on it most is "
                 "unknown.", alone=alone)
    elif math.isnan(share):
        text = _("{alone}; but the model leans more on {top}, so it is not judged a leak.", alone=alone, top=top)
    else:
        text = _("{alone}; but the model leans more on {top} ({column} carries {share} of its attributions), so it is "
                 "not judged a leak.", alone=alone, top=top, column=row["column"], share=percent(share, 0))
    advice = _("Check that {column} is known at decision time and is not recorded after the outcome.",
               column=row["column"])
    return text, advice


def leak_held(row, target: str | None) -> str:
    """What held when no column is a suspected leak: the best column alone against the model."""
    return _("No column is a suspected leak (one alone at {bar}, or within {close} of the whole model, that the "
             "model leans on most). Best: {alone}.", bar=fixed(row["bar"], 2), close=fixed(CLOSE, 2),
             alone=_alone(row, target))


def leak_batch(share: float, largest: float, single_rows: int) -> tuple[str, str]:
    text = _("The same row gets a different output alone, in a batch or in the whole table: {share} of {rows} "
             "checked, by up to {largest}.", share=percent(share), rows=rows(single_rows), largest=number(largest))
    advice = _("The model's output depends on the other rows it is given (batch statistics or state kept between "
               "rows): make each row's prediction use that row alone, as it will in production.")
    return text, advice


def _natural(shared) -> str:
    return _("in the training file itself {share} of its {rows} have an identical twin, the natural rate of "
             "identical rows (excess {excess}, 95% interval {low} to {high})", share=percent(shared.natural),
             rows=rows(shared.training_rows), excess=_points(shared.excess), low=_points(shared.excess_low),
             high=_points(shared.excess_high))


def _points(share: float) -> str:
    # Translators: percentage points, e.g. "+1.5 points".
    return _("{points} points", points=fixed(share * 100, 1, sign=True))


def _also_in_training(shared) -> str:
    return _("{count} of the {rows} judged here ({share}) also appear", count=number(shared.in_training),
             rows=rows(shared.rows), share=percent(shared.share))


def leak_training(shared) -> tuple[str, str]:
    """Evidence and advice for rows shared with the training file beyond the natural rate of identical rows."""
    text = _("{also}, identical in every input column, in the training file, while {natural}: about {excess} rows "
             "more than identical answers explain, so about {copied} of the rows look copied from training.",
             also=_also_in_training(shared), natural=_natural(shared), excess=number(shared.excess_rows),
             copied=percent(shared.copied, 0))
    advice = _("Scores on rows the model was trained on are optimistic: judge the model on rows kept apart from "
               "training (identical people or records may be genuine duplicates; remove them from one side).")
    return text, advice


def training_held(shared) -> str:
    """What held when rows shared with the training file are no more than the natural rate explains."""
    return _("{also} in the training file, no more than identical answers explain: {natural}.",
             also=_also_in_training(shared), natural=_natural(shared))


def leakage_gate(leaks, training_checked: bool) -> str:
    """The leakage a release gate counts, naming what each suspected leak is (``leaks``: the findings counted;
    ``training_checked``: whether rows were looked up in the training file)."""
    if leaks.empty:
        if training_checked:
            return _("No suspected leak: no column is as good as the model and its main support, rows shared with the "
                     "training file are no more than the natural rate of identical rows, and batch and single answers "
                     "agree.")
        return _("No suspected leak: no column is as good as the model and its main support, rows were not looked up "
                 "in the training file (none given), and batch and single answers agree.")
    head = ngettext("{n} suspected leak:", "{n} suspected leaks:", len(leaks))
    training, batch = _("Training rows"), _("Batch answers")
    return head + " " + " ".join(
        f"({i}) {training if w == 'training rows' else w or batch}: {e}"
        for i, (w, e) in enumerate(zip(leaks["where"], leaks["evidence"], strict=True), start=1))


def determinism(rep) -> tuple[str, str]:
    values = {"rows": rows(rep.rows), "share": percent(rep.repeat_share), "largest": number(rep.repeat_max)}
    text = (_("The same {rows} predicted twice give different outputs for {share} of them, by up to {largest}; "
              "{changed} of decisions change.", changed=percent(rep.repeat_decisions), **values)
            if rep.repeat_decisions > 0 else
            _("The same {rows} predicted twice give different outputs for {share} of them, by up to {largest}; no "
              "decision changed.", **values))
    advice = _("Fix the model's randomness (seeds, deterministic mode, single-threaded sums) so that the same input "
               "always gets the same answer; otherwise results cannot be reproduced or audited.")
    return text, advice


def determinism_held(rep) -> str:
    return _("The same {rows} predicted twice gave identical outputs.", rows=rows(rep.rows))


def batch_held(rep) -> str:
    return _("{rows} predicted alone, in a batch and in the whole table gave identical outputs.",
             rows=rows(rep.single_rows))


def confidence(row) -> tuple[str, str]:
    """Evidence and advice for an over- or under-confident slice."""
    elsewhere = row["gap_elsewhere"]
    values = {"slice": row["slice"], "rows": rows(row["size"]), "sure": percent(row["confidence"], 0),
              "right": percent(row["accuracy"], 0), "points": fixed(abs(elsewhere) * 100, 0)}
    # Translators: a slice is a group of rows described by one or two conditions, e.g. "age under 25".
    text = (_("For {slice} ({rows}) the model is {sure} sure on average but right {right} of the time; elsewhere it "
              "is {points} points surer than right.", **values) if elsewhere >= 0 else
            _("For {slice} ({rows}) the model is {sure} sure on average but right {right} of the time; elsewhere it "
              "is {points} points less sure than right.", **values))
    if row["direction"] == "over":
        advice = _("Its wrong answers there come with high confidence: do not let confident outputs in this slice "
                   "skip review, and recalibrate the model (e.g. per slice) before using its probabilities.")
    else:
        advice = _("Its right answers there come with low confidence: rows of this slice may be sent to review "
                   "needlessly; recalibrate before using probabilities to route work.")
    return text, advice


def confidence_held() -> str:
    return _("No slice is significantly more over- or under-confident than the rest (5% false discovery rate).")


def sensitive(row, flips: bool) -> tuple[str, str]:
    """Evidence and advice for a sensitive column the model leans on."""
    parts = []
    if not math.isnan(row["attribution_share"]):
        parts.append(_("it carries {share} of the model's attributions (rank {rank})",
                       share=percent(row["attribution_share"], 0), rank=int(row["rank"])))
    if flips:
        parts.append(_("swapping it alone flips {share} of decisions ({interval})", share=percent(row["flip_rate"]),
                       interval=interval(row["ci_low"], row["ci_high"])))
    text = _("The model leans on the sensitive column {column}: {reasons}.", column=row["column"], reasons=join(parts))
    advice = _("Check that using {column} is lawful and wanted for this decision; if not, remove it and its close "
               "proxies and retrain, then run this scan again.", column=row["column"])
    return text, advice


def sensitive_held(row) -> str:
    share = row["attribution_share"]
    if math.isnan(share):
        return _("{column}: swapping it flips {flips} of decisions.", column=row["column"],
                 flips=percent(row["flip_rate"]))
    return _("{column}: {share} of attributions, swapping it flips {flips} of decisions.", column=row["column"],
             share=percent(share, 0), flips=percent(row["flip_rate"]))


def summary(result) -> str:
    """One sentence: how many findings, how severe, and what held."""
    findings, passed = result.findings, result.passed
    if findings.empty:
        return ngettext("No weakness found: all {n} checks held.", "No weakness found: all {n} checks held.",
                        len(passed))
    counts = findings["severity"].value_counts()
    severities = join([severity_count(s, int(counts[s])) for s in ("major", "medium", "minor") if s in counts])
    found = ngettext("{n} finding ({severities});", "{n} findings ({severities});", len(findings),
                     severities=severities)
    return found + " " + ngettext("{n} checks held.", "{n} checks held.", len(passed))


def severity_count(level: str, n: int) -> str:
    """ "3 major": how many findings of one severity (the adjective agrees with the count in German and French)."""
    # Translators: how many robustness findings have this severity, e.g. "3 major" (findings).
    forms = {"major": lambda: npgettext("severity", "{n} major", "{n} major", n),
             "medium": lambda: npgettext("severity", "{n} medium", "{n} medium", n),
             "minor": lambda: npgettext("severity", "{n} minor", "{n} minor", n)}
    return forms[level]() if level in forms else f"{count(n)} {level}"


def check_name(check: str) -> str:
    """A check's name for a table cell: English as the page always showed it ("missing values", "perturbation"),
    another language its name ("Fehlende Werte", "Petites modifications"); the result keeps the English key."""
    if current() == "en" or check not in CHECK_NAMES:
        return check.replace("_", " ")
    return _(CHECK_NAMES[check])


def direction_name(direction: str) -> str:
    """An over- or under-confident slice's direction ("over", "under") for a table cell, in the reader's language;
    the result keeps the English key."""
    # Translators: the direction of a slice where confidence and accuracy part ways: the model is over-confident
    # there (sure but often wrong) or under-confident (unsure but usually right); a table cell.
    names = {"over": pgettext("confidence", "over"), "under": pgettext("confidence", "under")}
    return names.get(direction, direction)


def severity(level: str) -> str:
    """A finding's severity ("major", "medium", "minor") in the reader's language."""
    # Translators: the severity of a robustness finding: major, medium or minor.
    names = {"major": pgettext("severity", "major"), "medium": pgettext("severity", "medium"),
             "minor": pgettext("severity", "minor")}
    return names.get(level, level)


def gate_values(result) -> str:
    """The values a release gate judges, in words."""
    low, high = result.max_flip_interval
    if result.max_flip_column is None:
        flip_text = _("no column could be moved")
    elif result.threshold is None:
        # Translators: the flip rate is the share of decisions that change when one column is moved a little.
        flip_text = _("largest flip rate {share} for {column} ({interval})", share=percent(result.max_flip_rate),
                      column=result.max_flip_column, interval=interval(low, high))
    else:
        flip_text = _("largest flip rate {share} for {column} ({interval}, decisions at {threshold})",
                      share=percent(result.max_flip_rate), column=result.max_flip_column,
                      interval=interval(low, high), threshold=threshold_text(result.threshold))
    leakage = _("leakage found") if result.leakage_found else _("leakage not found")
    model = _("the model is deterministic") if result.deterministic else _("the model is not deterministic")
    return _("For a release gate: {flips}; {leakage}; {model}.", flips=flip_text, leakage=leakage, model=model)
