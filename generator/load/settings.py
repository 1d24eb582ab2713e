"""The site's settings from the community's mkdocs.yml, read safely and kept to a whitelist.

mkdocs.yml may arrive in a stranger's pull request, and MkDocs would happily run
Python from it (`hooks:`, plugins, `!!python/name` tags). So the file is parsed
with our safe loader and only settings that describe the site's look and
identity are taken: name, address, description, copyright, repository link,
language, palette, fonts, logo and favicon (files inside the repository), theme
features and `extra:` values. Everything that would run code, or that the
generator owns (docs_dir, site_dir, nav, markdown extensions, plugins), is
ignored with a warning.

Links are checked with a URL parser: only http, https and mailto addresses (or a
plain relative path) become links, so `javascript:`, `data:` and `vbscript:` in
repo_url, extra.homepage, extra.social or any other link setting never reach a
page. The logo and favicon must be real image files in the repository: not a
symbolic link (it would publish whatever it points at) and not SVG (an SVG can
carry script, and it would be served from the site's own origin).
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

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
    name = str(path)
    if path.is_symlink():
        return SiteSettings(root=root), [
            Problem(
                name,
                f"mkdocs.yml is a symbolic link (to {os.readlink(path)}); settings must be a real "
                "file in the repository, so the link is not followed. Replace it with the file.",
                line=1,
                column=1,
            )
        ]
    if not path.is_file():
        return SiteSettings(root=root), []
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
        if asset not in theme:
            continue
        why, severity = _image_problem(root, str(theme[asset]))
        if why:
            problems.append(
                Problem(name, f"the {asset} {why}; it is ignored.", severity, path=("theme", asset))
            )
            del theme[asset]
    site_url = data.get("site_url")
    if site_url is not None and (
        link_problem(site_url) or urlsplit(str(site_url)).scheme not in ("http", "https")
    ):
        problems.append(
            Problem(
                name,
                "site_url must be a web address starting with https://; it is ignored.",
                "warning",
                path=("site_url",),
            )
        )
        site_url = None
    repo_url = identity.get("repo_url")
    if repo_url is not None and (why := link_problem(repo_url)):
        problems.append(
            Problem(name, f"repo_url is ignored: {why}.", "warning", path=("repo_url",))
        )
        del identity["repo_url"]
    extra = data.get("extra") if isinstance(data.get("extra"), dict) else {}
    extra = _safe_links(extra, ("extra",), name, problems)
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
# A link without a scheme: a path on this site, in characters no context reads specially.
_RELATIVE = re.compile(r"^[A-Za-z0-9_./#?=%~+-]{0,300}$")
_SAFE_SCHEMES = ("http", "https", "mailto")
# Settings that become links: these names anywhere under extra:, and any *_url or *_link.
_LINK_KEYS = ("link", "url", "href", "homepage", "scope")


def link_problem(value: Any) -> str | None:
    """Why `value` cannot be a link on the site (in words), or None when it can."""
    if not isinstance(value, str):
        return "a link must be text"
    if len(value) > 2000:
        return "the address is too long"
    if any(ch.isspace() or ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 for ch in value):
        return "the address holds spaces or control characters"
    try:
        parts = urlsplit(value)
    except ValueError:
        return "it is not a valid web address"
    scheme = parts.scheme.lower()
    if scheme:
        if scheme not in _SAFE_SCHEMES:
            return (
                f"links starting with '{scheme}:' are not allowed; use an address starting "
                "with https://, http:// or mailto:"
            )
        if scheme != "mailto" and not parts.netloc:
            return "the address has no site name after the //"
        return None
    if not _RELATIVE.match(value):
        return "it is not a web address (start it with https://)"
    return None


def _is_link_key(key: Any) -> bool:
    return isinstance(key, str) and (key in _LINK_KEYS or key.endswith(("_url", "_link")))


def _safe_links(value: Any, path: tuple[Any, ...], name: str, problems: list[Problem]) -> Any:
    """A copy of `value` without the mappings whose link settings are not safe links.

    A list item (a social link, an alternate language) with a bad link is dropped
    whole; a mapping key with a bad link is dropped on its own.
    """
    if isinstance(value, list):
        out = []
        for index, item in enumerate(value):
            bad = _bad_link(item, (*path, index), name)
            if bad is not None:
                problems.append(bad)
                continue
            out.append(_safe_links(item, (*path, index), name, problems))
        return out
    if isinstance(value, dict):
        kept: dict[Any, Any] = {}
        for key, item in value.items():
            if _is_link_key(key) and (why := link_problem(item)):
                problems.append(
                    Problem(
                        name,
                        f"{_dotted((*path, key))} is ignored: {why}.",
                        "warning",
                        path=(*path, key),
                    )
                )
                continue
            kept[key] = _safe_links(item, (*path, key), name, problems)
        return kept
    return value


def _bad_link(item: Any, path: tuple[Any, ...], name: str) -> Problem | None:
    if not isinstance(item, dict):
        return None
    for key, value in item.items():
        if _is_link_key(key) and (why := link_problem(value)):
            return Problem(
                name,
                f"{_dotted(path)} is ignored: its {key}: {why}.",
                "warning",
                path=(*path, key),
            )
    return None


def _dotted(path: tuple[Any, ...]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico")


def _image_problem(root: Path, relative: str) -> tuple[str | None, str]:
    """Why the logo or favicon at `relative` cannot be used, and how serious that is."""
    if relative.lower().endswith((".svg", ".svgz")):
        return (
            "is an SVG image, which can carry script that would run on the site; "
            "use a PNG or JPEG image instead",
            "warning",
        )
    if not relative.lower().endswith(_IMAGE_SUFFIXES):
        return "must be a PNG, JPEG, GIF, WebP or ICO image file", "warning"
    for candidate in (root / relative, root / "templates" / "overrides" / relative):
        for part in _parts_below(root, candidate):
            if part.is_symlink():
                return (
                    f"is a symbolic link ({part} points to {os.readlink(part)}); it must be a "
                    "real file in the repository, so the link is not followed",
                    "error",
                )
    if not _inside(root, relative):
        return "must be a file inside the repository", "warning"
    return None, "warning"


def _parts_below(root: Path, path: Path) -> list[Path]:
    """`path` and each folder between it and `root`: any of them may be a link."""
    parts = []
    while path != root and path != path.parent:
        parts.append(path)
        path = path.parent
    return parts


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
