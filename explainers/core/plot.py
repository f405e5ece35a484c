"""What every figure shares: one explicit layout (so a figure looks the same in the app, the CLI and the
report, whatever plotly template the process has as default), colours, the reader's decimal and thousands
marks, and escaping of data text."""

from __future__ import annotations

import copy
from functools import cache

import plotly.graph_objects as go
import plotly.io as pio
from babel.numbers import get_decimal_symbol, get_group_symbol

from .language import current

UP, DOWN, NEUTRAL = "#c0392b", "#2874a6", "#7f8c8d"
FONT = dict(family="Source Sans Pro, Arial, sans-serif", size=13)


def layout(fig: go.Figure, title: str, height: int) -> go.Figure:
    """Title, size, font and margins set explicitly; axes grow their margins to fit their labels."""
    white_template(fig)
    fig.update_layout(title=dict(text=escape_text(title), x=0, font=dict(size=15)),
                      height=height, font=FONT, margin=dict(l=10, r=10, t=50, b=10), plot_bgcolor="white",
                      paper_bgcolor="white", showlegend=False)
    fig.update_xaxes(gridcolor="#eee", zerolinecolor="#bbb", automargin=True)
    fig.update_yaxes(automargin=True)
    marks = separators()
    if marks is not None:
        fig.update_layout(separators=marks)
    return fig


def white_template(fig: go.Figure) -> go.Figure:
    """Plotly's "plotly_white" template set on ``fig`` as plotly sets its default template: a copy of the registered,
    already valid template's values, without validating it again. ``template="plotly_white"`` validated and
    deep-copied the template object per figure (about 20 ms of a figure's 25); the figure's JSON is the same
    (tests/plot/test_layout_template.py)."""
    fig.layout._validate = False  # plotly's own path for its default template (BaseFigure._initialize_layout_template)
    try:
        fig.layout.template = _white()  # stored as the template's to_plotly_json(): a fresh deep copy of plain values
    finally:
        fig.layout._validate = fig._validate
    return fig


@cache
def _white() -> go.layout.Template:
    """"plotly_white" validated once, as ``template="plotly_white"`` did per figure (the same values in plotly's
    canonical key order, so a figure's JSON is the same text); never handed out, so never changed."""
    return copy.deepcopy(pio.templates["plotly_white"])


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
