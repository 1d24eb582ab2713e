"""The engine: a staging dir to HTML with MkDocs + Material. The only module that imports mkdocs.

The generator is not a MkDocs plugin. It writes plain pages into a staging dir;
this adapter writes a clean mkdocs.yml for that dir (from the whitelisted
settings, never the community's file as is), runs ONE MkDocs build for the whole
site, and reports MkDocs warnings. Another engine could build the same dir.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.load.settings import SiteSettings
from generator.model.staging import StagedSite, page_key
from generator.support.fsutil import Folders

# Features that keep each page small (the nav is not rendered into every page in full).
_FEATURES = ["navigation.prune", "navigation.top", "content.code.copy"]


class EngineError(Exception):
    """MkDocs could not build the site."""


@dataclass(slots=True)
class EngineResult:
    warnings: list[str] = field(default_factory=list)
    stats: dict[str, int] = field(default_factory=dict)  # pages, rendered, reused


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
        "nav": [
            {title: target if isinstance(target, str) else [{t: p} for t, p in target]}
            for title, target in staged.nav
        ],
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


@contextmanager
def _source_date_epoch(epoch: int) -> Iterator[None]:
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def build(
    staged: StagedSite,
    settings: SiteSettings,
    site_dir: Path,
    source_date_epoch: int,
    *,
    cache_dir: Path | None = None,
    jobs: int | None = None,
    folders: Folders | None = None,
) -> EngineResult:
    """One MkDocs build of the whole staging dir into `site_dir`.

    With `folders`, `site_dir` has been emptied of files by the caller, keeping its
    folders (which `folders` knows), instead of being cleaned here.

    With `cache_dir`, pages whose source and surroundings are unchanged since an
    earlier build are not rendered again: their earlier output is reused, byte
    for byte. Pages are rendered on `jobs` cores (default: all).
    """
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    config_path = staged.root / "mkdocs.yml"
    config_data = mkdocs_config(staged, settings, site_dir)
    config_path.write_text(json.dumps(config_data, indent=1), encoding="utf-8")
    with _source_date_epoch(source_date_epoch), _quiet_mkdocs() as collector:
        try:
            config = load_config(config_file=str(config_path))
            cache = PageCache(cache_dir, _site_key(config_data, staged, source_date_epoch), folders)
            jobs = jobs or os.cpu_count() or 1
            stats = _run_build(config, staged, cache, jobs, clean=folders is None)
            cache.prune()
        except MkDocsException as err:
            details = "; ".join(collector.messages)
            raise EngineError(f"MkDocs could not build the site: {err} {details}".strip()) from None
    return EngineResult(collector.messages, stats)


def _run_build(
    config: Any, staged: StagedSite, cache: PageCache, jobs: int, clean: bool
) -> dict[str, int]:
    """MkDocs' build, stage by stage, with finished pages read as they are.

    The steps and plugin events are MkDocs' own; what differs: a page whose front
    matter says `charters_html` is already HTML, so it skips Markdown; pages that
    are not searched (old versions, redlines) are rendered in parallel and
    cached; searched pages are rendered here, so the search index sees them.
    """
    from mkdocs import utils
    from mkdocs.commands import build as steps
    from mkdocs.structure.files import get_files, set_exclusions
    from mkdocs.structure.nav import get_navigation
    from mkdocs.structure.pages import Page

    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    if clean:
        utils.clean_directory(config.site_dir)
    files = get_files(config)
    env = config.theme.get_env()
    files.add_files_from_theme(env, config)
    _drop_unused_theme_files(files, config.theme.get("language", "en"))
    files = config.plugins.on_files(files, config=config)
    set_exclusions(files, config)
    nav = get_navigation(files, config)
    nav = config.plugins.on_nav(nav, config=config, files=files)
    pages = []
    for file in files.documentation_pages():
        if file.page is None:
            Page(None, file, config)
        _read_page(file.page, config, files, cache, staged.page_keys.get(file.src_uri))
        pages.append(file.page)
    env = config.plugins.on_env(env, config=config, files=files)
    _place_static_files(files, cache.folders)
    for template in config.theme.static_templates:
        steps._build_theme_template(template, env, files, config, nav)
    for template in config.extra_templates:
        steps._build_extra_template(template, files, config, nav)
    doc_files = files.documentation_pages()

    def render(page: Any) -> None:
        steps._build_page(page, config, doc_files, nav, env)

    searched = [p for p in pages if not _search_excluded(p)]
    index = _search_index(config)
    for page in searched:  # in order: the search index lists entries in page order
        if page._reused:
            if index is not None:
                index.entries.extend(cache.search_entries(page))
            continue
        before = len(index.entries) if index is not None else 0
        render(page)
        if index is not None:
            cache.store(page, index.entries[before:])
    missing = [p for p in pages if _search_excluded(p) and not p._reused]
    _render_in_parallel(missing, render, cache, jobs)
    config.plugins.on_post_build(config=config)
    rendered = len([p for p in searched if not p._reused]) + len(missing)
    for page in missing:  # rendered and written: their text is no longer needed
        page.content = page.markdown = None
    return {"pages": len(pages), "rendered": rendered, "reused": len(pages) - rendered}


def _drop_unused_theme_files(files: Any, language: str) -> None:
    """Leave out theme files no reader's browser will load: about 2 MB of every site.

    Source maps are for debugging the theme's scripts; the search's extra language
    packs (lunr/) are loaded only when the site's language is not English.
    """
    for file in list(files):
        uri = file.src_uri
        english = language == "en" and uri.startswith("assets/javascripts/lunr/")
        if uri.endswith(".map") or english:
            files.remove(file)


def _place_static_files(files: Any, folders: Folders) -> None:
    """MkDocs' copy of data files and theme assets, linking the bytes where it can."""
    for file in files:
        if file.is_documentation_page() or not file.inclusion.is_included():
            continue
        if file.abs_src_path is None or getattr(file, "_content", None) is not None:
            file.copy_file()
        else:
            folders.link_or_copy(file.abs_src_path, file.abs_dest_path)


def _search_index(config: Any) -> Any | None:
    """The search plugin's index (Material's), so that reused pages keep their entries."""
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        if index is not None and isinstance(getattr(index, "entries", None), list):
            return index
    return None


def _read_page(
    page: Any, config: Any, files: Any, cache: PageCache, known: tuple[str, bool] | None
) -> None:
    """Read a page's source. Finished HTML from the render stage is used as it is.

    A page whose output the cache holds is placed in the site at once, without
    reading it when the render stage gave its key (`known`), and its text is not
    kept: on a large site, holding every page's text was most of a rebuild's memory.
    """
    from mkdocs.commands import build as steps
    from mkdocs.structure.toc import get_toc

    page._reused = False
    if known is not None:
        page._cache_key, searched = known
        page.meta = {} if searched else {"search": {"exclude": True}}
        if cache.reuse(page, searched=searched):
            page._reused = True
            page.markdown = page.content = ""
            return
    source = Path(page.file.abs_src_path).read_text(encoding="utf-8-sig")
    if source.startswith("---\n{"):
        front, _, body = source[4:].partition("\n---\n")
        meta = json.loads(front)
        if meta.get("charters_html"):
            page.meta = meta
            page._cache_key = page_key(page.file.src_uri, source)
            if cache.reuse(page, searched=not _search_excluded(page)):
                page._reused = True
                page.markdown = page.content = ""
                return
            page.markdown = body
            page.content = body
            page.toc = get_toc(meta.get("charters_toc", []))
            return
    steps._populate_page(page, config, files)


def _search_excluded(page: Any) -> bool:
    search = page.meta.get("search") or {}
    return bool(search.get("exclude"))


# Below this many pages, starting worker processes costs more than it saves.
_PARALLEL_FROM = 200


def _render_in_parallel(
    pages: list[Any], render: Callable[[Any], None], cache: PageCache, jobs: int
) -> None:
    """Render pages on several cores: forked workers share everything already set up."""
    if jobs <= 1 or len(pages) < _PARALLEL_FROM or not hasattr(os, "fork"):
        for page in pages:
            render(page)
            cache.store(page)
        return
    import gc
    import multiprocessing

    context = multiprocessing.get_context("fork")
    shares = [pages[i::jobs] for i in range(jobs)]
    gc.freeze()  # objects made so far stay shared with the workers, not copied by the GC
    errors = context.Queue()

    def work(share: list[Any]) -> None:
        try:
            for page in share:
                render(page)
                cache.store(page)
        except Exception as err:  # reported by the parent
            errors.put(f"{type(err).__name__}: {err}")
            raise SystemExit(1) from None

    workers = [context.Process(target=work, args=(share,)) for share in shares[1:]]
    for worker in workers:
        worker.start()
    work(shares[0])
    for worker in workers:
        worker.join()
    if any(worker.exitcode != 0 for worker in workers):
        message = errors.get() if not errors.empty() else "a worker process failed"
        raise EngineError(f"a page could not be rendered: {message}")


class PageCache:
    """Finished pages from earlier builds, reused when nothing they depend on changed.

    A page's output depends on its source (the staged file) and on the whole
    site's surroundings: the configuration, the navigation, the theme and its
    overrides, and the versions of MkDocs, Material and this tool. The key covers
    all of these, so a reused page has exactly the bytes a full build would make.
    """

    def __init__(self, folder: Path | None, site_key: str, folders: Folders | None = None) -> None:
        self.folder = folder / site_key[:16] if folder else None
        self.used: set[str] = set()
        self.folders = folders or Folders()
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
            for stale in folder.iterdir():  # another site key: another theme or config
                if stale.is_dir() and stale != self.folder:
                    shutil.rmtree(stale, ignore_errors=True)

    def _entry(self, page: Any) -> Path | None:
        key = getattr(page, "_cache_key", None)
        if self.folder is None or key is None:
            return None
        self.used.add(key)
        return self.folder / key[:2] / key

    def reuse(self, page: Any, searched: bool = False) -> bool:
        """Place the page's earlier output in the site, if the cache has it.

        A searched page is reused only with the search entries it gave before.
        """
        entry = self._entry(page)
        if entry is None or not entry.is_file():
            return False
        if searched and not entry.with_suffix(".search.json").is_file():
            return False
        self.folders.link_or_copy(entry, page.file.abs_dest_path)
        return True

    def search_entries(self, page: Any) -> list[dict[str, Any]]:
        entry = self._entry(page)
        assert entry is not None
        return json.loads(entry.with_suffix(".search.json").read_text(encoding="utf-8"))

    def store(self, page: Any, search_entries: list[dict[str, Any]] | None = None) -> None:
        entry = self._entry(page)
        if entry is None:
            return
        self.folders.for_file(entry)
        temporary = entry.with_suffix(f".{os.getpid()}.tmp")
        if search_entries is not None:
            temporary.write_text(json.dumps(search_entries), encoding="utf-8")
            os.replace(temporary, entry.with_suffix(".search.json"))
        shutil.copyfile(page.file.abs_dest_path, temporary)
        os.replace(temporary, entry)

    def prune(self) -> None:
        """Forget pages this build did not use, so the cache stays the size of one site."""
        if self.folder is None or not self.folder.is_dir():
            return
        for bucket in self.folder.iterdir():
            for entry in bucket.iterdir():
                if entry.name.split(".")[0] not in self.used:
                    entry.unlink(missing_ok=True)


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
