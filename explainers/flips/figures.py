"""Figures of the flips results (plotly), the same on a page and in the report."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..core.plot import UP, escape_text, layout
from ..core.words import value as format_value


def flip_point(values: pd.Series, feature: str, current, flip) -> go.Figure:
    """A column's distribution with this row's value and the nearest value that flips the decision."""
    fig = go.Figure(go.Histogram(x=values, marker_color="#d5d8dc", nbinsx=40, hoverinfo="skip"))
    fig.add_vline(x=current, line_color="#34495e", annotation_text=f"now {format_value(current)}")
    fig.add_vline(x=flip, line_color=UP, line_dash="dash", annotation_text=f"flips at {format_value(flip)}",
                  annotation_position="bottom right")
    fig.update_xaxes(title=escape_text(feature))
    fig.update_yaxes(title="rows", gridcolor="#eee")
    return layout(fig, f"Where {escape_text(feature)} alone flips the decision", 300)
