"""Figures of the failures results (plotly), the same on a page and in the report."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..core.plot import DOWN, NEUTRAL, escape_text, layout


def threshold_costs(study: pd.DataFrame, chosen: float, best: float, costs: dict) -> go.Figure:
    """Expected cost per row at each threshold; the cheapest and the chosen one marked."""
    fig = go.Figure(go.Scatter(x=study["threshold"], y=study["cost_per_row"], mode="lines", line=dict(color=DOWN),
                               hovertemplate="threshold %{x:.2f}: cost per row %{y:.3f}<extra></extra>"))
    fig.add_vline(x=best, line_dash="dash", line_color="#27ae60", annotation_text=f"cheapest {best:.2f}")
    fig.add_vline(x=chosen, line_color="#34495e", annotation_text=f"chosen {chosen:.2f}", annotation_position="bottom right")
    fig.update_xaxes(title="threshold on the predicted probability")
    fig.update_yaxes(title="expected cost per row", gridcolor="#eee")
    title = (f"Cost of errors by threshold (a false alarm costs {costs['false_positive']:g}, "
             f"a miss {costs['false_negative']:g})")
    return layout(fig, title, 340)


def confusion_matrix(confusion: pd.DataFrame) -> go.Figure:
    labels_x = [escape_text(c) for c in confusion.columns]
    labels_y = [escape_text(c) for c in confusion.index]
    fig = go.Figure(go.Heatmap(z=confusion.to_numpy(), x=labels_x, y=labels_y, colorscale="Blues", showscale=False,
                               text=confusion.to_numpy(), texttemplate="%{text}", hoverinfo="skip"))
    fig.update_xaxes(title="predicted", side="top")
    fig.update_yaxes(title="actual", autorange="reversed")
    return layout(fig, "Confusion matrix (rows: actual, columns: predicted)", 120 + 60 * len(labels_y))


def error_tree_figure(tree: pd.DataFrame, error_name: str) -> go.Figure:
    """The error tree as an icicle: width is rows, colour is the error in that branch."""
    ids = tree["id"].astype(str)
    parents = tree["parent"].map(lambda p: "" if p == "" else str(int(p)))
    fig = go.Figure(go.Icicle(
        ids=ids, parents=parents, labels=[escape_text(r) for r in tree["rule"]], values=tree["rows"], branchvalues="total",
        marker=dict(colors=tree["error"], colorscale="Reds", showscale=True, colorbar=dict(title=escape_text(error_name))),
        hovertemplate="%{label}<br>%{value} rows<br>" + escape_text(error_name) + " %{color:.3g}<extra></extra>",
        tiling=dict(orientation="v"),
    ))
    return layout(fig, f"Where the errors concentrate (colour: {escape_text(error_name)})", 460)


def residuals(frame: pd.DataFrame, x: str, x_label: str, max_points: int = 3000, random_state: int = 0) -> go.Figure:
    shown = frame.sample(min(max_points, len(frame)), random_state=random_state)
    fig = go.Figure(go.Scattergl(x=shown[x], y=shown["residual"], mode="markers",
                                 marker=dict(size=4, color=NEUTRAL, opacity=0.6)))
    fig.add_hline(y=0, line_color="#34495e")
    fig.update_xaxes(title=escape_text(x_label))
    fig.update_yaxes(title="actual - predicted", gridcolor="#eee")
    return layout(fig, f"Residuals against {escape_text(x_label)} ({len(shown):,} of {len(frame):,} rows)", 340)


def group_metric_bars(table: pd.DataFrame, metric: str, column: str) -> go.Figure:
    low, high = table.get(f"{metric}_low"), table.get(f"{metric}_high")
    error_x = None
    if low is not None:
        error_x = dict(type="data", symmetric=False, array=(high - table[metric]) * 100,
                       arrayminus=(table[metric] - low) * 100, color="#555")
    scale = 100 if metric != "mae" else 1
    fig = go.Figure(go.Bar(x=table[metric] * scale, y=[escape_text(g) for g in table["group"]], orientation="h",
                           marker_color=NEUTRAL, error_x=error_x if scale == 100 else None,
                           hovertext=[f"{r:,} rows" for r in table["rows"]], hoverinfo="text+x"))
    fig.update_xaxes(title=escape_text(metric.replace("_", " ")) + (" (%)" if scale == 100 else ""))
    return layout(fig, f"{escape_text(metric.replace('_', ' ').capitalize())} by {escape_text(column)}", 100 + 32 * len(table))
