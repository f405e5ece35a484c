"""Figures of the overview results (plotly), the same on a page and in the report."""

from __future__ import annotations

import plotly.graph_objects as go

from ..core.language import _, current, ngettext, shortest
from ..core.plot import NEUTRAL, escape_text, layout
from .predictions import Scores


def score_histogram(scores: Scores) -> go.Figure:
    """Distribution of the model's output over all rows (probabilities in percent)."""
    scale = 100 if scores.share else 1
    numeric = scores.values.dtype.kind in "fiub"
    values = scores.values * scale if numeric else [escape_text(v) for v in scores.values]  # classes without proba
    fig = go.Figure(go.Histogram(x=values, nbinsx=40, marker_color=NEUTRAL))
    if scores.threshold is not None:
        unit = ("%" if current() == "en" else "\u00a0%") if scores.share else ""  # 50% / 50 %
        fig.add_vline(x=scores.threshold * scale, line_dash="dash", line_color="#34495e",
                      annotation_text=_("threshold {value}", value=shortest(scores.threshold * scale) + unit),
                      annotation_position="top right")
    fig.update_xaxes(title=f"{escape_text(scores.label)}{' (%)' if scores.share else ''}")
    fig.update_yaxes(title=_("rows"), gridcolor="#eee")
    return layout(fig, ngettext("How the model's output is spread over {n} rows",
                                "How the model's output is spread over {n} rows", len(values)), 300)
