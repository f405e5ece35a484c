"""The hostile case plus text GFM would turn into live links: bare web addresses and e-mails from data.

tests/hostile_case.py plants Markdown, HTML, LaTeX and directives; this adds a URL-only column name,
an e-mail column name, a URL-only class label, a URL-only category (also a group of a sensitive column)
and an e-mail category. Every planted address contains ``evil.example``: a page whose ``<a href>``
points there made a link from data (issue 27, item 1).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from tests import hostile_case

MARK = "evil.example"  # in every planted address
LEAK = hostile_case.LEAK  # the images and links of tests/hostile_case.py point there
COLUMNS = {**hostile_case.COLUMNS, "employment_since": "https://evil.example/column",
           "telephone": "owner@evil.example"}
CLASSES = {"bad": hostile_case.CLASSES["bad"], "good": "www.evil.example"}
CATEGORIES = {"housing": {"rent": "http://evil.example/rent"},          # a group of a sensitive column
              "property": {"car or other": "www.evil.example/car"},
              "other_debtors": {"guarantor": "guarantor@evil.example"}}
# What GFM links when it is left whole: the scheme, "www." and "@" right before the address.
LINKABLE = ("https://evil.example", "http://evil.example", "www.evil.example", "@evil.example")
MARKUP = hostile_case.MARKUP


def write(folder: Path, german_holdout: Path) -> tuple[Path, Path]:
    """Train the hostile model with linkable texts on the German credit holdout; return (model, data) paths."""
    frame = pd.read_csv(german_holdout)
    frame["purpose"] = frame["purpose"].where(frame.index % 7 != 0, hostile_case.VALUE)
    for column, values in CATEGORIES.items():
        frame[column] = frame[column].replace(values)
    frame["credit_risk"] = frame["credit_risk"].map(CLASSES)
    frame = frame.rename(columns=COLUMNS)
    target = "credit_risk"
    model_path, data_path = hostile_case.train_and_save(frame, target, folder)
    sidecar = {
        "title": hostile_case.TITLE + " https://evil.example/title", "target": target,
        "positive_class": CLASSES["bad"],
        "descriptions": {COLUMNS["age"]: f"Age ![d]({hostile_case.LEAK}/leak-description) :red[**x**]",
                         COLUMNS["purpose"]: "<script>alert(1)</script>",
                         COLUMNS["employment_since"]: "see www.evil.example/help or help@evil.example"},
        "sensitive": [COLUMNS["age"], COLUMNS["housing"]],
        "immutable": [COLUMNS["age"]],
        "costs": {"false_positive": 1, "false_negative": 5},
    }
    model_path.with_suffix(".json").write_text(json.dumps(sidecar))
    return model_path, data_path
