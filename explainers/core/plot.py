"""What every figure shares: one explicit layout (so a figure looks the same in the app, the CLI and the
report, whatever plotly template the process has as default), colours, and escaping of data text."""

from __future__ import annotations

import plotly.graph_objects as go

UP, DOWN, NEUTRAL = "#c0392b", "#2874a6", "#7f8c8d"
FONT = dict(family="Source Sans Pro, Arial, sans-serif", size=13)


def layout(fig: go.Figure, title: str, height: int) -> go.Figure:
    """Title, size, font and margins set explicitly; axes grow their margins to fit their labels."""
    fig.update_layout(template="plotly_white", title=dict(text=escape_text(title), x=0, font=dict(size=15)),
                      height=height, font=FONT, margin=dict(l=10, r=10, t=50, b=10), plot_bgcolor="white",
                      paper_bgcolor="white", showlegend=False)
    fig.update_xaxes(gridcolor="#eee", zerolinecolor="#bbb", automargin=True)
    fig.update_yaxes(automargin=True)
    return fig


def escape_text(text) -> str:
    """Plotly renders a small HTML subset in titles, labels and hover text; escape so data text shows as text."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
