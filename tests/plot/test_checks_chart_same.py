"""The release checks chart draws its limits' lines and labels at once (one add_vline per strip validated every label
so far again): its JSON is the same text as the chart drawn the old way, one add_vline per strip, for strips with and
without intervals, values and limits, in English and French."""

import math
from types import SimpleNamespace

import plotly.graph_objects as go
import pytest
from plotly.subplots import make_subplots

from explainers.core.language import _, use_language
from explainers.core.plot import NEUTRAL, escape_text, layout
from explainers.gate import figures
from explainers.gate.words import fmt, status_word

NAN = float("nan")
CHECKS = [SimpleNamespace(name="ROC AUC", status="pass", low=0.7, high=0.8, value=0.75, limit=0.6),
          SimpleNamespace(name="no value", status="fail", low=NAN, high=NAN, value=NAN, limit=0.3),
          SimpleNamespace(name="count", status="warn", low=NAN, high=NAN, value=3, limit=3),
          SimpleNamespace(name="nothing", status="not judged", low=NAN, high=NAN, value=NAN, limit=NAN),
          SimpleNamespace(name="interval only", status="pass", low=0.1, high=0.2, value=NAN, limit=0.5),
          SimpleNamespace(name="no limit", status="pass", low=0.1, high=0.2, value=0.15, limit=NAN)]


def _old_chart(result) -> go.Figure:
    """gate.figures.checks_chart as it was before 2026-12-07's session 4."""
    checks = result.in_reading_order()
    fig = make_subplots(rows=max(len(checks), 1), cols=1, vertical_spacing=min(0.6 / max(len(checks), 1), 0.08),
                        subplot_titles=[escape_text(_("{check}: {status}", check=c.name, status=status_word(c.status)))
                                        for c in checks] or [""])
    fig.update_annotations(font_size=12, x=0, xanchor="left")
    for row, check in enumerate(checks, 1):
        colour = figures.COLOURS.get(check.status, NEUTRAL)
        finite = [x for x in (check.low, check.high, check.value, check.limit) if math.isfinite(x)]
        if math.isfinite(check.low) and math.isfinite(check.high):
            fig.add_trace(go.Scatter(x=[check.low, check.high], y=[0, 0], mode="lines",
                                     line={"color": colour, "width": 8},
                                     hovertemplate=_("95% interval {x}", x="%{x:.4g}") + f"<extra>{row}</extra>"),
                          row=row, col=1)
        if math.isfinite(check.value):
            fig.add_trace(go.Scatter(x=[check.value], y=[0], mode="markers", marker={"color": "black", "size": 9},
                                     hovertemplate=_("value {x}", x="%{x:.4g}") + f"<extra>{row}</extra>"),
                          row=row, col=1)
        if math.isfinite(check.limit):
            fig.add_vline(x=check.limit, line={"color": NEUTRAL, "dash": "dash"}, row=row, col=1,
                          annotation_text=_("limit {limit}", limit=fmt(check.limit)), annotation_position="top right",
                          annotation_font_size=10, annotation_font_color=NEUTRAL)
        if not finite:
            fig.update_xaxes(showticklabels=False, row=row, col=1)
            continue
        low, high = min(finite), max(finite)
        if high - low < 1e-12:
            fig.update_xaxes(range=[low - 1, high + 1], tickvals=[low], ticktext=[fmt(low)], row=row, col=1)
            continue
        pad = (high - low) * 0.15
        fig.update_xaxes(range=[low - pad, high + pad], row=row, col=1)
    fig.update_yaxes(visible=False)
    layout(fig, _("Release checks: value, 95% interval and limit"), 60 + figures.ROW_HEIGHT * max(len(checks), 1))
    return fig


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("checks", [CHECKS, CHECKS[:1], CHECKS[1:2], CHECKS[3:4], [], CHECKS[::-1] * 2],
                         ids=["six", "first", "limit-only", "nothing", "none", "twelve"])
def test_the_chart_is_the_same_text_as_with_one_add_vline_per_strip(checks, lang):
    result = SimpleNamespace(in_reading_order=lambda: list(checks))
    with use_language(lang):
        assert figures.checks_chart(result).to_json() == _old_chart(result).to_json()


def test_a_chart_does_not_change_the_next_one():
    result = SimpleNamespace(in_reading_order=lambda: CHECKS[:1])
    first = figures.checks_chart(result)
    first.layout.shapes[0].line.color = "red"
    first.layout.annotations[-1].font.size = 30
    again = figures.checks_chart(result).to_json()
    assert "red" not in again and again == _old_chart(result).to_json()
