"""Where templates come from: the community's own `templates/` first, then the defaults.

A community overrides a default file by putting a file of the same name in its
repository's `templates/` folder, as Material's `custom_dir` does for the theme.
Templates are rendered with autoescaping and with undefined names as errors, so
text from a document is always escaped and a typo in a template is caught. A
community's own templates are rendered in Jinja's sandbox, so a template changed
in a pull request cannot reach Python internals. A symbolic link anywhere in a
community's `templates/` is refused (`LinkRefused`), never followed: a committed
link to a private key or /etc/passwd would otherwise be published or printed.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

import generator
from generator.diff.view import Cited, with_citations
from generator.support import i18n
from generator.support.fsutil import refuse_links
from generator.support.template_cache import keep_compiled


def default_templates() -> Path:
    """The templates shipped with the tool.

    Installed, they sit inside the package; in a source checkout (an editable
    install) they are the `templates/` folder at the top of the repository.
    """
    package = Path(generator.__file__).resolve().parent
    installed = package / "templates"
    return installed if installed.is_dir() else package.parent / "templates"


def template_dirs(community_root: Path | None) -> list[Path]:
    dirs = []
    if community_root is not None:
        refuse_links(community_root / "templates")
        own = (community_root / "templates").resolve()
        if own.is_dir() and own != default_templates().resolve():
            dirs.append(own)
    dirs.append(default_templates())
    return dirs


def has_own_templates(community_root: Path | None) -> bool:
    return len(template_dirs(community_root)) > 1 and any(
        p.is_file() for p in template_dirs(community_root)[0].rglob("*")
    )


def environment(
    community_root: Path | None = None, compiled: Path | None = None
) -> jinja2.Environment:
    """The pages' templates; with `compiled` (a cache folder), compiled once for later builds."""
    # A community's own templates may arrive in a pull request, so they are rendered
    # sandboxed: they cannot reach Python internals. The tool's own templates are
    # trusted and rendered without the sandbox's checks on every attribute (faster).
    kind = SandboxedEnvironment if has_own_templates(community_root) else jinja2.Environment
    env = kind(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs(community_root)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
        auto_reload=False,  # one build, one set of templates: no stat of the file per page
    )
    # Words in the language in use (`i18n.use_language`): {{ _("...") }} and {% trans %}.
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals["gettext"] = env.globals["_"] = _gettext
    env.globals["language"] = i18n.current_language
    env.filters["cited"] = cited_html
    return keep_compiled(env, compiled)


@jinja2.pass_context
def _gettext(context: jinja2.runtime.Context, message: str, **variables: Any) -> str:
    """As Jinja's newstyle `gettext`, without its two indirect calls, and kept when it has
    no variables: the templates print the same few hundred words on every page."""
    if variables:
        words = i18n.gettext(message)
        return (Markup(words) if context.eval_ctx.autoescape else words) % variables
    return _words(message, i18n.current_language(), context.eval_ctx.autoescape)


@lru_cache(maxsize=4096)
def _words(message: str, language: str, autoescape: bool) -> str:
    with i18n.use_language(language):
        words = i18n.gettext(message)
    return (Markup(words) if autoescape else words) % {}


def cited_html(text: str, citations: dict[str, Cited]) -> Markup:
    """Redline text, escaped, with each citation a link (or its label), never markup."""

    def cite(c: Cited) -> str:
        label = escape(c.label)
        return f'<a href="{escape(c.href)}">{label}</a>' if c.href else str(label)

    return Markup(with_citations(text, citations, lambda t: str(escape(t)), cite))
