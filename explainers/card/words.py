"""The model card's and the regulatory map's sentences (one source for the report and any page)."""

from __future__ import annotations

from ..core.words import number, percent

# key -> (heading, what a person states there)
STATEMENTS = {
    "intended_use": ("Intended use", "what the model decides or supports, for whom, and in which setting"),
    "out_of_scope": ("Out-of-scope uses", "uses the model was not built or tested for"),
    "users": ("Users", "who acts on the model's output"),
    "oversight": ("Human oversight", "how people check, override or stop the model's decisions"),
    "owner": ("Owner and contact", "who answers for the model, and how to reach them"),
    "data_provenance": ("Data provenance", "where the data comes from, which period it covers, how labels were made"),
}
NOT_STATED_CSS = "not-stated"
LIMITATIONS_IN_METHODS = "Each section's limits are listed under Methods and limitations, near the end of this report."
MONITORING = ("The release decision section lists the policy's checks and the rollback criteria: the values at which "
              "the model, once live, should be taken back.")


def not_stated(keys) -> tuple[str, list[str]]:
    """The one box for the statements the sidecar leaves out: a sentence saying so (never a guess), and per
    statement what it is and the sidecar key that fills it."""
    intro = (f"Not stated: the sidecar leaves out {len(keys)} of the model card's {len(STATEMENTS)} statements. "
             "Trustboard does not guess them: before the report is filed, a person responsible for the model adds "
             "each to the sidecar (<model>.json, beside the model file) as text or a list of texts, or types it on "
             "the app's Report page, under \"Model card and sign-off\".")
    return intro, [f'{STATEMENTS[k][0]} ({STATEMENTS[k][1]}): sidecar key "{k}".' for k in keys]


def detail_rows(card) -> list[dict]:
    """Model details as (item, value) rows for a table: what the model is. Its parameters, library versions and file
    hashes are for reproducing it, so they go to the appendix (:func:`parameter_rows`, the Reproducibility table)."""
    details = card.details
    rows = [("Name", card.name), ("Task", card.task), ("Estimator", details["estimator"]),
            ("Steps", " → ".join(details["steps"]))]
    return [{"item": item, "value": value} for item, value in rows]


def parameter_rows(card) -> list[dict]:
    """The final estimator's parameters, the libraries it runs on now and (when the sidecar records them) the
    versions it was built with, as (item, value) rows."""
    details = card.details
    rows = [("Estimator", details["estimator"]), ("Parameters", parameters(details["parameters"])),
            ("Libraries (running now)", versions(details["libraries"]))]
    if details["built_with"]:
        rows.append(("Built with (sidecar)", versions(details["built_with"])))
    return [{"item": item, "value": value} for item, value in rows]


def parameters(found: dict) -> str:
    return ", ".join(f"{k}={v!r}" if isinstance(v, str) else f"{k}={v}" for k, v in found.items()) or "none recorded"


def versions(found: dict) -> str:
    return ", ".join(f"{k} {v}" for k, v in found.items())


def data_sentences(card) -> list[str]:
    """Training and evaluation data in counts and shares (never a row's values)."""
    data = card.data
    labels = f"labelled by '{data['target']}'" if data["target"] else "without labels"
    out = [(f"This report judges the model on {number(data['rows'])} rows and {data['columns']} input columns, "
            f"{labels}.")]
    if "class_balance" in data:
        shares = ", ".join(f"{c} {percent(s)}" for c, s in data["class_balance"].items())
        out.append(f"Class balance of the labels: {shares}.")
    elif "label_mean" in data:
        out.append(f"The label averages {number(data['label_mean'])} (standard deviation {number(data['label_std'])}).")
    training = data["training"]
    if training.get("rows") is not None:
        held = f" and held out {number(training['holdout_rows'])}" if training.get("holdout_rows") is not None else ""
        out.append(f"The sidecar records that the model was trained on {number(training['rows'])} rows{held}.")
    else:
        out.append("The sidecar does not record the training rows; how many rows trained the model is not stated.")
    if data["source"]:
        out.append(f"Source (sidecar): {data['source']}")
    return out


def map_summary(counts: dict) -> str:
    """One sentence counting the map's items by status."""
    parts = [f"{n} {status}" for status, n in counts.items() if n]
    return (f"Of {sum(counts.values())} items of the EU AI Act's Annex IV (technical documentation) and the US "
            "model-risk guidance SR 11-7, " + ", ".join(parts) + ". The map points to where this report answers "
            "each item; it is not a legal assessment of compliance.")
