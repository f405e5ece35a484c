"""Report section: the release decision, right after the summary: the go / no-go first (the page's sentences), then
the verdict, the checks and the rollback criteria."""

from __future__ import annotations

from html import escape

from ..core.errors import InputError
from ..core.language import N_, _
from ..report.registry import section, titles
from ..value import value
from ..value.section import options as value_options
from . import figures, words
from .brief import brief
from .verdict import gate

MEMO = "gate"  # a verdict put in ``ctx.memo`` beforehand (by the command line or the page) is reported as is
COLUMNS = (N_("status"), N_("check"), N_("value"), N_("95% interval"), N_("judged on"), N_("limit"), N_("evidence"),
           N_("shown in"))  # headers of the checks table, translated where printed


def remember(ctx, result) -> None:
    """Report ``result`` instead of judging the sidecar's or the default policy."""
    ctx.memo[MEMO] = result


@section("release", "Release decision", 5,
         limitation=N_("The release decision judges the rows in this report against the policy; it says nothing about "
                       "data unlike them, and checks are not corrected for how many were made."))
def release_section(ctx, out) -> None:
    result = ctx.memo.get(MEMO)
    if result is None:
        try:
            result = gate(ctx.case, None, reference=ctx.reference, random_state=ctx.random_state,
                          threshold=ctx.threshold, run=ctx.once)
        except InputError as err:
            out.text(_("The release policy cannot be judged: {error}", error=err))
            return
        remember(ctx, result)
    out.result("gate", result)
    go = brief(ctx.case, result, worth=_worth(ctx, result), run=ctx.once)
    write_brief(out, go)
    out.heading(_("The checks"))
    out.text(words.headline(result))
    # the default policy's name and reasons are marked N_ in default.py; a user's own text is shown as written
    out.text(_("Policy: {source}.", source=words.policy_source(result.policy_source)) + " " + words.judged_on_bounds())
    out.items.append({"kind": "table", "html": checks_html(result)})
    for check in result.checks:
        if check.why:
            out.text(_("Check {number}: {why}", number=check.number, why=_(check.why)), "muted")
    out.figure(figures.checks_chart, result)
    rules = [c.rollback for c in result.checks if c.rollback]
    if rules:
        out.heading(_("Rollback criteria"))
        out.bullets(rules)
    out.text(result.method, "muted")


def write_brief(out, go) -> None:
    """The go / no-go first: the decision, the three reasons, what to fix next (the page's sentences)."""
    out.result("brief", go)
    out.text(words.decision_line(go), "verdict")
    reasons = words.reason_lines(go)
    out.bullets(reasons)
    out.sentences.extend(reasons)
    out.heading(_("What to fix next"))
    fixes = words.fixes(go) or [words.nothing_to_fix()]
    out.bullets(fixes)
    out.sentences.extend(fixes)
    if words.more_fixes(go):
        out.text(words.more_fixes(go), "muted")


def _worth(ctx, result):
    """The value result the "What is it worth" section shows (None where values cannot be priced)."""
    if ctx.case.task not in ("binary", "regression") or not ctx.case.labelled:
        return None
    try:
        return ctx.once(value, **{**value_options(ctx), "threshold": result.threshold})
    except InputError:
        return None


def checks_html(result) -> str:
    """The checks as an escaped HTML table (failed first, then the exceptions) whose last column links to the
    section showing the evidence."""
    known = {name.replace("_", "-"): title for name, title in titles().items()}
    head = "".join(f"<th>{escape(_(c))}</th>" for c in COLUMNS)
    rows = []
    for c in result.in_reading_order():
        link = (f'<a href="#{escape(c.anchor)}">{escape(known[c.anchor])}</a>' if c.anchor in known else "")
        cells = [words.status_word(c.status).upper(), c.name, words.fmt(c.value),
                 _("{low} to {high}", low=words.fmt(c.low), high=words.fmt(c.high)), words.bound_name(c.bound_name),
                 words.fmt(c.limit), c.evidence]
        rows.append("<tr>" + "".join(f"<td>{escape(str(x))}</td>" for x in cells) + f"<td>{link}</td></tr>")
    return f'<table class="dataframe"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
