"""Figures of the why results (plotly), the same on a page and in the report."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..core import privacy
from ..core.language import _, count, ngettext
from ..core.plot import DOWN, NEUTRAL, UP, escape_text, layout
from .attributions import Attributions
from .summaries import Importance, numeric_codes
from .words import format_value, is_probability, local_number, units_text


def _scale(result: Attributions | Importance) -> tuple[float, str]:
    return (100.0, " pts") if is_probability(result) else (1.0, "")


def _fmt(value: float, unit: str, total: bool = False) -> str:
    if unit:
        return local_number(f"{value:.1f}%" if total else f"{value:+.1f}")
    return local_number(f"{value:,.4g}" if total else f"{value:+,.3g}")


def _rank01(values: np.ndarray) -> np.ndarray:
    """Values as quantile ranks in [0, 1] (robust colouring for skewed columns); NaN stays grey-ish 0.5."""
    ranks = pd.Series(values).rank(pct=True).fillna(0.5).to_numpy()
    return ranks


def importance_bar(imp: Importance, descriptions: dict | None = None, top: int = 15) -> go.Figure:
    """Mean |contribution| per column: how much each column moves predictions on average."""
    scale, unit = _scale(imp)
    ranking = imp.values.head(top)[::-1]
    hover = [f"{escape_text(c)}<br>{escape_text((descriptions or {}).get(c, ''))}" for c in ranking.index]
    fig = go.Figure(go.Bar(x=ranking.values * scale, y=[escape_text(c) for c in ranking.index], orientation="h",
                           marker_color=NEUTRAL, hovertext=hover, hoverinfo="text+x"))
    units = escape_text(units_text(imp.units))
    fig.update_xaxes(title=_("mean |contribution| to the {units} (points)", units=units) if unit else
                     _("mean |contribution| to the {units}", units=units))
    return layout(fig, _("Which columns matter most ({rows} rows)", rows=count(imp.rows)), 80 + 26 * len(ranking))


def beeswarm(att: Attributions, kinds: dict | None = None, top: int = 12, max_points: int = 1000,
             random_state: int = 0, *, imp: Importance | None = None) -> go.Figure:
    """One dot per row and column: its contribution (x), coloured by the column's value (low blue, high red;
    grey for categorical columns, whose values have no order).

    ``imp``: the importance of ``att`` (computed by the caller), whose order puts the most important column on
    top; without it the columns keep the data's order (a figure draws results, it computes none)."""
    scale, unit = _scale(att)
    shown = att.values.sample(min(max_points, len(att.values)), random_state=random_state)
    columns = (imp.columns if imp is not None else list(att.values.columns))[:top][::-1]
    rng = np.random.default_rng(random_state)
    fig = go.Figure()
    scatter = go.Scattergl if len(shown) * len(columns) > 5000 else go.Scatter  # SVG draws faster when small
    for position, column in enumerate(columns):
        raw = att.data.loc[shown.index, column]
        numeric = kinds is None or kinds.get(column) != "categorical"
        colour = _rank01(numeric_codes(raw)) if numeric else NEUTRAL  # categories have no low or high
        fig.add_trace(scatter(
            x=shown[column].to_numpy() * scale, y=position + rng.uniform(-0.3, 0.3, len(shown)), mode="markers",
            marker=dict(size=5, color=colour, colorscale="RdBu_r", cmin=0, cmax=1, opacity=0.7),
            hovertext=[_hover(column, v) for v in raw], hoverinfo="text+x",
        ))
    fig.update_yaxes(tickvals=list(range(len(columns))), ticktext=[escape_text(c) for c in columns])
    units = escape_text(units_text(att.units))
    fig.update_xaxes(title=_("contribution to the {units} (points)", units=units) if unit else
                     _("contribution to the {units}", units=units))
    title = _("Every row's contributions ({shown} of {rows} rows; colour: low to high value)", shown=count(len(shown)),
              rows=count(len(att.values)))
    fig.update_traces(hovertemplate=None)
    return layout(fig, title, 90 + 34 * len(columns))


def dependence(att: Attributions, feature: str, kind: str, interaction: str | None = None,
               max_points: int = 2000, random_state: int = 0) -> go.Figure:
    """How a column's value drives its contribution; categories as box plots, numbers as dots."""
    scale, unit = _scale(att)
    rows = att.values.index
    if len(rows) > max_points:
        rows = att.values.sample(max_points, random_state=random_state).index
    y = att.values.loc[rows, feature].to_numpy() * scale
    x = att.data.loc[rows, feature]
    if privacy.is_private(feature):  # the shape without the values: each row's percentile among the rows
        x, kind = pd.Series(_rank01(numeric_codes(x)) * 100, index=rows), "percentile"
    fig = go.Figure()
    if kind == "categorical":
        labels = x.astype(str).map(escape_text)
        fig.add_trace(go.Box(x=labels, y=y, boxpoints="all", jitter=0.4, pointpos=0, marker=dict(size=4, color=NEUTRAL),
                             line=dict(color="#34495e")))
    else:
        marker = dict(size=6, opacity=0.75, color=NEUTRAL)
        hover = [_hover(feature, v, kind) for v in x]
        if interaction is not None:
            partner = att.data.loc[rows, interaction]
            marker.update(color=_rank01(numeric_codes(partner)), colorscale="RdBu_r", cmin=0, cmax=1, showscale=True,
                          colorbar=dict(title=escape_text(interaction), tickvals=[0, 1], ticktext=[_("low"), _("high")]))
            hover = [f"{h}<br>{_hover(interaction, p)}" for h, p in zip(hover, partner, strict=True)]
        fig.add_trace(go.Scattergl(x=x.to_numpy(), y=y, mode="markers", marker=marker, hovertext=hover,
                                   hoverinfo="text+y"))
    fig.update_xaxes(title=_("{column} (percentile; values are private)", column=escape_text(feature))
                     if kind == "percentile" else escape_text(feature))
    fig.update_yaxes(title=_("contribution (points)") if unit else _("contribution"), gridcolor="#eee",
                     zerolinecolor="#bbb")
    if interaction and kind != "categorical":
        title = _("Effect of {column} ({rows} rows; colour: {partner})", column=feature, rows=count(len(rows)),
                  partner=interaction)
    else:
        title = _("Effect of {column} ({rows} rows)", column=feature, rows=count(len(rows)))
    return layout(fig, title, 420)  # layout escapes the title


def _hover(column, value, kind: str = "") -> str:
    """"column = value" for a label or tooltip; a private column's value hidden (or its percentile)."""
    if kind == "percentile":
        return _("{column}: percentile {value}", column=escape_text(column), value=f"{value:.0f}")
    shown = privacy.HIDDEN if privacy.is_private(column) else format_value(value)
    return f"{escape_text(column)} = {escape_text(shown)}"


def waterfall(att: Attributions, label, top: int = 10, title: str | None = None) -> go.Figure:
    """From the average output, each column's push, to this row's output (the bars add up)."""
    scale, unit = _scale(att)
    position = att.values.index.get_loc(label)
    contributions = att.values.loc[label]
    order = contributions.abs().sort_values(ascending=False).index
    shown, rest = list(order[:top]), list(order[top:])
    names = [_hover(c, att.data.loc[label, c]) for c in shown]
    steps = [contributions[c] * scale for c in shown]
    if rest:
        names.append(ngettext("{n} other columns", "{n} other columns", len(rest)))
        steps.append(float(contributions[rest].sum()) * scale)
    base, output = att.base_values[position] * scale, att.output[position] * scale
    fig = go.Figure(go.Waterfall(
        orientation="h", measure=["absolute"] + ["relative"] * len(steps) + ["total"],
        y=[_("average")] + names + [_("this row")], x=[base] + steps + [output],
        text=[_fmt(base, unit, total=True)] + [_fmt(s, unit) for s in steps] + [_fmt(output, unit, total=True)],
        textposition="outside", cliponaxis=False, increasing=dict(marker_color=UP), decreasing=dict(marker_color=DOWN),
        totals=dict(marker_color=NEUTRAL), connector=dict(line=dict(color="#ccc")),
    ))
    fig.update_yaxes(autorange="reversed")
    units = units_text(att.units)
    fig.update_xaxes(title=f"{escape_text(units)}{' (%)' if unit else ''}")
    fig = layout(fig, title or _("Why this output ({units})", units=units), 120 + 30 * (len(steps) + 2))
    fig.update_layout(margin=dict(r=60))  # room for the labels outside the bars
    return fig
