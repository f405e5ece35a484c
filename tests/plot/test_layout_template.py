"""core.plot.layout sets plotly_white without validating it again per figure: a figure's JSON is the same text as
with ``template="plotly_white"`` (what every figure did before), whatever the process's default template, and
one figure's template is its own copy."""

import plotly.graph_objects as go
import plotly.io as pio
import pytest
from plotly.subplots import make_subplots

from explainers.core import plot
from explainers.core.language import use_language


def _bar():
    return go.Figure(go.Bar(x=[3, 1], y=["a", "b"], orientation="h"))


def _strips():
    fig = make_subplots(rows=2, cols=1, subplot_titles=["one", "two"])
    fig.add_trace(go.Scatter(x=[1, 2], y=[0, 0]), row=1, col=1)
    fig.add_vline(x=1.5, row=2, col=1, annotation_text="limit")
    return fig


def _validated(fig, title, height):
    """The layout as it was (before 2026-12-07's session 4): the template named, so plotly validated and deep-copied
    it, in one update with the title, size, font and margins."""
    fig.update_layout(template="plotly_white", title=dict(text=plot.escape_text(title), x=0, font=dict(size=15)),
                      height=height, font=plot.FONT, margin=dict(l=10, r=10, t=50, b=10), plot_bgcolor="white",
                      paper_bgcolor="white", showlegend=False)
    fig.update_xaxes(gridcolor="#eee", zerolinecolor="#bbb", automargin=True)
    fig.update_yaxes(automargin=True)
    marks = plot.separators()
    if marks is not None:
        fig.update_layout(separators=marks)
    return fig


@pytest.mark.parametrize("make", [_bar, _strips, go.Figure])
@pytest.mark.parametrize("default", ["plotly", "plotly_dark"])
def test_the_figure_is_the_same_text_as_with_the_named_template(make, default, monkeypatch):
    monkeypatch.setattr(pio.templates, "default", default)
    for lang in ("en", "de"):
        with use_language(lang):
            assert plot.layout(make(), "A <title>", 300).to_json() == _validated(make(), "A <title>", 300).to_json()


def test_the_template_is_plotly_white_and_each_figure_has_its_own_copy():
    first, second = plot.layout(_bar(), "t", 200), plot.layout(_bar(), "t", 200)
    assert first.layout.template.layout.font.color == pio.templates["plotly_white"].layout.font.color
    first.layout.template.layout.font.color = "red"
    assert second.layout.template.layout.font.color != "red"
    assert plot.layout(_bar(), "t", 200).layout.template.layout.font.color != "red"
    assert pio.templates["plotly_white"].layout.font.color != "red"


def test_the_figure_still_validates_what_is_set_after_the_template():
    fig = plot.layout(_bar(), "t", 200)
    with pytest.raises(ValueError):
        fig.update_layout(height="tall")
