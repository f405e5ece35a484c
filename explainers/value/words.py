"""What is it worth, in plain words: the page and the report read the same sentences from here."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..core.language import N_, _, count, current, decimal, join, ngettext, number, percent
from ..core.words import value as _cell  # data values, written the local way: the user's own, never translated

SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "€": "€", "$": "$", "£": "£"}
UNITS = {"decision": (N_("per 1,000 decisions"), N_("Value per 1,000 decisions"), N_("decision")),
         "prediction": (N_("per 1,000 predictions"), N_("Value per 1,000 predictions"), N_("prediction"))}


def money(amount: float, values) -> str:
    """An amount as people write money: "€41,000", "-€1,250", "41,000 CHF" (German "41.000 €", French
    "41 000 €"); large amounts to 3 significant digits, small ones to the cent; "n/a" when it could not be
    computed."""
    if amount is None or not math.isfinite(float(amount)):
        return _("n/a")
    amount = float(amount)
    size = abs(amount)
    if size >= 10_000:
        size = float(f"{size:.3g}")
    whole = size >= 10 or size == int(size)
    text = (f"{size:,.0f}" if whole else f"{size:,.2f}") if current() == "en" else decimal(size, 0 if whole else 2)
    sign = "-" if amount < 0 and any(c in "123456789" for c in text) else ""  # not "-0"
    code = values.currency
    if code is None:
        return f"{sign}{text}"
    symbol = SYMBOLS.get(code.upper() if len(code) == 3 else code)
    if current() != "en":
        return f"{sign}{text}\u00a0{symbol or code}"
    return f"{sign}{symbol}{text}" if symbol else f"{sign}{text} {code}"


def name(found, key: str) -> str:
    """A fallback's name in a sentence: "approving everyone", "the one-column rule on checking_account"."""
    if found.task == "regression":
        if key in ("median", "approve_all"):
            notes = dict(zip(found.fallbacks["name"], found.fallbacks["note"], strict=True))
            return _("predicting the median") if notes.get("median") else _("predicting the training median")
        if key == "person":
            return _("a person predicting every case")
    if key in (found.approve, "approve_all"):
        return _("approving everyone")
    if key in (found.reject, "reject_all"):
        return _("rejecting everyone")
    if key == "one_rule":
        # Translators: the one-column rule is the best simple rule on a single column, learned on the training rows.
        return _("the one-column rule on {column}", column=found.rule.column) if found.rule else _("the one-column rule")
    names = {"model": N_("the model"), "champion": N_("the champion"), "person": N_("a person deciding every case")}
    return _(names[key]) if key in names else key


def label(found, key: str) -> str:
    """A fallback's name in a table or chart: "Approve everyone", "One-column rule (checking_account)"."""
    text = name(found, key)
    return text[0].upper() + text[1:] if text else key


def unit(values) -> str:
    """The decision's unit in a sentence: "decision", "prediction", or the sidecar's own word as written."""
    return _(UNITS[values.per][2]) if values.per in UNITS else values.per


def per_1000(values) -> str:
    """"per 1,000 decisions" (the sidecar's own unit as written: "per 1,000 loans")."""
    if values.per in UNITS:
        return _(UNITS[values.per][0])
    # Translators: {unit} is the sidecar's own word for one decision (e.g. loan), written as the user wrote it.
    return _("per 1,000 {unit}s", unit=values.per)


def value_per_1000(values) -> str:
    """The table's column "Value per 1,000 decisions"."""
    if values.per in UNITS:
        return _(UNITS[values.per][1])
    return _("Value per 1,000 {unit}s", unit=values.per)


def _per(found) -> tuple[str, float]:
    """('a month', factor) with a monthly volume, else ('per 1,000 decisions', factor)."""
    v = found.values
    if v.monthly_volume is not None:
        return _("a month"), v.monthly_volume / found.rows
    return per_1000(v), 1000 / found.rows


def difference(found, key: str) -> str:
    """The model against one fallback, sentence first: "Using the model saves about €41,000 a month compared
    with approving everyone (95% interval €28,000 to €55,000)."."""
    row = found.row(key)
    if not math.isfinite(row["difference"]):
        return _("The model cannot be compared with {fallback}: {note}.", fallback=name(found, key), note=row["note"])
    when, factor = _per(found)
    gain, low, high = row["difference"] * factor, row["low"] * factor, row["high"] * factor
    if gain < 0:
        low, high = -high, -low  # the interval of what it loses
    values = {"amount": money(abs(gain), found.values), "per": when, "fallback": name(found, key),
              "low": money(low, found.values), "high": money(high, found.values)}
    # Translators: {per} is "a month" or "per 1,000 decisions"; {fallback} e.g. "approving everyone".
    text = (_("Using the model saves about {amount} {per} compared with {fallback} (95% interval {low} to {high}).",
              **values) if gain >= 0 else
            _("Using the model loses about {amount} {per} compared with {fallback} (95% interval {low} to {high}).",
              **values))
    if low <= 0 <= high:
        text += " " + _("The interval includes no difference: these rows cannot tell them apart.")
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
    for _i, r in found.fallbacks.iterrows():
        interval = ("—" if r["name"] == "model" or not math.isfinite(r["low"])
                    else _("{low} to {high}", low=money(r["low"] * factor, v), high=money(r["high"] * factor, v)))
        rows.append({(_("Predicted by") if found.task == "regression" else _("Decided by")): label(found, r["name"]),
                     value_per_1000(v): money(r["per_1000"], v),
                     **({_("Value a month"): money(r["per_month"], v)} if v.monthly_volume is not None else {}),
                     # Translators: {per} is "a month" or "per 1,000 decisions".
                     _("The model's gain {per}", per=when): "—" if r["name"] == "model"
                     else money(r["difference"] * factor, v),
                     _("95% interval"): interval,
                     _("Note"): r["note"]})
    return pd.DataFrame(rows)


def rule_sentence(found, case) -> str:
    """What the one-column rule does, or why it was not learned."""
    rule = found.rule
    if rule is None:
        return ""
    if found.task == "regression":
        return _cut_sentence(found, rule)
    flag = _cell(case.positive_class)
    if rule.kind == "cut":
        what = (_("{column} is at least {cut}", column=rule.column, cut=number(round(rule.cut, 4))) if rule.above
                else _("{column} is below {cut}", column=rule.column, cut=number(round(rule.cut, 4))))
    else:
        what = _is_one_of(rule.column, [_cell(c) for c in rule.categories])
    if rule.otherwise:
        return ngettext("The one-column rule, learned on {n} training row, decides {flag} when {condition} (other "
                        "rows: {flag}).", "The one-column rule, learned on {n} training rows, decides {flag} when "
                        "{condition} (other rows: {flag}).", rule.training_rows, flag=flag, condition=what)
    return ngettext("The one-column rule, learned on {n} training row, decides {flag} when {condition} (other rows: "
                    "the other class).", "The one-column rule, learned on {n} training rows, decides {flag} when "
                    "{condition} (other rows: the other class).", rule.training_rows, flag=flag, condition=what)


def _is_one_of(column, parts: list[str]) -> str:
    """"checking_account is 'A11' or 'A12'", "... is never"."""
    if not parts:
        return _("{column} is never", column=column)
    return _("{column} is {values}", column=column, values=_either(parts))


def _cut_sentence(found, rule) -> str:
    """The regression rule: "... predicts 32.37 when hour is below 7, else 253.5"."""
    if rule.kind == "cut":
        what = _("{column} is below {cut}", column=rule.column, cut=number(round(rule.cut, 4)))
    else:
        what = _is_one_of(rule.column, [_cell(c) for c in rule.low_categories])
    text = ngettext("The one-column rule, learned on {n} training row, predicts {low} when {condition}, else {high} "
                    "(each side's training mean; rows it cannot place get the training mean, {otherwise}).",
                    "The one-column rule, learned on {n} training rows, predicts {low} when {condition}, else {high} "
                    "(each side's training mean; rows it cannot place get the training mean, {otherwise}).",
                    rule.training_rows, low=_cell(rule.low_mean), condition=what, high=_cell(rule.high_mean),
                    otherwise=_cell(rule.otherwise))
    if found.median is not None:
        text += " " + _("The constant fallback predicts the median, {median}, for every row: priced per unit of "
                        "absolute error, the median is the constant that errs least (the mean errs least in squares).",
                        median=_cell(found.median))
    return text


ERROR_SOURCES = {"given": N_("as given"), "sidecar value": N_("from the sidecar's value"),
                 "default": N_("by default: no value was stated, so each unit of error loses 1")}


def _error_values_sentence(found) -> str:
    """A regressor's prices in force, where they came from, and what was assumed."""
    v = found.values
    source = ERROR_SOURCES[v.source]
    values = {"unit": unit(v), "source": _(source), "error": money(v.per_unit_error, v), "review": money(v.review, v)}
    if v.per_decision:
        text = _("Value per {unit} ({source}): {error} per unit of absolute error, review {review}, {made} per "
                 "{unit} made.", made=money(v.per_decision, v), **values)
    else:
        text = _("Value per {unit} ({source}): {error} per unit of absolute error, review {review}.", **values)
    if not v.currency:
        text += " " + _("Amounts are in the units of the stated values (no currency given).")
    if v.review_assumed:
        text += " " + _("No review cost was stated: a review is assumed to cost half the model's average error "
                        "(half of its mean absolute error, {mae}, priced).", mae=_cell(v.model_mae))
    if found.review_error_assumed:
        text += " " + _("The person is assumed as accurate as the model on average: off by {error} on every case "
                        "they decide (state review_error to change it).", error=_cell(found.review_error))
    else:
        text += " " + _("The person is assumed off by {error} on every case they decide.",
                        error=_cell(found.review_error))
    if v.monthly_volume is not None:
        text += " " + _volume(v)
    return text


def _volume(v) -> str:
    if v.per in UNITS:
        return (_("Monthly volume: {volume} decisions.", volume=number(v.monthly_volume)) if v.per == "decision"
                else _("Monthly volume: {volume} predictions.", volume=number(v.monthly_volume)))
    return _("Monthly volume: {volume} {unit}s.", volume=number(v.monthly_volume), unit=v.per)


def prices_line(found, case) -> str:
    """A regressor's prices in one plain line, assumptions named: the page shows it under the headline."""
    v = found.values
    review = (_("{cost} (assumed: half the model's average error)", cost=money(-v.review, v)) if v.review_assumed
              else money(-v.review, v))
    person = (_("off by {error} (assumed: as accurate as the model on average)", error=_cell(found.review_error))
              if found.review_error_assumed else _("off by {error}", error=_cell(found.review_error)))
    return _("Each prediction is priced by how far it is off: every unit of {target} it is off by loses {loss}. "
             "A person checking a prediction costs {review} and is {person}.", target=_cell(case.target, quote=False),
             loss=money(-v.per_unit_error, v), review=review, person=person)


OUTCOMES = {"true_positive": N_("true positive {amount}"), "false_positive": N_("false positive {amount}"),
            "true_negative": N_("true negative {amount}"), "false_negative": N_("false negative {amount}"),
            "review": N_("review {amount}")}
SOURCES = {"given": N_("as given"), "sidecar value": N_("from the sidecar's value"),
           "sidecar costs": N_("from the sidecar's costs, errors as losses"),
           "default costs": N_("by default, each error loses 1")}


def values_sentence(found) -> str:
    """The prices in force and where they came from."""
    if found.task == "regression":
        return _error_values_sentence(found)
    v = found.values
    parts = [_(OUTCOMES[k], amount=money(v.of(k), v)) for k in OUTCOMES]
    source = SOURCES[v.source]
    text = _("Value per {unit} ({source}): {prices}.", unit=unit(v), source=_(source), prices=join(parts))
    if not v.currency:
        text += " " + _("Amounts are in the units of the stated costs (no currency given).")
    if v.review_assumed:
        text += " " + _("No review cost was stated: a review is assumed to cost half the cheaper error.")
    text += " " + _("The person is assumed wrong on {share} of the cases they decide.",
                    share=percent(found.review_error, 0))
    if v.monthly_volume is not None:
        text += " " + _volume(v)
    return text


def review_sentence(found) -> str:
    """The best review band in one sentence, with its interval."""
    b, v = found.best_band, found.values
    when, factor = _per(found)
    if found.task == "regression":
        return _width_sentence(found, b, v, when, factor)
    if b.kind == "none":
        return _("Sending unsure cases to a person does not pay at a review cost of {cost}: the model deciding every "
                 "case is worth most on these rows.", cost=money(-v.review, v))
    values = {"share": percent(b.review_share, 0), "gain": money(b.gain * factor, v), "per": when,
              "low": money(b.gain_low * factor, v), "high": money(b.gain_high * factor, v)}
    if b.kind == "score":
        # Translators: the review band: cases whose score is close to the threshold go to a person.
        text = ngettext("Sending the {n} case ({share}) whose score lies within {width} of the threshold ({lower} to "
                        "{upper}) to a person gains about {gain} {per} over letting the model decide everything (95% "
                        "interval {low} to {high}).",
                        "Sending the {n} cases ({share}) whose score lies within {width} of the threshold ({lower} to "
                        "{upper}) to a person gains about {gain} {per} over letting the model decide everything (95% "
                        "interval {low} to {high}).", b.reviewed, width=_g(b.width), lower=_g(b.lower, 3),
                        upper=_g(b.upper, 3), **values)
    else:
        text = ngettext("Sending the {n} case ({share}) whose conformal set holds both classes to a person gains "
                        "about {gain} {per} over letting the model decide everything (95% interval {low} to {high}).",
                        "Sending the {n} cases ({share}) whose conformal set holds both classes to a person gains "
                        "about {gain} {per} over letting the model decide everything (95% interval {low} to {high}).",
                        b.reviewed, **values)
    if b.gain_low <= 0:
        text += " " + _("The interval includes no gain: the band may not pay on new rows.")
    return text


def _g(x: float, digits: int = 6, grouped: bool = False) -> str:
    """A number as Python's g format writes it (0.05, 0.129; grouped: 1,234), with the local signs."""
    text = f"{x:,.{digits}g}" if grouped else f"{x:.{digits}g}"
    if current() == "en":
        return text
    point, group = decimal(0.5)[1], decimal(1000)[1]
    return "".join(point if c == "." else group if c == "," else c for c in text)


def band_label(kind: str, width: float, centre: float | None = None) -> str:
    """A review band's name as shown: "score within 0.05 of 0.215", "interval wider than 163.9", "none"."""
    if kind == "score":
        return _("score within {width} of {centre}", width=_g(width), centre=_g(0.5 if centre is None else centre))
    if kind == "conformal":
        return _("conformal set holds both classes")
    if kind == "width" and math.isfinite(width):
        # Translators: a regressor's review band: the rows whose conformal interval is wider than this many units.
        return _("interval wider than {cut}", cut=cut_text(width))
    if kind == "width" and width < 0:
        return _("every prediction")
    # Translators: "none" is both the review band that sends no case to a person and a count of no alerts.
    return _("none")


def cut_text(width: float) -> str:
    """A regressor's band cut-off as written in its name (163.9; 1,235 grouped)."""
    return _g(width, 4, grouped=True)


def best_band_label(found) -> str:
    """The best band's name as shown."""
    b = found.best_band
    return band_label(b.kind, b.width, found.threshold)


def _width_sentence(found, b, v, when, factor) -> str:
    """A regressor's best review band: the widest conformal intervals sent to a person."""
    if b.kind == "none":
        if v.per == "prediction":
            return _("Sending the least certain predictions to a person does not pay at a review cost of {cost}: the "
                     "model predicting every case is worth most on these rows.", cost=money(-v.review, v))
        return _("Sending the least certain {unit}s to a person does not pay at a review cost of {cost}: the model "
                 "predicting every case is worth most on these rows.", unit=v.per, cost=money(-v.review, v))
    values = {"count": count(b.reviewed), "unit": v.per, "share": percent(b.review_share, 0),
              "gain": money(b.gain * factor, v), "per": when, "low": money(b.gain_low * factor, v),
              "high": money(b.gain_high * factor, v), "width": _cell(b.width) if np.isfinite(b.width) else ""}
    if not np.isfinite(b.width):
        text = (ngettext("Sending the {n} prediction ({share}) to a person gains about {gain} {per} over letting the "
                         "model predict everything (95% interval {low} to {high}).",
                         "Sending the {n} predictions ({share}) to a person gains about {gain} {per} over letting the "
                         "model predict everything (95% interval {low} to {high}).", b.reviewed, **values)
                if v.per == "prediction" else
                _("Sending the {count} {unit}s ({share}) to a person gains about {gain} {per} over letting the model "
                  "predict everything (95% interval {low} to {high}).", **values))
    elif v.per == "prediction":
        # Translators: a conformal interval is the range the true value falls in with the stated confidence.
        text = ngettext("Sending the {n} prediction ({share}) whose conformal interval is wider than {width} to a "
                        "person gains about {gain} {per} over letting the model predict everything (95% interval {low} "
                        "to {high}).",
                        "Sending the {n} predictions ({share}) whose conformal interval is wider than {width} to a "
                        "person gains about {gain} {per} over letting the model predict everything (95% interval {low} "
                        "to {high}).", b.reviewed, **values)
    else:
        text = _("Sending the {count} {unit}s ({share}) whose conformal interval is wider than {width} to a person "
                 "gains about {gain} {per} over letting the model predict everything (95% interval {low} to {high}).",
                 **values)
    if b.gain_low <= 0:
        text += " " + _("The interval includes no gain: the band may not pay on new rows.")
    return text


def review_share_sentence(found) -> str:
    b = found.best_band
    return _("The band sends {share} of cases to review (95% interval {low} to {high}).",
             share=percent(b.review_share, 1), low=percent(b.share_low, 1), high=percent(b.share_high, 1))


def by_group_sentence(found) -> str:
    """Is one group deferred much more often than another?"""
    t = found.table
    if t["reviewed"].sum() == 0:
        return _("No case is sent to review, so no group of {column} is deferred more than another.",
                 column=found.column)
    if not math.isfinite(found.ratio):
        return _("The review shares of the groups of {column} cannot be compared.", column=found.column)
    most = t.loc[t["share"].idxmax()]
    least = t.loc[t["share"].idxmin()]
    return _("By {column}: {most} is sent to review most often ({most_share}), {least} least often ({least_share}); "
             "the lower share is {ratio} times the higher (95% interval {low} to {high}).", column=found.column,
             most=_cell(most["group"]), most_share=percent(most["share"], 0), least=_cell(least["group"]),
             least_share=percent(least["share"], 0), ratio=decimal(found.ratio, 2), low=decimal(found.ratio_low, 2),
             high=decimal(found.ratio_high, 2))


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
    gap = row["difference"] * factor
    values = {"fallback": name(found, key), "value": money(row["value"] * factor, v), "per": when,
              "gap": money(abs(gap), v), "owner": join(list(owner)) if isinstance(owner, tuple) else owner}
    if owner:
        return (_("When a rollback criterion of the release policy fires, {fallback} takes over. It is worth about "
                  "{value} {per}, {gap} less than the model; {owner} decides when to roll back and when to return to "
                  "the model.", **values) if gap >= 0 else
                _("When a rollback criterion of the release policy fires, {fallback} takes over. It is worth about "
                  "{value} {per}, {gap} more than the model; {owner} decides when to roll back and when to return to "
                  "the model.", **values))
    return (_("When a rollback criterion of the release policy fires, {fallback} takes over. It is worth about "
              "{value} {per}, {gap} less than the model; the model's owner decides (name them under \"owner\" in the "
              "sidecar) when to roll back and when to return to the model.", **values) if gap >= 0 else
            _("When a rollback criterion of the release policy fires, {fallback} takes over. It is worth about "
              "{value} {per}, {gap} more than the model; the model's owner decides (name them under \"owner\" in the "
              "sidecar) when to roll back and when to return to the model.", **values))


def plan_line(found, case) -> str:
    """The fallback plan as one labelled line (the release decision, the command line)."""
    plan = fallback_plan(found, case)
    return _("Fallback plan: {plan}", plan=f"{plan[0].lower()}{plan[1:]}")


def _either(parts: list[str]) -> str:
    """"a", "a or b", "a, b or c"."""
    if len(parts) <= 1:
        return parts[0] if parts else ""
    return _("{items} or {last}", items=", ".join(parts[:-1]), last=parts[-1])
