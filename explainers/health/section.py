"""Report section: data health."""

from __future__ import annotations

from ..report.registry import section
from . import figures
from .checks import data_health
from .words import findings_shown, verdict


@section("data_health", "Data health", 70)
def health_section(ctx, out) -> None:
    health = ctx.once(data_health, reference=ctx.reference)
    out.result("data_health", health)
    out.text(verdict(health))
    if health.findings:
        out.table(findings_shown(health))
    if health.drift is not None:
        out.figure(figures.drift_bars, health.drift)
    out.text(health.method, "muted")
