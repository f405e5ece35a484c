"""The audit trail: one JSON line per sign-in, open, upload, export and policy change.

Each line holds the time (UTC), the person's e-mail and role, the action, and the SHA-256 of the model and
data files. Nothing else about the data is written: no row, no column value (so no private value can leak),
only the details the caller names (a file name, a format, a policy's hash).
"""

from __future__ import annotations

import json
import threading
from datetime import datetime, timezone
from pathlib import Path

_lock = threading.Lock()  # lines of concurrent sessions never interleave
DETAIL_TYPES = (str, int, float, bool, type(None))


def line(*, email: str | None, role: str | None, action: str, case=None, **detail) -> dict:
    """The audit record: who, as what, did what, to which model and data (by content hash)."""
    wrong = [k for k, v in detail.items() if not isinstance(v, DETAIL_TYPES)]
    if wrong:
        raise TypeError(f"audit details must be plain values, not {wrong}: never pass data to the audit trail")
    source = {} if case is None else case.source
    return {"time": datetime.now(timezone.utc).isoformat(timespec="seconds"), "email": email, "role": role,
            "action": action, "model": None if case is None else case.name,
            "model_sha256": source.get("model_sha256"), "data_sha256": source.get("data_sha256"),
            "fingerprint": None if case is None else case.fingerprint, **detail}


def write(path: str | Path | None, record: dict) -> None:
    """Append the record as one JSON line (no file given: nothing is written)."""
    if path is None:
        return
    text = json.dumps(record, ensure_ascii=False, default=str) + "\n"
    with _lock, open(path, "a", encoding="utf-8") as out:
        out.write(text)


def read(path: str | Path) -> list[dict]:
    """Every record of an audit file, oldest first."""
    return [json.loads(row) for row in Path(path).read_text(encoding="utf-8").splitlines() if row.strip()]
