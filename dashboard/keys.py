"""Every session-state key of the dashboard, in one place (pages never spell a key themselves).

Choices a person makes once (the open case, the confidence level, the current row) live under
these keys and hold on every page; widget keys derived from them are built by the functions below.
"""

from __future__ import annotations

CASE = "case"  # the open Case
CONFIDENCE_LEVEL = "confidence_level"  # float in (0, 1), shared by How sure, One prediction and the report
THRESHOLD = "threshold"  # {case fingerprint: decision threshold of a binary classifier}
GROUP = "group"  # {case fingerprint: the column whose groups are examined}
ROW = "row_position"  # {case fingerprint: position of the current row}
REPORT = "report"  # the built report: {"fingerprint", "format", "data", "file_name"}
WHY_ALL_ROWS = "why_all_rows"  # prefix: the Why page was asked to explain every row of a case
RESIDUAL_FEATURE = "residual_feature"
WATERFALL_BEFORE, WATERFALL_AFTER = "wf_before", "wf_after"
SOURCE = "source"  # the picker's "Open" choice
CHALLENGER_SOURCE, CHALLENGER_SAMPLE = "challenger_source", "challenger_sample"  # the Compare page's choices
CHALLENGER_SERVER, CHALLENGER_UPLOAD = "challenger_server", "challenger_upload"  # upload: {"name", "bytes"}
CHALLENGER_CHOSEN = "challenger_chosen"  # {"fingerprint" of the champion, "chosen": how the challenger was opened}
COMPARE_GROUP, COMPARE_METRIC = "compare_group", "compare_metric"  # the forest plot's column and metric
GATE_SOURCE, GATE_CHAMPION = "gate_source", "gate_champion"  # May it go live: where the policy and champion come from
MONITOR_EXAMPLE = "monitor_example"  # Since go-live's example, kept across a language change (a radio's labels change)
PERSON = "access_person"  # dashboard.access.Person of this session, set by the sign-in gate on every run
AUDITED = "access_audited"  # set of (action, fingerprint, detail) already written to the audit log this session
LANGUAGE = "language"  # the reader's language code ("en", "de", "fr"): chosen in the sidebar, else link or browser
LINK_LANGUAGE = "language_link"  # the last ``lang`` query parameter read (a new one, e.g. after sign-in, wins)


def widget(key: str) -> str:
    """The widget key that shows a plain key's value (the plain key is the one that persists)."""
    return f"widget_{key}"


def remembered(key: str) -> str:
    """The plain key that keeps a widget's value across page switches (Streamlit drops widget state there)."""
    return f"remembered_{key}"


def row_way(prefix: str = "row") -> str:
    """The row picker's "Choose a row by" widget."""
    return f"{prefix}_way"


def row_position(prefix: str = "row") -> str:
    """The row picker's row-number widget."""
    return f"{prefix}_pos"


def whatif_prefix(fingerprint: str, label) -> str:
    """Prefix of the what-if editor's widgets for one row of one case."""
    return f"whatif_{fingerprint}_{label}_"


def counterfactual_rules(fingerprint: str) -> str:
    """The What flips it page's constraint editor for one case."""
    return f"cf_rules_{fingerprint}"


def gate_policy(fingerprint: str, source: str) -> str:
    """The May it go live page's policy editor for one case and policy source."""
    return f"gate_policy_{fingerprint}_{source}"
