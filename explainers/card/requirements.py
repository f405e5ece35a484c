"""What regulators ask for: EU AI Act Annex IV items and SR 11-7 components, and where a report can answer them.

Each requirement names the report sections that can answer it (``name`` or ``name:result`` when the
section must have recorded that result, e.g. group metrics), the sidecar statements that answer it,
and what only a person can supply. Whether an item is actually answered is decided per report by
:func:`explainers.card.regulatory.regulatory_map`, never here.
"""

from __future__ import annotations

from dataclasses import dataclass

ANNEX_IV = "Annex IV"  # of the EU AI Act, Regulation (EU) 2024/1689
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


REQUIREMENTS = (
    Requirement(ANNEX_IV, "1(a)", "Intended purpose, provider and version", keys=("intended_use", "owner")),
    Requirement(ANNEX_IV, "1(c)", "Versions of the software the system runs on",
                ("model_parameters", "reproducibility")),
    Requirement(ANNEX_IV, "1(h)", "Instructions for use for the deployer", keys=("users", "out_of_scope"),
                person="instructions for use"),
    Requirement(ANNEX_IV, "2(b)", "Design, general logic, key choices, what the system optimises",
                ("model_card", "model_parameters", "summary", "why"), person="the rationale for the design choices"),
    Requirement(ANNEX_IV, "2(d)", "Data: provenance, scope, main characteristics, labelling, cleaning",
                ("model_card", "data_health"), keys=("data_provenance",)),
    Requirement(ANNEX_IV, "2(e)", "Human oversight measures", keys=("oversight",)),
    Requirement(ANNEX_IV, "2(g)", "Validation and testing: metrics for accuracy, robustness, discriminatory impact",
                ("performance", "confidence", "robustness", "fairness:fairness_", "failures:groups_")),
    Requirement(ANNEX_IV, "2(g)", "Test logs dated and signed", ("signature",),
                person="the signature of the responsible person (a sign-off)", signoff=True),
    Requirement(ANNEX_IV, "3", "Capabilities and limitations, accuracy for specific persons or groups",
                ("fairness:groups_", "failures:groups_", "confidence:coverage_by_group")),
    Requirement(ANNEX_IV, "3", "Foreseeable unintended outcomes and sources of risk",
                ("failures", "fairness:fairness_", "robustness"), keys=("out_of_scope",)),
    Requirement(ANNEX_IV, "3", "Specifications on input data", ("summary", "data_health")),
    Requirement(ANNEX_IV, "4", "Appropriateness of the performance metrics", ("performance",),
                person="why these metrics fit the intended use"),
    Requirement(ANNEX_IV, "5", "Risk management system (Article 9)", person="the risk management system"),
    Requirement(ANNEX_IV, "6", "Changes made through the lifecycle", ("compare:comparison",), person="the change log"),
    Requirement(ANNEX_IV, "7", "Harmonised standards applied", person="the list of standards"),
    Requirement(ANNEX_IV, "8", "EU declaration of conformity", person="a copy of the declaration"),
    Requirement(ANNEX_IV, "9", "Post-market monitoring plan", ("release:gate",), person="the monitoring plan"),
    Requirement(SR_11_7, "III", "Purpose and intended use", keys=("intended_use", "users", "out_of_scope")),
    Requirement(SR_11_7, "V", "Conceptual soundness: design, theory, assumptions", ("model_card", "why", "methods"),
                person="the development evidence behind the design"),
    Requirement(SR_11_7, "III", "Data quality and relevance", ("data_health",), keys=("data_provenance",)),
    Requirement(SR_11_7, "V", "Outcomes analysis and back-testing", ("performance", "confidence", "failures")),
    Requirement(SR_11_7, "V", "Sensitivity analysis and limitations", ("robustness", "methods")),
    Requirement(SR_11_7, "V", "Benchmarking against an alternative model", ("compare:comparison",)),
    Requirement(SR_11_7, "V", "Ongoing monitoring", ("release:gate",), person="the monitoring plan"),
    Requirement(SR_11_7, "VI", "Governance: ownership, roles and controls", keys=("owner", "oversight")),
    Requirement(SR_11_7, "V", "Effective challenge by independent validators", person="the validator's review"),
    Requirement(SR_11_7, "VI", "Documentation that lets others reproduce the work",
                ("model_parameters", "reproducibility", "signature")),
)
