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
from generator.history.translated import in_language, translated_languages
from generator.load.files import by_folder, folders_named, load_paths
from generator.load.kept_checks import checks_kept
from generator.load.settings import SiteSettings, read_settings
from generator.load.site_address import with_site_url
from generator.model.history import RepositoryHistory
from generator.model.problems import Problem, sort_problems
from generator.model.staging import StagedSite
from generator.publish.guard import BrokenPromise, check_promises
from generator.publish.manifest import ManifestError
from generator.publish.not_found import fix_not_found_page
from generator.site.languages import SiteLanguage, settings_for, site_languages
from generator.site.record import RecordError, SiteRecord, merge_records, write_record
from generator.site.render import Renderer, RenderError, plan_site
from generator.site.staged_cache import Manifest
from generator.support import i18n, pool
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
    filled: int = 0  # of the pages rendered, those made from a shell (`engine/page_shells.py`)
    pdf_warnings: list[str] = field(default_factory=list)  # addresses a PDF was refused
    pdfs_made: int = 0  # PDFs printed in this build
    pdfs_reused: int = 0  # PDFs taken from the cache, unchanged
    unchanged: int = 0  # files of the published site left as they were (same inode and mtime)
    languages: list[str] = field(default_factory=list)  # the site's languages, its first one first


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
    problems, history = _checked_history(source, cache_dir, jobs)  # 1. load to 3. history
    problems = sort_problems([*setting_problems, *problems])
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
    languages, untranslated = site_languages(
        i18n.site_language(settings.theme.get("language")), translated_languages(history)
    )
    warnings += _unpublished_languages(untranslated, source)
    try:
        staged_languages = [
            _stage_language(
                language,
                languages,
                settings,
                history,
                renamed,
                work,
                say,
                cache_dir=cache_dir,
                jobs=jobs,
                pdfs=pdfs,
            )
            for language in languages
        ]
        merge_records(  # one manifest, at the root, promises every language's versions
            staged_languages[0].staged.docs,
            staged_languages[0].record,
            [(s.language.folder, s.staged.docs, s.record) for s in staged_languages[1:]],
        )
        published = Published(site_dir) if work.spare and site_dir.is_dir() else None
        if published is not None:  # unchanged files stay the published ones (fsutil.Folders)
            work.folders.keep_unchanged(work.site, published)
        built = [
            _engine_language(
                staged_language,
                work,
                say,
                _source_date_epoch(history),
                cache_dir=cache_dir,
                jobs=jobs,
                engine_name=engine_name,
                pdfs=pdfs,
            )
            for staged_language in staged_languages
        ]
        if work.spare:
            publish.remove_empty_folders(work.old_folders)
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
        pages=sum(b.staged.pages for b in built),
        seconds=time.perf_counter() - started,
        documents=len(history.documents),
        versions=versions,
        warnings=warnings,
        engine_warnings=[w for b in built for w in b.result.warnings],
        cache_warnings=_cache_warnings([d for b in built for d in b.damaged])
        + _unstored_warnings([u for b in built for u in b.unstored])
        + [w for b in built for w in b.result.cache_warnings + b.printed.cache_warnings],
        rendered=sum(b.result.stats.get("rendered", 0) for b in built),
        reused=sum(b.result.stats.get("reused", 0) for b in built),
        filled=sum(b.result.stats.get("filled", 0) for b in built),
        pdf_warnings=[w for b in built for w in b.printed.warnings],
        pdfs_made=sum(b.printed.made for b in built),
        pdfs_reused=sum(b.printed.reused for b in built),
        unchanged=unchanged,
        languages=[language.code for language in languages],
    )


@dataclass(slots=True)
class _Staged:
    """One language's pages, staged for the engine."""

    language: SiteLanguage
    settings: SiteSettings
    staged: StagedSite
    record: SiteRecord
    print_pages: Path
    damaged: list[str]
    unstored: list[str]


@dataclass(slots=True)
class _Built:
    """What building one language's pages gave."""

    staged: StagedSite
    result: engine.EngineResult
    printed: pdf.PdfReport
    damaged: list[str]
    unstored: list[str]


def _stage_language(
    language: SiteLanguage,
    languages: list[SiteLanguage],
    settings: SiteSettings,
    history: RepositoryHistory,
    renamed: dict[str, str],
    work: publish.Workspace,
    say: Progress,
    *,
    cache_dir: Path | None,
    jobs: int | None,
    pdfs: bool,
) -> _Staged:
    """Stages 4 and 5 for the pages of one language, into its own staging folder.

    The first language is the site's root; another (`/cy/`) is the same record
    read in that language (`history/translated.py`).
    """
    folder = language.folder
    own_settings = settings_for(settings, language, languages)
    own_history = in_language(history, language.code) if folder else history
    say(f"Writing pages{f' ({i18n.own_name(language.code)})' if folder else ''}")
    renderer = plan_site(
        own_settings,
        own_history,
        work.staging_for(folder),
        cache_dir=cache_dir / f"staged{_suffix(folder)}" if cache_dir else None,
        jobs=jobs,
        folders=work.folders,
        pdfs=pdfs,
        text_language=languages[0].code,
        folder=folder,
        compiled=cache_dir,
    )
    todo = renderer.plan(say)  # 5. render, first step: reuse what the cache holds
    originals = history if folder else None
    rendered = _diff_and_render(own_history, renderer, todo, originals)  # 4. diff, 5. render
    staged = renderer.finish(rendered)  # 5. render, last step: the rest of the site
    print_pages = pdf.take_print_pages(staged.docs, staged.root)  # printed after the engine
    record = write_record(staged, own_history, renamed, own_settings.site_url)
    cache = renderer.cache
    return _Staged(
        language, own_settings, staged, record, print_pages, cache.damaged, cache.unstored
    )


def _checked_history(
    source: Path, cache_dir: Path | None, jobs: int | None
) -> tuple[list[Problem], RepositoryHistory]:
    """Stages 1 to 3: the documents loaded and validated, then their history, and the problems.

    The files' texts and checked data are needed only until the history is read;
    kept for the whole build, at 10,000 documents they were a large part of its memory.
    Without a cache folder (`--no-cache`), nothing is kept: not even compiled checks.
    """
    with checks_kept(cache_dir is not None):
        return _load_to_history(source, cache_dir, jobs)


def _load_to_history(
    source: Path, cache_dir: Path | None, jobs: int | None
) -> tuple[list[Problem], RepositoryHistory]:
    loaded = load_paths([source], jobs, cache_dir)  # 1. load
    folders = folders_named([source])
    problems = [*loaded.problems, *check_documents(loaded, folders, jobs)]  # 2. validate
    history = RepositoryHistory({}, None, None)
    for folder, documents in by_folder(loaded.documents, folders)[0].items():  # 3. history
        found, read = folder_history(
            folder,
            documents,
            loaded.texts,
            cache_dir,
            loaded.translations,
            jobs=jobs,
            known=loaded.by_blob,
        )
        problems += found
        history = read or history
    return problems, history


def _engine_language(
    staged: _Staged,
    work: publish.Workspace,
    say: Progress,
    epoch: int,
    *,
    cache_dir: Path | None,
    jobs: int | None,
    engine_name: str,
    pdfs: bool,
) -> _Built:
    """Stage 6 for one language's staged pages, into its folder of the new site.

    The first language is built first: the engine empties its site folder, which
    holds the others' folders.
    """
    folder = staged.language.folder
    site = work.site / folder if folder else work.site
    pages = staged.staged.pages
    say(f"Building {pages} pages with {engine.NAMES.get(engine_name, engine_name)}")
    result = engine.build(  # 6. engine
        staged.staged,
        staged.settings,
        site,
        epoch,
        cache_dir=cache_dir / f"pages{_suffix(folder)}" if cache_dir else None,
        jobs=jobs,
        folders=work.folders if work.spare else None,
        engine=engine_name,
        compiled=cache_dir,
    )
    fix_not_found_page(site, staged.settings.site_url)
    printed = pdf.PdfReport()
    if pdfs:  # 6b. a PDF of each adopted version, printed with the built site's files
        say("Making the PDFs")
        printed = pdf.make_pdfs(
            staged.print_pages,
            site,
            staged.settings.site_url,
            cache_dir / f"pdf{_suffix(folder)}" if cache_dir else None,
            jobs,
        )
    return _Built(staged.staged, result, printed, staged.damaged, staged.unstored)


def _suffix(folder: str) -> str:
    """The cache folders of a second language's pages: `pages-cy` beside `pages`."""
    return f"-{folder}" if folder else ""


def _unpublished_languages(codes: list[str], source: Path) -> list[Problem]:
    """A warning for translations checked but not published: no interface words for them."""
    if not codes:
        return []
    names = ", ".join(codes)
    return [
        Problem(
            str(source),
            f"the translations into {names} were checked but are not published: this tool has "
            f"no interface words in {'that language' if len(codes) == 1 else 'those languages'} "
            f"yet (it has {', '.join(i18n.SHIPPED)}).",
            "warning",
            1,
            1,
        )
    ]


def _diff_and_render(
    history: RepositoryHistory,
    renderer: Renderer,
    todo: list[str],
    originals: RepositoryHistory | None = None,
) -> dict[str, Manifest]:
    """Stages 4 and 5 for each document left to render: its redlines, then its pages.

    Both run for one document in the same worker process, on every core when
    there are many: handing diffs from one process to another would cost about
    as much as computing them.
    """

    jobs = renderer.jobs_for(todo)
    # Documents shared between processes, or, when there is only one to render, its
    # versions (`Renderer.jobs_within`): never both, so no core is asked twice.
    within = renderer.jobs_within(todo[0]) if len(todo) == 1 else 1

    def diff_then_render(doc_id: str) -> Manifest:
        original = originals.documents.get(doc_id) if originals else None
        redlines = document_redlines(history.documents[doc_id], original)
        return renderer.render_document(doc_id, redlines, within)

    try:
        manifests = pool.run(diff_then_render, todo, jobs)
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
    return [
        f"the staged-page cache held damaged entries ({_first_and_more(damaged)}); they were "
        "discarded and their documents rendered again"
    ]


def _unstored_warnings(unstored: list[str]) -> list[str]:
    """One warning for the documents the staged-page cache could not keep (a full disk?)."""
    if not unstored:
        return []
    return [
        f"the staged-page cache could not keep some documents ({_first_and_more(unstored)}); "
        "the site is complete, and those documents will be rendered again by the next build"
    ]


def _first_and_more(items: list[str]) -> str:
    """The first of several, and how many more: one warning, however many entries."""
    more = f" and {len(items) - 1} more" if len(items) > 1 else ""
    return f"{items[0]}{more}"
