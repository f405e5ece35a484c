"""Dashboard helpers that need no browser: operator settings, escaping, cache keys."""

from pathlib import Path

import pandas as pd

import explainers
from dashboard.settings import read_settings, server_files
from dashboard.text import md


def test_settings_from_command_line_override_environment():
    env = {"TRUSTBOARD_MODEL": "env.joblib", "TRUSTBOARD_TRUSTED_TYPES": "a.B, c.D"}
    settings = read_settings(["--model", "cli.joblib", "--data", "d.csv", "--unrelated", "x"], env)
    assert settings.model == Path("cli.joblib") and settings.data == Path("d.csv")
    assert settings.trusted_types == ("a.B", "c.D")
    assert settings.allow_pickle_upload is False


def test_pickle_upload_is_off_unless_the_operator_turns_it_on():
    assert read_settings([], {}).allow_pickle_upload is False
    assert read_settings([], {"TRUSTBOARD_ALLOW_PICKLE_UPLOAD": "1"}).allow_pickle_upload is True
    assert read_settings(["--allow-pickle-upload"], {}).allow_pickle_upload is True


def test_server_files_lists_only_files_of_the_given_kinds(tmp_path):
    (tmp_path / "m.joblib").write_bytes(b"x")
    (tmp_path / "d.csv").write_text("a\n1\n")
    (tmp_path / "sub").mkdir()
    assert [p.name for p in server_files(tmp_path, (".joblib", ".skops"))] == ["m.joblib"]
    assert server_files(None, (".csv",)) == []


def test_markdown_escaping_neutralises_links_html_and_emphasis():
    hostile = "[click](javascript:alert(1)) <b>x</b> *bold* $x$ :material/home:"
    escaped = md(hostile)
    for token in ("[", "]", "<", ">", "*", "$", ":material"):
        assert f"\\{token}" in escaped
    assert escaped.replace("\\", "") == hostile
    # plain in context, so left as it is (screen readers read labels raw): intraword _, a colon before a space
    assert md("checking_account: Model (0 to 299)") == "checking_account: Model (0 to 299)"
    for start, escaped_start in (("1. x", "1\\. x"), ("- x", "\\- x"), ("line\n===", "line ===")):
        assert md(start) == escaped_start


def test_case_fingerprint_separates_different_data(german):
    data = pd.read_csv(german.holdout_path)
    first = explainers.load(german.model_path, german.holdout_path)
    again = explainers.load(german.model_path, german.holdout_path)
    changed = data.copy()
    changed.loc[changed.index[0], "age"] += 1
    other = explainers.load(german.model_path, changed)
    assert first.fingerprint == again.fingerprint
    assert first.fingerprint != other.fingerprint
