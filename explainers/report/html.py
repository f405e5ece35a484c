"""The report as one self-contained, offline HTML file.

plotly.js is embedded once; figures get fixed element ids, so the same inputs give the same file
apart from the generation-time line. Text from data, metadata or column names is escaped by
Jinja2's autoescaping and pandas' ``to_html(escape=True)``; plotly draws labels as text.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from plotly.offline import get_plotlyjs

from .build import build
from .context import Context


def render_html(ctx: Context, sections=None) -> str:
    """The report as an HTML string."""
    built = build(ctx, sections, figures=True)
    environment = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                              autoescape=select_autoescape(["html", "j2"]))
    template = environment.get_template("report.html.j2")
    case = ctx.case
    return template.render(
        title=case.name, subtitle=f"{case.task.capitalize()} model, {len(case.X):,} rows of data.",
        generated=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC"),
        sections=[{"anchor": b.section.name.replace("_", "-"), "title": b.section.title, "blocks": b.blocks.items}
                  for b in built],
        plotly_js=get_plotlyjs(),
    )
