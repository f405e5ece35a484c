"""Where it fails: metrics, costs and thresholds, the worst slices, the error tree, worst rows, groups."""
# nav: 60 | Where it fails | :material/report:

import streamlit as st

import explainers
from dashboard import cached, keys
from dashboard.layout import page_setup, require_case, require_labels
from dashboard.text import md
from explainers.failures import figures, words
from explainers.failures.error_tree import error_tree
from explainers.failures.groups import group_metrics
from explainers.overview.predictions import prediction_table
from explainers.overview.rows import pick

page_setup("Where it fails")
case = require_case()
st.title("Where does the model fail?")
require_labels(case, "Judging the model needs labelled rows.")

# -- performance and threshold -------------------------------------------------------------------
threshold = 0.5
if case.task == "binary" and case.proba is not None:
    threshold = st.slider(f"Decision threshold on the probability of {md(case.positive_class)}", 0.01, 0.99, 0.5,
                          0.01, help=f"Rows scoring at or above it are flagged {md(case.positive_class)}.")
perf = cached.compute(explainers.performance, case, threshold=threshold)
left, right = st.columns([3, 2])
with left:
    st.subheader("Performance on the labelled rows")
    st.dataframe(perf.metrics.drop(columns="key").rename(columns={"name": "metric"}), hide_index=True, width="stretch",
                 column_config={"value": st.column_config.NumberColumn(format="%.3f"),
                                "meaning": st.column_config.TextColumn(width="large")})
    st.caption(md(perf.method))
with right:
    if perf.confusion is not None:
        st.plotly_chart(figures.confusion_matrix(perf), width="stretch")
if perf.threshold_study is not None:
    st.plotly_chart(figures.threshold_costs(perf), width="stretch")
    st.markdown(md(words.threshold_move(perf)))
    st.caption(md(words.threshold_caveat(perf)))
if perf.residuals is not None:
    a, b = st.columns(2)
    a.plotly_chart(figures.residuals(perf, label=f"predicted {case.target}"), width="stretch")
    feature = b.selectbox("Residuals against", list(case.X.columns))
    b.plotly_chart(figures.residuals(perf, case.X[feature]), width="stretch", key=keys.RESIDUAL_FEATURE)

# -- slices ----------------------------------------------------------------------------------------
st.subheader("Slices where the model is worst")
found = cached.compute(explainers.failures, case)
if found.slices.empty:
    st.info(md(words.no_slices(found)))
    if st.checkbox("Show the strongest candidates anyway (not significant: hints, not findings)"):
        found = cached.compute(explainers.failures, case, alpha=1.0)
slices = found.slices
if not slices.empty:
    st.caption(md(words.slices_method()))
    st.dataframe(slices.drop(columns=["query", "conditions", "explained"]), hide_index=True, width="stretch",
                 column_config={c: st.column_config.NumberColumn(format="%.3g") for c in
                                ("error", "ci_low", "ci_high", "error_elsewhere", "p_value", "q_value")})
    chosen = st.selectbox("Open a slice", range(len(slices)), format_func=lambda i: slices["slice"].iloc[i])
    rows = found.rows(chosen)
    st.caption(md(f"{len(rows):,} rows; pandas query: {slices['query'].iloc[chosen]}"))
    st.dataframe(prediction_table(case).loc[rows.index], width="stretch", height=260)
    if len(rows) and st.button("Explain the first row of this slice on the One prediction page"):
        st.session_state[keys.row_way()] = "Row number"
        st.session_state[keys.row_position()] = int(case.X.index.get_loc(rows.index[0]))
        st.switch_page("pages/3_Single_prediction.py")

# -- error tree ------------------------------------------------------------------------------------
st.subheader("Error tree")
tree = cached.compute(error_tree, case)
st.plotly_chart(figures.error_tree_figure(tree), width="stretch")
st.caption(md(words.worst_branch(tree)))
# -- worst rows ------------------------------------------------------------------------------------
st.subheader("Worst rows")
shortcut = "largest_error" if case.task == "regression" else "most_confident_wrong"
worst_rows = pick(case, shortcut, count=10)
st.caption("Largest errors." if case.task == "regression" else "The most confident wrong predictions.")
st.dataframe(prediction_table(case).loc[worst_rows], width="stretch", height=300)

# -- groups ----------------------------------------------------------------------------------------
st.subheader("Metrics by group")
options = list(dict.fromkeys([*case.metadata.sensitive, *case.X.columns]))
column = st.selectbox("Group by", options, help="Sensitive columns from the sidecar come first.")
groups = cached.compute(group_metrics, case, column=column)
st.plotly_chart(figures.group_metric_bars(groups), width="stretch")
gap = words.group_gap(groups)
if gap:
    st.markdown(md(gap))
st.dataframe(groups.table, hide_index=True, width="stretch")
