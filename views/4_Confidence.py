"""How sure is it: calibration of the probabilities and conformal bands, overall and per group."""
# nav: 50 | How sure | :material/verified:

import streamlit as st

import explainers
from dashboard import cached, choices, tables
from dashboard.language import N_, _, count, ngettext, number, percent, translated
from dashboard.layout import page_setup, require_case, require_labels
from dashboard.text import md
from explainers.confidence import SMALL_EVALUATION, coverage_over_splits, coverage_summary, figures, words
from explainers.glossary import header, readable_columns

page_setup("How sure")
case = require_case()
st.title(_("How sure is the model?"))
st.caption(_("Whether the model knows when it is unsure: for each row, the outcomes it cannot rule out, and whether "
             "the chances it states come true as often as it says."))
require_labels(case, _("Confidence bands are calibrated on labelled rows."))
if case.is_classifier and case.proba is None:
    st.info(_("The model gives no probabilities (it has no predict_proba), so there are no chances to calibrate and "
              "no sets of outcomes to build from them. What still works: its decisions are judged on Where it fails "
              "and explained on One prediction. To see how sure it is, refit it with probabilities (for example "
              "wrapped in CalibratedClassifierCV)."))
    st.stop()

level, group = choices.level(), choices.group(case)
left, right = st.columns([1, 2])
left.markdown(_("Confidence level **{level}** (change it in the sidebar).", level=percent(level, 0)))
if case.is_classifier:
    methods = {"lac": N_("Smallest sets"), "aps": N_("Adaptive sets")}
else:
    methods = {"adaptive": N_("Adaptive width"), "absolute": N_("Same width for all")}
show = translated()  # in this run's language, whenever it is called
method = choices.kept(right.radio, _("Band shape"), f"conformal_method_{case.task}", next(iter(methods)), list(methods),
                      format_func=lambda kind: show(methods[kind]),
                      horizontal=True,
                      help=_("Smallest sets keep every class whose probability clears a bar; adaptive sets add "
                             "classes in order of probability until enough is covered, so hard rows get larger sets. "
                             "Adaptive intervals scale with a learned estimate of each row's difficulty."))
mondrian = choices.kept(st.checkbox, _("Calibrate separately for each group of {column}", column=md(group)),
                        f"mondrian_{group}", False,
                        help=_("Guarantees the level within every group, at the cost of wider bands for small groups."))

try:
    found = cached.compute(coverage_summary, case, level=level, by=[group] if group else [], method=method,
                           mondrian=group if mondrian else None)  # the one coverage number: the gate and report read it
except explainers.InputError as err:  # e.g. too few labelled rows to calibrate: the message names how many
    st.warning(md(str(err)))
    st.stop()
conf = found.bands
a, b = st.columns(2)
a.metric(_("Rows inside their band"), percent(found.coverage),
         help=_("95% interval {low} to {high} on {rows} rows kept apart from calibration; promised: {level}",
                low=percent(found.low), high=percent(found.high), rows=count(found.rows), level=percent(level, 0)))
a.markdown(md(words.coverage_sentence(found)))
size = md(words.size_label(conf))  # first letter up only: .capitalize() wrote German nouns small ("im mittel")
b.metric(size[:1].upper() + size[1:], number(float(f"{conf.mean_size:.3g}")),
         help=_("1 means the model names a single outcome for every row; more means it often cannot choose."))
st.markdown(md(words.describe(conf)))
st.markdown(md(words.current_row(case, conf, choices.row(case), choices.threshold(case))))
with st.expander(_("How this was computed")):
    st.caption(md(found.method))
    st.caption(md(words.method_sentence(conf)))
    if found.rows < SMALL_EVALUATION and not mondrian:  # few rows to check: how much one split can vary
        splits = cached.compute(coverage_over_splits, case, level=level, method=method)
        st.caption(md(words.splits_sentence(splits)))

if case.is_classifier:
    cal = cached.compute(explainers.calibration, case)
    st.subheader(_("Are the probabilities honest?"))
    chart, numbers = st.columns([3, 1])
    chart.plotly_chart(figures.reliability_diagram(cal), width="stretch")
    # Translators: a metric's value in percentage points, in a narrow column: keep it short (German "Pkt.")
    numbers.metric(_("Average gap"), ngettext("{n} points", "{n} points", round(cal.ece * 100)),
                   help=_("The calibration error. 0 is perfect: the average gap, in percentage points, between the "
                          "stated chance and the share observed."))
    numbers.caption(md(words.calibration_headline(cal)))
    st.caption(_("Points on the dashed line mean that of the rows given, say, 30%, about 30% had the outcome."))
    with st.expander(_("How this was computed")):
        st.caption(md(words.calibration_sentence(cal)) + " " + _("Brier score: mean squared gap between probability "
                   "and outcome; log loss: penalises confident mistakes heavily; lower is better for both."))
    st.plotly_chart(figures.size_histogram(conf.sizes(), _("outcomes it cannot rule out (set size)")), width="stretch")
else:
    sample = conf.evaluation_rows[:400]
    band = conf.interval(case.X.loc[sample])
    st.plotly_chart(figures.interval_band(band, case.y.loc[sample], case.target), width="stretch")
    st.plotly_chart(figures.size_histogram(conf.sizes(), _("interval width ({target})", target=case.target)), width="stretch")

st.subheader(_("Coverage by {column}", column=md(group)))
st.caption(_("Change the column in the sidebar (Groups to compare)."))
by_group = found.groups[group]
coverage_chart = figures.coverage_by_group(by_group)
# the "promised" label sat on the last group's bar: above the bars it reads clear of them
coverage_chart.update_annotations(yref="paper", y=1.0, yanchor="bottom")
st.plotly_chart(coverage_chart, width="stretch")
if by_group.short_groups:
    st.warning(md(words.groups_sentence(found)) + ("" if mondrian else " " + _("Tick 'Calibrate separately for each "
                                                                                "group' above to calibrate per group.")))
else:
    st.markdown(md(words.groups_sentence(found)))
tables.local(readable_columns(by_group.table.drop(columns="short")), hide_index=True, width="stretch",
             column_config={**{header(c): st.column_config.NumberColumn(format="percent")  # keyed as shown
                               for c in ("coverage", "ci_low", "ci_high")},
                            header("mean_size"): st.column_config.NumberColumn(words.size_label(conf), format="%.3g")})
