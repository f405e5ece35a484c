"""``explainers.load`` on good input: the five sample models, objects, Parquet, skops, metadata, fingerprints."""

from __future__ import annotations

import shutil
import warnings

import joblib
import numpy as np
import pandas as pd
import pytest

import explainers

EXPECTED = {
    # name: (task, classes, positive_class, target)
    "german_credit": ("binary", ("bad", "good"), "bad", "credit_risk"),
    "german_credit_linear": ("binary", ("bad", "good"), "bad", "credit_risk"),
    "adult_income": ("binary", ("<=50K", ">50K"), ">50K", "income"),
    "bike_rentals": ("regression", None, None, "rentals"),
    "wine": ("multiclass", ("cultivar_1", "cultivar_2", "cultivar_3"), None, "cultivar"),
}

# A few columns per sample whose kind is known from the data (text -> categorical, whole numbers -> integer).
EXPECTED_KINDS = {
    "german_credit": {"checking_account": "categorical", "purpose": "categorical", "duration_months": "integer",
                      "credit_amount": "integer", "age": "integer"},
    "german_credit_linear": {"checking_account": "categorical", "duration_months": "integer", "age": "integer"},
    "adult_income": {"workclass": "categorical", "native_country": "categorical", "age": "integer",
                     "hours_per_week": "integer"},
    "bike_rentals": {"season": "categorical", "weather": "categorical", "holiday": "categorical", "hour": "integer",
                     "temp_c": "continuous", "feels_like_c": "continuous"},
    "wine": {"alcohol": "continuous", "flavanoids": "continuous", "magnesium": "integer"},
}


def _load_quietly(*args, **kwargs):
    """Load and return ``(case, warnings raised while loading)``."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        case = explainers.load(*args, **kwargs)
    return case, caught


@pytest.fixture(scope="module")
def loaded(sample_cases_built):
    """Each sample loaded once from its files (bike_rentals takes ~2 s): name -> (case, warnings)."""
    return {name: _load_quietly(sample.model_path, sample.holdout_path) for name, sample in sample_cases_built.items()}


@pytest.fixture(scope="module")
def german_frame(sample_cases_built):
    return pd.read_csv(sample_cases_built["german_credit"].holdout_path)


# ---------------------------------------------------------------- the five sample models from their files


@pytest.mark.parametrize("name", list(EXPECTED))
def test_sample_loads_without_any_warning(loaded, name):
    case, caught = loaded[name]
    assert [f"{w.category.__name__}: {w.message}" for w in caught] == []
    assert case.notes == ()


@pytest.mark.parametrize("name", list(EXPECTED))
def test_sample_case_task_classes_and_positive_class(loaded, name):
    case, _ = loaded[name]
    task, classes, positive, _ = EXPECTED[name]
    assert case.task == task
    assert case.classes == classes
    assert case.positive_class == positive
    assert case.is_classifier == (task != "regression")


@pytest.mark.parametrize("name", list(EXPECTED))
def test_sample_case_is_labelled_and_predicted_for_every_row(loaded, sample_cases_built, name):
    case, _ = loaded[name]
    target = EXPECTED[name][3]
    holdout = pd.read_csv(sample_cases_built[name].holdout_path)
    assert case.y is not None and case.labelled
    assert case.target == target
    assert case.y.tolist() == holdout[target].tolist()
    assert target not in case.X.columns
    assert len(case.X) == len(holdout) > 0
    assert len(case.predicted) == len(case.X)
    assert case.predicted.index.equals(case.X.index)
    assert list(case.X.columns) == [str(c) for c in case.model.feature_names_in_]
    if case.task == "regression":
        assert pd.api.types.is_numeric_dtype(case.predicted)
    else:
        assert set(case.predicted.unique()) <= set(case.classes)


@pytest.mark.parametrize("name", list(EXPECTED))
def test_sample_case_probabilities(loaded, name):
    case, _ = loaded[name]
    if case.task == "regression":
        assert case.proba is None
        return
    assert case.proba is not None
    assert case.proba.shape == (len(case.X), len(case.classes))
    assert tuple(case.proba.columns) == case.classes
    np.testing.assert_allclose(case.proba.sum(axis=1).to_numpy(), 1.0, atol=1e-9)
    assert ((case.proba.to_numpy() >= 0) & (case.proba.to_numpy() <= 1)).all()
    # predict and predict_proba agree on the most likely class
    most_likely = case.proba.idxmax(axis=1)
    assert (most_likely == case.predicted).mean() > 0.98


@pytest.mark.parametrize("name", list(EXPECTED))
def test_sample_feature_kinds(loaded, name):
    case, _ = loaded[name]
    assert set(case.feature_kinds) == set(case.X.columns)
    assert set(case.feature_kinds.values()) <= {"categorical", "integer", "continuous"}
    for column, kind in EXPECTED_KINDS[name].items():
        assert case.feature_kinds[column] == kind, column
    for column in case.X.columns:
        if not pd.api.types.is_numeric_dtype(case.X[column]):
            assert case.feature_kinds[column] == "categorical", column
            assert column in case.categories


def test_german_metadata_read_from_sidecar(loaded):
    case, _ = loaded["german_credit"]
    assert case.metadata.costs == {"false_negative": 5, "false_positive": 1}
    assert case.metadata.target == "credit_risk"
    assert case.metadata.positive_class == "bad"
    assert set(case.metadata.immutable) == {"age", "personal_status_sex", "foreign_worker"}
    assert "foreign_worker" in case.metadata.sensitive
    assert case.name == "German credit risk (random forest)"
    assert case.describe("duration_months") == "Length of the loan in months"
    assert case.metadata.extra == {}


def test_adult_metadata_read_from_sidecar(loaded):
    case, _ = loaded["adult_income"]
    assert case.metadata.positive_class == ">50K"
    assert case.metadata.costs == {}
    assert case.name == "Adult census income (LightGBM)"
    assert "sex" in case.metadata.sensitive


# ---------------------------------------------------------------- other kinds of input


def test_load_from_objects(sample_cases_built, loaded, german_frame):
    german = sample_cases_built["german_credit"]
    model = joblib.load(german.model_path)
    case, caught = _load_quietly(model, german_frame.copy(), target="credit_risk")
    assert caught == []
    from_files, _ = loaded["german_credit"]
    assert case.model is model
    assert case.task == "binary" and case.classes == ("bad", "good")
    assert case.positive_class == "good"  # no sidecar: the second class, as scikit-learn orders them
    assert case.y.tolist() == german_frame["credit_risk"].tolist()
    assert case.predicted.tolist() == from_files.predicted.tolist()
    np.testing.assert_allclose(case.proba.to_numpy(), from_files.proba.to_numpy())
    assert case.source["data"] == "a DataFrame"


def test_load_from_objects_does_not_modify_the_callers_frame(sample_cases_built, german_frame):
    model = joblib.load(sample_cases_built["german_credit_linear"].model_path)
    frame = german_frame.copy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        explainers.load(model, frame, target="credit_risk")
    assert frame.equals(german_frame)


def test_load_from_objects_without_target_is_unlabelled_and_says_why(sample_cases_built, german_frame):
    model = joblib.load(sample_cases_built["german_credit_linear"].model_path)
    with pytest.warns(explainers.InputWarning, match="credit_risk"):
        case = explainers.load(model, german_frame.copy())
    assert case.y is None and not case.labelled
    assert any("credit_risk" in note for note in case.notes)


def test_parquet_input(tmp_path, sample_cases_built, loaded, german_frame):
    german = sample_cases_built["german_credit"]
    path = tmp_path / "holdout.parquet"
    german_frame.to_parquet(path)
    case, caught = _load_quietly(german.model_path, path)
    assert caught == []
    from_csv, _ = loaded["german_credit"]
    assert case.task == "binary" and case.positive_class == "bad"
    assert case.y.tolist() == from_csv.y.tolist()
    assert case.predicted.tolist() == from_csv.predicted.tolist()
    pd.testing.assert_frame_equal(case.X, from_csv.X, check_dtype=False)
    # the same file as raw bytes is recognised by its magic number
    from_bytes, _ = _load_quietly(german.model_path, path.read_bytes())
    assert from_bytes.predicted.tolist() == from_csv.predicted.tolist()


# ---------------------------------------------------------------- skops and pickle


def test_skops_sklearn_only_pipeline(tmp_path, sample_cases_built, loaded):
    sio = pytest.importorskip("skops.io")
    linear = sample_cases_built["german_credit_linear"]
    path = tmp_path / "linear.skops"
    sio.dump(joblib.load(linear.model_path), path)
    shutil.copy(linear.sidecar_path, tmp_path / "linear.json")
    untrusted = sio.get_untrusted_types(file=path)
    if untrusted:
        with pytest.raises(explainers.ModelError) as info:
            explainers.load(path, linear.holdout_path)
        for name in untrusted:
            assert name in str(info.value)
        case, caught = _load_quietly(path, linear.holdout_path, trusted_types=untrusted)
    else:  # skops trusts everything in a plain scikit-learn pipeline
        case, caught = _load_quietly(path, linear.holdout_path)
    assert caught == []
    from_joblib, _ = loaded["german_credit_linear"]
    assert case.predicted.tolist() == from_joblib.predicted.tolist()
    assert case.metadata.costs == from_joblib.metadata.costs  # sidecar beside the .skops file is read
    assert case.positive_class == "bad" and case.labelled
    # skops is not pickle: allow_pickle=False does not refuse it
    refused_pickle_ok, _ = _load_quietly(path, linear.holdout_path, trusted_types=untrusted, allow_pickle=False)
    assert refused_pickle_ok.predicted.tolist() == from_joblib.predicted.tolist()


def test_skops_lightgbm_needs_its_types_trusted(tmp_path, sample_cases_built):
    sio = pytest.importorskip("skops.io")
    adult = sample_cases_built["adult_income"]
    model = joblib.load(adult.model_path)
    path = tmp_path / "adult.skops"
    sio.dump(model, path)
    untrusted = sio.get_untrusted_types(file=path)
    assert any("lightgbm" in t for t in untrusted)
    data = pd.read_csv(adult.holdout_path).head(400)

    with pytest.raises(explainers.ModelError) as info:
        explainers.load(path, data, target="income")
    message = str(info.value)
    assert "adult.skops" in message
    for name in untrusted:
        assert name in message

    # trusting only some of them is not enough; the message lists the rest
    with pytest.raises(explainers.ModelError) as info:
        explainers.load(path, data, target="income", trusted_types=untrusted[:1])
    for name in untrusted[1:]:
        assert name in str(info.value)

    case, caught = _load_quietly(path, data, target="income", trusted_types=untrusted)
    assert caught == []
    assert case.classes == ("<=50K", ">50K")
    assert case.predicted.tolist() == model.predict(data.drop(columns="income")).tolist()


def test_allow_pickle_false_refuses_joblib(sample_cases_built):
    german = sample_cases_built["german_credit"]
    with pytest.raises(explainers.ModelError) as info:
        explainers.load(german.model_path, german.holdout_path, allow_pickle=False)
    assert "german_credit.joblib" in str(info.value)
    assert "skops" in str(info.value)  # tells how to save it instead


# ---------------------------------------------------------------- fingerprint


def test_fingerprint_differs_between_different_data_files(tmp_path, sample_cases_built, german_frame):
    linear = sample_cases_built["german_credit_linear"]
    first, second, relabelled = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "c.csv"
    german_frame.to_csv(first, index=False)
    german_frame.assign(age=german_frame["age"].where(german_frame.index != 10, german_frame["age"] + 1)).to_csv(
        second, index=False)
    flipped = german_frame["credit_risk"].map({"good": "bad", "bad": "good"})
    german_frame.assign(credit_risk=german_frame["credit_risk"].where(german_frame.index != 10, flipped)).to_csv(
        relabelled, index=False)
    prints = [_load_quietly(linear.model_path, p)[0].fingerprint for p in (first, second, relabelled)]
    assert all(isinstance(p, str) and p for p in prints)
    assert len(set(prints)) == 3


def test_fingerprint_differs_between_models(sample_cases_built):
    linear = sample_cases_built["german_credit_linear"]
    with_linear, _ = _load_quietly(linear.model_path, linear.holdout_path)
    refitted = joblib.load(linear.model_path).set_params(model__C=1.0)
    X = pd.read_csv(linear.holdout_path)
    refitted.fit(X.drop(columns="credit_risk"), X["credit_risk"])
    with_other, _ = _load_quietly(refitted, linear.holdout_path, target="credit_risk")
    assert with_linear.fingerprint != with_other.fingerprint


@pytest.mark.parametrize("name", [
    "german_credit_linear",
    "adult_income",
    "german_credit",
    "wine",
])
def test_fingerprint_equal_for_the_same_inputs(sample_cases_built, name):
    sample = sample_cases_built[name]
    first, _ = _load_quietly(sample.model_path, sample.holdout_path)
    second, _ = _load_quietly(sample.model_path, sample.holdout_path)
    assert first.fingerprint == second.fingerprint


def test_fingerprint_same_for_same_content_as_file_bytes_or_frame(sample_cases_built, german_frame):
    linear = sample_cases_built["german_credit_linear"]
    prints = {
        _load_quietly(linear.model_path, source)[0].fingerprint
        for source in (linear.holdout_path, linear.holdout_path.read_bytes(), german_frame.copy())
    }
    assert len(prints) == 1


# ---------------------------------------------------------------- metadata override


def test_metadata_dict_overrides_sidecar_key_by_key(sample_cases_built):
    german = sample_cases_built["german_credit"]
    case, caught = _load_quietly(german.model_path, german.holdout_path,
                                 metadata={"positive_class": "good", "title": "My credit model"})
    assert caught == []
    assert case.positive_class == "good"
    assert case.name == "My credit model"
    # keys not overridden still come from the sidecar
    assert case.metadata.costs == {"false_negative": 5, "false_positive": 1}
    assert case.metadata.target == "credit_risk" and case.target == "credit_risk"
    assert set(case.metadata.immutable) == {"age", "personal_status_sex", "foreign_worker"}
    assert case.describe("age") == "Age in years"


def test_metadata_override_of_costs_and_lists(sample_cases_built):
    linear = sample_cases_built["german_credit_linear"]
    case, _ = _load_quietly(linear.model_path, linear.holdout_path,
                            metadata={"costs": {"false_positive": 2, "false_negative": 10}, "sensitive": ["age"]})
    assert case.metadata.costs == {"false_positive": 2, "false_negative": 10}
    assert case.metadata.sensitive == ("age",)
    assert case.metadata.positive_class == "bad"
    assert case.name == "German credit risk (logistic regression)"


def test_metadata_override_from_json_path(tmp_path, sample_cases_built):
    linear = sample_cases_built["german_credit_linear"]
    override = tmp_path / "override.json"
    override.write_text('{"positive_class": "good", "costs": {"false_positive": 3}}', encoding="utf-8")
    case, _ = _load_quietly(linear.model_path, linear.holdout_path, metadata=override)
    assert case.positive_class == "good"
    assert case.metadata.costs == {"false_positive": 3}
    assert case.metadata.target == "credit_risk"
