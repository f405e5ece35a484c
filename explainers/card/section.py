"""Report sections: the model card (after the summary and the release decision), its parameters (an appendix
before Reproducibility) and the regulatory map (an appendix)."""

from __future__ import annotations

import pandas as pd

from ..core.language import N_, _
from ..report.registry import section
from ..value import value
from ..value import words as value_words
from ..value.section import options as value_options
from . import words
from .card import STATEMENT_KEYS, model_card
from .regulatory import regulatory_map

SIGNATURE = ("signature", N_("Signature"))  # the block every HTML and JSON report ends with (not a registered section)


@section("model_card", "Model card", 8,
         # Translators: the sidecar is the JSON file beside the model file that describes it.
         limitation=N_("The model card's statements (intended use, users, oversight, owner, data provenance) are "
                       "copied from the sidecar as given; Trustboard does not check them."))
def model_card_section(ctx, out) -> None:
    card = _card(ctx)
    out.result("model_card", card)
    out.heading(_("Model details"))
    out.table(_item_table(words.detail_rows(card)))
    out.text(_("Its parameters, the library versions and the file hashes are in the appendices (Model parameters, "
               "Reproducibility)."), "muted")
    for key in STATEMENT_KEYS:
        if key == "data_provenance":
            out.heading(_("Training and evaluation data"))
            for sentence in words.data_sentences(card):
                out.text(sentence)
        if card.statements[key] is not None:
            out.heading(words.statement_heading(key))
            _statement(out, card.statements[key])
    if any(s.name == "release" for s in ctx.plan):
        out.heading(_("Monitoring"))
        out.text(_(words.MONITORING))
    if any(s.name == "value" for s in ctx.plan) and ctx.case.task in ("binary", "regression") and ctx.case.labelled:
        # Translators: the fallback is what replaces the model's decisions if it is taken back.
        out.heading(_("Fallback plan"))  # the value section's own result, computed once for both
        out.text(value_words.fallback_plan(ctx.once(value, **value_options(ctx)), ctx.case))
    out.heading(_("Limitations"))
    if any(s.name == "methods" for s in ctx.plan):  # the same sentences, listed once
        out.text(_(words.LIMITATIONS_IN_METHODS))
    else:
        out.bullets([_(limit) for limit in card.limitations] or [_("No section of this report states a limitation.")])
    if card.not_stated:
        out.heading(_("Not stated yet"))
        intro, items = words.not_stated(card.not_stated)
        out.items.append({"kind": "note", "css": words.NOT_STATED_CSS, "text": intro, "items": items})
        out.sentences.append(intro)


def _item_table(rows: list[dict]) -> pd.DataFrame:
    """(item, value) rows as a table with its two headers in the reader's language ("item", "value" in English)."""
    # Translators: the two headers of the model card's tables: what is described, and its value.
    return pd.DataFrame(rows).rename(columns={"item": _("item"), "value": _("value")})


def _card(ctx):
    return ctx.once(model_card, limitations=tuple(s.limitation for s in ctx.plan if s.limitation))


def _statement(out, value) -> None:
    if isinstance(value, str):
        out.text(value)
    else:
        out.bullets(list(value))


@section("model_parameters", "Model parameters", 990)
def model_parameters_section(ctx, out) -> None:
    """The fitted model's own parameters and library versions: what reproducing it needs, not what a reader
    deciding on it needs first (the model card keeps what the model is)."""
    card = _card(ctx)
    out.table(_item_table(words.parameter_rows(card)))
    out.result("parameters", {"estimator": card.details["estimator"], "parameters": card.details["parameters"],
                              "libraries": card.details["libraries"], "built_with": card.details["built_with"]})


@section("regulatory_map", "Regulatory map", 950)
def regulatory_map_section(ctx, out) -> None:
    stated = {k for k, v in getattr(ctx.case.metadata, "card", {}).items() if k in STATEMENT_KEYS and v}
    found = regulatory_map(_contents(ctx), stated, signed_off=bool(getattr(ctx, "signoff", None)))
    out.result("regulatory_map", found)
    out.text(words.map_summary(found.counts))
    titles = {s.name: (_(s.title), s.anchor) for s in ctx.plan} | {SIGNATURE[0]: (_(SIGNATURE[1]), SIGNATURE[0])}
    rows = [[f"{_text(i, 'framework')} {i['reference']}", _text(i, "item"),
             [titles[name] for name in i["sections"]] or "—", _text(i, "status"), _still_needed(i)]
            for i in found.items]
    # Translators: the regulatory map's headers: the regulation's item, where this report answers it, its status.
    out.linked_table([_("Requirement"), _("Item"), _("Answered in"), _("Status"), _("Still to supply")], rows)


def _contents(ctx) -> dict:
    """Section name -> result keys it recorded (None for sections the report builds after this one)."""
    contents = {b.section.name: set(b.blocks.results) for b in ctx.built if not b.skipped}
    done = {b.section.name for b in ctx.built}
    for later in ctx.plan:
        if later.name not in done and not (later.needs_labels and not ctx.case.labelled):
            contents[later.name] = None
    contents[SIGNATURE[0]] = set()
    return contents


def _text(item: dict, key: str) -> str:
    """A map item's English text (marked in requirements.py and regulatory.py) in the reader's language."""
    text = item[key]
    return _(text)


def _still_needed(item: dict) -> str:
    person = item["person"]
    parts = [_('sidecar "{key}"', key=key) for key in item["missing"]] + ([_(person)] if person else [])
    return "; ".join(parts) or "—"
