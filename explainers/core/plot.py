"""What every figure shares: one explicit layout (so a figure looks the same in the app, the CLI and the
report, whatever plotly template the process has as default), colours, the reader's decimal and thousands
marks, and escaping of data text."""

from __future__ import annotations

import plotly.graph_objects as go
from babel.numbers import get_decimal_symbol, get_group_symbol

from .language import current

UP, DOWN, NEUTRAL = "#c0392b", "#2874a6", "#7f8c8d"
FONT = dict(family="Source Sans Pro, Arial, sans-serif", size=13)


def layout(fig: go.Figure, title: str, height: int) -> go.Figure:
    """Title, size, font and margins set explicitly; axes grow their margins to fit their labels."""
    fig.update_layout(template="plotly_white", title=dict(text=escape_text(title), x=0, font=dict(size=15)),
                      height=height, font=FONT, margin=dict(l=10, r=10, t=50, b=10), plot_bgcolor="white",
                      paper_bgcolor="white", showlegend=False)
    fig.update_xaxes(gridcolor="#eee", zerolinecolor="#bbb", automargin=True)
    fig.update_yaxes(automargin=True)
    marks = separators()
    if marks is not None:
        fig.update_layout(separators=marks)
    return fig


def separators() -> str | None:
    """Plotly's decimal and thousands marks in the reader's language, so tick labels and hover numbers read
    0,82 and 1.234,5 (German) or 1\u202f234,5 (French); None in English: plotly's default ".," is already
    English, and leaving it unset keeps English figures exactly as they were."""
    lang = current()
    if lang == "en":
        return None
    return get_decimal_symbol(lang) + get_group_symbol(lang)


def escape_text(text) -> str:
    """Plotly renders a small HTML subset in titles, labels and hover text; escape so data text shows as text."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
