"""``robustness``: a stress-test scan of the model, each finding tested for chance and said in plain words.

Checks, in order: determinism (and a row alone against in a batch), perturbation, missing values,
leakage (a column about as good as the model that it leans on most; rows shared with the training file
beyond the natural rate of identical rows, when the training file is given),
over- and under-confidence slices, and sensitive columns the model leans on. Perturbed and
blanked rows are stacked and predicted in a few calls. Findings that pass are kept in ``passed``.
Above ``WHOLE_ROWS`` rows, leakage and confidence slices are judged on a seeded random sample of that
many rows (the method says so), as the perturbations are on ``SCAN_ROWS``.
"""

from __future__ import annotations

import numbers
import time
from dataclasses import dataclass, field

import pandas as pd

from ..core.case import Case
from ..core.errors import InputError
from ..core.result import PRIVATE, Result
from ..core.language import _, count
from ..core.words import rows as rows_
from ..failures.sample import sampled_case
from ..failures.words import threshold_text
from . import judge
from .batch import SCAN_ROWS, at_threshold, loaded, scan_rows
from .confidence_slices import confidence_slices
from .determinism import Repeats, repeats
from ..health.training import TrainingOverlap, training_overlap
from .leakage import CLOSE, LEAK_SCORE, single_columns, suspects
from .missing import missing_values
from .perturbation import perturbation
from .spurious import attribution_shares, sensitive_reliance
from .words import fixed, not_moved

WHOLE_ROWS = 200_000  # above this many rows, leakage and confidence slices run on a random sample of this size


@dataclass(frozen=True)
class Robustness(Result):
    """What the scan found, and what it tried that held.

    ``findings``: check, severity (major / medium / minor), where (column, slice or ""), evidence,
    advice, value (the number judged), p_value, q_value, also (other checks flagging the same place);
    worst first. ``passed``: check, where, evidence. ``perturbation`` and ``missing`` hold the
    per-column numbers behind the charts; ``leakage`` (each column's score alone, the model's, its
    attribution share and whether it is a suspected leak), ``confidence_slices`` and ``sensitive`` the
    other checks' tables; ``training`` the rows shared with the training file (None when not given).
    ``max_flip_rate`` (with ``max_flip_interval``, a 95% Wilson interval, and ``max_flip_column``),
    ``leakage_found`` (a major or medium leakage finding) and ``deterministic`` are what a release gate
    reads. ``threshold``: the threshold decisions were made at (None: the model's own decisions).
    """

    findings: pd.DataFrame
    passed: pd.DataFrame
    perturbation: pd.DataFrame
    missing: pd.DataFrame
    leakage: pd.DataFrame | None
    training: TrainingOverlap | None
    confidence_slices: pd.DataFrame
    sensitive: pd.DataFrame
    repeats: Repeats
    rows: int
    max_flip_rate: float
    max_flip_interval: tuple
    max_flip_column: str | None
    leakage_found: bool
    deterministic: bool
    threshold: float | None = None
    timings: dict = field(default_factory=dict, metadata=PRIVATE, compare=False)  # seconds per check


def robustness(case: Case, *, random_state: int = 0, rows=None, training=None,
               threshold: float | None = 0.5) -> Robustness:
    """Scan ``case`` for weaknesses; see :class:`Robustness` for what comes back.

    Parameters
    ----------
    case : the loaded :class:`Case`; labels are needed for leakage and confidence slices.
    random_state : seeds the row sample, the leakage halves and the attribution sample.
    rows : index labels of the rows to perturb, blank and re-predict (None: every row, at most
        5,000 drawn at random).
    training : optional training table (DataFrame, path or bytes) to look for evaluated rows in it.
    threshold : a binary classifier's decision threshold on the positive class's probability: a flip is a
        decision that changes at it (default 0.5, as ``performance``; None: the model's own decisions).
        Ignored for other models.
    """
    threshold = at_threshold(case, _checked(threshold))
    X, timings = scan_rows(case, rows, random_state), {}
    before = loaded(case, X, threshold)

    def timed(name, func, *args):
        start = time.perf_counter()
        out = func(*args)
        timings[name] = time.perf_counter() - start
        return out

    rep = timed("determinism", repeats, case, X, threshold)
    flips = timed("perturbation", perturbation, case, X, before, threshold)
    blanks = timed("missing_values", missing_values, case, X, before, threshold)
    judged = judged_rows(case, random_state)
    leak = timed("leakage", single_columns, judged, random_state) if case.labelled else None
    overlap = timed("training", lambda: training_overlap(case, training=training)) if training is not None else None
    slices = timed("confidence", confidence_slices, judged)
    shares = None
    if case.metadata.sensitive or (leak is not None and leak["candidate"].any()):
        shares = timed("attributions", attribution_shares, case, X, random_state)
    leak = suspects(leak, shares) if leak is not None else None
    sensitive = sensitive_reliance(case, shares, flips)
    return _result(case, X, rep, flips, blanks, leak, overlap, slices, shares, sensitive, timings, threshold,
                   random_state)


def judged_rows(case: Case, random_state: int) -> Case:
    """``case`` itself, or above ``WHOLE_ROWS`` rows the case of a random sample of that many of its rows (seeded
    by ``random_state``, in their order): leakage and confidence slices are judged on it, and the method says so.
    At a million rows their scores and slices differ from the whole data's only by sampling error, at a fifth of
    the time."""
    return sampled_case(case, WHOLE_ROWS, random_state)  # the failing-slice search's sample at the same size and seed


def _checked(threshold):
    """The threshold as a float (None stays None); anything but a number from 0 to 1 is refused."""
    if threshold is not None and (isinstance(threshold, bool) or not isinstance(threshold, numbers.Real)
                                  or not 0 <= float(threshold) <= 1):
        raise InputError(f"The threshold must be a number between 0 and 1 (or None for the model's own decisions); "
                         f"got {threshold!r}.")
    return None if threshold is None else float(threshold)


def _result(case, X, rep, flips, blanks, leak, overlap, slices, shares, sensitive, timings,
            threshold, seed=0) -> Robustness:
    parts = [judge.repeats(rep), judge.perturbations(flips, case.task), judge.blanks(blanks, case.task, case.target),
             judge.leaks(leak, shares is not None, case.target), judge.overlap(overlap),
             judge.confidence_slices(slices, case.labelled and case.proba is not None), judge.sensitive(sensitive)]
    findings, passed = judge.frames([f for p in parts for f in p[0]], [h for p in parts for h in p[1]])
    tried = flips[flips["rows"] > 0]
    worst = tried.loc[tried["flip_rate"].idxmax()] if len(tried) else None
    return Robustness(
        findings=findings, passed=passed, perturbation=flips, missing=blanks, leakage=leak, training=overlap,
        confidence_slices=slices,
        sensitive=sensitive, repeats=rep, rows=len(X),
        max_flip_rate=float(worst["flip_rate"]) if worst is not None else 0.0,
        max_flip_interval=(float(worst["ci_low"]), float(worst["ci_high"])) if worst is not None else (0.0, 0.0),
        max_flip_column=None if worst is None else str(worst["column"]),
        leakage_found=bool(((findings["check"] == "leakage") & (findings["severity"] != "minor")).any()),
        deterministic=rep.deterministic, threshold=threshold,
        timings=timings, method=_method(case, X, shares, threshold, seed), approximate=len(X) < len(case.X) or len(case.X) > WHOLE_ROWS,
        notes=_notes(case, flips, shares, leak))


def _method(case: Case, X: pd.DataFrame, shares, threshold: float | None, seed: int = 0) -> str:
    sample = (_("all {rows}", rows=rows_(len(X))) if len(X) == len(case.X) else
              _("a random sample of {sample} of {rows} (at most {most})", sample=count(len(X)),
                rows=rows_(len(case.X)), most=count(SCAN_ROWS)))
    if threshold is not None:
        sample = _("{sample} (decisions at threshold {threshold} on the probability of {positive})", sample=sample,
                   threshold=threshold_text(threshold), positive=case.positive_class)
    judged = (_("every labelled row") if len(case.X) <= WHOLE_ROWS else
              _("a random sample of {sample} of the {rows} (seed {seed}; slice sizes count sampled rows)",
                sample=count(WHOLE_ROWS), rows=rows_(len(case.X)), seed=seed))
    # Translators: a flip rate is the share of decisions that change when one column is moved a little.
    tests = (_("Flip rates have 95% Wilson intervals and one-sided binomial tests (2% tolerance for small changes, 5% "
               "for blanks); slices are tested with Welch's t-test; Benjamini-Hochberg q-values within each check, "
               "attributions on a sample of rows.") if shares is not None else
             _("Flip rates have 95% Wilson intervals and one-sided binomial tests (2% tolerance for small changes, 5% "
               "for blanks); slices are tested with Welch's t-test; Benjamini-Hochberg q-values within each check."))
    leak = _("A column is a suspected leak when alone (learned on one half of the rows, scored on the other) it reaches "
             "{score} or comes within {close} of the whole model's score, and it carries the largest attribution "
             "share. Rows shared with the training file are a leak only beyond the natural rate of identical rows "
             "(the share of training rows with an identical twin in it), judged on the excess's 95% interval.",
             score=_fixed(LEAK_SCORE[case.task]), close=_fixed(CLOSE))
    return _("Perturbation, blanking and repeated predictions on {sample}; leakage and confidence slices on "
             "{judged}.", sample=sample, judged=judged) + " " + tests + " " + leak


def _fixed(x: float) -> str:
    """A bar with two decimals (0.95), written the reader's way."""
    return fixed(x, 2)


def _notes(case: Case, flips: pd.DataFrame, shares, leak) -> tuple:
    notes = [_("{column} was not moved: {reason}.", column=c, reason=not_moved(m))
             for c, m in zip(flips["column"], flips["move"], strict=True) if m.startswith("none")]
    if not case.labelled:
        notes.append(_("No labels: leakage and over- or under-confidence could not be checked."))
    elif case.proba is None:
        notes.append(_("The model gives no probabilities: over- and under-confidence could not be checked."))
    if shares is None and (case.metadata.sensitive or (leak is not None and leak["candidate"].any())):
        notes.append(_("Attributions could not be computed, so reliance on columns is judged by flips alone."))
    return tuple(notes)
