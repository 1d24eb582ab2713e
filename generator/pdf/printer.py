"""WeasyPrint, confined to the built site: one print page to one PDF/A-3b file.

Imported only when a PDF has to be made (WeasyPrint takes about a second to
import). The fetcher answers `data:` addresses itself and asks `SiteFiles`
for everything else; what it refuses is noted, and named in the build's
warnings, and the PDF is made without it.
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
from dataclasses import dataclass, field
from datetime import UTC, datetime

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from generator.pdf.files import SiteFiles
from generator.support.reproducible import source_date_epoch_set

# PDF/A-3b: the archival form of PDF that WeasyPrint can make (ISO 19005-3, level B).
PDF_VARIANT = "pdf/a-3b"


@dataclass(slots=True)
class Printed:
    pdf: bytes
    used: dict[str, str] = field(default_factory=dict)  # site file -> sha256 of its bytes
    refused: list[str] = field(default_factory=list)  # addresses it was not given


class SiteFetcher(URLFetcher):
    """Gives WeasyPrint the files of the built site and `data:` addresses; refuses the rest."""

    def __init__(self, files: SiteFiles) -> None:
        super().__init__(timeout=1, allowed_protocols=("data",), allow_redirects=False)
        self.files = files
        self.used: dict[str, str] = {}
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        if url[:5].lower() == "data:":
            return super().fetch(url, headers)  # allowed_protocols lets nothing else through
        path = self.files.resolve(url)
        if path is None:
            if url not in self.refused:
                self.refused.append(url)
            raise ValueError(f"{url} is not a file of the built site; it was not read")
        data = path.read_bytes()
        self.used[self.files.relative(path)] = hashlib.sha256(data).hexdigest()
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, data, {"Content-Type": kind})


def print_page(html: str, page_url: str, files: SiteFiles) -> Printed:
    """The PDF of one print page placed at `page_url` of the site; the same bytes every time.

    Its identifier is the digest of its page, and its dates are the page's
    (`dcterms.created`), never the clock, so a build is reproducible: the fonts'
    too.
    """
    fetcher = SiteFetcher(files)
    identifier = hashlib.sha256(html.encode()).hexdigest()[:32].encode()
    with _quiet():
        document = HTML(
            string=html, base_url=files.page_base(page_url), url_fetcher=fetcher
        ).render()
        # fontTools stamps the font subsets WeasyPrint embeds with the time they are
        # made, unless SOURCE_DATE_EPOCH says otherwise: two builds of one version
        # printed different bytes. A frozen version's PDF depends on its page alone
        # (not on the commit, as the site's other dates do): its own date is used.
        with source_date_epoch_set(_epoch(document.metadata.created)):
            pdf = document.write_pdf(pdf_variant=PDF_VARIANT, pdf_identifier=identifier)
    return Printed(pdf, dict(sorted(fetcher.used.items())), fetcher.refused)


def _epoch(created: str | None) -> int:
    """Seconds from 1970 to a W3C date ("2024-01-20", or with a time), UTC if unzoned;
    0 when a page overriding ours gives none."""
    try:
        when = datetime.fromisoformat((created or "").replace("Z", "+00:00"))
    except ValueError:  # none, or a year or month alone: W3C allows them, ISO does not
        return 0
    return max(0, int((when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()))


class _quiet:
    """WeasyPrint's own log (unsupported CSS, refused fetches) kept out of the terminal.

    What matters to a user, a refused address, is reported by the build itself.
    """

    def __enter__(self) -> None:
        self.logger = logging.getLogger("weasyprint")
        self.saved = (self.logger.propagate, self.logger.level)
        self.logger.propagate = False
        self.logger.setLevel(logging.CRITICAL)

    def __exit__(self, *_exc: object) -> None:
        self.logger.propagate, level = self.saved
        self.logger.setLevel(level)
