"""The PDF stage: print every staged print page into the built site, reusing what it can.

The site stage stages one print page per adopted version
(`.print/<doc>/<version>.html` in the docs folder, see `site/urls.py`); it is
taken out before the engine reads the folder (`take_print_pages`), and printed
once the engine has built the site, whose style sheets it uses. Each PDF goes
to `/<doc>/<version>.pdf`. PDFs not in the cache are printed on every core.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from generator.pdf.cache import PdfCache, entry_key
from generator.pdf.files import SiteFiles
from generator.site import urls
from generator.support import pool
from generator.support.sealed import discard


class PdfError(Exception):
    """A PDF could not be made; the message names the document and version."""


@dataclass(slots=True)
class PdfReport:
    made: int = 0  # PDFs printed in this build
    reused: int = 0  # PDFs taken from the cache
    seconds: float = 0.0  # time spent printing (all workers' time added up)
    warnings: list[str] = field(default_factory=list)
    cache_warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Job:
    doc_id: str
    version: str
    source: Path
    key: str


@dataclass(slots=True)
class _Done:
    key: str
    refused: list[str]
    seconds: float


def take_print_pages(docs: Path, staging: Path) -> Path:
    """Move the staged print pages out of the docs folder (they are not pages of the site)."""
    target = staging / "print"
    discard(target)
    source = docs / urls.PRINT_FOLDER
    if source.is_dir():
        os.replace(source, target)
    else:
        target.mkdir(parents=True, exist_ok=True)
    return target


def _load_printer() -> None:
    """Import WeasyPrint, or say in words what is missing: it needs the Pango library."""
    try:
        import generator.pdf.printer  # noqa: F401
    except (ImportError, OSError) as err:
        raise PdfError(
            "the PDFs could not be made: WeasyPrint, which prints them, needs the Pango "
            f"library ({str(err).splitlines()[0][:160]}). Install it (Debian and Ubuntu: "
            "apt-get install libpango-1.0-0 libpangoft2-1.0-0; macOS: brew install pango), "
            "or build without PDFs with --no-pdf"
        ) from None


def make_pdfs(
    print_dir: Path,
    site: Path,
    site_url: str | None,
    cache_dir: Path | None = None,
    jobs: int | None = None,
) -> PdfReport:
    """Write `/<doc>/<version>.pdf` into the built `site` for each print page in `print_dir`."""
    files = SiteFiles(site, site_url)
    cache = PdfCache(cache_dir)
    report = PdfReport()
    todo: list[_Job] = []
    for source in sorted(print_dir.glob("*/*.html")):
        doc_id, version = source.parent.name, source.name[: -len(".html")]
        key = entry_key(source.read_text(encoding="utf-8"), urls.version(doc_id, version), site_url)
        cached = cache.get(key, files)
        if cached is None:
            todo.append(_Job(doc_id, version, source, key))
            continue
        _write(site / urls.pdf(doc_id, version), cached)
        report.reused += 1
    if todo:
        _load_printer()  # once, before the workers fork

        def make(job: _Job) -> _Done:
            return _make(job, files, cache, site)

        done = pool.run(make, todo, min(pool.default_jobs(jobs), len(todo)))
        for job, result in zip(todo, done, strict=True):
            cache.keep(result.key)
            report.seconds += result.seconds
            report.warnings += [
                f"the PDF of {job.doc_id} version {job.version} did not read {url}: "
                "a PDF uses only files of the built site"
                for url in result.refused
            ]
        report.made = len(todo)
    cache.prune()
    report.cache_warnings = [
        f"a cached PDF was damaged and made again ({why})" for why in cache.damaged
    ]
    return report


def _make(job: _Job, files: SiteFiles, cache: PdfCache, site: Path) -> _Done:
    """Print one page (in a worker process, perhaps) and store the PDF in the site and cache."""
    from generator.pdf.printer import print_page

    started = time.perf_counter()
    try:
        printed = print_page(
            job.source.read_text(encoding="utf-8"), urls.version(job.doc_id, job.version), files
        )
    except Exception as err:  # WeasyPrint's own failure: named, and the site left as it was
        raise PdfError(
            f"the PDF of {job.doc_id} version {job.version} could not be made "
            f"({type(err).__name__}: {err})"
        ) from None
    _write(site / urls.pdf(job.doc_id, job.version), printed.pdf)
    cache.put(job.key, printed.used, printed.pdf)
    return _Done(job.key, printed.refused, time.perf_counter() - started)


def _write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
