"""May it go live: the release policy judged pass / warn / fail on interval bounds, with downloads for CI."""
# nav: 78 | May it go live | :material/rocket_launch:

import zlib

import streamlit as st
import yaml

import explainers
from dashboard import access, cached, champions, choices, keys, tables
from dashboard.language import N_, _, gettext
from dashboard.layout import page_setup, require_case
from dashboard.sample_words import ours_later
from dashboard.settings import read_settings
from dashboard.text import md
from explainers.compare import words as compare_words
from explainers.gate import (
    as_mapping,
    brief,
    default_policy,
    export,
    figures,
    read_policy,
    remember,
    resolve,
    table,
    words,
)
from explainers.report import context, render_html

# choices kept in English (widget values and session keys), translated where shown
SIDECAR, DEFAULT, UPLOAD = N_("This model's sidecar"), N_("Default policy"), N_("Upload a YAML file")
NO_CHAMPION = N_("(none)")
STATUS_ICONS = {"pass": N_("✅ pass"), "warn": N_("⚠️ warn"), "fail": N_("❌ fail"), "not judged": N_("➖ not judged")}
SEVERITY = {"fail": "", "warn": N_(" (a miss only warns)")}  # a miss of a fail-severity check blocks the release

page_setup("May it go live")
case = require_case()
st.title(_("May it go live?"))
top = st.container()  # the go / no-go, filled once the policy is judged: first on the page

training = cached.training_of(case)
operator = read_settings()  # the operator's paths (--model-dir, --challenger) offer champions


def starting_policy(source: str, champion):
    """The policy the editor starts from (the default policy holds the champion checks when a champion is
    picked), or None when an upload is still awaited."""
    if source == UPLOAD:
        upload = st.file_uploader(_("Policy (.yaml)"), type=["yaml", "yml"])
        return None if upload is None else read_policy(upload.getvalue().decode("utf-8"), upload.name)
    if source == SIDECAR:
        return resolve(case, None)
    return default_policy(case, champion=champion, reference=training)


def choose_champion():
    """(champion Case, its offer) for the champion checks, or (None, None): only models that read the open data."""
    if not case.labelled:
        st.caption(_("Champion checks need labelled rows: open data with the target column to pick a champion."))
        return None, None
    offers = {o.key: o for o in champions.offered(case, operator)}
    show = ours_later()  # a sample's title in the reader's language
    chosen = st.selectbox(_("Champion (the model you run today), for the champion checks"), [NO_CHAMPION, *offers],
                          key=keys.GATE_CHAMPION, format_func=lambda k: show(offers[k].title) if k in offers else _(k))
    if chosen not in offers:
        return None, None
    champions.trust_warning(offers[chosen], operator)
    return champions.champion_on(case, offers[chosen].options), offers[chosen]


def policy_form(start, base: str, may_edit: bool) -> dict:
    """The policy as a form: one line per check in plain words (its reason as help), its bar the one editable
    number, and a delete button; "Add a check" below; the YAML behind "Edit as text". Returns the policy mapping
    (unchanged checks exactly as written: policy -> form -> policy is lossless)."""
    draft = st.session_state.get(base)
    if draft is None or draft["start"] != start.text:  # a new starting policy: a new draft
        settings, entries = table.to_form(start)
        draft = {"start": start.text, "settings": settings, "rows": list(enumerate(entries)), "next": len(entries)}
        st.session_state[base] = draft
    entries = [check_line(number, ident, entry, base, may_edit)
               for number, (ident, entry) in enumerate(draft["rows"], 1)]
    mapping = table.from_form(draft["settings"], entries)
    if may_edit:
        add_control(draft, base, entries)
    with st.expander(_("Edit as text")):
        text = yaml.safe_dump(mapping, sort_keys=False, allow_unicode=True)
        text_key = f"{base}_text_{zlib.crc32(text.encode('utf-8'))}"  # a new box when the form changes the text
        st.text_area(_("The policy as YAML"), text, height=260, disabled=not may_edit, key=text_key)
        if may_edit:
            st.button(_("Use this text"), key=f"{base}_use", on_click=use_text, args=(draft, base, text_key))
        if st.session_state.get(f"{base}_error"):
            st.error(md(st.session_state[f"{base}_error"]))
    return mapping


def check_line(number: int, ident: int, entry: dict, base: str, may_edit: bool) -> dict:
    """One check of the form; returns it as edited."""
    name, bar, delete = st.columns([6, 1.6, 1], vertical_alignment="center")
    current = table.bar(entry)
    if current is not None:
        low, high, step, whole = table.bar_range(entry)
        step = 1 if whole else 0.001 if abs(current) < 0.05 else 0.01
        number_type = int if whole else float
        chosen = bar.number_input(_("Bar of check {number}", number=number), value=number_type(current), step=number_type(step),
                                  min_value=None if low is None else number_type(low),
                                  max_value=None if high is None else number_type(high),
                                  format="%d" if whole else "%g", key=f"{base}_bar{ident}",
                                  label_visibility="collapsed", disabled=not may_edit)
        entry = table.with_bar(entry, chosen)
    severity = SEVERITY[entry.get("severity", "fail")]
    name.markdown(md(f"{number}. {words.plain_name(entry)}{_(severity) if severity else ''}"),
                  help=md(gettext(entry["why"])) if entry.get("why") else None)  # the default policy's, translated
    if may_edit:
        delete.button(":material/delete:", key=f"{base}_del{ident}", help=_("Delete check {number}", number=number),
                      on_click=delete_check, args=(base, ident))
    return entry


def delete_check(base: str, ident: int) -> None:
    draft = st.session_state[base]
    draft["rows"] = [(i, entry) for i, entry in draft["rows"] if i != ident]


def add_control(draft: dict, base: str, entries: list) -> None:
    """"Add a check": the checks this case can take that the policy does not have yet."""
    offers = table.templates(case, entries, reference=training is not None)
    if not offers:
        return
    pick, button = st.columns([9, 3], vertical_alignment="bottom")
    chosen = pick.selectbox(_("Add a check"), range(len(offers)), format_func=lambda i: words.plain_name(offers[i]),
                            key=f"{base}_add_pick")

    def add():
        draft["rows"].append((draft["next"], offers[chosen]))
        draft["next"] += 1

    button.button(_("Add"), key=f"{base}_add", on_click=add, icon=":material/add:")


def use_text(draft: dict, base: str, text_key: str) -> None:
    """"Use this text": the YAML replaces the form's checks (an error is shown and nothing changes)."""
    try:
        settings, entries = table.to_form(read_policy(st.session_state[text_key], "the policy as edited"))
    except explainers.InputError as err:
        st.session_state[f"{base}_error"] = str(err)
        return
    st.session_state[f"{base}_error"] = ""
    draft["settings"] = settings
    draft["rows"] = [(draft["next"] + i, entry) for i, entry in enumerate(entries)]
    draft["next"] += len(entries)


def show_brief(result) -> None:
    """The go / no-go: the decision, the three reasons, what to fix next (the report's release section opens with
    the same sentences)."""
    go = brief(case, result, run=lambda func, **options: cached.compute(func, case, **options))
    box = st.error if go.decision == "no-go" else st.warning if go.decision == "exceptions" else st.success
    box(md(words.decision_line(go)))
    st.markdown("\n".join(f"- **{label}.** {md(sentence)}" for label, sentence in words.reasons(go)))
    fixes = words.fixes(go)
    st.markdown("**" + _("What to fix next") + "**\n\n" + ("\n".join(f"{i}. {md(line)}" for i, line in enumerate(fixes, 1))
                                                if fixes else md(words.nothing_to_fix())))
    if words.more_fixes(go):
        st.caption(md(words.more_fixes(go)))


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
    source = left.radio(_("Policy from"), sources, key=keys.GATE_SOURCE, horizontal=True, format_func=_)
    with right:
        champion, picked = choose_champion()
    start = starting_policy(source, champion)
    if start is None:
        st.info(_("Upload a policy: a YAML file with a 'checks' list."))
        st.stop()
    start, added = with_champion_check(start, champion)
    st.subheader(_("Policy"))
    st.caption(md(_("Each line is one check: change its bar, delete it, or add another below; a miss blocks the "
                     "release unless the line says it only warns (change that under Edit as text). {bounds}",
                     bounds=words.judged_on_bounds()) if may_edit
                   else _("Each line is one check; a miss blocks the release unless the line says it only warns. "
                          "{bounds}", bounds=words.judged_on_bounds())))
    if champion is not None:
        numbers = [str(c.number) for c in start.checks if c.kind == "champion"]
        values = {"model": case.name, "champion": compare_words.CHAMPION, "title": picked.title,
                  "numbers": ", ".join(numbers)}
        st.caption(md(_("The candidate is the open model ({model}); {champion} is {title}. The policy had no "
                        "champion check, so the default one was added: check {numbers}.", **values) if added
                      else _("The candidate is the open model ({model}); {champion} is {title}. Champion checks: "
                             "{numbers}.", **values)))
    editor = source if picked is None else f"{source} {picked.key}"  # a new start for each champion
    mapping = policy_form(start, keys.gate_policy(case.fingerprint, editor), may_edit)
    policy_text = yaml.safe_dump(mapping, sort_keys=False, allow_unicode=True)
    if source == UPLOAD or mapping != as_mapping(start):  # refused for a viewer; audited
        access.edited_policy(case, policy_text)
    with st.spinner(_("Judging the policy (robustness scans take a few seconds)...")):
        result = cached.compute(cached.gate, case, policy=policy_text, champion=champion, reference=training,
                                threshold=choices.threshold(case))
except explainers.InputError as err:
    st.error(md(str(err)))
    st.stop()

with top:
    try:
        show_brief(result)
    except explainers.InputError as err:
        st.error(md(str(err)))
    choices.deciding_line(case)
st.subheader(_("The checks"))
st.markdown(md(words.headline(result)))
checks_table = result.table().assign(status=lambda t: t["status"].map({k: _(v) for k, v in STATUS_ICONS.items()}))
HEADERS = {"number": "#", "status": _("result"), "name": _("check"), "value": _("measured"), "low": _("95% low"),
           "high": _("95% high"), "bound_name": _("judged on"), "bound": _("that bound"), "limit": _("limit"),
           "evidence": _("evidence")}  # the table's headers in the reader's language
H = HEADERS
NUMBERS = {HEADERS[c]: st.column_config.NumberColumn(format="%.4g") for c in ("value", "low", "high", "bound", "limit")}
# widths sum to 750 px, so the table fits at 800 px (sidebar closed) and stretches wider; names and evidence wrap.
# The evidence states each interval; the bounds and which one was judged are under "How this was computed" below.
tables.local(checks_table.rename(columns=HEADERS), hide_index=True, width="stretch", row_height=100, placeholder="",
             column_order=[H["status"], H["name"], H["value"], H["limit"], H["evidence"]],
             column_config={**NUMBERS, H["status"]: st.column_config.TextColumn(width=90),
                            H["name"]: st.column_config.TextColumn(width=200),
                            **{H[c]: st.column_config.NumberColumn(format="%.4g", width=w)
                               for c, w in (("value", 70), ("limit", 55))},
                            H["evidence"]: st.column_config.TextColumn(width=335)})
st.plotly_chart(figures.checks_chart(result), width="stretch")

rules = [c.rollback for c in result.checks if c.rollback]
if rules:
    st.subheader(_("Rollback criteria"))
    st.caption(_("Copy these into monitoring: when one holds on recent rows, roll the model back."))
    st.markdown("\n".join(f"- {md(rule)}" for rule in rules))

st.subheader(_("Download"))
a, b, c = st.columns(3)
for column, (label, text, name, mime) in zip((a, b, c), [  # checked and audited when downloaded
        (_("Policy (YAML)"), policy_text, "policy.yaml", "application/x-yaml"),
        (_("Verdict (JSON)"), export.to_json(result), "verdict.json", "application/json"),
        (_("Verdict (JUnit XML)"), export.to_junit(result), "verdict.xml", "application/xml")]):
    access.download_button(access.EXPORT_VERDICT, label, text, case=case, container=column, file_name=name, mime=mime)
if st.button(_("Build the report with this decision")):
    with st.spinner(_("Building the report...")):
        ctx = context(case, reference=training, threshold=result.threshold if result.threshold is not None
                      else choices.threshold(case))
        remember(ctx, result)
        access.download_button(access.EXPORT_REPORT, _("Report (HTML)"), render_html(ctx), case=case,
                               file_name="report.html", mime="text/html")
st.caption(_("For CI: {command} (exit 0 pass, 1 fail, 2 bad input).",
             command="python -m explainers gate --model M --data D --policy policy.yaml --junit verdict.xml"))
with st.expander(_("How this was computed")):
    st.markdown(md(result.method))
    tables.local(checks_table.rename(columns=HEADERS), hide_index=True, width="stretch", placeholder="",
                 column_order=[H[c] for c in ("number", "name", "value", "low", "high", "bound_name", "bound", "limit")],
                 column_config={**NUMBERS, "#": st.column_config.NumberColumn(width=35),
                                H["name"]: st.column_config.TextColumn(width=235),
                                **{H[c]: st.column_config.NumberColumn(format="%.4g", width=70)
                                   for c in ("value", "low", "high", "bound", "limit")},
                                H["bound_name"]: st.column_config.TextColumn(width=90)})
