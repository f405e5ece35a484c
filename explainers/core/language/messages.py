"""gettext, ngettext and pgettext in the current language, filling a template's named placeholders.

A template is formatted only when values are given (so a sentence without placeholders may hold braces); a
translation whose placeholders do not fit (a translator's slip) falls back to the English template rather than
failing a report.
"""

from __future__ import annotations

from .catalogs import translations
from .choice import current
from .numbers import count


def N_(message: str) -> str:
    """Marks ``message`` for extraction without translating it (for tables of sentences translated where used)."""
    return message


def _fill(template: str, english: str, values: dict) -> str:
    if not values:
        return template
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return english.format(**values)


def gettext(message: str, **values) -> str:
    """``message`` in the current language, its ``{placeholders}`` filled from ``values``."""
    return _fill(translations(current()).gettext(message), message, values)


_ = gettext


def pgettext(context: str, message: str, **values) -> str:
    """Like :func:`gettext`, for a word whose meaning depends on ``context`` ("gate" the policy, not a door)."""
    return _fill(translations(current()).pgettext(context, message), message, values)


def ngettext(singular: str, plural: str, n: int, **values) -> str:
    """The form for ``n`` (German and French plurals follow the catalog's rule); ``{n}`` is ``n`` written the
    local way unless ``values`` give it."""
    values = {"n": count(n), **values}
    english = singular if n == 1 else plural
    return _fill(translations(current()).ngettext(singular, plural, n), english, values)


def npgettext(context: str, singular: str, plural: str, n: int, **values) -> str:
    """:func:`ngettext` with a context."""
    values = {"n": count(n), **values}
    english = singular if n == 1 else plural
    return _fill(translations(current()).npgettext(context, singular, plural, n), english, values)


def join(parts) -> str:
    """"a", "a and b", "a, b and c" in the current language ("a, b und c", "a, b et c")."""
    parts = [str(p) for p in parts]
    if len(parts) < 2:
        return "".join(parts)
    # Translators: the end of a list, "a, b and c": {items} is "a, b", {last} is "c".
    return gettext("{items} and {last}", items=gettext(", ").join(parts[:-1]), last=parts[-1])
