"""One prediction: its output, the columns that made it, in words, and a what-if editor."""
# nav: 30 | One prediction | :material/person_search:

import warnings

import streamlit as st

import explainers
from dashboard import cached, choices, keys
from dashboard.language import N_, _
from dashboard.layout import page_setup, require_case
from dashboard.row_picker import pick_row
from dashboard.text import md
from dashboard.whatif import whatif_editor
from explainers.confidence import words as conf_words
from explainers.core import words as core_words
from explainers.failures import decide
from explainers.failures import words as failure_words
from explainers.why import figures, words

NO_PROBABILITIES = N_("The model gives no probabilities (it has no predict_proba), so it states no chance and no "
                    "set of outcomes it cannot rule out; its decision and the columns behind it are shown.")


def confidence_words(case, rows) -> str:
    """The row's conformal set or interval at the session's confidence level (labelled data only)."""
    if not case.labelled:
        return ""
    if case.is_classifier and case.proba is None:
        return md(_(NO_PROBABILITIES))
    try:
        conf = cached.compute(explainers.confidence, case, level=choices.level())
    except explainers.InputError as err:  # e.g. too few labelled rows to calibrate: say why there is no band
        return md(_("No confidence band for this row: {reason}", reason=err))
    return md(conf_words.band_sentence(case, conf, rows))


def room_for_labels(fig):
    """The waterfall with room left and right of its bars for their values: a bar that ends near the left edge
    wrote its value over the column names (bike rentals row 0: "humidity_pct = 88" under "-17.1")."""
    bars = fig.data[0]
    ends, falls, at = [0.0], [], 0.0
    for measure, x in zip(bars.measure, bars.x, strict=True):
        at = x if measure in ("absolute", "total") else at + x
        ends.append(at)
        if measure == "relative" and x < 0:
            falls.append(at)  # a falling bar writes its value left of this end
    low, high = min(ends), max(ends)
    pad = 0.18 * (high - low or 1.0)
    fig.update_xaxes(range=[low - (pad if falls and min(falls) - low < pad else 0.0), high + pad])
    return fig

page_setup("One prediction")  # the menu label: its German and French are in the catalogs
case = require_case()
st.title(_("One prediction, explained"))

label = pick_row(case)
target_class = None
if case.task == "multiclass":
    predicted = case.predicted.loc[label]
    target_class = st.selectbox(_("Explain the chance of"), list(case.classes), index=list(case.classes).index(predicted))
att = cached.compute(explainers.attributions, case, rows=[label], target_class=target_class)

choices.deciding_line(case)
summary, chart = st.columns([2, 3])
with summary:
    name = core_words.output_name(att.units)  # "chance of bad", never "probability of bad"
    st.metric(md(name[:1].upper() + name[1:]), words.row_output(att, label))
    if choices.decides_at_threshold(case):
        threshold = choices.threshold(case)
        st.markdown(md(failure_words.decision_sentence(decide(case, threshold).loc[label], case.positive_class,
                                                       threshold)))
    elif case.is_classifier:  # no threshold to decide at: the model's own decision
        st.markdown(md(_("The model's decision for this row: {decision}.", decision=decide(case).loc[label])))
    band = confidence_words(case, case.X.loc[[label]])
    if band:
        st.markdown(band)
    if case.labelled:
        st.markdown(md(words.actual_sentence(case.y.loc[label])))
    st.markdown(md(words.explain_in_words(att, label)))
    with st.expander(_("How this was computed")):
        method = md(words.method_text(att.method))  # "pfadabhängig", not "path-dependent"
        st.caption(_("Method: {method} (estimates)", method=method) if att.approximate
                   else _("Method: {method}", method=method))
with chart:
    st.plotly_chart(room_for_labels(figures.waterfall(att, label)), width="stretch")

st.subheader(_("What if?"))
st.caption(_("Change any values (only categories and ranges seen in the data) and compare the prediction."))
edited = whatif_editor(case, label)
changed = [c for c in case.X.columns if edited.iloc[0][c] != case.X.loc[label, c]]
if not changed:
    st.info(_("Change a value above to see how the prediction moves."))
else:
    what_if = explainers.attributions(case, rows=edited, target_class=target_class)
    before, after = st.columns(2)
    with before:
        st.metric(_("Original"), words.row_output(att, label))
        st.plotly_chart(room_for_labels(figures.waterfall(att, label, title=_("Original"))), width="stretch", key=keys.WATERFALL_BEFORE)
    with after:
        delta = words.format_change(att, what_if.output[0] - att.output[0])
        st.metric(_("What if"), words.row_output(what_if, label), delta=delta, delta_color="off")
        if case.is_classifier:  # the edited row decided by the one rule, at the person's threshold
            at = choices.threshold(case) if choices.decides_at_threshold(case) else None
            with warnings.catch_warnings():  # the edited row has no label: that is expected, not news
                warnings.simplefilter("ignore", explainers.InputWarning)
                now = decide(explainers.load(case.model, edited, metadata=case.metadata), at).iloc[0]
            st.markdown(md(words.decision_change(decide(case, at).loc[label], now, case.positive_class, at)))
        band = confidence_words(case, edited)
        if band:
            st.markdown(band)
        st.plotly_chart(room_for_labels(figures.waterfall(what_if, label, title=_("What if"))), width="stretch", key=keys.WATERFALL_AFTER)
    st.caption(md(_("Changed: {columns}", columns=", ".join(changed))))
