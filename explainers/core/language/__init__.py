"""The reader's language: sentences from gettext catalogs (explainers/locale/) and numbers, shares, dates and
money written the local way (Babel), for the language chosen per report build, Streamlit session or command.

Mark a sentence where it is written, as one whole template with named placeholders::

    from ..core.language import _, ngettext, percent
    _("{share} of {group} were flagged", share=percent(x), group=cell(g))
    ngettext("{n} check fails", "{n} checks fail", len(failed))

English is the msgid itself, so English output never changes; a missing translation falls back to it.
"""

from .catalogs import DOMAIN, LOCALE_DIR, translations
from .choice import LANGUAGES, current, language_attribute, set_language, use_language
from .messages import N_, _, gettext, join, ngettext, npgettext, pgettext
from .numbers import count, currency, date, datetime_text, decimal, number, percent, shortest

__all__ = ["DOMAIN", "LANGUAGES", "LOCALE_DIR", "N_", "_", "count", "currency", "current", "date", "datetime_text",
           "decimal", "gettext", "join", "language_attribute", "ngettext", "npgettext", "number", "percent",
           "pgettext", "set_language", "shortest", "translations", "use_language"]
