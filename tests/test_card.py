"""The model card (first section: sidecar statements or a visible 'not stated') and the regulatory map."""

from __future__ import annotations

import json

import pytest
from conftest import load_quietly

from explainers import MetadataError
from explainers.card.regulatory import AUTOMATIC, PERSON, SIDECAR, regulatory_map
from explainers.card.words import STATEMENTS
from explainers.report import render, titles

STATED = {"intended_use": "Rank loan applications for a second look by a credit officer.",
          "out_of_scope": ["Declining an application without a person", "Applicants outside Germany"],
          "users": ["Credit officers"], "oversight": "Every decline is reviewed by a credit officer.",
          "owner": "Credit risk team, risk@example.org", "data_provenance": "<b>Statlog</b> 1994, loans of 1973-75"}
CARD_ONLY = ["model_card", "summary", "methods", "regulatory_map", "reproducibility"]


def _card_section(html: str) -> str:
    return html[html.index('<section id="model-card"'):html.index("</section>", html.index('id="model-card"'))]


@pytest.fixture(scope="module")
def plain_and_stated(german):
    plain = load_quietly(german.model_path, german.holdout_path)
    stated = load_quietly(german.model_path, german.holdout_path, metadata=STATED)
    return plain, stated


def test_model_card_comes_first_and_the_map_before_reproducibility():
    order = list(titles())
    assert order[0] == "model_card"
    assert order.index("methods") < order.index("regulatory_map") < order.index("reproducibility")


def test_card_says_not_stated_in_a_visible_box_when_the_sidecar_is_silent(plain_and_stated):
    html = render(plain_and_stated[0], sections=CARD_ONLY)
    card = _card_section(html)
    for key, (heading, _) in STATEMENTS.items():
        assert f"<h3>{heading}</h3>" in card
        assert f'Not stated. The sidecar has no &#34;{key}&#34;' in card, key
    assert card.count('class="not-stated"') == len(STATEMENTS)
    for heading in ("Model details", "Training and evaluation data", "Limitations"):
        assert f"<h3>{heading}</h3>" in card
    assert "RandomForestClassifier" in card and "n_estimators=300" in card and "scikit-learn" in card
    assert plain_and_stated[0].source["model_sha256"] in card


def test_card_shows_the_statements_when_given_escaped(plain_and_stated):
    html = render(plain_and_stated[1], sections=CARD_ONLY)
    card = _card_section(html)
    assert "Not stated" not in card
    assert "Rank loan applications for a second look by a credit officer." in card
    assert "<li>Applicants outside Germany</li>" in card and "risk@example.org" in card
    assert "<b>Statlog</b>" not in card and "&lt;b&gt;Statlog&lt;/b&gt;" in card


def test_card_prints_no_row_values(plain_and_stated):
    """Counts, shares, parameters and statements only: no category value of any column appears in the card."""
    case = plain_and_stated[0]
    card = json.loads(render(case, format="json", sections=["model_card"]))["sections"]["model_card"]
    text = json.dumps(card)
    values = {str(v) for column in case.categories for v in case.categories[column] if len(str(v)) > 3}
    assert values and not [v for v in values if v in text]
    assert card["results"]["model_card"]["data"]["class_balance"] == pytest.approx({"bad": 0.3, "good": 0.7})


def test_sidecar_statements_must_be_text_or_lists_of_text(german):
    with pytest.raises(MetadataError, match='"users" must be text or a list of texts'):
        load_quietly(german.model_path, german.holdout_path, metadata={"users": [1, 2]})
    case = load_quietly(german.model_path, german.holdout_path, metadata={"owner": "  ", "users": []})
    assert not {"owner", "users"} & set(case.metadata.card)  # blank is not stated
    assert case.metadata.extra == {}


def test_map_is_computed_from_what_the_report_holds():
    full = {"model_card": set(), "summary": set(), "performance": {"performance"}, "why": set(),
            "failures": {"failures", "groups_age"}, "confidence": {"coverage_by_group"}, "robustness": set(),
            "data_health": set(), "methods": set(), "reproducibility": None, "signature": set()}
    items = {(i["reference"], i["item"]): i for i in regulatory_map(full, set()).items}
    groups = items[("3", "Capabilities and limitations, accuracy for specific persons or groups")]
    assert groups["status"] == AUTOMATIC and groups["sections"] == ["failures", "confidence"]
    assert items[("1(a)", "Intended purpose, provider and version")]["status"] == PERSON
    assert items[("6", "Changes made through the lifecycle")]["status"] == PERSON  # no challenger compared
    bare = {k: v for k, v in full.items() if k not in ("performance", "failures", "confidence")}
    bare_items = {(i["reference"], i["item"]): i for i in regulatory_map(bare, {"intended_use", "owner"}).items}
    assert bare_items[("3", "Capabilities and limitations, accuracy for specific persons or groups")]["status"] == PERSON
    assert bare_items[("4", "Appropriateness of the performance metrics")]["status"] == PERSON
    purpose = bare_items[("1(a)", "Intended purpose, provider and version")]
    assert purpose["status"] == SIDECAR and purpose["sections"] == ["model_card"] and purpose["missing"] == []


def test_map_in_a_report_links_to_its_sections(plain_and_stated):
    html = render(plain_and_stated[1], sections=CARD_ONLY)
    start = html.index('<section id="regulatory-map"')
    table = html[start:html.index("</section>", start)]
    assert '<a href="#model-card">Model card</a>' in table and '<a href="#signature">Signature</a>' in table
    assert '<a href="#performance">' not in table  # not in this report, so not claimed
    assert SIDECAR in table and PERSON in table and AUTOMATIC in table
