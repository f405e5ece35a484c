"""Keeping the catalogs in step with the code, with Babel's own commands and one set of options:

    python -m explainers.core.language.tools extract   # explainers/locale/messages.pot from every marked sentence
    python -m explainers.core.language.tools update    # extract, then merge the template into each language's .po
    python -m explainers.core.language.tools check     # exit 1 when a .po lacks a message or a translation

Locations name the file without line numbers and entries are sorted by file, so a folder's messages stay together
and moving code never rewrites the catalogs (several people convert folders at the same time).
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface

from .catalogs import DOMAIN, LOCALE_DIR
from .choice import LANGUAGES
from .completeness import COMMENT_TAG, KEYWORDS, problems

ROOT = LOCALE_DIR.parents[1]  # the repository
SOURCE = LOCALE_DIR.parent  # explainers/
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
             "--no-wrap", "--project=Trustboard", "--version=1", "-o", _here(TEMPLATE), _here(SOURCE))
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


def main(argv=None) -> int:
    command = (argv or sys.argv[1:] or ["update"])[0]
    if command == "extract":
        print(extract())
    elif command == "update":
        update()
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
