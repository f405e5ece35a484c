"""What flips it: the smallest realistic changes to one row that change the model's decision."""
# nav: 40 | What flips it | :material/swap_horiz:

import pandas as pd
import streamlit as st

import explainers
from dashboard import cached, keys
from dashboard.layout import page_setup, require_case
from dashboard.row_picker import pick_row
from dashboard.text import md
from dashboard.whatif import send_to_whatif
from explainers.flips import figures, words
from explainers.flips.counterfactuals import flip_points

page_setup("What flips it")
case = require_case()
st.title("What would flip the decision?")
st.caption("Counterfactuals: copies of one row with as few changes as possible that make the model decide "
           "otherwise. Every row shown was put through the model itself and checked against the constraints.")

label = pick_row(case, key="cf")
current = case.predicted.loc[label]
target = None
if case.task == "multiclass":
    others = [c for c in case.classes if c != current]
    target = st.selectbox("Wanted class", others)
elif case.task == "regression":
    low_default = float(current) * 1.2 if float(current) > 0 else float(current) + 1
    a, b = st.columns(2)
    low = a.number_input("Wanted prediction from", value=round(low_default, 2))
    high = b.number_input("to", value=round(max(low_default * 1.5, low_default + 1), 2))
    target = (low, high)
st.markdown(md(f"Now: the model predicts {current if case.is_classifier else f'{float(current):,.4g}'} for this row."))

with st.expander("Constraints: what may change, and how far", expanded=False):
    numeric = [c for c in case.X.columns if case.feature_kinds[c] != "categorical"]
    table = pd.DataFrame({
        "feature": case.X.columns,
        "may change": [c not in case.metadata.immutable for c in case.X.columns],
        "lowest": [float(case.X[c].min()) if c in numeric else None for c in case.X.columns],
        "highest": [float(case.X[c].max()) if c in numeric else None for c in case.X.columns],
        "direction": ["any" for _ in case.X.columns],
    })
    edited = st.data_editor(table, hide_index=True, width="stretch", disabled=["feature"], key=keys.counterfactual_rules(case.fingerprint),
                            column_config={"direction": st.column_config.SelectboxColumn(options=["any", "increase", "decrease"])})
    st.caption("Immutable columns come from the sidecar. Ranges default to what the data shows; categories "
               "only take values seen in the data; whole-number columns stay whole.")
immutable = list(edited.loc[~edited["may change"], "feature"])
# only the ranges the user changed: a changed range also moves a value that lies outside it inside
ranges = {r.feature: (r.lowest, r.highest) for r, d in zip(edited.itertuples(), table.itertuples(), strict=True)
          if r.feature in numeric and (r.lowest, r.highest) != (d.lowest, d.highest)}
directions = {r.feature: r.direction for r in edited.itertuples() if r.direction != "any" and r.feature in numeric}

try:
    with st.spinner("Searching..."):
        found = cached.compute(explainers.counterfactuals, case, row=label, immutable=list(immutable), ranges=ranges,
                                 directions=directions, target=target)
        flips = cached.compute(flip_points, case, row=label, immutable=list(immutable), ranges=ranges,
                                directions=directions, target=target)
except explainers.InputError as err:
    st.error(md(err))
    st.stop()

st.subheader("Smallest changes that flip it")
with st.expander("How these were found"):
    st.markdown(
        "1. Each changeable column alone is tried over a grid of its allowed values, and pairs of columns are tried "
        "at values taken from the most similar real rows that already get the wanted decision.\n"
        "2. If that is not enough, the most promising partial changes get one more column at a time, and the "
        "similar real rows' values are copied over, strongest columns first.\n"
        "3. Each changed number is then moved back towards its current value as far as the decision stays flipped.\n\n"
        "Ranked by fewest columns changed, then by distance (each number's change divided by the column's typical "
        "spread, the median absolute deviation; a changed category counts 1), then picked so the rows change "
        "different columns. *Plausibility* compares the distance to the nearest real row with this outcome with "
        "the usual distance between such real rows.")
if found.empty:
    st.warning(md(words.found_sentence(found)))
else:
    shown = words.table(found)
    st.dataframe(shown, width="stretch", column_config={
        "score": st.column_config.ProgressColumn("probability", format="percent", min_value=0.0, max_value=1.0),
        "changes": st.column_config.TextColumn("changes (old -> new)", width="large"),
        "features_changed": st.column_config.NumberColumn("columns changed"),
        "plausibility": st.column_config.TextColumn(help="Distance to the nearest real row with this outcome, "
                                                         "against the usual spacing of real rows.")})
    chosen = st.selectbox("Open one in the what-if editor", range(len(found)),
                          format_func=lambda i: f"{i}: {shown['changes'].iloc[i]}")
    if st.button("Open in the what-if editor"):
        send_to_whatif(case, label, found.rows.iloc[chosen])
        st.switch_page("pages/3_Single_prediction.py")

st.subheader("One column at a time")
st.dataframe(words.flip_table(flips), hide_index=True, width="stretch")
points = flips.points
numeric_flips = points[points["flip_value"].notna() & points["feature"].isin(numeric)]
if len(numeric_flips):
    feature = st.selectbox("Show where a column flips it", list(numeric_flips["feature"]))
    st.plotly_chart(figures.flip_point(flips, case, feature), width="stretch")
