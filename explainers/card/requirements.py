"""What regulators ask for: EU AI Act Annex IV items and SR 11-7 components, and where a report can answer them.

Each requirement names the report sections that can answer it (``name`` or ``name:result`` when the
section must have recorded that result, e.g. group metrics), the sidecar statements that answer it,
and what only a person can supply. Whether an item is actually answered is decided per report by
:func:`explainers.card.regulatory.regulatory_map`, never here.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.language import N_

ANNEX_IV = N_("Annex IV")  # of the EU AI Act, Regulation (EU) 2024/1689 (an English key; translated where shown)
SR_11_7 = "SR 11-7"  # US Federal Reserve supervisory guidance on model risk management


@dataclass(frozen=True)
class Requirement:
    framework: str
    reference: str
    item: str
    sections: tuple = ()  # "name" or "name:result-key-prefix"
    keys: tuple = ()  # sidecar statements (shown in the model card)
    person: str = ""  # what a person must add whatever the report holds
    signoff: bool = False  # answered only once the report holds a person's sign-off (the sections alone do not)


# Items and what a person supplies are marked here and translated where shown (card/section.py); the map keeps English.
REQUIREMENTS = (
    Requirement(ANNEX_IV, "1(a)", N_("Intended purpose, provider and version"), keys=("intended_use", "owner")),
    Requirement(ANNEX_IV, "1(c)", N_("Versions of the software the system runs on"),
                ("model_parameters", "reproducibility")),
    Requirement(ANNEX_IV, "1(h)", N_("Instructions for use for the deployer"), keys=("users", "out_of_scope"),
                person=N_("instructions for use")),
    Requirement(ANNEX_IV, "2(b)", N_("Design, general logic, key choices, what the system optimises"),
                ("model_card", "model_parameters", "summary", "why"),
                person=N_("the rationale for the design choices")),
    Requirement(ANNEX_IV, "2(d)", N_("Data: provenance, scope, main characteristics, labelling, cleaning"),
                ("model_card", "data_health"), keys=("data_provenance",)),
    Requirement(ANNEX_IV, "2(e)", N_("Human oversight measures"), keys=("oversight",)),
    Requirement(ANNEX_IV, "2(g)", N_("Validation and testing: metrics for accuracy, robustness, discriminatory impact"),
                ("performance", "confidence", "robustness", "fairness:fairness_", "failures:groups_")),
    Requirement(ANNEX_IV, "2(g)", N_("Test logs dated and signed"), ("signature",),
                person=N_("the signature of the responsible person (a sign-off)"), signoff=True),
    Requirement(ANNEX_IV, "3", N_("Capabilities and limitations, accuracy for specific persons or groups"),
                ("fairness:groups_", "failures:groups_", "confidence:coverage_by_group")),
    Requirement(ANNEX_IV, "3", N_("Foreseeable unintended outcomes and sources of risk"),
                ("failures", "fairness:fairness_", "robustness"), keys=("out_of_scope",)),
    Requirement(ANNEX_IV, "3", N_("Specifications on input data"), ("summary", "data_health")),
    Requirement(ANNEX_IV, "4", N_("Appropriateness of the performance metrics"), ("performance",),
                person=N_("why these metrics fit the intended use")),
    Requirement(ANNEX_IV, "5", N_("Risk management system (Article 9)"), person=N_("the risk management system")),
    Requirement(ANNEX_IV, "6", N_("Changes made through the lifecycle"), ("compare:comparison",),
                person=N_("the change log")),
    Requirement(ANNEX_IV, "7", N_("Harmonised standards applied"), person=N_("the list of standards")),
    Requirement(ANNEX_IV, "8", N_("EU declaration of conformity"), person=N_("a copy of the declaration")),
    Requirement(ANNEX_IV, "9", N_("Post-market monitoring plan"), ("release:gate",), person=N_("the monitoring plan")),
    Requirement(SR_11_7, "III", N_("Purpose and intended use"), keys=("intended_use", "users", "out_of_scope")),
    Requirement(SR_11_7, "V", N_("Conceptual soundness: design, theory, assumptions"), ("model_card", "why", "methods"),
                person=N_("the development evidence behind the design")),
    Requirement(SR_11_7, "III", N_("Data quality and relevance"), ("data_health",), keys=("data_provenance",)),
    Requirement(SR_11_7, "V", N_("Outcomes analysis and back-testing"), ("performance", "confidence", "failures")),
    Requirement(SR_11_7, "V", N_("Sensitivity analysis and limitations"), ("robustness", "methods")),
    Requirement(SR_11_7, "V", N_("Benchmarking against an alternative model"), ("compare:comparison",)),
    Requirement(SR_11_7, "V", N_("Ongoing monitoring"), ("release:gate",), person=N_("the monitoring plan")),
    Requirement(SR_11_7, "VI", N_("Governance: ownership, roles and controls"), keys=("owner", "oversight")),
    Requirement(SR_11_7, "V", N_("Effective challenge by independent validators"), person=N_("the validator's review")),
    Requirement(SR_11_7, "VI", N_("Documentation that lets others reproduce the work"),
                ("model_parameters", "reproducibility", "signature")),
)
