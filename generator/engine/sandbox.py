"""The theme's templates, rendered in Jinja's sandbox.

MkDocs renders the theme (Material's templates and a community's
`templates/overrides/`) with a plain `jinja2.Environment`, in which a template can
reach Python itself (`lipsum.__globals__['os']`). An override may come from a
stranger's pull request, so the engine's plugin hands MkDocs, through its public
`on_env` event, a sandboxed environment with the same settings, loader, filters,
globals and tests: Material renders the same bytes, and an override that reaches
for Python's internals stops the build with a message naming the file.
"""

from __future__ import annotations

import types
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from generator.support.template_cache import JINJA_SYNTAX

# The settings `jinja2.Environment.__init__` takes, copied as they are.
_SETTINGS = (*JINJA_SYNTAX, "undefined", "finalize", "autoescape", "auto_reload", "bytecode_cache")


class TemplateRefused(Exception):
    """A theme template failed, most often by trying what the sandbox does not allow."""


def sandboxed(env: jinja2.Environment, loader: jinja2.BaseLoader) -> SandboxedEnvironment:
    """A sandboxed copy of `env`, loading templates with `loader`."""
    settings = {name: getattr(env, name) for name in _SETTINGS}
    safe = SandboxedEnvironment(loader=loader, extensions=list(env.extensions), **settings)
    safe.filters.update(env.filters)
    safe.tests.update(env.tests)
    safe.globals.update(env.globals)
    safe.policies.update(env.policies)
    if hasattr(env, "newstyle_gettext"):  # set by the i18n extension's translations
        safe.newstyle_gettext = env.newstyle_gettext  # type: ignore[attr-defined]
    return safe


def refused(err: BaseException, overrides: Path) -> TemplateRefused | None:
    """`err` in plain words, naming the template and line, if a theme template failed."""
    if not isinstance(err, jinja2.TemplateError):
        return None
    where = "a theme template"
    if isinstance(err, jinja2.TemplateSyntaxError) and err.filename:
        where = f"{_shown(Path(err.filename), overrides)}, line {err.lineno}"
    frame: types.TracebackType | None = err.__traceback__
    while frame is not None:  # Jinja names a template's frames after the template's file
        path = Path(frame.tb_frame.f_code.co_filename)
        if path.is_relative_to(overrides):
            where = f"{_shown(path, overrides)}, line {frame.tb_lineno}"
        frame = frame.tb_next
    return TemplateRefused(
        f"{where}: the template could not be rendered ({err}). Theme templates render in a "
        "sandbox: they may print values and call the theme's filters, but not read "
        "attributes whose names start with an underscore or call unsafe functions. "
        "Correct or remove that expression."
    )


def _shown(path: Path, overrides: Path) -> str:
    """A staged override by the name it has in the community's repository."""
    if path.is_relative_to(overrides):
        return f"templates/overrides/{path.relative_to(overrides).as_posix()}"
    return str(path)
