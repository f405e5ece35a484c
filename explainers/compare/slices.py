"""Slices where the challenger is significantly worse than the champion on the same rows.

Candidates are the failures search's conditions (values, not text) (single conditions and pairs on different
columns). In each slice the paired difference is tested: classifiers with a one-sided exact
McNemar test (rows only the champion gets right against rows only the challenger gets right),
regressors with a one-sided t-test of the change in absolute error. Benjamini-Hochberg controls
the false discovery rate, as for the failing slices of one model.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from ..core.case import Case
from ..core.stats import benjamini_hochberg
from ..failures.conditions import candidates, query
from ..failures.words import slice_text

COLUMNS = ["slice", "query", "conditions", "size", "champion_error", "challenger_error", "difference", "p_value", "q_value"]


def worse_slices(champion: Case, challenger: Case, champion_error: np.ndarray, challenger_error: np.ndarray,
                 alpha: float = 0.05, limit: int = 10, max_share: float = 0.5) -> pd.DataFrame:
    """Slices where the challenger's error is significantly higher, most extra error first; as for failing
    slices, a slice holds at most ``max_share`` of the rows (larger ones say more about the rest)."""
    X = champion.X.join(challenger.X[[c for c in challenger.X.columns if c not in champion.X.columns]])
    kinds = {**challenger.feature_kinds, **champion.feature_kinds}
    found, M = candidates(X, kinds, max(20, len(X) // 100))
    if not found:
        return pd.DataFrame(columns=COLUMNS)
    vectors = {"champion": champion_error, "challenger": challenger_error, "product": champion_error * challenger_error}
    if not champion.is_classifier:
        vectors |= {"champion_sq": champion_error ** 2, "challenger_sq": challenger_error ** 2}
    members, sums = _candidate_sums(found, M, vectors, np.float32 if champion.is_classifier else np.float64)
    table = pd.DataFrame({"members": members, "size": sums["size"], "p_value": _p_values(sums, champion.is_classifier),
                          "champion_error": sums["champion"] / sums["size"],
                          "challenger_error": sums["challenger"] / sums["size"]})
    table["difference"] = table["challenger_error"] - table["champion_error"]
    table["q_value"] = benjamini_hochberg(table["p_value"].to_numpy())
    table = table[(table["q_value"] <= alpha) & (table["difference"] > 0) & (table["size"] <= max_share * len(X))]
    table = _worse_than_halves(table)
    table = table.assign(extra=table["difference"] * table["size"]).sort_values("extra", ascending=False).head(limit)
    table["conditions"] = pd.Series([[c for i in m for c in found[i]] for m in table["members"]], index=table.index,
                                    dtype=object)
    table["slice"] = [slice_text(c) for c in table["conditions"]]
    table["query"] = [query(c) for c in table["conditions"]]
    return table[COLUMNS].reset_index(drop=True)


def _candidate_sums(found, M: np.ndarray, vectors: dict, dtype) -> tuple[list[tuple], dict]:
    """Single conditions and pairs on different columns with enough rows: members, and each vector's sum
    over each candidate's rows. Pairs come from one matrix product, M' [M, M*v1, M*v2, ...], as in the
    failures search (float32 is exact for 0/1 errors)."""
    k = M.shape[1]
    M = M.astype(dtype, copy=False)
    weighted = [np.asarray(v, dtype=dtype) for v in vectors.values()]
    products = M.T @ np.hstack([M] + [M * v[:, None] for v in weighted])
    i, j = np.triu_indices(k, k=1)
    columns = np.array([c[0][0] for c in found], dtype=object)
    keep = (columns[i] != columns[j]) & (products[i, j] >= max(20, len(M) // 100))
    i, j = i[keep], j[keep]
    sums = {"size": np.concatenate([M.sum(0), products[i, j]]).astype(float)}
    for position, (name, vector) in enumerate(zip(vectors, weighted, strict=True), start=1):
        sums[name] = np.concatenate([vector @ M, products[:, position * k:(position + 1) * k][i, j]]).astype(float)
    members = [(m,) for m in range(k)] + list(zip(i.tolist(), j.tolist(), strict=True))
    return members, sums


def _p_values(sums: dict, classifier: bool) -> np.ndarray:
    """One-sided p-values that the challenger is worse in each candidate (from sums of errors and their product)."""
    size, a, b, both = sums["size"], sums["champion"], sums["challenger"], sums["product"]
    if classifier:  # rows only the champion gets right (b - both) against rows only the challenger gets right
        worse, discordant = np.round(b - both), np.round(a + b - 2 * both)
        return np.where(discordant > 0, stats.binom.sf(worse - 1, np.maximum(discordant, 1), 0.5), 1.0)
    squares = sums["champion_sq"] + sums["challenger_sq"] - 2 * both  # sum of (b - a)^2
    mean = (b - a) / size
    variance = np.maximum(squares - size * mean ** 2, 0) / np.maximum(size - 1, 1)
    t = mean / np.sqrt(np.maximum(variance / size, 1e-300))
    return stats.t.sf(t, np.maximum(size - 1, 1))


def _worse_than_halves(table: pd.DataFrame) -> pd.DataFrame:
    """A pair is kept only when the challenger loses more per row in it than in each of its conditions."""
    single = {m[0]: diff for m, diff in zip(table["members"], table["difference"], strict=True) if len(m) == 1}
    keep = [len(m) == 1 or all(diff > single.get(k, -np.inf) for k in m)
            for m, diff in zip(table["members"], table["difference"], strict=True)]
    return table[np.array(keep, dtype=bool)]
