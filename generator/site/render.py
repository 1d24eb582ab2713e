"""The render stage: documents and history to Markdown pages and data files in a staging dir.

The staging dir is plain: `docs/` holds one `index.md` per page (front matter,
Markdown headings, and HTML prepared by our templates), plus JSON, feeds and
schemas; `overrides/` holds the theme overrides. Any engine that reads a docs
folder and mkdocs.yml could build it; the `engine` package does it with MkDocs + Material.
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import TemplateError

from generator.load.schema import schema_text
from generator.load.settings import SiteSettings
from generator.model.changes import DocumentDiff, DocumentRedlines
from generator.model.history import PublishedVersion, RepositoryHistory
from generator.model.staging import NavPage, StagedSite, TocEntry, page_key
from generator.site import urls
from generator.site.exports import document_index, index_json, site_index_json, version_json
from generator.site.feeds import document_feed, site_feed
from generator.site.overrides import translate_overrides
from generator.site.record import since_redirect, version_hash
from generator.site.staged_cache import Manifest, StagedCache, document_keys, site_inputs
from generator.site.templating import default_templates, environment, template_dirs
from generator.site.views.clauses import clause_histories
from generator.site.views.directory import NAV_DOCUMENTS, directory_pages
from generator.site.views.history import history_rows
from generator.site.views.linked_data import legislation, script_json
from generator.site.views.redline import RedlinePageView, proposed_redline, redline_page
from generator.site.views.search import version_page_entries
from generator.site.views.shared import Site, SiteDocument
from generator.site.views.version import PageBuilder
from generator.support import i18n, pool
from generator.support.fsutil import Folders
from generator.support.i18n import N_
from generator.support.i18n import gettext as _

Progress = Callable[[str], None]
PRINT_STYLESHEET = "assets/pdf.css"  # the PDFs' style sheet; a community may override it


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
        pdfs: bool = True,
        text_language: str | None = None,
        folder: str = "",
        compiled: Path | None = None,
    ) -> None:
        self.settings = settings
        # Addresses as pages and data write them down: the site's address, else a path
        # from the server's root (`/cy/...` for the pages of a second language).
        self.addresses = settings.site_url or (f"/{folder}/" if folder else None)
        self.pdfs = pdfs  # adopted versions have PDFs: pages link them, print pages are staged
        self.language = i18n.site_language(settings.theme.get("language"))
        # `text_language`: what a document's text is in when its file does not say (the
        # site's first language; on the pages of a second language, not the page's).
        self.site = Site(
            history,
            settings.site_name,
            self.addresses,
            pdfs=pdfs,
            text_language=text_language or self.language,
        )
        self.env = environment(settings.root, compiled)  # `compiled`: templates kept compiled
        self.staged = StagedSite(staging, staging / "docs", staging / "overrides")
        self.folders = folders or Folders()
        self.cache = StagedCache(cache_dir, self.folders)
        self.jobs = jobs
        self._files: list[str] | None = None  # files written for the document being rendered
        self._texts: dict[str, str] = {}  # and their text, for the staged cache
        self._navs: list[tuple[str, str, str]] = []
        self._keys: dict[str, tuple[str, bool]] = {}
        self._keys_by_id: dict[str, str] = {}  # document id -> its key in the staged cache
        self._hashes: dict[str, str] = {}  # version -> its content's SHA-256, for the record
        self._manifests: dict[str, Manifest] = {}  # documents restored from the cache

    def plan(self, progress: Progress | None = None) -> list[str]:
        """Restore the pages of unchanged documents from the cache; the ids left to render.

        Only these documents are diffed and rendered (`render_document`); `finish`
        then writes the rest of the site.
        """
        self.staged.docs.mkdir(parents=True, exist_ok=True)
        self._copy_theme_files()
        keys: dict[str, str] = {}
        if self.cache.folder is not None:  # keys are only needed to look in the cache
            histories = {e.id: e.history for e in self.site.documents}
            inputs = site_inputs(self.settings) + ("" if self.pdfs else ":no-pdf")
            keys = document_keys(histories, inputs)
        self._keys_by_id = keys
        waiting = []
        for entry in self.site.documents:
            restored = self.cache.restore(entry.id, keys.get(entry.id, ""), self.staged.docs)
            if restored is not None:
                self._manifests[entry.id] = restored
            else:
                waiting.append(entry.id)
        if progress and waiting:
            progress(f"Rendering {len(waiting)} of {len(self.site.documents)} documents")
        return waiting

    def jobs_for(self, ids: list[str]) -> int:
        """How many processes to render these documents on: one unless they are many."""
        versions = sum(len(self.site.by_id[i].history.versions) for i in ids)
        return self.jobs if versions >= _PARALLEL_FROM and len(ids) >= 2 else 1

    def jobs_within(self, doc_id: str) -> int:
        """How many processes to render one document's pages on, when it is rendered alone.

        A community with one long-amended constitution has one document to render,
        so the pool that shares documents between cores leaves one idle; its versions
        are shared instead, once there is enough to share.
        """
        history = self.site.by_id[doc_id].history
        provisions = sum(sum(1 for _ in v.document.provisions()) for v in history.versions)
        return self.jobs if provisions >= _PARALLEL_WITHIN else 1

    def render_document(self, doc_id: str, redlines: DocumentRedlines, jobs: int = 1) -> Manifest:
        """Write one document's pages, its redlines given by the diff stage; what was written.

        May run in a worker process: it changes nothing the parent reads later. With
        `jobs`, its pages are written on that many processes (`jobs_within`), each
        part's files put back in the order one process would have written them.
        """
        pages_before = self.staged.pages
        with i18n.use_language(self.language):
            parts = self._document_parts(self.site.by_id[doc_id], redlines)
            done = pool.run(self._render_part, parts, jobs)
        files: list[str] = []
        navs: list[tuple[str, str, str]] = []
        keys: dict[str, tuple[str, bool]] = {}
        texts: dict[str, str] = {}
        hashes: dict[str, str] = {}
        pages = 0
        for part in done:
            files += part.files
            navs += part.navs
            keys.update(part.keys)
            texts.update(part.texts)
            hashes.update(part.hashes)
            pages += part.pages
        manifest = Manifest(files, navs, pages, keys, hashes)
        self.staged.pages = pages_before  # counted once, from the manifests, in finish()
        key = self._keys_by_id.get(doc_id, "")
        manifest.store_problem = self.cache.store(doc_id, key, texts, manifest)
        self._files, self._texts = None, {}
        return manifest

    def _render_part(self, part: Callable[[], None]) -> _Written:
        """Run one part of a document's rendering; what it wrote (`_write_file`, `_nav`)."""
        self._files, self._navs, self._keys, self._texts = [], [], {}, {}
        self._hashes = {}
        before = self.staged.pages
        part()
        pages, self.staged.pages = self.staged.pages - before, before
        return _Written(self._files, self._navs, self._keys, self._texts, self._hashes, pages)

    def finish(self, rendered: dict[str, Manifest]) -> StagedSite:
        """The home page and schemas, and every document's pages put together in the nav."""
        with i18n.use_language(self.language):
            return self._finish(rendered)

    def _finish(self, rendered: dict[str, Manifest]) -> StagedSite:
        self.cache.unstored += [m.store_problem for m in rendered.values() if m.store_problem]
        self._write_directory()
        for kind in urls.SCHEMAS:
            self._write_file(urls.schema(kind), schema_text(kind))
        histories = [e.history for e in self.site.documents if e.history.versions]
        self._write_file(
            urls.SITE_DATA,
            site_index_json(histories, self.addresses, self.settings.site_name, pdf=self.pdfs),
        )
        self._write_file(
            urls.SITE_FEED,
            site_feed(histories, self.settings.site_url, self.settings.site_name),
        )
        manifests = self._manifests
        manifests.update(rendered)  # each already stored in the cache by `render_document`
        self.cache.prune({entry.id for entry in self.site.documents})
        sections: dict[str, list[NavPage]] = {N_("Constitutions"): [], N_("Charters"): []}
        for entry in self.site.documents:  # in the site's order, however they were made
            manifest = manifests[entry.id]
            self.staged.pages += manifest.pages
            self.staged.page_keys.update(manifest.keys)
            self.staged.content_hashes[entry.id] = manifest.hashes
            for section, title, path in manifest.nav:
                sections[section].append((title, path))
        self.staged.nav.append((_("Home"), urls.page_source(urls.INDEX)))
        if len(self.site.documents) <= NAV_DOCUMENTS:  # else the directory lists them
            self.staged.nav.extend((_(title), pages) for title, pages in sections.items() if pages)
        produced = {path for manifest in manifests.values() for path in manifest.files}
        self.folders.drop_unwritten(self.staged.docs, produced)  # an earlier build's files
        return self.staged

    # --- one document ---------------------------------------------------------------

    def _document_parts(
        self, entry: SiteDocument, redlines: DocumentRedlines
    ) -> list[Callable[[], None]]:
        """A document's pages in parts that can be written on several processes, listed
        in the order one process writes them: each version, each redline, then the pages
        about all its versions."""
        builder = PageBuilder(self.site, entry)
        history = entry.history
        parts: list[Callable[[], None]] = [
            partial(self._version_part, builder, entry, published) for published in history.versions
        ]
        pairs = zip(history.versions, history.versions[1:], redlines.changes, strict=False)
        parts += [
            partial(self._redline_part, entry, "changes", before, after, diff)
            for before, after, diff in pairs
        ]
        if history.current is not None:
            parts += [
                partial(self._redline_part, entry, "since", published, history.current, diff)
                for published, diff in zip(history.versions[:-1], redlines.since, strict=True)
            ]
        parts.append(partial(self._document_pages, builder, entry, redlines))
        return parts

    def _version_part(
        self, builder: PageBuilder, entry: SiteDocument, published: PublishedVersion
    ) -> None:
        """One version's data, its frozen page (and print page), and for the current
        version the page at the document's own address too."""
        history = entry.history
        doc_title = entry.latest.title
        version = published.version.text
        is_current = published is history.current
        data = version_json(
            published,
            history.versions,
            self.addresses,
            self.settings.site_name,
            pdf=self.pdfs,
        )
        self._write_file(urls.data(entry.id, version), data)
        self._hashes[version] = version_hash(data)  # for the site's record
        url = urls.version(entry.id, version)
        view = builder.version_page(
            published.document, url, "current" if is_current else "old", published
        )
        linked = script_json(
            legislation(history, published, self.addresses, self.settings.site_name)
        )
        self._write_version_page(view, doc_title, linked)
        if self.pdfs:
            self._write_print_page(view, published.date.isoformat())
        if is_current:
            url = urls.document(entry.id)
            view = builder.version_page(published.document, url, "current", published)
            self._write_version_page(view, doc_title, linked)
            self._nav(entry, page_title(doc_title), url)

    def _redline_part(
        self,
        entry: SiteDocument,
        kind: str,
        before: PublishedVersion,
        after: PublishedVersion,
        diff: DocumentDiff,
    ) -> None:
        """The redline page of what `after` changed ("changes"), or of what has changed
        since `before` ("since", `after` being the current version)."""
        if kind == "changes":
            url = urls.changes(entry.id, after.version.text)
        else:
            url = urls.since(entry.id, before.version.text)
        page = redline_page(self.site, entry, url, kind, before, after, diff)
        self._write_redline_page(page, entry.latest.title)

    def _document_pages(
        self, builder: PageBuilder, entry: SiteDocument, redlines: DocumentRedlines
    ) -> None:
        """The proposal, each provision's history, the history of versions, the data
        and the feed: the pages about the document as a whole."""
        history = entry.history
        current = history.current
        doc_title = entry.latest.title
        if history.proposed is not None:
            url = urls.proposed(entry.id)
            view = builder.version_page(history.proposed.document, url, "proposed", None)
            view.redline = proposed_redline(entry, url, redlines.proposed)
            self._write_version_page(view, doc_title)
            if current is None:
                self._nav(entry, page_title(_("%(title)s (proposed)") % {"title": doc_title}), url)
        if history.versions:
            url = urls.clauses(entry.id)
            context = {
                "title": doc_title,
                "provisions": clause_histories(self.site, entry, url, redlines),
                "history_url": urls.relative(url, urls.history(entry.id)),
            }
            title = _("History of each provision of the %(title)s") % {"title": doc_title}
            meta = self._meta(title, search=False)
            meta.update(self._selector_meta(builder, url, None, doc_title, "all"))
            meta["charters_history"] = urls.relative(url, urls.history(entry.id))
            self._write_page(url, "pages/clauses.html", context, meta)
        url = urls.history(entry.id)
        context = {
            "title": doc_title,
            "rows": history_rows(self.site, entry, url),
            "proposed_url": urls.relative(url, urls.proposed(entry.id))
            if history.proposed
            else None,
            "feed_url": urls.relative(url, urls.feed(entry.id)),
            "clauses_url": urls.relative(url, urls.clauses(entry.id)) if history.versions else None,
        }
        meta = self._meta(_("History of the %(title)s") % {"title": doc_title}, search=False)
        meta.update(self._selector_meta(builder, url, None, doc_title, "all"))
        # The history page is no one version: the selector offers them all.
        meta["charters_selector_label"] = _("Choose a version")
        self._write_page(url, "pages/history.html", context, meta)
        if current is not None:
            self._write_file(
                *since_redirect(entry.id, current.version.text, self.settings.site_url)
            )
            self._write_file(
                urls.document_data(entry.id),
                index_json(document_index(history, self.addresses, pdf=self.pdfs)),
            )
            self._write_file(
                urls.feed(entry.id),
                document_feed(history, self.settings.site_url, self.settings.site_name),
            )

    def _nav(self, entry: SiteDocument, title: str, url: str) -> None:
        section = "Constitutions" if entry.latest.kind == "constitution" else "Charters"
        self._navs.append((section, title, urls.page_source(url)))

    def _write_version_page(self, view: Any, doc_title: str, linked: str | None = None) -> None:
        heading = doc_title
        if view.kind != "current":  # the title is a value, never part of the format string
            words = {
                "old": _("%(title)s, version %(version)s (not current)"),
                "proposed": _("%(title)s, version %(version)s (proposed)"),
            }[view.kind]
            heading = words % {"title": doc_title, "version": view.version}
        # The current text is searched once, at /<doc>/, not again at /<doc>/<version>/.
        searched = view.url == urls.document(view.doc_id)
        meta = self._meta(heading, search=searched, toc=toc_of(view))
        if searched:  # the engine adds these to the search index instead of parsing the page
            meta["charters_search"] = version_page_entries(view, heading)
        meta["charters_document"] = doc_title  # the template escapes it
        meta["charters_version"] = (
            _("%(version)s (proposed)") % {"version": view.version}
            if view.kind == "proposed"
            else view.version
        )
        meta["charters_versions"] = [
            {"label": s.label, "url": s.url, "selected": s.selected} for s in view.selector
        ]
        meta["charters_history"] = view.history_url
        meta["charters_feed"] = view.feed_url
        if linked:
            meta["charters_jsonld"] = linked
        if view.kind != "proposed":
            meta["charters_data"] = urls.relative(view.url, urls.data(view.doc_id, view.version))
        self._write_page(view.url, "pages/version.html", {"page": view}, meta)

    def _write_print_page(self, view: Any, adopted: str) -> None:
        """The page a version's PDF is made from (`pdf/version.html`), staged apart.

        Its links are relative to the version's frozen page, where it is rendered.
        """
        context = {
            "page": view,
            "site_name": self.settings.site_name,
            "adopted_iso": adopted,
            "stylesheet": urls.relative(view.url, PRINT_STYLESHEET),
            "address": (f"{self.settings.site_url}{view.url}" if self.settings.site_url else ""),
        }
        try:
            body = self.env.get_template("pdf/version.html").render(**context)
        except TemplateError as err:
            raise RenderError(_template_error(err, "pdf/version.html")) from None
        self._write_file(urls.print_source(view.doc_id, view.version), body)

    def _write_redline_page(self, view: RedlinePageView, doc_title: str) -> None:
        toc = [
            {"level": 3, "id": a.row.anchor, "name": html.escape(_row_name(a.row)), "children": []}
            for a in view.redline.articles
        ]
        meta = self._meta(f"{doc_title}: {view.title}", search=False, toc=toc)
        meta["charters_document"] = doc_title  # the template escapes it
        meta["charters_version"] = view.new_label
        meta["charters_selector_label"] = view.new_label
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

    # --- the home page and the rest of the directory ------------------------------------

    def _write_directory(self) -> None:
        """The home page, and the directory's further pages when the documents are many."""
        for directory in directory_pages(self.site):
            context = {
                "site_name": self.settings.site_name,
                "documents": directory.rows,
                "glance": directory.glance,
                "directory": directory,
            }
            heading = {"level": 2, "id": "commissioning_at_a_glance"}
            toc = [{**heading, "name": _("Commissioning at a glance"), "children": []}]
            title = _("Governing documents")
            if directory.number > 1:
                title = _("Governing documents, page %(number)s of %(count)s") % {
                    "number": directory.number,
                    "count": directory.count,
                }
            meta = self._meta(
                title, search=directory.number == 1, toc=toc if directory.glance else None
            )
            self._write_page(directory.url, "pages/index.html", context, meta)

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
        meta.setdefault("charters_data", urls.relative(url, urls.SITE_DATA))
        meta["charters_site_feed"] = urls.relative(url, urls.SITE_FEED)
        meta["charters_og"] = {
            "title": meta["title"],
            "site_name": page_title(self.settings.site_name),
            "url": f"{self.settings.site_url}{url}" if self.settings.site_url else "",
        }
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
            self._texts[relative] = text
        self.folders.write(self.staged.docs / relative, text.encode("utf-8"))

    def _copy_theme_files(self) -> None:
        """Theme overrides and assets: the defaults, then the community's files on top."""
        for folder in reversed(template_dirs(self.settings.root)):
            overrides = folder / "overrides"
            if overrides.is_dir():
                shutil.copytree(overrides, self.staged.overrides, dirs_exist_ok=True)
                if folder != default_templates() and any(overrides.rglob("*.html")):
                    self.staged.community_overrides = True
            assets = folder / "assets"
            if assets.is_dir():
                shutil.copytree(assets, self.staged.docs / "assets", dirs_exist_ok=True)
        self.staged.overrides.mkdir(parents=True, exist_ok=True)
        translate_overrides(self.staged.overrides, self.language)  # their words, in ours
        for asset in ("logo", "favicon"):  # checked by settings: a file inside the repository
            name = self.settings.theme.get(asset)
            if name and (self.settings.root / name).is_file():
                target = self.staged.docs / name
                self.folders.for_file(target)
                with contextlib.suppress(FileNotFoundError):  # a kept copy: replaced
                    os.unlink(target)
                shutil.copyfile(self.settings.root / name, target)
                self.folders.note(target)


def _heading(label: str, title: str) -> str:
    return f"{label}. {title}" if title else label


def _row_name(row: Any) -> str:
    return f"{row.heading}: {row.title}" if row.title and row.kind != "retitled" else row.heading


def toc_of(view: Any) -> list[dict[str, Any]]:
    """The table of contents of a version page (its articles, with their sections), as JSON."""
    toc = []
    for article in view.articles:
        children = [
            TocEntry(html.escape(_heading(s.label, s.title)), s.id, 3) for s in article.sections
        ]
        toc.append(
            TocEntry(html.escape(_heading(article.label, article.title)), article.id, 2, children)
        )
    if view.removed:
        toc.append(TocEntry(_("Removed provisions"), "removed_provisions", 2))
    return [entry.as_json() for entry in toc]


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
# Provisions over all of a document's versions, from which its versions are shared
# between processes when it is rendered alone: A's 21 versions of 100 clauses took
# 0.5 s on one core, where a fork and sending back the pages take a few hundredths.
_PARALLEL_WITHIN = 1000


def plan_site(
    settings: SiteSettings,
    history: RepositoryHistory,
    staging: Path,
    cache_dir: Path | None = None,
    jobs: int | None = None,
    folders: Folders | None = None,
    pdfs: bool = True,
    text_language: str | None = None,
    folder: str = "",
    compiled: Path | None = None,
) -> Renderer:
    """The render stage's first step: a renderer that has restored what the cache holds.

    Its `plan()` says which documents are left to diff and render.
    """
    jobs = jobs or os.cpu_count() or 1
    return Renderer(
        settings, history, staging, cache_dir, jobs, folders, pdfs, text_language, folder, compiled
    )


@dataclass(slots=True)
class _Written:
    """What one part of a document's rendering wrote, sent back from a worker process."""

    files: list[str]
    navs: list[tuple[str, str, str]]
    keys: dict[str, tuple[str, bool]]
    texts: dict[str, str]
    hashes: dict[str, str]
    pages: int
