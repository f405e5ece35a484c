"""Figures of the health results (plotly), the same on a page and in the report."""

from __future__ import annotations

import plotly.graph_objects as go

from ..core.plot import NEUTRAL, UP, escape_text, layout
from ..core.words import p_value
from .drift import PSI_MAJOR, PSI_MODERATE, Drift


def drift_bars(drift: Drift, top: int = 20) -> go.Figure:
    """Population stability index per column; dashed lines at 0.1 (moderate) and 0.25 (major shift)."""
    shown = drift.table.head(top)[::-1]
    colours = {"stable": NEUTRAL, "possible shift": "#f5cba7", "moderate shift": "#e67e22", "major shift": UP}
    fig = go.Figure(go.Bar(x=shown["psi"], y=[escape_text(c) for c in shown["column"]], orientation="h",
                           marker_color=[colours.get(v, NEUTRAL) for v in shown["verdict"]],
                           hovertext=[f"{t} {p_value(p)}: {v}" for t, p, v in zip(shown["test"], shown["p_value"],
                                                                                   shown["verdict"], strict=True)],
                           hoverinfo="text+x"))
    for x, name in ((PSI_MODERATE, "moderate"), (PSI_MAJOR, "major")):
        fig.add_vline(x=x, line_dash="dash", line_color="#aaa", annotation_text=f"{name} {x:g}",
                      annotation_position="bottom right", annotation_font_color="#777")
    fig.update_xaxes(title="shift score (population stability index)", rangemode="tozero")
    return layout(fig, "How far each column moved from the reference", 100 + 26 * len(shown))
