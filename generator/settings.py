"""The site's settings from the community's mkdocs.yml, read safely and kept to a whitelist.

mkdocs.yml may arrive in a stranger's pull request, and MkDocs would happily run
Python from it (`hooks:`, plugins, `!!python/name` tags). So the file is parsed
with our safe loader and only settings that describe the site's look and
identity are taken: name, address, description, copyright, repository link,
language, palette, fonts, logo and favicon (files inside the repository), theme
features and `extra:` values. Everything that would run code, or that the
generator owns (docs_dir, site_dir, nav, markdown extensions, plugins), is
ignored with a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import yamlsafe
from generator.problems import Problem

CONFIG_FILE = "mkdocs.yml"
_IDENTITY_KEYS = (
    "site_name",
    "site_url",
    "site_description",
    "site_author",
    "copyright",
    "repo_url",
    "repo_name",
)
_THEME_KEYS = ("language", "palette", "font", "features", "logo", "favicon", "icon")
_OWNED_BY_GENERATOR = ("docs_dir", "site_dir", "nav", "markdown_extensions", "plugins")
_IGNORED_FOR_SAFETY = ("hooks", "INHERIT", "extra_javascript", "extra_css", "watch")


@dataclass(frozen=True, slots=True)
class SiteSettings:
    site_name: str = "Community constitution"
    site_url: str | None = None
    identity: dict[str, str] = field(default_factory=dict)  # description, copyright, repo...
    theme: dict[str, Any] = field(default_factory=dict)  # palette, font, features, language...
    extra: dict[str, Any] = field(default_factory=dict)
    root: Path = Path(".")  # the community repository, where templates/ and assets live


def read_settings(root: Path) -> tuple[SiteSettings, list[Problem]]:
    """Settings from `root/mkdocs.yml` (defaults when there is none)."""
    path = root / CONFIG_FILE
    if not path.is_file():
        return SiteSettings(root=root), []
    name = str(path)
    try:
        data = yamlsafe.load(yamlsafe.decode(path.read_bytes()))
    except yamlsafe.YamlError as err:
        return SiteSettings(root=root), [
            Problem(name, err.message, line=err.line, column=err.column)
        ]
    if not isinstance(data, dict):
        return SiteSettings(root=root), [
            Problem(
                name, "mkdocs.yml must be a set of keys such as 'site_name:'.", line=1, column=1
            )
        ]
    problems: list[Problem] = []
    for key in data:
        if key in _OWNED_BY_GENERATOR or key in _IGNORED_FOR_SAFETY:
            why = (
                "the charters tool sets it"
                if key in _OWNED_BY_GENERATOR
                else "it could run code or load files from a pull request"
            )
            problems.append(
                Problem(
                    name,
                    f"'{key}' in mkdocs.yml is ignored: {why}.",
                    "warning",
                    path=(key,),
                    at="key",
                )
            )
    identity = {k: str(data[k]) for k in _IDENTITY_KEYS[2:] if isinstance(data.get(k), (str, int))}
    theme_data = data.get("theme") if isinstance(data.get("theme"), dict) else {}
    theme_name = theme_data.get("name", "material")
    if theme_name != "material":
        problems.append(
            Problem(
                name,
                f"the theme '{theme_name}' is not supported; the site uses Material for MkDocs.",
                "warning",
                path=("theme", "name"),
            )
        )
    theme = {k: theme_data[k] for k in _THEME_KEYS if k in theme_data}
    for asset in ("logo", "favicon"):
        if asset in theme and not _inside(root, str(theme[asset])):
            problems.append(
                Problem(
                    name,
                    f"the {asset} must be a file inside the repository; it is ignored.",
                    "warning",
                    path=("theme", asset),
                )
            )
            del theme[asset]
    site_url = data.get("site_url")
    extra = data.get("extra") if isinstance(data.get("extra"), dict) else {}
    return (
        SiteSettings(
            site_name=str(data.get("site_name") or "Community constitution"),
            site_url=str(site_url).rstrip("/") + "/" if site_url else None,
            identity=identity,
            theme=theme,
            extra=extra,
            root=root,
        ),
        problems,
    )


def _inside(root: Path, relative: str) -> bool:
    if relative.startswith(("http://", "https://")):
        return False
    candidates = [root / relative, root / "templates" / "overrides" / relative]
    for candidate in candidates:
        try:
            candidate.resolve().relative_to(root.resolve())
        except ValueError:
            return False
        if candidate.is_file():
            return True
    return False
