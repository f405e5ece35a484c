"""``report``: the whole story of a case as one self-contained, offline HTML file.

Sections come from the same engine results and figure functions as the dashboard pages.
plotly.js is embedded once; figures get fixed element ids, so the same inputs give the same
file apart from the generation-time line. Text from data, metadata or column names is escaped
by Jinja2's autoescaping and pandas' ``to_html(escape=True)``; plotly draws labels as text.
"""

from __future__ import annotations

import hashlib
import platform
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib.metadata import version
from pathlib import Path

import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape
from plotly.offline import get_plotlyjs

from .case import Case
from .report_sections import SECTION_BUILDERS

ALL_SECTIONS = tuple(SECTION_BUILDERS)
PACKAGES = ("scikit-learn", "shap", "numpy", "pandas", "lightgbm", "plotly", "streamlit", "skops")


@dataclass
class ReportBuilder:
    """Collects blocks per section; figures are numbered for deterministic element ids."""

    sections: list = field(default_factory=list)
    figures: int = 0

    def section(self, anchor: str, title: str) -> list:
        blocks: list = []
        self.sections.append({"anchor": anchor, "title": title, "blocks": blocks})
        return blocks

    def figure(self, fig) -> dict:
        self.figures += 1
        html = fig.to_html(full_html=False, include_plotlyjs=False, div_id=f"figure-{self.figures}",
                           config={"displaylogo": False, "responsive": True})
        return {"kind": "figure", "html": html}


def report(case: Case, path, rows=None, level: float = 0.9, sections=None, reference=None,
           random_state: int = 0) -> Path:
    """Write the HTML report for ``case`` to ``path`` and return the path.

    ``rows``: index labels explained one by one (default: the first row and, when labelled,
    the most confident mistake). ``sections``: names from ``ALL_SECTIONS`` (default all).
    """
    html = render(case, rows=rows, level=level, sections=sections, reference=reference, random_state=random_state)
    path = Path(path)
    path.write_text(html, encoding="utf-8")
    return path


def render(case: Case, rows=None, level: float = 0.9, sections=None, reference=None, random_state: int = 0) -> str:
    """The report as an HTML string (see :func:`report`)."""
    chosen = list(sections or ALL_SECTIONS)
    unknown = [s for s in chosen if s not in SECTION_BUILDERS]
    if unknown:
        from .errors import InputError

        raise InputError(f"Unknown report sections {unknown}; choose from {list(ALL_SECTIONS)}.")
    builder = ReportBuilder()
    settings = {"rows": rows, "level": level, "reference": reference, "random_state": random_state}
    for name in chosen:
        SECTION_BUILDERS[name](builder, case, settings)
    _appendix(builder, case, settings)
    environment = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                              autoescape=select_autoescape(["html", "j2"]))
    template = environment.get_template("report.html.j2")
    return template.render(
        title=case.name, subtitle=f"{case.task.capitalize()} model, {len(case.X):,} rows of data.",
        generated=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC"),
        sections=builder.sections, plotly_js=get_plotlyjs(),
    )


def _appendix(builder: ReportBuilder, case: Case, settings: dict) -> None:
    blocks = builder.section("reproducibility", "Reproducibility")
    versions = {p: _version(p) for p in PACKAGES}
    files = {role: case.source.get(role) for role in ("model", "data")}
    rows = [{"item": "Python", "value": platform.python_version()}]
    rows += [{"item": p, "value": v} for p, v in versions.items()]
    rows += [{"item": f"SHA-256 of the {role} file", "value": _sha256(p)} for role, p in files.items()]
    rows += [{"item": "case fingerprint (model + data content)", "value": case.fingerprint},
             {"item": "confidence level", "value": f"{settings['level']:.0%}"},
             {"item": "random seed", "value": str(settings["random_state"])}]
    blocks.append({"kind": "table", "html": table_html(pd.DataFrame(rows))})


def table_html(frame: pd.DataFrame, float_format: str = "{:,.4g}") -> str:
    """An escaped HTML table (data text can never become markup)."""
    return frame.to_html(index=False, escape=True, border=0, na_rep="",
                         float_format=lambda v: float_format.format(v))


def _version(package: str) -> str:
    try:
        return version(package)
    except Exception:
        return "not installed"


def _sha256(path) -> str:
    if not path or not Path(str(path)).is_file():
        return "in memory (no file)"
    return hashlib.sha256(Path(str(path)).read_bytes()).hexdigest()
