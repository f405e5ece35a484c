"""What is it worth, in plain words: the page and the report read the same sentences from here."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..core.words import join, number, percent
from ..core.words import value as cell

SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "€": "€", "$": "$", "£": "£"}


def money(amount: float, values) -> str:
    """An amount as people write money: "€41,000", "-€1,250", "41,000 CHF"; large amounts to 3 significant
    digits, small ones to the cent; "n/a" when it could not be computed."""
    if amount is None or not math.isfinite(float(amount)):
        return "n/a"
    amount = float(amount)
    size = abs(amount)
    if size >= 10_000:
        size = float(f"{size:.3g}")
    text = f"{size:,.0f}" if size >= 10 or size == int(size) else f"{size:,.2f}"
    sign = "-" if amount < 0 and text.strip("0.,") else ""
    code = values.currency
    if code is None:
        return f"{sign}{text}"
    symbol = SYMBOLS.get(code.upper() if len(code) == 3 else code)
    return f"{sign}{symbol}{text}" if symbol else f"{sign}{text} {code}"


def name(found, key: str) -> str:
    """A fallback's name in a sentence: "approving everyone", "the one-column rule on checking_account"."""
    if found.task == "regression":
        if key in ("median", "approve_all"):
            notes = dict(zip(found.fallbacks["name"], found.fallbacks["note"], strict=True))
            return "predicting the median" if notes.get("median") else "predicting the training median"
        if key == "person":
            return "a person predicting every case"
    if key in (found.approve, "approve_all"):
        return "approving everyone"
    if key in (found.reject, "reject_all"):
        return "rejecting everyone"
    if key == "one_rule":
        return f"the one-column rule on {found.rule.column}" if found.rule else "the one-column rule"
    return {"model": "the model", "champion": "the champion", "person": "a person deciding every case"}.get(key, key)


def label(found, key: str) -> str:
    """A fallback's name in a table or chart: "Approve everyone", "One-column rule (checking_account)"."""
    text = name(found, key)
    return text[0].upper() + text[1:] if text else key


def _per(found) -> tuple[str, float]:
    """(' a month', factor) with a monthly volume, else (' per 1,000 decisions', factor)."""
    v = found.values
    if v.monthly_volume is not None:
        return " a month", v.monthly_volume / found.rows
    return f" per 1,000 {v.per}s", 1000 / found.rows


def difference(found, key: str) -> str:
    """The model against one fallback, sentence first: "Using the model saves about €41,000 a month compared
    with approving everyone (95% interval €28,000 to €55,000)."."""
    row = found.row(key)
    if not math.isfinite(row["difference"]):
        return f"The model cannot be compared with {name(found, key)}: {row['note']}."
    when, factor = _per(found)
    gain, low, high = row["difference"] * factor, row["low"] * factor, row["high"] * factor
    verb = "saves" if gain >= 0 else "loses"
    if gain < 0:
        low, high = -high, -low  # the interval of what it loses
    text = (f"Using the model {verb} about {money(abs(gain), found.values)}{when} compared with {name(found, key)} "
            f"(95% interval {money(low, found.values)} to {money(high, found.values)}).")
    if low <= 0 <= high:
        text += " The interval includes no difference: these rows cannot tell them apart."
    return text


def headline(found) -> str:
    """The first sentence: the model against approving everyone."""
    return difference(found, found.approve)


def others(found) -> list[str]:
    """One sentence per other fallback."""
    return [difference(found, key) for key in found.fallbacks["name"] if key not in ("model", found.approve)]


def fallback_table(found):
    """The fallbacks for people: name, value per 1,000 (and a month), the model's gain and its interval."""
    v = found.values
    when, factor = _per(found)
    rows = []
    for _, r in found.fallbacks.iterrows():
        rows.append({"Predicted by" if found.task == "regression" else "Decided by": label(found, r["name"]),
                     f"Value per 1,000 {v.per}s": money(r["per_1000"], v),
                     **({"Value a month": money(r["per_month"], v)} if v.monthly_volume is not None else {}),
                     f"The model's gain{when}": "—" if r["name"] == "model" else money(r["difference"] * factor, v),
                     "95% interval": "—" if r["name"] == "model" or not math.isfinite(r["low"])
                     else f"{money(r['low'] * factor, v)} to {money(r['high'] * factor, v)}",
                     "Note": r["note"]})
    return pd.DataFrame(rows)


def rule_sentence(found, case) -> str:
    """What the one-column rule does, or why it was not learned."""
    rule = found.rule
    if rule is None:
        return ""
    if found.task == "regression":
        return _cut_sentence(found, rule)
    flag = cell(case.positive_class)
    if rule.kind == "cut":
        side = "at least" if rule.above else "below"
        what = f"{rule.column} is {side} {number(round(rule.cut, 4))}"
    else:
        what = f"{rule.column} is {_either([cell(c) for c in rule.categories]) or 'never'}"
    return (f"The one-column rule, learned on {rule.training_rows:,} training rows, decides {flag} when {what} "
            f"(other rows: {flag if rule.otherwise else 'the other class'}).")


def _cut_sentence(found, rule) -> str:
    """The regression rule: "... predicts 32.37 when hour is below 7, else 253.5"."""
    if rule.kind == "cut":
        what = f"{rule.column} is below {number(round(rule.cut, 4))}"
    else:
        what = f"{rule.column} is {_either([cell(c) for c in rule.low_categories]) or 'never'}"
    median = (f" The constant fallback predicts the median, {cell(found.median)}, for every row: priced per unit of "
              "absolute error, the median is the constant that errs least (the mean errs least in squares)."
              if found.median is not None else "")
    return (f"The one-column rule, learned on {rule.training_rows:,} training rows, predicts {cell(rule.low_mean)} "
            f"when {what}, else {cell(rule.high_mean)} (each side's training mean; rows it cannot place get the "
            f"training mean, {cell(rule.otherwise)}).{median}")


def _error_values_sentence(found) -> str:
    """A regressor's prices in force, where they came from, and what was assumed."""
    v = found.values
    source = {"given": "as given", "sidecar value": "from the sidecar's value",
              "default": "by default: no value was stated, so each unit of error loses 1"}[v.source]
    text = (f"Value per {v.per} ({source}): {money(v.per_unit_error, v)} per unit of absolute error, review "
            f"{money(v.review, v)}")
    text += f", {money(v.per_decision, v)} per {v.per} made." if v.per_decision else "."
    if not v.currency:
        text += " Amounts are in the units of the stated values (no currency given)."
    if v.review_assumed:
        text += (f" No review cost was stated: a review is assumed to cost half the model's average error "
                 f"(half of its mean absolute error, {cell(v.model_mae)}, priced).")
    if found.review_error_assumed:
        text += (f" The person is assumed as accurate as the model on average: off by {cell(found.review_error)} "
                 "on every case they decide (state review_error to change it).")
    else:
        text += f" The person is assumed off by {cell(found.review_error)} on every case they decide."
    if v.monthly_volume is not None:
        text += f" Monthly volume: {number(v.monthly_volume)} {v.per}s."
    return text


def prices_line(found, case) -> str:
    """A regressor's prices in one plain line, assumptions named: the page shows it under the headline."""
    v = found.values
    review = f"{money(-v.review, v)}" + (" (assumed: half the model's average error)" if v.review_assumed else "")
    person = (f"off by {cell(found.review_error)} (assumed: as accurate as the model on average)"
              if found.review_error_assumed else f"off by {cell(found.review_error)}")
    return (f"Each prediction is priced by how far it is off: every unit of {cell(case.target, quote=False)} it is "
            f"off by loses {money(-v.per_unit_error, v)}. A person checking a prediction costs {review} and is {person}.")


def values_sentence(found) -> str:
    """The prices in force and where they came from."""
    if found.task == "regression":
        return _error_values_sentence(found)
    v = found.values
    parts = [f"{k.replace('_', ' ')} {money(v.of(k), v)}" for k in
             ("true_positive", "false_positive", "true_negative", "false_negative", "review")]
    source = {"given": "as given", "sidecar value": "from the sidecar's value", "sidecar costs":
              "from the sidecar's costs, errors as losses", "default costs": "by default, each error loses 1"}[v.source]
    text = f"Value per {v.per} ({source}): {join(parts)}."
    if not v.currency:
        text += " Amounts are in the units of the stated costs (no currency given)."
    if v.review_assumed:
        text += " No review cost was stated: a review is assumed to cost half the cheaper error."
    text += f" The person is assumed wrong on {percent(found.review_error, 0)} of the cases they decide."
    if v.monthly_volume is not None:
        text += f" Monthly volume: {number(v.monthly_volume)} {v.per}s."
    return text


def review_sentence(found) -> str:
    """The best review band in one sentence, with its interval."""
    b, v = found.best_band, found.values
    when, factor = _per(found)
    if found.task == "regression":
        return _width_sentence(found, b, v, when, factor)
    if b.kind == "none":
        return (f"Sending unsure cases to a person does not pay at a review cost of {money(-v.review, v)}: "
                "the model deciding every case is worth most on these rows.")
    what = (f"whose score lies within {b.width:g} of the threshold ({b.lower:.3g} to {b.upper:.3g})" if b.kind == "score"
            else "whose conformal set holds both classes")
    text = (f"Sending the {b.reviewed:,} cases ({percent(b.review_share, 0)}) {what} to a person gains about "
            f"{money(b.gain * factor, v)}{when} over letting the model decide everything (95% interval "
            f"{money(b.gain_low * factor, v)} to {money(b.gain_high * factor, v)}).")
    if b.gain_low <= 0:
        text += " The interval includes no gain: the band may not pay on new rows."
    return text


def _width_sentence(found, b, v, when, factor) -> str:
    """A regressor's best review band: the widest conformal intervals sent to a person."""
    if b.kind == "none":
        return (f"Sending the least certain {v.per}s to a person does not pay at a review cost of "
                f"{money(-v.review, v)}: the model predicting every case is worth most on these rows.")
    what = (f"whose conformal interval is wider than {cell(b.width)}" if np.isfinite(b.width) else "")
    text = (f"Sending the {b.reviewed:,} {v.per}s ({percent(b.review_share, 0)}) {what} to a person gains about "
            f"{money(b.gain * factor, v)}{when} over letting the model predict everything (95% interval "
            f"{money(b.gain_low * factor, v)} to {money(b.gain_high * factor, v)}).")
    if b.gain_low <= 0:
        text += " The interval includes no gain: the band may not pay on new rows."
    return text.replace("  ", " ")


def review_share_sentence(found) -> str:
    b = found.best_band
    return (f"The band sends {percent(b.review_share, 1)} of cases to review (95% interval {percent(b.share_low, 1)} "
            f"to {percent(b.share_high, 1)}).")


def by_group_sentence(found) -> str:
    """Is one group deferred much more often than another?"""
    t = found.table
    if t["reviewed"].sum() == 0:
        return f"No case is sent to review, so no group of {found.column} is deferred more than another."
    if not math.isfinite(found.ratio):
        return f"The review shares of the groups of {found.column} cannot be compared."
    most = t.loc[t["share"].idxmax()]
    least = t.loc[t["share"].idxmin()]
    return (f"By {found.column}: {cell(most['group'])} is sent to review most often ({percent(most['share'], 0)}), "
            f"{cell(least['group'])} least often ({percent(least['share'], 0)}); the lower share is "
            f"{found.ratio:.2f} times the higher (95% interval {found.ratio_low:.2f} to {found.ratio_high:.2f}).")


def plan_fallback(found) -> str:
    """The fallback that takes over: the champion when given, else the alternative worth most."""
    table = found.fallbacks[(found.fallbacks["name"] != "model") & found.fallbacks["value"].notna()]
    if "champion" in set(table["name"]):
        return "champion"
    return str(table.sort_values("value", ascending=False, kind="mergesort")["name"].iloc[0])


def fallback_plan(found, case) -> str:
    """Which fallback takes over when a rollback criterion fires, what it is worth, and who decides."""
    key, v = plan_fallback(found), found.values
    row = found.row(key)
    when, factor = _per(found)
    owner = case.metadata.card.get("owner") or case.metadata.card.get("oversight")
    who = (f"{join(list(owner)) if isinstance(owner, tuple) else owner} decides"
           if owner else "the model's owner decides (name them under \"owner\" in the sidecar)")
    gap = row["difference"] * factor
    return (f"When a rollback criterion of the release policy fires, {name(found, key)} takes over. "
            f"It is worth about {money(row['value'] * factor, v)}{when}, {money(abs(gap), v)} "
            f"{'less' if gap >= 0 else 'more'} than the model; {who} when to roll back and when to return to the model.")


def plan_line(found, case) -> str:
    """The fallback plan as one labelled line (the release decision, the command line)."""
    plan = fallback_plan(found, case)
    return f"Fallback plan: {plan[0].lower()}{plan[1:]}"


def _either(parts: list[str]) -> str:
    """"a", "a or b", "a, b or c"."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " or " + parts[-1] if parts else ""
