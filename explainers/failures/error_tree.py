"""An error tree: a shallow decision tree fitted to where the model errs (as in Error Analysis).

Each node keeps its split as a value, ``(column, operator, value)``, beside the readable rule; the
figure colours nodes by error, so the branches that concentrate mistakes stand out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.tree import DecisionTreeRegressor

from ..core.case import Case
from ..core.result import Result
from ..core.words import plain
from . import words
from .slices import row_errors

MAX_CATEGORIES = 30


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
    """Fit a shallow tree to the per-row error; its nodes from the root down."""
    e, _, name = row_errors(case)
    features, splits = _encode(case.X)
    whole = {c for c in case.X.columns if _whole(case.X[c])}
    min_rows = min_rows or max(20, len(e) // 50)
    tree = DecisionTreeRegressor(max_depth=max_depth, min_samples_leaf=min_rows, random_state=random_state)
    t = tree.fit(features, e).tree_
    nodes = [_node(0, -1, (None, None, None), t, 0)]
    depth = {0: 0}
    for node in range(t.node_count):
        left, right = t.children_left[node], t.children_right[node]
        if left == -1:
            continue
        column, category = splits[t.feature[node]]
        for child, is_left in ((left, True), (right, False)):
            depth[child] = depth[node] + 1
            nodes.append(_node(child, node, _split(column, category, t.threshold[node], is_left,
                                                                column in whole), t, depth[child]))
    return ErrorTree(nodes=pd.DataFrame(nodes), error_name=name, max_depth=max_depth, min_rows=min_rows,
                     method=f"A decision tree of depth {max_depth} (leaves of at least {min_rows:,} rows) fitted to "
                            f"the {name} of {len(e):,} labelled rows.")


def _node(node_id, parent, split, t, depth) -> dict:
    column, op, item = split
    return {"id": int(node_id), "parent": int(parent), "column": column, "operator": op, "value": item,
            "rule": "all rows" if column is None else words.tree_rule(column, op, item),
            "rows": int(t.n_node_samples[node_id]), "error": float(t.value[node_id][0][0]), "depth": depth}


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


def _encode(X: pd.DataFrame) -> tuple[pd.DataFrame, list[tuple]]:
    """Numbers as they are; each frequent category as its own 0/1 column. Also, per encoded column,
    ``(column, category)`` with category None for a number."""
    parts, splits = [], []
    for column in X.columns:
        series = X[column]
        if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
            parts.append(series.astype(float).fillna(series.median()))
            splits.append((column, None))
        else:
            for item in series.value_counts().index[:MAX_CATEGORIES]:
                parts.append((series == item).astype(float))
                splits.append((column, plain(item)))
    features = pd.concat(parts, axis=1, ignore_index=True)
    features.columns = [f"f{i}" for i in range(features.shape[1])]
    return features, splits
