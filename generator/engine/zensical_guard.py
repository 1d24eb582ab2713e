"""The Zensical path's checks on theme overrides, before anything is rendered.

Zensical renders templates with MiniJinja (Rust): a template sees only plain
values, never Python objects, so the payloads Jinja's sandbox stops on the
MkDocs path fail there with "undefined value". What MiniJinja does allow, and
Jinja's `FileSystemLoader` on the MkDocs path does not, is naming a template
outside the theme: Zensical 0.0.73 renders `{% include "/etc/passwd" %}` or
`{% include "../../x" %}` and prints the file into every page.

A computed template name cannot be checked before it is computed, so the
overrides (the defaults and a community's `templates/overrides/`, as staged) may
name other templates only by a written-out relative name without `..`, and may
not call MiniJinja's `debug()`, which prints the whole rendering context. A file
that does not parse as a template is refused too: whatever it holds is unchecked.
Each refusal names the file and line, in the community's terms.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path, PurePosixPath

import jinja2
from jinja2 import nodes

# Only parsed, never rendered: the settings MkDocs' and Material's templates are written for.
_PARSER = jinja2.Environment(extensions=["jinja2.ext.do", "jinja2.ext.loopcontrols"])
# Functions MiniJinja offers that Jinja does not, refused for what they print.
_REFUSED_CALLS = ("debug",)


class OverrideRefused(Exception):
    """An override the Zensical engine will not render."""


def check_overrides(overrides: Path) -> None:
    """Refuse, naming file and line, any override that could reach a file outside the theme."""
    for path in sorted(overrides.rglob("*")):
        if path.is_symlink():
            raise OverrideRefused(f"{_shown(path, overrides)}: a link; the theme holds only files.")
        if not path.is_file():
            continue
        try:
            source = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # an image or font: MiniJinja cannot load it as a template either
        if "{%" not in source and "{{" not in source:
            continue
        for line, why in template_problems(source):
            raise OverrideRefused(
                f"{_shown(path, overrides)}, line {line}: {why} The Zensical engine renders "
                "a theme template only if every template it names is written out in full, "
                "inside the theme. Correct it, or build with --engine mkdocs."
            )


def template_problems(source: str) -> Iterator[tuple[int, str]]:
    """(line, why) for each thing in a template's source that the Zensical path refuses."""
    try:
        tree = _PARSER.parse(source)
    except jinja2.TemplateSyntaxError as err:
        yield err.lineno, f"it could not be read as a template ({err.message})."
        return
    for node in tree.find_all((nodes.Include, nodes.Extends, nodes.Import, nodes.FromImport)):
        for why in _name_problems(node.template):
            yield node.lineno, why
    for call in tree.find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and call.node.name in _REFUSED_CALLS:
            yield call.lineno, f"it calls {call.node.name}(), which prints the rendering context."


def _name_problems(template: nodes.Expr) -> Iterator[str]:
    names = template.items if isinstance(template, (nodes.List, nodes.Tuple)) else [template]
    for name in names:
        if not (isinstance(name, nodes.Const) and isinstance(name.value, str)):
            yield "it names a template by a computed value, which cannot be checked."
            continue
        if not _inside(name.value):
            yield f"it names the template {name.value!r}, which is not inside the theme."


def _inside(name: str) -> bool:
    path = PurePosixPath(name)
    return (
        bool(name)
        and "\\" not in name
        and "\0" not in name
        and not path.is_absolute()
        and ".." not in path.parts
        and ":" not in name
    )


def _shown(path: Path, overrides: Path) -> str:
    """A staged override by the name it has in the community's repository."""
    return f"templates/overrides/{path.relative_to(overrides).as_posix()}"
