"""Report appendix: the glossary (the same terms the Glossary page shows)."""

from __future__ import annotations

from ..core.language import _
from ..report.registry import section
from .terms import glossary_table


@section("glossary", "Glossary", 980)
def glossary_section(ctx, out) -> None:
    out.text(_("Every technical term this report uses, in plain words."))
    out.table(glossary_table())
