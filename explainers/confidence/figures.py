"""Figures of the confidence results (plotly), the same on a page and in the report."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..core.language import _, ngettext, percent
from ..core.plot import DOWN, NEUTRAL, UP, escape_text, layout
from .conformal import CoverageByGroup
from .words import fixed


def reliability_diagram(cal) -> go.Figure:
    """Observed frequency against predicted probability per bin, with 95% intervals; the diagonal is honest."""
    t = cal.table
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=[0, 100], y=[0, 100], mode="lines", line=dict(dash="dash", color="#aaa"),
                             hoverinfo="skip"))
    fig.add_annotation(x=96, y=96, text=_("honest"), showarrow=False, xanchor="right", yanchor="bottom",
                       font=dict(color="#777"))
    fig.add_trace(go.Scatter(
        x=t["mean_predicted"] * 100, y=t["observed"] * 100, mode="markers+lines",
        marker=dict(size=8 + 14 * np.sqrt(t["rows"] / t["rows"].max()), color=DOWN), line=dict(color=DOWN),
        error_y=dict(type="data", symmetric=False, array=(t["ci_high"] - t["observed"]) * 100,
                     arrayminus=(t["observed"] - t["ci_low"]) * 100, color=DOWN),
        hovertext=[ngettext("{n} rows: predicted {predicted}, observed {observed}",
                            "{n} rows: predicted {predicted}, observed {observed}", int(r), predicted=percent(m, 0),
                            observed=percent(o, 0))
                   for r, m, o in zip(t["rows"], t["mean_predicted"], t["observed"], strict=True)], hoverinfo="text",
    ))
    fig.update_xaxes(title=_("predicted {scored} (%)", scored=escape_text(cal.scored)), range=[0, 100])
    fig.update_yaxes(title=_("observed share (%)"), range=[0, 100], gridcolor="#eee")
    return layout(fig, _("Reliability: predicted against observed (ECE {ece})", ece=fixed(cal.ece, 3)), 420)


def coverage_by_group(by_group: CoverageByGroup) -> go.Figure:
    """Coverage per group with 95% intervals against the promised level."""
    table, level, column = by_group.table, by_group.level, by_group.column
    colours = [UP if short else NEUTRAL for short in table["short"]]
    fig = go.Figure(go.Bar(
        x=table["coverage"] * 100, y=[escape_text(g) for g in table["group"]], orientation="h", marker_color=colours,
        error_x=dict(type="data", symmetric=False, array=(table["ci_high"] - table["coverage"]) * 100,
                     arrayminus=(table["coverage"] - table["ci_low"]) * 100, color="#555"),
        hovertext=[ngettext("{n} rows", "{n} rows", int(r)) for r in table["rows"]], hoverinfo="text+x",
    ))
    fig.add_vline(x=level * 100, line_dash="dash", line_color=DOWN, annotation_text=_("promised {level}", level=percent(level, 0)),
                  annotation_position="bottom left")
    fig.update_xaxes(title=_("coverage (%)"), range=[0, 101])  # shares start at zero, so short bars look short
    return layout(fig, _("Coverage by {column} (dashed: promised {level})", column=escape_text(column),
                         level=percent(level, 0)), 100 + 32 * len(table))


def interval_band(band: pd.DataFrame, actual: pd.Series, target: str) -> go.Figure:
    """Predicted against actual, each row with its interval; grey rows inside, red rows outside."""
    inside = (band["lower"] <= actual) & (actual <= band["upper"])
    fig = go.Figure()
    for mask, colour, name in ((inside, NEUTRAL, _("inside")), (~inside, UP, _("outside"))):
        part = band[mask]
        fig.add_trace(go.Scatter(
            x=part["prediction"], y=actual[mask], mode="markers", name=name, marker=dict(size=5, color=colour),
            error_x=dict(type="data", symmetric=False, array=part["upper"] - part["prediction"],
                         arrayminus=part["prediction"] - part["lower"], color=colour, thickness=1, width=0),
        ))
    top = float(max(band["upper"].max(), actual.max()))
    low = float(min(band["lower"].min(), actual.min()))
    fig.add_trace(go.Scatter(x=[low, top], y=[low, top], mode="lines", line=dict(dash="dash", color="#aaa"),
                             hoverinfo="skip"))
    fig.add_annotation(x=top, y=top, text=_("predicted = actual"), showarrow=False, xanchor="right", yanchor="bottom",
                       font=dict(color="#777"))
    fig.update_xaxes(title=_("predicted {target} with its interval", target=escape_text(target)))
    fig.update_yaxes(title=_("actual {target}", target=escape_text(target)), gridcolor="#eee")
    return layout(fig, ngettext("Intervals on {n} rows not used for calibration",
                                "Intervals on {n} rows not used for calibration", len(band)), 460)


def size_histogram(sizes: pd.Series, label: str) -> go.Figure:
    """Rows per set size or interval width; whole-number sizes get one bar and one tick per whole number."""
    values = pd.Series(sizes, dtype=float).dropna()
    whole = bool(len(values)) and bool((values % 1 == 0).all())
    bins = {"xbins": {"start": values.min() - 0.5, "end": values.max() + 0.5, "size": 1}} if whole else {"nbinsx": 40}
    fig = go.Figure(go.Histogram(x=sizes, marker_color=NEUTRAL, **bins))
    fig.update_xaxes(title=escape_text(label))
    if whole:
        fig.update_xaxes(dtick=1, tick0=0, tickformat="d")
        fig.update_layout(bargap=0.4)
    fig.update_yaxes(title=_("rows"), gridcolor="#eee")
    return layout(fig, _("Distribution of {label}", label=escape_text(label)), 300)
