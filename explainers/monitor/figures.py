"""Figures of a monitoring run: a metric over the periods (estimate band, realised with its interval, the edge of
normal variation, alerts), drift per column over the periods, and a period's attribution shares."""

from __future__ import annotations

import plotly.graph_objects as go

from ..core.language import _
from ..core.measures.names import NAMES
from ..core.plot import escape_text, layout


def metric_over_time(result, metric: str) -> go.Figure:
    rows = result.periods[result.periods["metric"] == metric]
    x = [str(p) for p in rows["period"]]
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=x + x[::-1], y=list(rows["estimated_high"]) + list(rows["estimated_low"])[::-1],
                             fill="toself", fillcolor="rgba(99,110,250,0.18)", line={"width": 0},
                             name=_("estimate's 95% interval"), hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=x, y=rows["estimated"], mode="lines+markers", name=_("estimated (no labels needed)"),
                             line={"color": "#636efa", "dash": "dot"}))
    fig.add_trace(go.Scatter(x=x, y=rows["realised"], mode="lines+markers", name=_("realised (from labels)"),
                             line={"color": "#222"},
                             error_y={"type": "data", "symmetric": False,
                                      "array": rows["realised_high"] - rows["realised"],
                                      "arrayminus": rows["realised"] - rows["realised_low"]}))
    fig.add_trace(go.Scatter(x=x, y=rows["limit"], mode="lines", name=_("edge of normal variation"),
                             line={"color": "#d62728", "dash": "dash", "width": 1}))
    alerted = rows[rows["alert"]]
    if len(alerted):
        y = alerted["realised"].where(alerted["basis"] == "realised", alerted["estimated"])
        fig.add_trace(go.Scatter(x=[str(p) for p in alerted["period"]], y=y, mode="markers", name=_("alert"),
                                 marker={"symbol": "x", "size": 12, "color": "#d62728"}))
    unreliable = rows[~rows["reliable"]]
    for p in unreliable["period"]:
        fig.add_vrect(x0=str(p), x1=str(p), line={"color": "#ff7f0e", "width": 6}, opacity=0.3)
    name = _(NAMES.get(metric, metric))
    fig.update_layout(xaxis_title=_("period"), yaxis_title=escape_text(name))
    layout(fig, escape_text(_("{metric} per period", metric=name)), 420)
    return fig.update_layout(showlegend=True, legend={"orientation": "h", "y": -0.3})


def drift_heatmap(result) -> go.Figure:
    """PSI over its threshold per column and period (above 1: beyond normal variation); alerts marked."""
    table = result.drift[result.drift["column"] != "multivariate"].copy()
    table["ratio"] = table["statistic"] / table["threshold"].where(table["threshold"] > 0)
    grid = table.pivot(index="column", columns="period", values="ratio")
    marks = table.pivot(index="column", columns="period", values="alert").reindex_like(grid)
    alert = _("alert")
    text = marks.map(lambda a: alert if a is True else "")
    fig = go.Figure(go.Heatmap(z=grid.to_numpy(), x=[str(c) for c in grid.columns],
                               y=[escape_text(r) for r in grid.index], text=text.to_numpy(), texttemplate="%{text}",
                               colorscale="Reds", zmin=0, zmax=3,
                               colorbar={"title": {"text": _("PSI / normal"), "side": "right"}, "thickness": 12}))
    return layout(fig, _("Drift per column: shift score over its normal maximum"), 120 + 26 * len(grid))


def attribution_shares(result, period) -> go.Figure:
    """A period's share of mean |SHAP| per column beside the reference's order."""
    row = result.attribution_drift[result.attribution_drift["period"] == period].iloc[0]
    shares = {c[len("share_"):]: row[c] for c in result.attribution_drift.columns if c.startswith("share_")}
    names = list(shares)[::-1]
    fig = go.Figure(go.Bar(x=[shares[n] for n in names], y=[escape_text(n) for n in names], orientation="h"))
    fig.update_layout(xaxis_title=_("share of mean |SHAP|"), xaxis_tickformat=".0%")
    return layout(fig, escape_text(_("What drives the model in {period}", period=period)), 120 + 24 * len(names))
