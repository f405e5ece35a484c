"""The verdict as a figure: each check's value, its 95% interval and its limit, coloured by status."""

from __future__ import annotations

import math

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
    fig.update_annotations(font_size=12, x=0, xanchor="left")  # the strips' titles, before the limits' labels
    for i, check in enumerate(checks, 1):
        _strip(fig, i, check)
    fig.update_yaxes(visible=False)
    layout(fig, _("Release checks: value, 95% interval and limit"), 60 + ROW_HEIGHT * max(len(checks), 1))
    return fig


def _strip(fig: go.Figure, row: int, check) -> None:
    colour = COLOURS.get(check.status, NEUTRAL)
    finite = [x for x in (check.low, check.high, check.value, check.limit) if math.isfinite(x)]
    if math.isfinite(check.low) and math.isfinite(check.high):
        fig.add_trace(go.Scatter(x=[check.low, check.high], y=[0, 0], mode="lines", line={"color": colour, "width": 8},
                                 hovertemplate=_("95% interval {x}", x="%{x:.4g}") + f"<extra>{row}</extra>"), row=row, col=1)
    if math.isfinite(check.value):
        fig.add_trace(go.Scatter(x=[check.value], y=[0], mode="markers", marker={"color": "black", "size": 9},
                                 hovertemplate=_("value {x}", x="%{x:.4g}") + f"<extra>{row}</extra>"), row=row, col=1)
    if math.isfinite(check.limit):
        fig.add_vline(x=check.limit, line={"color": NEUTRAL, "dash": "dash"}, row=row, col=1,
                      annotation_text=_("limit {limit}", limit=fmt(check.limit)), annotation_position="top right",
                      annotation_font_size=10, annotation_font_color=NEUTRAL)
    if not finite:
        fig.update_xaxes(showticklabels=False, row=row, col=1)
        return
    low, high = min(finite), max(finite)
    if high - low < 1e-12:  # a yes/no or count check whose value, interval and limit coincide: no scale to read
        fig.update_xaxes(range=[low - 1, high + 1], tickvals=[low], ticktext=[fmt(low)], row=row, col=1)
        return
    pad = (high - low) * 0.15
    fig.update_xaxes(range=[low - pad, high + pad], row=row, col=1)
