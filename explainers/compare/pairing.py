"""Two Cases on the same labelled rows, or an InputError saying what differs and how to fix it."""

from __future__ import annotations

import dataclasses
import warnings

import pandas as pd

from ..core.case import Case
from ..core.errors import InputError, InputWarning, preview
from ..io.load import load

FIX = "Load both models on the same data file, e.g. explainers.load(model, data) for each."


def on_same_rows(champion: Case, model, *, name: str | None = None, trusted_types=(), allow_pickle: bool = True) -> Case:
    """The challenger ``model`` (path, file bytes or fitted object) loaded on the champion's labelled rows."""
    if not champion.labelled:
        raise InputError("Comparing models needs labelled rows: open the champion on data with the target column.")
    frame = champion.X.assign(**{champion.target: champion.y})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", InputWarning)  # the notes stay in Case.notes
            return load(model, frame, target=champion.target, name=name, trusted_types=trusted_types,
                        allow_pickle=allow_pickle)
    except InputError as err:
        raise type(err)(f"The challenger cannot predict on the champion's rows: {err}") from err


def paired(champion: Case, challenger) -> tuple[Case, Case, tuple]:
    """Check that both judge the same rows; a challenger given as a model is loaded on the champion's rows.

    Returns (champion, challenger, notes): a binary challenger is judged on the champion's positive class."""
    if not isinstance(champion, Case):
        raise InputError("The champion must be a Case: explainers.load(model, data).")
    if not isinstance(challenger, Case):
        challenger = on_same_rows(champion, challenger)
    for role, case in (("champion", champion), ("challenger", challenger)):
        if not case.labelled:
            raise InputError(f"The {role} has no labels: comparing models needs the target column. {FIX}")
    _same_task(champion, challenger)
    _same_rows(champion, challenger)
    if champion.task == "binary" and challenger.positive_class != champion.positive_class:
        note = (f"The challenger is judged on the champion's positive class {champion.positive_class!r} "
                f"(its own was {challenger.positive_class!r}).")
        return champion, dataclasses.replace(challenger, positive_class=champion.positive_class), (note,)
    return champion, challenger, ()


def _same_task(champion: Case, challenger: Case) -> None:
    if champion.task != challenger.task:
        raise InputError(f"The champion is a {champion.task} model and the challenger a {challenger.task} model; "
                         "compare two models of the same task (both classifiers of the same classes, or both regressors).")
    if champion.is_classifier and set(champion.classes) != set(challenger.classes):
        raise InputError(f"The models predict different classes: champion {preview(champion.classes)}, challenger "
                         f"{preview(challenger.classes)}. Retrain or recode so that both predict the same classes.")


def _same_rows(champion: Case, challenger: Case) -> None:
    a, b = champion, challenger
    if len(a.X) != len(b.X):
        raise InputError(f"The champion has {len(a.X):,} rows and the challenger {len(b.X):,}; {FIX}")
    if a.target != b.target:
        raise InputError(f"The champion is judged on target {a.target!r} and the challenger on {b.target!r}; "
                         "load both with the same target=.")
    if not a.X.index.equals(b.X.index):
        same_set = a.X.index.sort_values().equals(b.X.index.sort_values())
        raise InputError(("The rows are in a different order" if same_set else "The rows have different index labels")
                         + f" (champion starts {preview(a.X.index[:3])}, challenger {preview(b.X.index[:3])}). {FIX}")
    differs = _first_difference(a, b)
    if differs:
        raise InputError(f"The two cases hold different rows: {differs}. {FIX}")


def _first_difference(a: Case, b: Case) -> str:
    """Where labels or shared input columns differ, in words ("" when they agree)."""
    position = _mismatch(a.y, b.y)
    if position is not None:
        return (f"the label {a.target!r} differs at row {a.y.index[position]!r} "
                f"({a.y.iloc[position]!r} against {b.y.iloc[position]!r})")
    for column in [c for c in a.X.columns if c in b.X.columns]:
        position = _mismatch(a.X[column], b.X[column])
        if position is not None:
            return f"column {column!r} differs at row {a.X.index[position]!r}"
    return ""


def _mismatch(left: pd.Series, right: pd.Series) -> int | None:
    """Position of the first value that differs (missing equals missing), or None."""
    left, right = left.reset_index(drop=True).astype(object), right.reset_index(drop=True).astype(object)
    same = (left == right).to_numpy(dtype=bool) | (left.isna() & right.isna()).to_numpy()
    return None if same.all() else int((~same).argmax())
