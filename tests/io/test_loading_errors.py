"""``explainers.load`` on bad input: one test per problem, checking the error class and that the
message names the column, value or file concerned (messages are shown to users as they are)."""

from __future__ import annotations

import shutil
import warnings

import joblib
import numpy as np
import pandas as pd
import pytest
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder
from sklearn.tree import DecisionTreeClassifier

import explainers
from explainers import DataError, InputError, InputWarning, MetadataError, ModelError


@pytest.fixture(scope="module")
def paths(sample_cases_built):
    return sample_cases_built


@pytest.fixture(scope="module")
def _german_cached(sample_cases_built):
    return pd.read_csv(sample_cases_built["german_credit"].holdout_path)


@pytest.fixture
def german_df(_german_cached):
    """A fresh copy of the German credit holdout (300 rows, target ``credit_risk``)."""
    return _german_cached.copy()


@pytest.fixture
def german_model(paths):
    return paths["german_credit"].model_path


@pytest.fixture
def linear_model(paths):
    return paths["german_credit_linear"].model_path


def _raises(exc_class, *args, **kwargs) -> str:
    """Load, expecting ``exc_class``; return the message. Loads must not emit warnings before failing."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(exc_class) as info:
            explainers.load(*args, **kwargs)
    assert isinstance(info.value, InputError)
    assert [str(w.message) for w in caught] == []
    return str(info.value)


def _loads_with_warnings(*args, **kwargs):
    """Load successfully; return ``(case, messages of the InputWarnings raised)``."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        case = explainers.load(*args, **kwargs)
    others = [f"{w.category.__name__}: {w.message}" for w in caught if not issubclass(w.category, InputWarning)]
    assert others == []
    return case, [str(w.message) for w in caught if issubclass(w.category, InputWarning)]


# ---------------------------------------------------------------- columns and target


def test_missing_columns_are_all_listed(tmp_path, german_model, german_df):
    path = tmp_path / "missing.csv"
    german_df.drop(columns=["duration_months", "savings"]).to_csv(path, index=False)
    message = _raises(DataError, german_model, path)
    assert "duration_months" in message
    assert "savings" in message
    assert "2 column" in message
    assert "age" not in message  # only the missing ones are named


def test_extra_column_loads_with_note_and_warning(tmp_path, german_model, german_df):
    path = tmp_path / "extra.csv"
    german_df.assign(loan_officer="Schmidt").to_csv(path, index=False)
    case, warned = _loads_with_warnings(german_model, path)
    assert "loan_officer" not in case.X.columns
    assert case.X.shape == (300, 20)
    assert any("loan_officer" in note for note in case.notes)
    assert any("loan_officer" in message for message in warned)


def test_explicit_target_absent_suggests_near_miss(german_model, paths):
    message = _raises(DataError, german_model, paths["german_credit"].holdout_path, target="credit_risc")
    assert "'credit_risc'" in message
    assert "Did you mean" in message and "'credit_risk'" in message


def test_explicit_target_absent_without_near_miss_lists_columns(german_model, paths):
    message = _raises(DataError, german_model, paths["german_credit"].holdout_path, target="zzz_label")
    assert "'zzz_label'" in message
    assert "checking_account" in message


def test_target_with_one_class(tmp_path, german_model, german_df):
    path = tmp_path / "only_good.csv"
    german_df[german_df["credit_risk"] == "good"].to_csv(path, index=False)
    message = _raises(DataError, german_model, path)
    assert "credit_risk" in message
    assert "'good'" in message
    assert "only one value" in message


def test_target_values_not_among_model_classes(german_model, german_df):
    german_df.loc[[0, 5, 7], "credit_risk"] = "maybe"
    message = _raises(DataError, german_model, german_df)
    assert "'maybe'" in message
    assert "credit_risk" in message
    assert "'bad'" in message and "'good'" in message  # the model's classes, to recode to


def test_target_with_missing_values_names_rows(german_model, german_df):
    german_df.loc[[3, 4], "credit_risk"] = np.nan
    message = _raises(DataError, german_model, german_df)
    assert "credit_risk" in message and "2 rows" in message
    assert "np.int64" not in message
    assert "3, 4" in message


def test_regression_target_holding_text(paths):
    bikes = pd.read_csv(paths["bike_rentals"].holdout_path).head(200).assign(rentals="many")
    message = _raises(DataError, paths["bike_rentals"].model_path, bikes)
    assert "rentals" in message and "'many'" in message


# ---------------------------------------------------------------- unreadable or odd data files


def test_empty_data_file(tmp_path, german_model):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    message = _raises(DataError, german_model, path)
    assert "empty.csv" in message and "empty" in message.replace("empty.csv", "")


def test_header_only_csv(tmp_path, german_model, german_df):
    path = tmp_path / "header_only.csv"
    german_df.head(0).to_csv(path, index=False)
    assert path.read_text().count("\n") == 1
    message = _raises(DataError, german_model, path)
    assert "header_only.csv" in message and "no data rows" in message


@pytest.mark.parametrize("kind", ["random_with_nul", "random_text_like", "model_file"])
def test_binary_or_garbage_data_file(tmp_path, german_model, kind):
    rng = np.random.default_rng(0)
    if kind == "model_file":
        path = tmp_path / "model_as_data.csv"
        shutil.copy(german_model, path)
    elif kind == "random_with_nul":
        path = tmp_path / "garbage.csv"
        path.write_bytes(b"\x00\x01\x02" + rng.bytes(3000))
    else:  # no NUL byte, and bytes that are neither UTF-8 nor cp1252 (0x81, 0x8d, 0x8f, 0x90, 0x9d are undefined)
        path = tmp_path / "garbage.csv"
        path.write_bytes(b"a,b\n1,2\n" + bytes(rng.choice([0x81, 0x8D, 0x8F, 0x90, 0x9D, 0x41], 2000).tolist()))
    message = _raises(DataError, german_model, path)
    assert path.name in message
    assert ("binary" in message) or ("UTF-8" in message)


def test_semicolon_csv_loads_with_note(tmp_path, german_model, paths, german_df):
    path = tmp_path / "semicolons.csv"
    german_df.to_csv(path, index=False, sep=";")
    case, warned = _loads_with_warnings(german_model, path)
    reference, _ = _loads_with_warnings(german_model, paths["german_credit"].holdout_path)
    pd.testing.assert_frame_equal(case.X, reference.X)
    assert case.y.tolist() == german_df["credit_risk"].tolist()
    assert case.predicted.tolist() == reference.predicted.tolist()
    assert any("';'" in note for note in case.notes)
    assert any("';'" in message for message in warned)


def test_semicolon_csv_with_decimal_commas_loads(tmp_path, paths):
    wine = paths["wine"]
    frame = pd.read_csv(wine.holdout_path)
    path = tmp_path / "wine_excel_de.csv"
    frame.to_csv(path, index=False, sep=";", decimal=",")
    case, _ = _loads_with_warnings(wine.model_path, path)
    assert any("';'" in note for note in case.notes)
    np.testing.assert_allclose(case.X["alcohol"].to_numpy(dtype=float), frame["alcohol"].to_numpy())


def test_cp1252_csv_loads_with_note(tmp_path, german_model, german_df):
    german_df.loc[0, "purpose"] = "café"
    path = tmp_path / "windows.csv"
    german_df.to_csv(path, index=False, encoding="cp1252")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    case, warned = _loads_with_warnings(german_model, path)
    assert case.X.loc[0, "purpose"] == "café"
    assert any("cp1252" in note and "windows.csv" in note for note in case.notes)
    assert any("cp1252" in message for message in warned)


def test_ragged_csv_mentions_separator(tmp_path, german_model, paths):
    lines = paths["german_credit"].holdout_path.read_text(encoding="utf-8").splitlines()
    lines[5] += ",surplus,fields"
    path = tmp_path / "ragged.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    message = _raises(DataError, german_model, path)
    assert "ragged.csv" in message
    assert "separator" in message
    assert "line 6" in message  # the row concerned


def test_duplicate_column_names_in_csv(tmp_path, german_model, paths):
    lines = paths["german_credit"].holdout_path.read_text(encoding="utf-8").splitlines()
    assert ",savings," in lines[0]
    lines[0] = lines[0].replace(",savings,", ",age,")
    path = tmp_path / "duplicates.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    message = _raises(DataError, german_model, path)
    assert "duplicate" in message and "'age'" in message


def test_duplicate_column_names_in_dataframe(german_model, german_df):
    german_df.columns = ["age" if c == "savings" else c for c in german_df.columns]
    assert german_df.columns.duplicated().any()
    message = _raises(DataError, german_model, german_df)
    assert "duplicate" in message and "'age'" in message


def test_missing_data_file(tmp_path, german_model):
    message = _raises(DataError, german_model, tmp_path / "nowhere.csv")
    assert "nowhere.csv" in message


# ---------------------------------------------------------------- model files that are not models


def test_csv_renamed_joblib_is_not_a_model(tmp_path, paths):
    path = tmp_path / "renamed.joblib"
    shutil.copy(paths["german_credit"].holdout_path, path)
    message = _raises(ModelError, path, paths["german_credit"].holdout_path)
    assert "renamed.joblib" in message
    assert "not installed" not in message
    assert "text file" in message and "not a saved model" in message


def test_random_bytes_joblib_is_not_a_model(tmp_path, paths):
    path = tmp_path / "noise.joblib"
    path.write_bytes(np.random.default_rng(1).bytes(1000))
    message = _raises(ModelError, path, paths["german_credit"].holdout_path)
    assert "noise.joblib" in message
    assert "not a readable" in message


def test_joblib_dump_of_a_dict_is_not_a_model(tmp_path, paths):
    path = tmp_path / "settings.joblib"
    joblib.dump({"threshold": 0.5, "columns": ["age"]}, path)
    message = _raises(ModelError, path, paths["german_credit"].holdout_path)
    assert "settings.joblib" in message
    assert "dict" in message and "predict" in message


def test_empty_model_file(tmp_path, paths):
    path = tmp_path / "empty.joblib"
    path.write_bytes(b"")
    message = _raises(ModelError, path, paths["german_credit"].holdout_path)
    assert "empty.joblib" in message and "empty" in message.replace("empty.joblib", "")


def test_missing_model_file(tmp_path, paths):
    message = _raises(ModelError, tmp_path / "gone.joblib", paths["german_credit"].holdout_path)
    assert "gone.joblib" in message


def test_garbage_skops_file(tmp_path, paths):
    path = tmp_path / "broken.skops"
    path.write_bytes(b"this is not a zip archive")
    message = _raises(ModelError, path, paths["german_credit"].holdout_path)
    assert "broken.skops" in message


@pytest.mark.parametrize("as_file", [False, True], ids=["object", "file"])
def test_unfitted_model(tmp_path, paths, as_file):
    model = Pipeline([("model", LogisticRegression())])
    if as_file:
        model_arg = tmp_path / "unfitted.joblib"
        joblib.dump(model, model_arg)
    else:
        model_arg = model
    message = _raises(ModelError, model_arg, paths["german_credit"].holdout_path)
    assert "never fitted" in message
    assert "Pipeline" in message
    if as_file:
        assert "unfitted.joblib" in message


# ---------------------------------------------------------------- the model cannot predict on this data


@pytest.mark.parametrize("sample", ["german_credit", "german_credit_linear"])
def test_text_where_numbers_expected(tmp_path, paths, german_df, sample):
    german_df["duration_months"] = german_df["duration_months"].astype(object)
    german_df.loc[3, "duration_months"] = "long"
    path = tmp_path / "text_in_numbers.csv"
    german_df.to_csv(path, index=False)
    message = _raises((ModelError, DataError), paths[sample].model_path, path)
    assert "'long'" in message
    assert "could not convert string to float" in message  # the model's own words


def test_nan_where_model_cannot_take_nan(linear_model, german_df):
    german_df.loc[[1, 4, 7], "credit_amount"] = np.nan
    message = _raises(DataError, linear_model, german_df)
    assert "'credit_amount' (3 rows)" in message
    assert "missing" in message
    assert "NaN" in message  # the model's own words


def test_unseen_category_tolerated_with_note(german_model, german_df):
    german_df.loc[[0, 2, 9], "checking_account"] = "space bucks"
    case, warned = _loads_with_warnings(german_model, german_df)
    assert len(case.predicted) == 300
    notes = [n for n in case.notes if "space bucks" in n]
    assert len(notes) == 1
    assert "checking_account" in notes[0] and "3 rows" in notes[0]
    assert any("'space bucks'" in message and "checking_account" in message for message in warned)


@pytest.fixture(scope="module")
def strict_pipeline(_german_cached):
    """A pipeline whose OneHotEncoder refuses unknown categories (handle_unknown='error')."""
    X, y = _german_cached.drop(columns="credit_risk"), _german_cached["credit_risk"]
    text = [c for c in X.columns if not pd.api.types.is_numeric_dtype(X[c])]
    columns = ColumnTransformer([("categories", OneHotEncoder(handle_unknown="error"), text)], remainder="passthrough")
    return Pipeline([("columns", columns), ("model", DecisionTreeClassifier(max_depth=4, random_state=0))]).fit(X, y)


def test_unseen_category_refused_by_strict_encoder(strict_pipeline, german_df):
    clean, _ = _loads_with_warnings(strict_pipeline, german_df.copy(), target="credit_risk")
    assert clean.task == "binary"
    german_df.loc[[0, 2, 9], "checking_account"] = "space bucks"
    message = _raises(DataError, strict_pipeline, german_df, target="credit_risk")
    assert "'checking_account'" in message
    assert "'space bucks'" in message
    assert "unknown categories" in message  # the model's own words


# ---------------------------------------------------------------- sidecar and metadata


def test_positive_class_not_among_classes_in_metadata(german_model, paths):
    message = _raises(MetadataError, german_model, paths["german_credit"].holdout_path,
                      metadata={"positive_class": "terrible"})
    assert "'terrible'" in message
    assert "'bad'" in message and "'good'" in message


def test_costs_with_string_value_in_metadata(german_model, paths):
    message = _raises(MetadataError, german_model, paths["german_credit"].holdout_path,
                      metadata={"costs": {"false_positive": "one", "false_negative": 5}})
    assert "false_positive" in message
    assert "false_negative" not in message.split("check", 1)[-1]


@pytest.fixture
def model_with_sidecar(tmp_path, linear_model):
    """A copy of the linear German model in tmp_path; write ``tmp_path/'credit.json'`` to give it a sidecar."""
    path = tmp_path / "credit.joblib"
    shutil.copy(linear_model, path)
    return path


@pytest.mark.parametrize("sidecar, expected, named", [
    ('{"target": "credit_risk", "positive_class": "awful"}', MetadataError, "'awful'"),
    ('{"target": "credit_risk", "costs": {"false_positive": "1", "false_negative": 5}}', MetadataError,
     "false_positive"),
    ('{"target": "credit_risk", "costs": {"false_positive": 1, "false_negatve": 5}}', MetadataError,
     "false_negatve"),
    ('{"target": "credit_risk", "immutable": "age"}', MetadataError, "immutable"),
    ('{"target": "credit_risk", ', MetadataError, "credit.json"),
    ('["credit_risk"]', MetadataError, "credit.json"),
], ids=["positive_class", "cost_string", "cost_key_typo", "list_as_string", "invalid_json", "not_an_object"])
def test_bad_sidecar_file(model_with_sidecar, paths, sidecar, expected, named):
    (model_with_sidecar.parent / "credit.json").write_text(sidecar, encoding="utf-8")
    message = _raises(expected, model_with_sidecar, paths["german_credit"].holdout_path)
    assert named in message


def test_unknown_metadata_key_loads_with_note(model_with_sidecar, paths):
    (model_with_sidecar.parent / "credit.json").write_text('{"target": "credit_risk", "colour": "blue"}')
    case, warned = _loads_with_warnings(model_with_sidecar, paths["german_credit"].holdout_path)
    assert case.target == "credit_risk"
    assert any("'colour'" in note for note in case.notes)
    assert any("'colour'" in message for message in warned)
