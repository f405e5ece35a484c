"""How sure is it: calibration of the probabilities and conformal bands, overall and per group."""
# nav: 50 | How sure | :material/verified:

import streamlit as st

import explainers
from dashboard import cached, keys
from dashboard.layout import page_setup, require_case, require_labels
from dashboard.text import md
from explainers.confidence import figures
from explainers.confidence.conformal import coverage_over_splits
from explainers.confidence.words import (
    calibration_sentence,
    coverage_sentence,
    describe,
    shortfall_sentence,
    size_label,
    splits_sentence,
)

SMALL = 1000  # below this many evaluation rows, also show the coverage averaged over 50 splits

page_setup("How sure")
case = require_case()
st.title("How sure is the model?")
require_labels(case, "Confidence bands are calibrated on labelled rows.")

left, middle, right = st.columns(3)
level = left.slider("Confidence level (%)", 80, 99, int(st.session_state.get(keys.CONFIDENCE_LEVEL, 0.9) * 100)) / 100
st.session_state[keys.CONFIDENCE_LEVEL] = level
if case.is_classifier:
    methods = {"lac": "Smallest sets (LAC)", "aps": "Adaptive sets (APS)"}
else:
    methods = {"adaptive": "Adaptive width", "absolute": "Same width for all"}
method = middle.radio("Method", list(methods), format_func=methods.get, horizontal=True,
                      help="LAC keeps every class whose probability clears a bar; APS adds classes in order of "
                           "probability until enough is covered, so hard rows get larger sets. Adaptive intervals "
                           "scale with a learned estimate of each row's difficulty.")
group_options = list(dict.fromkeys([*case.metadata.sensitive, *case.X.columns]))
group = right.selectbox("Coverage by group of", group_options, help="Sensitive columns from the sidecar come first.")
mondrian = st.checkbox(f"Calibrate separately for each group of {md(group)} (Mondrian)", value=False,
                       help="Guarantees the level within every group, at the cost of wider bands for small groups.")

conf = cached.compute(explainers.confidence, case, level=level, method=method, mondrian=group if mondrian else None)
low, high = conf.coverage_interval
a, b = st.columns(2)
a.metric("Measured coverage", f"{conf.coverage:.1%}", help=f"95% interval {low:.1%} to {high:.1%}; "
         f"promised: {level:.0%}")
a.caption(md(coverage_sentence(conf)))
if len(conf.evaluation_rows) < SMALL and not mondrian:
    a.caption(md(splits_sentence(cached.compute(coverage_over_splits, case, level=level, method=method))))
b.metric(md(size_label(conf)).capitalize(), f"{conf.mean_size:,.3g}")
st.markdown(md(describe(conf)))

if case.is_classifier:
    cal = cached.compute(explainers.calibration, case)
    st.subheader("Are the probabilities honest?")
    chart, numbers = st.columns([3, 1])
    chart.plotly_chart(figures.reliability_diagram(cal), width="stretch")
    numbers.metric("Expected calibration error", f"{cal.ece:.3f}", help="0 is perfect: the average gap between "
                   "predicted probability and observed share.")
    numbers.metric("Brier score", f"{cal.brier:.3f}", help="Mean squared gap between probability and outcome; lower is better.")
    numbers.metric("Log loss", f"{cal.log_loss:.3f}", help="Penalises confident mistakes heavily; lower is better.")
    st.caption("Points on the dashed line mean that of the rows given, say, 30%, about 30% had the outcome. "
               + md(calibration_sentence(cal)))
    sizes = conf.sizes()
    st.plotly_chart(figures.size_histogram(sizes, "prediction set size (classes)"), width="stretch")
else:
    sample = conf.evaluation_rows[:400]
    band = conf.interval(case.X.loc[sample])
    st.plotly_chart(figures.interval_band(band, case.y.loc[sample], case.target), width="stretch")
    st.plotly_chart(figures.size_histogram(conf.sizes(), f"interval width ({case.target})"), width="stretch")

st.subheader(f"Coverage by {md(group)}")
by_group = conf.coverage_by(group)
st.plotly_chart(figures.coverage_by_group(by_group), width="stretch")
if by_group.short_groups and not mondrian:
    st.warning(md(shortfall_sentence(by_group)) + " Tick 'Calibrate separately for each group' above to calibrate "
               "per group.")
st.dataframe(by_group.table.drop(columns="short"), hide_index=True, width="stretch",
             column_config={"coverage": st.column_config.NumberColumn(format="percent"),
                            "ci_low": st.column_config.NumberColumn("95% low", format="percent"),
                            "ci_high": st.column_config.NumberColumn("95% high", format="percent"),
                            "mean_size": st.column_config.NumberColumn("mean size", format="%.3g")})
