"""Escape data-derived text before it reaches Markdown, so column names and values can't inject markup."""

import re
from pathlib import Path

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~:])")


def md(text) -> str:
    """``text`` as literal Markdown: every character that Markdown, HTML or LaTeX would read is escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def short_path(path) -> str:
    """A path relative to the working folder when it lies inside it, else as given."""
    if not path:
        return "in memory"
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
