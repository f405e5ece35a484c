"""An error tree: a shallow decision tree fitted to where the model errs (as in Error Analysis).

Each node is a readable rule path with its rows and error; the figure colours nodes by error,
so the branches that concentrate mistakes stand out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.tree import DecisionTreeRegressor

from ..core.case import Case
from .slices import row_errors

MAX_CATEGORIES = 30


def error_tree(case: Case, max_depth: int = 3, min_rows: int | None = None, random_state: int = 0) -> pd.DataFrame:
    """Nodes of the tree: id, parent, rule (the split that leads here), rows, error, depth."""
    e, _, _ = row_errors(case)
    features = _encode(case.X)
    min_rows = min_rows or max(20, len(e) // 50)
    tree = DecisionTreeRegressor(max_depth=max_depth, min_samples_leaf=min_rows, random_state=random_state)
    tree.fit(features, e)
    t = tree.tree_
    nodes = [{"id": 0, "parent": "", "rule": "all rows", "rows": int(t.n_node_samples[0]), "error": float(t.value[0][0][0]),
              "depth": 0}]
    for node in range(t.node_count):
        left, right = t.children_left[node], t.children_right[node]
        if left == -1:
            continue
        name, threshold = features.columns[t.feature[node]], t.threshold[node]
        for child, rule in ((left, _rule(name, threshold, True)), (right, _rule(name, threshold, False))):
            nodes.append({"id": int(child), "parent": int(node), "rule": rule, "rows": int(t.n_node_samples[child]),
                          "error": float(t.value[child][0][0]), "depth": nodes[_index(nodes, node)]["depth"] + 1})
    return pd.DataFrame(nodes)


def _index(nodes, node_id) -> int:
    return next(i for i, n in enumerate(nodes) if n["id"] == node_id)


def _encode(X: pd.DataFrame) -> pd.DataFrame:
    """Numbers as they are; each frequent category as its own 0/1 column named ``column = value``."""
    parts = []
    for column in X.columns:
        series = X[column]
        if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
            parts.append(series.astype(float).fillna(series.median()).rename(column))
        else:
            for value in series.value_counts().index[:MAX_CATEGORIES]:
                parts.append((series == value).astype(float).rename(f"{column} = {value}"))
    return pd.concat(parts, axis=1)


def _rule(name: str, threshold: float, left: bool) -> str:
    if " = " in name:  # a 0/1 category column: left means "not this category"
        column, value = name.split(" = ", 1)
        return f"{column} ≠ {value}" if left else f"{column} = {value}"
    return f"{name} <= {threshold:.4g}" if left else f"{name} > {threshold:.4g}"


def path_rules(tree: pd.DataFrame, node_id: int) -> list[str]:
    """The rules from the root to a node."""
    by_id = tree.set_index("id")
    rules = []
    while node_id != 0:
        rules.append(by_id.loc[node_id, "rule"])
        node_id = int(by_id.loc[node_id, "parent"])
    return rules[::-1]


def worst_leaves(tree: pd.DataFrame, count: int = 3) -> pd.DataFrame:
    leaves = tree[~tree["id"].isin(tree["parent"].replace("", np.nan).dropna().astype(int))]
    return leaves.sort_values("error", ascending=False).head(count)
