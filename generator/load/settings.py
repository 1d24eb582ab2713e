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

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.load import yamlsafe
from generator.load.files import locate
from generator.model.problems import Problem

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
    theme = _clean_theme({k: theme_data[k] for k in _THEME_KEYS if k in theme_data}, name, problems)
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
    if site_url is not None and not (isinstance(site_url, str) and _URL.match(site_url)):
        problems.append(
            Problem(
                name,
                "site_url must be a web address starting with https://; it is ignored.",
                "warning",
                path=("site_url",),
            )
        )
        site_url = None
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
        locate(problems, {name: path.read_text(encoding="utf-8", errors="replace")}),
    )


# The theme prints these settings into its pages without escaping them, so each must
# look like what it is: a colour name, an icon name, a feature flag, a language code.
_NAME = re.compile(r"^[a-z][a-z0-9 -]{0,40}$")
_ICON = re.compile(r"^[a-z0-9][a-z0-9/-]{0,80}$")
_FEATURE = re.compile(r"^[a-z][a-z.]{0,60}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")
_FONT = re.compile(r"^[A-Za-z0-9 ]{1,60}$")
_PATH = re.compile(r"^[A-Za-z0-9_./-]{1,200}$")
_URL = re.compile(r"^https?://[^\s\"'<>`]{1,300}$")


def _clean_theme(theme: dict[str, Any], name: str, problems: list[Problem]) -> dict[str, Any]:
    """Keep only theme values of the expected shape; each one dropped is a warning."""

    def drop(key: str) -> None:
        problems.append(
            Problem(
                name,
                f"theme '{key}' in mkdocs.yml is not in the expected form; it is ignored.",
                "warning",
                path=("theme", key),
            )
        )

    out: dict[str, Any] = {}
    for key, value in theme.items():
        ok = False
        if key == "language":
            ok = isinstance(value, str) and bool(_LANGUAGE.match(value))
        elif key == "features":
            ok = isinstance(value, list) and all(
                isinstance(v, str) and _FEATURE.match(v) for v in value
            )
        elif key == "palette":
            ok = _palette_ok(value)
        elif key == "font":
            ok = value is False or (
                isinstance(value, dict)
                and all(
                    k in ("text", "code") and isinstance(v, str) and _FONT.match(v)
                    for k, v in value.items()
                )
            )
        elif key == "icon":
            ok = isinstance(value, dict) and all(
                isinstance(v, str) and _ICON.match(v) for v in value.values()
            )
        elif key in ("logo", "favicon"):
            ok = isinstance(value, str) and bool(_PATH.match(value)) and ".." not in value
        if ok:
            out[key] = value
        else:
            drop(key)
    return out


def _palette_ok(value: Any) -> bool:
    schemes = value if isinstance(value, list) else [value]
    for scheme in schemes:
        if not isinstance(scheme, dict):
            return False
        for key, item in scheme.items():
            if key == "toggle":
                if not isinstance(item, dict) or not all(
                    isinstance(v, str) and (_ICON.match(v) if k == "icon" else len(v) < 80)
                    for k, v in item.items()
                ):
                    return False
                item["name"] = html.escape(str(item.get("name", "")))
            elif key == "media":
                if not isinstance(item, str) or not re.match(r"^[a-z0-9():, -]{1,80}$", item):
                    return False
            elif not (isinstance(item, str) and _NAME.match(item)):
                return False
    return True


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
