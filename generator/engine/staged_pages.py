"""The engine's own MkDocs plugin: hands the staged pages to MkDocs through its plugin events.

Private to the engine: the adapter registers one on the loaded configuration and
runs MkDocs' public `build()`. What it changes in MkDocs' build, and through
which event (MkDocs 1.6 runs them in this order):

- `on_files`: theme files no reader's browser loads are left out, and each page
  the render stage staged gets a `FinishedPage`, whose Markdown step has nothing to do.
- `on_nav`: data files and theme assets are linked into the site, not copied.
- `on_page_read_source`: a staged page whose front matter says `charters_html`
  is already HTML. Its front matter and body are kept here (by `src_uri`) and
  MkDocs is given an empty source. A page whose output the page cache holds is
  placed in the site at once; unless it is searched, it is not even read.
- `on_page_markdown` / `on_page_content`: the page's front matter becomes its
  meta, with its table of contents. Its body is not kept: MkDocs reads every page
  before it renders any, and thousands of bodies held at once were most of a
  large build's memory. It is read again from the staged file just before the
  page is rendered (`on_page_context`), and let go once it has been.
- `on_env`: the theme's templates are to render in Jinja's sandbox (`sandbox`);
  pages left out of search (old versions, redlines) are shared with forked
  workers, which render them as MkDocs would and write them: this process
  takes them from the front as its loop meets them, the workers from the back
  (`Claims`). Pages outside the navigation are rendered through their group's
  shell (`page_shells`). The pages this process renders itself, other than
  searched ones in the navigation, are given the template that prints
  nothing, and rendered in `on_page_context` once the search plugin has
  passed. Pages made from a shell are kept in the page cache like the others:
  on a rebuild, making them again would mean making their shells again. Each
  page is kept in the page cache as it is written.
- `on_post_page`: a reused page, or one a worker wrote, gives no output, so
  MkDocs writes nothing for it. Such pages get a template that prints nothing,
  so the theme is not rendered for them.
- `on_page_context` (before the search plugin's): a reused searched page adds the
  search entries kept with it to Material's index instead of being indexed again;
  a page whose front matter gives its entries (`charters_search`) adds those, and
  is hidden from the search plugin until it has passed (after the search plugin's).
  A page the search plugin does not index has its body read only after it has
  passed (`read_after_search`): the plugin's clean-up of each body was a large
  part of building the current texts of thousands of documents.
- `on_post_build`: the workers are waited for.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.commands.build import get_context
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from generator.engine.page_cache import PageCache
from generator.engine.page_shells import PageShells, linked_prefixes, shells_wanted
from generator.engine.sandbox import refused, sandboxed
from generator.model.staging import StagedSite, TocEntry, page_key
from generator.support.fsutil import Folders
from generator.support.template_cache import keep_compiled

# A template of the engine's own that prints nothing: for pages whose output is placed
# otherwise (reused from the cache, or written by a worker).
NO_OUTPUT = "charters-engine/no-output.html"

# Where the site dir's folders wait while MkDocs empties it (it leaves hidden entries alone).
KEPT_FOLDERS = ".charters-kept-folders"

# What Material's search plugin strips from every page's body (`read_after_search`).
SEARCH_MARK = "data-search-"

# Below this many pages, starting worker processes costs more than it saves.
PARALLEL_FROM = 200


class WorkerError(Exception):
    """A worker process could not render its pages."""


class FinishedPage(Page):
    """A staged page: its HTML arrives through `on_page_content`, so Markdown has nothing to do.

    MkDocs converts every page's Markdown, and the staged pages have none (their
    source is handed over as ""); making a Markdown converter for each of
    thousands of empty texts was a large part of a rebuild. A page with text is
    converted as usual.
    """

    def render(self, config: Any, files: Any) -> None:
        if self.markdown:
            super().render(config, files)
            return
        self.content = ""
        self.toc = get_toc([])


@dataclass(slots=True)
class Staged:
    """What the render stage staged for one page, held by the plugin (keyed by src_uri)."""

    key: str  # the page cache's key
    meta: dict[str, Any]
    body_from: int = -1  # where the body starts in the staged file; read when rendered
    toc: list[TocEntry] = field(default_factory=list)
    reused: bool = False  # placed from the page cache
    by_worker: bool = False  # rendered and written by a worker
    search_entries: list[dict[str, Any]] | None = None  # a reused page's, from the cache
    search_mark: int | None = None  # where this page's entries start in the search index
    own_entries: bool = False  # its entries were given by the render stage, not parsed
    shelled: bool = False  # rendered in `_indexed`, through its group's shell if it has one
    unread: bool = False  # its body is read after the search plugin (`read_after_search`)
    claim: int = -1  # its place among the pages workers may take (`Claims`); -1: not theirs
    # A page to render holds only the meta MkDocs reads before rendering it (`lean`)
    # until it is rendered: its whole front matter is read again then (`whole`).
    lean: dict[str, Any] | None = None
    whole: bool = True


# What MkDocs and the search plugin read of a page's meta before it is rendered.
LEAN_KEYS = ("title", "search", "template")


def searched(meta: dict[str, Any]) -> bool:
    search = meta.get("search") or {}
    return not (isinstance(search, dict) and search.get("exclude"))


def toc_tokens(entries: list[TocEntry]) -> list[dict[str, Any]]:
    """The plain table of contents as the tokens `mkdocs.structure.toc.get_toc` reads."""
    return [
        {"level": e.level, "id": e.anchor, "name": e.title, "children": toc_tokens(e.children)}
        for e in entries
    ]


class StagedPages(BasePlugin):
    """Finished HTML in, reused and parallel-rendered pages out; see the module docstring."""

    def __init__(
        self,
        staged: StagedSite,
        cache: PageCache,
        jobs: int,
        keep_folders: bool = False,
        compiled: Path | None = None,
    ) -> None:
        super().__init__()
        self.staged = staged
        self.compiled = compiled  # a cache folder to keep the theme's templates compiled in
        self.shells = PageShells(shells_wanted(staged.community_overrides))
        self.env: Any = None
        self.cache = cache
        self.jobs = jobs
        self.keep_folders = keep_folders  # the site dir holds only folders, kept for reuse
        self.pages: dict[str, Staged] = {}
        self.titles = nav_titles(staged)
        self.nav: Any = None
        self.search: Any = None  # Material's search plugin, once configured
        self.index: Any = None  # its search index, while search is enabled
        self.claims: Claims | None = None  # the waiting pages, while workers share them
        self.workers: list[Any] = []
        self.errors: Any = None
        self.filled_counts: Any = None  # how many pages each worker made from a shell
        self.in_worker = False
        self.stats = {"pages": 0, "rendered": 0, "reused": 0, "filled": 0}

    @property
    def folders(self) -> Folders:
        """The site's folders that exist (shared with the page cache, which links into them)."""
        return self.cache.folders

    # --- reading ------------------------------------------------------------------------------

    def on_pre_build(self, *, config: Any) -> None:
        """Keep the site dir's empty folders out of MkDocs' cleaning, which spares hidden ones.

        Removing thousands of folders and making them again was the slowest part of
        a rebuild on some file systems; moving the top folders aside and back is a
        few renames. If they are not found again, they are made as pages need them.
        """
        if not self.keep_folders:
            self.cache.folders = Folders()
            return
        site = Path(config.site_dir)
        aside = site / KEPT_FOLDERS
        aside.mkdir(parents=True, exist_ok=True)
        for entry in os.scandir(site):
            if not entry.name.startswith(".") and entry.is_dir(follow_symlinks=False):
                os.replace(entry.path, aside / entry.name)

    def restore_folders(self, config: Any) -> None:
        """Put back the folders moved aside before MkDocs cleaned the site dir."""
        if not self.keep_folders:
            return
        site = Path(config.site_dir)
        aside = site / KEPT_FOLDERS
        try:
            for entry in os.scandir(aside):
                if not (site / entry.name).exists():
                    os.replace(entry.path, site / entry.name)
            shutil.rmtree(aside)
        except FileNotFoundError:  # not spared after all: make folders as needed
            self.cache.folders.forget()

    def on_config(self, config: Any) -> Any:
        self.search = material_search_plugin(config)
        self.index = material_search_index(self.search)
        return config

    def on_files(self, files: Any, *, config: Any) -> Any:
        self.restore_folders(config)  # MkDocs has emptied the site dir by now
        language = config.theme.get("language", "en")
        for file in list(files):
            uri = file.src_uri
            english = language == "en" and uri.startswith("assets/javascripts/lunr/")
            if uri.endswith(".map") or english:  # debugging aids; other languages' search
                files.remove(file)
            elif uri in self.staged.page_keys and file.is_documentation_page():
                FinishedPage(self.titles.get(uri), file, config)
        return files

    def on_nav(self, nav: Any, *, config: Any, files: Any) -> Any:
        """Keep the nav for the workers; place the data files and theme assets in the site.

        MkDocs would copy them too, but making each folder again for thousands of
        files was slow. They are copied, never linked: the staging dir is in the
        cache and the theme's assets in the installed package, and the site must
        share bytes with neither. A file placed here leaves MkDocs' list, so MkDocs
        does not copy it again (nothing but pages reads that list after this event).
        """
        self.nav = nav
        staged = f"{self.staged.docs}{os.sep}"
        for file in list(files):
            if file.is_documentation_page() or not file.inclusion.is_included():
                continue
            if file.abs_src_path is not None and file.generated_by is None:
                if file.abs_src_path.startswith(staged):  # staged for this build alone
                    self.folders.move(file.abs_src_path, file.abs_dest_path)
                else:
                    self.folders.copy(file.abs_src_path, file.abs_dest_path)
                files.remove(file)
        return nav

    def on_page_read_source(self, *, page: Any, config: Any) -> str | None:
        uri = page.file.src_uri
        known = self.staged.page_keys.get(uri)
        if known is not None and not known[1]:  # not searched: its output is all it needs
            unread = Staged(known[0], {"search": {"exclude": True}, "template": NO_OUTPUT})
            cached = self.cache.load(unread.key)
            if cached is not None:
                self.cache.place(cached, page.file.abs_dest_path)
                unread.reused = True
                self.pages[uri] = unread
                return ""
        front = read_front(page.file.abs_src_path) if known is not None else None
        if front is not None:  # staged by the render stage, which gave its key
            key, (text, body_from) = known[0], front  # type: ignore[index]
        else:
            source = Path(page.file.abs_src_path).read_text(encoding="utf-8-sig")
            if not source.startswith("---\n{"):
                return source
            text, _, body = source[4:].partition("\n---\n")
            key, body_from = page_key(uri, source), len(source) - len(body)
        meta = json.loads(text)
        if not meta.get("charters_html"):
            return Path(page.file.abs_src_path).read_text(encoding="utf-8-sig")
        toc = [TocEntry.from_json(entry) for entry in meta.get("charters_toc", [])]
        page_data = Staged(key, meta, toc=toc, body_from=body_from)
        self.pages[uri] = page_data
        cached = self.cache.load(page_data.key)
        if cached is None:
            if front is not None:  # read again when rendered: see `lighten`
                self.lighten(page_data)
            return ""
        entries = cached.search_entries if self.index is not None else []
        if searched(meta) and entries is None:  # reused only with its search entries
            return ""
        self.cache.place(cached, page.file.abs_dest_path)
        page_data.reused = True
        page_data.meta = {**meta, "template": NO_OUTPUT}
        page_data.meta.pop("charters_search", None)  # its kept entries are used instead
        if self.index is not None or not searched(meta):  # else the search plugin reads it
            page_data.body_from, page_data.toc = -1, []
            page_data.search_entries = entries
        return ""

    def on_page_markdown(self, markdown: str, *, page: Any, config: Any, files: Any) -> str:
        staged = self.pages.get(page.file.src_uri)
        if staged is None:
            return markdown
        page.meta = staged.meta
        return ""

    def on_page_content(self, html: str, *, page: Any, config: Any, files: Any) -> str:
        staged = self.pages.get(page.file.src_uri)
        if staged is None:
            return html
        page.toc = get_toc(toc_tokens(staged.toc))
        return ""  # the body is read when the page is rendered (`_index_page`)

    # --- rendering ----------------------------------------------------------------------------

    def on_env(self, env: Any, *, config: Any, files: Any) -> Any:
        loader = jinja2.ChoiceLoader([jinja2.DictLoader({NO_OUTPUT: ""}), env.loader])
        env = sandboxed(env, loader)  # an override may come from a stranger's pull request
        env = keep_compiled(env, self.compiled)
        pages = [file.page for file in files.documentation_pages()]
        waiting = [
            p
            for p in pages
            if (s := self.pages.get(p.file.src_uri)) and not s.reused and not searched(s.meta)
        ]
        self.stats["pages"] = len(pages)
        self.shells.linked = linked_prefixes(p.url for p in self.nav.pages)  # before any fork
        self.stats["reused"] = sum(1 for s in self.pages.values() if s.reused)
        self.stats["rendered"] = len(pages) - self.stats["reused"]
        if self.jobs > 1 and len(waiting) >= PARALLEL_FROM and hasattr(os, "fork"):
            self.start_workers(waiting, env, config, files)
        self.env = env
        for page in pages:
            staged = self.pages.get(page.file.src_uri)
            if staged is None or staged.reused:
                continue
            if staged.claim >= 0 or (self.shells.enabled and outside_nav(page)):
                staged.shelled = True  # rendered in `_indexed`; MkDocs renders nothing
                page.meta = {**staged.meta, "template": NO_OUTPUT}
        return env

    def start_workers(self, waiting: list[Any], env: Any, config: Any, files: Any) -> None:
        """Fork workers to share the `waiting` pages with this process, as they go.

        This process alone renders the searched pages and places those reused
        from the cache, and it walks every page in MkDocs' loop; how long that
        takes cannot be known beforehand. So the waiting pages are not dealt out:
        this process takes them from the front as its loop meets them, the
        workers from the back, each page once (`Claims`), until they meet.
        Forked workers share everything MkDocs has read so far.
        """
        context = multiprocessing.get_context("fork")
        self.claims = Claims(context, len(waiting))
        for index, page in enumerate(waiting):
            self.pages[page.file.src_uri].claim = index
        gc.freeze()  # objects made so far stay shared with the workers, not copied by the GC
        self.errors = context.Queue()
        self.filled_counts = context.Queue()
        doc_files = files.documentation_pages()
        for _ in range(self.jobs - 1):
            worker = context.Process(target=self.work, args=(waiting, env, config, doc_files))
            worker.start()
            self.workers.append(worker)

    def work(self, waiting: list[Any], env: Any, config: Any, doc_files: Any) -> None:
        """In a worker: render waiting pages, from the back, as MkDocs' own loop does."""
        self.in_worker = True
        page = None
        try:
            while (index := self.claims.take_back()) is not None:
                page = waiting[index]
                self.render(page, env, config, doc_files)
            self.cache.flush()  # this worker's pack of pages, for later builds
            self.filled_counts.put(self.shells.filled)
        except Exception as err:  # reported by the parent
            refusal = refused(err, self.staged.overrides)
            where = page.file.src_uri if page is not None else "a worker"
            self.errors.put(str(refusal) if refusal else f"{where}: {type(err).__name__}: {err}")
            raise SystemExit(1) from None

    def render(self, page: Any, env: Any, config: Any, doc_files: Any) -> None:
        staged = self.pages[page.file.src_uri]
        self.make_whole(staged, page)
        page.active = True
        try:
            context = get_context(self.nav, doc_files, config, page)
            template = env.get_template(staged.meta.get("template", "main.html"))
            context = config.plugins.on_page_context(
                context, page=page, config=config, nav=self.nav
            )
            output = self.page_output(template, context, page)
            output = config.plugins.on_post_page(output, page=page, config=config)
        finally:
            page.active = False
        if output.strip():
            self.write(page, output, staged.key)
        self.lighten(staged)

    def page_output(self, template: Any, context: Any, page: Any) -> str:
        """The page as `template` renders it: through its group's shell if it is outside the nav."""
        if outside_nav(page):
            return self.shells.render(template, context, page)
        return template.render(context)

    def write(
        self,
        page: Any,
        output: str,
        key: str,
        search_entries: list[dict[str, Any]] | None = None,
    ) -> None:
        """Write a page MkDocs leaves alone into the site, and keep it in the page cache."""
        data = output.encode("utf-8", errors="xmlcharrefreplace")
        target = page.file.abs_dest_path
        self.folders.for_file(target)
        Path(target).write_bytes(data)
        self.cache.store(key, data, search_entries)

    @event_priority(100)  # before the search plugin indexes the page
    def _index_page(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
        """A reused page gives its kept search entries; a rendered one's are noted for keeping.

        Indexing a page's HTML again took far longer than rendering it (Material's
        search parses every page in Python), so a reused page's entries are added
        to the index as they were, in the place the search plugin would add them;
        so are the entries the render stage gave, and the search plugin skips the page.
        """
        staged = self.pages.get(page.file.src_uri)
        if staged is None:
            return context
        if not (self.in_worker or self.index is None or not searched(staged.meta)):
            if staged.search_entries is not None:
                self.index.entries.extend(staged.search_entries)
                staged.body_from = -1  # nothing more for the search plugin to index
                page.content = ""
                return context
            staged.search_mark = len(self.index.entries)
            self.make_whole(staged, page)
            given = own_search_entries(staged.meta.pop("charters_search", None), page.url)
            if given is not None:
                self.index.entries.extend(given)
                staged.own_entries = True
                page.meta = {**staged.meta, "search": {"exclude": True}}  # until `_indexed`
        if staged.body_from >= 0 and not staged.by_worker:
            if self.search is not None and not searched(page.meta):
                staged.unread = True  # the search plugin will not read it: read after it
            else:
                page.content = read_body(page.file.abs_src_path, staged.body_from)
        return context

    @event_priority(-100)  # after the search plugin
    def _indexed(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
        """The page's own meta again, as the theme is to see it."""
        staged = self.pages.get(page.file.src_uri)
        if staged is None:
            return context
        if staged.claim >= 0 and not self.in_worker and not self.claims.take_front(staged.claim):
            staged.unread = staged.shelled = False  # a worker has it: nothing to do here
            staged.by_worker = True
            page.content = ""
            self.lighten(staged)
            return context
        self.make_whole(staged, page)  # rendered next, here
        if staged.unread:
            self.read_after_search(staged, page, context, config)
        if staged.own_entries or staged.shelled:
            page.meta = staged.meta
        if staged.shelled:
            self.write_shelled(staged, page, context)
        return context

    def lighten(self, staged: Staged) -> None:
        """Keep only the meta MkDocs reads before a page is rendered (`LEAN_KEYS`).

        Every page's front matter, parsed, was held from the moment MkDocs read the
        pages until the end of the build: at 40,000 pages, about a quarter of a
        gigabyte, and copied into each worker. A page to render is given its whole
        front matter again just before (`make_whole`), and lightened once written.
        The meta is changed in place: it is the page's own (`page.meta`).
        """
        if staged.lean is None:
            staged.lean = {k: staged.meta[k] for k in LEAN_KEYS if k in staged.meta}
        if staged.whole:
            staged.meta.clear()
            staged.meta.update(staged.lean)
            staged.whole = False

    def make_whole(self, staged: Staged, page: Any) -> None:
        """Read a lightened page's whole front matter again, to render it (see `lighten`)."""
        if staged.whole:
            return
        front = read_front(page.file.abs_src_path)
        if front is None:  # the staged file changed under the build: stop, never guess
            raise WorkerError(f"{page.file.src_uri}: its staged file changed during the build")
        staged.meta.update(json.loads(front[0]))
        staged.whole = True

    def read_after_search(self, staged: Staged, page: Any, context: Any, config: Any) -> None:
        """Read the body of a page the search plugin has passed over, as it would have left it.

        Material's search plugin strips its `data-search-*` marks from every page's
        body, indexed or not, with a regular expression that took longer over a
        large page than rendering it did. A page left out of search is therefore
        read after the plugin has passed, and given to the plugin again only if it
        holds such a mark, so its output is the same bytes.
        """
        staged.unread = False
        page.content = read_body(page.file.abs_src_path, staged.body_from)
        if SEARCH_MARK in page.content:
            self.search.on_page_context(context, page=page, config=config, nav=self.nav)

    def write_shelled(self, staged: Staged, page: Any, context: Any) -> None:
        """Render a page MkDocs was left to render with the template that prints nothing."""
        template = self.env.get_template(staged.meta.get("template", "main.html"))
        output = self.page_output(template, context, page)
        entries = None
        if staged.search_mark is not None:
            entries = self.index.entries[staged.search_mark :]
        self.write(page, output, staged.key, entries)
        staged.by_worker = True  # written: MkDocs writes nothing for it (`on_post_page`)
        page.content = ""
        self.lighten(staged)

    on_page_context = CombinedEvent(_index_page, _indexed)

    def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
        if self.in_worker:
            return output
        staged = self.pages.get(page.file.src_uri)
        if staged is None:
            return output
        if staged.reused or staged.by_worker:
            return ""  # already in the site: MkDocs writes nothing for an empty page
        entries = None
        if staged.search_mark is not None:
            entries = self.index.entries[staged.search_mark :]
        self.cache.store(staged.key, output.encode("utf-8", errors="xmlcharrefreplace"), entries)
        page.content = ""  # written by MkDocs next: its HTML need not stay in memory
        self.lighten(staged)
        return output

    # --- finishing ----------------------------------------------------------------------------

    def on_post_build(self, *, config: Any) -> None:
        failed = self.join_workers()
        if failed:
            raise WorkerError(f"a page could not be rendered: {failed}")
        by_workers = 0
        while self.filled_counts is not None and not self.filled_counts.empty():
            by_workers += self.filled_counts.get()
        self.stats["filled"] = self.shells.filled + by_workers

    def on_build_error(self, *, error: Exception) -> None:
        for worker in self.workers:
            if worker.is_alive():
                worker.terminate()
        self.join_workers()

    def join_workers(self) -> str | None:
        """Wait for the workers; the first failure's message, if one failed."""
        workers, self.workers = self.workers, []
        for worker in workers:
            worker.join()
        if all(worker.exitcode == 0 for worker in workers):
            return None
        return self.errors.get() if not self.errors.empty() else "a worker process failed"


class Claims:
    """Which waiting pages are taken: this process takes from the front, workers from the back.

    Each page is rendered once, by whoever reaches it first; when the two ends
    meet, every page is taken, and the faster side has simply taken more.
    """

    def __init__(self, context: Any, count: int) -> None:
        self.lock = context.Lock()
        self.front = context.RawValue("q", 0)  # pages before it are this process's
        self.back = context.RawValue("q", count)  # pages from it on are the workers'

    def take_front(self, index: int) -> bool:
        """Take page `index` for this process (its loop meets them in order) unless a worker has."""
        with self.lock:
            if index >= self.back.value:
                return False
            self.front.value = index + 1
            return True

    def take_back(self) -> int | None:
        """The last page no one has taken, now a worker's; None when none is left."""
        with self.lock:
            if self.back.value <= self.front.value:
                return None
            self.back.value -= 1
            return self.back.value


def outside_nav(page: Any) -> bool:
    """Whether `page` is left out of the navigation (its shape alone decides its shell)."""
    return (
        page.parent is None
        and page.previous_page is None
        and page.next_page is None
        and not page.is_homepage
    )


def material_search_plugin(config: Any) -> Any | None:
    """Material's search plugin, if that is the site's search; else None (found by its class)."""
    from material.plugins.search.plugin import SearchPlugin

    for plugin in config.plugins.values():
        if isinstance(plugin, SearchPlugin):
            return plugin
    return None


def material_search_index(plugin: Any | None) -> Any | None:
    """The index of Material's search plugin, while search is enabled; else None.

    The index is the plugin's public `search_index`, a list of entries in page
    order (`entries`).
    """
    index = getattr(plugin, "search_index", None)  # absent while search is disabled
    if isinstance(getattr(index, "entries", None), list):
        return index
    return None


def read_front(path: str) -> tuple[str, int] | None:
    """A staged page's front matter and where its body starts, without reading the body.

    The render stage writes the front matter as one line of JSON between two
    `---` lines; anything else is None, and the page is read whole.
    """
    with open(path, encoding="utf-8-sig") as staged:
        opening, front, closing = staged.readline(), staged.readline(), staged.readline()
    if opening != "---\n" or not front.startswith("{") or closing != "---\n":
        return None
    return front[:-1], len(opening) + len(front) + len(closing)


def read_body(path: str, start: int) -> str:
    """The body of a staged page, which starts at `start` in its file (after the front matter)."""
    return Path(path).read_text(encoding="utf-8-sig")[start:]


def own_search_entries(value: Any, url: str) -> list[dict[str, str]] | None:
    """The search entries the render stage gave a page, in Material's form; None if none.

    Given as `{"anchor", "title", "text"}` (see `generator.site.views.search`); anything
    else is ignored, and the page is indexed from its HTML as before.
    """
    if not isinstance(value, list):
        return None
    entries = []
    for entry in value:
        if not isinstance(entry, dict):
            return None
        anchor, title, text = entry.get("anchor"), entry.get("title"), entry.get("text")
        if not (isinstance(anchor, str) and isinstance(title, str) and isinstance(text, str)):
            return None
        entries.append(
            {"location": f"{url}#{anchor}" if anchor else url, "title": title, "text": text}
        )
    return entries


def nav_titles(staged: StagedSite) -> dict[str, str]:
    """Page path -> its title in the navigation, as MkDocs would give a page it made for the nav."""
    titles: dict[str, str] = {}
    for title, target in staged.nav:
        if isinstance(target, str):
            titles.setdefault(target, title)
        else:
            for page_title, path in target:
                titles.setdefault(path, page_title)
    return titles
