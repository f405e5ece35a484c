"""Plain sentences about a comparison: the one source for the Compare page, the report and the command line.

One meaning of the two roles everywhere: the *candidate* (the open model, the engine's ``challenger``) is judged
against the *champion* (the model you run today). Every function takes a :class:`Comparison` (or values from
one) and returns text; none calls the engine.
"""

from __future__ import annotations

import pandas as pd

from ..core.language import N_, _, current, decimal, join, ngettext, number, percent, pgettext
from ..core.words import p_value, value
from ..failures.words import name, threshold_text

CANDIDATE = "the candidate (the open model)"  # English phrases kept for the pages that still glue them (views/)
CHAMPION = "the champion (the model you run today)"
# Translators: the candidate is the new model being judged; the champion is the model in use today.
COLUMNS = {"champion": N_("champion (today)"), "challenger": N_("candidate (open model)"),
           "difference": N_("difference (candidate - champion)"), "champion_score": N_("champion score"),
           "challenger_score": N_("candidate score")}  # readable headers of Comparison.metrics and .flips, marked here
# and translated where shown (:func:`headers`)


def headers() -> dict:
    """COLUMNS in the reader's language, for ``DataFrame.rename(columns=...)``."""
    return {key: _(header) for key, header in COLUMNS.items()}


def role(which: str) -> str:
    """A model's role as a table cell: "candidate" (the engine's challenger) or "champion"."""
    # Translators: a model's role in a table cell.
    cells = {"challenger": _("candidate"), "champion": _("champion"), "neither": _("neither"), "both": _("both")}
    return cells.get(which, which)


def roles(comparison) -> str:
    """Who is who: "The candidate (the open model): X. The champion (the model you run today): Y."."""
    return _("The candidate (the open model): {candidate}. The champion (the model you run today): {champion}.",
             candidate=comparison.challenger_name, champion=comparison.champion_name)


def amount(x: float) -> str:
    """A metric or a difference: three significant digits (written the reader's way)."""
    text = f"{x:.3g}" if abs(x) >= 1e-3 or x == 0 else f"{x:.2g}"
    return text if current() == "en" or "e" in text else decimal(float(text))


def signed(x: float, digits: str = ".3g") -> str:
    """A signed number ("+0.012"), the reader's way."""
    text = f"{x:+{digits}}"
    return text if current() == "en" or "e" in text or "n" in text else text[0] + decimal(float(text[1:]))


def interval(low: float, high: float) -> str:
    """"95% interval 0.004 to 0.020"."""
    if pd.isna(low) or pd.isna(high):
        return _("no interval: too few rows")
    return _("95% interval {low} to {high}", low=amount(low), high=amount(high))


def judgement(row) -> str:
    """One metric's verdict: "better on ROC AUC by 0.012 (95% interval 0.004 to 0.020)"."""
    metric, size = name(row["metric"]), amount(abs(row["difference"]))
    detail = interval(row["low"], row["high"])
    if row["better"] == "challenger":
        return _("better on {metric} by {size} ({interval})", metric=metric, size=size, interval=detail)
    if row["better"] == "champion":
        return _("worse on {metric} by {size} ({interval})", metric=metric, size=size, interval=detail)
    if row["difference"] > 0:
        return _("not clearly different on {metric} ({size} higher; the {interval} includes no change)",
                 metric=metric, size=size, interval=detail)
    if row["difference"] < 0:
        return _("not clearly different on {metric} ({size} lower; the {interval} includes no change)",
                 metric=metric, size=size, interval=detail)
    return _("not clearly different on {metric} (the same; the {interval} includes no change)", metric=metric,
             interval=detail)


def headline(comparison, groups: dict | None = None) -> str:
    """The lead sentence: the headline metric's verdict, then any group where the candidate is worse.

    ``groups``: column -> the table of :meth:`Comparison.by_group` for that column.
    """
    first = comparison.metrics.iloc[0]
    verdict = judgement(first)
    worse = [_("{column} = {group} (by {size} {metric})", column=value(column, quote=False),
               group=value(row["group"], quote=False), size=amount(abs(row["difference"])), metric=name(row["metric"]))
             for column, table in (groups or {}).items() for _key, row in table[table["worse"]].iterrows()]
    if not worse:
        return _("Against the champion, the candidate is {verdict}.", verdict=verdict)
    if first["better"] == "challenger":
        return _("Against the champion, the candidate is {verdict}; but it is significantly worse for {groups}.",
                 verdict=verdict, groups=join(worse))
    return _("Against the champion, the candidate is {verdict}; it is significantly worse for {groups}.",
             verdict=verdict, groups=join(worse))


def other_metrics(comparison) -> str:
    """The verdict on the other metrics, one clause each."""
    rest = comparison.metrics.iloc[1:]
    if rest.empty:
        return ""
    return _("On the other metrics the candidate is {verdicts}.",
             verdicts=join([judgement(row) for _row, row in rest.iterrows()]))


def deciding(comparison) -> str:
    """Where both models decide: "Deciding at 0.215. Both models decide at the threshold 0.215: ..."."""
    if comparison.threshold is None:
        return comparison.decided
    return _("Deciding at {threshold}. {decided}", threshold=threshold_text(comparison.threshold),
             decided=comparison.decided)


def flips_sentence(comparison) -> str:
    """How many decisions change (at the threshold both decide at), and which model is right on them."""
    flips, total = comparison.flips, comparison.rows
    at = None if comparison.threshold is None else threshold_text(comparison.threshold)
    if flips.empty:
        if at is None:
            return _("No decision changes: the two models agree on all {total} rows.", total=number(total))
        return _("No decision changes at {threshold}: the two models agree on all {total} rows.", threshold=at,
                 total=number(total))
    counts = flips["right"].value_counts()
    values = dict(changed=number(len(flips)), total=number(total), agreement=percent(comparison.agreement),
                  candidate=number(counts.get("challenger", 0)), champion=number(counts.get("champion", 0)),
                  threshold=at, tolerance=None if comparison.tolerance is None else amount(comparison.tolerance))
    if comparison.tolerance is not None:
        text = _("{changed} of {total} rows' errors change by more than {tolerance} (the champion's mean absolute "
                 "error) (agreement {agreement}): the candidate is right on {candidate} of them, the champion on "
                 "{champion}", **values)
    elif at is None:
        text = _("{changed} of {total} decisions change (agreement {agreement}): the candidate is right on "
                 "{candidate} of them, the champion on {champion}", **values)
    else:
        text = _("{changed} of {total} decisions change at {threshold} (agreement {agreement}): the candidate is "
                 "right on {candidate} of them, the champion on {champion}", **values)
    neither = counts.get("neither", 0) + counts.get("both", 0)
    return (_("{sentence}, neither or both on {neither}.", sentence=text, neither=number(neither)) if neither
            else _("{sentence}.", sentence=text))


def flip_reason(why) -> str:
    """The columns whose attribution moved most, champion -> candidate: "credit_amount (-0.006 -> -0.066), ..."."""
    if not isinstance(why, list) or not why:
        return ""
    return _(", ").join(f"{r['column']} ({signed(r['champion'], '.3f')} -> {signed(r['challenger'], '.3f')})"
                        for r in why)


TESTS = {"Exact McNemar test (two-sided)": N_("Exact McNemar test (two-sided)"),
         "DeLong's test for correlated ROC AUCs (two-sided)": N_("DeLong's test for correlated ROC AUCs (two-sided)")}


def test_name(test: str) -> str:
    """A paired test's name in the reader's language (the result keeps the English name)."""
    return _(TESTS[test]) if test in TESTS else test


def tests_sentence(comparison) -> str:
    """The paired tests reported beside the intervals, in one technical sentence."""
    parts = [_("{test} for {metric}: {p}", test=test_name(row["test"]), metric=name(row["metric"]),
               p=local_p(row["p_value"])) for _row, row in comparison.tests.iterrows()]
    verdict = _("The verdict reads the bootstrap intervals, not these p-values.")
    # Translators: the separator between the tests' parts, "a; b" (French: a narrow no-break space before ";").
    separator = pgettext("list", "; ")
    return _("{tests}. {verdict}", tests=separator.join(parts), verdict=verdict) if parts else verdict


def local_p(p) -> str:
    """``core.words.p_value``: it writes the number the reader's way itself ("p = 0,86"; reading its German digits
    again as an English number raised ValueError in every German and French comparison)."""
    return p_value(p)


def calibration_sentence(comparison) -> str:
    """Both expected calibration errors."""
    if comparison.calibration is None:
        return ""
    a, b = comparison.calibration["champion"], comparison.calibration["challenger"]
    return _("Expected calibration error: champion {champion}, candidate {candidate} (0 is perfectly honest "
             "probabilities).", champion=ece(a.ece), candidate=ece(b.ece))


def ece(x: float) -> str:
    """An expected calibration error with three decimals: "0.042" / "0,042"."""
    return f"{x:.3f}" if current() == "en" else decimal(x, 3)


def slices_sentence(comparison) -> str:
    """Where the candidate is significantly worse than the champion, or that it is nowhere."""
    worse = comparison.challenger_worse
    # Translators: a slice is a group of rows described by one or two conditions, e.g. "age under 25".
    if worse.empty:
        return _("No slice of the data is significantly worse under the candidate ({rate} false discovery rate).",
                 rate=percent(0.05, 0))
    top = worse.iloc[0]
    return ngettext("The candidate is significantly worse in {n} slices ({rate} false discovery rate); the largest "
                    "loss is in {slice}: error {candidate} against {champion} for the champion over {size} rows.",
                    "The candidate is significantly worse in {n} slices ({rate} false discovery rate); the largest "
                    "loss is in {slice}: error {candidate} against {champion} for the champion over {size} rows.",
                    len(worse), rate=percent(0.05, 0), slice=top["slice"], candidate=amount(top["challenger_error"]),
                    champion=amount(top["champion_error"]), size=number(top["size"]))
