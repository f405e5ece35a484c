"""The default policy, used when none is given: conservative, built from the limits the engine's own
verdicts use (robustness's flip tolerance, data health's major PSI, the four-fifths rule)."""

from __future__ import annotations

from ..compare.metrics import compared
from ..core.language import N_
from ..failures.fairness import FOUR_FIFTHS
from ..health.drift import PSI_MAJOR
from ..io.scores import has_model
from ..robustness.perturbation import TOLERANCE as FLIP_TOLERANCE
from .policy import Policy, read_policy

COVERAGE_LEVEL, COVERAGE_TOLERANCE = 0.9, 0.05
CHAMPION_MAX_DROP = 0.02

DOCUMENTED = f"""\
# The default policy (what is judged when no policy is given); checks that cannot apply are left out.
checks:
  - {{check: determinism, why: "The same row must always get the same answer."}}
  - {{check: leakage, why: "A column that almost is the label makes every other number meaningless."}}
  - {{check: robustness, max_flip_rate: {FLIP_TOLERANCE}, severity: warn}}
  - {{check: coverage, level: {COVERAGE_LEVEL}, tolerance: {COVERAGE_TOLERANCE}, severity: warn}}
  - {{check: drift, max_psi: {PSI_MAJOR}}}                            # with a reference only
  - {{check: slices, columns: sensitive, max_significant: 0, severity: warn}}   # with sensitive columns only
  - {{check: four_fifths, column: <each sensitive column>, min: {FOUR_FIFTHS}, severity: warn}}   # binary classifiers
  - {{check: champion, metric: <headline metric>, max_drop: {CHAMPION_MAX_DROP}, groups: sensitive}}   # with a champion only
"""


def default_policy(case, champion=None, reference=None) -> Policy:
    """The checks of :data:`DOCUMENTED` that apply to this case."""
    checks = []
    sensitive = [c for c in case.metadata.sensitive if c in case.X.columns]
    if has_model(case):  # a score-only case has no model to re-predict rows with
        checks.append({"check": "determinism", "why": N_("The same row must always get the same answer.")})
        if case.labelled:
            checks.append({"check": "leakage", "why": N_("A column that stands in for the label, or rows the model was "
                           "trained on beyond the natural rate of identical rows, make every other number meaningless.")})
        checks.append({"check": "robustness", "max_flip_rate": FLIP_TOLERANCE, "severity": "warn",
                       "why": N_("Tiny changes to one column should rarely change a decision.")})
    if case.labelled:
        checks.append({"check": "coverage", "level": COVERAGE_LEVEL, "tolerance": COVERAGE_TOLERANCE, "severity": "warn",
                       "why": N_("Stated confidence must hold on rows the model was not tuned on.")})
    if reference is not None:
        checks.append({"check": "drift", "max_psi": PSI_MAJOR,
                       "why": N_("The data must resemble what the model learned from.")})
    if case.labelled and sensitive:
        checks.append({"check": "slices", "columns": "sensitive", "max_significant": 0, "severity": "warn",
                       "why": N_("No group named as sensitive should be a place where the model fails.")})
    if case.labelled and case.task == "binary":
        checks += [{"check": "four_fifths", "column": c, "min": FOUR_FIFTHS, "severity": "warn",
                    "why": N_("The four-fifths rule: no group should get the favourable decision much less often "
                              "than the best-treated group.")} for c in sensitive]
    if champion is not None and case.labelled:
        checks.append({"check": "champion", "metric": next(iter(compared(case, case))), "max_drop": CHAMPION_MAX_DROP,
                       **({"groups": "sensitive"} if sensitive else {}),
                       "why": N_("A new model must not be worse than the one it replaces.")})
    # the policy's own text stays English (its hash is signed); its reasons and name are translated where shown
    return read_policy({"title": "Default policy", "checks": checks}, N_("the default policy"))
