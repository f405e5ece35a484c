"""Figures of the robustness scan (plotly), the same on a page and in the report."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..core.language import _, count, current, percent
from ..core.plot import NEUTRAL, UP, escape_text, layout
from ..core.words import p_value
from .perturbation import TOLERANCE


def _share(r: float) -> str:
    """A hovered share with one decimal (English exactly as before: 0.0%, never <0.1%), else the local way."""
    return f"{r:.1%}" if current() == "en" else percent(r)


def flip_rates(table: pd.DataFrame, task: str) -> go.Figure:
    """Flip rate per column under small moves, with its 95% interval; the 2% tolerance dashed."""
    shown = table[table["rows"] > 0].sort_values("flip_rate")
    colours = [UP if q <= 0.05 and r > TOLERANCE else NEUTRAL for q, r in zip(shown["q_value"], shown["flip_rate"],
                                                                            strict=True)]
    fig = go.Figure(go.Bar(
        x=shown["flip_rate"], y=[escape_text(c) for c in shown["column"]], orientation="h", marker_color=colours,
        error_x={"type": "data", "symmetric": False, "array": shown["ci_high"] - shown["flip_rate"],
                 "arrayminus": shown["flip_rate"] - shown["ci_low"], "color": "#555"},
        hovertext=[_("{share} of {rows} rows ({q})", share=_share(r), rows=count(n), q=p_value(q, "q")) for r, n, q in
                   zip(shown["flip_rate"], shown["rows"], shown["q_value"], strict=True)], hoverinfo="text"))
    fig.add_vline(x=TOLERANCE, line_dash="dash", line_color="#aaa", annotation_text=_("tolerated {share}", share=percent(TOLERANCE, 0)),
                  annotation_position="bottom right", annotation_font_color="#777")
    what = _("share of predictions that move materially") if task == "regression" else _("share of decisions that flip")
    fig.update_xaxes(title=what, tickformat=".0%")
    return layout(fig, _("Small changes to one column at a time"), 100 + 26 * len(shown))


def blank_movement(table: pd.DataFrame, task: str, target: str | None) -> go.Figure:
    """How far predictions move when each column is blank (mean, and the 90th percentile as a marker)."""
    shown = table[table["rows"] > 0].sort_values("mean_move")
    scale, unit = (1.0, target or _("target units")) if task == "regression" else (100.0, _("percentage points"))
    names = [escape_text(c) for c in shown["column"]]
    fig = go.Figure([
        go.Bar(x=shown["mean_move"] * scale, y=names, orientation="h", marker_color=NEUTRAL, name=_("mean"),
               hovertext=[_("{share} of decisions changed", share=_share(r)) for r in shown["change_rate"]],
               hoverinfo="text+x"),
        go.Scatter(x=shown["p90_move"] * scale, y=names, mode="markers", marker={"color": UP, "symbol": "line-ns-open",
                   "size": 14, "line": {"width": 2}}, name=_("1 row in 10 moves more than this"), hoverinfo="x")])
    # short: the chart is half a page wide
    fig.update_xaxes(title=_("moves ({unit})", unit=escape_text(unit)))
    fig = layout(fig, _("When one column is missing"), 120 + 26 * len(shown))
    fig.update_layout(showlegend=True, legend={"orientation": "h", "y": -0.15})
    return fig
