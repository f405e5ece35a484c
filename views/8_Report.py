"""Report: the whole story as one file (HTML that opens offline, or JSON), to download and send."""
# nav: 80 | Report | :material/description:

import re
from pathlib import Path

import streamlit as st

import explainers
from dashboard import access, champions, choices, keys
from dashboard.language import N_, _, count, current, number, percent, pgettext
from dashboard.layout import page_setup, require_case
from dashboard.text import md
from explainers.failures import words as failure_words
from explainers.report import render, signoff, titles
from sample_models.catalog import samples

FORMATS = {"html": (N_("HTML (opens offline in any browser)"), "text/html"),  # labels translated where shown
           "pdf": (N_("PDF (A4, printed by headless Chromium)"), "application/pdf"),
           "json": (N_("JSON (results as values)"), "application/json")}

page_setup("Report")
case = require_case()
st.title(_("Report"))
st.caption(_("One self-contained HTML file (plotly.js inside, nothing loaded from the internet) that opens in any "
             "browser, prints cleanly, and ends with the package versions and file hashes needed to reproduce it and "
             "a signature block (check it with {command}); the same as an A4 PDF; or the same results as JSON for "
             "other tools.", command="python -m explainers verify"))

sections = titles()
chosen = st.multiselect(_("Sections"), list(sections), default=list(sections), format_func=sections.get)
current_row = int(case.X.index.get_loc(choices.row(case)))
options = list(dict.fromkeys([current_row, *range(min(len(case.X), 500))]))
positions = st.multiselect(_("Rows to explain (row numbers {first} to {last})", first=count(0), last=count(len(case.X) - 1)),
                           options, default=[current_row],
                           help=_("The current row (picked on One prediction, What flips it or How sure) comes first."))
level, threshold = choices.level(), choices.threshold(case)
if choices.decides_at_threshold(case):
    settings = _("Confidence level {level}; decisions at the threshold {threshold}. Change them in the sidebar; the "
                 "report uses the same choices as the pages.", level=percent(level, 0),
                 threshold=failure_words.threshold_text(threshold))
else:
    settings = _("Confidence level {level}. Change them in the sidebar; the report uses the same choices as the pages.",
                 level=percent(level, 0))
st.markdown(md(settings))
compared = st.session_state.get(keys.CHALLENGER_CHOSEN)  # the champion picked on Compare (its "role")
champion = None
if compared and compared["fingerprint"] == case.fingerprint and compared.get("role") == "champion" and st.checkbox(
        _("Include the comparison with the champion (the model you run today) picked on the Compare page; this "
          "model is the candidate"), value=True):
    try:
        champion = champions.champion_on(case, compared["chosen"])
    except explainers.InputError as err:
        st.error(md(err))
        st.stop()
file_format = st.radio(_("Format"), list(FORMATS), format_func=lambda f: _(FORMATS[f][0]), horizontal=True)
sample = case.source.get("sample")
reference = samples()[sample].training_path if sample and "upload" not in case.source else None


def file_name(title: str, extension: str) -> str:
    """A safe file name from the model's name: letters, digits, dots, dashes and underscores only."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", title).strip("._") or "model"
    return f"trustboard_{stem[:60]}.{extension}"


CARD, SIGNOFF = "report_card", "report_signoff"  # this page's filled statements and sign-off, per case
CARD_LABELS = {"intended_use": N_("Intended use"), "out_of_scope": N_("Out of scope"), "users": N_("Users"),
               "oversight": N_("Oversight"), "owner": N_("Owner"), "data_provenance": N_("Data provenance")}
DECISION_LABELS = {"approve": N_("Approve"), "approve with exceptions": N_("Approve with exceptions"),
                   "reject": N_("Reject")}  # the sign-off's values stay English; shown translated


def filled_card() -> dict:
    """The model card statements typed here that differ from the sidecar's (key -> text, list, or None)."""
    given, filled = case.metadata.card, {}
    typed = st.session_state.setdefault(CARD, {}).setdefault(case.fingerprint, {})  # kept when the page is left
    for key in signoff.CARD_KEYS:
        now = given.get(key)
        shown = "\n".join(now) if isinstance(now, tuple) else now or ""
        text = st.text_area(_(CARD_LABELS[key]) if key in CARD_LABELS else key.replace("_", " ").capitalize(), value=typed.get(key, shown),
                            key=f"card_{key}_{case.fingerprint}", height=80,
                            help=_('The sidecar\'s "{key}"; one item per line.', key=key) if key in signoff.LISTED
                            else _('The sidecar\'s "{key}".', key=key))
        typed[key] = text
        if text != shown:
            filled[key] = signoff.statement(key, text)
    return filled


def record_signoff():
    """The sign-off form; a recorded sign-off (checked, audited) is kept for this case's reports."""
    person = access.current()
    left, right = st.columns(2)
    decision = left.radio(_("Decision"), signoff.DECISIONS,
                          format_func=lambda d: _(DECISION_LABELS[d]) if d in DECISION_LABELS else d.capitalize(), key="signoff_decision")
    if person.signed_in:  # the signed-in person signs, in their own name
        name = right.text_input(_("Name"), value=person.email, disabled=True, key="signoff_name_signed_in")
    else:
        name = right.text_input(_("Name"), key="signoff_name")
    role = right.text_input(_("Role"), placeholder=_("e.g. Head of credit risk"), key="signoff_role")
    # Translators: how the date picker writes a date: only YYYY/MM/DD, DD/MM/YYYY or MM/DD/YYYY, separator / - or .
    day = right.date_input(_("Date"), key="signoff_date", format=pgettext("date input format", "YYYY/MM/DD"))
    comment = st.text_area(_("Comment (the exceptions, or the reasons for a rejection)"), key="signoff_comment")
    if st.button(_("Record the sign-off")):
        try:
            signed = signoff.from_person(person, {"decision": decision, "name": name, "role": role, "date": day,
                                                  "comment": comment})
        except explainers.InputError as err:
            st.error(md(err))
            return
        st.session_state[SIGNOFF] = {"fingerprint": case.fingerprint, "signoff": signed}
        access.record("sign-off", case, decision=signed.decision, signed_by=signed.name, signed_as=signed.role,
                      signed_on=signed.date, comment=signed.comment)


st.subheader(_("Model card and sign-off"))
st.caption(_("What only a person can state about the model, and a person's decision on it. The statements replace "
             "the sidecar's in the report (blank: not stated); the sign-off goes into the report's signature block."))
with st.expander(_("Model card statements ({stated} of {total} stated in the sidecar)",
                   stated=count(len(case.metadata.card.keys() & set(signoff.CARD_KEYS))),
                   total=count(len(signoff.CARD_KEYS))), expanded=True):
    card = filled_card()
    try:
        carded = signoff.with_card(case, card)
    except explainers.InputError as err:
        st.error(md(err))
        st.stop()
    if card:
        access.download_button(access.EXPORT_REPORT, _("Download the sidecar with these statements"),
                               signoff.sidecar_json(carded.metadata), case=case,
                               file_name=file_name(Path(str(case.source.get("model") or case.name)).stem,
                                                   "json").removeprefix("trustboard_"),
                               mime="application/json")  # save it beside the model file as <model>.json
with st.expander(_("Sign-off"), expanded=True):
    record_signoff()
    recorded = st.session_state.get(SIGNOFF)
    recorded = recorded["signoff"] if recorded and recorded["fingerprint"] == case.fingerprint else None
    if recorded is not None:
        st.success(md(_("Recorded: {line}", line=recorded.line())))
    else:
        st.caption(_("No sign-off recorded: the report's signature block will say so."))


if st.button(_("Build the report"), type="primary"):
    try:
        with st.spinner(_("Building the report...")):
            text = render(case, format=file_format, lang=current(), rows=[case.X.index[p] for p in positions] or None, level=level,
                          threshold=threshold, sections=chosen or None, reference=reference,
                          group=choices.group(case), champion=champion, card=card, signoff=recorded)
    except explainers.InputError as err:
        st.error(md(err))
        st.stop()
    st.session_state[keys.REPORT] = {"fingerprint": case.fingerprint, "format": file_format, "data": text,
                                     "file_name": file_name(case.name, file_format)}

built = st.session_state.get(keys.REPORT)
if built and built["fingerprint"] == case.fingerprint:  # a report belongs to the case it was built from
    data = built["data"]
    size = len(data if isinstance(data, bytes) else data.encode("utf-8")) / 1e6  # a PDF is bytes
    st.success(_("Report ready ({size} MB).", size=f"{size:.1f}" if current() == "en" else number(round(size, 1))))
    access.download_button(access.EXPORT_REPORT, md(_("Download {file}", file=built["file_name"])), built["data"], case=case,
                           file_name=built["file_name"], mime=FORMATS[built["format"]][1])  # audited
