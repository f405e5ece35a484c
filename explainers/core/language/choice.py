"""Which language the current report build, Streamlit session or command speaks: a context variable, so two
builds in two threads or tasks never see each other's choice."""

from __future__ import annotations

import contextlib
from contextvars import ContextVar, Token

from ..errors import InputError

# code -> its name in its own language. Adding a language: one line here and one catalog,
# explainers/locale/<code>/LC_MESSAGES/trustboard.po (README, "Adding a language").
LANGUAGES = {"en": "English", "de": "Deutsch", "fr": "Français"}

_CURRENT: ContextVar[str] = ContextVar("trustboard_language", default="en")


def check(lang) -> str:
    """``lang`` as a known code ("de", "DE", "de-CH" and "de_AT" read as "de"); an InputError naming the choices."""
    code = str(lang or "en").strip().replace("_", "-").split("-")[0].lower()
    if code not in LANGUAGES:
        raise InputError(f"Unknown language {lang!r}; choose from {', '.join(LANGUAGES)}.")
    return code


def current() -> str:
    """The language in force here ("en" unless a caller chose another)."""
    return _CURRENT.get()


def set_language(lang) -> Token:
    """Choose ``lang`` for the rest of this context (a Streamlit script run sets it at its top); returns the token
    that ``_CURRENT.reset`` takes."""
    return _CURRENT.set(check(lang))


@contextlib.contextmanager
def use_language(lang):
    """``with use_language("de"):`` everything inside speaks German; the previous language comes back after."""
    token = set_language(lang)
    try:
        yield current()
    finally:
        _CURRENT.reset(token)


def language_attribute() -> str:
    """The current language as an HTML ``lang`` value (BCP 47: "en", "de", "fr")."""
    return current()
