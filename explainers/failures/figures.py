"""Figures of the failures results (plotly), the same on a page and in the report: each takes a result."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..core.language import _, count, current
from ..core.plot import DOWN, NEUTRAL, UP, escape_text, layout
from . import words


def _setting(x: float) -> str:
    """A cost as typed (``f"{x:g}"``), written the reader's way outside English."""
    return f"{x:g}" if current() == "en" else words.sig(x, "g")


def threshold_costs(perf, chosen: float | None = None) -> go.Figure:
    """Expected cost per row at each threshold; the cheapest and the chosen one (default: the result's) marked."""
    study, best, costs = perf.threshold_study, perf.best_threshold, perf.costs
    chosen = perf.threshold if chosen is None else chosen
    fig = go.Figure(go.Scatter(x=study["threshold"], y=study["cost_per_row"], mode="lines", line={"color": DOWN},
                               hovertemplate=_("threshold %{x:.2f}: cost per row %{y:.3f}") + "<extra></extra>"))
    fig.add_vline(x=best, line_dash="dash", line_color="#27ae60",
                  annotation_text=_("cheapest {threshold}", threshold=words.threshold_text(best)))
    fig.add_vline(x=chosen, line_color="#34495e",
                  annotation_text=_("chosen {threshold}", threshold=words.threshold_text(chosen)),
                  annotation_position="bottom right")
    fig.update_xaxes(title=_("threshold on the predicted probability"))
    fig.update_yaxes(title=_("expected cost per row"), gridcolor="#eee")
    title = _("Cost of errors by threshold (a false alarm costs {false_alarm}, a miss {miss})",
              false_alarm=_setting(costs["false_positive"]), miss=_setting(costs["false_negative"]))
    return layout(fig, title, 340)


def confusion_matrix(perf) -> go.Figure:
    """Counts of actual (rows) against predicted (columns) classes."""
    confusion = perf.confusion
    labels_x = [escape_text(c) for c in confusion.columns]
    labels_y = [escape_text(c) for c in confusion.index]
    fig = go.Figure(go.Heatmap(z=confusion.to_numpy(), x=labels_x, y=labels_y, colorscale="Blues", showscale=False,
                               text=confusion.to_numpy(), texttemplate="%{text}", hoverinfo="skip"))
    fig.update_xaxes(title=_("predicted"), side="bottom")
    fig.update_yaxes(title=_("actual"), autorange="reversed")
    return layout(fig, _("Confusion matrix"), 160 + 60 * len(labels_y))  # the axes say actual and predicted


def error_tree_figure(tree) -> go.Figure:
    """The error tree as an icicle: width is rows, colour is the error in that branch."""
    nodes, error_name = tree.nodes, escape_text(words.error_label(tree.error_name))
    parents = nodes["parent"].map(lambda p: "" if p < 0 else str(int(p)))
    fig = go.Figure(go.Icicle(
        ids=nodes["id"].astype(str), parents=parents, labels=[escape_text(r) for r in nodes["rule"]],
        values=nodes["rows"], branchvalues="total",
        marker={"colors": nodes["error"], "colorscale": "Reds", "showscale": True, "colorbar": {"title": error_name}},
        hovertemplate="%{label}<br>" + _("%{value} rows") + "<br>" + error_name + " %{color:.3g}<extra></extra>",
        tiling={"orientation": "v"},
    ))
    fig = layout(fig, _("Where the errors concentrate (colour: {error_name})",
                        error_name=words.error_label(tree.error_name)), 480)
    # a narrow tile's label shrinks to a smear: hide labels below 11 px and name the worst branch in words
    fig.update_layout(uniformtext={"minsize": 11, "mode": "hide"}, margin={"t": 72})
    worst = tree.worst_leaves(1)
    if len(worst) and worst["rows"].iloc[0] < nodes["rows"].max():
        leaf = worst.iloc[0]
        fig.add_annotation(text=escape_text(_("Worst branch: {rules} ({error_name} {error}, {rows})",
                                              rules=words.all_of(tree.path_rules(int(leaf["id"]))),
                                              error_name=words.error_label(tree.error_name),
                                              error=words.sig(leaf["error"], ".2g"),
                                              rows=words.rows_text(int(leaf["rows"])))),
                           xref="paper", yref="paper", x=0, y=1.01, xanchor="left", yanchor="bottom",
                           showarrow=False, font={"size": 12})
    return fig


def residuals(perf, against: pd.Series | None = None, max_points: int = 3000, random_state: int = 0,
              label: str | None = None) -> go.Figure:
    """Residuals of a regression against the prediction, or against a column's values (``against``, same index)."""
    frame = perf.residuals
    x = frame["prediction"] if against is None else against.reindex(frame.index)
    label = label or (_("prediction") if against is None else str(against.name))
    chosen = pd.Series(range(len(frame))).sample(min(max_points, len(frame)), random_state=random_state).to_numpy()
    fig = go.Figure(go.Scattergl(x=x.iloc[chosen], y=frame["residual"].iloc[chosen], mode="markers",
                                 marker={"size": 4, "color": NEUTRAL, "opacity": 0.6}))
    fig.add_hline(y=0, line_color="#34495e")
    fig.update_xaxes(title=escape_text(label))
    fig.update_yaxes(title=_("actual - predicted"), gridcolor="#eee")
    return layout(fig, _("Residuals against {label} ({shown} of {total} rows)", label=label, shown=count(len(chosen)),
                         total=count(len(frame))), 340)


def group_metric_bars(groups, metric: str | None = None) -> go.Figure:
    """One bar per group on ``metric`` (default the compared one), rates in % with their 95% intervals."""
    table, metric = groups.table, metric or groups.metric
    scale = 1 if metric == "mae" else 100
    low, high = table.get(f"{metric}_low"), table.get(f"{metric}_high")
    error_x = None
    if low is not None and scale == 100:
        error_x = {"type": "data", "symmetric": False, "array": (high - table[metric]) * 100,
                       "arrayminus": (table[metric] - low) * 100, "color": "#555"}
    fig = go.Figure(go.Bar(x=table[metric] * scale, y=[escape_text(g) for g in table["group"]], orientation="h",
                           marker_color=NEUTRAL, error_x=error_x,
                           hovertext=[words.rows_text(r) for r in table["rows"]], hoverinfo="text+x"))
    name = words.name(metric)
    fig.update_xaxes(title=escape_text(name) + (" (%)" if scale == 100 else ""), rangemode="tozero")
    if scale == 100:
        fig.update_xaxes(range=[0, 100])
    return layout(fig, _("{metric} by {column}", metric=name, column=groups.column), 100 + 32 * len(table))


FAIRNESS_COLOURS = {"selection_rate": NEUTRAL, "false_positive_rate": UP, "false_negative_rate": DOWN,
                    "accuracy": "#27ae60"}


def fairness_bars(fair) -> go.Figure:
    """Each group's rates side by side (0 to 100%, with 95% intervals); groups too small to judge are hatched."""
    table = fair.table
    too_small = " " + _("(too small)")
    groups = [escape_text(g) + (too_small if small else "") for g, small in zip(table["group"], table["small"],
                                                                              strict=True)]
    fig = go.Figure()
    for rate, colour in FAIRNESS_COLOURS.items():
        error = {"type": "data", "symmetric": False, "array": (table[f"{rate}_high"] - table[rate]) * 100,
                 "arrayminus": (table[rate] - table[f"{rate}_low"]) * 100, "color": "#555", "thickness": 1}
        fig.add_bar(x=groups, y=table[rate] * 100, name=escape_text(words.rate_name(rate, fair)), marker_color=colour,
                    marker_pattern_shape=["/" if s else "" for s in table["small"]], error_y=error,
                    hovertemplate="%{x}: %{y:.0f}%<extra>" + escape_text(words.rate_name(rate, fair)) + "</extra>")
    fig.update_yaxes(title=_("% of the group's rows"), range=[0, 100], gridcolor="#eee")
    fig.update_xaxes(title=escape_text(fair.column))
    fig = layout(fig, _("Decisions by {column} at the threshold {threshold}", column=fair.column,
                        threshold=words.threshold_text(fair.threshold)), 420)
    fig.update_layout(barmode="group", showlegend=True,
                      legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "left", "x": 0})
    fig.update_layout(margin={"t": 90})
    return fig
