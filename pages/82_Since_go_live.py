"""Since go-live: is the model still holding up? Batches after release, period by period, against the reference."""
# nav: 82 | Since go-live | :material/monitoring:

import warnings

import streamlit as st

import explainers
from dashboard.layout import page_setup
from dashboard.text import md
from explainers.monitor import figures, words
from sample_models.monitoring import BATCHES, MODEL, REFERENCE, TARGET, TIME_COLUMN, ensure

page_setup("Since go-live")
st.title("Is it still holding up?")
st.caption("After release the data moves and outcomes arrive late. Each period is checked against the rows the "
           "release was judged on: performance (estimated before labels, measured after), drift, what drives the "
           "model, and the release policy's rollback criteria.")


@st.cache_resource(show_spinner="Watching the bike rentals sample month by month (about a minute the first time)...")
def bike_sample():
    """Bike rentals trained on 2011, watched month by month through 2012."""
    ensure()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reference = explainers.load(str(MODEL), str(REFERENCE), target=TARGET)
        return explainers.monitor(reference, str(BATCHES), time_column=TIME_COLUMN, period="M")


st.markdown("Example: **bike rentals**, a model trained on 2011 and watched month by month through 2012 "
            "(demand grew in 2012, so the change is real).")
try:
    result = bike_sample()
except explainers.InputError as err:
    st.error(md(err))
    st.stop()

status = result.rollback_status
box = st.error if status == "confirmed" else st.warning if status == "provisional" or len(result.alerts) else st.success
box(md(words.headline(result)))
st.markdown(f"Rollback status: **{md(status)}**" + ("" if result.has_policy else md(
    " (no release policy given: add one to watch its rollback criteria).")))

metrics = list(dict.fromkeys(result.periods["metric"]))
metric = st.selectbox("Measure", metrics, format_func=lambda m: words.NAMES.get(m, m))
st.plotly_chart(figures.metric_over_time(result, metric), width="stretch")
st.caption("Dotted: the estimate, made without labels, with its 95% band (sampling error and the estimator's own "
           "error on the reference). Solid: measured once labels arrived, with its interval. Dashed red: the edge "
           "of the reference's normal variation; a cross marks an alert. An orange bar marks a period whose rows "
           "left what the reference showed: its estimate is not reliable.")

st.subheader("Drift")
st.plotly_chart(figures.drift_heatmap(result), width="stretch")

st.subheader("One period")
period = st.select_slider("Period", options=list(result.periods["period"].unique()))
st.markdown(md(words.period_summary(result, period)))
found = result.alerts[result.alerts["period"] == period]
for sentence in found["sentence"]:
    st.markdown(md(f"- {sentence}"))
drifted = result.drift[(result.drift["period"] == period) & result.drift["alert"]]
if len(drifted):
    st.markdown(md("Drifted columns: " + ", ".join(map(str, drifted["column"])) + "."))
if len(result.attribution_drift):
    st.plotly_chart(figures.attribution_shares(result, period), width="stretch")

with st.expander("How this was computed"):
    st.caption(md(result.method))
