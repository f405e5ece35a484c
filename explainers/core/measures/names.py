"""Display names of the metric keys: the one list (words, the glossary and the pages read it). Marked N_ here and
translated where shown (:func:`display_name`)."""

from ..language import N_, _

NAMES = {  # stable metric key -> display name
    "accuracy": N_("Accuracy"),
    "balanced_accuracy": N_("Balanced accuracy"),
    "roc_auc": N_("ROC AUC"),
    "average_precision": N_("PR AUC (average precision)"),
    "f1": N_("F1"),
    "f1_macro": N_("Macro F1"),
    "precision": N_("Precision"),
    "recall": N_("Recall"),
    "log_loss": N_("Log loss"),
    "brier_score": N_("Brier score"),
    "mae": N_("Mean absolute error"),
    "rmse": N_("Root mean squared error"),
    "r2": N_("R²"),
    "median_absolute_error": N_("Median absolute error"),
    "selection_rate": N_("Selection rate"),
    "true_positive_rate": N_("True positive rate"),
    "false_positive_rate": N_("False positive rate"),
    "false_negative_rate": N_("False negative rate"),
    "true_negative_rate": N_("True negative rate"),
    "expected_calibration_error": N_("Expected calibration error"),
    "count": N_("Rows"),
}


def display_name(key: str) -> str:
    """A metric key's display name in the reader's language ("roc_auc" -> "ROC AUC"); unknown keys read as words."""
    return _(NAMES[key]) if key in NAMES else key.replace("_", " ").capitalize()
