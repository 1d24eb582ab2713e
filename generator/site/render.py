"""The render stage: documents and history to Markdown pages and data files in a staging dir.

The staging dir is plain: `docs/` holds one `index.md` per page (front matter,
Markdown headings, and HTML prepared by our templates), plus JSON, feeds and
schemas; `overrides/` holds the theme overrides. Any engine that reads a docs
folder and mkdocs.yml could build it; `engine.py` does it with MkDocs + Material.
"""

from __future__ import annotations

import html
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import TemplateError

from generator.site import urls
from generator.site.exports import atom_feed, version_json
from generator.support.fsutil import Folders
from generator.history.repository import RepositoryHistory
from generator.site.staged_cache import Manifest, StagedCache, document_keys, site_inputs
from generator.load.schema import schema_text
from generator.load.settings import SiteSettings
from generator.model.staging import NavPage, StagedSite, page_key
from generator.site.templating import environment, template_dirs
from generator.site.views import (
    PageBuilder,
    RedlinePageView,
    Site,
    SiteDocument,
    history_rows,
    index_rows,
    proposed_redline,
    redline_page,
)

Progress = Callable[[str], None]


class RenderError(Exception):
    """A template could not be rendered; the message names the template file and line."""


def page_title(text: str) -> str:
    """Titles reach the theme unescaped (MkDocs does not autoescape), so escape them here."""
    return html.escape(text, quote=True)


class Renderer:
    def __init__(
        self,
        settings: SiteSettings,
        history: RepositoryHistory,
        staging: Path,
        cache_dir: Path | None = None,
        jobs: int = 1,
        folders: Folders | None = None,
    ) -> None:
        self.settings = settings
        self.site = Site(history, settings.site_name)
        self.env = environment(settings.root)
        self.staged = StagedSite(staging, staging / "docs", staging / "overrides")
        self.folders = folders or Folders()
        self.cache = StagedCache(cache_dir, self.folders)
        self.jobs = jobs
        self._files: list[str] | None = None  # files written for the document being rendered
        self._navs: list[tuple[str, str, str]] = []
        self._keys: dict[str, tuple[str, bool]] = {}

    def render(self, progress: Progress | None = None) -> StagedSite:
        self.staged.docs.mkdir(parents=True, exist_ok=True)
        self._copy_theme_files()
        context = self._index_context()
        glance = [
            {"level": 2, "id": "commissioning_at_a_glance", "name": "Commissioning at a glance"}
        ]
        toc = [{**glance[0], "children": []}] if context["glance"] else []
        self._write_page(
            urls.INDEX, "pages/index.html", context, self._meta("Governing documents", toc=toc)
        )
        for kind in ("constitution", "charter"):
            self._write_file(urls.schema(kind), schema_text(kind))
        manifests = self._render_documents(progress)
        self.cache.prune({entry.id for entry in self.site.documents})
        sections: dict[str, list[NavPage]] = {"Constitutions": [], "Charters": []}
        for entry in self.site.documents:  # in the site's order, however they were made
            manifest = manifests[entry.id]
            self.staged.pages += manifest.pages
            self.staged.page_keys.update(manifest.keys)
            for section, title, path in manifest.nav:
                sections[section].append((title, path))
        self.staged.nav.append(("Home", urls.page_source(urls.INDEX)))
        self.staged.nav.extend((title, pages) for title, pages in sections.items() if pages)
        return self.staged

    def _render_documents(self, progress: Progress | None) -> dict[str, Manifest]:
        """Every document's pages: restored from the cache when unchanged, else rendered."""
        keys: dict[str, str] = {}
        if self.cache.folder is not None:  # keys are only needed to look in the cache
            histories = {e.id: e.history for e in self.site.documents}
            keys = document_keys(histories, site_inputs(self.settings))
        manifests: dict[str, Manifest] = {}
        waiting: list[SiteDocument] = []
        for entry in self.site.documents:
            restored = self.cache.restore(entry.id, keys.get(entry.id, ""), self.staged.docs)
            if restored is not None:
                manifests[entry.id] = restored
            else:
                waiting.append(entry)
        if progress and waiting:
            progress(f"Rendering {len(waiting)} of {len(self.site.documents)} documents")
        for doc_id, manifest in self._render_in_parallel(waiting):
            manifests[doc_id] = manifest
            self.cache.store(doc_id, keys.get(doc_id, ""), self.staged.docs, manifest)
        return manifests

    def _render_in_parallel(self, entries: list[SiteDocument]) -> list[tuple[str, Manifest]]:
        """Render documents on several cores: forked workers share the site already read."""
        versions = sum(len(e.history.versions) for e in entries)
        if (
            self.jobs <= 1
            or len(entries) < 2
            or versions < _PARALLEL_FROM
            or not hasattr(os, "fork")
        ):
            return [(e.id, self._render_collect(e)) for e in entries]
        import gc
        import multiprocessing

        context = multiprocessing.get_context("fork")
        shares = [entries[i :: self.jobs] for i in range(self.jobs)]
        gc.freeze()  # objects made so far stay shared with the workers, not copied by the GC
        pipes = []
        workers = []
        for share in shares[1:]:
            receive, send = context.Pipe(duplex=False)
            worker = context.Process(target=self._work, args=(share, send))
            worker.start()
            send.close()
            pipes.append(receive)
            workers.append(worker)
        results = [(e.id, self._render_collect(e)) for e in shares[0]]
        for receive, worker in zip(pipes, workers, strict=True):
            outcome = receive.recv()
            worker.join()
            if isinstance(outcome, str):
                raise RenderError(outcome)
            results.extend((doc_id, Manifest.from_json(text)) for doc_id, text in outcome)
        return results

    def _work(self, share: list[SiteDocument], send: Any) -> None:
        """In a worker process: render a share of the documents, send back what was made."""
        try:
            send.send([(e.id, self._render_collect(e).to_json()) for e in share])
        except RenderError as err:
            send.send(str(err))
        except Exception as err:  # reported by the parent, which stops the build
            send.send(f"{type(err).__name__}: {err}")
        finally:
            send.close()
            os._exit(0)

    def _render_collect(self, entry: SiteDocument) -> Manifest:
        self._files, self._navs, self._keys = [], [], {}
        pages_before = self.staged.pages
        self._render_document(entry)
        manifest = Manifest(self._files, self._navs, self.staged.pages - pages_before, self._keys)
        self.staged.pages = pages_before  # counted once, from the manifests, in render()
        self._files = None
        return manifest

    # --- one document ---------------------------------------------------------------

    def _render_document(self, entry: SiteDocument) -> None:
        builder = PageBuilder(self.site, entry)
        history = entry.history
        current = history.current
        doc_title = entry.latest.title
        for published in history.versions:
            version = published.version.text
            is_current = published is current
            self._write_file(
                urls.data(entry.id, version), version_json(published, self.settings.site_url)
            )
            url = urls.version(entry.id, version)
            view = builder.version_page(
                published.document, url, "current" if is_current else "old", published
            )
            self._write_version_page(view, doc_title)
            if is_current:
                url = urls.document(entry.id)
                view = builder.version_page(published.document, url, "current", published)
                self._write_version_page(view, doc_title)
                self._nav(entry, page_title(doc_title), url)
        for before, after in zip(history.versions, history.versions[1:], strict=False):
            url = urls.changes(entry.id, after.version.text)
            self._write_redline_page(
                redline_page(self.site, entry, url, "changes", before, after), doc_title
            )
        if current is not None:
            for published in history.versions[:-1]:
                url = urls.since(entry.id, published.version.text)
                page = redline_page(self.site, entry, url, "since", published, current)
                self._write_redline_page(page, doc_title)
        if history.proposed is not None:
            url = urls.proposed(entry.id)
            view = builder.version_page(history.proposed.document, url, "proposed", None)
            view.redline = proposed_redline(self.site, entry, url)
            self._write_version_page(view, doc_title)
            if current is None:
                self._nav(entry, page_title(f"{doc_title} (proposed)"), url)
        url = urls.history(entry.id)
        context = {
            "title": doc_title,
            "rows": history_rows(self.site, entry, url),
            "proposed_url": urls.relative(url, urls.proposed(entry.id))
            if history.proposed
            else None,
            "feed_url": urls.relative(url, urls.feed(entry.id)),
        }
        meta = self._meta(f"History of the {doc_title}", search=False)
        meta.update(self._selector_meta(builder, url, None, doc_title, "all"))
        self._write_page(url, "pages/history.html", context, meta)
        if current is not None:
            self._write_file(
                urls.feed(entry.id),
                atom_feed(history, self.settings.site_url, self.settings.site_name),
            )

    def _nav(self, entry: SiteDocument, title: str, url: str) -> None:
        section = "Constitutions" if entry.latest.kind == "constitution" else "Charters"
        self._navs.append((section, title, urls.page_source(url)))

    def _write_version_page(self, view: Any, doc_title: str) -> None:
        heading = {
            "current": doc_title,
            "old": f"{doc_title}, version {view.version} (not current)",
            "proposed": f"{doc_title}, version {view.version} (proposed)",
        }[view.kind]
        # The current text is searched once, at /<doc>/, not again at /<doc>/<version>/.
        searched = view.url == urls.document(view.doc_id)
        meta = self._meta(heading, search=searched, toc=toc_of(view))
        meta["charters_document"] = doc_title  # the template escapes it
        meta["charters_version"] = view.version + (" (proposed)" if view.kind == "proposed" else "")
        meta["charters_versions"] = [
            {"label": s.label, "url": s.url, "selected": s.selected} for s in view.selector
        ]
        meta["charters_history"] = view.history_url
        meta["charters_feed"] = view.feed_url
        self._write_page(view.url, "pages/version.html", {"page": view}, meta)

    def _write_redline_page(self, view: RedlinePageView, doc_title: str) -> None:
        toc = [
            {"level": 3, "id": a.row.anchor, "name": html.escape(_row_name(a.row)), "children": []}
            for a in view.redline.articles
        ]
        meta = self._meta(f"{doc_title}: {view.title}", search=False, toc=toc)
        meta["charters_document"] = doc_title  # the template escapes it
        meta["charters_version"] = view.new_label
        meta["charters_versions"] = []
        meta["charters_history"] = view.history_url
        self._write_page(view.url, "pages/changes.html", {"page": view}, meta)

    def _selector_meta(
        self, builder: PageBuilder, url: str, selected: str | None, doc_title: str, label: str
    ) -> dict[str, Any]:
        return {
            "charters_document": doc_title,  # the template escapes it
            "charters_version": label,
            "charters_versions": [
                {"label": s.label, "url": s.url, "selected": False}
                for s in builder.selector(url, selected)
            ],
            "charters_history": "./",
        }

    # --- the home page -------------------------------------------------------------------

    def _index_context(self) -> dict[str, Any]:
        documents, glance = index_rows(self.site)
        return {"site_name": self.settings.site_name, "documents": documents, "glance": glance}

    # --- writing files ---------------------------------------------------------------------

    def _meta(
        self, title: str, search: bool = True, toc: list[dict[str, Any]] | None = None
    ) -> dict[str, Any]:
        """Front matter of a page: its title, whether it is searched, and its table of contents.

        `charters_html` says the body is finished HTML; an engine may use it as is.
        """
        meta: dict[str, Any] = {"title": page_title(title), "charters_html": True}
        meta["charters_toc"] = toc or []
        if not search:
            meta["search"] = {"exclude": True}
        return meta

    def _write_page(
        self, url: str, template: str, context: dict[str, Any], meta: dict[str, Any]
    ) -> None:
        try:
            body = self.env.get_template(template).render(**context)
        except TemplateError as err:
            raise RenderError(_template_error(err, template)) from None
        front = json.dumps(meta, ensure_ascii=False, sort_keys=True)
        path = urls.page_source(url)
        source = f"---\n{front}\n---\n\n{body}"
        self._write_file(path, source)
        self.staged.pages += 1
        key = (page_key(path, source), "search" not in meta)
        self._keys[path] = key
        self.staged.page_keys[path] = key

    def _write_file(self, relative: str, text: str) -> None:
        if self._files is not None:
            self._files.append(relative)
        target = self.staged.docs / relative
        self.folders.for_file(target)
        target.write_text(text, encoding="utf-8")

    def _copy_theme_files(self) -> None:
        """Theme overrides and assets: the defaults, then the community's files on top."""
        for folder in reversed(template_dirs(self.settings.root)):
            overrides = folder / "overrides"
            if overrides.is_dir():
                shutil.copytree(overrides, self.staged.overrides, dirs_exist_ok=True)
            assets = folder / "assets"
            if assets.is_dir():
                shutil.copytree(assets, self.staged.docs / "assets", dirs_exist_ok=True)
        self.staged.overrides.mkdir(parents=True, exist_ok=True)
        for asset in ("logo", "favicon"):  # checked by settings: a file inside the repository
            name = self.settings.theme.get(asset)
            if name and (self.settings.root / name).is_file():
                target = self.staged.docs / name
                self.folders.for_file(target)
                shutil.copyfile(self.settings.root / name, target)


def _heading(label: str, title: str) -> str:
    return f"{label}. {title}" if title else label


def _row_name(row: Any) -> str:
    return f"{row.heading}: {row.title}" if row.title and row.kind != "retitled" else row.heading


def toc_of(view: Any) -> list[dict[str, Any]]:
    """The table of contents of a version page: its articles, with their sections."""
    toc = []
    for article in view.articles:
        children = [
            {
                "level": 3,
                "id": s.id,
                "name": html.escape(_heading(s.label, s.title)),
                "children": [],
            }
            for s in article.sections
        ]
        name = html.escape(_heading(article.label, article.title))
        toc.append({"level": 2, "id": article.id, "name": name, "children": children})
    if view.removed:
        removed = {"level": 2, "id": "removed_provisions", "name": "Removed provisions"}
        toc.append({**removed, "children": []})
    return toc


def _template_error(err: TemplateError, template: str) -> str:
    """Where a template failed, as file:line, and why.

    Syntax errors carry their file and line; errors while rendering (an undefined
    name, an attribute the sandbox refuses) are found in the traceback, where
    Jinja puts the template's own file and line.
    """
    name = getattr(err, "filename", None)
    line = getattr(err, "lineno", None)
    if name is None:
        trace = err.__traceback__
        while trace is not None:
            filename = trace.tb_frame.f_code.co_filename
            if filename.endswith((".html", ".md", ".xml")):
                name, line = filename, trace.tb_lineno
            trace = trace.tb_next
    where = f"{name or template}:{line}" if line else str(name or template)
    return f"{where}: the template could not be used: {err.message or err}"


# Below this many versions in all, starting worker processes costs more than it saves.
_PARALLEL_FROM = 100


def render_site(
    settings: SiteSettings,
    history: RepositoryHistory,
    staging: Path,
    progress: Progress | None = None,
    cache_dir: Path | None = None,
    jobs: int | None = None,
    folders: Folders | None = None,
) -> StagedSite:
    jobs = jobs or os.cpu_count() or 1
    renderer = Renderer(settings, history, staging, cache_dir, jobs, folders)
    return renderer.render(progress)
