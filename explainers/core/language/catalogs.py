"""The compiled catalogs: explainers/locale/<lang>/LC_MESSAGES/trustboard.po, compiled to .mo by Babel at first use
when the .mo is missing or older than the .po (.mo files are not committed; a read-only install compiles in memory)."""

from __future__ import annotations

import gettext as _gettext
import os
import tempfile
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale"
DOMAIN = "trustboard"


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def translations(lang: str) -> _gettext.NullTranslations:
    """The translations of ``lang`` (English, or a language without a catalog: the msgids themselves)."""
    po = po_path(lang)
    if lang == "en" or not po.is_file():
        return _gettext.NullTranslations()
    return _load(lang, po.stat().st_mtime_ns)


@lru_cache(maxsize=16)
def _load(lang: str, stamp: int) -> _gettext.GNUTranslations:
    """Compiled once per version of the .po (``stamp``: its modification time)."""
    po = po_path(lang)
    mo = po.with_suffix(".mo")
    if mo.is_file() and mo.stat().st_mtime_ns >= stamp:
        with mo.open("rb") as handle:
            return _gettext.GNUTranslations(handle)
    data = compile_po(po, lang)
    try:  # written beside the .po through a temporary file, so two processes never read half a file
        with tempfile.NamedTemporaryFile(dir=mo.parent, suffix=".mo.tmp", delete=False) as handle:
            handle.write(data)
        os.chmod(handle.name, 0o644)  # readable like the .po (a temporary file starts private)
        os.replace(handle.name, mo)
    except OSError:
        pass  # a read-only install: the catalog compiled in memory serves as well
    return _gettext.GNUTranslations(BytesIO(data))


def compile_po(po: Path, lang: str) -> bytes:
    """The .mo bytes of ``po`` (untranslated and fuzzy entries left out, so they fall back to English)."""
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    out = BytesIO()
    write_mo(out, catalog)
    return out.getvalue()
