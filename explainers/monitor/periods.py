"""Periods: batches cut by calendar, by size or by a batch column, and the reference cut the same way.

The reference is cut into chunks of about a period's size (in its row order) so that every threshold can
be learned from how much its numbers vary between chunks in normal times.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core.errors import InputError
from ..core.language import N_, _, count

CALENDAR = {"D": "day", "W": "week", "M": "month", "Q": "quarter", "Y": "year"}
BY_CALENDAR = {"day": N_("one period per calendar day of {column}"), "week": N_("one period per calendar week of {column}"),
               "month": N_("one period per calendar month of {column}"),
               "quarter": N_("one period per calendar quarter of {column}"),
               "year": N_("one period per calendar year of {column}")}  # how the periods were cut, in the method


def calendar_how(unit: str, column) -> str:
    """"one period per calendar month of 'day'" in the reader's language."""
    return _(BY_CALENDAR[unit], column=repr(column)) if unit in BY_CALENDAR else \
        f"one period per calendar {unit} of {column!r}"


def batch_how(column) -> str:
    return _("one period per value of {column}", column=repr(column))
MIN_REFERENCE_CHUNKS = 4  # fewer reference chunks than this cannot show normal variation
MIN_CHUNK_ROWS = 30


@dataclass(frozen=True)
class Cut:
    """``labels``: the period of each batch row (aligned with the rows); ``table``: period, start, end, rows in
    reading order; ``how``: plain words."""

    labels: pd.Series
    table: pd.DataFrame
    how: str

    @property
    def names(self) -> list[str]:
        return list(self.table["period"])


def cut(frame: pd.DataFrame, *, time_column=None, period=None, chunk_size=None, batch_column=None) -> Cut:
    """Cut the batch rows into periods: ``period`` ("D", "W", "M", "Q", "Y") on ``time_column``, else
    ``chunk_size`` rows in time (or row) order, else the values of ``batch_column``."""
    chosen = [name for name, v in (("period", period), ("chunk_size", chunk_size), ("batch_column", batch_column))
              if v is not None]
    if len(chosen) != 1:
        raise InputError("Say how to cut the batches into periods with exactly one of period= (with time_column=), "
                         f"chunk_size= or batch_column=; got {chosen or 'none'}.")
    times = _times(frame, time_column) if time_column is not None else None
    if period is not None:
        return _calendar(frame, times, str(period).upper(), time_column)
    if chunk_size is not None:
        return _chunks(frame, times, int(chunk_size))
    return _batches(frame, times, batch_column)


def _times(frame: pd.DataFrame, column) -> pd.Series:
    if column not in frame.columns:
        raise InputError(f"The time column {column!r} is not in the batches; name one of {list(frame.columns)[:12]}.")
    times = pd.to_datetime(frame[column], errors="coerce")
    if times.isna().any():
        bad = frame[column][times.isna()].iloc[0]
        raise InputError(f"The time column {column!r} holds {bad!r}, which is not a date or time; fix or drop those rows.")
    return times


def _calendar(frame, times, period: str, column) -> Cut:
    if times is None:
        raise InputError(f"period={period!r} cuts by calendar: name the time column with time_column= (or "
                         "--time-column).")
    if period not in CALENDAR:
        raise InputError(f"period must be one of {list(CALENDAR)} (day, week, month, quarter, year); got {period!r}.")
    spans = times.dt.to_period("M" if period == "M" else period)
    labels = spans.astype(str)
    order = sorted(spans.unique())
    table = pd.DataFrame({"period": [str(p) for p in order], "start": [p.start_time for p in order],
                          "end": [p.end_time.floor("s") for p in order]})
    return _with_rows(labels, table, calendar_how(CALENDAR[period], column))


def _chunks(frame, times, size: int) -> Cut:
    if size < MIN_CHUNK_ROWS:
        raise InputError(f"chunk_size must be at least {MIN_CHUNK_ROWS} rows; got {size}.")
    order = np.argsort(times.to_numpy(), kind="mergesort") if times is not None else np.arange(len(frame))
    number = np.empty(len(frame), dtype=np.int64)
    number[order] = np.arange(len(frame)) // size
    names = [f"chunk {k + 1}" for k in range(int(number.max()) + 1 if len(frame) else 0)]
    labels = pd.Series(np.asarray(names, dtype=object)[number], index=frame.index)
    table = _spans(labels, names, times)
    return _with_rows(labels, table, _("chunks of {size} rows in time order", size=count(size)) if times is not None
                      else _("chunks of {size} rows in row order", size=count(size)))


def _batches(frame, times, column) -> Cut:
    if column not in frame.columns:
        raise InputError(f"The batch column {column!r} is not in the batches; name one of {list(frame.columns)[:12]}.")
    labels = frame[column].astype(str)
    names = list(pd.unique(labels)) if times is None else list(times.groupby(labels.to_numpy()).min().sort_values().index)
    return _with_rows(labels, _spans(labels, names, times), batch_how(column))


def _spans(labels: pd.Series, names: list, times) -> pd.DataFrame:
    if times is None:
        return pd.DataFrame({"period": names, "start": pd.NaT, "end": pd.NaT})
    grouped = times.groupby(labels.to_numpy())
    return pd.DataFrame({"period": names, "start": grouped.min().reindex(names).to_numpy(),
                         "end": grouped.max().reindex(names).to_numpy()})


def _with_rows(labels: pd.Series, table: pd.DataFrame, how: str) -> Cut:
    counts = labels.value_counts()
    table = table.assign(rows=counts.reindex(table["period"]).fillna(0).astype(np.int64).to_numpy())
    table = table[table["rows"] > 0].reset_index(drop=True)
    return Cut(labels=labels.rename("period"), table=table, how=how)


def reference_chunks(rows: int, period_rows: int) -> np.ndarray:
    """A chunk number per reference row (in row order): chunks of about ``period_rows`` rows, at least
    MIN_REFERENCE_CHUNKS of them."""
    if rows < MIN_REFERENCE_CHUNKS * MIN_CHUNK_ROWS:
        raise InputError(f"The reference has {rows:,} rows; normal variation needs at least "
                         f"{MIN_REFERENCE_CHUNKS * MIN_CHUNK_ROWS} ({MIN_REFERENCE_CHUNKS} chunks of {MIN_CHUNK_ROWS}).")
    size = int(min(max(period_rows, MIN_CHUNK_ROWS), rows // MIN_REFERENCE_CHUNKS))
    count = rows // size
    return np.minimum(np.arange(rows) // size, count - 1)
