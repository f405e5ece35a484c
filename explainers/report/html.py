"""The report as one self-contained, offline HTML file.

plotly.js is embedded once; figures get fixed element ids, so the same inputs give the same file
apart from the time stamp. Text from data, metadata or column names is escaped by Jinja2's
autoescaping and pandas' ``to_html(escape=True)``; plotly draws labels as text. The file ends with
the signature block, machine-readable in ``<script type="application/json" id="trustboard-signature">``.
Every table sits in a block that scrolls when the table is wider than the window; a short one is marked so that
printing keeps it on one page.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape
from plotly.offline import get_plotlyjs

from ..core.language import N_, _, count, current, datetime_text
from .build import build
from .context import Context
from .signature import embedded, rows, seal, signature

CSS_SAFE = set(" .,:;_()-/'")
SHORT_ROWS, SHORT_TEXT = 16, 1200  # a table with at most this many rows (header included) and characters of text
# is never cut across two printed pages; a longer one may be, between rows, its header repeated
TAG = re.compile(r"<[^>]+>")
SUBTITLES = {"binary": N_("Binary model, {rows} rows of data."), "multiclass": N_("Multiclass model, {rows} rows of data."),
             "regression": N_("Regression model, {rows} rows of data.")}
VERIFY = "python -m explainers verify REPORT --model M --data D"


def render_html(ctx: Context, sections=None) -> str:
    """The report as an HTML string, sealed with its content hash."""
    built = build(ctx, sections, figures=True)
    environment = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                              autoescape=select_autoescape(["html", "j2"]))
    template = environment.get_template("report.html.j2")
    case = ctx.case
    stamp = _("Generated {time}", time=generated(datetime.now(UTC)))
    signed = signature(ctx=ctx, stamp=stamp)
    text = template.render(
        lang=current(), title=case.name, subtitle=subtitle(case), stamp=stamp, labels=labels(),
        footer=css_string(f"{case.name} · {stamp}"), page_counter=page_counter(),
        sections=[{"anchor": b.section.anchor, "title": _(b.section.title), "blocks": [with_print_hint(i) for i in
                                                                                        b.blocks.items]} for b in built],
        signature=rows(signed), signature_json=Markup(embedded(signed)), plotly_js=get_plotlyjs(),
    )
    return seal(text, stamp)


def generated(moment: datetime) -> str:
    """When the report was made: 2026-12-07 17:04:43 UTC in English, the local way elsewhere (07.12.2026, 17:04:43)."""
    if current() == "en":
        return moment.strftime("%Y-%m-%d %H:%M:%S UTC")
    return f"{datetime_text(moment)} UTC"


def subtitle(case) -> str:
    """"Binary model, 1,000 rows of data." in the report's language."""
    rows = count(len(case.X))
    template = SUBTITLES.get(case.task)
    return _(template, rows=rows) if template else f"{case.task.capitalize()} model, {rows} rows of data."


def labels() -> dict:
    """The report's fixed words, in its language (the template holds no English of its own)."""
    intro = _("What this report was made from, and a hash of its own content. To check that it belongs to a model and "
              "data file: {command}.")
    return {"report": _("Trustboard report: {title}"), "about": _("Trustboard explanation report."),
            "contents": _("Contents"), "signature": _("Signature"),
            "signature_intro": Markup(escape(intro)).format(command=Markup(f"<code>{escape(VERIFY)}</code>"))}


def page_counter() -> Markup:
    """The print footer's "Page 3 of 12" as CSS content: the translated template's text as CSS strings around
    the page counters."""
    # Translators: the printed report's page footer; keep {page} and {pages}.
    template = _("Page {page} of {pages}")
    parts = re.split(r"(\{page\}|\{pages\})", template)
    counters = {"{page}": "counter(page)", "{pages}": "counter(pages)"}
    return Markup(" ".join(counters[p] if p in counters else str(css_string(p)) for p in parts if p))


def with_print_hint(block: dict) -> dict:
    """A table block marked ``short`` when printing should keep it on one page (few rows, little text); other
    blocks as they are."""
    if block["kind"] == "table":
        count, text = block["html"].count("<tr"), len(TAG.sub("", block["html"]))
    elif block["kind"] == "linked_table":
        count = len(block["rows"]) + 1
        text = sum(len(c) if isinstance(c, str) else sum(len(t) for t, _ in c) for r in block["rows"] for c in r)
    else:
        return block
    return {**block, "short": count <= SHORT_ROWS and text <= SHORT_TEXT}


def css_string(text: str) -> Markup:
    """``text`` as a quoted CSS string (for the print footer): anything but letters, digits and plain
    punctuation is a CSS escape, so data can neither end the string nor the <style> element."""
    body = "".join(c if c.isalnum() or c in CSS_SAFE else f"\\{ord(c):x} " for c in text)
    return Markup(f'"{body}"')
