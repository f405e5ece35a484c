"""Figures of a comparison (plotly), the same on the page and in the report."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..core.language import _, count, current, percent
from ..core.plot import DOWN, NEUTRAL, UP, escape_text, layout
from ..failures.words import name
from .words import amount, ece, headers, signed

COLOURS = {"challenger": DOWN, "champion": UP, "": NEUTRAL}  # blue: candidate better; red: candidate worse


def forest_rows(metrics: pd.DataFrame, groups: pd.DataFrame | None = None, column: str | None = None) -> pd.DataFrame:
    """The rows of a forest plot: every overall metric, then the groups of ``column`` on their metric."""
    rows = [{"label": _("all rows: {metric}", metric=name(r["metric"])), **r} for _key, r in metrics.iterrows()]
    if groups is not None:
        rows += [{"label": _("{column} = {group}: {metric}", column=column, group=r["group"], metric=name(r["metric"])),
                  **r} for _key, r in groups.iterrows()]
    return pd.DataFrame(rows)


def forest(rows: pd.DataFrame) -> go.Figure:
    """Candidate - champion with its 95% interval, one line per metric or group; the dashed line is no change.

    The candidate is the open model (the engine's ``challenger``), the champion the model you run today. Blue: the
    candidate is significantly better there; red: significantly worse; grey: no clear difference. Metrics where
    lower is better are flipped (shown as champion - candidate) so that right is always better.
    """
    sign = rows["higher_is_better"].map(lambda higher: 1 if higher else -1)
    centre, low, high = rows["difference"] * sign, rows["low"] * sign, rows["high"] * sign
    left, right = pd.concat([low, high], axis=1).min(axis=1), pd.concat([low, high], axis=1).max(axis=1)
    labels = [escape_text(label) for label in rows["label"]]
    fig = go.Figure(go.Scatter(
        x=centre, y=labels, mode="markers", marker=dict(size=9, color=[COLOURS[b] for b in rows["better"]]),
        error_x=dict(type="data", symmetric=False, array=right - centre, arrayminus=centre - left, color="#555"),
        hovertext=[_("candidate {candidate} against champion {champion} (difference {difference}, 95% interval {low} "
                     "to {high})", candidate=_g4(r["challenger"]), champion=_g4(r["champion"]),
                     difference=signed(r["difference"]), low=signed(r["low"]), high=signed(r["high"]))
                   for _key, r in rows.iterrows()], hoverinfo="text"))
    fig.add_vline(x=0, line_dash="dash", line_color="#34495e", annotation_text=_("no change"),
                  annotation_position="bottom right")
    fig.update_xaxes(title=_("candidate better → (difference; lower-is-better metrics flipped)"))
    fig.update_yaxes(autorange="reversed")
    return layout(fig, _("The candidate against the champion, with 95% intervals"), 120 + 30 * len(rows))


def _g4(x: float) -> str:
    """A metric with four significant digits, the reader's way."""
    return f"{x:.4g}" if current() == "en" else amount(float(f"{x:.4g}"))


def calibration_pair(champion, challenger) -> go.Figure:
    """Both reliability curves on one chart: predicted probability against observed share. ``champion``: the model
    you run today's calibration; ``challenger``: the candidate's (the open model's)."""
    fig = go.Figure(go.Scatter(x=[0, 100], y=[0, 100], mode="lines", line=dict(dash="dash", color="#aaa"),
                               hoverinfo="skip", showlegend=False))
    # Translators: on the diagonal of a reliability chart, predicted chances equal observed shares.
    fig.add_annotation(x=96, y=96, text=_("honest"), showarrow=False, xanchor="right", yanchor="bottom",
                       font=dict(color="#777"))
    names = headers()
    for label, cal, colour in ((names["champion"], champion, NEUTRAL), (names["challenger"], challenger, DOWN)):
        t = cal.table
        fig.add_trace(go.Scatter(
            x=t["mean_predicted"] * 100, y=t["observed"] * 100, mode="markers+lines", name=_("{model} (ECE {ece})", model=label, ece=ece(cal.ece)),
            line=dict(color=colour), marker=dict(color=colour, size=8),
            hovertext=[_("{model}: {rows} rows, predicted {predicted}, observed {observed}", model=label, rows=count(r),
                         predicted=percent(m, 0), observed=percent(o, 0)) for r, m, o in
                       zip(t["rows"], t["mean_predicted"], t["observed"], strict=True)], hoverinfo="text"))
    fig.update_xaxes(title=_("predicted {scored} (%)", scored=escape_text(champion.scored)), range=[0, 100])
    fig.update_yaxes(title=_("observed share (%)"), range=[0, 100], gridcolor="#eee")
    layout(fig, _("Reliability of both models (dashed: honest probabilities)"), 420)
    fig.update_layout(showlegend=True, legend=dict(orientation="h", y=-0.2))
    return fig
