"""Since go-live: is the model still holding up? Batches after release, period by period, against the reference."""
# nav: 82 | Since go-live | :material/monitoring:

import warnings

import streamlit as st

import explainers
from dashboard import keys
from dashboard.language import N_, _, current, gettext, ngettext, number
from dashboard.layout import page_setup
from dashboard.text import md
from explainers.monitor import figures, words
from sample_models import monitoring as samples

page_setup("Since go-live")
st.title(_("Is it still holding up?"))
st.caption(_("After release the data moves and outcomes arrive late. Each period is checked against the rows the "
             "release was judged on: performance (estimated before labels, measured after), drift, what drives the "
             "model, and the release policy's rollback criteria."))

EXAMPLES = {  # the names (kept English as keys) and descriptions, translated where shown
    N_("Bike rentals (regression)"): N_("A model of hourly bike rentals trained on 2011 and watched month by month "
                                        "through 2012 (demand grew in 2012, so the change is real)."),
    N_("Adult income (classification)"): N_("A model of whether an applicant earns above 50K, released on 2023 rows "
                                            "and watched month by month through 2024. From August a new channel "
                                            "brings younger applicants (a planted shift); the outcomes of November "
                                            "and December have not arrived yet. Its release policy asks ROC AUC of "
                                            "at least {auc} and precision of at least {precision}."),
}


@st.cache_resource(show_spinner=_("Watching the example month by month (about a minute the first time)..."))
def watched(example: str, lang: str):
    """The example's monitoring run, once per server and language: its alerts' sentences are written in the
    language of the run that made them (keyed on the example alone, a French reader saw the German sentences of
    whoever opened the page first). Its numbers are computed once per example: monitor() keeps them by content
    (explainers/monitor/kept.py), so a second language costs its words and the gate's per-period verdicts only."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if example.startswith("Bike"):
            model, reference, batches = samples.ensure()
            case = explainers.load(str(model), str(reference), target=samples.TARGET)
            return explainers.monitor(case, str(batches), time_column=samples.TIME_COLUMN, period="M")
        model, reference, batches, policy = samples.ensure_adult()
        case = explainers.load(str(model), str(reference), target=samples.ADULT_TARGET)
        return explainers.monitor(case, str(batches), time_column=samples.ADULT_TIME_COLUMN, period="M",
                                  policy=str(policy))


options = list(EXAMPLES)
kept = st.session_state.get(keys.MONITOR_EXAMPLE, options[0])  # a plain key: a language change makes a new radio
example = st.radio(_("Example"), options, index=options.index(kept) if kept in options else 0, horizontal=True,
                   format_func=_)
st.session_state[keys.MONITOR_EXAMPLE] = example
st.markdown(md(_(EXAMPLES[example], auc=number(0.88), precision=number(0.65))))
try:
    result = watched(example, current())
except explainers.InputError as err:
    st.error(md(err))
    st.stop()

status = result.rollback_status
box = st.error if status == "confirmed" else st.warning if status == "provisional" or len(result.alerts) else st.success
box(md(words.headline(result)))
st.markdown(md(words.rollback_sentence(result)))
if len(result.alerts):
    with st.expander(ngettext("All {n} alert", "All {n} alerts", len(result.alerts))):
        st.dataframe(result.alerts[["period", "kind", "column", "status", "sentence"]], hide_index=True,
                     width="stretch")

metrics = list(dict.fromkeys(result.periods["metric"]))
metric = st.selectbox(_("Measure"), metrics, format_func=lambda m: gettext(words.NAMES.get(m, m)))
st.plotly_chart(figures.metric_over_time(result, metric), width="stretch")
st.markdown(md(words.estimate_check(result, metric)))
st.caption(_("Dotted: the estimate, made without labels, with its 95% band (sampling error and the estimator's "
             "own error on the reference). Solid: measured once labels arrived, with its interval. Dashed red: the "
             "edge of the reference's normal variation; a cross marks an alert. An orange bar marks a period whose "
             "rows left what the reference showed: its estimate is not reliable."))

st.subheader(_("Drift"))
st.plotly_chart(figures.drift_heatmap(result), width="stretch")

st.subheader(_("One period"))
options = list(result.periods["period"].unique())
alerted = [p for p in options if p in set(result.alerts["period"])]
period = st.select_slider(_("Period"), options=options, value=(alerted or options)[-1 if not alerted else 0],
                          help=_("Opens on the first period with an alert."))
st.markdown(md(words.period_summary(result, period)))
found = result.alerts[result.alerts["period"] == period]
if len(found):
    st.markdown("\n".join(f"- {md(sentence)}" for sentence in found["sentence"]))
drifted = result.drift[(result.drift["period"] == period) & result.drift["alert"]]
if len(drifted):
    st.markdown(md(_("Drifted columns: {columns}.", columns=", ".join(map(str, drifted["column"])))))
if len(result.attribution_drift):
    st.plotly_chart(figures.attribution_shares(result, period), width="stretch")

with st.expander(_("How this was computed")):
    st.caption(md(result.method))
