"""The report as plain JSON: every section's results as values (numbers as numbers, no HTML), signed."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from ..core import privacy
from ..core.language import _, current
from ..core.result import jsonable
from .build import build
from .context import Context
from .signature import seal, signature


def render_json(ctx: Context, sections=None) -> str:
    """Every chosen section's results and sentences, with the report's settings and signature, as a JSON string: keys
    in English, titles and sentences in the report's language (``language``)."""
    built = build(ctx, sections, figures=False)
    case = ctx.case
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    document = {
        "title": case.name, "task": case.task, "rows": len(case.X), "columns": list(map(str, case.X.columns)),
        "target": case.target, "classes": None if case.classes is None else [jsonable(c) for c in case.classes],
        "generated": stamp, "language": current(),
        "settings": ctx.settings(),
        "sections": {b.section.name: {"title": _(b.section.title), "results": privacy.record(jsonable(b.blocks.results)),
                                      "sentences": b.blocks.sentences} for b in built},
        "signature": signature(ctx=ctx, stamp=stamp),
    }
    return seal(json.dumps(document, indent=1, ensure_ascii=False, allow_nan=False), stamp)
