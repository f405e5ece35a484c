"""How robust: small changes, missing values, leakage, non-determinism, over-confidence, sensitive columns."""
# nav: 65 | How robust | :material/shield:

import streamlit as st

import explainers
from dashboard import cached, choices, tables
from dashboard.language import N_, _, count, ngettext
from dashboard.layout import page_setup, require_case
from dashboard.text import md
from explainers.core import privacy
from explainers.core import words as core_words
from explainers.failures import words as failure_words
from explainers.overview import prediction_table
from explainers.robustness import figures, words

FLUKE = N_("The q-value (false discovery rate): small means unlikely to be a fluke.")
# the confidence-slice table's number columns: short header, width in px, what it means (on hovering)
CONFIDENCE_COLUMNS = (
    ("confidence", N_("stated"), 65, N_("Stated confidence: the model's average chance for its own decisions there.")),
    ("accuracy", N_("right"), 55, N_("The share of those decisions that were right.")),
    ("gap", N_("gap"), 55, N_("Right minus stated: below zero the model is over-confident there.")),
    ("gap_elsewhere", N_("gap elsewhere"), 95, N_("The same gap in the other rows.")),
    ("p_value", N_("p-value"), 70, N_("How often chance alone would show a gap this large.")),
    ("q_value", N_("could be chance"), 95, FLUKE))

page_setup("How robust")
case = require_case()
st.title(_("How robust is the model?"))
st.caption(_("Whether the model's decisions hold up when its data is a little off, and whether it learned from "
             "something it should not have. Each finding says what to do."))

training = cached.training_of(case)
# a flip is a decision that changes at the person's threshold (part of the cache key; 0.5, the scan's default
# and the background scan's, until someone moves it; other models ignore it)
with st.spinner(_("Scanning the model (a few seconds)...")):
    scan = cached.compute(explainers.robustness, case, training=training, threshold=choices.threshold(case))

choices.deciding_line(case)
st.markdown(md(words.summary(scan)))
st.caption(md(words.gate_values(scan)))
findings = scan.findings
if findings.empty:
    st.success(_("No weakness found."))
else:
    st.subheader(ngettext("{n} findings, worst first", "{n} findings, worst first", len(findings)))
    for finding in findings[findings["severity"] == "major"].itertuples():  # the advice that matters, uncut
        st.warning(f"**{md(finding.where)}**: {md(finding.advice)}", icon="⚠️")
    table = findings[["severity", "check", "where", "evidence", "advice", "q_value"]].assign(
        severity=lambda t: t["severity"].map(words.severity),  # "schwerwiegend"/"majeur", not "major"
        check=lambda t: t["check"].map(words.check_name),  # "missing values" (English), "Fehlende Werte" (German)
        q_value=lambda t: t["q_value"].map(lambda v: "" if v is None else core_words.p_value(v, name=None)))  # not 0
    tables.local(table, hide_index=True,
                 width="stretch", row_height=150, column_config={  # over 64 px: long text wraps (7 lines)
                     # widths sum to 750 px: the table fits at 800 px (sidebar closed) and stretches wider
                     "severity": st.column_config.TextColumn(_("how serious"), width=80),
                     "check": st.column_config.TextColumn(_("check"), width=95),
                     "where": st.column_config.TextColumn(_("where"), width=115),
                     "evidence": st.column_config.TextColumn(_("what was seen"), width=180),
                     "advice": st.column_config.TextColumn(_("what to do"), width=185),
                     "q_value": st.column_config.TextColumn(_("could be chance"), width=95,
                                                              help=_(FLUKE))})

left, right = st.columns(2)
left.plotly_chart(figures.flip_rates(scan.perturbation, case.task), width="stretch")
right.plotly_chart(figures.blank_movement(scan.missing, case.task, case.target), width="stretch")

flipped = scan.perturbation[scan.perturbation["flipped"] > 0]
if not flipped.empty:
    # Translators: rows whose decision changes (a flip) when one column moves a little
    st.subheader(_("Rows that flip"))
    column = st.selectbox(_("Column moved"), list(flipped["column"]))
    row = flipped[flipped["column"] == column].iloc[0]
    st.caption(md(words.flip(row, case.task)[0]))
    tables.local(prediction_table(case).loc[list(row["examples"])], width="stretch", height=260,
                 column_config={"score": st.column_config.NumberColumn(core_words.chance(case.positive_class),
                                                                       format="percent"),
                                "prediction": st.column_config.Column(_("Prediction")),
                                "actual": st.column_config.Column(_("actual")),
                                "correct": st.column_config.CheckboxColumn(_("Right?"))})

if not scan.confidence_slices.empty:
    st.subheader(_("Over- and under-confident slices"))
    slices = privacy.slices(scan.confidence_slices, failure_words.slice_text).drop(columns=["query", "conditions"])
    tests = [c for c in ("p_value", "q_value") if c in slices]  # "< 0.0001" or 2 significant digits, as in the words
    slices = slices.assign(**{c: slices[c].map(lambda v: "" if v is None else core_words.p_value(v, name=None))
                              for c in tests})
    if "direction" in slices:  # "over"/"under" in the reader's language
        slices = slices.assign(direction=slices["direction"].map(words.direction_name))
    numbers = {c: (_(label), width, _(text)) for c, label, width, text in CONFIDENCE_COLUMNS}
    others = {"slice": 190, "size": 50}  # and 70 px for any other column (direction)
    names = {"slice": _("slice"), "size": _("size"), "direction": _("direction")}
    # widths sum to about 750 px: the table fits at 800 px (sidebar closed) and stretches wider; slices wrap
    tables.local(slices, hide_index=True, width="stretch", row_height=72, column_config={
        **{c: st.column_config.Column(names.get(c), width=others.get(c, 70)) for c in slices.columns
           if c not in numbers},
        **{c: (st.column_config.TextColumn if c in tests else st.column_config.NumberColumn)(
            label, width=width, help=text, **({} if c in tests else {"format": "%.3g"}))
           for c, (label, width, text) in numbers.items() if c in slices.columns}})

with st.expander(_("Tried and held ({n})", n=count(len(scan.passed)))):
    tables.local(scan.passed.assign(check=lambda t: t["check"].map(words.check_name)), hide_index=True, width="stretch",
                 column_config={"check": st.column_config.Column(_("check")), "where": st.column_config.Column(_("where")),
                                "evidence": st.column_config.TextColumn(_("evidence"), width="large")})
with st.expander(_("How this was computed")):
    st.markdown(_("Each column moved a little and blanked, the same rows predicted twice and alone, columns that "
                  "stand in for the label or rows copied from training, slices where confidence and accuracy part "
                  "ways. Findings are tested for chance (false discovery rate 5%)."))
    st.markdown(md(scan.method))
    for note in scan.notes:
        st.caption(md(note))
