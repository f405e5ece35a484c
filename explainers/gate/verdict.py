"""``gate``: judge a case against a release policy, check by check, on interval bounds."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from ..core.case import Case
from ..core.errors import InputError
from ..core.result import Result
from . import champion, coverage, drift, groups, metric, robustness, slices, words
from .bootstrap import LARGE_ROWS
from .default import default_policy
from .measured import Inputs, Measured
from .policy import Policy, read_policy
from .validate import validate

FAMILIES = {
    "metric": metric.measure, "group_gap": groups.measure_gap, "group_ratio": groups.measure_ratio,
    "coverage": coverage.measure, "drift": drift.measure, "slices": slices.measure, "champion": champion.measure,
    "robustness": robustness.measure_flips, "leakage": robustness.measure_leakage,
    "determinism": robustness.measure_determinism,
}
TABLE_COLUMNS = ["number", "status", "name", "value", "low", "high", "bound_name", "bound", "threshold", "evidence"]


@dataclass(frozen=True)
class CheckResult:
    """One check judged: ``status`` pass / warn / fail; ``bound`` (named by ``bound_name``) is what was compared
    with ``threshold``; ``value`` the point estimate and ``low``/``high`` its 95% interval; ``evidence`` the
    plain sentence; ``anchor`` the report section showing it; ``rollback`` when to roll a live model back."""

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
    threshold: float
    direction: str
    evidence: str
    why: str
    anchor: str
    rollback: str


@dataclass(frozen=True)
class GateResult(Result):
    """The verdict: ``passed`` (no check failed; warnings allowed), ``checks`` (CheckResult, in policy order),
    the policy's ``policy_source`` and ``policy_text`` (YAML)."""

    passed: bool
    checks: tuple
    policy_source: str
    policy_text: str

    @property
    def failed(self) -> list:
        return [c for c in self.checks if c.status == "fail"]

    @property
    def warned(self) -> list:
        return [c for c in self.checks if c.status == "warn"]

    def table(self) -> pd.DataFrame:
        """One row per check: number, status, name, value, low, high, bound_name, bound, threshold, evidence."""
        return pd.DataFrame([{k: getattr(c, k) for k in TABLE_COLUMNS} for c in self.checks], columns=TABLE_COLUMNS)


def gate(case: Case, policy=None, *, champion: Case | None = None, reference=None, random_state: int = 0,
         n_boot: int = 1000, threshold: float = 0.5, run=None, mlflow_run: str | None = None) -> GateResult:
    """Judge ``case`` against ``policy`` (YAML text or path, a mapping, a list of checks; default: the sidecar's
    ``"policy"``, else :func:`default_policy`). The policy is checked against the case before anything is
    computed (an :class:`InputError` names the check, the key and the fix).

    ``champion``: the model run now, on the same rows (for ``champion`` checks). ``reference``: data for
    ``drift`` (and training rows for leakage). ``random_state`` seeds every bootstrap; ``n_boot`` rounds.
    ``run(func, **options)``: how results are computed (a report passes ``ctx.once`` to share them).
    ``mlflow_run``: an MLflow run id to log the verdict to (metrics, tags, the JSON verdict and the policy).
    """
    if n_boot < 100:
        raise InputError(f"n_boot must be at least 100 for a 95% interval; got {n_boot}.")
    if mlflow_run is not None:
        from ..report.mlflow_log import check_run

        check_run(mlflow_run)
    inputs = Inputs(case, champion=champion, reference=reference, random_state=random_state, n_boot=n_boot,
                    threshold=threshold, run=run)
    chosen = resolve(case, policy, champion, reference)
    validate(chosen, inputs)
    checks = tuple(judge(check, FAMILIES[check.kind](check, inputs)) for check in chosen.checks)
    result = GateResult(passed=not any(c.status == "fail" for c in checks), checks=checks,
                        policy_source=chosen.source, policy_text=chosen.text, approximate=True,
                        method=words.method(case, chosen, n_boot, random_state, LARGE_ROWS))
    if mlflow_run is not None:
        from ..report.mlflow_log import log_verdict

        log_verdict(mlflow_run, result)
    return result


def resolve(case: Case, policy, champion=None, reference=None) -> Policy:
    """The policy given, else the sidecar's ``"policy"``, else the default policy."""
    if policy is not None:
        return read_policy(policy)
    if case.metadata.policy is not None:
        return read_policy(case.metadata.policy, "the sidecar's policy")
    return default_policy(case, champion, reference)


def judge(check, measured: Measured) -> CheckResult:
    """pass when the bound meets the threshold (and nothing else broke it), else the check's severity."""
    bound, limit = measured.bound, measured.threshold
    met = math.isfinite(bound) and (bound >= limit if measured.direction == "min" else bound <= limit)
    status = "pass" if met and not measured.broken else check.severity
    return CheckResult(
        number=check.number, check=check.kind, name=words.check_name(check), status=status, severity=check.severity,
        value=float(measured.value), low=float(measured.low), high=float(measured.high), bound=float(bound),
        bound_name=measured.bound_name, threshold=float(limit), direction=measured.direction,
        evidence=words.evidence(measured, met, status), why=check.why, anchor=measured.anchor,
        rollback=words.rollback(check, measured))
