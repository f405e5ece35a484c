"""Sidecar metadata: what the data's columns mean and how the model's errors are judged.

A model file ``credit.joblib`` may have ``credit.json`` beside it (see DESIGN.md); the
``metadata=`` argument of :func:`explainers.load` overrides it key by key.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..core.case import Metadata
from ..core.errors import MetadataError, preview

COST_KEYS = ("false_positive", "false_negative")
LIST_KEYS = ("immutable", "sensitive", "private")
TEXT_KEYS = ("title", "data_source", "target")
CARD_KEYS = ("intended_use", "out_of_scope", "users", "oversight", "owner", "data_provenance")  # model card: text or list
VALUE_NUMBERS = ("true_positive", "false_positive", "true_negative", "false_negative", "review",  # gains +, costs -
                 "per_unit_error", "per_decision")  # a regressor's: per unit of absolute error, per prediction
VALUE_KEYS = (*VALUE_NUMBERS, "currency", "per", "monthly_volume")
KNOWN_KEYS = {*TEXT_KEYS, "positive_class", "favourable_class", "descriptions", "costs", "value", "built_with", "training",
              "actionability", "policy", *LIST_KEYS, *CARD_KEYS}
MAX_COST = 1e12  # larger costs overflow when summed over rows and thresholds


def sidecar_path(model_path) -> Path | None:
    """``<model>.json`` beside a model file (``m.joblib`` -> ``m.json`` or ``m.joblib.json``)."""
    path = Path(model_path)
    for candidate in (path.with_suffix(".json"), path.with_name(path.name + ".json")):
        if candidate.is_file():
            return candidate
    return None


def read_metadata(sidecar=None, override=None) -> Metadata:
    """Merge a sidecar (path or dict) with an override (path or dict) and validate the result."""
    merged = {**_as_dict(sidecar), **_as_dict(override)}
    unknown = {k: v for k, v in merged.items() if k not in KNOWN_KEYS}
    for key in TEXT_KEYS:
        if merged.get(key) is not None and not isinstance(merged[key], str):
            raise MetadataError(f'Metadata "{key}" must be text, got {type(merged[key]).__name__} {merged[key]!r}.'
                                " Fix the sidecar.")
    if isinstance(merged.get("positive_class"), (list, dict)):
        raise MetadataError(f'Metadata "positive_class" must be one class label, got {merged["positive_class"]!r}.')
    for key in LIST_KEYS:
        value = merged.get(key, [])
        if isinstance(value, str) or not isinstance(value, (list, tuple)):
            raise MetadataError(f'Metadata "{key}" must be a list of column names, got {value!r}.')
        if not all(isinstance(v, str) for v in value):
            raise MetadataError(f'Metadata "{key}" must list column names as text, got {value!r}.')
    descriptions = merged.get("descriptions") or {}
    if not isinstance(descriptions, dict):
        raise MetadataError(f'Metadata "descriptions" must map column names to text, got {type(descriptions).__name__}.')
    actionability = merged.get("actionability") or {}
    if not isinstance(actionability, dict):
        raise MetadataError('Metadata "actionability" must map column names to {"forbid": [...], "cost": n}, '
                            f"got {type(actionability).__name__}.")
    return Metadata(
        card=_card(merged),
        actionability=actionability,
        policy=merged.get("policy"),
        favourable_class=merged.get("favourable_class"),
        title=merged.get("title"),
        data_source=merged.get("data_source"),
        target=merged.get("target"),
        positive_class=merged.get("positive_class"),
        descriptions={str(k): str(v) for k, v in descriptions.items()},
        immutable=tuple(merged.get("immutable", ())),
        sensitive=tuple(merged.get("sensitive", ())),
        private=tuple(merged.get("private", ())),
        costs=_costs(merged.get("costs") or {}),
        value=_value(merged.get("value") or {}),
        extra=unknown,
    )


def _as_dict(source) -> dict:
    if source is None:
        return {}
    if isinstance(source, Metadata):
        found = {k: v for k, v in source.__dict__.items() if k not in ("extra", "card") and v not in (None, (), {})}
        return {**found, **source.card}
    if isinstance(source, dict):
        return dict(source)
    path = Path(source)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise MetadataError(f"Metadata file {str(path)!r} does not exist. Check the path.") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise MetadataError(f"Metadata file {path.name} is not valid JSON ({exc}). Fix the file or remove it.") from exc
    if not isinstance(data, dict):
        raise MetadataError(f"Metadata file {path.name} must hold a JSON object, got {type(data).__name__}.")
    return data


def _card(merged: dict) -> dict:
    """The model card's statements that are given (blank ones are not), and the sidecar's build records.

    Each statement is a text or a tuple of texts; ``built_with`` and ``training`` (written beside
    the sample models) are kept when they are objects, so the card can say what the model was built with.
    """
    card = {key: merged[key] for key in ("built_with", "training") if isinstance(merged.get(key), dict)}
    for key in CARD_KEYS:
        value = merged.get(key)
        if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
            value = tuple(v.strip() for v in value if v.strip())
        elif isinstance(value, str):
            value = value.strip()
        elif value is not None:
            raise MetadataError(f'Metadata "{key}" must be text or a list of texts, got {preview([value], 1)}. '
                                "Fix the sidecar.")
        if value:
            card[key] = value
    return card


def _costs(costs) -> dict:
    if not isinstance(costs, dict):
        raise MetadataError('Metadata "costs" must be an object like {"false_positive": 1, "false_negative": 5}.')
    unknown = [k for k in costs if k not in COST_KEYS]
    if unknown:
        raise MetadataError(f'Metadata "costs" has unknown keys {preview(unknown)}; use {preview(COST_KEYS)}.')
    bad = [k for k, v in costs.items()
           if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v <= MAX_COST]  # NaN fails too
    if bad:
        raise MetadataError(f'Metadata "costs" must be finite, non-negative numbers no larger than {MAX_COST:.0e}; '
                            f"check {preview([f'{k}={costs[k]!r}' for k in bad])}.")
    return {k: float(v) for k, v in costs.items()}


def _value(value) -> dict:
    """The sidecar's ``value``: money (or any unit) per outcome and per review, ``currency``, ``per`` (what one
    decision is, e.g. "application") and ``monthly_volume`` (decisions a month)."""
    if not isinstance(value, dict):
        raise MetadataError('Metadata "value" must be an object like {"currency": "EUR", "true_positive": 0, '
                            '"false_positive": -200, "false_negative": -1000, "review": -15, "monthly_volume": 5000}.')
    unknown = [k for k in value if k not in VALUE_KEYS]
    if unknown:
        raise MetadataError(f'Metadata "value" has unknown keys {preview(unknown)}; use {preview(VALUE_KEYS)}.')
    bad = [k for k in (*VALUE_NUMBERS, "monthly_volume") if k in value and (
        isinstance(value[k], bool) or not isinstance(value[k], (int, float)) or not abs(value[k]) <= MAX_COST
        or (k == "monthly_volume" and value[k] < 0))]
    if bad:
        raise MetadataError(f'Metadata "value" must hold finite numbers no larger than {MAX_COST:.0e} (gains positive, '
                            f"costs negative; monthly_volume at least 0); check {preview([f'{k}={value[k]!r}' for k in bad])}.")
    texts = [k for k in ("currency", "per") if k in value and not isinstance(value[k], str)]
    if texts:
        raise MetadataError(f'Metadata "value": {texts[0]} must be text (e.g. "EUR", "application").')
    return {k: (v if k in ("currency", "per") else float(v)) for k, v in value.items()}
