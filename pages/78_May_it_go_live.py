"""May it go live: the release policy judged pass / warn / fail on interval bounds, with downloads for CI."""
# nav: 78 | May it go live | :material/rocket_launch:

import streamlit as st
import yaml

import explainers
from dashboard import access, cached, champions, choices, keys
from dashboard.layout import page_setup, require_case
from dashboard.settings import read_settings
from dashboard.text import md
from explainers.compare import words as compare_words
from explainers.gate import (
    as_mapping,
    default_policy,
    export,
    figures,
    from_table,
    read_policy,
    remember,
    resolve,
    to_table,
    words,
)
from explainers.report import context, render_html

SIDECAR, DEFAULT, UPLOAD = "This model's sidecar", "Default policy", "Upload a YAML file"
NO_CHAMPION = "(none)"
STATUS_ICONS = {"pass": "✅ pass", "warn": "⚠️ warn", "fail": "❌ fail", "not judged": "➖ not judged"}

page_setup("May it go live")
case = require_case()
st.title("May it go live?")
st.caption(md(words.judged_on_bounds()))

training = cached.training_of(case)
operator = read_settings()  # the operator's paths (--model-dir, --challenger) offer champions


def starting_policy(source: str, champion):
    """The policy the editor starts from (the default policy holds the champion checks when a champion is
    picked), or None when an upload is still awaited."""
    if source == UPLOAD:
        upload = st.file_uploader("Policy (.yaml)", type=["yaml", "yml"])
        return None if upload is None else read_policy(upload.getvalue().decode("utf-8"), upload.name)
    if source == SIDECAR:
        return resolve(case, None)
    return default_policy(case, champion=champion, reference=training)


def choose_champion():
    """(champion Case, its offer) for the champion checks, or (None, None): only models that read the open data."""
    if not case.labelled:
        st.caption("Champion checks need labelled rows: open data with the target column to pick a champion.")
        return None, None
    offers = {o.key: o for o in champions.offered(case, operator)}
    chosen = st.selectbox("Champion (the model you run today), for the champion checks", [NO_CHAMPION, *offers],
                          key=keys.GATE_CHAMPION, format_func=lambda k: offers[k].title if k in offers else k)
    if chosen not in offers:
        return None, None
    champions.trust_warning(offers[chosen], operator)
    return champions.champion_on(case, offers[chosen].options), offers[chosen]


def with_champion_check(policy, champion):
    """(policy, added): the default champion check appended when a champion is picked and the policy has none."""
    if champion is None or any(c.kind == "champion" for c in policy.checks):
        return policy, False
    extra = [c for c in as_mapping(default_policy(case, champion=champion))["checks"] if c["check"] == "champion"]
    mapping = as_mapping(policy)
    return read_policy({**mapping, "checks": [*mapping["checks"], *extra]}, policy.source), bool(extra)


try:
    may_edit = access.may(access.current(), access.EDIT_POLICY)  # a viewer reads the policy, an analyst drafts
    sources = ([SIDECAR] if case.metadata.policy is not None else []) + [DEFAULT] + [UPLOAD] * may_edit
    left, right = st.columns(2)
    source = left.radio("Policy from", sources, key=keys.GATE_SOURCE, horizontal=True)
    with right:
        champion, picked = choose_champion()
    start = starting_policy(source, champion)
    if start is None:
        st.info("Upload a policy: a YAML file with a 'checks' list.")
        st.stop()
    start, added = with_champion_check(start, champion)
    st.subheader("Policy")
    st.caption("Edit a cell, add or delete a row; each row is one check. Empty cells are left out.")
    if champion is not None:
        numbers = [str(c.number) for c in start.checks if c.kind == "champion"]
        st.caption(md(f"The candidate is the open model ({case.name}); {compare_words.CHAMPION} is {picked.title}. "
                      + ("The policy had no champion check, so the default one was added: check " if added
                         else "Champion checks: ") + ", ".join(numbers) + "."))
    editor = source if picked is None else f"{source} {picked.key}"  # a new start for each champion
    edited = st.data_editor(to_table(start), num_rows="dynamic" if may_edit else "fixed", disabled=not may_edit,
                            hide_index=True, width="stretch",
                            key=keys.gate_policy(case.fingerprint, editor))
    checks = from_table(edited)
    settings = {k: v for k, v in as_mapping(start).items() if k != "checks"}  # title, threshold, not_judged
    policy_text = yaml.safe_dump({**settings, "checks": checks}, sort_keys=False, allow_unicode=True)
    if source == UPLOAD or checks != from_table(to_table(start)):  # refused for a viewer; audited
        access.edited_policy(case, policy_text)
    with st.spinner("Judging the policy (robustness scans take a few seconds)..."):
        result = cached.compute(cached.gate, case, policy=policy_text, champion=champion, reference=training,
                                threshold=choices.threshold(case))
except explainers.InputError as err:
    st.error(md(str(err)))
    st.stop()

(st.error if not result.passed else st.warning if result.warned or result.not_judged else st.success)(
    md(words.headline(result)))
table = result.table().assign(status=lambda t: t["status"].map(STATUS_ICONS))
HEADERS = {"number": "#", "status": "result", "name": "check", "value": "measured", "low": "95% low",
           "high": "95% high", "bound_name": "judged on", "bound": "that bound", "limit": "limit"}
st.dataframe(table.rename(columns=HEADERS), hide_index=True, width="stretch", column_config={
    "evidence": st.column_config.TextColumn(width="large"),
    **{HEADERS[c]: st.column_config.NumberColumn(format="%.4g") for c in ("value", "low", "high", "bound", "limit")}})
st.plotly_chart(figures.checks_chart(result), width="stretch")

rules = [c.rollback for c in result.checks if c.rollback]
if rules:
    st.subheader("Rollback criteria")
    st.caption("Copy these into monitoring: when one holds on recent rows, roll the model back.")
    st.markdown("\n".join(f"- {md(rule)}" for rule in rules))
for check in result.checks:
    if check.why:
        st.caption(md(f"Check {check.number}: {check.why}"))

st.subheader("Download")
a, b, c = st.columns(3)
for column, (label, text, name, mime) in zip((a, b, c), [  # checked and audited when downloaded
        ("Policy (YAML)", policy_text, "policy.yaml", "application/x-yaml"),
        ("Verdict (JSON)", export.to_json(result), "verdict.json", "application/json"),
        ("Verdict (JUnit XML)", export.to_junit(result), "verdict.xml", "application/xml")]):
    access.download_button(access.EXPORT_VERDICT, label, text, case=case, container=column, file_name=name, mime=mime)
if st.button("Build the report with this decision"):
    with st.spinner("Building the report..."):
        ctx = context(case, reference=training, threshold=result.threshold if result.threshold is not None
                      else choices.threshold(case))
        remember(ctx, result)
        access.download_button(access.EXPORT_REPORT, "Report (HTML)", render_html(ctx), case=case,
                               file_name="report.html", mime="text/html")
st.caption("For CI: python -m explainers gate --model M --data D --policy policy.yaml --junit verdict.xml "
           "(exit 0 pass, 1 fail, 2 bad input).")
with st.expander("How this was computed"):
    st.markdown(md(result.method))
