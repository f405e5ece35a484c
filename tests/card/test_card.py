"""The model card (after the summary: sidecar statements, the unstated ones in one list), its parameters appendix and
the regulatory map."""

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
CARD_ONLY = ["model_card", "summary", "methods", "regulatory_map", "model_parameters", "reproducibility"]


def _card_section(html: str) -> str:
    return html[html.index('<section id="model-card"'):html.index("</section>", html.index('id="model-card"'))]


@pytest.fixture(scope="module")
def plain_and_stated(german):
    plain = load_quietly(german.model_path, german.holdout_path)
    stated = load_quietly(german.model_path, german.holdout_path, metadata=STATED)
    return plain, stated


def test_summary_comes_first_then_the_decision_and_the_card_and_the_appendices_last():
    order = list(titles())
    assert order[:3] == ["summary", "release", "model_card"]
    assert (order.index("methods") < order.index("regulatory_map") < order.index("model_parameters")
            < order.index("reproducibility") == len(order) - 1)


def test_card_lists_what_is_not_stated_in_one_box_with_the_sidecar_key(plain_and_stated):
    html = render(plain_and_stated[0], sections=CARD_ONLY)
    card = _card_section(html)
    assert card.count('class="not-stated"') == 1 and "<h3>Not stated yet</h3>" in card
    box = card[card.index('class="not-stated"'):]
    assert "Not stated: the sidecar leaves out 6 of the model card&#39;s 6 statements" in box
    for key, (heading, ask) in STATEMENTS.items():
        assert f"<h3>{heading}</h3>" not in card, key  # no empty heading per statement
        assert f"<li>{heading} ({ask.replace(chr(39), '&#39;')}): sidecar key &#34;{key}&#34;.</li>" in box, key
    for heading in ("Model details", "Training and evaluation data", "Limitations"):
        assert f"<h3>{heading}</h3>" in card
    assert "RandomForestClassifier" in card


def test_parameters_versions_and_hashes_are_in_the_appendices_not_the_card(plain_and_stated):
    case = plain_and_stated[0]
    html = render(case, sections=CARD_ONLY)
    card = _card_section(html)
    assert "ccp_alpha" not in card and "scikit-learn" not in card and case.source["model_sha256"] not in card
    start = html.index('<section id="model-parameters"')
    appendix = html[start:html.index("</section>", start)]
    assert "ccp_alpha=0.0" in appendix and "n_estimators=300" in appendix and "scikit-learn" in appendix
    start = html.index('<section id="reproducibility"')
    assert case.source["model_sha256"] in html[start:html.index("</section>", start)]


def test_card_shows_the_statements_when_given_escaped(plain_and_stated):
    html = render(plain_and_stated[1], sections=CARD_ONLY)
    card = _card_section(html)
    assert "Not stated" not in card and 'class="not-stated"' not in card
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


def test_signed_test_logs_wait_for_a_person_s_sign_off():
    """The signature block dates the report, but "dated and signed" is not filled until a person signs it off."""
    contents = {"model_card": set(), "reproducibility": set(), "signature": set()}
    key = ("2(g)", "Test logs dated and signed")
    unsigned = {(i["reference"], i["item"]): i for i in regulatory_map(contents, set()).items}[key]
    assert unsigned["status"] == PERSON and unsigned["sections"] == [] and "signature" in unsigned["person"]
    signed = {(i["reference"], i["item"]): i for i in regulatory_map(contents, set(), signed_off=True).items}[key]
    assert signed["status"] == AUTOMATIC and signed["sections"] == ["signature"] and signed["person"] == ""


def test_map_in_a_report_links_to_its_sections(plain_and_stated):
    html = render(plain_and_stated[1], sections=CARD_ONLY)
    start = html.index('<section id="regulatory-map"')
    table = html[start:html.index("</section>", start)]
    assert '<a href="#model-card">Model card</a>' in table and '<a href="#signature">Signature</a>' in table
    assert '<a href="#performance">' not in table  # not in this report, so not claimed
    assert SIDECAR in table and PERSON in table and AUTOMATIC in table
