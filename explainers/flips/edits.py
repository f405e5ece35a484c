"""The What flips it page's editable tables -> the options of ``counterfactuals`` and ``flip_points``.

A person edits a constraints table (what may change, ranges, directions, costs), picks values never to
suggest, and keeps or adds linked columns; this turns those edits into the search's keyword options, so the
page only draws the tables and the search sees the same options whoever calls it.
"""

from __future__ import annotations

import pandas as pd

from ..core import privacy
from ..core.case import Case
from .links import Links
from .words import link_text

def numeric_columns(case: Case) -> list:
    """The columns searched over a range (everything not categorical)."""
    return [c for c in case.X.columns if case.feature_kinds[c] != "categorical"]


def constraints_table(case: Case, cost: dict | None = None) -> pd.DataFrame:
    """One row per column: ``may change`` (not immutable in the sidecar), ``lowest``/``highest`` (the data's
    range for numbers; blank for categories and private columns, whose range is their rows' values),
    ``direction`` ("any") and ``cost`` (the sidecar's, else 1)."""
    numeric, cost = set(numeric_columns(case)), cost or {}
    shown = [c in numeric and not privacy.is_private(c) for c in case.X.columns]
    return pd.DataFrame({
        "feature": case.X.columns,
        "may change": [c not in case.metadata.immutable for c in case.X.columns],
        "lowest": [float(case.X[c].min()) if s else None for c, s in zip(case.X.columns, shown, strict=True)],
        "highest": [float(case.X[c].max()) if s else None for c, s in zip(case.X.columns, shown, strict=True)],
        "direction": ["any" for _ in case.X.columns],
        "cost": [cost.get(c, 1.0) for c in case.X.columns],
    })


def forbid_choices(case: Case) -> list[tuple]:
    """Every (column, value) a person may forbid: the categories of each non-private categorical column."""
    numeric = set(numeric_columns(case))
    return [(c, v) for c in case.X.columns if c not in numeric and not privacy.is_private(c)
            for v in (case.categories.get(c) or sorted(case.X[c].dropna().unique().tolist(), key=str))]


def links_table(found: Links) -> pd.DataFrame:
    """The links found in the data as an editable table: ``keep`` (ticked), ``column``, ``linked to``, ``how``."""
    return pd.DataFrame({"keep": [True] * len(found.links), "column": [lk.columns[0] for lk in found.links],
                         "linked to": [lk.columns[1] for lk in found.links],
                         "how": [link_text(lk) for lk in found.links]})


def search_options(case: Case, row, table: pd.DataFrame, edited: pd.DataFrame, forbid=(), links=None,
                   target=None) -> dict:
    """The keyword options of ``counterfactuals`` / ``flip_points`` for ``row`` from the page's edits.

    Parameters
    ----------
    table : the constraints table as offered (:func:`constraints_table`); ``edited`` : the same table after the
        person's edits. Only ranges the person changed become ``ranges`` (a changed range also moves a value
        lying outside it inside); a private column's range left blank stays the data's.
    forbid : (column, value) pairs never to suggest. Costs other than 1 join them in ``actionability``.
    links : :func:`links_table` after the person's edits (rows unticked or incomplete are dropped), or None.
    target : the wanted class or (low, high) range; None for the other decision.

    Returns
    -------
    dict with ``row``, ``immutable``, ``ranges``, ``directions``, ``target``, ``actionability``, ``links``.
    """
    numeric = set(numeric_columns(case))
    immutable = list(edited.loc[~edited["may change"].astype(bool), "feature"])
    ranges = {r.feature: (r.lowest, r.highest) for r, d in zip(edited.itertuples(), table.itertuples(), strict=True)
              if r.feature in numeric and (r.lowest, r.highest) != (d.lowest, d.highest)
              and not (privacy.is_private(r.feature) and (pd.isna(r.lowest) or pd.isna(r.highest)))}
    directions = {r.feature: r.direction for r in edited.itertuples() if r.direction != "any" and r.feature in numeric}
    actionability = {c: {"forbid": [v for col, v in forbid if col == c]} for c in {col for col, _ in forbid}}
    for r in edited.itertuples():
        if r.cost is not None and r.cost == r.cost and float(r.cost) != 1.0:
            actionability.setdefault(r.feature, {})["cost"] = float(r.cost)
    kept = [] if links is None else [
        (a, b) for keep, a, b in zip(links["keep"], links["column"], links["linked to"], strict=True)
        if keep is not False and isinstance(a, str) and isinstance(b, str)]
    return dict(row=row, immutable=immutable, ranges=ranges, directions=directions, target=target,
                actionability=actionability, links=kept)
