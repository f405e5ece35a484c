"""An error tree: a shallow decision tree fitted to where the model errs (as in Error Analysis).

Each node keeps its split as a value, ``(column, operator, value)``, beside the readable rule; the
figure colours nodes by error, so the branches that concentrate mistakes stand out. Above
``FIT_ROWS`` rows the splits are chosen on a fixed random sample (fitting on a million rows took
4 s); every node's rows and error are then counted on all rows, so the numbers shown are exact.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.tree import DecisionTreeRegressor

from ..core.case import Case
from ..core.language import _, count
from ..core.result import Result
from ..core.words import plain
from . import words
from .sample import sample_positions
from .slices import row_errors

MAX_CATEGORIES = 30
FIT_ROWS = 100_000  # the splits of larger data are chosen on a random sample of this many rows


@dataclass(frozen=True)
class ErrorTree(Result):
    """``nodes``: id, parent (-1 for the root), column, operator, value (the split leading here), rule
    (its text), rows, error, depth. ``error_name``: what ``error`` measures ("error rate", ...)."""

    nodes: pd.DataFrame
    error_name: str
    max_depth: int
    min_rows: int

    def path_rules(self, node_id: int) -> list[str]:
        """The rules from the root to a node."""
        by_id = self.nodes.set_index("id")
        rules = []
        while node_id != 0:
            rules.append(by_id.loc[node_id, "rule"])
            node_id = int(by_id.loc[node_id, "parent"])
        return rules[::-1]

    def worst_leaves(self, count: int = 3) -> pd.DataFrame:
        """The ``count`` leaves with the highest error."""
        leaves = self.nodes[~self.nodes["id"].isin(self.nodes["parent"])]
        return leaves.sort_values("error", ascending=False).head(count)


def error_tree(case: Case, *, max_depth: int = 3, min_rows: int | None = None, random_state: int = 0) -> ErrorTree:
    """Fit a shallow tree to the per-row error; its nodes from the root down (rows and error over all rows)."""
    e, _binary, name = row_errors(case)
    min_rows = min_rows or max(20, len(e) // 50)
    fit = _fit_rows(len(e), random_state)
    X_fit, e_fit = (case.X, e) if fit is None else (case.X.iloc[fit], e[fit])
    features, splits, fills = _encode(X_fit)
    leaf = min_rows if fit is None else max(1, round(min_rows * len(fit) / len(e)))
    tree = DecisionTreeRegressor(max_depth=max_depth, min_samples_leaf=leaf, random_state=random_state)
    t = tree.fit(features, e_fit).tree_
    counts, errors = (t.n_node_samples, t.value[:, 0, 0]) if fit is None else _count_all(t, case.X, e, splits, fills)
    whole = {c for c in case.X.columns if _whole(case.X[c])}
    nodes = [_node(0, -1, (None, None, None), counts, errors, 0)]
    depth = {0: 0}
    for node in range(t.node_count):
        left, right = t.children_left[node], t.children_right[node]
        if left == -1:
            continue
        column, category = splits[t.feature[node]]
        for child, is_left in ((left, True), (right, False)):
            depth[child] = depth[node] + 1
            nodes.append(_node(child, node, _split(column, category, t.threshold[node], is_left,
                                                   column in whole), counts, errors, depth[child]))
    label = words.error_label(name)
    sampled = "" if fit is None else " " + _("Its splits were chosen on a random sample of {sample} rows (leaves of at "
                                             "least {leaf} there); each node's rows and {error} count all rows.",
                                             sample=count(len(fit)), leaf=count(leaf), error=label)
    return ErrorTree(nodes=pd.DataFrame(nodes), error_name=name, max_depth=max_depth, min_rows=min_rows,
                     approximate=fit is not None, notes=(sampled.strip(),) if sampled else (),
                     method=_("A decision tree of depth {depth} (leaves of at least {leaf} rows) fitted to the {error} "
                              "of {rows} labelled rows.", depth=count(max_depth), leaf=count(min_rows), error=label,
                              rows=count(len(e))) + sampled)


def _fit_rows(n: int, random_state: int) -> np.ndarray | None:
    """Sorted positions of the rows the splits are chosen on: None (all rows) up to ``FIT_ROWS``."""
    if n <= FIT_ROWS:
        return None
    return sample_positions(n, FIT_ROWS, random_state)


def _count_all(t, X: pd.DataFrame, e: np.ndarray, splits: list, fills: dict) -> tuple[np.ndarray, np.ndarray]:
    """Rows and mean error of every node over all rows of ``X``, sending each row down the fitted tree."""
    node_of = np.zeros(len(X), dtype=np.intp)
    for node in range(t.node_count):  # parents come before their children
        if t.children_left[node] == -1:
            continue
        here = np.flatnonzero(node_of == node)
        column, category = splits[t.feature[node]]
        values = _encoded(X[column].iloc[here], category, fills.get(column)).to_numpy(dtype=np.float32)
        node_of[here] = np.where(values <= t.threshold[node], t.children_left[node], t.children_right[node])
    counts = np.bincount(node_of, minlength=t.node_count).astype(float)
    sums = np.bincount(node_of, weights=e, minlength=t.node_count)
    for node in range(t.node_count - 1, -1, -1):  # children come after their parent: add them up into it
        left = t.children_left[node]
        if left != -1:
            counts[node] = counts[left] + counts[t.children_right[node]]
            sums[node] = sums[left] + sums[t.children_right[node]]
    return counts.astype(int), np.divide(sums, counts, out=np.zeros_like(sums), where=counts > 0)


def _node(node_id, parent, split, counts, errors, depth) -> dict:
    column, op, item = split
    return {"id": int(node_id), "parent": int(parent), "column": column, "operator": op, "value": item,
            "rule": _("all rows") if column is None else words.tree_rule(column, op, item),
            "rows": int(counts[node_id]), "error": float(errors[node_id]), "depth": depth}


def _split(column, category, threshold: float, left: bool, whole: bool = False) -> tuple:
    """A split as (column, operator, value); whole-number columns split at whole numbers (2011.5 reads as
    "<= 2011" and ">= 2012")."""
    if category is not None:  # a 0/1 category column: left means "not this category"
        return column, "!=" if left else "==", category
    if whole:
        return (column, "<=", float(np.floor(threshold))) if left else (column, ">=", float(np.floor(threshold) + 1))
    return column, "<=" if left else ">", float(threshold)


def _whole(series: pd.Series) -> bool:
    """True for a numeric column holding whole numbers only."""
    if not pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
        return False
    values = series.dropna().to_numpy(dtype=float)
    return bool(len(values)) and bool(np.all(values == np.floor(values)))


def _encode(X: pd.DataFrame) -> tuple[pd.DataFrame, list[tuple], dict]:
    """Numbers as they are (missing ones as the median); each frequent category as its own 0/1 column.
    Also, per encoded column, ``(column, category)`` with category None for a number, and the medians used."""
    parts, splits, fills = [], [], {}
    for column in X.columns:
        series = X[column]
        if _numeric(series):
            fills[column] = series.median()
            parts.append(_encoded(series, None, fills[column]))
            splits.append((column, None))
        else:
            for item in series.value_counts().index[:MAX_CATEGORIES]:
                parts.append(_encoded(series, item, None))
                splits.append((column, plain(item)))
    features = pd.concat(parts, axis=1, ignore_index=True)
    features.columns = [f"f{i}" for i in range(features.shape[1])]
    return features, splits, fills


def _numeric(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)


def _encoded(series: pd.Series, category, fill) -> pd.Series:
    """One encoded column: the number (missing as ``fill``), or 1.0 where the value is ``category``."""
    if category is None:
        return series.astype(float).fillna(fill)
    return (series == category).astype(float)
