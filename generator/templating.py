"""Where templates come from: the community's own `templates/` first, then the defaults.

A community overrides a default file by putting a file of the same name in its
repository's `templates/` folder, as Material's `custom_dir` does for the theme.
Templates are rendered sandboxed, with autoescaping and with undefined names as
errors, so text from a document is always escaped, a typo in a template is
caught, and a template changed in a pull request cannot reach Python internals.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment

import generator


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
        own = (community_root / "templates").resolve()
        if own.is_dir() and own != default_templates().resolve():
            dirs.append(own)
    dirs.append(default_templates())
    return dirs


def environment(community_root: Path | None = None) -> SandboxedEnvironment:
    # Sandboxed: a template edited in a pull request must not reach Python internals.
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs(community_root)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env
