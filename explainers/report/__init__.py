"""The report: every registered section of a case as one file (HTML offline, PDF, or JSON), signed."""

from __future__ import annotations

from pathlib import Path

from ..core.case import Case
from ..core.errors import InputError
from .as_json import render_json
from .build import context
from .html import render_html
from .pdf import find_chromium, print_pdf
from .registry import sections, titles

FORMATS = ("html", "pdf", "json")


def render(case: Case, *, format: str = "html", rows=None, level: float = 0.9, sections=None, reference=None,
           random_state: int = 0, threshold: float = 0.5, challenger: Case | None = None, policy=None,
           chromium=None) -> str | bytes:
    """The report as a string (HTML, JSON) or bytes (PDF); see :func:`report`."""
    writer = _writer(format, chromium)
    ctx = context(case, rows=rows, level=level, random_state=random_state, threshold=threshold, reference=reference,
                  policy=policy)
    ctx.challenger = challenger
    return writer(ctx, sections)


def report(case: Case, path, *, format: str = "html", rows=None, level: float = 0.9, sections=None, reference=None,
           random_state: int = 0, threshold: float = 0.5, challenger: Case | None = None, policy=None,
           chromium=None) -> Path:
    """Write the report for ``case`` to ``path`` and return the path.

    ``format``: "html" (one offline file), "pdf" (the HTML printed to A4 by headless Chromium) or
    "json" (every section's results as values). ``rows``: index labels explained one by one
    (default: the first row and, when labelled, the most confident mistake). ``sections``: names
    from :func:`titles` (default all). ``threshold``: the decision threshold of a binary classifier.
    ``reference``: data for drift (e.g. training rows). ``challenger``: a second Case on the same
    rows, judged against ``case`` in the comparison section. ``policy``: the release policy file
    (path or bytes), whose SHA-256 the signature carries. ``chromium``: the Chromium executable for
    PDF (default $TRUSTBOARD_CHROMIUM, else ``chromium`` on PATH).
    """
    text = render(case, format=format, rows=rows, level=level, sections=sections, reference=reference,
                  random_state=random_state, threshold=threshold, challenger=challenger, policy=policy,
                  chromium=chromium)
    path = Path(path)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def _writer(format: str, chromium=None):
    """The writer for ``format``; for PDF, Chromium is found before anything is computed."""
    if format not in FORMATS:
        raise InputError(f"Unknown report format {format!r}; choose from {', '.join(FORMATS)}.")
    if format == "pdf":
        executable = find_chromium(chromium)
        return lambda ctx, names: print_pdf(render_html(ctx, names), executable)
    return render_html if format == "html" else render_json


__all__ = ["FORMATS", "render", "report", "sections", "titles"]
