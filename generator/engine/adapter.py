"""The engine's adapter: a staging dir to HTML with MkDocs + Material, through their public API.

The generator is not a MkDocs plugin. It writes plain pages into a staging dir;
this adapter writes a clean mkdocs.yml for that dir (from the whitelisted
settings, never the community's file as is), registers the engine's own plugin
on it (`staged_pages`), runs MkDocs' `build()` once for the whole site, and
reports MkDocs warnings. Another engine could build the same dir.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.engine.page_cache import PageCache
from generator.load.settings import SiteSettings
from generator.model.staging import StagedSite
from generator.support import i18n
from generator.support.fsutil import Folders
from generator.support.i18n import gettext as _
from generator.support.reproducible import source_date_epoch_set

# Features that keep each page small (the nav is not rendered into every page in full).
_FEATURES = ["navigation.prune", "navigation.top", "content.code.copy"]
# The name the engine's plugin is registered under (no plugin a community names can clash).
_PLUGIN = "charters-engine"


class EngineError(Exception):
    """MkDocs could not build the site."""


@dataclass(slots=True)
class EngineResult:
    warnings: list[str] = field(default_factory=list)
    stats: dict[str, int] = field(default_factory=dict)  # pages, rendered, reused
    cache_warnings: list[str] = field(default_factory=list)  # damaged entries discarded


def mkdocs_config(staged: StagedSite, settings: SiteSettings, site_dir: Path) -> dict[str, Any]:
    """The configuration handed to MkDocs. Strings that the theme prints unescaped are escaped."""
    with i18n.use_language(i18n.site_language(settings.theme.get("language"))):
        return _config(staged, settings, site_dir)


def _config(staged: StagedSite, settings: SiteSettings, site_dir: Path) -> dict[str, Any]:
    theme: dict[str, Any] = {
        "name": "material",
        "custom_dir": str(staged.overrides),
        "language": "en",
        "font": False,  # no requests to font services from readers' browsers
        "palette": _default_palette(),
    }
    theme.update(settings.theme)
    theme["features"] = sorted(set(_FEATURES) | set(settings.theme.get("features", [])))
    for asset in ("logo", "favicon"):
        if asset in theme:
            theme[asset] = str(theme[asset])
    config: dict[str, Any] = {
        "site_name": html.escape(settings.site_name),
        "docs_dir": str(staged.docs),
        "site_dir": str(site_dir),
        "use_directory_urls": True,
        "theme": theme,
        "nav": [
            {title: target if isinstance(target, str) else [{t: p} for t, p in target]}
            for title, target in staged.nav
        ],
        "markdown_extensions": [
            "attr_list",
            {"toc": {"permalink": "¶", "permalink_title": _("Link to this section")}},
        ],
        "plugins": ["search"],
        "extra_css": staged.extra_css,
        "extra_javascript": staged.extra_javascript,
        "extra": _escaped(settings.extra),
        "validation": {
            "nav": {"omitted_files": "ignore", "not_found": "warn", "absolute_links": "ignore"},
            "links": {
                "not_found": "ignore",
                "absolute_links": "ignore",
                "unrecognized_links": "ignore",
                "anchors": "ignore",
            },
        },
    }
    if settings.site_url:
        config["site_url"] = settings.site_url
    for key, value in settings.identity.items():
        config[key] = html.escape(value)
    return config


def _default_palette() -> list[dict[str, Any]]:
    """Light and dark schemes whose colours pass WCAG AA contrast, with a toggle."""
    return [
        {
            "media": "(prefers-color-scheme: light)",
            "scheme": "default",
            "primary": "indigo",
            "accent": "indigo",
            "toggle": {"icon": "material/weather-night", "name": _("Switch to dark mode")},
        },
        {
            "media": "(prefers-color-scheme: dark)",
            "scheme": "slate",
            "primary": "indigo",
            "accent": "indigo",
            "toggle": {"icon": "material/weather-sunny", "name": _("Switch to light mode")},
        },
    ]


# extra: settings the theme turns into scripts (polyfills: a <script src> on every page) or
# tracking; a community's mkdocs.yml may come from a stranger's pull request.
_DROPPED_EXTRA = ("analytics", "consent", "version", "polyfills")


def _escaped(value: Any) -> Any:
    if isinstance(value, str):
        return html.escape(value)
    if isinstance(value, dict):
        return {str(k): _escaped(v) for k, v in value.items() if k not in _DROPPED_EXTRA}
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    return value


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _quiet_mkdocs() -> Iterator[_Collector]:
    logger = logging.getLogger("mkdocs")
    collector = _Collector()
    previous = logger.level, logger.propagate
    logger.addHandler(collector)
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        yield collector
    finally:
        logger.removeHandler(collector)
        logger.setLevel(previous[0])
        logger.propagate = previous[1]


def build(
    staged: StagedSite,
    settings: SiteSettings,
    site_dir: Path,
    source_date_epoch: int,
    *,
    cache_dir: Path | None = None,
    jobs: int | None = None,
    folders: Folders | None = None,
    compiled: Path | None = None,
) -> EngineResult:
    """One MkDocs build of the whole staging dir into `site_dir`: MkDocs' own `build()`.

    The staged pages reach MkDocs through the engine's plugin (`staged_pages`),
    registered on the configuration. With `cache_dir`, pages whose source and
    surroundings are unchanged since an earlier build are not rendered again:
    their earlier output is reused, byte for byte. Pages are rendered on `jobs`
    cores (default: all).

    With `folders`, `site_dir` has been emptied of files by the caller, keeping its
    folders (which `folders` knows); they are kept through MkDocs' cleaning.
    """
    import jinja2
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from generator.engine.sandbox import refused
    from generator.engine.staged_pages import StagedPages, WorkerError

    config_path = staged.root / "mkdocs.yml"
    config_data = mkdocs_config(staged, settings, site_dir)
    config_path.write_text(json.dumps(config_data, indent=1), encoding="utf-8")
    with source_date_epoch_set(source_date_epoch), _quiet_mkdocs() as collector:
        try:
            config = load_config(config_file=str(config_path))
            key = _site_key(config_data, staged, source_date_epoch)
            cache = PageCache(cache_dir, key, folders)
            plugin = StagedPages(
                staged, cache, jobs or os.cpu_count() or 1, folders is not None, compiled
            )
            config.plugins[_PLUGIN] = plugin
            config.plugins.on_startup(command="build", dirty=False)
            try:
                mkdocs_build(config)
            finally:
                config.plugins.on_shutdown()
            cache.prune()
        except WorkerError as err:
            raise EngineError(str(err)) from None
        except jinja2.TemplateError as err:
            raise EngineError(str(refused(err, staged.overrides))) from None
        except MkDocsException as err:
            details = "; ".join(collector.messages)
            raise EngineError(f"MkDocs could not build the site: {err} {details}".strip()) from None
    warning = cache.warning()
    return EngineResult(collector.messages, dict(plugin.stats), [warning] if warning else [])


def _site_key(config_data: dict[str, Any], staged: StagedSite, epoch: int) -> str:
    """Everything outside a page's own source that its HTML depends on."""
    import material
    import mkdocs

    from generator.support.cache import tool_fingerprint

    digest = hashlib.sha256()
    portable = {k: v for k, v in config_data.items() if k not in ("docs_dir", "site_dir")}
    portable["theme"] = {k: v for k, v in config_data["theme"].items() if k != "custom_dir"}
    digest.update(json.dumps(portable, sort_keys=True).encode())
    digest.update(f"{mkdocs.__version__} {material.__version__} {tool_fingerprint()}".encode())
    uses_build_date = False
    for path in sorted(staged.overrides.rglob("*")):
        if path.is_file():
            content = path.read_bytes()
            uses_build_date = uses_build_date or b"build_date_utc" in content
            digest.update(str(path.relative_to(staged.overrides)).encode() + b"\0" + content)
    if uses_build_date:  # a community template prints the build date on every page
        digest.update(str(epoch).encode())
    return digest.hexdigest()
