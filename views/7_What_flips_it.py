"""What flips it: the smallest realistic changes to one row that change the model's decision."""
# nav: 40 | What flips it | :material/swap_horiz:

import streamlit as st

import explainers
from dashboard import cached, choices, keys, tables
from dashboard.language import N_, _, ngettext, translated
from dashboard.layout import page_setup, require_case
from dashboard.row_picker import pick_row
from dashboard.text import md
from dashboard.whatif import send_to_whatif
from explainers.core import words as core_words
from explainers.failures import decide
from explainers.flips import (
    MIN_ROWS,
    constraints_table,
    figures,
    flip_points,
    forbid_choices,
    linked_columns,
    links_table,
    numeric_columns,
    parse_actionability,
    search_options,
    words,
)

# Translators: the way a number may move in a suggested change (the constraint editor's "direction" column)
DIRECTIONS = (N_("any"), N_("increase"), N_("decrease"))  # values kept in English; shown in the reader's language

page_setup("What flips it")
case = require_case()
st.title(_("What would flip the decision?"))
st.caption(_("The smallest realistic changes to one row that would change the model's decision (data scientists "
             "call them counterfactuals). Every row shown was put through the model itself and checked against the "
             "constraints."))

label = pick_row(case, key="cf")
# the decision every page shows: at the person's threshold (binary classifiers with probabilities)
threshold = choices.threshold(case) if choices.decides_at_threshold(case) else None
current = decide(case, threshold).loc[label]
target = None
if case.task == "multiclass":
    others = [c for c in case.classes if c != current]
    target = st.selectbox(_("Wanted class"), others)
elif case.task == "regression":
    low_default = float(current) * 1.2 if float(current) > 0 else float(current) + 1
    a, b = st.columns(2)
    low = a.number_input(_("Wanted prediction from"), value=round(low_default, 2))
    # Translators: the upper end of the wanted prediction range ("Wanted prediction from ... to ...")
    high = b.number_input(_("to"), value=round(max(low_default * 1.5, low_default + 1), 2))
    target = (low, high)
choices.deciding_line(case)
wanted = target if case.task == "multiclass" else words.wanted({"kind": "other_than"}, current, case.classes)
st.markdown(md(words.now_sentence(current, wanted, threshold, regression=case.task == "regression")))

try:
    sidecar_forbidden, sidecar_cost = parse_actionability(case)
except explainers.InputError as err:
    st.error(md(err))
    sidecar_forbidden, sidecar_cost = {}, {}
numeric = numeric_columns(case)

with st.expander(_("Constraints: what may change, how far, and at what cost"), expanded=False):
    table = constraints_table(case, sidecar_cost)
    edited = st.data_editor(table, hide_index=True, width="stretch", disabled=["feature"], key=keys.counterfactual_rules(case.fingerprint),
                            column_config={"feature": st.column_config.TextColumn(_("column")),
                                           "may change": st.column_config.Column(_("may change")),
                                           "lowest": st.column_config.NumberColumn(_("lowest")),
                                           "highest": st.column_config.NumberColumn(_("highest")),
                                           "direction": st.column_config.SelectboxColumn(_("direction"), options=list(DIRECTIONS), format_func=translated()),
                                           "cost": st.column_config.NumberColumn(_("cost"), min_value=0.0, help=_("How hard a change of this column is for the person (1 = usual); the search prefers cheap changes."))})
    choices = forbid_choices(case)
    forbid = st.multiselect(_("Values never to suggest"), choices, format_func=lambda cv: f"{cv[0]}: {cv[1]}",
                            default=[cv for cv in choices if cv[1] in sidecar_forbidden.get(cv[0], ())],
                            key=keys.counterfactual_rules(case.fingerprint) + "_forbid",
                            help=_("e.g. closing an account: a change a person would not be advised to make."),
                            placeholder=_("Choose values"))
    st.caption(_("Immutable columns, forbidden values and costs come from the sidecar (its \"actionability\"). Ranges "
                 "default to what the data shows; categories only take values seen in the data; whole-number columns "
                 "stay whole."))

with st.expander(_("Linked columns: kept consistent with each other"), expanded=False):
    link_table = links_table(cached.compute(linked_columns, case))
    kept = st.data_editor(link_table, hide_index=True, width="stretch", num_rows="dynamic", disabled=["how"],
                          key=keys.counterfactual_rules(case.fingerprint) + "_links",
                          column_config={"keep": st.column_config.Column(_("keep")),  # any type: an empty table's is float
                                         "column": st.column_config.SelectboxColumn(_("column"), options=list(case.X.columns), required=True),
                                         "linked to": st.column_config.SelectboxColumn(_("linked to"), options=list(case.X.columns), required=True),
                                         "how": st.column_config.TextColumn(_("how"), width="large")})
    st.caption(ngettext("Found in the data: a category that sets another column, or two categories some of whose "
                        "combinations never occur. Suggestions only take combinations seen on at least {n} row, "
                        "and a set column moves with the one that sets it. Untick a link to drop it; add a row to link "
                        "two columns yourself.",
                        "Found in the data: a category that sets another column, or two categories some of whose "
                        "combinations never occur. Suggestions only take combinations seen on at least {n} rows, "
                        "and a set column moves with the one that sets it. Untick a link to drop it; add a row to link "
                        "two columns yourself.", MIN_ROWS))
options = search_options(case, label, table, edited, forbid, kept, target)

try:
    with st.spinner(_("Searching...")):
        found = cached.compute(explainers.counterfactuals, case, **options, threshold=threshold)
        flips = cached.compute(flip_points, case, **options, threshold=threshold)
except explainers.InputError as err:
    st.error(md(err))
    st.stop()

st.subheader(_("Smallest changes that flip it"))
with st.expander(_("How these were found")):
    st.markdown(
        _("1. Each changeable column alone is tried over a grid of its allowed values, and pairs of columns are "
          "tried at values taken from the most similar real rows that already get the wanted decision.\n"
          "2. If that is not enough, the most promising partial changes get one more column at a time, and the "
          "similar real rows' values are copied over, strongest columns first.\n"
          "3. Each changed number is then moved back towards its current value as far as the decision stays "
          "flipped.\n\n"
          "Every trial row is first made consistent with the linked columns (a set column follows the one that sets "
          "it; a restricted pair only takes combinations seen in the data).\n\n"
          "Ranked by fewest columns changed (each counted at its cost), then by distance (each number's change "
          "divided by the column's typical spread, the median absolute deviation; a changed category counts 1; "
          "times its cost), then picked so the rows change different columns: another value of a change already "
          "shown comes only when nothing else flips the decision. *Plausibility*: {plausibility}",
          plausibility=words.plausibility_help()))
if found.empty:
    st.warning(md(words.found_sentence(found)))
else:
    shown = words.table(found)
    # widths sum to under 750 px, so the table fits at 800 px and stretches wider; long changes wrap (row height)
    tables.local(shown, width="stretch", hide_index=True, row_height=110, column_config={
        "prediction": st.column_config.TextColumn(_("decision"), width=70),
        "score": st.column_config.ProgressColumn(_("chance"), format="percent", min_value=0.0, max_value=1.0, width=100,
                                                 help=_("The {chance}: the decision shown.", chance=core_words.chance())),
        "changes": st.column_config.TextColumn(_("changes (old -> new)"), width=340),
        "features_changed": st.column_config.NumberColumn(_("columns"), width=60, help=_("How many columns change.")),
        "plausibility": st.column_config.TextColumn(_("plausibility"), width=170, help=words.plausibility_help())})
    chosen = st.selectbox(_("Open one in the what-if editor"), range(len(found)),
                          format_func=lambda i: f"{i}: {shown['changes'].iloc[i]}")
    if st.button(_("Open in the what-if editor")):
        send_to_whatif(case, label, found.rows.iloc[chosen])
        st.switch_page("views/3_Single_prediction.py")

st.subheader(_("One column at a time"))
tables.local(words.flip_table(flips), hide_index=True, width="stretch", row_height=72, column_config={
    "feature": st.column_config.TextColumn(_("column"), width=150),
    "current": st.column_config.TextColumn(_("now"), width=140),
    "flip_value": st.column_config.TextColumn(_("flips the decision at"), width=140),
    "prediction": st.column_config.TextColumn(_("decision then"), width=90),
    "note": st.column_config.TextColumn(_("note"), width=200)})
points = flips.points
numeric_flips = points[points["flip_value"].notna() & points["feature"].isin(numeric)]
if len(numeric_flips):
    feature = st.selectbox(_("Show where a column flips it"), list(numeric_flips["feature"]))
    st.plotly_chart(figures.flip_point(flips, case, feature), width="stretch")
