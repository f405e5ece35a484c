"""Where it fails: metrics, costs and thresholds, fairness between groups, the worst slices, the error tree,
worst rows."""
# nav: 60 | Where it fails | :material/report:

import streamlit as st

import explainers
from dashboard import cached, choices, keys, tables
from dashboard.language import N_, _, count, pgettext
from dashboard.layout import page_setup, require_case, require_labels
from dashboard.text import md
from explainers.core import privacy
from explainers.core import words as core_words
from explainers.failures import error_tree, fairness, figures, group_metrics, words
from explainers.glossary import readable_columns
from explainers.overview import pick, prediction_table

NO_PROBABILITIES = N_("The model gives no probabilities (it has no predict_proba): there is no chance to move a "
                    "decision threshold on and no ranking of its mistakes by confidence.")
SHOWN_ROWS = 50_000  # a slice's rows in the table (more are slow to send to a browser and to draw)


def slice_headers() -> dict:
    """The slice table's headers that are long in German and French, shortened (English unchanged: the glossary's
    own headers); the full name shows on hovering."""
    return {"error": pgettext("short table header", "Error"), "ci_low": pgettext("short table header", "95% low"),
            "ci_high": pgettext("short table header", "95% high"),
            "error_elsewhere": pgettext("short table header", "Error elsewhere")}


def row_headers(case) -> dict:
    """Headers of a prediction table's own columns in the reader's language (the data's columns stay as they are)."""
    return {"prediction": st.column_config.Column(_("Prediction")), "actual": st.column_config.Column(_("actual")),
            "score": st.column_config.Column(core_words.chance(case.positive_class)),
            "correct": st.column_config.CheckboxColumn(_("Right?")), "error": st.column_config.Column(_("Error"))}


# the group table's columns in order, as short headers (the full name shows on hovering) and widths in px: together
# under 750 px, so the table fits at 800 px with the sidebar closed and stretches wider; long cells wrap
GROUP_HEADERS = [(N_("Group"), 120), (N_("Rows"), 90), (N_("Flagged"), 85), (N_("Wrongly flagged"), 110),
                 (N_("Missed"), 85), (N_("Right"), 85), (N_("Vs best"), 80), (N_("Judged"), 90)]  # 745 px: fits at 800;
# Rows at 90 px: French "Observations" was cut to "Observatio" at 50 px (photographed at 1,400 px)


def fits_800(table) -> dict:
    """Column settings for a group table: GROUP_HEADERS' short headers and widths when it has those columns, else
    the first column 140 px and the others sharing 600 px; each header's full name on hovering."""
    columns = list(table.columns)
    if len(columns) == len(GROUP_HEADERS):
        sizes = [(_(label), width) for label, width in GROUP_HEADERS]
    else:  # "Mean absolute error, 95% low" reads "95% low" under its metric's column
        sizes = [(columns[0], 140)] + [(str(c).split(", ")[-1], max(60, 600 // max(len(columns) - 1, 1)))
                                       for c in columns[1:]]
        shorts = [label for label, _ in sizes]
        sizes = [(label if shorts.count(label) == 1 else c, w) for c, (label, w) in zip(columns, sizes, strict=True)]
    number = {c for c in columns[1:] if table[c].dtype.kind == "f"}
    return {c: (st.column_config.NumberColumn(label, width=width, help=md(c) if c != label else None, format="%.4g")
                if c in number else st.column_config.Column(label, width=width, help=md(c) if c != label else None))
            for c, (label, width) in zip(columns, sizes, strict=True)}


page_setup("Where it fails")
case = require_case()
st.title(_("Where does the model fail?"))
require_labels(case, _("Judging the model needs labelled rows."))
if case.is_classifier and case.proba is None:
    st.info(_(NO_PROBABILITIES) + " " + _("Its decisions are judged here as they are: errors, groups, slices and the "
                                          "error tree."))
group = choices.group(case)

# -- performance and threshold -------------------------------------------------------------------
threshold = choices.threshold(case) if choices.decides_at_threshold(case) else 0.5
perf = cached.compute(explainers.performance, case, threshold=threshold)
choices.deciding_line(case)
if perf.threshold_study is not None:
    st.subheader(_("Decision threshold and the cost of errors"))
    st.markdown(md(words.threshold_move(perf)))
    slider, chart = st.columns([1, 2])
    with slider:
        choices.threshold_slider(case, "page")
        st.caption(_("The same threshold holds on every page and in the report."))
    chart.plotly_chart(figures.threshold_costs(perf), width="stretch")
    st.caption(md(words.threshold_caveat(perf)))
left, right = st.columns([3, 2])
with left:
    st.subheader(_("Performance on the labelled rows"))
    # widths fit the left column at 800 px (about 450 px) and stretch wider; names and meanings wrap
    tables.local(perf.metrics.drop(columns="key").rename(columns={"name": "metric"}), hide_index=True, width="stretch",
                 row_height=72, column_config={"metric": st.column_config.TextColumn(_("metric"), width=120),
                                               "value": st.column_config.NumberColumn(_("value"), format="%.3f",
                                                                                      width=60),
                                               "meaning": st.column_config.TextColumn(_("meaning"), width=250)})
    with st.expander(_("How this was computed")):
        st.caption(md(perf.method))
with right:
    if perf.confusion is not None:
        st.plotly_chart(figures.confusion_matrix(perf), width="stretch")
if perf.residuals is not None:
    a, b = st.columns(2)
    a.plotly_chart(figures.residuals(perf, label=_("predicted {target}", target=case.target)), width="stretch")
    feature = b.selectbox(_("Residuals against"), list(case.X.columns))
    b.plotly_chart(figures.residuals(perf, case.X[feature]), width="stretch", key=keys.RESIDUAL_FEATURE)

# -- fairness --------------------------------------------------------------------------------------
st.subheader(_("Groups compared: {column}", column=md(group)))
st.caption(_("Change the column in the sidebar (Groups to compare)."))
if choices.decides_at_threshold(case):
    fair = cached.compute(fairness, case, column=group, threshold=threshold)
    for sentence in words.fairness_sentences(fair):
        st.markdown(md(sentence))
    st.plotly_chart(figures.fairness_bars(fair), width="stretch")
    table = words.fairness_table(fair)
    tables.local(table, hide_index=True, width="stretch", row_height=72, column_config=fits_800(table))
    with st.expander(_("How this was computed")):
        st.caption(md(fair.method) + " " + _("Differences are in percentage points; ratios divide by the best-treated "
                   "group's rate (the four-fifths rule asks that the favourable outcome's ratio be at least 80%)."))
        tables.local(words.fairness_differences(fair), hide_index=True, width="stretch")
else:
    groups = cached.compute(group_metrics, case, column=group, threshold=threshold)
    st.plotly_chart(figures.group_metric_bars(groups), width="stretch")
    gap = words.group_gap(groups)
    if gap:
        st.markdown(md(gap))
    tables.local(readable_columns(groups.table), hide_index=True, width="stretch",
                 column_config=fits_800(readable_columns(groups.table)))

# -- slices ----------------------------------------------------------------------------------------
st.subheader(_("Slices where the model is worst"))
found = cached.compute(explainers.failures, case)
if found.slices.empty:
    st.info(md(words.no_slices(found)))
    if st.checkbox(_("Show the strongest candidates anyway (not significant: hints, not findings)")):
        found = cached.compute(explainers.failures, case, alpha=1.0)
slices = privacy.slices(found.slices, words.slice_text)  # a slice on a private column coarse, or left out
if not slices.empty:
    shown = slices.drop(columns=["query", "conditions", "explained"])  # keyed by the result's own column names
    full = dict(zip(shown.columns, readable_columns(shown).columns, strict=True))  # "95% low", in the reader's language
    headers = {**full, **{c: h for c, h in slice_headers().items() if c in full}}  # short: German and French fit
    tests = [c for c in ("p_value", "q_value") if c in shown]  # "< 0.0001" or 2 significant digits, as in the words
    shown = shown.assign(**{c: shown[c].map(lambda v: core_words.p_value(v, name=None)) for c in tests})
    widths = {"slice": 190, "size": 85, "error": 60, "ci_low": 80, "ci_high": 80, "error_elsewhere": 110,
              "p_value": 65, "q_value": 65}  # about 735 px: fits at 800 px and stretches wider; a slice wraps
    helps = {c: md(full[c]) if full[c] != headers[c] else None for c in shown.columns}
    tables.local(shown, hide_index=True, width="stretch", row_height=72,
                 column_config={**{c: st.column_config.Column(headers[c], width=widths.get(c, 70), help=helps[c])
                                   for c in shown.columns},
                                **{c: st.column_config.NumberColumn(headers[c], format="%.3g", width=widths[c],
                                                                   help=helps[c]) for c in
                                   ("error", "ci_low", "ci_high", "error_elsewhere") if c in shown},
                                **{c: st.column_config.TextColumn(headers[c], width=widths[c]) for c in tests}})
    with st.expander(_("How this was computed")):
        st.caption(md(words.slices_method()))
        for note in found.notes:  # what was sampled, or counted on the Dask cluster
            st.caption(md(note))
    chosen = st.selectbox(_("Open a slice"), range(len(slices)), format_func=lambda i: slices["slice"].iloc[i])
    rows = found.rows(found.slices.index.get_loc(slices.index[chosen]))
    st.caption(md(_("{rows} rows. The table holds the first {first}.", rows=count(len(rows)), first=count(SHOWN_ROWS))
                  if len(rows) > SHOWN_ROWS else _("{rows} rows.", rows=count(len(rows)))))
    tables.local(prediction_table(case).loc[rows.index[:SHOWN_ROWS]], width="stretch", height=260,
                 column_config=row_headers(case))
    if len(rows) and st.button(_("Explain the first row of this slice on the One prediction page")):
        choices.set_row(case, rows.index[0])
        st.session_state[keys.remembered(keys.row_way())] = "Row number"
        st.switch_page("views/3_Single_prediction.py")

# -- error tree and worst rows ---------------------------------------------------------------------
st.subheader(_("Error tree"))
tree = cached.compute(error_tree, case)
if words.no_mistakes(tree):
    st.success(md(words.worst_branch(tree)))
else:
    st.plotly_chart(figures.error_tree_figure(tree), width="stretch")
    st.caption(md(words.worst_branch(tree)))
    st.subheader(_("Worst rows"))
    if case.task == "regression":
        shortcut, caption = "largest_error", _("Largest errors.")
    elif case.proba is None:  # nothing to rank mistakes by: the first ones, and why
        shortcut, caption = "wrong", _("The first wrong predictions, in row order: the model gives no probabilities, "
                                       "so they cannot be ranked by confidence.")
    else:
        shortcut, caption = "most_confident_wrong", _("The most confident wrong predictions.")
    worst_rows = pick(case, shortcut, count=10)
    st.caption(caption)
    tables.local(prediction_table(case).loc[worst_rows], width="stretch", height=300, column_config=row_headers(case))
