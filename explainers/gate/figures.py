"""The verdict as a figure: each check's value, its 95% interval and its limit, coloured by status."""

from __future__ import annotations

import copy
import math
from functools import cache

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..core.language import _
from ..core.plot import DOWN, NEUTRAL, UP, escape_text, layout
from .words import fmt, status_word

COLOURS = {"pass": DOWN, "warn": "#d68910", "fail": UP, "not judged": NEUTRAL}
ROW_HEIGHT = 70


def checks_chart(result) -> go.Figure:
    """One strip per check: the interval as a bar, the point as a dot, the limit (its bar) as a dashed line.

    Blue: passed; orange: warned; red: failed; grey: not judged. Each strip has its own scale (a ROC AUC and a count differ).
    """
    checks = result.in_reading_order()
    fig = make_subplots(rows=max(len(checks), 1), cols=1, vertical_spacing=min(0.6 / max(len(checks), 1), 0.08),
                        subplot_titles=[escape_text(_("{check}: {status}", check=c.name, status=status_word(c.status)))
                                        for c in checks] or [""])
    limits = [_strip(fig, i, check) for i, check in enumerate(checks, 1)]
    _titles_and_limits(fig, [line for line in limits if line is not None])
    fig.update_yaxes(visible=False)
    layout(fig, _("Release checks: value, 95% interval and limit"), 60 + ROW_HEIGHT * max(len(checks), 1))
    return fig


def _strip(fig: go.Figure, row: int, check) -> tuple[dict, dict] | None:
    """Draw one check's interval and value on strip ``row``; return its limit's line and label, or None."""
    colour = COLOURS.get(check.status, NEUTRAL)
    finite = [x for x in (check.low, check.high, check.value, check.limit) if math.isfinite(x)]
    interval, value = math.isfinite(check.low) and math.isfinite(check.high), math.isfinite(check.value)
    if interval:
        fig.add_trace(go.Scatter(x=[check.low, check.high], y=[0, 0], mode="lines", line={"color": colour, "width": 8},
                                 hovertemplate=_("95% interval {x}", x="%{x:.4g}") + f"<extra>{row}</extra>"), row=row, col=1)
    if value:
        fig.add_trace(go.Scatter(x=[check.value], y=[0], mode="markers", marker={"color": "black", "size": 9},
                                 hovertemplate=_("value {x}", x="%{x:.4g}") + f"<extra>{row}</extra>"), row=row, col=1)
    line = _limit_line(row, check.limit) if math.isfinite(check.limit) and (value or interval) else None  # as add_vline: an
    # empty strip gets no line
    if not finite:
        fig.update_xaxes(showticklabels=False, row=row, col=1)
        return line
    low, high = min(finite), max(finite)
    if high - low < 1e-12:  # a yes/no or count check whose value, interval and limit coincide: no scale to read
        fig.update_xaxes(range=[low - 1, high + 1], tickvals=[low], ticktext=[fmt(low)], row=row, col=1)
        return line
    pad = (high - low) * 0.15
    fig.update_xaxes(range=[low - pad, high + pad], row=row, col=1)
    return line


def _limit_line(row: int, limit: float) -> tuple[dict, dict]:
    """The dashed limit and its label exactly as ``fig.add_vline(x=limit, row=row, col=1, annotation_...)`` makes
    them, pointed at strip ``row``'s axes: add_vline on the chart validated every label and title so far again
    (0.3 s for 9 strips, a quarter of a report's drawing)."""
    shape, label = copy.deepcopy(_vline())
    axis = "" if row == 1 else str(row)
    refs = {"xref": f"x{axis}", "yref": f"y{axis} domain"}
    return ({**shape, "x0": limit, "x1": limit, **refs},
            {**label, "text": _("limit {limit}", limit=fmt(limit)), "x": limit, **refs})


@cache
def _vline() -> tuple[dict, dict]:
    """A limit's line and label as plotly's add_vline draws them (made once; the caller sets x, text and axes)."""
    alone = go.Figure().add_vline(x=0, line={"color": NEUTRAL, "dash": "dash"}, annotation_text="limit",
                                  annotation_position="top right", annotation_font_size=10,
                                  annotation_font_color=NEUTRAL)
    return alone.layout.shapes[0].to_plotly_json(), alone.layout.annotations[0].to_plotly_json()


def _titles_and_limits(fig: go.Figure, lines: list[tuple[dict, dict]]) -> None:
    """The strips' titles at 12 px, flush left, then every limit's label, and every limit's line, in strip order:
    what ``update_annotations(font_size=12, x=0, xanchor="left")`` and one add_vline per strip made, set at once."""
    titles = [a.to_plotly_json() for a in fig.layout.annotations]
    titles = [{**t, "font": {**t.get("font", {}), "size": 12}, "x": 0, "xanchor": "left"} for t in titles]
    if lines:
        fig.layout.shapes = [shape for shape, _label in lines]
    if titles or lines:
        fig.layout.annotations = [*titles, *(label for _shape, label in lines)]
