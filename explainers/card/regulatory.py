"""The regulatory map: for each requirement, which sections of this report answer it, and how.

Computed from what a report actually holds (which sections were built, which results they
recorded, which sidecar statements are given), so a report without labels or without a
challenger does not claim what it lacks.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.language import N_, _, count
from ..core.result import Result
from .requirements import REQUIREMENTS, Requirement

# Translators: how a regulatory requirement is answered in the report (a status in the regulatory map).
AUTOMATIC, SIDECAR, PERSON = (N_("filled automatically"), N_("filled from the sidecar"),
                              N_("to be supplied by a person"))  # English keys; translated where shown
STATUSES = (AUTOMATIC, SIDECAR, PERSON)


@dataclass(frozen=True, kw_only=True)
class RegulatoryMap(Result):
    """``items``: one dict per requirement: framework, reference, item, status (one of :data:`STATUSES`),
    sections (names of the sections that answer it, in reading order), missing (sidecar keys not stated)
    and person (what a person must add)."""

    items: tuple = ()

    @property
    def counts(self) -> dict:
        return {status: sum(i["status"] == status for i in self.items) for status in STATUSES}


def regulatory_map(contents: dict, stated: set, requirements=REQUIREMENTS, *,
                   signed_off: bool = False) -> RegulatoryMap:
    """The map for a report whose ``contents`` maps section name -> result keys it recorded (None: not yet
    known, for sections built after the map) and whose sidecar gives the statements in ``stated``. ``signed_off``:
    the report holds a person's sign-off; until then an item that needs one (test logs dated and signed) is left
    to a person, however much the report holds."""
    items = tuple(_item(r, contents, stated, signed_off) for r in requirements)
    if signed_off:
        method = _("{n} requirements matched against the sections this report holds, the sidecar statements it was "
                   "given and whether a person signed it off (yes).", n=count(len(items)))
    else:
        method = _("{n} requirements matched against the sections this report holds, the sidecar statements it was "
                   "given and whether a person signed it off (not yet).", n=count(len(items)))
    return RegulatoryMap(items=items, method=method)


def _item(requirement: Requirement, contents: dict, stated: set, signed_off: bool) -> dict:
    sections = _answering(requirement.sections, contents)
    if requirement.signoff and not signed_off:
        sections = []  # the signature block dates the report; the signing is a person's
    person = "" if requirement.signoff and signed_off else requirement.person
    given = [k for k in requirement.keys if k in stated]
    if given and "model_card" in contents:
        sections = ["model_card", *[s for s in sections if s != "model_card"]]
    status = SIDECAR if given and "model_card" in contents else AUTOMATIC if sections else PERSON
    if status == PERSON:
        sections = []
    return {"framework": requirement.framework, "reference": requirement.reference, "item": requirement.item,
            "status": status, "sections": sections, "missing": [k for k in requirement.keys if k not in stated],
            "person": person}


def _answering(specs, contents: dict) -> list[str]:
    """The section names among ``specs`` that this report holds, with the result they need when one is named."""
    found = []
    for spec in specs:
        name, _, prefix = spec.partition(":")
        if name not in contents or name in found:
            continue
        results = contents[name]
        if not prefix or (results is not None and any(key.startswith(prefix) for key in results)):
            found.append(name)
    return found
