"""What is it worth: the model against its fallbacks in money, the review band for unsure cases, the fallback plan."""
# nav: 79 | What is it worth | :material/payments:

import streamlit as st

import explainers
from dashboard import cached, choices, tables
from dashboard.language import N_, _, number
from dashboard.layout import page_setup, require_case, require_labels
from dashboard.text import md
from explainers.value import error_values_of, figures, values_of, words

OUTCOMES = {"true_positive": N_("Flagged, and rightly"), "false_positive": N_("Flagged, wrongly"),
            "true_negative": N_("Cleared, and rightly"), "false_negative": N_("Cleared, wrongly"),
            "review": N_("Sent to a person")}  # labels translated where shown
PRICES = {"per_unit_error": N_("Per unit of error (a cost)"), "review": N_("Sent to a person"),
          "per_decision": N_("Per prediction made (optional)")}

page_setup("What is it worth")
case = require_case()
st.title(_("What is it worth, and what if it fails?"))
require_labels(case, _("Valuing decisions needs labelled rows."))
if case.task not in ("binary", "regression"):
    st.info(_("Values price the decisions of a yes/no classifier or a regressor's errors; this is a {task} model.",
              task=case.task))
    st.stop()
choices.deciding_line(case)
threshold = choices.threshold(case) if choices.decides_at_threshold(case) else None


def chosen_values() -> tuple[dict, float]:
    """The values per outcome the person sets (starting from the sidecar's), and the person's error rate."""
    start = values_of(case)
    with st.expander(_("Values per outcome (gains positive, costs negative, per decision)"), expanded=False):
        st.caption(md(_("'Flagged' means decided {label}. They start from the sidecar ({source}); change them here "
                        "for this page.", label=repr(case.positive_class), source=start.source)))
        cells = st.columns(3)
        given = {key: cells[i % 3].number_input(_(label), value=start.of(key), step=1.0, format="%g")
                 for i, (key, label) in enumerate(OUTCOMES.items())}
        given["currency"] = cells[2].text_input(_("Currency (e.g. EUR)"), value=start.currency or "").strip() or None
        volume = cells[0].number_input(_("Decisions a month (0: none stated)"), min_value=0.0,
                                       value=start.monthly_volume or 0.0, step=100.0, format="%g")
        given["monthly_volume"] = volume or None
        error = cells[1].slider(_("The person's error rate"), 0.0, 0.5, 0.0, 0.01)
    return given, error


def chosen_prices() -> tuple[dict, float | None]:
    """A regressor's prices (per unit of error, per review, per prediction; only those the person changes) and
    the person's error (None: as accurate as the model)."""
    start = error_values_of(case)
    with st.expander(_("Values per prediction (gains positive, costs negative)"), expanded=False):
        st.caption(md(_("A prediction off by {ten} {target} costs {ten} times the cost per unit of error. They start "
                        "from the sidecar ({source}); change them here for this page.", ten=number(10),
                        target=case.target, source=start.source)))
        cells = st.columns(3)
        first = {key: float(f"{start.of(key):.4g}") for key in PRICES}  # shown -12.42, not -12.420458...
        shown = {key: cells[i].number_input(_(label), value=first[key], step=1.0, format="%g")
                 for i, (key, label) in enumerate(PRICES.items())}
        given = {k: v for k, v in shown.items() if v != first[k]}  # unchanged: the stated assumption stands exactly
        given["currency"] = cells[0].text_input(_("Currency (e.g. EUR)"), value=start.currency or "").strip() or None
        volume = cells[1].number_input(_("Predictions a month (0: none stated)"), min_value=0.0,
                                       value=start.monthly_volume or 0.0, step=100.0, format="%g")
        given["monthly_volume"] = volume or None
        error = cells[2].number_input(_("The person's average error ({target})", target=case.target), min_value=0.0,
                                      value=None, step=1.0, format="%g", placeholder=_("as accurate as the model"))
    return given, error


regression = case.task == "regression"
given, error = chosen_prices() if regression else chosen_values()
try:
    with st.spinner(_("Pricing every decision and fallback...")):
        found = cached.compute(explainers.value, case, threshold=threshold, values=given, review_error=error,
                               training=cached.training_of(case), level=choices.level())
except explainers.InputError as err:
    st.error(md(str(err)))
    st.stop()

st.markdown(f"**{md(words.headline(found))}**")
if regression:
    st.caption(md(words.prices_line(found, case)))
st.markdown("\n".join(f"- {md(sentence)}" for sentence in words.others(found)))
st.plotly_chart(figures.fallbacks(found), width="stretch")
fallbacks = words.fallback_table(found)
# widths sum to 750 px (first column 150, the others sharing the rest): fits at 800 px, stretches wider; text wraps
# the columns: who decides, value per 1,000 (and a month), the model's gain, its interval, a note (mostly empty).
# The gain's long header gets 230 px (German "Gewinn des Modells je 1.000 Entscheidungen" was cut at 1,400 px) and the
# note 80; the sum stays 750 px: fits at 800 px, stretches wider; every header's full name shows on hovering
others = 300 // max(len(fallbacks.columns) - 3, 1)
widths = [140, *[others] * (len(fallbacks.columns) - 4), 230, others, 80] if len(fallbacks.columns) >= 4 else []
tables.local(fallbacks, hide_index=True, width="stretch", row_height=72, column_config={
    c: st.column_config.Column(width=widths[i] if widths else 150, help=md(c))
    for i, c in enumerate(fallbacks.columns)})
if found.rule is not None:
    st.caption(md(words.rule_sentence(found, case)))

st.subheader(_("Send the least certain predictions to a person?") if regression
             else _("Send the unsure cases to a person?"))
st.markdown(md(words.review_sentence(found)))
st.caption(md(words.review_share_sentence(found)))
st.plotly_chart(figures.review_curve(found), width="stretch")
group = choices.group(case)  # the sidebar's group, as on every page
if group is not None and found.best_band.reviewed:
    by_group = found.review_by_group(group)
    st.markdown(md(words.by_group_sentence(by_group)))
    st.plotly_chart(figures.review_by_group(by_group), width="stretch")

st.subheader(_("Fallback plan"))
st.markdown(md(words.fallback_plan(found, case)))
with st.expander(_("How this was computed")):
    st.caption(md(words.values_sentence(found)))
    st.caption(md(found.method))
