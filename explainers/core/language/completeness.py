"""What a catalog lacks: a message the code marks that a language does not translate (missing, empty or fuzzy),
or a translation whose {placeholders} differ from the English template's."""

from __future__ import annotations

import string

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from .catalogs import LOCALE_DIR, po_path
from .choice import LANGUAGES

KEYWORDS = {"section": (2,)}  # beside Babel's own (_, gettext, ngettext, pgettext, npgettext, N_): report titles
COMMENT_TAG = "Translators:"


def messages_in_code() -> dict:
    """(context, msgid) -> the message as the code marks it today (a msgid, or (singular, plural))."""
    found = {}
    for _file, _line, message, _comments, context in extract_from_dir(
            str(LOCALE_DIR.parent), [("**.py", "python")], keywords={**DEFAULT_KEYWORDS, **KEYWORDS},
            comment_tags=(COMMENT_TAG,)):
        found[(context, message[0] if isinstance(message, tuple) else message)] = message
    return found


def placeholders(text: str) -> set[str]:
    """The named fields of a template ("{share} of {group}" -> {"share", "group"})."""
    try:
        return {field for _, field, _, _ in string.Formatter().parse(text) if field}
    except ValueError:
        return {"<unbalanced braces>"}


def problems(languages=None) -> list[str]:
    """One line per missing translation or placeholder mismatch, in every language but English."""
    code = messages_in_code()
    found = []
    for lang in languages or [code for code in LANGUAGES if code != "en"]:
        path = po_path(lang)
        if not path.is_file():
            found.append(f"{lang}: no catalog at {path}")
            continue
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        for (context, msgid), message in code.items():
            entry = catalog.get(msgid, context=context)
            said = f"{lang}: {msgid!r}" + (f" (context {context!r})" if context else "")
            if entry is None or entry.fuzzy or not all(_forms(entry.string)):
                found.append(f"{said} is not translated" + (" (fuzzy)" if entry is not None and entry.fuzzy else ""))
                continue
            english = [message] if isinstance(message, str) else list(message)
            wanted = [placeholders(e) for e in english]
            for form in _forms(entry.string):
                if placeholders(form) not in wanted and placeholders(form) != set().union(*wanted) - {"n"}:
                    found.append(f"{said}: the translation {form!r} has placeholders {sorted(placeholders(form))}, "
                                 f"the English {sorted(set().union(*wanted))}")
    return found


def _forms(string) -> list[str]:
    return list(string) if isinstance(string, (tuple, list)) else [string]
