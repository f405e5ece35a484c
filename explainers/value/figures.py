"""What is it worth, drawn: the fallbacks side by side, and the review curve with the chosen band marked."""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..core.language import _
from ..core.plot import DOWN, NEUTRAL, UP, escape_text, layout
from . import words

MODEL_COLOUR = DOWN


def fallbacks(found) -> go.Figure:
    """Value per 1,000 decisions (or a month) of the model and each fallback, the model's bar coloured."""
    v = found.values
    table = found.fallbacks[found.fallbacks["value"].notna()]
    monthly = v.monthly_volume is not None
    column, unit = ("per_month", _("a month")) if monthly else ("per_1000", words.per_1000(v))
    names = [escape_text(words.label(found, n)) for n in table["name"]]
    amounts = table[column].to_numpy(dtype=float)
    colours = [MODEL_COLOUR if n == "model" else NEUTRAL for n in table["name"]]
    fig = go.Figure(go.Bar(x=amounts, y=names, orientation="h", marker_color=colours,
                           text=[words.money(a, v) for a in amounts], textposition="auto", cliponaxis=False,
                           hovertemplate="%{y}: %{text}<extra></extra>"))
    fig.update_yaxes(autorange="reversed")
    # Translators: {per} is "a month" or "per 1,000 decisions"; an axis title.
    axis = _("Value {per}", per=unit)
    fig.update_xaxes(title_text=axis + (f" ({v.currency})" if v.currency else ""), zeroline=True)
    title = (_("What each way of predicting is worth, {per}", per=unit) if found.task == "regression"
             else _("What each way of deciding is worth, {per}", per=unit))
    return layout(fig, title, 80 + 48 * len(table))


def review_curve(found) -> go.Figure:
    """The automated share against the value and the error rate of the automated decisions, per score band;
    the conformal band as a diamond, the best band circled."""
    v, table, best = found.values, found.review, found.best_band
    factor = (v.monthly_volume / found.rows) if v.monthly_volume is not None else 1000 / found.rows
    unit = _("a month") if v.monthly_volume is not None else words.per_1000(v)
    regression = found.task == "regression"  # the lower panel: the automated predictions' mean absolute error
    error, scale = ("mae", 1.0) if regression else ("error_rate", 100.0)
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08,
                        subplot_titles=(_("Value {per}, review costs counted", per=unit),
                                        _("Mean absolute error of the automated predictions") if regression
                                        else _("Error rate of the automated decisions")))
    scores = table[table["kind"] != "conformal"]
    share = 100 * scores["automated_share"].to_numpy()
    hover = [escape_text(words.band_label(k, w, found.threshold)) for k, w in zip(scores["kind"], scores["width"],
                                                                                   strict=True)]
    automated, value_word = _("automated"), _("value")  # hover labels
    fig.add_trace(go.Scatter(x=share, y=scores["value"].to_numpy() * factor, mode="lines+markers", marker_size=4,
                             line_color=DOWN, text=hover,
                             hovertemplate=f"%{{text}}<br>{automated} %{{x:.0f}}%<br>{value_word} %{{y:,.0f}}"
                                           "<extra></extra>"), 1, 1)
    fig.add_trace(go.Scatter(x=share, y=scale * scores[error].to_numpy(), mode="lines+markers", marker_size=4,
                             line_color=UP, text=hover,
                             hovertemplate=f"%{{text}}<br>{automated} %{{x:.0f}}%<br>"
                                           + ("MAE %{y:,.4g}" if regression else _("errors") + " %{y:.1f}%")
                                           + "<extra></extra>"), 2, 1)
    conformal = table[table["kind"] == "conformal"]
    for _i, row in conformal.iterrows():
        x = 100 * row["automated_share"]
        fig.add_trace(go.Scatter(x=[x], y=[row["value"] * factor], mode="markers", marker=dict(symbol="diamond", size=10,
                                 color=NEUTRAL), hovertemplate=_("conformal band") + f"<br>{value_word} %{{y:,.0f}}"
                                                               "<extra></extra>"), 1, 1)
        if math.isfinite(row["error_rate"]):
            fig.add_trace(go.Scatter(x=[x], y=[100 * row["error_rate"]], mode="markers",
                                     marker=dict(symbol="diamond", size=10, color=NEUTRAL),
                                     hovertemplate=_("conformal band") + "<br>" + _("errors")
                                                   + " %{y:.1f}%<extra></extra>"), 2, 1)
    chosen = table[table["band"] == best.band].iloc[0]
    x = 100 * chosen["automated_share"]
    fig.add_trace(go.Scatter(x=[x], y=[chosen["value"] * factor], mode="markers+text",
                             marker=dict(size=16, color="rgba(0,0,0,0)", line=dict(color="black", width=2)),
                             text=[_("best")], textposition="bottom center",  # under the peak: clear of the curve
                             hoverinfo="skip"), 1, 1)
    fig.add_vline(x=x, line_dash="dot", line_color="#999")
    short = (_("wider than {cut}", cut=words.cut_text(best.width))
             if best.kind == "width" and math.isfinite(best.width)
             else words.best_band_label(found))  # a regressor's band, short enough for 800 px
    # Translators: the review band worth most, marked on the chart.
    fig.add_annotation(x=x, y=0, xref="x2", yref="y2 domain", text=_("best: {band}", band=escape_text(short)),
                       showarrow=False,
                       xanchor="right" if x > 60 else "left", yanchor="bottom",
                       font=dict(color="#777"))  # once, on the lower panel
    fig.update_xaxes(title_text=_("Share of predictions the model makes alone (%)") if regression
                     else _("Share of cases the model decides alone (%)"), range=[-3, 103], row=2, col=1)
    fig.update_yaxes(tickformat=",.0f", row=1, col=1)
    fig.update_yaxes(ticksuffix="" if regression else "%", rangemode="tozero", row=2, col=1)
    fig = layout(fig, _("The model predicting less, a person more") if regression
                 else _("The model deciding less, a person more (best: {band})", band=words.best_band_label(found)), 540)
    fig.update_layout(margin=dict(t=80))
    fig.update_annotations(font_size=13)
    return fig


def review_by_group(found) -> go.Figure:
    """The share of each group sent to review, with 95% intervals."""
    t = found.table
    share = 100 * t["share"].to_numpy(dtype=float)
    fig = go.Figure(go.Bar(x=share, y=[escape_text(g) for g in t["group"]], orientation="h", marker_color=NEUTRAL,
                           error_x=dict(type="data", symmetric=False,
                                        array=np.maximum(100 * t["high"].to_numpy(dtype=float) - share, 0),
                                        arrayminus=np.maximum(share - 100 * t["low"].to_numpy(dtype=float), 0)),
                           hovertemplate="%{y}: %{x:.1f}%<extra></extra>"))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title_text=_("Share sent to review (%)"), rangemode="tozero")
    return layout(fig, _("Who is sent to review, by {column}", column=found.column), 100 + 40 * len(t))
