"""A person's sign-off on a report, and the model card statements a person fills in for it.

The sign-off (decision, name, role, date, comment) is a plain value: the report's signature block carries it, so
the content hash covers it and an edit to it fails ``verify``. The filled statements replace the sidecar's in the
report (the case's Metadata, so its sidecar hash is the hash of the sidecar file offered for download beside it).
Bad values raise InputError naming the field and what it accepts.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import yaml

from ..core.errors import InputError
from ..core.result import jsonable
from ..io.sidecar import CARD_KEYS, read_metadata
from .signature import signoff_text

DECISIONS = ("approve", "approve with exceptions", "reject")
FIELDS = ("decision", "name", "role", "date", "comment")
NEEDS_COMMENT = ("approve with exceptions", "reject")  # the exceptions, or the reasons, must be written down
LONGEST = {"name": 200, "role": 200, "comment": 4000}  # characters
LISTED = ("out_of_scope", "users")  # card statements written as a list, one item per line


class _TextDates(yaml.SafeLoader):
    """YAML's safe loader keeping dates as written, so a wrong one (2026-02-30) is refused naming the field."""


_TextDates.yaml_implicit_resolvers = {first: [r for r in found if r[0] != "tag:yaml.org,2002:timestamp"]
                                      for first, found in yaml.SafeLoader.yaml_implicit_resolvers.items()}


@dataclass(frozen=True)
class Signoff:
    """Who decided what about the model, as what, on which day (``date``: YYYY-MM-DD), and why (``comment``)."""

    decision: str
    name: str
    role: str
    date: str
    comment: str = ""

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    def line(self) -> str:
        """The sign-off in one sentence, as the signature block says it."""
        return signoff_text(self.to_dict())


def signoff(values: Mapping, *, source: str = "The sign-off") -> Signoff:
    """A checked sign-off from a mapping of :data:`FIELDS`; ``source`` names where it came from in messages."""
    if not isinstance(values, Mapping):
        raise InputError(f"{source} must be a mapping of {', '.join(FIELDS)}; got {type(values).__name__}.")
    unknown = sorted(str(k) for k in values if k not in FIELDS)
    if unknown:
        raise InputError(f"{source} has unknown fields {unknown}; its fields are {', '.join(FIELDS)}.")
    decision = _decision(values.get("decision"), source)
    name, role = _text(values, "name", source), _text(values, "role", source)
    comment = _text(values, "comment", source, required=decision in NEEDS_COMMENT)
    return Signoff(decision=decision, name=name, role=role, date=_date(values.get("date"), source), comment=comment)


def read(path) -> Signoff:
    """The sign-off in a YAML file (decision, name, role, date, comment)."""
    source = f"The sign-off file {str(path)!r}"
    try:
        values = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_TextDates)
    except FileNotFoundError as err:
        raise InputError(f"{source} does not exist. Check the path.") from err
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise InputError(f"{source} is not readable YAML ({type(err).__name__}); write one 'field: value' line "
                         f"for each of {', '.join(FIELDS)}.") from err
    return signoff(values if values is not None else {}, source=source)


def as_signoff(value) -> Signoff | None:
    """None, a Signoff, a mapping or a YAML file's path, as a checked Signoff (or None)."""
    if value is None or isinstance(value, Signoff):
        return value
    if isinstance(value, Mapping):
        return signoff(value)
    if isinstance(value, (str, Path)):
        return read(value)
    raise InputError(f"signoff must be a mapping of {', '.join(FIELDS)} or a YAML file; got {type(value).__name__}.")


def from_person(person, values: Mapping) -> Signoff:
    """The sign-off of ``person`` (a dashboard Person: ``email``, ``signed_in``): when signed in, the name is their
    e-mail, whatever name was typed, so nobody signs in another's name."""
    if getattr(person, "signed_in", False):
        values = {**values, "name": person.email}
    return signoff(values)


def _decision(value, source: str) -> str:
    said = " ".join(str(value).replace("_", " ").replace("-", " ").lower().split()) if value is not None else ""
    if said not in DECISIONS:
        raise InputError(f"{source}: decision must be one of {', '.join(map(repr, DECISIONS))}; got {value!r}.")
    return said


def _text(values: Mapping, key: str, source: str, *, required: bool = True) -> str:
    value = values.get(key)
    text = "" if value is None else str(value).strip() if isinstance(value, (str, int, float)) else None
    if text is None:
        raise InputError(f"{source}: {key} must be text; got {type(value).__name__}.")
    if required and not text:
        why = f" for the decision {values.get('decision')!r} (say which exceptions, or why)" if key == "comment" else ""
        raise InputError(f"{source}: {key} is required{why}; write it as text of at most {LONGEST[key]} characters.")
    if len(text) > LONGEST[key]:
        raise InputError(f"{source}: {key} has {len(text)} characters; at most {LONGEST[key]} are allowed.")
    return text


def _date(value, source: str) -> str:
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        try:
            value = date.fromisoformat(str(value).strip())
        except ValueError:
            raise InputError(f"{source}: date must be a calendar date written YYYY-MM-DD (e.g. "
                             f"{date.today().isoformat()}); got {value!r}.") from None
    if value > date.today():
        raise InputError(f"{source}: date {value.isoformat()} is in the future; a sign-off is dated on or before "
                         f"today ({date.today().isoformat()}).")
    return value.isoformat()


def statement(key: str, text: str):
    """A model card statement as typed (one text box): a list of its non-blank lines for :data:`LISTED` keys, else
    the text; blank: None (not stated)."""
    if key not in CARD_KEYS:
        raise InputError(f"{key!r} is not a model card statement; choose from {', '.join(CARD_KEYS)}.")
    if key in LISTED:
        return [line.strip() for line in (text or "").splitlines() if line.strip()] or None
    return (text or "").strip() or None


def with_card(case, card: Mapping | None):
    """``case`` with its model card statements replaced by ``card``'s (key -> text, list of texts, or None/"" to leave
    one unstated); checked as a sidecar's would be. No card: the case itself."""
    if not card:
        return case
    unknown = sorted(str(k) for k in card if k not in CARD_KEYS)
    if unknown:
        raise InputError(f"The model card has no statements {unknown}; its statements are {', '.join(CARD_KEYS)}.")
    merged = {**case.metadata.card, **card}
    checked = read_metadata(None, {k: v for k, v in merged.items() if v not in (None, "", [], ())}).card
    return dataclasses.replace(case, metadata=dataclasses.replace(case.metadata, card=checked))


def sidecar(metadata) -> dict:
    """The sidecar file (``<model>.json``) that reads back as ``metadata``: every key it sets, the filled model card
    statements among them; ``verify --sidecar`` on it matches the sidecar hash of a report made with them."""
    fields = {f.name: getattr(metadata, f.name) for f in dataclasses.fields(metadata)}
    found = {k: v for k, v in fields.items() if k not in ("extra", "card") and v not in (None, (), {}, [])}
    return jsonable({**metadata.extra, **found, **metadata.card})


def sidecar_json(metadata) -> str:
    """:func:`sidecar` as the JSON text of a file to download."""
    return json.dumps(sidecar(metadata), indent=1, ensure_ascii=False)
