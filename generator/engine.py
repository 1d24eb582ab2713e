"""The engine: a staging dir to HTML with MkDocs + Material. The only module that imports mkdocs.

The generator is not a MkDocs plugin. It writes plain pages into a staging dir;
this adapter writes a clean mkdocs.yml for that dir (from the whitelisted
settings, never the community's file as is), runs ONE MkDocs build for the whole
site, and reports MkDocs warnings. Another engine could build the same dir.
"""

from __future__ import annotations

import html
import json
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.render import StagedSite
from generator.settings import SiteSettings

# Features that keep each page small (the nav is not rendered into every page in full).
_FEATURES = ["navigation.prune", "navigation.top", "content.code.copy"]


class EngineError(Exception):
    """MkDocs could not build the site."""


@dataclass(slots=True)
class EngineResult:
    warnings: list[str] = field(default_factory=list)


def mkdocs_config(staged: StagedSite, settings: SiteSettings, site_dir: Path) -> dict[str, Any]:
    """The configuration handed to MkDocs. Strings that the theme prints unescaped are escaped."""
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
        "nav": [{title: path} for title, path in staged.nav],
        "markdown_extensions": [
            "attr_list",
            {"toc": {"permalink": "¶", "permalink_title": "Link to this section"}},
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
            "toggle": {"icon": "material/weather-night", "name": "Switch to dark mode"},
        },
        {
            "media": "(prefers-color-scheme: dark)",
            "scheme": "slate",
            "primary": "indigo",
            "accent": "indigo",
            "toggle": {"icon": "material/weather-sunny", "name": "Switch to light mode"},
        },
    ]


def _escaped(value: Any) -> Any:
    if isinstance(value, str):
        return html.escape(value)
    if isinstance(value, dict):
        return {
            str(k): _escaped(v)
            for k, v in value.items()
            if k not in ("analytics", "consent", "version")
        }
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
    staged: StagedSite, settings: SiteSettings, site_dir: Path, source_date_epoch: int
) -> EngineResult:
    """One MkDocs build of the whole staging dir into `site_dir`."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    config_path = staged.root / "mkdocs.yml"
    config_path.write_text(
        json.dumps(mkdocs_config(staged, settings, site_dir), indent=1), encoding="utf-8"
    )
    previous_epoch = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(source_date_epoch)
    try:
        with _quiet_mkdocs() as collector:
            try:
                config = load_config(config_file=str(config_path))
                mkdocs_build(config)
            except MkDocsException as err:
                details = "; ".join(collector.messages)
                raise EngineError(
                    f"MkDocs could not build the site: {err} {details}".strip()
                ) from None
    finally:
        if previous_epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous_epoch
    return EngineResult(collector.messages)


def serve(
    site_dir: Path,
    rebuild: Callable[[], None],
    watch: list[Path],
    host: str = "127.0.0.1",
    port: int = 8000,
) -> None:
    """Serve `site_dir` with live reload; `rebuild` runs when a watched file changes."""
    from mkdocs.livereload import LiveReloadServer

    server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(site_dir))
    for path in watch:
        if path.exists():
            server.watch(str(path))
    logging.getLogger("mkdocs.livereload").setLevel(logging.INFO)
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(message)s"))
    logging.getLogger("mkdocs.livereload").addHandler(handler)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
