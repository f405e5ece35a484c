"""The model card's and the regulatory map's sentences (one source for the report and any page), in the reader's
language (whole templates from explainers/locale/, numbers the local way); keys, data values and the sidecar's own
statements stay as they are."""

from __future__ import annotations

from ..core.language import N_, _, count, ngettext, number, percent

# key -> (heading, what a person states there); marked here, translated where shown (:func:`statement_heading`)
STATEMENTS = {
    "intended_use": (N_("Intended use"), N_("what the model decides or supports, for whom, and in which setting")),
    "out_of_scope": (N_("Out-of-scope uses"), N_("uses the model was not built or tested for")),
    "users": (N_("Users"), N_("who acts on the model's output")),
    "oversight": (N_("Human oversight"), N_("how people check, override or stop the model's decisions")),
    "owner": (N_("Owner and contact"), N_("who answers for the model, and how to reach them")),
    "data_provenance": (N_("Data provenance"), N_("where the data comes from, which period it covers, how labels "
                                                  "were made")),
}
NOT_STATED_CSS = "not-stated"
LIMITATIONS_IN_METHODS = N_("Each section's limits are listed under Methods and limitations, near the end of this "
                            "report.")
# Translators: rollback is taking the live model back (returning to the previous one).
MONITORING = N_("The release decision section lists the policy's checks and the rollback criteria: the values at "
                "which the model, once live, should be taken back.")


def statement_heading(key: str) -> str:
    """A model card statement's heading ("Intended use") in the reader's language."""
    return _(STATEMENTS[key][0])


def not_stated(keys) -> tuple[str, list[str]]:
    """The one box for the statements the sidecar leaves out: a sentence saying so (never a guess), and per
    statement what it is and the sidecar key that fills it."""
    # Translators: the sidecar is the JSON file beside the model file; keep <model>.json as it is.
    intro = ngettext("Not stated: the sidecar leaves out {n} of the model card's {total} statements. Trustboard does "
                     "not guess them: before the report is filed, a person responsible for the model adds each to the "
                     "sidecar (<model>.json, beside the model file) as text or a list of texts, or types it on the "
                     "app's Report page, under \"Model card and sign-off\".",
                     "Not stated: the sidecar leaves out {n} of the model card's {total} statements. Trustboard does "
                     "not guess them: before the report is filed, a person responsible for the model adds each to the "
                     "sidecar (<model>.json, beside the model file) as text or a list of texts, or types it on the "
                     "app's Report page, under \"Model card and sign-off\".", len(keys), total=count(len(STATEMENTS)))
    return intro, [_('{statement} ({what}): sidecar key "{key}".', statement=_(STATEMENTS[k][0]),
                     what=_(STATEMENTS[k][1]), key=k) for k in keys]


def task_name(task: str) -> str:
    """The model's task ("binary") in the reader's language; the result keeps the English key."""
    # Translators: the kind of model: a binary classifier, a multiclass classifier, a regression.
    names = {"binary": _("binary"), "multiclass": _("multiclass"), "regression": _("regression")}
    return names.get(task, task)


def detail_rows(card) -> list[dict]:
    """Model details as (item, value) rows for a table: what the model is. Its parameters, library versions and file
    hashes are for reproducing it, so they go to the appendix (:func:`parameter_rows`, the Reproducibility table)."""
    details = card.details
    rows = [(_("Name"), card.name), (_("Task"), task_name(card.task)), (_("Estimator"), details["estimator"]),
            (_("Steps"), " → ".join(details["steps"]))]
    return [{"item": item, "value": value} for item, value in rows]


def parameter_rows(card) -> list[dict]:
    """The final estimator's parameters, the libraries it runs on now and (when the sidecar records them) the
    versions it was built with, as (item, value) rows."""
    details = card.details
    rows = [(_("Estimator"), details["estimator"]), (_("Parameters"), parameters(details["parameters"])),
            (_("Libraries (running now)"), versions(details["libraries"]))]
    if details["built_with"]:
        rows.append((_("Built with (sidecar)"), versions(details["built_with"])))
    return [{"item": item, "value": value} for item, value in rows]


def parameters(found: dict) -> str:
    return (", ".join(f"{k}={v!r}" if isinstance(v, str) else f"{k}={v}" for k, v in found.items())
            or _("none recorded"))


def versions(found: dict) -> str:
    return ", ".join(f"{k} {v}" for k, v in found.items())


def data_sentences(card) -> list[str]:
    """Training and evaluation data in counts and shares (never a row's values)."""
    data = card.data
    size = {"rows": number(data["rows"]), "columns": count(data["columns"]), "target": f"'{data['target']}'"}
    out = [_("This report judges the model on {rows} rows and {columns} input columns, labelled by {target}.", **size)
           if data["target"] else
           _("This report judges the model on {rows} rows and {columns} input columns, without labels.", **size)]
    if "class_balance" in data:
        shares = ", ".join(f"{c} {percent(s)}" for c, s in data["class_balance"].items())
        out.append(_("Class balance of the labels: {shares}.", shares=shares))
    elif "label_mean" in data:
        out.append(_("The label averages {mean} (standard deviation {std}).", mean=number(data["label_mean"]),
                     std=number(data["label_std"])))
    training = data["training"]
    if training.get("rows") is not None and training.get("holdout_rows") is not None:
        out.append(_("The sidecar records that the model was trained on {rows} rows and held out {holdout}.",
                     rows=number(training["rows"]), holdout=number(training["holdout_rows"])))
    elif training.get("rows") is not None:
        out.append(_("The sidecar records that the model was trained on {rows} rows.", rows=number(training["rows"])))
    else:
        out.append(_("The sidecar does not record the training rows; how many rows trained the model is not stated."))
    if data["source"]:
        out.append(_("Source (sidecar): {source}", source=data["source"]))
    return out


def map_summary(counts: dict) -> str:
    """One sentence counting the map's items by status."""
    parts = [_counted(status, n) for status, n in counts.items() if n]
    return _("Of {total} items of the EU AI Act's Annex IV (technical documentation) and the US model-risk guidance "
             "SR 11-7, {counts}. The map points to where this report answers each item; it is not a legal assessment "
             "of compliance.", total=count(sum(counts.values())), counts=", ".join(parts))


def _counted(status: str, n: int) -> str:
    """"11 filled automatically": how many of the map's items have ``status`` (plural forms per language)."""
    # Translators: how many regulatory items are answered in this way, e.g. "11 filled automatically".
    forms = {"filled automatically": lambda: ngettext("{n} filled automatically", "{n} filled automatically", n),
             "filled from the sidecar": lambda: ngettext("{n} filled from the sidecar", "{n} filled from the sidecar",
                                                         n),
             "to be supplied by a person": lambda: ngettext("{n} to be supplied by a person",
                                                            "{n} to be supplied by a person", n)}
    return forms[status]() if status in forms else f"{count(n)} {_(status)}"
