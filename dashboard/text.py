"""Escape data-derived text before it reaches Markdown, so column names and values can't inject markup.

The one rule for text from data (title, class labels, column names, categories, group names, values):
it goes through ``md`` before any Streamlit field that renders Markdown, which is more than it seems:
st.markdown, captions, headings and alerts; widget labels, help texts and radio options; expander and
tab labels; a metric's label and value (and delta); and a table column's ``help`` tooltip in
``st.column_config``. Plain text needs nothing: table cells and headers, select box and multiselect
options, st.code. Plotly labels are escaped by explainers/core/plot.py.
"""

import re
from pathlib import Path

_ALWAYS = re.compile(r"([\\`*{}\[\]<>$~|#&])")  # emphasis, code, links and images, HTML, LaTeX, tables
_UNDERSCORE = re.compile(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")  # an intraword _ cannot start emphasis
_DIRECTIVE = re.compile(r":(?=\S)")  # :red[...], :material/home:, :smile: (a colon before a space is plain)
_LIST_START = re.compile(r"^(\s*)([-+]|\d+\.)(?=\s|$)")  # "- x", "+ x", "1. x" at the start
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")
# GFM links bare e-mails, www. and http(s):// addresses after Markdown escapes are read, so a backslash cannot stop
# it (tried in Chromium); a word joiner (U+2060, invisible) after "@" and before "." / ":" does.
_AUTOLINK = re.compile(r"(@|www(?=\.)|https?(?=:))", re.IGNORECASE)
JOINER = "\u2060"


def md(text) -> str:
    """``text`` as literal Markdown on one line, for any Streamlit element that renders Markdown.

    Line breaks become spaces (no headings, lists or tables can start inside), and every character
    that could open markup is escaped: emphasis, code, links and images, HTML, LaTeX, Streamlit's
    directives (``:red[...]``, ``:material/...:``), a list marker at the start, and the bare e-mails and web
    addresses GFM would turn into links (a word joiner, invisible, breaks them). Characters that are
    plain in context stay as they are (``checking_account``, ``Model: forest``, ``(0 to 299)``), so
    labels read well, also to screen readers, which get the raw label.
    """
    one_line = _AUTOLINK.sub(lambda m: m.group(1) + JOINER, _LINE_BREAKS.sub(" ", str(text)))
    escaped = _ALWAYS.sub(r"\\\1", one_line)
    escaped = _UNDERSCORE.sub(r"\\_", escaped)
    escaped = _DIRECTIVE.sub(r"\\:", escaped)
    return _LIST_START.sub(lambda m: m.group(1) + (m.group(2)[:-1] + "\\." if m.group(2).endswith(".")
                                                   else "\\" + m.group(2)), escaped)


def short_path(path) -> str:
    """A path relative to the working folder when it lies inside it, else as given."""
    if not path:
        return "in memory"
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
