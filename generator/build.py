"""`charters build`: the pipeline, stage after stage.

load -> validate -> history -> diff -> render -> engine -> pdf -> publish, each called
here in turn, none inside another. Diff and render go document by document:
render first says which documents the cache cannot give, then each of those is
diffed and rendered, one stage after the other, in the same worker process.
Errors found by the first three stages stop the build before anything is
written; any later failure discards the half-built site, so site/ is either the
new site or exactly the old one. `charters validate` runs the first three
stages, the same functions in the same order (`check.py`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator import engine, pdf, publish
from generator.diff.stage import document_redlines
from generator.history.messages import SHALLOW_PUBLISHED, SHALLOW_REFUSED
from generator.history.record import published_record
from generator.history.stage import folder_history
from generator.load.files import by_folder, folders_named, load_paths
from generator.load.settings import read_settings
from generator.load.site_address import with_site_url
from generator.model.history import RepositoryHistory
from generator.model.problems import Problem, sort_problems
from generator.publish.guard import BrokenPromise, check_promises
from generator.publish.manifest import ManifestError
from generator.publish.not_found import fix_not_found_page
from generator.site.record import RecordError, write_record
from generator.site.render import Renderer, RenderError, plan_site
from generator.site.staged_cache import Manifest
from generator.support import pool
from generator.support.cache import cache_folder
from generator.support.fsutil import LinkRefused, Published
from generator.validate.checks import check_documents

Progress = Callable[[str], None]


class BuildError(Exception):
    """The build stopped; `problems` say why (file, line, column) when they can."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


@dataclass(slots=True)
class BuildReport:
    site_dir: Path
    pages: int
    seconds: float
    documents: int
    versions: int
    warnings: list[Problem] = field(default_factory=list)
    engine_warnings: list[str] = field(default_factory=list)
    cache_warnings: list[str] = field(default_factory=list)  # damaged cache entries discarded
    rendered: int = 0  # pages rendered in this build
    reused: int = 0  # pages reused from the cache
    pdf_warnings: list[str] = field(default_factory=list)  # addresses a PDF was refused
    pdfs_made: int = 0  # PDFs printed in this build
    pdfs_reused: int = 0  # PDFs taken from the cache, unchanged
    unchanged: int = 0  # files of the published site left as they were (same inode and mtime)


def build_site(
    root: Path,
    source: Path,
    site_dir: Path,
    *,
    allow_shallow: bool = False,
    progress: Progress | None = None,
    cache: bool = True,
    jobs: int | None = None,
    allow_removed_urls: bool = False,
    site_url: str | None = None,
    previous: str | None = None,
    deployed: bool = False,
    no_previous: bool = False,
    engine_name: str = engine.DEFAULT_ENGINE,
    pdfs: bool = True,
) -> BuildReport:
    """Build the site of the documents in `source` into `site_dir`.

    With `cache`, documents read from git and finished pages are kept in the
    user's cache folder (see `support/cache.py`) and reused when nothing they depend on
    has changed, giving the same bytes as a clean build.

    Before publishing, the new site is checked against the manifest of the site
    before it (`publish/guard.py`): `previous` names one (a folder, file or
    address); with `deployed`, the one at `site_url` is fetched; the local
    site/ is always compared. `no_previous` skips the check, knowingly.

    `engine_name` chooses the engine that turns the staged pages into HTML
    (`engine.ENGINES`: MkDocs, the default, or Zensical).

    With `pdfs` (the default), each adopted version is also printed as a PDF
    (`pdf/`); without, a quicker preview whose pages offer no PDF.
    """
    started = time.perf_counter()
    say = progress or (lambda _message: None)

    say("Checking the documents")
    settings, setting_problems = read_settings(root)
    settings = with_site_url(settings, site_url)  # the deployment's address wins
    if not source.is_dir():
        raise BuildError(f"there is no documents folder at {source}.")
    cache_dir = cache_folder(root) if cache else None
    loaded = load_paths([source], jobs, cache_dir)  # 1. load
    folders = folders_named([source])
    problems = [*setting_problems, *loaded.problems]
    problems += check_documents(loaded, folders, jobs)  # 2. validate
    history = RepositoryHistory({}, None, None)
    for folder, documents in by_folder(loaded.documents, folders)[0].items():  # 3. history
        found, read = folder_history(
            folder, documents, loaded.texts, cache_dir, loaded.translations
        )
        problems += found
        history = read or history
    problems = sort_problems(problems)
    errors = [p for p in problems if p.is_error]
    if errors:
        raise BuildError(
            f"the documents have {len(errors)} error{'s' if len(errors) != 1 else ''}; "
            "nothing was built and the site was not changed.",
            problems,
        )
    if history.shallow and not allow_shallow:
        raise BuildError(SHALLOW_REFUSED)
    history, renamed = published_record(history)  # renames carried over, withdrawals applied
    warnings = [p for p in problems if not p.is_error]
    if history.shallow:
        warnings.append(Problem(str(source), SHALLOW_PUBLISHED, "warning", 1, 1))

    try:
        work = publish.workspace(site_dir, keep=cache_dir)
    except publish.PublishError as err:
        raise BuildError(str(err)) from None
    try:
        say("Writing pages")
        renderer = plan_site(
            settings,
            history,
            work.staging,
            cache_dir=cache_dir / "staged" if cache_dir else None,
            jobs=jobs,
            folders=work.folders,
            pdfs=pdfs,
        )
        todo = renderer.plan(say)  # 5. render, first step: reuse what the cache holds
        rendered = _diff_and_render(history, renderer, todo)  # 4. diff, 5. render
        staged = renderer.finish(rendered)  # 5. render, last step: the rest of the site
        print_pages = pdf.take_print_pages(staged.docs, staged.root)  # printed after the engine
        write_record(staged, history, renamed, settings.site_url)  # manifest.json, redirects
        published = Published(site_dir) if work.spare and site_dir.is_dir() else None
        if published is not None:  # unchanged files stay the published ones (fsutil.Folders)
            work.folders.keep_unchanged(work.site, published)
        say(f"Building {staged.pages} pages with {engine.NAMES.get(engine_name, engine_name)}")
        result = engine.build(  # 6. engine
            staged,
            settings,
            work.site,
            _source_date_epoch(history),
            cache_dir=cache_dir / "pages" if cache_dir else None,
            jobs=jobs,
            folders=work.folders if work.spare else None,
            engine=engine_name,
        )
        if work.spare:
            publish.remove_empty_folders(work.site)
        fix_not_found_page(work.site, settings.site_url)
        printed = pdf.PdfReport()
        if pdfs:  # 6b. a PDF of each adopted version, printed with the built site's files
            say("Making the PDFs")
            printed = pdf.make_pdfs(
                print_pages,
                work.site,
                settings.site_url,
                cache_dir / "pdf" if cache_dir else None,
                jobs,
            )
        unchanged = work.folders.kept + (published.link_all(work.site) if published else 0)
        say("Comparing with the site published before")
        check_promises(
            work.site,
            site_dir,
            site_url=settings.site_url,
            previous=previous,
            deployed=deployed,
            no_previous=no_previous,
            allow_removed_urls=allow_removed_urls,
        )
        say("Publishing")  # 7. publish
        spare = publish.spare_folder(site_dir) if work.spare else None
        publish.swap_in(work.site, site_dir, keep_old_as=spare)
    except (
        RenderError,
        engine.EngineError,
        pdf.PdfError,
        RecordError,
        publish.PublishError,
        LinkRefused,
    ) as err:
        raise BuildError(f"{str(err).rstrip('.')}; the site was not changed.") from None
    except BrokenPromise as err:
        raise BuildError(str(err)) from None
    except ManifestError as err:
        raise BuildError(f"{err} The site was not changed.") from None
    finally:
        work.discard()
    versions = sum(len(e.versions) for e in history.documents.values())
    return BuildReport(
        site_dir=site_dir,
        pages=staged.pages,
        seconds=time.perf_counter() - started,
        documents=len(history.documents),
        versions=versions,
        warnings=warnings,
        engine_warnings=result.warnings,
        cache_warnings=_cache_warnings(renderer.cache.damaged)
        + result.cache_warnings
        + printed.cache_warnings,
        rendered=result.stats.get("rendered", 0),
        reused=result.stats.get("reused", 0),
        pdf_warnings=printed.warnings,
        pdfs_made=printed.made,
        pdfs_reused=printed.reused,
        unchanged=unchanged,
    )


def _diff_and_render(
    history: RepositoryHistory, renderer: Renderer, todo: list[str]
) -> dict[str, Manifest]:
    """Stages 4 and 5 for each document left to render: its redlines, then its pages.

    Both run for one document in the same worker process, on every core when
    there are many: handing diffs from one process to another would cost about
    as much as computing them.
    """

    def diff_then_render(doc_id: str) -> Manifest:
        redlines = document_redlines(history.documents[doc_id])
        return renderer.render_document(doc_id, redlines)

    try:
        manifests = pool.run(diff_then_render, todo, renderer.jobs_for(todo))
    except RenderError:
        raise
    except Exception as err:  # a fault of ours: reported, the site left as it was
        raise RenderError(f"{type(err).__name__}: {err}") from None
    return dict(zip(todo, manifests, strict=True))


def watched_paths(root: Path, source: Path) -> list[Path]:
    """What `charters serve` watches: a change to any of these needs a rebuild."""
    return [
        source,
        root / "templates",
        root / "mkdocs.yml",
        root / ".git" / "HEAD",
        root / ".git" / "refs",
    ]


def _source_date_epoch(history: RepositoryHistory) -> int:
    """Timestamps in the output come from the commit, never the clock (reproducible builds)."""
    given = os.environ.get("SOURCE_DATE_EPOCH")
    if given and given.isdigit():
        return int(given)
    return history.head_time or 0


def _cache_warnings(damaged: list[str]) -> list[str]:
    """One warning for the staged documents' cache entries found damaged and discarded."""
    if not damaged:
        return []
    more = f" and {len(damaged) - 1} more" if len(damaged) > 1 else ""
    return [
        f"the staged-page cache held damaged entries ({damaged[0]}{more}); they were "
        "discarded and their documents rendered again"
    ]
