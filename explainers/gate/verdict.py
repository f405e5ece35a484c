"""``gate``: judge a case against a release policy, check by check, on interval bounds."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from ..core.case import Case
from ..core.errors import InputError
from ..core.language import N_
from ..core.result import Result
from ..io.assemble import sha256_of
from ..report.context import Context
from . import champion, coverage, drift, export, four_fifths, groups, metric, robustness, slices, value, words
from .default import default_policy
from .measured import Inputs, Measured
from .policy import Policy, read_policy
from .validate import validate

FAMILIES = {
    "metric": metric.measure, "group_gap": groups.measure_gap, "group_ratio": groups.measure_ratio,
    "four_fifths": four_fifths.measure,
    "coverage": coverage.measure, "drift": drift.measure, "slices": slices.measure, "champion": champion.measure,
    "robustness": robustness.measure_flips, "leakage": robustness.measure_leakage,
    "determinism": robustness.measure_determinism,
    "value": value.measure_value, "review_share": value.measure_review_share,
}
TABLE_COLUMNS = ["number", "status", "name", "value", "low", "high", "bound_name", "bound", "limit", "evidence"]
STATUSES = ("fail", "warn", "not judged", "pass")  # the order checks are listed in: what stops or qualifies first


@dataclass(frozen=True)
class CheckResult:
    """One check judged: ``status`` pass / warn / fail, or "not judged" (``reason`` says why it could not be
    measured); ``bound`` (named by ``bound_name``) is what was compared with ``limit``, the check's bar;
    ``value`` the point estimate and ``low``/``high`` its 95% interval; ``evidence`` the plain sentence;
    ``anchor`` the report section showing it; ``rollback`` when to roll a live model back."""

    number: int
    check: str
    name: str
    status: str
    severity: str
    value: float
    low: float
    high: float
    bound: float
    bound_name: str
    limit: float
    direction: str
    evidence: str
    why: str
    anchor: str
    rollback: str
    reason: str = ""


@dataclass(frozen=True)
class GateResult(Result):
    """The verdict: ``passed`` (no check failed, nor, when the policy says ``not_judged: fail``, went unjudged;
    warnings allowed), ``checks`` (CheckResult, in policy order), the policy's ``policy_source`` and
    ``policy_text`` (YAML), the decision ``threshold`` judged at (None: a model that does not decide at one)
    and where it came from (``threshold_source``: "given" or "policy"), ``fails_unjudged`` (the policy says
    ``not_judged: fail``), the seed and rounds, and ``inputs``: the SHA-256 of the model, data, champion and policy."""

    passed: bool
    checks: tuple
    policy_source: str
    policy_text: str
    threshold: float | None = None
    threshold_source: str = "given"
    fails_unjudged: bool = False
    random_state: int = 0
    n_boot: int = 1000
    inputs: dict | None = None

    @property
    def failed(self) -> list:
        """Checks that stop the release: failed ones, and unjudged ones when the policy fails them."""
        return [c for c in self.checks if c.status == "fail" or (c.status == "not judged" and self.fails_unjudged)]

    @property
    def warned(self) -> list:
        """Warn-severity checks that miss their bar: the exceptions a release must accept."""
        return [c for c in self.checks if c.status == "warn"]

    @property
    def not_judged(self) -> list:
        return [c for c in self.checks if c.status == "not judged"]

    def in_reading_order(self) -> list:
        """The checks, failed first, then the exceptions (warnings), the unjudged, the passed; policy order within."""
        return sorted(self.checks, key=lambda c: STATUSES.index(c.status))

    def table(self) -> pd.DataFrame:
        """One row per check in reading order: number, status, name, value, low, high, bound_name, bound, limit,
        evidence."""
        return pd.DataFrame([{k: getattr(c, k) for k in TABLE_COLUMNS} for c in self.in_reading_order()],
                            columns=TABLE_COLUMNS)


def gate(case: Case, policy=None, *, champion: Case | None = None, reference=None, random_state: int = 0,
         n_boot: int = 1000, threshold: float = 0.5, run=None, mlflow_run: str | None = None) -> GateResult:
    """Judge ``case`` against ``policy`` (YAML text or path, a mapping, a list of checks; default: the sidecar's
    ``"policy"``, else :func:`default_policy`). The policy is checked against the case before anything is
    computed (an :class:`InputError` names the check, the key and the fix).

    ``threshold``: the decision threshold on the positive class's probability (binary classifiers with
    probabilities) every decision-dependent check is judged at, unless the policy fixes its own
    ``threshold:`` (then that one is used, and the verdict says so). ``champion``: the model run now, on
    the same rows (for ``champion`` checks). ``reference``: data for ``drift`` (and training rows for
    leakage). ``random_state`` seeds every bootstrap; ``n_boot`` rounds. ``run(func, **options)``: how
    results are computed once (a report passes ``ctx.once`` to share them; default: a memo of its own).
    ``mlflow_run``: an MLflow run id to log the verdict to (metrics, tags, the JSON verdict and the policy).
    """
    if n_boot < 100:
        raise InputError(f"n_boot must be at least 100 for a 95% interval; got {n_boot}.")
    if mlflow_run is not None:
        from ..report.mlflow_log import check_run

        check_run(mlflow_run)
    chosen = resolve(case, policy, champion, reference)
    at, source = (chosen.threshold, "policy") if chosen.threshold is not None else (threshold, "given")
    if not 0 <= float(at) <= 1:
        raise InputError(f"The decision threshold must lie between 0 and 1; got {at}.")
    at = float(at) if case.task == "binary" and case.proba is not None else None
    inputs = Inputs(case, run=run or Context(case, random_state=random_state, reference=reference).once,
                    champion=champion, reference=reference, random_state=random_state, n_boot=n_boot, threshold=at)
    validate(chosen, inputs)
    fails_unjudged = chosen.not_judged == "fail"
    checks = tuple(judge(check, FAMILIES[check.kind](check, inputs), fails_unjudged) for check in chosen.checks)
    result = GateResult(passed=not any(c.status == "fail" or (c.status == "not judged" and fails_unjudged)
                                       for c in checks),
                        checks=checks, policy_source=chosen.source, policy_text=chosen.text, threshold=at,
                        threshold_source=source, fails_unjudged=fails_unjudged, random_state=random_state,
                        n_boot=n_boot, inputs=_hashes(case, champion, chosen), approximate=True,
                        method=words.method(case, chosen, n_boot, random_state, at))
    if mlflow_run is not None:
        from ..report.mlflow_log import log_verdict

        log_verdict(mlflow_run, export.document(result))  # the JSON verdict, with the policy text
    return result


def _hashes(case: Case, champion: Case | None, policy: Policy) -> dict:
    """SHA-256 of what the verdict was made from: the model and data files (as loaded), the champion's model
    file, and the policy judged (its YAML text: the default policy is hashed too)."""
    return {"model": case.source.get("model_sha256"), "data": case.source.get("data_sha256"),
            "champion": None if champion is None else champion.source.get("model_sha256"),
            "policy": sha256_of(policy.text.encode("utf-8"))}


def resolve(case: Case, policy, champion=None, reference=None) -> Policy:
    """The policy given, else the sidecar's ``"policy"``, else the default policy."""
    if policy is not None:
        return read_policy(policy)
    if case.metadata.policy is not None:
        return read_policy(case.metadata.policy, N_("the sidecar's policy"))
    return default_policy(case, champion, reference)


def judge(check, measured: Measured, fails_unjudged: bool = False) -> CheckResult:
    """pass when the bound meets the limit (and nothing else broke it), else the check's severity; "not judged"
    when it could not be measured (with the reason)."""
    bound, limit = measured.bound, measured.limit
    unjudged = bool(measured.not_judged) or not math.isfinite(bound)
    met = not unjudged and (bound >= limit if measured.direction == "min" else bound <= limit)
    status = "not judged" if unjudged else "pass" if met and not measured.broken else check.severity
    return CheckResult(
        number=check.number, check=check.kind, name=words.check_name(check, measured.subject), status=status,
        severity=check.severity, value=float(measured.value), low=float(measured.low), high=float(measured.high),
        bound=float(bound), bound_name=measured.bound_name, limit=float(limit), direction=measured.direction,
        evidence=words.evidence(measured, met, status) + (words.unjudged_fails() if unjudged and fails_unjudged else ""),
        why=check.why, anchor=measured.anchor, rollback=words.rollback(check, measured),
        reason=words.not_judged_reason(measured) if unjudged else "")
