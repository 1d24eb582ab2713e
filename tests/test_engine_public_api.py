"""The engine uses MkDocs and Material through their public API only (issue 10).

A private name (one beginning with an underscore) of MkDocs or Material may change
in any release; code that uses one ties us to a version. This scans every module
under generator/ with `ast`:

- no import of a private module or name from mkdocs or material;
- in a module that imports mkdocs or material, no private attribute is read or
  set (`x._y`, or `getattr(x, "_y")`) on anything but the module's own `self`/`cls`,
  so no private attribute of a MkDocs object, and none hung on one either.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "generator"
LIBRARIES = ("mkdocs", "material")
OWN = ("self", "cls")
ATTRIBUTE_CALLS = ("getattr", "setattr", "hasattr", "delattr")


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _from_library(module: str) -> bool:
    return module.split(".")[0] in LIBRARIES


def private_uses(source: str, filename: str = "<source>") -> list[str]:
    """Every use of a private MkDocs or Material name in `source`, as 'line: what'."""
    tree = ast.parse(source, filename)
    found: list[str] = []
    imports_library = False
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if _from_library(alias.name):
                    imports_library = True
                    if any(_private(part) for part in alias.name.split(".")):
                        found.append(f"{node.lineno}: import {alias.name}")
        elif isinstance(node, ast.ImportFrom) and node.module and _from_library(node.module):
            imports_library = True
            if any(_private(part) for part in node.module.split(".")):
                found.append(f"{node.lineno}: from {node.module} import ...")
            for alias in node.names:
                if _private(alias.name):
                    found.append(f"{node.lineno}: from {node.module} import {alias.name}")
    if not imports_library:
        return found
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr):
            owner = node.value.id if isinstance(node.value, ast.Name) else None
            if owner not in OWN:
                found.append(f"{node.lineno}: .{node.attr}")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ATTRIBUTE_CALLS
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
            and _private(node.args[1].value)
        ):
            found.append(f"{node.lineno}: {node.func.id}(..., {node.args[1].value!r})")
    return found


def test_no_module_under_generator_uses_a_private_mkdocs_or_material_name() -> None:
    modules = sorted(PACKAGE.rglob("*.py"))
    assert len(modules) > 20, "the scan must see the package"
    problems = [
        f"{path.relative_to(PACKAGE.parent)}:{use}"
        for path in modules
        for use in private_uses(path.read_text(encoding="utf-8"), str(path))
    ]
    assert problems == []


@pytest.mark.parametrize(
    "source",
    [
        "from mkdocs.commands.build import _build_page",
        "from mkdocs.commands import build as steps\nsteps._populate_page(page, config, files)",
        "import mkdocs\nfile._content = 'x'",
        "from mkdocs.structure.pages import Page\npage._reused = True",
        "import material\nvalue = getattr(file, '_content', None)",
        "from mkdocs.utils import _removesuffix",
        "import mkdocs._private",
    ],
)
def test_the_scan_finds_private_names(source: str) -> None:
    assert private_uses(source) != []


def test_the_scan_allows_public_names_and_own_private_ones() -> None:
    source = (
        "from mkdocs.commands.build import build, get_context\n"
        "from mkdocs.plugins import BasePlugin\n"
        "class Plugin(BasePlugin):\n"
        "    def on_env(self, env, *, config, files):\n"
        "        self._seen = get_context(None, files, config)\n"
        "        return env\n"
    )
    assert private_uses(source) == []
