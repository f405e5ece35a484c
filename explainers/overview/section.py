"""Report section: the summary (what the model is, on what data, the verdict in a few sentences): the report's
first page, before the release decision and the model card."""

from __future__ import annotations

from ..core.language import N_, _, current, pgettext
from ..report.registry import section
from .model import feature_table, model_structure
from .words import data_sentence, labels_sentence, model_in_words, model_sentence, verdict

NO_PROBABILITY = N_("The model has no predict_proba, so it gives decisions and decision scores (decision_function), "
                  "not probabilities: the probability sections (calibration, confidence sets, probability "
                  "thresholds) are left out, and attributions explain the decision score.")


def _readable(table):
    """The feature table with headers in the reader's language (English: the keys, as the table always was)."""
    if current() == "en":
        return table
    headers = {
        # Translators: the headers of the summary's table of input columns: the column's name, its description,
        # its kind (category, whole number, number), a few example values, and its categories or range.
        "feature": pgettext("feature table", "feature"), "description": pgettext("feature table", "description"),
        "kind": pgettext("feature table", "kind"), "examples": pgettext("feature table", "examples"),
        "values": pgettext("feature table", "values")}
    return table.rename(columns=headers)


@section("summary", "Summary", 2,
         limitation=N_("Metrics are measured on the rows given; they say nothing about data unlike them."))
def summary(ctx, out) -> None:
    case = ctx.case
    structure = model_structure(case)
    out.text(model_sentence(case))
    if case.is_classifier and case.proba is None:
        out.text(_(NO_PROBABILITY))
    out.text(model_in_words(case))  # the class names and steps are in the appendix (Model parameters)
    out.text(data_sentence(case))
    labels = labels_sentence(case)
    if labels:
        out.text(labels)
    out.text(verdict(ctx), "verdict")
    for note in case.notes:
        out.text(_("Note from loading: {note}", note=note), "muted")
    out.table(_readable(feature_table(case).drop(columns=["missing"])))
    out.result("model", structure)
