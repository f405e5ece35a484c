"""Results -> plotly figures, shared by the dashboard pages and the HTML report.

Figures take results only (never a model), so the same function draws the page and the report.
Probabilities are shown in percent and contributions in percentage points; text from the data
goes into plotly as data (hover text, tick labels), which plotly renders as text, not HTML.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .attributions import Attributions
from .narrative import format_value, is_probability
from .summaries import importance, numeric_codes

UP, DOWN, NEUTRAL = "#c0392b", "#2874a6", "#7f8c8d"
FONT = dict(family="Source Sans Pro, Arial, sans-serif", size=13)


def _scale(att: Attributions) -> tuple[float, str]:
    return (100.0, " pts") if is_probability(att) else (1.0, "")


def _layout(fig: go.Figure, title: str, height: int) -> go.Figure:
    fig.update_layout(title=dict(text=title, x=0, font=dict(size=15)), height=height, font=FONT,
                      margin=dict(l=10, r=10, t=50, b=10), plot_bgcolor="white", showlegend=False)
    fig.update_xaxes(gridcolor="#eee", zerolinecolor="#bbb")
    return fig


def importance_bar(att: Attributions, descriptions: dict | None = None, top: int = 15) -> go.Figure:
    """Mean |contribution| per column: how much each column moves predictions on average."""
    scale, unit = _scale(att)
    ranking = importance(att).head(top)[::-1]
    hover = [f"{c}<br>{_escape(descriptions.get(c, '')) if descriptions else ''}" for c in ranking.index]
    fig = go.Figure(go.Bar(x=ranking.values * scale, y=[_escape(c) for c in ranking.index], orientation="h",
                           marker_color=NEUTRAL, hovertext=hover, hoverinfo="text+x"))
    fig.update_xaxes(title=f"mean |contribution| to the {att.units}{' (points)' if unit else ''}")
    return _layout(fig, f"Which columns matter most ({len(att.values):,} rows)", 80 + 26 * len(ranking))


def beeswarm(att: Attributions, kinds: dict | None = None, top: int = 12, max_points: int = 1000,
             random_state: int = 0) -> go.Figure:
    """One dot per row and column: its contribution (x), coloured by the column's value (low blue, high red;
    grey for categorical columns, whose values have no order)."""
    scale, unit = _scale(att)
    shown = att.values.sample(min(max_points, len(att.values)), random_state=random_state)
    columns = list(importance(att).head(top).index)[::-1]
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
            hovertext=[f"{_escape(column)} = {_escape(format_value(v))}" for v in raw], hoverinfo="text+x",
        ))
    fig.update_yaxes(tickvals=list(range(len(columns))), ticktext=[_escape(c) for c in columns])
    fig.update_xaxes(title=f"contribution to the {att.units}{' (points)' if unit else ''}")
    title = f"Every row's contributions ({len(shown):,} of {len(att.values):,} rows; colour: low to high value)"
    fig.update_traces(hovertemplate=None)
    return _layout(fig, title, 90 + 34 * len(columns))


def dependence(att: Attributions, feature: str, kind: str, interaction: str | None = None,
               max_points: int = 2000, random_state: int = 0) -> go.Figure:
    """How a column's value drives its contribution; categories as box plots, numbers as dots."""
    scale, unit = _scale(att)
    rows = att.values.index
    if len(rows) > max_points:
        rows = att.values.sample(max_points, random_state=random_state).index
    y = att.values.loc[rows, feature].to_numpy() * scale
    x = att.data.loc[rows, feature]
    fig = go.Figure()
    if kind == "categorical":
        labels = x.astype(str).map(_escape)
        fig.add_trace(go.Box(x=labels, y=y, boxpoints="all", jitter=0.4, pointpos=0, marker=dict(size=4, color=NEUTRAL),
                             line=dict(color="#34495e")))
    else:
        marker = dict(size=6, opacity=0.75, color=NEUTRAL)
        hover = [f"{_escape(feature)} = {format_value(v)}" for v in x]
        if interaction is not None:
            partner = att.data.loc[rows, interaction]
            marker.update(color=_rank01(numeric_codes(partner)), colorscale="RdBu_r", cmin=0, cmax=1, showscale=True,
                          colorbar=dict(title=_escape(interaction), tickvals=[0, 1], ticktext=["low", "high"]))
            hover = [f"{h}<br>{_escape(interaction)} = {_escape(format_value(p))}" for h, p in zip(hover, partner, strict=True)]
        fig.add_trace(go.Scattergl(x=x.to_numpy(), y=y, mode="markers", marker=marker, hovertext=hover,
                                   hoverinfo="text+y"))
    fig.update_xaxes(title=_escape(feature))
    fig.update_yaxes(title=f"contribution{' (points)' if unit else ''}", gridcolor="#eee", zerolinecolor="#bbb")
    colour_note = f"; colour: {_escape(interaction)}" if interaction and kind != "categorical" else ""
    return _layout(fig, f"Effect of {_escape(feature)} ({len(rows):,} rows{colour_note})", 420)


def waterfall(att: Attributions, label, top: int = 10, title: str | None = None) -> go.Figure:
    """From the average output, each column's push, to this row's output (the bars add up)."""
    scale, unit = _scale(att)
    position = att.values.index.get_loc(label)
    contributions = att.values.loc[label]
    order = contributions.abs().sort_values(ascending=False).index
    shown, rest = list(order[:top]), list(order[top:])
    names = [f"{_escape(c)} = {_escape(format_value(att.data.loc[label, c]))}" for c in shown]
    steps = [contributions[c] * scale for c in shown]
    if rest:
        names.append(f"{len(rest)} other columns")
        steps.append(float(contributions[rest].sum()) * scale)
    base, output = att.base_values[position] * scale, att.output[position] * scale
    fig = go.Figure(go.Waterfall(
        orientation="h", measure=["absolute"] + ["relative"] * len(steps) + ["total"],
        y=["average"] + names + ["this row"], x=[base] + steps + [output],
        text=[_fmt(base, unit, total=True)] + [_fmt(s, unit) for s in steps] + [_fmt(output, unit, total=True)],
        textposition="outside", cliponaxis=False, increasing=dict(marker_color=UP), decreasing=dict(marker_color=DOWN),
        totals=dict(marker_color=NEUTRAL), connector=dict(line=dict(color="#ccc")),
    ))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title=f"{att.units}{' (%)' if unit else ''}")
    fig = _layout(fig, title or f"Why this output ({att.units})", 120 + 30 * (len(steps) + 2))
    fig.update_layout(margin=dict(r=60))  # room for the labels outside the bars
    return fig


def score_histogram(predicted: pd.Series, label: str, threshold: float | None = None) -> go.Figure:
    """Distribution of the model's output over all rows (scores in percent)."""
    values = predicted.to_numpy(dtype=float)
    is_share = label.startswith("probability")
    fig = go.Figure(go.Histogram(x=values * 100 if is_share else values, nbinsx=40, marker_color=NEUTRAL))
    if threshold is not None:
        fig.add_vline(x=threshold * 100 if is_share else threshold, line_dash="dash", line_color="#34495e")
    fig.update_xaxes(title=f"{_escape(label)}{' (%)' if is_share else ''}")
    fig.update_yaxes(title="rows", gridcolor="#eee")
    return _layout(fig, f"How the model's output is spread over {len(values):,} rows", 300)


def _fmt(value: float, unit: str, total: bool = False) -> str:
    if unit:
        return f"{value:.1f}%" if total else f"{value:+.1f}"
    return f"{value:,.4g}" if total else f"{value:+,.3g}"


def _rank01(values: np.ndarray) -> np.ndarray:
    """Values as quantile ranks in [0, 1] (robust colouring for skewed columns); NaN stays grey-ish 0.5."""
    ranks = pd.Series(values).rank(pct=True).fillna(0.5).to_numpy()
    return ranks


def _escape(text) -> str:
    """Plotly renders a small HTML subset in labels; escape so data text shows as text."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def reliability_diagram(cal) -> go.Figure:
    """Observed frequency against predicted probability per bin, with 95% intervals; the diagonal is honest."""
    t = cal.table
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=[0, 100], y=[0, 100], mode="lines", line=dict(dash="dash", color="#aaa"),
                             hoverinfo="skip"))
    fig.add_trace(go.Scatter(
        x=t["mean_predicted"] * 100, y=t["observed"] * 100, mode="markers+lines",
        marker=dict(size=8 + 14 * np.sqrt(t["rows"] / t["rows"].max()), color=DOWN), line=dict(color=DOWN),
        error_y=dict(type="data", symmetric=False, array=(t["ci_high"] - t["observed"]) * 100,
                     arrayminus=(t["observed"] - t["ci_low"]) * 100, color=DOWN),
        hovertext=[f"{r:,} rows: predicted {m:.0%}, observed {o:.0%}" for r, m, o in
                   zip(t["rows"], t["mean_predicted"], t["observed"], strict=True)], hoverinfo="text",
    ))
    fig.update_xaxes(title=f"predicted {_escape(cal.scored)} (%)", range=[0, 100])
    fig.update_yaxes(title="observed share (%)", range=[0, 100], gridcolor="#eee")
    return _layout(fig, f"Reliability: predicted against observed (ECE {cal.ece:.3f})", 420)


def coverage_by_group(table: pd.DataFrame, level: float, column: str) -> go.Figure:
    """Coverage per group with 95% intervals against the promised level."""
    colours = [UP if short else NEUTRAL for short in table["short"]]
    fig = go.Figure(go.Bar(
        x=table["coverage"] * 100, y=[_escape(g) for g in table["group"]], orientation="h", marker_color=colours,
        error_x=dict(type="data", symmetric=False, array=(table["ci_high"] - table["coverage"]) * 100,
                     arrayminus=(table["coverage"] - table["ci_low"]) * 100, color="#555"),
        hovertext=[f"{r:,} rows" for r in table["rows"]], hoverinfo="text+x",
    ))
    fig.add_vline(x=level * 100, line_dash="dash", line_color=DOWN)
    fig.update_xaxes(title="coverage (%)", range=[max(0, min(table["ci_low"].min() * 100 - 5, level * 100 - 20)), 101])
    return _layout(fig, f"Coverage by {_escape(column)} (dashed: promised {level:.0%})", 100 + 32 * len(table))


def interval_band(band: pd.DataFrame, actual: pd.Series, target: str) -> go.Figure:
    """Predicted against actual, each row with its interval; grey rows inside, red rows outside."""
    inside = (band["lower"] <= actual) & (actual <= band["upper"])
    fig = go.Figure()
    for mask, colour, name in ((inside, NEUTRAL, "inside"), (~inside, UP, "outside")):
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
    fig.update_xaxes(title=f"predicted {_escape(target)} with its interval")
    fig.update_yaxes(title=f"actual {_escape(target)}", gridcolor="#eee")
    return _layout(fig, f"Intervals on {len(band):,} rows not used for calibration", 460)


def size_histogram(sizes: pd.Series, label: str) -> go.Figure:
    fig = go.Figure(go.Histogram(x=sizes, marker_color=NEUTRAL, nbinsx=40))
    fig.update_xaxes(title=_escape(label))
    fig.update_yaxes(title="rows", gridcolor="#eee")
    return _layout(fig, f"Distribution of {_escape(label)}", 300)


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
    return _layout(fig, title, 340)


def confusion_matrix(confusion: pd.DataFrame) -> go.Figure:
    labels_x = [_escape(c) for c in confusion.columns]
    labels_y = [_escape(c) for c in confusion.index]
    fig = go.Figure(go.Heatmap(z=confusion.to_numpy(), x=labels_x, y=labels_y, colorscale="Blues", showscale=False,
                               text=confusion.to_numpy(), texttemplate="%{text}", hoverinfo="skip"))
    fig.update_xaxes(title="predicted", side="top")
    fig.update_yaxes(title="actual", autorange="reversed")
    return _layout(fig, "Confusion matrix (rows: actual, columns: predicted)", 120 + 60 * len(labels_y))


def error_tree_figure(tree: pd.DataFrame, error_name: str) -> go.Figure:
    """The error tree as an icicle: width is rows, colour is the error in that branch."""
    ids = tree["id"].astype(str)
    parents = tree["parent"].map(lambda p: "" if p == "" else str(int(p)))
    fig = go.Figure(go.Icicle(
        ids=ids, parents=parents, labels=[_escape(r) for r in tree["rule"]], values=tree["rows"], branchvalues="total",
        marker=dict(colors=tree["error"], colorscale="Reds", showscale=True, colorbar=dict(title=_escape(error_name))),
        hovertemplate="%{label}<br>%{value} rows<br>" + _escape(error_name) + " %{color:.3g}<extra></extra>",
        tiling=dict(orientation="v"),
    ))
    return _layout(fig, f"Where the errors concentrate (colour: {_escape(error_name)})", 460)


def residuals(frame: pd.DataFrame, x: str, x_label: str, max_points: int = 3000, random_state: int = 0) -> go.Figure:
    shown = frame.sample(min(max_points, len(frame)), random_state=random_state)
    fig = go.Figure(go.Scattergl(x=shown[x], y=shown["residual"], mode="markers",
                                 marker=dict(size=4, color=NEUTRAL, opacity=0.6)))
    fig.add_hline(y=0, line_color="#34495e")
    fig.update_xaxes(title=_escape(x_label))
    fig.update_yaxes(title="actual - predicted", gridcolor="#eee")
    return _layout(fig, f"Residuals against {_escape(x_label)} ({len(shown):,} of {len(frame):,} rows)", 340)


def group_metric_bars(table: pd.DataFrame, metric: str, column: str) -> go.Figure:
    low, high = table.get(f"{metric}_low"), table.get(f"{metric}_high")
    error_x = None
    if low is not None:
        error_x = dict(type="data", symmetric=False, array=(high - table[metric]) * 100,
                       arrayminus=(table[metric] - low) * 100, color="#555")
    scale = 100 if metric != "mae" else 1
    fig = go.Figure(go.Bar(x=table[metric] * scale, y=[_escape(g) for g in table["group"]], orientation="h",
                           marker_color=NEUTRAL, error_x=error_x if scale == 100 else None,
                           hovertext=[f"{r:,} rows" for r in table["rows"]], hoverinfo="text+x"))
    fig.update_xaxes(title=_escape(metric.replace("_", " ")) + (" (%)" if scale == 100 else ""))
    return _layout(fig, f"{_escape(metric.replace('_', ' ').capitalize())} by {_escape(column)}", 100 + 32 * len(table))


def drift_bars(drift: pd.DataFrame, top: int = 20) -> go.Figure:
    """Population stability index per column; dashed lines at 0.1 (moderate) and 0.25 (major shift)."""
    shown = drift.head(top)[::-1]
    colours = {"stable": NEUTRAL, "moderate shift": "#e67e22", "major shift": UP}
    fig = go.Figure(go.Bar(x=shown["psi"], y=[_escape(c) for c in shown["column"]], orientation="h",
                           marker_color=[colours.get(v, NEUTRAL) for v in shown["verdict"]],
                           hovertext=[f"{t} p = {p:.2g}: {v}" for t, p, v in zip(shown["test"], shown["p_value"],
                                                                                   shown["verdict"], strict=True)],
                           hoverinfo="text+x"))
    for x in (0.1, 0.25):
        fig.add_vline(x=x, line_dash="dash", line_color="#aaa")
    fig.update_xaxes(title="population stability index (PSI)")
    return _layout(fig, "How far each column moved from the reference", 100 + 26 * len(shown))


def flip_point(values: pd.Series, feature: str, current, flip) -> go.Figure:
    """A column's distribution with this row's value and the nearest value that flips the decision."""
    fig = go.Figure(go.Histogram(x=values, marker_color="#d5d8dc", nbinsx=40, hoverinfo="skip"))
    fig.add_vline(x=current, line_color="#34495e", annotation_text=f"now {format_value(current)}")
    fig.add_vline(x=flip, line_color=UP, line_dash="dash", annotation_text=f"flips at {format_value(flip)}",
                  annotation_position="bottom right")
    fig.update_xaxes(title=_escape(feature))
    fig.update_yaxes(title="rows", gridcolor="#eee")
    return _layout(fig, f"Where {_escape(feature)} alone flips the decision", 300)
