"""Escape data-derived text before it reaches Markdown, so column names and values can't inject markup."""

import re
from pathlib import Path

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~:=&])")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")


def md(text) -> str:
    """``text`` as literal Markdown on one line: every character that Markdown, HTML, LaTeX or Streamlit's
    directives (``:red[...]``, ``:material/...:``) would read is escaped, and line breaks (which could
    start a heading or a list) become spaces."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _LINE_BREAKS.sub(" ", str(text)))


def short_path(path) -> str:
    """A path relative to the working folder when it lies inside it, else as given."""
    if not path:
        return "in memory"
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
