"""Where it fails: metrics, costs and thresholds, the worst slices, the error tree, worst rows, groups."""
# nav: 60 | Where it fails | :material/report:

import streamlit as st

import explainers
from dashboard import cached, keys
from dashboard.layout import page_setup, require_case, require_labels
from dashboard.text import md
from explainers.failures import figures
from explainers.failures.error_tree import error_tree, path_rules, worst_leaves
from explainers.failures.groups import group_metrics, largest_gap
from explainers.failures.performance import threshold_change
from explainers.overview.predictions import prediction_table
from explainers.overview.rows import pick

page_setup("Where it fails")
case = require_case()
st.title("Where does the model fail?")
require_labels(case, "Judging the model needs labelled rows.")

# -- performance and threshold -------------------------------------------------------------------
threshold = 0.5
if case.task == "binary" and case.proba is not None:
    threshold = st.slider(f"Decision threshold on the probability of {case.positive_class}", 0.01, 0.99, 0.5, 0.01,
                          help=f"Rows scoring at or above it are flagged {case.positive_class}.")
perf = cached.compute(explainers.performance, case, threshold=threshold)
left, right = st.columns([3, 2])
with left:
    st.subheader("Performance on the labelled rows")
    st.dataframe(perf.metrics, hide_index=True, width="stretch",
                 column_config={"value": st.column_config.NumberColumn(format="%.3f"),
                                "meaning": st.column_config.TextColumn(width="large")})
    st.caption(f"Computed on all {len(case.X):,} labelled rows with scikit-learn's metrics"
               + (f", at threshold {threshold:.2f}." if perf.threshold is not None else "."))
with right:
    if perf.confusion is not None:
        st.plotly_chart(figures.confusion_matrix(perf.confusion), width="stretch")
if perf.threshold_study is not None:
    st.plotly_chart(figures.threshold_costs(perf.threshold_study, threshold, perf.best_threshold, perf.costs),
                    width="stretch")
    source = "the sidecar" if case.metadata.costs else "a default of 1 each (no costs in the sidecar)"
    st.markdown(md(threshold_change(perf, perf.best_threshold, threshold)))
    st.caption(md(f"Costs from {source}. The cheapest threshold is chosen on these same rows, so it flatters "
                  "itself a little: confirm it on fresh data before using it."))
if perf.residuals is not None:
    a, b = st.columns(2)
    a.plotly_chart(figures.residuals(perf.residuals, "prediction", f"predicted {case.target}"), width="stretch")
    feature = b.selectbox("Residuals against", list(case.X.columns))
    frame = perf.residuals.assign(**{feature: case.X[feature]})
    b.plotly_chart(figures.residuals(frame, feature, feature), width="stretch", key=keys.RESIDUAL_FEATURE)

# -- slices ----------------------------------------------------------------------------------------
st.subheader("Slices where the model is worst")
slices = cached.compute(explainers.failures, case)
exploratory = False
if slices.empty:
    st.info("No slice is significantly worse than the rest at a 5% false discovery rate"
            + (f"; with {len(case.X):,} rows only large differences can be shown." if len(case.X) < 2000 else "."))
    exploratory = st.checkbox("Show the strongest candidates anyway (not significant: hints, not findings)")
    if exploratory:
        slices = cached.compute(explainers.failures, case, alpha=1.0)
if not slices.empty:
    st.caption("Every slice is tested against the rest of the rows (Fisher's exact test for error rates, Welch's "
               "t-test for continuous errors), with Benjamini-Hochberg control of false discoveries (q-value); "
               "sorted by the error each explains: (error - error elsewhere) x rows.")
    st.dataframe(slices.drop(columns=["query", "explained"]), hide_index=True, width="stretch",
                 column_config={c: st.column_config.NumberColumn(format="%.3g") for c in
                                ("error", "ci_low", "ci_high", "error_elsewhere", "p_value", "q_value")})
    chosen = st.selectbox("Open a slice", range(len(slices)), format_func=lambda i: slices["slice"].iloc[i])
    query = slices["query"].iloc[chosen]
    rows = case.X.query(query)
    st.caption(md(f"{len(rows):,} rows; pandas query: {query}"))
    table = prediction_table(case).loc[rows.index]
    st.dataframe(table, width="stretch", height=260)
    if st.button("Explain the first row of this slice on the One prediction page"):
        st.session_state[keys.row_way()] = "Row number"
        st.session_state[keys.row_position()] = int(case.X.index.get_loc(rows.index[0]))
        st.switch_page("pages/3_Single_prediction.py")

# -- error tree ------------------------------------------------------------------------------------
st.subheader("Error tree")
tree = cached.compute(error_tree, case)
error_name = "absolute error" if case.task == "regression" else "error rate"
st.plotly_chart(figures.error_tree_figure(tree, error_name), width="stretch")
worst = worst_leaves(tree, 1).iloc[0]
st.caption(md(f"A shallow decision tree fitted to where the model errs. Its worst branch ({worst['rows']:,} rows, "
              f"{error_name} {worst['error']:.3g} against {tree['error'].iloc[0]:.3g} overall): "
              + " and ".join(path_rules(tree, int(worst['id']))) + "."))

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
groups = group_metrics(case, column)
metric = "mae" if case.task == "regression" else ("true_positive_rate" if case.task == "binary" else "accuracy")
st.plotly_chart(figures.group_metric_bars(groups, metric, column), width="stretch")
gap = largest_gap(groups, metric)
if gap:
    st.markdown(md(f"Largest gap in {metric.replace('_', ' ')}: {gap['high_group']} {gap['high']:.3g} against "
                   f"{gap['low_group']} {gap['low']:.3g} (groups of at least 30 rows)."))
st.dataframe(groups, hide_index=True, width="stretch")
