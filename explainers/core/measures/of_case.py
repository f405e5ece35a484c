"""Measures of a Case: its tally (one chunk for a table, one per partition on Dask), groups and decisions."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..case import Case
from ..columns import group_labels
from ..errors import InputError
from ..language import current
from ..memo import per_case
from .frame import Measures, measure_tally
from .tally import Setting, Tally, as_text, codes_of, decisions, first_rows, tally


def setting_of(case: Case, threshold: float | None = None, by: tuple = ()) -> Setting:
    """The tally setting of a case: its task and classes, the positive class's code, the threshold."""
    if threshold is not None and not 0 <= float(threshold) <= 1:
        raise InputError(f"The threshold must be between 0 and 1; got {threshold}.")
    classes = tuple(case.classes) if case.classes is not None else ()
    positive = classes.index(case.positive_class) if case.task == "binary" else None
    return Setting(task=case.task, classes=classes, positive=positive,
                   threshold=None if threshold is None else float(threshold), by=tuple(by),
                   has_proba=case.proba is not None)


def decide(case: Case, threshold: float | None = None) -> pd.Series:
    """Each row's decision: at ``threshold`` on the positive class's probability for a binary classifier with
    probabilities, else (or with no threshold) the model's own prediction. The one decision rule."""
    if case.task != "binary" or case.proba is None or threshold is None:
        return case.predicted
    s = setting_of(case, threshold)
    codes = decisions(s, np.zeros(len(case.X), dtype=np.int64), case.proba.to_numpy(dtype=float))
    return classes_at(s.classes, codes, case.X.index, case.predicted.name)


def classes_at(classes: tuple, codes: np.ndarray, index, name) -> pd.Series:
    """``pd.Series(np.asarray(classes, dtype=object)[codes], index=index, name=name)``, its dtype found from the
    classes once and the rows taken from them (a million Python strings turned into Arrow strings took 0.14 s).
    A class list whose dtype may differ from that of the classes the rows hold (mixed kinds), and no rows at
    all, take the row-by-row path."""
    values = np.asarray(classes, dtype=object)
    kinds = {type(c) for c in classes}
    if len(codes) == 0 or len(kinds) != 1 or not kinds <= {str, bool, int}:
        return pd.Series(values[codes], index=index, name=name)
    return pd.Series(pd.Series(values).take(codes).array, index=index, name=name)


ADVERSE = ("bad", "default", "defaulted", "fraud", "churn", "reject", "rejected", "deny", "denied", "risk",
           "high risk", "fail", "failed")  # positive-class names that are bad news for the row


def favourable_class(case: Case):
    """The outcome that is good news for a row (fairness's favourable rate, the four-fifths rule): the sidecar's
    ``favourable_class``, else the other class when the positive class is named like bad news ("bad",
    "default"), else the positive class."""
    positive = case.positive_class
    other = next(c for c in case.classes if c != positive)
    given = case.metadata.favourable_class
    if given is not None and str(given) in {str(c) for c in case.classes}:
        return next(c for c in case.classes if str(c) == str(given))
    return other if str(positive).strip().lower() in ADVERSE else positive


def case_tally(case: Case, *, by=None, threshold: float | None = None, bins: int = 4) -> tuple[Tally, list]:
    """The case's tally (all rows; a Dask case's added up over its partitions) and its groups in reading order.

    Grouped by column names (or not at all), it is made once per case, grouping, threshold, bins and language
    (bin names are the reader's): a report asks for the same tally from several sections, and at a million rows
    each costs about half a second. A grouping given as a Series is tallied every time."""
    if not case.labelled:
        raise InputError("Measures need labelled rows: open data that has the target column.")
    if isinstance(by, pd.Series):
        return _case_tally(case, by, threshold, bins)
    names = None if by is None else (by,) if isinstance(by, str) else tuple(by)
    key = ("case_tally", names, None if threshold is None else float(threshold), bins, current(), *rows_key(case))
    found, order, _held = per_case(case, key, lambda: (*_case_tally(case, by, threshold, bins), _rows_of(case)))
    return found, None if order is None else list(order)


def _rows_of(case: Case) -> tuple:
    """What a tally reads from the case. A case cut to some rows (a monitoring period) or given another
    positive class keeps its fingerprint, so the memory's key names these objects too; the entry holds them,
    so their ids cannot be reused while it lives."""
    return case.X, case.y, case.predicted, case.proba, case.whole


def rows_key(case: Case) -> tuple:
    """Names what a case's rows are (the ids of :func:`_rows_of`'s objects, the task and classes), for a memory key
    beside the fingerprint; the entry must hold the objects (or the case)."""
    return (*map(id, _rows_of(case)), case.task, case.positive_class, tuple(case.classes or ()))


def _case_tally(case: Case, by, threshold: float | None, bins: int) -> tuple[Tally, list]:
    names, labels, order = groups_of(case, by, bins)
    setting = setting_of(case, threshold, names)
    if case.whole is not None:
        if isinstance(by, pd.Series):
            raise InputError("On a Dask case, group by column names, not by a Series of the sample's rows.")
        references = [(name, bins, case.X[name], current()) for name in names]  # workers do not inherit the language
        return case.whole.reduce(partition_tally, setting, references), order
    proba = None if case.proba is None else case.proba.to_numpy(dtype=float)
    codes = None if case.task == "regression" else class_codes(case)
    return tally(setting, case.y, case.predicted, proba, labels, codes=codes), order


def class_codes(case: Case) -> tuple[np.ndarray, np.ndarray]:
    """(each label's, each prediction's position among the case's classes; -1 when not a class), coded once per
    case and rows: every tally, threshold and fallback reads the same codes (a million text labels cost a
    factorize each time they are coded)."""
    def build():
        classes = tuple(case.classes or ())
        return codes_of(case.y, classes), codes_of(case.predicted, classes), _rows_of(case)

    labels, predicted, _held = per_case(case, ("class_codes", *rows_key(case)), build)
    return labels, predicted


def decision_codes(case: Case, threshold: float | None = None) -> np.ndarray:
    """:func:`decide`'s decisions as class codes (-1 outside the classes), without writing them as labels."""
    predicted = class_codes(case)[1]
    if case.task != "binary" or case.proba is None or threshold is None:
        return predicted
    return decisions(setting_of(case, threshold), predicted, case.proba.to_numpy(dtype=float))


def partition_tally(part: dict, setting: Setting, references: list) -> Tally:
    """One Dask partition's tally (runs on the worker); groups binned like the sample (``references``)."""
    groups = pd.DataFrame({name: group_labels(part["X"][name], bins, reference=reference, lang=lang).astype(str)
                           .to_numpy() for name, bins, reference, lang in references})
    proba = None if part["proba"] is None else part["proba"].to_numpy(dtype=float)
    return tally(setting, part["y"], part["predicted"], proba, groups)


def measures(case: Case, *, by=None, threshold: float | None = None, metrics=None, level: float = 0.95,
             random_state=0, n_boot: int = 1000, bins: int = 4) -> Measures:
    """Every metric of the case's decisions, overall and per group, each with its interval.

    Parameters
    ----------
    by : a column name, a list of them (a MultiIndex of groups), or a Series aligned with the rows (a period,
        a batch); numeric columns are cut into ``bins`` readable quantile groups ("under 27", "27-35").
    threshold : the decision threshold on the positive class's probability (binary classifiers); None: the
        model's own decisions.
    metrics : metric keys to compute (default: every metric of the task).
    level : the intervals' confidence level. n_boot, random_state : the bootstrap's rounds and seed.

    Returns
    -------
    Measures with ``overall``, ``by_group`` (and its ``_low`` / ``_high``), ``difference()``, ``ratio()``.
    """
    if not 0.5 <= level < 1:
        raise InputError(f"The level must be between 0.5 and 1; got {level}.")
    found, order = case_tally(case, by=by, threshold=threshold, bins=bins)
    return measure_tally(found, metrics=metrics, level=level, n_boot=n_boot, random_state=random_state,
                         group_order=order)


def groups_of(case: Case, by, bins: int) -> tuple[tuple, pd.DataFrame | None, list | None]:
    """(group names, a label per row and name, the groups in reading order)."""
    if by is None:
        return (), None, None
    if isinstance(by, pd.Series):
        if len(by) != len(case.X):
            raise InputError(f"The grouping has {len(by):,} values for {len(case.X):,} rows: give one per row.")
        name = str(by.name) if by.name is not None else "group"
        values = pd.Series(by.to_numpy(), index=case.X.index)
        distinct = values.iloc[first_rows(values)[1]]  # one row per distinct value: sorted, not every row
        order = [str(v) for v in pd.unique(distinct.dropna().sort_values())]
        return (name,), pd.DataFrame({name: as_text(values)}), order
    names = [by] if isinstance(by, str) else list(by)
    missing = [n for n in names if n not in case.X.columns]
    if missing:
        raise InputError(f"Column {missing[0]!r} is not in the data; group by one of {list(case.X.columns)}.")
    labels = pd.DataFrame({n: group_labels(case.X[n], bins).astype(str).to_numpy() for n in names})
    orders = [_reading_order(case.X[n], labels[n]) for n in names]
    if len(names) == 1:
        return tuple(names), labels, orders[0]
    rank = [{g: i for i, g in enumerate(o)} for o in orders]
    combos = labels.drop_duplicates().itertuples(index=False, name=None)
    return tuple(names), labels, sorted(combos, key=lambda c: tuple(r[g] for r, g in zip(rank, c, strict=True)))


def _reading_order(values: pd.Series, labels: pd.Series) -> list:
    """Bins of a number from low to high; categories largest first."""
    if pd.api.types.is_numeric_dtype(values) and labels.nunique() < values.nunique():
        return list(values.groupby(labels.to_numpy()).min().sort_values().index)
    return list(labels.value_counts(sort=True).index)
