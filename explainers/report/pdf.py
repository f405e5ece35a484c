"""The report as PDF: the HTML report printed to A4 by headless Chromium (Debian's package).

The HTML's print stylesheet lays out the pages (A4, page numbers and the title with the time stamp in a
running footer): sections flow on without a page break before each, a heading stays with what follows it,
and figures, paragraphs, boxes and short tables are never cut. Chromium runs the embedded plotly.js before
printing, and the template's ``beforeprint`` handler makes each figure shorter for the page, so the figures in
the PDF are the ones the HTML draws, at print size.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..core.errors import InputError

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--no-pdf-header-footer",
         "--run-all-compositor-stages-before-draw", "--virtual-time-budget=30000", "--window-size=752,1100")
TIMEOUT = 300  # seconds for one report to print
INSTALL = ("Install Debian's Chromium (apt-get install -y chromium), or give its path with --chromium PATH "
           "or the TRUSTBOARD_CHROMIUM environment variable.")


def find_chromium(explicit=None) -> str:
    """The Chromium to print with: ``explicit``, else $TRUSTBOARD_CHROMIUM, else the first on PATH."""
    given = explicit or os.environ.get("TRUSTBOARD_CHROMIUM")
    if given:
        found = shutil.which(str(given))
        if found is None:
            raise InputError(f"Chromium {str(given)!r} is not an executable file. {INSTALL}")
        return found
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise InputError(f"A PDF report needs headless Chromium, and none was found on PATH. {INSTALL}")


def print_pdf(html: str, chromium: str) -> bytes:
    """``html`` printed to PDF by ``chromium`` (an executable path); RuntimeError when Chromium fails."""
    with tempfile.TemporaryDirectory(prefix="trustboard-pdf-") as folder:
        folder = Path(folder)
        page, out = folder / "report.html", folder / "report.pdf"
        page.write_text(html, encoding="utf-8")
        command = [chromium, *FLAGS, f"--user-data-dir={folder / 'profile'}", f"--print-to-pdf={out}", page.as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, cwd=folder,
                                  check=False)
        except subprocess.TimeoutExpired as err:
            raise RuntimeError(f"Chromium did not finish printing the report within {TIMEOUT} s.") from err
        if not out.is_file() or out.stat().st_size == 0:
            tail = "\n".join(done.stderr.strip().splitlines()[-5:])
            raise RuntimeError(f"Chromium ({chromium}) wrote no PDF (exit {done.returncode}): {tail}")
        return out.read_bytes()
