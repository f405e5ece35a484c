"""Figures of the health results (plotly), the same on a page and in the report."""

from __future__ import annotations

import plotly.graph_objects as go

from ..core.language import _, shortest
from ..core.plot import NEUTRAL, UP, escape_text, layout
from .drift import PSI_MAJOR, PSI_MODERATE, Drift
from .words import TESTS, p_text, verdict_name


def drift_bars(drift: Drift, top: int = 20) -> go.Figure:
    """Population stability index per column; dashed lines at 0.1 (moderate) and 0.25 (major shift)."""
    shown = drift.table.head(top)[::-1]
    colours = {"stable": NEUTRAL, "possible shift": "#f5cba7", "moderate shift": "#e67e22", "major shift": UP}
    fig = go.Figure(go.Bar(x=shown["psi"], y=[escape_text(c) for c in shown["column"]], orientation="h",
                           marker_color=[colours.get(v, NEUTRAL) for v in shown["verdict"]],
                           hovertext=[f"{_(TESTS[t]) if t in TESTS else t} {p_text(p)}: {verdict_name(v)}"
                                      for t, p, v in zip(shown["test"], shown["p_value"], shown["verdict"],
                                                         strict=True)],
                           hoverinfo="text+x"))
    # Translators: the drift levels marked on the chart's axis, "moderate 0.1", "major 0.25".
    for x, text in ((PSI_MODERATE, _("moderate {limit}", limit=shortest(PSI_MODERATE))),
                    (PSI_MAJOR, _("major {limit}", limit=shortest(PSI_MAJOR)))):
        fig.add_vline(x=x, line_dash="dash", line_color="#aaa", annotation_text=text,
                      annotation_position="bottom right", annotation_font_color="#777")
    fig.update_xaxes(title=_("shift score (population stability index)"), rangemode="tozero")
    return layout(fig, _("How far each column moved from the reference"), 100 + 26 * len(shown))
