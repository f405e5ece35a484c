"""The gate's sentences, for the page, the report and the command line: one place each, in the reader's language
(whole templates with named placeholders from explainers/locale/; numbers written the local way)."""

from __future__ import annotations

import math

from ..core.language import N_, _, count, join, ngettext, number, percent, pgettext
from ..core.words import value as cell  # data values are the user's own: never translated
from ..failures.words import name as metric_name
from ..value import words as value_words
from .value import FALLBACKS


def fmt(x) -> str:
    """A measured number: 4 significant digits, written the reader's way; 'n/a' when it could not be measured."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        # Translators: a number that could not be measured ("not available").
        return _("n/a")
    return number(round(float(x), 4))


def interval(low, high) -> str:
    return _("95% interval {low} to {high}", low=fmt(low), high=fmt(high))


def check_name(check, subject: str = "") -> str:
    """A short name for check ``number``: "ROC AUC at least 0.85"; ``subject``: the outcome the four-fifths rule
    measures."""
    o = check.options
    names = {
        "metric": lambda: (_("{metric} at least {limit}", metric=metric_name(o["metric"]), limit=fmt(o["min"]))
                           if "min" in o else
                           _("{metric} at most {limit}", metric=metric_name(o["metric"]), limit=fmt(o["max"]))),
        "group_gap": lambda: _("{metric} gap between groups of {column} at most {limit}",
                               metric=metric_name(o["metric"]), column=o["column"], limit=fmt(o["max"])),
        "group_ratio": lambda: _("{metric} ratio between groups of {column} at least {limit}",
                                 metric=metric_name(o["metric"]), column=o["column"], limit=fmt(o["min"])),
        "four_fifths": lambda: _("Four-fifths rule by {column}: every group gets {outcome} at least {share} as often "
                                 "as the best-treated", column=o["column"], outcome=repr(subject),
                                 share=percent(o.get("min", 0.8), 0)),
        # Translators: "{level} sets" are confidence sets meant to hold the true outcome {level} of the time.
        "coverage": lambda: _("Coverage of {level} sets at least {share}", level=percent(o["level"], 0),
                              share=percent(o["level"] - o["tolerance"])),
        # Translators: drift is the change between the training data and the data seen now.
        "drift": lambda: _("Drift (PSI) at most {limit}", limit=fmt(o["max_psi"])),
        # Translators: a slice is a group of rows described by one or two conditions, e.g. "age under 25".
        "slices": lambda: ngettext("At most {n} failing slices on {columns}", "At most {n} failing slices on {columns}",
                                   o["max_significant"], columns=_columns(o.get("columns", "all"))),
        "champion": lambda: _("{metric} no more than {limit} worse than the champion", metric=metric_name(o["metric"]),
                              limit=fmt(o["max_drop"])),
        # Translators: a flip is a decision that changes when one column is moved a little.
        "robustness": lambda: _("Flip rate at most {share}", share=percent(o["max_flip_rate"])),
        "leakage": lambda: _("No leakage"),
        "determinism": lambda: _("Deterministic"),
        "value": lambda: (_("Worth at least {gain} more per 1,000 predictions than {fallback}", gain=fmt(o["min_gain"]),
                            fallback=_(subject) if subject else o["over"]) if o["over"] == "median" else
                          _("Worth at least {gain} more per 1,000 decisions than {fallback}", gain=fmt(o["min_gain"]),
                            fallback=_(subject) if subject else o["over"])),
        # Translators: the review band is the range of chances around the threshold sent to a person to decide.
        "review_share": lambda: _("Review band sends at most {share} of cases to a person", share=percent(o["max"])),
    }
    return f"{check.number}. {names[check.kind]()}"


def _columns(chosen) -> str:
    if isinstance(chosen, str) and chosen in ("all", "sensitive"):
        return _("any column") if chosen == "all" else _("sensitive columns")
    return join(list(chosen))


def evidence(measured, met: bool, status: str) -> str:
    """What was measured, which bound was compared with which limit, and the outcome."""
    if status == "not judged" or measured.not_judged:
        return _("{detail} Not judged: {reason}", detail=measured.detail, reason=not_judged_reason(measured)).strip()
    # Translators: {bound} is what the gate compares ("lower bound", "upper bound", "count"...), {value} its value.
    templates = {("min", True): _("{detail} The {bound} {value} meets the minimum {limit}"),
                 ("min", False): _("{detail} The {bound} {value} misses the minimum {limit}"),
                 ("max", True): _("{detail} The {bound} {value} meets the maximum {limit}"),
                 ("max", False): _("{detail} The {bound} {value} misses the maximum {limit}")}
    side = "min" if measured.direction == "min" else "max"
    text = templates[(side, bool(met))].format(detail=measured.detail, bound=bound_name(measured.bound_name),
                                               value=fmt(measured.bound), limit=fmt(measured.limit))
    point_ok = (measured.value >= measured.limit if measured.direction == "min"
                else measured.value <= measured.limit)
    if not met and point_ok and measured.bound_name in ("lower bound", "upper bound"):
        # Translators: the gate is the release check of a model against its written policy (not a door or barrier).
        text += " " + _("(the point estimate alone would meet it, but the gate judges the bound)")
    text += "."
    if measured.broken:
        text += f" {measured.broken}"
    return text


# Translators: what a release check compares with its limit (the lower or upper end of a 95% interval, a count).
BOUND_NAMES = {"lower bound": N_("lower bound"), "upper bound": N_("upper bound"), "count": N_("count"),
               "number of suspected leaks": N_("number of suspected leaks"), "share of rows": N_("share of rows")}


def bound_name(name: str) -> str:
    """What a check is judged on ("lower bound"...), in the reader's language (an unknown name as it is)."""
    return _(BOUND_NAMES[name]) if name in BOUND_NAMES else str(name)


def status_word(status: str) -> str:
    """A check's status for a person ("pass", "bestanden", "réussi"); the status itself stays the English key."""
    # Translators: the outcome of one release check: pass, warn (an exception to accept), fail, not judged.
    words = {"pass": pgettext("status", "pass"), "warn": pgettext("status", "warn"), "fail": pgettext("status", "fail"),
             "not judged": pgettext("status", "not judged")}
    return words.get(status, status)


def not_judged_reason(measured) -> str:
    """Why a check could not be judged, as a sentence."""
    reason = measured.not_judged or _("its value or interval could not be computed on these rows")
    return reason if reason.endswith(".") else reason + "."


def unjudged_fails() -> str:
    return " " + _("The policy fails a check it cannot judge (not_judged: fail).")


def rollback(check, measured) -> str:
    """The value at which a live model should be rolled back, as a monitoring rule (empty for yes/no checks)."""
    o, limit = check.options, fmt(measured.limit)
    rules = {
        "metric": lambda: f"{o['metric']} {'<' if 'min' in o else '>'} {limit}",
        "group_gap": lambda: _("max gap in {metric} between groups of {column} > {limit}", metric=o["metric"],
                               column=o["column"], limit=limit),
        "group_ratio": lambda: _("lowest {metric} ratio between groups of {column} < {limit}", metric=o["metric"],
                                 column=o["column"], limit=limit),
        "four_fifths": lambda: _("lowest ratio of {outcome} decisions between a group of {column} and the "
                                 "best-treated group < {limit}", outcome=repr(measured.subject), column=o["column"],
                                 limit=limit),
        "coverage": lambda: _("coverage of {level} sets < {limit}", level=percent(o["level"], 0), limit=limit),
        "drift": lambda: _("PSI of any column > {limit}", limit=limit),
        "robustness": lambda: _("flip rate of any column > {limit}", limit=limit),
        "champion": lambda: _("{metric} worse than the champion by > {limit}", metric=o["metric"], limit=limit),
        "value": lambda: (_("the gain per 1,000 predictions over {fallback} < {limit}",
                            fallback=_(measured.subject) if measured.subject else o["over"], limit=limit)
                          if o["over"] == "median" else
                          _("the gain per 1,000 decisions over {fallback} < {limit}",
                            fallback=_(measured.subject) if measured.subject else o["over"], limit=limit)),
        "review_share": lambda: _("share of cases sent to review > {limit}", limit=limit),
    }
    if check.kind not in rules or measured.not_judged:
        return ""
    if measured.direction == "min":
        return _("Roll back when {rule} on recent rows: when even the upper end of its 95% interval is past {limit}.",
                 rule=rules[check.kind](), limit=limit)
    return _("Roll back when {rule} on recent rows: when even the lower end of its 95% interval is past {limit}.",
             rule=rules[check.kind](), limit=limit)


def headline(result) -> str:
    """The verdict in one sentence (checks that fail or miss their bar named first), then the threshold."""
    total, failed, warned, unjudged = len(result.checks), result.failed, result.warned, result.not_judged
    names = lambda checks: join([c.name for c in checks])
    if failed and result.fails_unjudged and result.not_judged:
        text = ngettext("Not ready to go live: {n} of {total} checks failed or could not be judged (the policy fails "
                        "a check it cannot judge) ({names}).",
                        "Not ready to go live: {n} of {total} checks failed or could not be judged (the policy fails "
                        "a check it cannot judge) ({names}).", len(failed), total=count(total), names=names(failed))
    elif failed:
        text = ngettext("Not ready to go live: {n} of {total} checks failed ({names}).",
                        "Not ready to go live: {n} of {total} checks failed ({names}).", len(failed),
                        total=count(total), names=names(failed))
    elif warned:
        text = ngettext("May go live only with accepted exceptions: {n} check misses its bar ({names}).",
                        "May go live only with accepted exceptions: {n} checks miss their bar ({names}).", len(warned),
                        names=names(warned))
    elif unjudged:
        text = _("May go live: {passed} of {total} checks passed.", passed=count(total - len(unjudged)),
                 total=count(total))
    else:
        text = ngettext("May go live: all {n} checks passed.", "May go live: all {n} checks passed.", total)
    if unjudged and not result.fails_unjudged:
        text += " " + ngettext("{n} could not be judged ({names}); the policy does not fail a check it cannot judge.",
                               "{n} could not be judged ({names}); the policy does not fail a check it cannot judge.",
                               len(unjudged), names=names(unjudged))
    return f"{text} {deciding_at(result)}".strip()


def deciding_at(result) -> str:
    """Which decision threshold the verdict judged (empty for models that do not decide at one)."""
    if result.threshold is None:
        return ""
    if result.threshold_source == "policy":
        return _("Decided at the threshold {threshold} (the policy's own).", threshold=fmt(result.threshold))
    return _("Decided at the threshold {threshold}.", threshold=fmt(result.threshold))


def judged_on_bounds() -> str:
    return _("Each number is judged on its 95% interval: a minimum is met only when the lower bound meets it, a "
             "maximum only when the upper bound does.")


POLICY_FILE = "the policy file "  # policy.py's source for a file: "the policy file gate.yaml"


def policy_source(source: str) -> str:
    """Where a policy came from, in the reader's language: the source stays English in results and signatures."""
    source = str(source)
    if source.startswith(POLICY_FILE):
        return _("the policy file {name}", name=source[len(POLICY_FILE):])
    return _(source)  # "the default policy", "the policy given", "the sidecar's policy" (marked N_ where written)


def method(case, policy, n_boot: int, random_state, threshold) -> str:
    if threshold is None:
        first = ngettext("{n} checks from {source} judged on {rows} rows, the model's own decisions.",
                         "{n} checks from {source} judged on {rows} rows, the model's own decisions.",
                         len(policy.checks), source=policy_source(policy.source), rows=count(len(case.X)))
    else:
        first = ngettext("{n} checks from {source} judged on {rows} rows, decisions at the threshold {threshold} on "
                         "the chance of {outcome}.",
                         "{n} checks from {source} judged on {rows} rows, decisions at the threshold {threshold} on "
                         "the chance of {outcome}.", len(policy.checks), source=policy_source(policy.source),
                         rows=count(len(case.X)), threshold=fmt(threshold), outcome=repr(case.positive_class))
    how = _("Metrics, group gaps and ratios come from the measures layer: rates with Wilson intervals (MOVER for their "
            "gaps and ratios), other metrics with a Poisson bootstrap over cells of alike rows ({rounds} rounds, seed "
            "{seed}); drift: PSI with redrawn bucket counts; champion: paired bootstrap (champion, slices and "
            "robustness checks read the model's own decisions).", rounds=count(n_boot), seed=random_state)
    return f"{first} {judged_on_bounds()} {how}"


# -- what each family measured -----------------------------------------------------------------------------
def metric_detail(key: str, value, low, high, how: str = "") -> str:
    values = {"metric": metric_name(key), "value": fmt(value), "low": fmt(low), "high": fmt(high)}
    if how == "Wilson":
        return _("{metric} is {value} (95% Wilson interval {low} to {high}).", **values)
    if how == "bootstrap":
        return _("{metric} is {value} (95% Poisson-bootstrap interval {low} to {high}).", **values)
    return _("{metric} is {value} (95% interval {low} to {high}).", **values)


def no_interval(key: str) -> str:
    return _("{metric} or its interval could not be computed on these rows (e.g. no row of a class)",
             metric=metric_name(key))


def no_ratio(key: str, top) -> str:
    return _("no ratio of {metric} can be formed: the highest group ({top}) is at 0", metric=metric_name(key), top=top)


def nobody_favoured(options: dict, good) -> str:
    return _("no group of {column} gets {outcome} at all, so no ratio can be formed", column=options["column"],
             outcome=repr(good))


def four_fifths_detail(options: dict, good, group, rate, best, best_rate, value, low) -> str:
    # Translators: {outcome} is the favourable outcome, quoted as in the data ('good'); {best} the best-treated group.
    return _("{rate} of {group} get {outcome} against {best_rate} of {best} (the best-treated group of {column}): a "
             "ratio of {ratio}, lower bound {low}.", rate=percent(rate), group=group, outcome=repr(good),
             best_rate=percent(best_rate), best=best, column=options["column"], ratio=fmt(value), low=fmt(low))


def too_few_groups(options: dict) -> str:
    return _("fewer than two groups of {column} have at least {rows} rows, so there is nothing to compare",
             column=options["column"], rows=count(options.get("min_rows", 30)))


def gap_detail(options: dict, a, rate_a, b, rate_b, bound) -> str:
    return _("{metric} by {column}: {a} {rate_a} against {b} {rate_b}; the widest plausible gap between two groups is "
             "{bound}.", metric=metric_name(options["metric"]), column=options["column"], a=a, rate_a=fmt(rate_a),
             b=b, rate_b=fmt(rate_b), bound=fmt(bound))


def ratio_detail(options: dict, group, rate, top, top_rate, value, low) -> str:
    return _("{metric} by {column}: {group} {rate} against {top} {top_rate} (the highest), a ratio of {ratio} with "
             "lower bound {low}.", metric=metric_name(options["metric"]), column=options["column"], group=group,
             rate=fmt(rate), top=top, top_rate=fmt(top_rate), ratio=fmt(value), low=fmt(low))


def coverage_detail(level, coverage, low, high, rows) -> str:
    return _("Sets meant to hold the truth {level} of the time held it for {coverage} of {rows} held-out rows "
             "({interval}).", level=percent(level, 0), coverage=percent(coverage), rows=count(rows),
             interval=interval(low, high))


def drift_detail(column, value, low, high, columns: int) -> str:
    return _("Of {columns} columns, {column} has the widest drift: PSI {value} ({interval}).", columns=count(columns),
             column=column, value=fmt(value), interval=interval(low, high))


def slices_detail(count: int, columns: list, worst, alpha: float) -> str:
    if count == 0:
        return _("No slice on {columns} is significantly worse ({alpha} FDR).",
                 columns=join(columns[:6]) or _("these columns"), alpha=percent(alpha, 0))
    return ngettext("{n} significantly worse slice ({alpha} FDR); the worst: {slice}, error {error} against "
                    "{elsewhere} elsewhere.",
                    "{n} significantly worse slices ({alpha} FDR); the worst: {slice}, error {error} against "
                    "{elsewhere} elsewhere.", count, alpha=percent(alpha, 0), slice=worst["slice"],
                    error=percent(worst["error"]), elsewhere=percent(worst["error_elsewhere"]))


def nothing_moved() -> str:
    return _("No column could be moved, so no flip rate was measured.")


def flips_detail(scan, widest) -> str:
    return _("Moving one column a little changed up to {share} of decisions ({column}); the widest interval is "
             "{widest}'s, {low} to {high}.", share=percent(scan.max_flip_rate), column=scan.max_flip_column,
             widest=widest["column"], low=percent(widest["ci_low"]), high=percent(widest["ci_high"]))


def leakage_detail(leaks) -> str:
    if leaks.empty:
        return _("No leakage found (no column is almost the label; batch and single answers agree).")
    return _("Leakage: {evidence}", evidence=" ".join(leaks["evidence"].head(3)))


def determinism_detail(scan) -> str:
    if scan.deterministic:
        return _("Two identical calls gave the same output on all {rows} rows tried.", rows=count(scan.repeats.rows))
    return _("Two identical calls gave different outputs on {share} of rows.", share=percent(scan.repeats.repeat_share))


def champion_detail(key: str, comparison, row, drop, low, high) -> str:
    return _("{metric}: champion {champion}, this model {candidate} on the same {rows} rows; it is worse by {drop} "
             "({interval}; negative means better).", metric=metric_name(key), champion=fmt(row["champion"]),
             candidate=fmt(row["challenger"]), rows=count(comparison.rows), drop=fmt(drop),
             interval=interval(low, high))


def worse_groups(pairs: list) -> str:
    if not pairs:
        return ""
    return _("It is significantly worse than the champion for {groups}.",
             groups=join([f"{g} ({c})" for c, g in pairs]))


# -- plain check names (the policy form, the go / no-go) ------------------------------------------------------
def _pct(share) -> str:
    """80%, 2%, 2.5%: whole percentages without a decimal."""
    return percent(share, 0 if abs(round(share * 100) - share * 100) < 1e-9 else 1)


def plain_name(entry) -> str:
    """A check as a manager reads it: "ROC AUC at least 0.75 (judged on its lower bound)", "Each group of age
    is approved at least 80% as often as the best-treated group". ``entry``: a policy's check mapping or a Check."""
    kind, o = (entry["check"], entry) if isinstance(entry, dict) else (entry.kind, entry.options)
    over = o.get("over")  # the value check's fallback (a key: no string literal inside _() calls)
    names = {
        "metric": lambda: (_("{metric} at least {limit} (judged on its lower bound)", metric=metric_name(o["metric"]),
                             limit=fmt(o["min"])) if "min" in o else
                           _("{metric} at most {limit} (judged on its upper bound)", metric=metric_name(o["metric"]),
                             limit=fmt(o["max"]))),
        "group_gap": lambda: _("{metric} differs between groups of {column} by at most {limit} (judged on the widest "
                               "plausible gap)", metric=metric_name(o["metric"]), column=o["column"],
                               limit=fmt(o["max"])),
        "group_ratio": lambda: _("{metric} of each group of {column} at least {limit} times the highest group's "
                                 "(judged on its lower bound)", metric=metric_name(o["metric"]), column=o["column"],
                                 limit=fmt(o["min"])),
        "four_fifths": lambda: _("Each group of {column} is approved at least {share} as often as the best-treated "
                                 "group", column=o["column"], share=_pct(o.get("min", 0.8))),
        "coverage": lambda: _("{level} confidence sets hold the truth at least {share} of the time",
                              level=_pct(o["level"]), share=_pct(round(o["level"] - o["tolerance"], 6))),
        "drift": lambda: _("No column drifts from the training data by more than {limit} (PSI)",
                           limit=fmt(o["max_psi"])),
        "slices": lambda: (_("No group of rows on {columns} fails significantly more often",
                             columns=_columns(o.get("columns", "all"))) if o["max_significant"] == 0 else
                           ngettext("At most {n} groups of rows on {columns} fail significantly more often",
                                    "At most {n} groups of rows on {columns} fail significantly more often",
                                    o["max_significant"], columns=_columns(o.get("columns", "all")))),
        "champion": lambda: _("{metric} no more than {limit} worse than the champion's", metric=metric_name(o["metric"]),
                              limit=fmt(o["max_drop"])),
        "robustness": lambda: _("A small change to one column flips at most {share} of decisions",
                                share=_pct(o["max_flip_rate"])),
        "leakage": lambda: _("No column gives the answer away (leakage)"),
        "determinism": lambda: _("The same row always gets the same answer"),
        "value": lambda: (_("Worth at least {gain} more per 1,000 predictions than {fallback}",
                            gain=fmt(o["min_gain"]), fallback=_(FALLBACKS[over])) if over == "median" else
                          _("Worth at least {gain} more per 1,000 decisions than {fallback}", gain=fmt(o["min_gain"]),
                            fallback=_(FALLBACKS[over]))),
        "review_share": lambda: _("The review band sends at most {share} of cases to a person", share=_pct(o["max"])),
    }
    return names[kind]()


# -- the go / no-go (explainers.gate.brief) -------------------------------------------------------------------
PAGES = {"failures": N_("Where it fails"), "robustness": N_("How robust"), "confidence": N_("How sure"),
         "data-health": N_("Data health"), "value": N_("What is it worth"), "compare": N_("Compare")}
ADVICE = {
    "metric": N_("improve the model (more or better data, better features), or lower the bar with a written reason"),
    "group_gap": N_("find out why {group} is treated differently, then retrain or move the threshold"),
    "group_ratio": N_("find out why {group} is treated differently, then retrain or move the threshold"),
    "four_fifths": N_("find out why {group} is approved less often, then retrain or move the threshold"),
    "coverage": N_("the stated confidence does not hold, so recalibrate on recent rows the model was not trained on"),
    "drift": N_("the data has moved away from what the model learned from, so retrain on recent rows"),
    "slices": N_("some groups of rows fail much more often, so add data or features for them"),
    "champion": N_("it is worse than the model you run today, so keep that one"),
    "robustness": N_("small changes flip too many decisions, so make the model less sensitive to the columns that flip "
                     "most"),
    "leakage": N_("remove the column that gives the answer away and retrain"),
    "determinism": N_("fix the model's randomness (set random_state) so the same row always gets the same answer"),
    "value": N_("it is not worth enough at this threshold, so move the threshold or revisit the values per outcome"),
    "review_share": N_("the review band sends too many cases to a person, so narrow it or accept the cost"),
}
STOPS = {"fail": N_("stops the release"), "warn": N_("an exception to accept"),
         "not judged": N_("could not be judged")}


def decision_line(brief) -> str:
    """The decision in one line."""
    c = brief.counts
    total, failed, warned, unjudged = c["total"], c["failed"], c["warned"], c["not_judged"]
    if brief.decision == "no-go":
        text = ngettext("No-go: {n} of {total} checks stop the release.",
                        "No-go: {n} of {total} checks stop the release.", failed, total=count(total))
    elif brief.decision == "exceptions":
        text = ngettext("Go only with accepted exceptions: {n} of {total} checks miss their bar; none stops the "
                        "release, but each must be accepted in writing.",
                        "Go only with accepted exceptions: {n} of {total} checks miss their bar; none stops the "
                        "release, but each must be accepted in writing.", warned, total=count(total))
    elif unjudged:
        text = _("Go: {passed} of {total} checks pass and none fails.", passed=count(total - unjudged),
                 total=count(total))
    else:
        text = ngettext("Go: all {n} checks pass.", "Go: all {n} checks pass.", total)
    if unjudged and brief.decision != "no-go":
        text += " " + ngettext("{n} could not be judged.", "{n} could not be judged.", unjudged)
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
            return _("{metric} is {value} ({interval}).", metric=metric_name(key), value=fmt(value),
                     interval=interval(low, high))
        return _("Without labels, misses and false alarms cannot be counted.")
    values = {"missed": count(brief.missed), "positives": count(brief.positives), "flagged": _class(brief.flagged),
              "false_alarms": count(brief.false_alarms), "negatives": count(brief.negatives),
              "cleared": _class(brief.cleared)}
    # Translators: {flagged} and {cleared} are the two classes as the data names them ("bad", "good").
    if brief.threshold is None:
        return _("With its own decisions the model misses {missed} of {positives} {flagged} cases and wrongly flags "
                 "{false_alarms} of {negatives} {cleared} ones.", **values)
    return _("At the threshold {threshold} the model misses {missed} of {positives} {flagged} cases and wrongly flags "
             "{false_alarms} of {negatives} {cleared} ones.", threshold=fmt(brief.threshold), **values)


def worth_sentence(brief) -> str:
    """What the model is worth against approving everyone (the value section's own sentence)."""
    if brief.worth is None:
        return _("Not priced: {reason}.", reason=brief.value_note.rstrip("."))
    text = value_words.headline(brief.worth)
    return text if brief.worth.values.currency else text + " " + _("Amounts are in the units of the stated costs.")


def gap_sentence(brief) -> str:
    """The worst four-fifths ratio, with its groups, and how many other columns miss the rule too."""
    if not brief.gaps:
        return _("Not measured: {reason}.", reason=brief.gap_note)
    g = brief.gaps[0]
    values = {"column": g["column"], "group": cell(g["group"]), "best": cell(g["best"]), "ratio": percent(g["ratio"], 0),
              "low": percent(g["low"]), "limit": _pct(g["limit"])}
    if g["low"] >= g["limit"]:
        text = _("By {column}, the least-approved group ({group}) is approved {ratio} as often as the best-treated "
                 "({best}); even the low end of its 95% interval ({low}) meets the four-fifths rule ({limit}).",
                 **values)
    else:
        text = _("By {column}, {group} are approved (get {outcome}) only {ratio} as often as {best} ({rate} against "
                 "{best_rate}); the four-fifths rule asks for at least {limit}, judged on the low end of its 95% "
                 "interval ({low}).", outcome=_class(brief.favourable), rate=percent(g["rate"], 0),
                 best_rate=percent(g["best_rate"], 0), **values)
    others = [x["column"] for x in brief.gaps[1:] if x["low"] < x["limit"]]
    if others:
        text += " " + ngettext("{columns} misses it too.", "{columns} miss it too.", len(others), columns=join(others))
    if not g["checked"]:
        text += " " + _("The policy does not check this.")
    return text


def reasons(brief) -> list[tuple[str, str]]:
    """The three reasons that matter most, as (label, sentence), led by what the business feels."""
    return [(_("Misses and false alarms"), outcomes_sentence(brief)), (_("What it is worth"), worth_sentence(brief)),
            (_("Group gaps"), gap_sentence(brief))]


def fix_sentence(brief, fix) -> str:
    """One check to fix: its plain name, why it matters here, and the page that shows it."""
    gap = next((g for g in brief.gaps if g["column"] == fix["options"].get("column")), None)
    kind, status, anchor = fix["kind"], fix["status"], fix["anchor"]  # keys: no string literal inside _() calls
    if fix["status"] == "not judged":
        advice = _("make it measurable ({reason})", reason=fix["reason"].rstrip("."))
    else:
        advice = _(ADVICE[kind], group=cell(gap["group"]) if gap else _("a group"))
    values = {"check": plain_name({"check": kind, **fix["options"]}), "status": _(STOPS[status]),
              "advice": advice}
    if fix["anchor"] in PAGES:
        return _("{check} ({status}): {advice} (see {page}).", page=_(PAGES[anchor]), **values)
    return _("{check} ({status}): {advice}.", **values)


def fixes(brief, limit: int = 3) -> list[str]:
    """What to fix next: the checks that stop or qualify the release, first ``limit`` of them."""
    return [fix_sentence(brief, f) for f in brief.fixes[:limit]]


def more_fixes(brief, limit: int = 3) -> str:
    """How many more checks miss their bar than :func:`fixes` names (empty when none)."""
    rest = len(brief.fixes) - limit
    if rest <= 0:
        return ""
    return ngettext("{n} more check misses its bar: see the checks below.",
                    "{n} more checks miss their bar: see the checks below.", rest)


def nothing_to_fix() -> str:
    return _("Nothing stops or qualifies the release.")


def brief_lines(brief) -> list[str]:
    """The go / no-go as plain lines, in the order the page and the report print them."""
    return ([decision_line(brief)] + reason_lines(brief) + (fixes(brief) or [nothing_to_fix()])
            + ([more_fixes(brief)] if more_fixes(brief) else []))


def reason_lines(brief) -> list[str]:
    """The three reasons as "label: sentence" lines (the report's bullets)."""
    # Translators: a bullet of the go / no-go: a short label, then its sentence.
    return [_("{label}: {sentence}", label=label, sentence=sentence) for label, sentence in reasons(brief)]
