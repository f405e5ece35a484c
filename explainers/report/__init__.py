"""The report: every registered section of a case as one file (HTML offline, PDF, or JSON), signed."""

from __future__ import annotations

from pathlib import Path

from ..core import privacy
from ..core.case import Case
from ..core.errors import InputError
from ..core.language import use_language
from .as_json import render_json
from .build import context
from .html import render_html
from .mlflow_log import check_run, log_report
from .pdf import find_chromium, print_pdf
from . import signoff
from .registry import sections, titles

FORMATS = ("html", "pdf", "json")


def render(case: Case, *, format: str = "html", sections=None, chromium=None, lang: str = "en",
           **settings) -> str | bytes:
    """The report as a string (HTML, JSON) or bytes (PDF); see :func:`report` for the settings."""
    with use_language(lang):
        writer = _writer(format, chromium)
        ctx = context(case, **settings)
        with privacy.hiding(ctx.hidden(), case.X):
            return writer(ctx, sections)


def report(case: Case, path, *, format: str = "html", sections=None, chromium=None, mlflow_run: str | None = None,
           lang: str = "en", **settings) -> Path:
    """Write the report for ``case`` to ``path`` and return the path.

    ``format``: "html" (one offline file), "pdf" (the HTML printed to A4 by headless Chromium) or
    "json" (every section's results as values). ``sections``: names from :func:`titles` (default
    all). ``chromium``: the Chromium executable for PDF (default $TRUSTBOARD_CHROMIUM, else
    ``chromium`` on PATH). ``mlflow_run``: an MLflow run id to log the written file to. ``lang``: the
    report's language, "en" (default), "de" or "fr" (explainers.core.language.LANGUAGES): its sentences, headings
    and numbers; data values and column names stay as they are, and the JSON keeps its keys in English.

    Settings (see :class:`~explainers.report.context.Context`): ``rows`` (index labels explained one
    by one; default the first row and, when labelled, the most confident mistake), ``level``
    (confidence level, 0.9), ``random_state`` (0), ``threshold`` (decision threshold of a binary
    classifier, 0.5), ``reference`` (data for drift, e.g. the training rows), ``champion`` (the model you run
    today, a Case on the same rows: the comparison section judges ``case``, the candidate, against it;
    ``challenger`` is its old name), ``policy`` (the release policy whose SHA-256
    the signature carries), ``group`` (the column examined first for fairness), ``private`` (columns
    whose row-level values the report never shows, beside the sidecar's ``private``; a list or
    "a,b"), ``batches`` (scored rows after go-live for the "Since go-live" section), ``card`` (model card
    statements filled in by a person, replacing the sidecar's) and ``signoff`` (a sign-off: decision, name,
    role, date, comment; a mapping, a YAML path or :class:`~explainers.report.signoff.Signoff`; it goes into
    the signature under the content hash).
    """
    if mlflow_run is not None:
        check_run(mlflow_run)  # an unknown run fails before anything is computed
    text = render(case, format=format, sections=sections, chromium=chromium, lang=lang, **settings)
    path = Path(path)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    if mlflow_run is not None:
        log_report(mlflow_run, path)
    return path


def _writer(format: str, chromium=None):
    """The writer for ``format``; for PDF, Chromium is found before anything is computed."""
    if format not in FORMATS:
        raise InputError(f"Unknown report format {format!r}; choose from {', '.join(FORMATS)}.")
    if format == "pdf":
        executable = find_chromium(chromium)
        return lambda ctx, names: print_pdf(render_html(ctx, names), executable)
    return render_html if format == "html" else render_json


__all__ = ["FORMATS", "context", "render", "render_html", "report", "sections", "signoff", "titles"]
