"""Figures of the flips results (plotly), the same on a page and in the report."""

from __future__ import annotations

import plotly.graph_objects as go

from ..core import privacy
from ..core.case import Case
from ..core.language import _
from ..core.plot import UP, escape_text, layout
from ..core.words import value as format_value
from .counterfactuals import FlipPoints


def flip_point(points: FlipPoints, case: Case, feature: str) -> go.Figure:
    """A numeric column's distribution with this row's value and the nearest value that flips the decision."""
    if privacy.is_private(feature):
        return layout(go.Figure(), _("{column} is private: its values and flip point are not drawn", column=feature),
                      120)
    entry = points.points.set_index("feature").loc[feature]
    fig = go.Figure(go.Histogram(x=case.X[feature], marker_color="#d5d8dc", nbinsx=40, hoverinfo="skip"))
    fig.add_vline(x=entry["current"], line_color="#34495e", annotation_text=_("now {value}", value=privacy.shown(feature, entry["current"], format_value)))
    fig.add_vline(x=entry["flip_value"], line_color=UP, line_dash="dash",
                  annotation_text=_("flips at {value}", value=privacy.shown(feature, entry["flip_value"], format_value)),
                  annotation_position="bottom right")
    fig.update_xaxes(title=escape_text(feature))
    fig.update_yaxes(title=_("rows"), gridcolor="#eee")
    return layout(fig, _("Where {column} alone flips the decision", column=feature), 300)
