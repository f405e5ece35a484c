"""Plain sentences about robustness: what each finding means and what to do, the same on the page and
in the report. Every function takes values (a row of a check's table, a count) and returns text."""

from __future__ import annotations

import math

from ..core.words import join, number, percent, rows, value
from ..failures.words import threshold_text
from .leakage import CLOSE

CHECK_NAMES = {"perturbation": "Small changes", "missing_values": "Missing values", "leakage": "Leakage",
               "determinism": "Determinism", "confidence": "Over- and under-confidence",
               "sensitive": "Sensitive columns"}


def interval(low: float, high: float) -> str:
    return f"95% interval {percent(low)} to {percent(high)}"


def move_text(move: str, step: float) -> str:
    """How a column was moved, e.g. "moved by ±1" or "swapped to its most similar frequent category"."""
    if move == "swap":
        return "swapped to its most similar frequent category"
    if move == "shift":
        return f"moved by ±{number(step)}"
    if move == "shift and scale":
        return f"moved by ±{number(step)} and by ×1.01 / ×0.99"
    return f"not moved ({move.removeprefix('none: ')})"


def flip(row, task: str) -> tuple[str, str]:
    """Evidence and advice for a column whose small moves flip decisions."""
    what = "predictions move materially" if task == "regression" else "decisions flip"
    text = (f"When {row['column']} is {move_text(row['move'], row['step'])}, {what} for {percent(row['flip_rate'])} "
            f"of {rows(row['rows'])} ({interval(row['ci_low'], row['ci_high'])}).")
    near = row.get("near_threshold")
    if near is not None and not math.isnan(near) and task != "regression":
        text += f" {percent(near, 0)} of those rows were near the threshold already."
    advice = (f"Check how precisely {row['column']} is measured in production; if such small changes should not "
              f"matter, smooth the model (coarser bins, stronger regularisation) or train with noise added to it.")
    return text, advice


def flip_held(row, task: str) -> str:
    what = "predictions moving materially" if task == "regression" else "decisions flipping"
    return (f"{row['column']} {move_text(row['move'], row['step'])}: {percent(row['flip_rate'])} {what} "
            f"({interval(row['ci_low'], row['ci_high'])}).")


def moved(amount: float, task: str, target: str | None) -> str:
    """A movement of outputs: probability points for classifiers, the target's units for regressors."""
    if task == "regression":
        return f"{number(amount)} {target or ''}".strip()
    return f"{amount * 100:.1f} percentage points"


def blank(row, task: str, target: str | None) -> tuple[str, str]:
    """Evidence and advice for a column whose absence moves predictions."""
    how = "left blank" if row["filled_with"] == "blank" else f"replaced by its typical value {value(row['value'])}"
    what = "predictions move materially" if task == "regression" else "the decision changes"
    text = (f"When {row['column']} is {how}, predictions move by {moved(row['mean_move'], task, target)} on average "
            f"(one row in ten by more than {moved(row['p90_move'], task, target)}) and {what} for "
            f"{percent(row['change_rate'])} of rows ({interval(row['ci_low'], row['ci_high'])}).")
    advice = (f"Make sure {row['column']} is always filled in production, or have a fallback (a rule or a model "
              f"without it) for rows where it is missing.")
    return text, advice


def blank_held(row, task: str, target: str | None) -> str:
    how = "blank" if row["filled_with"] == "blank" else f"at its typical value {value(row['value'])}"
    return (f"{row['column']} {how}: predictions move by {moved(row['mean_move'], task, target)} on average, "
            f"{percent(row['change_rate'])} changed.")


METRIC_NAMES = {"roc_auc": "a ROC AUC", "balanced_accuracy": "a balanced accuracy", "r2": "an R²"}


def _alone(row, target: str | None) -> str:
    """"x alone predicts income with a ROC AUC of 0.971 on rows it was not learned from (the whole model: 0.975)"."""
    model = row["model_score"]
    whole = "" if model is None or math.isnan(model) else f" (the whole model: {model:.3f})"
    return (f"{row['column']} alone predicts {target or 'the label'} with {METRIC_NAMES[row['metric']]} of "
            f"{row['score']:.3f} on rows it was not learned from{whole}")


def leak_column(row, target: str | None) -> tuple[str, str]:
    """Evidence and advice for a suspected leak: a column as good as the model that the model leans on most."""
    text = (f"{_alone(row, target)}, and it carries {percent(row['attribution_share'], 0)} of the model's "
            "attributions, more than any other column.")
    advice = (f"The model may be copying {row['column']}, which is almost the label: check that {row['column']} "
              "exists at decision time and is not recorded after the outcome; if not, drop it and retrain.")
    return text, advice


def leak_candidate(row, top: str | None, target: str | None) -> tuple[str, str]:
    """Evidence and advice for a column as good as the model that is not (or not known to be) its main support."""
    if top is None:
        why = "the model's attributions could not be computed, so whether the model leans on it most is unknown."
    else:
        share = row["attribution_share"]
        carries = "" if math.isnan(share) else f" ({row['column']} carries {percent(share, 0)} of its attributions)"
        why = f"but the model leans more on {top}{carries}, so it is not judged a leak."
    advice = (f"Check that {row['column']} is known at decision time and is not recorded after the outcome.")
    return f"{_alone(row, target)}; {why}", advice


def leak_held(row, target: str | None) -> str:
    """What held when no column is a suspected leak: the best column alone against the model."""
    return (f"No column is a suspected leak (one alone at {row['bar']:.2f}, or within {CLOSE:.2f} of the whole "
            f"model, that the model leans on most). Best: {_alone(row, target)}.")


def leak_batch(share: float, largest: float, single_rows: int) -> tuple[str, str]:
    text = (f"The same row gets a different output alone, in a batch or in the whole table: {percent(share)} of "
            f"{rows(single_rows)} checked, by up to {number(largest)}.")
    advice = ("The model's output depends on the other rows it is given (batch statistics or state kept between "
              "rows): make each row's prediction use that row alone, as it will in production.")
    return text, advice


def _natural(shared) -> str:
    return (f"in the training file itself {percent(shared.natural)} of its {rows(shared.training_rows)} have an "
            f"identical twin, the natural rate of identical rows (excess {_points(shared.excess)}, 95% interval "
            f"{_points(shared.excess_low)} to {_points(shared.excess_high)})")


def _points(share: float) -> str:
    return f"{share * 100:+.1f} points"


def _also_in_training(shared) -> str:
    return f"{number(shared.in_training)} of the {rows(shared.rows)} judged here ({percent(shared.share)}) also appear"


def leak_training(shared) -> tuple[str, str]:
    """Evidence and advice for rows shared with the training file beyond the natural rate of identical rows."""
    text = (f"{_also_in_training(shared)}, identical in every input column, in the training file, while "
            f"{_natural(shared)}: about "
            f"{number(shared.excess_rows)} rows more than identical answers explain, so about "
            f"{percent(shared.copied, 0)} of the rows look copied from training.")
    advice = ("Scores on rows the model was trained on are optimistic: judge the model on rows kept apart from "
              "training (identical people or records may be genuine duplicates; remove them from one side).")
    return text, advice


def training_held(shared) -> str:
    """What held when rows shared with the training file are no more than the natural rate explains."""
    return f"{_also_in_training(shared)} in the training file, no more than identical answers explain: {_natural(shared)}."


def leakage_gate(leaks, training_checked: bool) -> str:
    """The leakage a release gate counts, naming what each suspected leak is (``leaks``: the findings counted;
    ``training_checked``: whether rows were looked up in the training file)."""
    if leaks.empty:
        rows_ = ("rows shared with the training file are no more than the natural rate of identical rows" if
                 training_checked else "rows were not looked up in the training file (none given)")
        return (f"No suspected leak: no column is as good as the model and its main support, {rows_}, and batch and "
                "single answers agree.")
    count = len(leaks)
    return f"{count} suspected leak{'s' if count != 1 else ''}: " + " ".join(
        f"({i}) {'Training rows' if w == 'training rows' else w or 'Batch answers'}: {e}"
        for i, (w, e) in enumerate(zip(leaks["where"], leaks["evidence"], strict=True), start=1))


def determinism(rep) -> tuple[str, str]:
    text = (f"The same {rows(rep.rows)} predicted twice give different outputs for {percent(rep.repeat_share)} of "
            f"them, by up to {number(rep.repeat_max)}")
    text += (f"; {percent(rep.repeat_decisions)} of decisions change." if rep.repeat_decisions > 0
             else "; no decision changed.")
    advice = ("Fix the model's randomness (seeds, deterministic mode, single-threaded sums) so that the same input "
              "always gets the same answer; otherwise results cannot be reproduced or audited.")
    return text, advice


def determinism_held(rep) -> str:
    return f"The same {rows(rep.rows)} predicted twice gave identical outputs."


def batch_held(rep) -> str:
    return f"{rows(rep.single_rows)} predicted alone, in a batch and in the whole table gave identical outputs."


def confidence(row) -> tuple[str, str]:
    """Evidence and advice for an over- or under-confident slice."""
    elsewhere = row["gap_elsewhere"]
    side = "surer than right" if elsewhere >= 0 else "less sure than right"
    text = (f"For {row['slice']} ({rows(row['size'])}) the model is {percent(row['confidence'], 0)} sure on "
            f"average but right {percent(row['accuracy'], 0)} of the time; elsewhere it is "
            f"{abs(elsewhere) * 100:.0f} points {side}.")
    if row["direction"] == "over":
        advice = ("Its wrong answers there come with high confidence: do not let confident outputs in this slice "
                  "skip review, and recalibrate the model (e.g. per slice) before using its probabilities.")
    else:
        advice = ("Its right answers there come with low confidence: rows of this slice may be sent to review "
                  "needlessly; recalibrate before using probabilities to route work.")
    return text, advice


def sensitive(row, flips: bool) -> tuple[str, str]:
    """Evidence and advice for a sensitive column the model leans on."""
    parts = []
    if not math.isnan(row["attribution_share"]):
        parts.append(f"it carries {percent(row['attribution_share'], 0)} of the model's attributions (rank "
                     f"{int(row['rank'])})")
    if flips:
        parts.append(f"swapping it alone flips {percent(row['flip_rate'])} of decisions "
                     f"({interval(row['ci_low'], row['ci_high'])})")
    text = f"The model leans on the sensitive column {row['column']}: {join(parts)}."
    advice = (f"Check that using {row['column']} is lawful and wanted for this decision; if not, remove it and its "
              "close proxies and retrain, then run this scan again.")
    return text, advice


def sensitive_held(row) -> str:
    share = row["attribution_share"]
    lean = "" if math.isnan(share) else f"{percent(share, 0)} of attributions, "
    return f"{row['column']}: {lean}swapping it flips {percent(row['flip_rate'])} of decisions."


def summary(result) -> str:
    """One sentence: how many findings, how severe, and what held."""
    findings, passed = result.findings, result.passed
    if findings.empty:
        return f"No weakness found: all {len(passed)} checks held."
    counts = findings["severity"].value_counts()
    severities = join([f"{counts[s]} {s}" for s in ("major", "medium", "minor") if s in counts])
    return (f"{len(findings)} finding{'s' if len(findings) != 1 else ''} ({severities}); {len(passed)} checks held.")


def gate_values(result) -> str:
    """The values a release gate judges, in words."""
    low, high = result.max_flip_interval
    at = "" if result.threshold is None else f", decisions at {threshold_text(result.threshold)}"
    flip_text = ("no column could be moved" if result.max_flip_column is None else
                 f"largest flip rate {percent(result.max_flip_rate)} for {result.max_flip_column} "
                 f"({interval(low, high)}{at})")
    return (f"For a release gate: {flip_text}; leakage {'found' if result.leakage_found else 'not found'}; "
            f"the model is {'deterministic' if result.deterministic else 'not deterministic'}.")
