"""Hostile and broken input, table-driven: each case goes through the engine and the command line.

Every bad case must raise an InputError (exit 2 on the command line) whose message names the
problem (the listed words appear in it), with no traceback; every good case must load (exit 0).
"""

from __future__ import annotations

import io
import json
import pickle
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import joblib
import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression, RidgeClassifier
from sklearn.multioutput import MultiOutputClassifier, MultiOutputRegressor
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

import explainers
from explainers import DataError, InputError, MetadataError, ModelError
from explainers.__main__ import main

TARGET = "credit_risk"


# ---------------------------------------------------------------- models that misbehave (module level: picklable)


class DuckModel:
    """Not a scikit-learn estimator: fit/predict/predict_proba/classes_ only (the README promises it works)."""

    def __init__(self, inner):
        self.inner, self.classes_ = inner, inner.classes_

    def fit(self, X, y):
        return self

    def predict(self, X):
        return self.inner.predict(X)

    def predict_proba(self, X):
        return self.inner.predict_proba(X)


class WrongShapeModel(DuckModel):
    def predict(self, X):
        return np.zeros((len(X), 2))


class WrongProbaModel(DuckModel):
    def predict_proba(self, X):
        return np.full((len(X), 5), 0.2)


class RaisingModel(DuckModel):
    def predict(self, X):
        raise RuntimeError("the scoring service is down")


class HangingModel(DuckModel):
    def predict(self, X):
        time.sleep(600)


class ColumnModel(DuckModel):
    """predict returns one column of shape (n, 1) instead of n values."""

    def predict(self, X):
        return np.asarray(self.inner.predict(X)).reshape(-1, 1)


# ---------------------------------------------------------------- the table


@dataclass
class Given:
    """What a case writes to disk: model, data and sidecar (None: the sample's), plus CLI extras."""

    model: object = None  # bytes, an object to joblib-dump, or None for the sample model
    model_suffix: str = ".joblib"
    data: object = None  # bytes, a DataFrame (written as CSV), or None for the sample holdout
    data_suffix: str = ".csv"
    sidecar: object = None  # dict or text written beside the model; None: the sample's sidecar
    target: str | None = None
    cli: tuple = ()  # extra command-line arguments
    command: str = "describe"


def _holdout(paths) -> pd.DataFrame:
    return pd.read_csv(paths["german_credit"].holdout_path)


def _fitted(paths):
    return joblib.load(paths["german_credit"].model_path)


def _with(df, **changes):
    df = df.copy()
    for column, value in changes.items():
        df[column] = value(df) if callable(value) else value
    return df


def _parquet(df) -> bytes:
    buffer = io.BytesIO()
    df.to_parquet(buffer)
    return buffer.getvalue()


def _numeric_tree(paths):
    """A tree on the numeric columns only: every text column is unused by it."""
    df = _holdout(paths)
    X = df[["duration_months", "credit_amount", "age"]]
    return DecisionTreeClassifier(max_depth=3, random_state=0).fit(X, df[TARGET])


NUMERIC = ["duration_months", "credit_amount", "age"]


def _two_targets(paths) -> np.ndarray:
    """Two class labels per row: the credit risk and an age band of three classes (so the classes differ in number)."""
    df = _holdout(paths)
    return np.c_[df[TARGET], pd.cut(df["age"], [0, 30, 45, 200], labels=["young", "middle", "old"]).astype(str)]


def _multi_output_classifier(paths):
    return MultiOutputClassifier(DecisionTreeClassifier(max_depth=3, random_state=0)).fit(
        _holdout(paths)[NUMERIC], _two_targets(paths))


def _multi_output_regressor(paths):
    df = _holdout(paths)
    return MultiOutputRegressor(DecisionTreeRegressor(max_depth=3, random_state=0)).fit(
        df[["duration_months", "age"]], df[["credit_amount", "age"]].to_numpy())


def _tree_of_two_targets(paths):
    """A classifier fitted on a 2-D y: its predict returns 2-D and its classes_ is one array per target."""
    return DecisionTreeClassifier(max_depth=3, random_state=0).fit(_holdout(paths)[NUMERIC], _two_targets(paths))


def _nested(df) -> pd.DataFrame:
    """Extra Parquet columns the model does not use: a list column and a struct column."""
    return df.assign(tags=[[1, 2]] * len(df), address=[{"city": "Bonn", "zip": 53111}] * len(df))


def _tags_tree(paths):
    """A tree that uses a column named 'tags' (numbers when it was trained)."""
    df = _holdout(paths)
    X = df[["duration_months", "age"]].assign(tags=df["credit_amount"])
    return DecisionTreeClassifier(max_depth=3, random_state=0).fit(X, df[TARGET])


# id -> (builder(paths) -> Given, expected error class or None, words the message must contain)
CASES = {
    # data files
    "data file missing": (lambda p: Given(data=Path("/no/such/file.csv")), DataError, ["does not exist"]),
    "data empty": (lambda p: Given(data=b""), DataError, ["empty"]),
    "data header only": (lambda p: Given(data=_holdout(p).head(0)), DataError, ["no data rows"]),
    "data binary junk": (lambda p: Given(data=bytes(range(256)) * 20), DataError, ["binary"]),
    "data is the model file": (lambda p: Given(data=Path(p["german_credit"].model_path).read_bytes()), DataError,
                               ["binary"]),
    "data utf-16 with bom": (lambda p: Given(data=_holdout(p).to_csv(index=False).encode("utf-16")), None, []),
    "data utf-16 without bom": (lambda p: Given(data=_holdout(p).to_csv(index=False).encode("utf-16-le")), None, []),
    "data windows-1252": (lambda p: Given(data=_holdout(p).to_csv(index=False).replace("DM", "DM\u00e9")
                                          .encode("cp1252")), None, []),
    "data semicolons": (lambda p: Given(data=_holdout(p).to_csv(index=False, sep=";").encode()), None, []),
    "data tabs": (lambda p: Given(data=_holdout(p).to_csv(index=False, sep="\t").encode()), None, []),
    "data ragged rows": (lambda p: Given(data=b"a,b,c\n1,2,3\n4,5,6,7,8\n"), DataError, ["number of fields"]),
    "data duplicate columns": (lambda p: Given(data=b"a,a,b\n1,2,3\n"), DataError, ["duplicate", "'a'"]),
    "data blank column name": (lambda p: Given(data=b"a, ,b\n1,2,3\n"), DataError, ["without a name"]),
    "data 1 MB text cell": (lambda p: Given(data=_with(_holdout(p), purpose=lambda d: ["x" * 1_000_000]
                                                      + list(d["purpose"][1:]))), None, []),
    "data nested parquet columns unused": (lambda p: Given(data=_parquet(_nested(_holdout(p))),
                                                           data_suffix=".parquet"), None, []),
    "data nested parquet column the model needs": (lambda p: Given(
        model=_tags_tree(p), data=_parquet(_with(_holdout(p), tags=[[1, 2]] * 300)), data_suffix=".parquet"),
        DataError, ["model needs", "nested", "'tags'", "flatten"]),
    "data numeric column empty in every row, report": (lambda p: Given(
        data=_with(_holdout(p), duration_months=np.nan), command="report",
        cli=("--format", "json", "--out", "{tmp}/report.json")), None, []),
    "data corrupt parquet": (lambda p: Given(data=b"PAR1" + b"\x01" * 100, data_suffix=".parquet"), DataError,
                             ["Parquet"]),
    "data missing model columns": (lambda p: Given(data=_holdout(p).drop(columns=["age", "savings"])), DataError,
                                   ["age", "savings"]),
    "data only the target": (lambda p: Given(data=_holdout(p)[[TARGET]]), DataError, ["column"]),
    "data target named but absent": (lambda p: Given(target="no_such_target"), DataError, ["no_such_target"]),
    "data target with one class": (lambda p: Given(data=_holdout(p).assign(credit_risk="good")), DataError,
                                   ["one"]),
    "data column empty in every row": (lambda p: Given(data=_with(_holdout(p), purpose=np.nan)), DataError,
                                       ["empty in every row", "purpose"]),
    "data booleans where text was learnt": (lambda p: Given(data=_with(_holdout(p), foreign_worker=True)),
                                            DataError, ["foreign_worker", "true/false"]),
    "data text where numbers were learnt": (lambda p: Given(data=_with(_holdout(p), duration_months="twelve")),
                                            InputError, ["duration_months"]),
    "data two rows": (lambda p: Given(data=_holdout(p).groupby(TARGET).head(1)), None, []),
    "data with extra unused columns": (lambda p: Given(data=_holdout(p).assign(extra_id=range(300))), None, []),
    "data unlabelled": (lambda p: Given(data=_holdout(p).drop(columns=[TARGET])), None, []),
    "data hostile column names": (lambda p: Given(model=_numeric_tree(p), sidecar={}, data=_holdout(p).rename(
        columns={"purpose": "<script>alert(1)</script>", "savings": "a`b", "housing": "x\x1b[31m"})), None, []),
    # model files
    "model file missing": (lambda p: Given(model=Path("/no/such/model.joblib")), ModelError, ["does not exist"]),
    "model file empty": (lambda p: Given(model=b""), ModelError, ["empty"]),
    "model is a csv": (lambda p: Given(model=b"a,b\n1,2\n"), ModelError, ["text file"]),
    "model random bytes": (lambda p: Given(model=b"\x80\x04garbage" * 10), ModelError, ["not a readable"]),
    "model is a dict": (lambda p: Given(model={"weights": [1, 2]}), ModelError, ["no predict"]),
    "model never fitted": (lambda p: Given(model=LogisticRegression()), ModelError, ["never fitted"]),
    "model duck-typed": (lambda p: Given(model=DuckModel(_fitted(p))), None, []),
    "model without predict_proba": (lambda p: Given(model=RidgeClassifier().fit(
        _holdout(p)[["duration_months", "age"]], _holdout(p)[TARGET]), sidecar={}), None, []),
    "model predict wrong shape": (lambda p: Given(model=WrongShapeModel(_fitted(p))), ModelError, ["shape"]),
    "model predict_proba wrong shape": (lambda p: Given(model=WrongProbaModel(_fitted(p))), ModelError,
                                        ["predict_proba", "shape"]),
    "model multi-output classifier": (lambda p: Given(model=_multi_output_classifier(p)), ModelError,
                                      ["MultiOutputClassifier", "several outputs", "one target", "estimators_"]),
    "model multi-output regressor": (lambda p: Given(model=_multi_output_regressor(p)), ModelError,
                                     ["MultiOutputRegressor", "several outputs", "one target", "(300, 2)"]),
    "model classifier fitted on two targets": (lambda p: Given(model=_tree_of_two_targets(p)), ModelError,
                                               ["several outputs", "one target"]),
    "model predict returns a column": (lambda p: Given(model=ColumnModel(_fitted(p))), ModelError,
                                       ["(300, 1)", "one value per row", "ravel"]),
    "model predict raises": (lambda p: Given(model=RaisingModel(_fitted(p))), ModelError,
                             ["scoring service is down"]),
    "model skops garbage": (lambda p: Given(model=b"PK\x03\x04junk", model_suffix=".skops"), ModelError,
                            ["skops"]),
    "model pickle protocol junk": (lambda p: Given(model=pickle.dumps(object())[:5]), ModelError, ["not a readable"]),
    # sidecars
    "sidecar invalid json": (lambda p: Given(sidecar="{not json"), MetadataError, ["not valid JSON"]),
    "sidecar a list": (lambda p: Given(sidecar=[1, 2]), MetadataError, ["JSON object"]),
    "sidecar target a list": (lambda p: Given(sidecar={"target": [TARGET]}), MetadataError, ["target", "text"]),
    "sidecar title a number": (lambda p: Given(sidecar={"target": TARGET, "title": 123}), MetadataError,
                               ["title", "text"]),
    "sidecar data_source an object": (lambda p: Given(sidecar={"target": TARGET, "data_source": {"a": 1}}),
                                      MetadataError, ["data_source"]),
    "sidecar immutable a string": (lambda p: Given(sidecar={"target": TARGET, "immutable": "age"}), MetadataError,
                                   ["immutable", "list"]),
    "sidecar immutable typo": (lambda p: Given(sidecar={"target": TARGET, "immutable": ["agee"]}), MetadataError,
                               ["immutable", "agee", "did you mean 'age'", "sidecar"]),
    "sidecar sensitive unknown": (lambda p: Given(sidecar={"target": TARGET, "sensitive": ["no_such_col"]}),
                                  MetadataError, ["sensitive", "no_such_col"]),
    "sidecar immutable numbers": (lambda p: Given(sidecar={"target": TARGET, "immutable": [1, 2]}), MetadataError,
                                  ["immutable", "text"]),
    "sidecar descriptions a list": (lambda p: Given(sidecar={"target": TARGET, "descriptions": ["age"]}),
                                    MetadataError, ["descriptions"]),
    "sidecar costs a list": (lambda p: Given(sidecar={"target": TARGET, "costs": [1, 5]}), MetadataError, ["costs"]),
    "sidecar costs unknown key": (lambda p: Given(sidecar={"target": TARGET, "costs": {"fp": 1}}), MetadataError,
                                  ["costs", "fp"]),
    "sidecar cost NaN": (lambda p: Given(sidecar='{"target": "credit_risk", "costs": {"false_positive": NaN}}'),
                         MetadataError, ["finite", "false_positive"]),
    "sidecar cost Infinity": (lambda p: Given(sidecar='{"target": "credit_risk", "costs": {"false_negative": '
                                                     'Infinity}}'), MetadataError, ["finite", "false_negative"]),
    "sidecar cost 1e308": (lambda p: Given(sidecar={"target": TARGET, "costs": {"false_positive": 1e308}}),
                           MetadataError, ["finite", "false_positive"]),
    "sidecar cost negative": (lambda p: Given(sidecar={"target": TARGET, "costs": {"false_positive": -1}}),
                              MetadataError, ["non-negative"]),
    "sidecar cost boolean": (lambda p: Given(sidecar={"target": TARGET, "costs": {"false_positive": True}}),
                             MetadataError, ["costs"]),
    "sidecar positive class unknown": (lambda p: Given(sidecar={"target": TARGET, "positive_class": "nope"}),
                                       InputError, ["nope"]),
    "sidecar positive class a list": (lambda p: Given(sidecar={"target": TARGET, "positive_class": ["bad"]}),
                                      MetadataError, ["positive_class"]),
    "sidecar unknown keys": (lambda p: Given(sidecar={"target": TARGET, "colour": "blue"}), None, []),
}

# Command-line settings checked before any computing: (arguments, words in the message)
CLI_CASES = {
    "out into a missing folder": (["--out", "/no/such/folder/r.html"], ["does not exist"]),
    "out is a folder": (["--out", "/tmp"], ["is a folder"]),
    "out under /proc": (["--out", "/proc/r.html"], ["cannot be written"]),
    "level 0": (["--level", "0"], ["--level"]),
    "level above 1": (["--level", "1.5"], ["--level"]),
    "threshold above 1": (["--threshold", "2"], ["--threshold"]),
    "rows outside the data": (["--rows", "0,9999"], ["9999"]),
    "rows not numbers": (["--rows", "a,b"], ["--rows"]),
}


def _write(given: Given, paths, folder: Path) -> tuple[str, str]:
    """Files for one case: the model (and its sidecar beside it) and the data."""
    model = Path(paths["german_credit"].model_path)
    if given.model is not None and not isinstance(given.model, Path):
        model = folder / f"model{given.model_suffix}"
        if isinstance(given.model, bytes):
            model.write_bytes(given.model)
        else:
            joblib.dump(given.model, model)
    elif isinstance(given.model, Path):
        model = given.model
    if given.sidecar is not None or model.parent == folder:
        if model.parent != folder and model.exists():
            copy = folder / model.name
            copy.write_bytes(model.read_bytes())
            model = copy
        sidecar = {"target": TARGET} if given.sidecar is None else given.sidecar
        model.with_suffix(".json").write_text(sidecar if isinstance(sidecar, str) else json.dumps(sidecar))
    data = Path(paths["german_credit"].holdout_path)
    if isinstance(given.data, Path):
        data = given.data
    elif given.data is not None:
        data = folder / f"data{given.data_suffix}"
        if isinstance(given.data, pd.DataFrame):
            given.data.to_csv(data, index=False)
        else:
            data.write_bytes(given.data)
    return str(model), str(data)


@pytest.fixture(scope="module")
def paths(sample_cases_built):
    return sample_cases_built


@pytest.mark.parametrize("name", list(CASES))
def test_engine_and_command_line(name, paths, tmp_path, capsys):
    build, expected, words = CASES[name]
    given = build(paths)
    model, data = _write(given, paths, tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if expected is None:
            case = explainers.load(model, data, target=given.target)
            assert len(case.X) > 0
        else:
            with pytest.raises(expected) as info:
                explainers.load(model, data, target=given.target)
            for word in words:
                assert word in str(info.value), f"{name}: {word!r} not in {str(info.value)!r}"
    cli = [a.replace("{tmp}", str(tmp_path)) for a in given.cli]  # "{tmp}": this case's temporary folder
    arguments = [given.command, "--model", model, "--data", data, *cli]
    code = main(arguments + (["--target", given.target] if given.target else []))
    out, err = capsys.readouterr()
    assert code == (0 if expected is None else 2), f"{name}: exit {code}: {err}"
    assert "Traceback" not in err and "\x1b" not in out and "\x1b" not in err
    if expected is not None:
        assert err.startswith("error: ") and all(w in err for w in words), err


@pytest.mark.parametrize("name", list(CLI_CASES))
def test_report_settings_refused_before_computing(name, paths, capsys, monkeypatch):
    arguments, words = CLI_CASES[name]
    sample = paths["wine"]
    if "--rows" not in arguments:  # settings must be refused before the (slow) loading starts
        report_cli = sys.modules["explainers.report.cli"]  # explainers.report is also the function of that name
        monkeypatch.setattr(report_cli, "load", lambda *a, **k: pytest.fail("loaded before checking"))
    code = main(["report", "--model", str(sample.model_path), "--data", str(sample.holdout_path), *arguments])
    err = capsys.readouterr().err
    assert code == 2 and all(w in err for w in words) and "Traceback" not in err, err


def test_a_hanging_model_fails_within_its_time_limit(paths, tmp_path, capsys):
    model, data = _write(Given(model=HangingModel(_fitted(paths))), paths, tmp_path)
    start = time.perf_counter()
    code = main(["describe", "--model", model, "--data", data, "--model-timeout", "1"])
    err = capsys.readouterr().err
    assert code == 2 and "did not answer within 1 s" in err
    assert time.perf_counter() - start < 30
    from explainers.core.limits import _limit

    assert _limit[0] is None, "the command's time limit must not outlive the command"


def test_upload_name_is_a_label_not_a_path(paths, tmp_path):
    """Data uploaded under the name /etc/passwd: the report hashes the bytes received, never that file."""
    raw = Path(paths["german_credit"].holdout_path).read_bytes()
    upload = io.BytesIO(raw)
    upload.name = "/etc/passwd"
    case = explainers.load(paths["german_credit"].model_path, upload)
    text = explainers.report(case, tmp_path / "r.json", format="json", sections=["reproducibility"]).read_text()
    hashes = json.loads(text)["sections"]["reproducibility"]["results"]["reproducibility"]
    import hashlib

    assert hashes["data_sha256"] == hashlib.sha256(raw).hexdigest()
    if Path("/etc/passwd").is_file():
        assert hashlib.sha256(Path("/etc/passwd").read_bytes()).hexdigest() not in text


def test_nested_parquet_columns_the_model_does_not_use_are_set_aside_and_named(paths, tmp_path):
    """Issue 27, item 8: a list and a struct column beside the model's columns; the data loads without them."""
    data = tmp_path / "nested.parquet"
    data.write_bytes(_parquet(_nested(_holdout(paths))))
    with pytest.warns(explainers.InputWarning) as caught:
        case = explainers.load(paths["german_credit"].model_path, data)
    said = [str(w.message) for w in caught if "nested" in str(w.message)]
    assert len(said) == 1 and "'tags'" in said[0] and "'address'" in said[0] and "set aside" in said[0], said
    assert "tags" not in case.X.columns and "address" not in case.X.columns
    assert any("'tags'" in note for note in case.notes)


def test_arrow_backed_nested_columns_are_found():
    import pyarrow as pa

    from explainers.io.tables import nested_columns

    frame = pd.DataFrame({"flat": pd.array(["a"], dtype=pd.ArrowDtype(pa.string())),
                          "list": pd.array([[1, 2]], dtype=pd.ArrowDtype(pa.list_(pa.int64()))),
                          "struct": pd.array([{"x": 1}], dtype=pd.ArrowDtype(pa.struct([("x", pa.int64())]))),
                          "objects": [{"x": 1}], "numbers": [1.0],
                          "numpy numbers": pd.Series([np.float64(1.5)], dtype=object)})
    assert nested_columns(frame) == ["list", "struct", "objects"]


def test_the_table_is_large_enough():
    assert len(CASES) + len(CLI_CASES) >= 60


def test_a_score_only_parquet_sets_nested_columns_aside(paths, tmp_path):
    """Issue 27, item 8, for a model served elsewhere (scores in a column): nested columns are not features and are
    named (it raised a raw 'unhashable type'); naming one with features= is refused with the fix."""
    df = _holdout(paths).assign(score=0.5)
    data = tmp_path / "scored.parquet"
    data.write_bytes(_parquet(_nested(df)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        case = explainers.load(None, data, target=TARGET, scores="score")
    assert "tags" not in case.X.columns and "address" not in case.X.columns
    assert any("Nested columns" in note and "'tags'" in note for note in case.notes)
    with pytest.raises(explainers.DataError, match="flatten"):
        explainers.load(None, data, target=TARGET, scores="score", features=["age", "tags"])
