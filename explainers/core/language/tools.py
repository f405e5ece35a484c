"""Keeping the catalogs in step with the code, with Babel's own commands and one set of options:

    python -m explainers.core.language.tools extract   # explainers/locale/messages.pot from every marked sentence
    python -m explainers.core.language.tools update    # extract, then merge the template into each language's .po
    python -m explainers.core.language.tools check     # exit 1 when a .po lacks a message or a translation
    python -m explainers.core.language.tools fill F.json  # update, then write the translations in F into each .po

``fill`` takes ``{"English msgid": {"de": "...", "fr": "..."}}`` (a plural: the singular msgid as key and a list of
forms per language; a ``pgettext`` message: ``"context\x04msgid"``) and holds a lock around update and write, so people converting folders at the same time
never overwrite each other's translations.

Locations name the file without line numbers and entries are sorted by file, so a folder's messages stay together
and moving code never rewrites the catalogs (several people convert folders at the same time).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po, write_po

from .catalogs import DOMAIN, LOCALE_DIR
from .choice import LANGUAGES
from .completeness import COMMENT_TAG, KEYWORDS, problems

ROOT = LOCALE_DIR.parents[1]  # the repository
SOURCE = LOCALE_DIR.parent  # explainers/
SOURCES = (SOURCE, ROOT / "dashboard", ROOT / "views", ROOT / "app.py")  # the engine and the pages
LOCK = LOCALE_DIR / ".lock"
CONFIG = ROOT / "babel.cfg"
TEMPLATE = LOCALE_DIR / "messages.pot"


def _pybabel(*args: str) -> None:
    """pybabel with ``args`` from the repository's root, so the catalogs name files by their repository path."""
    with contextlib.chdir(ROOT):
        CommandLineInterface().run(["pybabel", "-q", *args])


def _here(path: Path) -> str:
    return str(path.relative_to(ROOT))


def extract() -> Path:
    """Write the template of every marked message under explainers/."""
    keywords = [f"-k{name}:{','.join(map(str, spec))}" for name, spec in KEYWORDS.items()]
    TEMPLATE.parent.mkdir(parents=True, exist_ok=True)
    _pybabel("extract", "-F", str(CONFIG), *keywords, "-c", COMMENT_TAG, "--add-location=file", "--sort-by-file",
             "--no-wrap", "--project=Trustboard", "--version=1", "-o", _here(TEMPLATE),
             *[_here(path) for path in SOURCES if path.exists()])
    return TEMPLATE


def update() -> None:
    """Extract, then merge into every language's catalog (new messages empty, changed ones fuzzy: both fall back to
    English and fail the completeness test until a translator fills them)."""
    extract()
    for lang in LANGUAGES:
        if lang == "en":
            continue
        po = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        command = "update" if po.is_file() else "init"
        extra = ["--no-wrap", "--ignore-obsolete", "--ignore-pot-creation-date"] if po.is_file() else ["--no-wrap"]
        _pybabel(command, "-i", _here(TEMPLATE), "-d", _here(LOCALE_DIR), "-D", DOMAIN, "-l", lang, *extra)


@contextlib.contextmanager
def _locked():
    """One catalog writer at a time (the lock file is ignored by git)."""
    with open(LOCK, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def fill(path: str | Path) -> list[str]:
    """Update the catalogs, then set the translations given in the JSON file ``path``; returns the msgids that are not
    in the template (misspelt, or not marked in the code yet)."""
    given = json.loads(Path(path).read_text(encoding="utf-8"))
    unknown: set[str] = set()
    with _locked():
        update()
        for lang in LANGUAGES:
            if lang == "en":
                continue
            po = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
            with open(po, "rb") as handle:
                catalog = read_po(handle, locale=lang)
            for msgid, forms in given.items():
                context, _, bare = msgid.rpartition("\x04")  # "context\x04msgid": a pgettext message
                message = catalog.get(bare, context=context or None) or next(
                    (m for m in catalog if isinstance(m.id, tuple) and m.id[0] == bare
                     and m.context == (context or None)), None)
                if message is None or lang not in forms:
                    unknown.add(msgid) if message is None else None
                    continue
                text = forms[lang]
                message.string = tuple(text) if isinstance(message.id, tuple) else text
                message.flags.discard("fuzzy")
            with open(po, "wb") as handle:
                write_po(handle, catalog, width=None, ignore_obsolete=True, include_lineno=False)
    return sorted(unknown)


def main(argv=None) -> int:
    command = (argv or sys.argv[1:] or ["update"])[0]
    if command == "extract":
        print(extract())
    elif command == "update":
        with _locked():
            update()
    elif command == "fill" and len(argv or sys.argv[1:]) == 2:
        unknown = fill((argv or sys.argv[1:])[1])
        print("\n".join(f"not in the template: {m!r}" for m in unknown) or "filled")
        return 1 if unknown else 0
    elif command == "check":
        found = problems()
        print("\n".join(found) or "every message is translated")
        return 1 if found else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
