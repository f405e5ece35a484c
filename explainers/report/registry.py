"""The report's sections: each capability registers its own (name, title, order) next to its code.

A capability folder ``explainers/<question>/section.py`` decorates its builder with
:func:`section`; :func:`sections` finds every such module (no list to keep elsewhere), so the HTML
and JSON writers, the Report page's choices and the methods appendix all read titles from here.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from typing import Callable

from ..core.errors import InputError
from ..core.language import _


@dataclass(frozen=True)
class Section:
    """One report section: ``build(ctx, out)`` writes its blocks and results into ``out``."""

    name: str
    title: str
    order: int
    build: Callable
    needs_labels: bool = False
    without_labels: str = ""  # what cannot be done without labels, said in the section instead
    limitation: str = ""  # one plain sentence for "Methods and limitations"

    @property
    def anchor(self) -> str:
        """The element id of this section in the HTML report (``data_health`` -> ``data-health``)."""
        return self.name.replace("_", "-")


_REGISTERED: dict[str, Section] = {}


def section(name: str, title: str, order: int, *, needs_labels: bool = False, without_labels: str = "",
            limitation: str = ""):
    """Register the decorated ``build(ctx, out)`` as the report section ``name``."""
    def register(build: Callable) -> Callable:
        _REGISTERED[name] = Section(name, title, order, build, needs_labels, without_labels, limitation)
        return build
    return register


def sections() -> list[Section]:
    """Every registered section, in reading order."""
    _discover()
    return sorted(_REGISTERED.values(), key=lambda s: (s.order, s.name))


def titles() -> dict[str, str]:
    """Section name -> title in the current language, in reading order (for pickers and tables of contents); the
    titles are extracted for the catalogs from each ``@section(name, title, ...)``."""
    return {s.name: _(s.title) for s in sections()}


def chosen(names=None) -> list[Section]:
    """The sections named (all by default), in reading order; unknown names are an InputError."""
    every = sections()
    if names is None:
        return every
    known = {s.name for s in every}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise InputError(f"Unknown report sections {unknown}; choose from {sorted(known)}.")
    return [s for s in every if s.name in set(names)]


def _discover() -> None:
    """Import ``section`` of every subpackage of explainers (once; later calls are dictionary look-ups)."""
    import explainers

    for module in pkgutil.iter_modules(explainers.__path__):
        if module.ispkg:
            try:
                importlib.import_module(f"explainers.{module.name}.section")
            except ModuleNotFoundError as err:
                if err.name != f"explainers.{module.name}.section":
                    raise
