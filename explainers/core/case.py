"""The Case: one fitted model, the table it is judged on, and what we know about both."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


@dataclass(frozen=True)
class Metadata:
    """What the sidecar says about a model; every field is optional.

    ``card``: the model card's statements a person makes (intended_use, out_of_scope, users,
    oversight, owner, data_provenance; keys not stated are absent). ``actionability``: per-column
    forbidden values and change costs for counterfactuals. ``policy``: the release policy (YAML text
    or checks). ``favourable_class``: the outcome that is good news for a person (fairness). ``value``: what
    each outcome is worth (true_positive ... review, currency, per, monthly_volume; explainers.value).
    ``extra``: keys nobody reads, kept so loading can say they were ignored.
    """

    title: str | None = None
    data_source: str | None = None
    target: str | None = None
    positive_class: object = None
    favourable_class: object = None
    descriptions: dict = field(default_factory=dict)
    immutable: tuple = ()
    sensitive: tuple = ()
    private: tuple = ()  # columns whose row-level values are never shown (explainers.core.privacy)
    costs: dict = field(default_factory=dict)
    value: dict = field(default_factory=dict)  # money per outcome and per review, currency, monthly volume (value/)
    card: dict = field(default_factory=dict)
    actionability: dict = field(default_factory=dict)
    policy: object = None
    extra: dict = field(default_factory=dict)


TASKS = ("binary", "multiclass", "regression")


@dataclass(frozen=True, eq=False)
class Case:
    """Everything the engine needs about a model and its data; built by :func:`explainers.load`.

    ``X`` holds the model's input columns in the model's order; ``y`` the labels (or None);
    ``predicted`` the model's own predictions for every row of ``X`` and ``proba`` its class
    probabilities (columns are ``classes``) when it has them. ``notes`` lists what loading fixed
    up or found suspicious. ``fingerprint`` identifies the content, for caching.
    """

    name: str
    model: object
    X: pd.DataFrame
    y: pd.Series | None
    task: str
    classes: tuple | None
    positive_class: object
    feature_kinds: dict[str, str]
    categories: dict[str, list]
    metadata: Metadata
    predicted: pd.Series
    proba: pd.DataFrame | None
    notes: tuple[str, ...] = ()
    source: dict = field(default_factory=dict)
    fingerprint: str = ""
    whole: object = field(default=None, repr=False, compare=False)  # a dask case's whole data (explainers/scale)

    @property
    def n_rows(self) -> int:
        """Rows of the whole data: ``len(X)``, or for a dask case all rows of which ``X`` is a sample."""
        return len(self.X) if self.whole is None else self.whole.n_rows

    @property
    def is_classifier(self) -> bool:
        return self.task in ("binary", "multiclass")

    @property
    def labelled(self) -> bool:
        return self.y is not None

    @property
    def target(self) -> str | None:
        return None if self.y is None else str(self.y.name)

    def describe(self, column: str) -> str:
        """The sidecar's plain-words description of a column, or an empty string."""
        return self.metadata.descriptions.get(column, "")

    def __repr__(self) -> str:
        labels = f"labelled by {self.target!r}" if self.labelled else "unlabelled"
        return f"<Case {self.name!r}: {self.task}, {len(self.X)} rows x {self.X.shape[1]} columns, {labels}>"
