"""Pages and the dashboard use the engine's public surface only (DESIGN.md, httpx style).

They import ``explainers`` itself or names a folder lists in its ``__all__`` (``from explainers.why import
figures, words, importance``); never a module deeper than a folder (``explainers.why.summaries``), so a folder
can move its insides without touching a page.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

import explainers

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = tuple(sorted(p.parent.name for p in (ROOT / "explainers").glob("*/__init__.py")))  # every package, found
FILES = sorted([*ROOT.glob("views/*.py"), ROOT / "app.py", *ROOT.glob("dashboard/**/*.py")])


def _public(module: str) -> set[str]:
    return set(importlib.import_module(module).__all__)


def problems(source: str) -> list[str]:
    """Every import of the engine in ``source`` (at any depth, in functions too) that is not public."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [f"line {node.lineno}: import {a.name}" for a in node.names
                      if a.name.startswith("explainers.")]
        elif isinstance(node, ast.ImportFrom) and not node.level and (node.module or "").split(".")[0] == "explainers":
            parts = node.module.split(".")
            if len(parts) > 2:
                found.append(f"line {node.lineno}: from {node.module} (deeper than a folder)")
                continue
            if len(parts) == 2 and parts[1] not in FOLDERS:
                found.append(f"line {node.lineno}: from {node.module} (not a folder with a public surface)")
                continue
            public = _public(node.module)
            found += [f"line {node.lineno}: {a.name} is not in {node.module}.__all__" for a in node.names
                      if a.name not in public]
        elif (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "explainers"
              and node.attr not in explainers.__all__):
            found.append(f"line {node.lineno}: explainers.{node.attr} is not in explainers.__all__")
    return found


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_pages_and_dashboard_import_only_public_names(path):
    assert not problems(path.read_text(encoding="utf-8")), problems(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("folder", FOLDERS)
def test_each_folder_states_its_public_names(folder):
    module = importlib.import_module(f"explainers.{folder}")
    assert "__all__" in vars(module), f"explainers/{folder}/__init__.py has no __all__"
    missing = [name for name in module.__all__ if not hasattr(module, name)]
    assert not missing, f"explainers.{folder}.__all__ names what it does not define: {missing}"


def test_the_check_catches_deep_imports_and_private_names():
    source = ("from explainers.why.summaries import importance\n"
              "import explainers.why.words\n"
              "from explainers.why import _scale, figures\n"
              "from explainers.measures_of_doom import x\n"
              "def late():\n    from explainers.flips.links import MIN_ROWS\n"
              "explainers.why.summaries.importance(None)\n")
    found = problems(source)
    assert len(found) == 6, found
    assert not problems("import explainers\nfrom explainers.why import figures, importance\nexplainers.load\n")
