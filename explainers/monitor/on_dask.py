"""Batches on Dask (a Parquet glob or a dask DataFrame): each partition is cut into periods and scored on the
worker holding it, and per-period numbers come back as the measures layer's tallies, added up there
(scale.whole.Whole.reduce): rows and labelled rows, realised metrics (a tally of the labelled rows grouped by
period), estimated metrics (the expected tally of the calibrated scores) and, for a regressor, the sums of the
predicted absolute errors. Only the sums and a stated sample per period reach the client; drift, quality,
support, explanation drift and the rollback gate read that sample (all of a period's rows when it has no more
than SAMPLE_PER_PERIOD), and the method says so.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.case import Case
from ..core.errors import InputError
from ..core.language import _, count
from ..core.measures import measure_tally, setting_of
from ..core.measures.tally import EXACT_ROWS, tally
from ..scale.cluster import client_for
from ..scale.frames import is_dask, is_glob, read_parquet_files
from ..scale.whole import Whole
from .batches import batch_case, labelled_part
from .estimate import expected_tally, positive_scores
from .periods import CALENDAR, Cut, batch_how, calendar_how, cut

SAMPLE_PER_PERIOD = 10_000  # rows per period brought to the client for drift, quality, SHAP and the gate
ROUND_DIGITS = 4  # beyond EXACT_ROWS rows, probabilities in the per-period tallies are rounded to this


def is_distributed(batches) -> bool:
    """A dask DataFrame, or a glob / folder of Parquet files (CSV globs are read with pandas)."""
    if is_dask(batches):
        return True
    if not is_glob(batches):
        return False
    folder = Path(batches)
    return any(folder.glob("*.parquet")) if folder.is_dir() else str(batches).lower().endswith(".parquet")


def shell_of(reference: Case) -> Case:
    """The reference without its rows: what a worker needs to score and label a partition (model, columns,
    task, classes)."""
    return replace(reference, X=reference.X.iloc[:0], y=reference.y.iloc[:0], predicted=reference.predicted.iloc[:0],
                   proba=None if reference.proba is None else reference.proba.iloc[:0], whole=None)


def _scored(part: pd.DataFrame, shell: Case, how: dict, scores, index: int) -> dict:
    """On the worker: the partition's periods, its Case (scored, or the logged scores read) and its labels."""
    part = part.reset_index(drop=True)
    periods = cut(part, **how) if len(part) else None
    case, labels, _ = batch_case(shell, part, scores, skew=False)
    return {"case": case, "labels": labels, "periods": None if periods is None else periods.labels.astype("category"),
            "table": None if periods is None else periods.table, "index": index}


def _table(part: dict) -> pd.DataFrame:
    return pd.DataFrame(columns=["period", "start", "end", "rows"]) if part["table"] is None else part["table"]


def _rounded(case: Case, digits) -> Case:
    """The case with its probabilities rounded to ``digits`` (None: as they are): fewer cells per period."""
    return case if digits is None or case.proba is None else replace(case, proba=case.proba.round(digits))


def _realised(part: dict, setting, digits) -> dict:
    """This partition's tally of its labelled rows grouped by period ({} when none is labelled); tallies add up
    on the workers (scale.partitions.add), so only the total reaches the client."""
    found = labelled_part(part["case"], part["labels"]) if part["periods"] is not None else None
    if found is None:
        return {}
    found = _rounded(found, digits)
    groups = pd.DataFrame({"period": part["periods"][part["labels"].notna().to_numpy()].to_numpy()})
    proba = None if found.proba is None else found.proba.to_numpy(dtype=float)
    return {"tally": tally(setting, found.y, found.predicted, proba, groups)}


def _expected(part: dict, calibrator, threshold, digits) -> dict:
    if part["periods"] is None:
        return {}
    case = _rounded(part["case"], digits)
    calibrated = calibrator.predict(positive_scores(part["case"]))
    return {"tally": expected_tally(case, calibrated, part["periods"].to_numpy(), threshold)}


def _errors(part: dict, predict) -> dict:
    if part["periods"] is None:
        return {}
    found = pd.Series(predict(part["case"])).groupby(part["periods"].to_numpy())
    return {"sum": found.sum().to_dict(), "rows": found.size().to_dict()}


def _sample(part: dict, shares: dict, seed: int) -> pd.DataFrame | None:
    """This partition's rows of each period in the period's share (seeded per partition), with their outputs."""
    if part["periods"] is None:
        return None
    rng = np.random.default_rng([seed, part["index"]])
    periods = part["periods"].to_numpy()
    keep = np.zeros(len(periods), dtype=bool)
    for period in pd.unique(periods):
        where = np.flatnonzero(periods == period)
        share = shares.get(period, 1.0)
        keep[where if share >= 1 else rng.choice(where, round(len(where) * share), replace=False)] = True
    case = part["case"]
    out = case.X[keep].copy()
    out["__period__"], out["__label__"] = periods[keep], part["labels"].to_numpy()[keep]
    out["__predicted__"] = case.predicted.to_numpy()[keep]
    if case.proba is not None:
        for i, column in enumerate(case.proba.columns):
            out[f"__proba_{i}__"] = case.proba[column].to_numpy()[keep]
    return out


@dataclass(eq=False)
class OnDask:
    """The scored partitions on the workers and the per-period sums read from them (duck-typed by
    performance.period_table: ``realised`` and ``estimated``)."""

    whole: Whole
    shell: Case
    order: list
    digits: int | None = None  # probabilities rounded to this many decimals in the tallies (None: exact)

    def realised(self, metrics, threshold, n_boot: int, random_state: int) -> dict:
        """period -> {metric: (value, low, high), "count": labelled rows}, as the pandas path's _realised."""
        setting = setting_of(self.shell, threshold, ("period",))
        total = self.whole.reduce(_realised, setting, self.digits).get("tally")
        if total is None:
            return {}
        order = sorted(set(total.cells["period"].astype(str)))
        m = measure_tally(total, metrics=list(metrics), n_boot=n_boot, random_state=random_state, group_order=order)
        return {str(p): {**{k: (float(m.by_group.loc[p, k]), float(m.by_group_low.loc[p, k]),
                                float(m.by_group_high.loc[p, k])) for k in metrics},
                         "count": int(m.by_group.loc[p, "count"])} for p in m.by_group.index}

    def estimated(self, calibrator, threshold, metrics) -> pd.DataFrame:
        """Estimated metrics per period from the expected tallies added up on the workers."""
        total = self.whole.reduce(_expected, calibrator, threshold, self.digits)["tally"]
        found = measure_tally(total, metrics=list(metrics), n_boot=0, group_order=self.order)
        return found.by_group.reindex(self.order)[list(metrics)]

    def mean_error(self, predict) -> pd.Series:
        """Per period, the mean predicted absolute error (a regressor's estimated MAE)."""
        total = self.whole.reduce(_errors, predict)
        return (pd.Series(total["sum"]) / pd.Series(total["rows"])).reindex(self.order)


def read_on_dask(reference: Case, batches, *, how: dict, scores, random_state: int, scheduler=None):
    """(a Case of the sampled batch rows, their labels, their periods as a Cut whose table counts every row,
    the OnDask handle for whole-data sums, plain words)."""
    if how.get("chunk_size") is not None:
        raise InputError("chunk_size= numbers rows in one order, which a Dask frame does not keep: cut Dask batches "
                         "by period= (with time_column=) or batch_column=.")
    frame = read_parquet_files(batches) if is_glob(batches) else batches
    client = client_for(scheduler)
    from dask import delayed

    shell = client.scatter(shell_of(reference), broadcast=True, hash=False)
    options = {k: v for k, v in how.items() if k != "chunk_size"}
    parts = client.compute([delayed(_scored)(p, shell, options, scores, i) for i, p in enumerate(frame.to_delayed())])
    whole = Whole(client=client, parts=parts, n_rows=0, sample_rows=0, random_state=random_state)
    table = _whole_table(whole.gather(_table))
    whole.n_rows = int(table["rows"].sum())
    shares = {p: min(1.0, SAMPLE_PER_PERIOD / n) for p, n in zip(table["period"], table["rows"], strict=True)}
    sampled = pd.concat([s for s in whole.gather(_sample, shares, random_state) if s is not None and len(s)],
                        ignore_index=True)
    whole.sample_rows = len(sampled)
    case, labels, periods = _sampled_case(reference, sampled)
    words = _("{how}, read on Dask ({partitions} partitions): rows, realised and estimated metrics per period added "
              "up on the workers from all {rows} rows; drift, quality, support, explanation drift and the rollback gate "
              "on a sample of at most {sample} rows per period ({sampled} rows, seed {seed})", how=_how(options),
              partitions=count(len(parts)), rows=count(whole.n_rows), sample=count(SAMPLE_PER_PERIOD),
              sampled=count(len(sampled)), seed=random_state)
    digits = None if whole.n_rows <= EXACT_ROWS else ROUND_DIGITS
    if digits is not None:
        words += _("; with more than {rows} rows, probabilities are rounded to {digits} decimals in the per-period "
                   "tallies (each period's cells stay few; ROC AUC moves by about 1e-4)", rows=count(EXACT_ROWS),
                   digits=digits)
    return case, labels, Cut(labels=periods, table=table, how=words), OnDask(whole, shell_of(reference),
                                                                          list(table["period"]), digits)


def _how(options: dict) -> str:
    if options.get("period") is not None:
        return calendar_how(CALENDAR.get(str(options["period"]).upper(), options["period"]), options.get("time_column"))
    return batch_how(options.get("batch_column"))


def _whole_table(tables: list) -> pd.DataFrame:
    """The partitions' period tables as one: rows added, the earliest start and the latest end, in time order."""
    found = pd.concat([t for t in tables if len(t)], ignore_index=True)
    if found.empty:
        raise InputError("The Dask batches have no rows.")
    table = found.groupby("period", sort=False).agg(start=("start", "min"), end=("end", "max"), rows=("rows", "sum"))
    table = table.reset_index()
    key = table["start"] if table["start"].notna().all() else table["period"]
    return table.iloc[np.argsort(key.to_numpy(), kind="mergesort")].reset_index(drop=True)


def _sampled_case(reference: Case, sampled: pd.DataFrame):
    X = sampled[list(reference.X.columns.intersection(sampled.columns, sort=False))].copy()
    for column in X.columns:  # Parquet's string[pyarrow] and nullable types as the reference holds them
        try:
            X[column] = X[column].astype(reference.X[column].dtype)
        except (TypeError, ValueError):
            pass
    proba = None if "__proba_0__" not in sampled else pd.DataFrame(
        {c: sampled[f"__proba_{i}__"].to_numpy() for i, c in enumerate(reference.classes)}, index=sampled.index)
    case = replace(reference, X=X, y=None, predicted=sampled["__predicted__"].rename("prediction"), proba=proba,
                   notes=(), fingerprint="", whole=None, source={**reference.source, "data": "batches on Dask"})
    labels = sampled["__label__"].rename(reference.target)
    return case, labels, sampled["__period__"].astype(str).rename("period")
