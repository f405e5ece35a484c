"""Figures of the overview results (plotly), the same on a page and in the report."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..core.plot import NEUTRAL, escape_text, layout


def score_histogram(predicted: pd.Series, label: str, threshold: float | None = None) -> go.Figure:
    """Distribution of the model's output over all rows (scores in percent)."""
    values = predicted.to_numpy(dtype=float)
    is_share = label.startswith("probability")
    fig = go.Figure(go.Histogram(x=values * 100 if is_share else values, nbinsx=40, marker_color=NEUTRAL))
    if threshold is not None:
        fig.add_vline(x=threshold * 100 if is_share else threshold, line_dash="dash", line_color="#34495e")
    fig.update_xaxes(title=f"{escape_text(label)}{' (%)' if is_share else ''}")
    fig.update_yaxes(title="rows", gridcolor="#eee")
    return layout(fig, f"How the model's output is spread over {len(values):,} rows", 300)
