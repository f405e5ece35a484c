"""``monitor``: watch scored batches after go-live, period by period, against the reference the release was
judged on: performance realised and estimated, drift, explanation drift, data quality, skew and the release
policy's rollback criteria, each finding an alert."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..core.case import Case
from ..core.errors import InputError
from ..core.language import _, count, current, decimal, percent
from ..core.memo import Store
from ..core.result import Result
from ..io.scores import has_model
from .alerts import collect
from .attribution import explanation_drift, how_words
from .batches import batch_case, read_batches, skew_notes
from .drift import (
    ALPHA,
    Reconstruction,
    drift_columns,
    multivariate,
    period_drift,
    reference_thresholds,
)
from .on_dask import is_distributed, read_on_dask
from .performance import period_table
from .periods import cut, reference_chunks
from .quality import quality_table
from .rollback import judge_periods, policy_of
from .support import SUPPORT_SHARE, outside, reasons

# The numbers of the latest runs by content: the same run read in another language (the Since go-live page, a
# report or the command line) costs its words, not a second computation. A store of its own, not per_case's: a
# run makes a case per period, and those would push the reference's entries out.
RUNS_KEPT = 4
KEPT = Store(RUNS_KEPT)


@dataclass(frozen=True)
class Monitoring(Result):
    """A monitoring run. ``periods``: one row per period and metric (period, start, end, rows, labelled, metric,
    estimated, estimated_low, estimated_high, realised, realised_low, realised_high, reliable, alert, basis,
    limit, ...). ``drift``: one row per period and column, plus ``multivariate`` and ``predictions`` (period,
    start, column, method, statistic, threshold, p_value, alert). ``attribution_drift``: one row per period
    (period, start, distance, threshold, alert, rank_change, top_columns, share_<column>...). ``alerts``: one
    row per finding (period, start, kind, column, status, sentence). ``rollback``: per period and breached
    check. ``rollback_status``: "confirmed", "provisional" or "none"."""

    periods: pd.DataFrame
    drift: pd.DataFrame
    attribution_drift: pd.DataFrame
    alerts: pd.DataFrame
    rollback: pd.DataFrame = field(default_factory=pd.DataFrame)
    quality: pd.DataFrame = field(default_factory=pd.DataFrame)
    task: str = ""
    threshold: float | None = None
    has_policy: bool = False
    skipped: tuple = ()

    @property
    def rollback_status(self) -> str:
        statuses = set(self.alerts.loc[self.alerts["kind"] == "rollback", "status"]) if len(self.alerts) else set()
        return "confirmed" if "confirmed" in statuses else "provisional" if "provisional" in statuses else "none"


def monitor(reference: Case, batches, *, time_column=None, period=None, chunk_size=None, batch_column=None,
            scores=None, policy=None, random_state=0, threshold=None, n_boot: int = 200,
            explain: bool = True, scheduler=None) -> Monitoring:
    """Watch ``batches`` (a DataFrame, dask DataFrame, path or glob of CSV/Parquet) period by period against
    ``reference`` (the labelled Case the release was judged on).

    Parameters
    ----------
    time_column, period : cut by calendar ("D", "W", "M", "Q", "Y") on the time column; or ``chunk_size`` rows
        (in time order when a time column is named); or one period per value of ``batch_column``.
    scores : a column of the batches holding the logged scores (the positive class's probability, or the
        prediction of a regressor); with a model too, a sample is re-scored to look for skew.
    policy : the release policy (YAML text, path or mapping); default the sidecar's. Its per-period checks are
        the rollback criteria.
    threshold : decision threshold (binary classifiers; default the policy's, else 0.5).
    n_boot : bootstrap rounds of the realised intervals. explain : compute explanation drift (SHAP on a sample).
    scheduler : for a Parquet glob or a dask frame: None (the current client, else a local cluster), "local"
        or "tcp://host:8786". Per-period sums are then added up on the workers (on_dask).

    Returns
    -------
    Monitoring with ``periods``, ``drift``, ``attribution_drift``, ``alerts`` and ``rollback_status``.
    """
    if not isinstance(reference, Case) or not reference.labelled:
        raise InputError("The reference is the labelled Case the release was judged on: explainers.load(model, "
                         "data, target=...) with the outcome column.")
    if scores is None and not has_model(reference):
        scores = reference.model.scores  # a score-only reference: the batches log the same column
    how = {"time_column": time_column, "period": period, "chunk_size": chunk_size, "batch_column": batch_column}
    case, labels, periods_cut, notes, whole = _read(reference, batches, how, scores, random_state, scheduler)
    chunks = reference_chunks(len(reference.X), int(periods_cut.table["rows"].median()))
    chosen = policy_of(reference, policy)
    if threshold is None and reference.task == "binary" and reference.proba is not None:
        threshold = chosen.threshold if chosen is not None and chosen.threshold is not None else 0.5
    labels_of_rows = periods_cut.labels
    table = periods_cut.table
    reliable = _support(reference, case, labels_of_rows, table)
    explain = explain and has_model(reference)

    def measured() -> tuple:
        """The run's numbers, written in no language: estimation, drift, explanation drift, quality."""
        perf = period_table(reference, chunks, case, labels, labels_of_rows, table, reliable, threshold, n_boot,
                            random_state, whole)
        drift, skipped = _drift(reference, case, labels_of_rows, table, chunks, random_state)
        att, att_facts = (explanation_drift(reference, chunks, case, labels_of_rows, table, random_state) if explain
                          else (pd.DataFrame(), None))
        quality = quality_table(reference.X, case.X, labels_of_rows, table, chunks)
        return perf, drift, skipped, att, att_facts, quality

    key = None if whole is not None or not reference.fingerprint else _content_key(  # Dask: read once, not kept
        reference.fingerprint, case, labels, labels_of_rows, table, chunks, threshold, n_boot, random_state, explain,
        reference.task, reference.positive_class, tuple(sorted(map(str, reference.feature_kinds.items()))))
    perf, drift, skipped, att, att_facts, quality = (
        measured() if key is None else [x.copy() if isinstance(x, pd.DataFrame | list) else x
                                        for x in KEPT.get(key, "numbers", measured)])
    perf["why_unreliable"] = [reliable[p][2] for p in perf["period"]]  # the reader's language, not the first run's
    att_how = (how_words(att_facts) if att_facts is not None else
               _("Explanation drift: not computed (no model: scores only).") if not has_model(reference) else
               _("Explanation drift: not computed (explain=False)."))
    rollback, rollback_notes = (judge_periods(chosen, case, labels, labels_of_rows, perf, threshold, n_boot,
                                              random_state) if chosen is not None else (pd.DataFrame(), []))
    alerts = collect(perf, drift, att, quality, rollback, notes, table)
    method = _method(reference, periods_cut.how, chunks, int(table["rows"].sum()), att_how, skipped, chosen)
    return Monitoring(periods=perf, drift=drift, attribution_drift=att, alerts=alerts, rollback=rollback,
                      quality=quality, task=reference.task, threshold=threshold, has_policy=chosen is not None,
                      skipped=tuple(skipped), approximate=True, method=method,
                      notes=tuple(notes + rollback_notes))


def _read(reference, batches, how: dict, scores, random_state: int, scheduler):
    """(the batch rows as a Case, their labels, their periods, notes, None or the Dask handle): a Parquet glob
    or a dask frame is read on the workers (on_dask), anything else with pandas."""
    if is_distributed(batches):
        case, labels, periods_cut, whole = read_on_dask(reference, batches, how=how, scores=scores,
                                                        random_state=random_state, scheduler=scheduler)
        notes = skew_notes(reference, case.X, case.proba if case.proba is not None else case.predicted) if (
            scores is not None and has_model(reference)) else []
        return case, labels, periods_cut, notes, whole
    frame = read_batches(batches)
    periods_cut = cut(frame, **how)
    case, labels, notes = batch_case(reference, frame, scores)
    return case, labels, periods_cut, notes, None


def _content_key(fingerprint: str, case, labels, periods, table, chunks, *settings) -> tuple:
    """What the run's numbers depend on: the reference (its model and rows, by fingerprint), the batch rows,
    their scores, labels and periods, the reference's chunks and the settings, the data hashed. A second
    language finds the numbers the first computed."""
    digest = hashlib.sha1()
    for part in (case.X, case.predicted, case.proba, labels, periods, table):
        if part is None:
            digest.update(b"none")
            continue
        names, kinds = ((list(part.columns), list(part.dtypes)) if isinstance(part, pd.DataFrame)
                        else ([part.name], [part.dtype]))
        digest.update(repr((names, list(map(str, kinds)))).encode())
        digest.update(pd.util.hash_pandas_object(part, index=True).to_numpy().tobytes())
    digest.update(np.ascontiguousarray(chunks).tobytes())
    return (fingerprint, digest.hexdigest(), *settings)


def _support(reference, case, labels, table) -> dict:
    """period -> (reliable, share of rows outside the reference's support, why)."""
    flags, per_column = outside(reference.X, case.X)
    out = {}
    for period in table["period"]:
        mask = (labels == period).to_numpy()
        share = float(flags[mask].mean()) if mask.any() else 0.0
        out[period] = (share <= SUPPORT_SHARE, share, reasons(per_column, mask) if share > SUPPORT_SHARE else "")
    return out


def _drift(reference, case, labels, table, chunks, random_state) -> tuple[pd.DataFrame, list]:
    """Per column and the predictions (Bonferroni over columns x periods), and multivariate."""
    columns, skipped = drift_columns(reference.X)
    ref = reference.X[columns].assign(predictions=_score(reference))
    batches = case.X[columns].assign(predictions=_score(case))
    kinds = {**reference.feature_kinds, "predictions": "continuous"}
    thresholds = reference_thresholds(ref, chunks, kinds)
    per_column = period_drift(batches, labels, table, ref, thresholds, kinds, tests=len(ref.columns) * len(table))
    model = Reconstruction(reference.X[columns], random_state)
    errors = model.errors(case.X[columns])
    whole = multivariate(model, model.out_of_fold_errors(chunks), chunks,
                         {p: errors[(labels == p).to_numpy()] for p in table["period"]}, table)
    return pd.concat([per_column, whole], ignore_index=True), skipped


def _score(case: Case) -> np.ndarray:
    if case.proba is not None and case.task == "binary":
        return case.proba[case.positive_class].to_numpy(dtype=float)
    if case.task == "regression":
        return case.predicted.to_numpy(dtype=float)
    return case.proba.max(axis=1).to_numpy(dtype=float) if case.proba is not None else case.predicted.astype(str)


def _method(reference, how, chunks, rows, att_how, skipped, policy) -> str:
    k = int(chunks.max()) + 1
    estimated = (_("calibrated probabilities (isotonic, on the reference; out of fold per chunk) give an expected tally")
                 if reference.task == "binary" else _("a gradient-boosted model of the absolute error (MAE only)")
                 if reference.task == "regression" else _("not available for this model"))
    english = current() == "en"
    text = _(
        "{rows} batch rows, {how}, against {reference} reference rows cut into {k} chunks of about {per} rows (in their "
        "order) to learn normal variation. Realised metrics: the measures layer per period with bootstrap / Wilson "
        "intervals. Estimated: {estimated}; their intervals are the estimator's own error across the reference's "
        "chunks, scaled to a period's rows. Estimates assume no concept drift and rows like the reference's: a period "
        "with more than {support} of rows outside a column's reference range or with an unseen category is "
        "unreliable. Drift per column and of the predictions: health's PSI with its KS / chi-squared test, an alert "
        "needs p < {alpha} / (columns x periods) (Bonferroni, family-wise) and a PSI above the largest a reference "
        "chunk shows against the rest (max-statistic). Multivariate: PCA reconstruction error against the reference "
        "chunks' mean and spread, each chunk's errors from a PCA fitted on the other chunks (Bonferroni over periods). "
        "Performance alerts are judged on interval bounds: the period's interval (realised, else estimated) lies "
        "wholly outside the reference's normal band (its value less the spread between its chunks beyond sampling and "
        "its own error), both at alpha / (periods x metrics) (Bonferroni).", rows=count(rows), how=how,
        reference=count(len(reference.X)), k=k, per=count(len(reference.X) // k), estimated=estimated,
        support=f"{SUPPORT_SHARE:.0%}" if english else percent(SUPPORT_SHARE, 0),
        alpha=f"{ALPHA:g}" if english else f"{ALPHA:g}".replace(".", decimal(0.5)[1]))
    text += " " + att_how
    if skipped:
        text += " " + _("Not drift-tested (unique on every row, an identifier): {columns}.",
                        columns=", ".join(map(str, skipped)))
    text += " " + (_("Rollback criteria: the policy's metric, group gap / ratio and four-fifths checks, judged per "
                     "period by the gate on labelled rows (confirmed) or on the estimates' bounds (provisional); its "
                     "other checks are judged at release only.") if policy is not None
                   else _("No release policy: no rollback criteria."))
    return text
