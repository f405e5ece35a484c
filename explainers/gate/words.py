"""The gate's sentences, for the page, the report and the command line: one place each."""

from __future__ import annotations

import math

from ..core.words import join, number, percent
from ..core.words import value as cell
from ..failures.words import name as metric_name
from ..value import words as value_words
from .value import FALLBACKS

SIGNS = {"min": "at least", "max": "at most"}
STATUS_WORDS = {"pass": "passes", "warn": "warns", "fail": "fails", "not judged": "is not judged"}


def fmt(x) -> str:
    """A measured number: 4 significant digits; 'n/a' when it could not be measured."""
    return "n/a" if x is None or (isinstance(x, float) and not math.isfinite(x)) else number(round(float(x), 4))


def interval(low, high) -> str:
    return f"95% interval {fmt(low)} to {fmt(high)}"


def check_name(check, subject: str = "") -> str:
    """A short name for check ``number``: "ROC AUC at least 0.85"; ``subject``: the outcome the four-fifths rule
    measures."""
    o = check.options
    names = {
        "metric": lambda: f"{metric_name(o['metric'])} {SIGNS['min' if 'min' in o else 'max']} "
                          f"{fmt(o.get('min', o.get('max')))}",
        "group_gap": lambda: f"{metric_name(o['metric'])} gap between groups of {o['column']} at most {fmt(o['max'])}",
        "group_ratio": lambda: f"{metric_name(o['metric'])} ratio between groups of {o['column']} at least {fmt(o['min'])}",
        "four_fifths": lambda: (f"Four-fifths rule by {o['column']}: every group gets {subject!r} at least "
                                f"{percent(o.get('min', 0.8), 0)} as often as the best-treated"),
        "coverage": lambda: f"Coverage of {percent(o['level'], 0)} sets at least {percent(o['level'] - o['tolerance'])}",
        "drift": lambda: f"Drift (PSI) at most {fmt(o['max_psi'])}",
        "slices": lambda: f"At most {o['max_significant']} failing slices on {_columns(o.get('columns', 'all'))}",
        "champion": lambda: f"{metric_name(o['metric'])} no more than {fmt(o['max_drop'])} worse than the champion",
        "robustness": lambda: f"Flip rate at most {percent(o['max_flip_rate'])}",
        "leakage": lambda: "No leakage",
        "determinism": lambda: "Deterministic",
        "value": lambda: f"Worth at least {fmt(o['min_gain'])} more per 1,000 decisions than {subject or o['over']}",
        "review_share": lambda: f"Review band sends at most {percent(o['max'])} of cases to a person",
    }
    return f"{check.number}. {names[check.kind]()}"


def _columns(chosen) -> str:
    return {"all": "any column", "sensitive": "sensitive columns"}.get(chosen, join(list(chosen))) \
        if isinstance(chosen, str) else join(list(chosen))


def evidence(measured, met: bool, status: str) -> str:
    """What was measured, which bound was compared with which limit, and the outcome."""
    if status == "not judged" or measured.not_judged:
        return f"{measured.detail} Not judged: {not_judged_reason(measured)}".strip()
    relation = ("meets" if met else "misses") + f" the {'minimum' if measured.direction == 'min' else 'maximum'}"
    text = f"{measured.detail} The {measured.bound_name} {fmt(measured.bound)} {relation} {fmt(measured.limit)}"
    point_ok = (measured.value >= measured.limit if measured.direction == "min"
                else measured.value <= measured.limit)
    if not met and point_ok and measured.bound_name in ("lower bound", "upper bound"):
        text += " (the point estimate alone would meet it, but the gate judges the bound)"
    text += "."
    if measured.broken:
        text += f" {measured.broken}"
    return text


def not_judged_reason(measured) -> str:
    """Why a check could not be judged, as a sentence."""
    reason = measured.not_judged or "its value or interval could not be computed on these rows"
    return reason if reason.endswith(".") else reason + "."


def unjudged_fails() -> str:
    return " The policy fails a check it cannot judge (not_judged: fail)."


def rollback(check, measured) -> str:
    """The value at which a live model should be rolled back, as a monitoring rule (empty for yes/no checks)."""
    o, limit = check.options, fmt(measured.limit)
    rules = {
        "metric": lambda: f"{o['metric']} {'<' if 'min' in o else '>'} {limit}",
        "group_gap": lambda: f"max gap in {o['metric']} between groups of {o['column']} > {limit}",
        "group_ratio": lambda: f"lowest {o['metric']} ratio between groups of {o['column']} < {limit}",
        "four_fifths": lambda: (f"lowest ratio of {measured.subject!r} decisions between a group of {o['column']} "
                                f"and the best-treated group < {limit}"),
        "coverage": lambda: f"coverage of {percent(o['level'], 0)} sets < {limit}",
        "drift": lambda: f"PSI of any column > {limit}",
        "robustness": lambda: f"flip rate of any column > {limit}",
        "champion": lambda: f"{o['metric']} worse than the champion by > {limit}",
        "value": lambda: f"the gain per 1,000 decisions over {measured.subject or o['over']} < {limit}",
        "review_share": lambda: f"share of cases sent to review > {limit}",
    }
    if check.kind not in rules or measured.not_judged:
        return ""
    clear = "upper" if measured.direction == "min" else "lower"
    return (f"Roll back when {rules[check.kind]()} on recent rows: when even the {clear} end of its 95% interval "
            f"is past {limit}.")


def headline(result) -> str:
    """The verdict in one sentence (checks that fail or miss their bar named first), then the threshold."""
    total, failed, warned, unjudged = len(result.checks), result.failed, result.warned, result.not_judged
    names = lambda checks: join([c.name for c in checks])
    if failed:
        text = f"Not ready to go live: {len(failed)} of {total} checks {_fail_words(result)} ({names(failed)})."
    elif warned:
        text = (f"May go live only with accepted exceptions: {len(warned)} check{'s' if len(warned) != 1 else ''} "
                f"miss{'' if len(warned) != 1 else 'es'} {'their' if len(warned) != 1 else 'its'} bar "
                f"({names(warned)}).")
    elif unjudged:
        text = f"May go live: {total - len(unjudged)} of {total} checks passed."
    else:
        text = f"May go live: all {total} checks passed."
    if unjudged and not result.fails_unjudged:
        text += (f" {len(unjudged)} could not be judged ({names(unjudged)}); the policy does not fail a check it "
                 "cannot judge.")
    return f"{text} {deciding_at(result)}".strip()


def _fail_words(result) -> str:
    if result.fails_unjudged and result.not_judged:
        return "failed or could not be judged (the policy fails a check it cannot judge)"
    return "failed"


def deciding_at(result) -> str:
    """Which decision threshold the verdict judged (empty for models that do not decide at one)."""
    if result.threshold is None:
        return ""
    whose = " (the policy's own)" if result.threshold_source == "policy" else ""
    return f"Decided at the threshold {fmt(result.threshold)}{whose}."


def judged_on_bounds() -> str:
    return ("Each number is judged on its 95% interval: a minimum is met only when the lower bound meets it, a "
            "maximum only when the upper bound does.")


def method(case, policy, n_boot: int, random_state, threshold) -> str:
    at = ("the model's own decisions" if threshold is None else
          f"decisions at the threshold {fmt(threshold)} on the chance of {case.positive_class!r}")
    return (f"{len(policy.checks)} checks from {policy.source} judged on {len(case.X):,} rows, {at}. "
            f"{judged_on_bounds()} Metrics, group gaps and ratios come from the measures layer: rates with Wilson "
            "intervals (MOVER for their gaps and ratios), other metrics with a Poisson bootstrap over cells of alike "
            f"rows ({n_boot:,} rounds, seed {random_state}); drift: PSI with redrawn bucket counts; champion: paired "
            "bootstrap (champion, slices and robustness checks read the model's own decisions).")


# -- what each family measured -----------------------------------------------------------------------------
def metric_detail(key: str, value, low, high, how: str = "") -> str:
    kind = {"Wilson": "95% Wilson interval", "bootstrap": "95% Poisson-bootstrap interval"}.get(how, "95% interval")
    return f"{metric_name(key)} is {fmt(value)} ({kind} {fmt(low)} to {fmt(high)})."


def no_interval(key: str) -> str:
    return f"{metric_name(key)} or its interval could not be computed on these rows (e.g. no row of a class)"


def no_ratio(key: str, top) -> str:
    return f"no ratio of {metric_name(key)} can be formed: the highest group ({top}) is at 0"


def nobody_favoured(options: dict, good) -> str:
    return f"no group of {options['column']} gets {good!r} at all, so no ratio can be formed"


def four_fifths_detail(options: dict, good, group, rate, best, best_rate, value, low) -> str:
    return (f"{percent(rate)} of {group} get {good!r} against {percent(best_rate)} of {best} (the best-treated group "
            f"of {options['column']}): a ratio of {fmt(value)}, lower bound {fmt(low)}.")


def too_few_groups(options: dict) -> str:
    return (f"fewer than two groups of {options['column']} have at least {options.get('min_rows', 30)} rows, so "
            "there is nothing to compare")


def gap_detail(options: dict, a, rate_a, b, rate_b, bound) -> str:
    return (f"{metric_name(options['metric'])} by {options['column']}: {a} {fmt(rate_a)} against {b} {fmt(rate_b)}; "
            f"the widest plausible gap between two groups is {fmt(bound)}.")


def ratio_detail(options: dict, group, rate, top, top_rate, value, low) -> str:
    return (f"{metric_name(options['metric'])} by {options['column']}: {group} {fmt(rate)} against {top} "
            f"{fmt(top_rate)} (the highest), a ratio of {fmt(value)} with lower bound {fmt(low)}.")


def coverage_detail(level, coverage, low, high, rows) -> str:
    return (f"Sets meant to hold the truth {percent(level, 0)} of the time held it for {percent(coverage)} of "
            f"{rows:,} held-out rows ({interval(low, high)}).")


def drift_detail(column, value, low, high, columns: int) -> str:
    return f"Of {columns} columns, {column} has the widest drift: PSI {fmt(value)} ({interval(low, high)})."


def slices_detail(count: int, columns: list, worst, alpha: float) -> str:
    if count == 0:
        return f"No slice on {join(columns[:6]) or 'these columns'} is significantly worse ({percent(alpha, 0)} FDR)."
    return (f"{count} significantly worse slice{'s' if count != 1 else ''} ({percent(alpha, 0)} FDR); the worst: "
            f"{worst['slice']}, error {percent(worst['error'])} against {percent(worst['error_elsewhere'])} elsewhere.")


def nothing_moved() -> str:
    return "No column could be moved, so no flip rate was measured."


def flips_detail(scan, widest) -> str:
    return (f"Moving one column a little changed up to {percent(scan.max_flip_rate)} of decisions "
            f"({scan.max_flip_column}); the widest interval is {widest['column']}'s, "
            f"{percent(widest['ci_low'])} to {percent(widest['ci_high'])}.")


def leakage_detail(leaks) -> str:
    if leaks.empty:
        return "No leakage found (no column is almost the label; batch and single answers agree)."
    return "Leakage: " + " ".join(leaks["evidence"].head(3))


def determinism_detail(scan) -> str:
    if scan.deterministic:
        return f"Two identical calls gave the same output on all {scan.repeats.rows:,} rows tried."
    return f"Two identical calls gave different outputs on {percent(scan.repeats.repeat_share)} of rows."


def champion_detail(key: str, comparison, row, drop, low, high) -> str:
    return (f"{metric_name(key)}: champion {fmt(row['champion'])}, this model {fmt(row['challenger'])} on the same "
            f"{comparison.rows:,} rows; it is worse by {fmt(drop)} ({interval(low, high)}; negative means better).")


def worse_groups(pairs: list) -> str:
    if not pairs:
        return ""
    return "It is significantly worse than the champion for " + join([f"{g} ({c})" for c, g in pairs]) + "."


# -- plain check names (the policy form, the go / no-go) ------------------------------------------------------
def _pct(share) -> str:
    """80%, 2%, 2.5%: whole percentages without a decimal."""
    return percent(share, 0 if abs(round(share * 100) - share * 100) < 1e-9 else 1)


def plain_name(entry) -> str:
    """A check as a manager reads it: "ROC AUC at least 0.75 (judged on its lower bound)", "Each group of age
    is approved at least 80% as often as the best-treated group". ``entry``: a policy's check mapping or a Check."""
    kind, o = (entry["check"], entry) if isinstance(entry, dict) else (entry.kind, entry.options)
    names = {
        "metric": lambda: (f"{metric_name(o['metric'])} at least {fmt(o['min'])} (judged on its lower bound)" if "min" in o
                           else f"{metric_name(o['metric'])} at most {fmt(o['max'])} (judged on its upper bound)"),
        "group_gap": lambda: (f"{metric_name(o['metric'])} differs between groups of {o['column']} by at most "
                              f"{fmt(o['max'])} (judged on the widest plausible gap)"),
        "group_ratio": lambda: (f"{metric_name(o['metric'])} of each group of {o['column']} at least {fmt(o['min'])} "
                                "times the highest group's (judged on its lower bound)"),
        "four_fifths": lambda: (f"Each group of {o['column']} is approved at least {_pct(o.get('min', 0.8))} as often "
                                "as the best-treated group"),
        "coverage": lambda: (f"{_pct(o['level'])} confidence sets hold the truth at least "
                             f"{_pct(round(o['level'] - o['tolerance'], 6))} of the time"),
        "drift": lambda: f"No column drifts from the training data by more than {fmt(o['max_psi'])} (PSI)",
        "slices": lambda: (f"No group of rows on {_columns(o.get('columns', 'all'))} fails significantly more often"
                           if o["max_significant"] == 0 else f"At most {o['max_significant']} groups of rows on "
                           f"{_columns(o.get('columns', 'all'))} fail significantly more often"),
        "champion": lambda: f"{metric_name(o['metric'])} no more than {fmt(o['max_drop'])} worse than the champion's",
        "robustness": lambda: f"A small change to one column flips at most {_pct(o['max_flip_rate'])} of decisions",
        "leakage": lambda: "No column gives the answer away (leakage)",
        "determinism": lambda: "The same row always gets the same answer",
        "value": lambda: f"Worth at least {fmt(o['min_gain'])} more per 1,000 decisions than {FALLBACKS[o['over']]}",
        "review_share": lambda: f"The review band sends at most {_pct(o['max'])} of cases to a person",
    }
    return names[kind]()


# -- the go / no-go (explainers.gate.brief) -------------------------------------------------------------------
PAGES = {"failures": "Where it fails", "robustness": "How robust", "confidence": "How sure", "data-health": "Data health",
         "value": "What is it worth", "compare": "Compare"}
ADVICE = {
    "metric": "improve the model (more or better data, better features), or lower the bar with a written reason",
    "group_gap": "find out why {group} is treated differently, then retrain or move the threshold",
    "group_ratio": "find out why {group} is treated differently, then retrain or move the threshold",
    "four_fifths": "find out why {group} is approved less often, then retrain or move the threshold",
    "coverage": "the stated confidence does not hold, so recalibrate on recent rows the model was not trained on",
    "drift": "the data has moved away from what the model learned from, so retrain on recent rows",
    "slices": "some groups of rows fail much more often, so add data or features for them",
    "champion": "it is worse than the model you run today, so keep that one",
    "robustness": "small changes flip too many decisions, so make the model less sensitive to the columns that flip most",
    "leakage": "remove the column that gives the answer away and retrain",
    "determinism": "fix the model's randomness (set random_state) so the same row always gets the same answer",
    "value": "it is not worth enough at this threshold, so move the threshold or revisit the values per outcome",
    "review_share": "the review band sends too many cases to a person, so narrow it or accept the cost",
}
STOPS = {"fail": "stops the release", "warn": "an exception to accept", "not judged": "could not be judged"}


def decision_line(brief) -> str:
    """The decision in one line."""
    c = brief.counts
    total, failed, warned, unjudged = c["total"], c["failed"], c["warned"], c["not_judged"]
    if brief.decision == "no-go":
        text = f"No-go: {failed} of {total} checks stop the release."
    elif brief.decision == "exceptions":
        text = (f"Go only with accepted exceptions: {warned} of {total} checks miss their bar; none stops the release, "
                "but each must be accepted in writing.")
    elif unjudged:
        text = f"Go: {total - unjudged} of {total} checks pass and none fails."
    else:
        text = f"Go: all {total} checks pass."
    if unjudged and brief.decision != "no-go":
        text += f" {unjudged} could not be judged."
    return text


def _class(item) -> str:
    """A class in a sentence: plain words as they are ("bad"), anything else quoted ("'1'", "'>50K'")."""
    text = str(item)
    return text if text.replace(" ", "").isalpha() else f"'{text}'"


def outcomes_sentence(brief) -> str:
    """Misses and false alarms at the threshold, counted."""
    if brief.missed is None:
        if brief.headline is not None:
            key, value, low, high = brief.headline
            return f"{metric_name(key)} is {fmt(value)} ({interval(low, high)})."
        return "Without labels, misses and false alarms cannot be counted."
    at = "With its own decisions" if brief.threshold is None else f"At the threshold {fmt(brief.threshold)}"
    return (f"{at} the model misses {brief.missed:,} of {brief.positives:,} {_class(brief.flagged)} cases and wrongly "
            f"flags {brief.false_alarms:,} of {brief.negatives:,} {_class(brief.cleared)} ones.")


def worth_sentence(brief) -> str:
    """What the model is worth against approving everyone (the value section's own sentence)."""
    if brief.worth is None:
        return f"Not priced: {brief.value_note.rstrip('.')}."
    text = value_words.headline(brief.worth)
    return text if brief.worth.values.currency else text + " Amounts are in the units of the stated costs."


def gap_sentence(brief) -> str:
    """The worst four-fifths ratio, with its groups, and how many other columns miss the rule too."""
    if not brief.gaps:
        return f"Not measured: {brief.gap_note}."
    g = brief.gaps[0]
    who, best = cell(g["group"]), cell(g["best"])
    if g["low"] >= g["limit"]:
        text = (f"By {g['column']}, the least-approved group ({who}) is approved {percent(g['ratio'], 0)} as often as "
                f"the best-treated ({best}); even the low end of its 95% interval ({percent(g['low'])}) meets the "
                f"four-fifths rule ({_pct(g['limit'])}).")
    else:
        text = (f"By {g['column']}, {who} are approved (get {_class(brief.favourable)}) only {percent(g['ratio'], 0)} as "
                f"often as {best} ({percent(g['rate'], 0)} against {percent(g['best_rate'], 0)}); the four-fifths rule "
                f"asks for at least {_pct(g['limit'])}, judged on the low end of its 95% interval "
                f"({percent(g['low'])}).")
    others = [x["column"] for x in brief.gaps[1:] if x["low"] < x["limit"]]
    if others:
        text += f" {join(others)} miss{'es' if len(others) == 1 else ''} it too."
    if not g["checked"]:
        text += " The policy does not check this."
    return text


def reasons(brief) -> list[tuple[str, str]]:
    """The three reasons that matter most, as (label, sentence), led by what the business feels."""
    return [("Misses and false alarms", outcomes_sentence(brief)), ("What it is worth", worth_sentence(brief)),
            ("Group gaps", gap_sentence(brief))]


def fix_sentence(brief, fix) -> str:
    """One check to fix: its plain name, why it matters here, and the page that shows it."""
    gap = next((g for g in brief.gaps if g["column"] == fix["options"].get("column")), None)
    if fix["status"] == "not judged":
        advice = f"make it measurable ({fix['reason'].rstrip('.')})"
    else:
        advice = ADVICE[fix["kind"]].format(group=cell(gap["group"]) if gap else "a group")
    where = f" (see {PAGES[fix['anchor']]})" if fix["anchor"] in PAGES else ""
    name = plain_name({"check": fix["kind"], **fix["options"]})
    return f"{name} ({STOPS[fix['status']]}): {advice}{where}."


def fixes(brief, limit: int = 3) -> list[str]:
    """What to fix next: the checks that stop or qualify the release, first ``limit`` of them."""
    return [fix_sentence(brief, f) for f in brief.fixes[:limit]]


def more_fixes(brief, limit: int = 3) -> str:
    """How many more checks miss their bar than :func:`fixes` names (empty when none)."""
    rest = len(brief.fixes) - limit
    return f"{rest} more check{'s miss their' if rest != 1 else ' misses its'} bar: see the checks below." if rest > 0 else ""


def nothing_to_fix() -> str:
    return "Nothing stops or qualifies the release."


def brief_lines(brief) -> list[str]:
    """The go / no-go as plain lines, in the order the page and the report print them."""
    return ([decision_line(brief)] + reason_lines(brief) + (fixes(brief) or [nothing_to_fix()])
            + ([more_fixes(brief)] if more_fixes(brief) else []))


def reason_lines(brief) -> list[str]:
    """The three reasons as "label: sentence" lines (the report's bullets)."""
    return [f"{label}: {sentence}" for label, sentence in reasons(brief)]
