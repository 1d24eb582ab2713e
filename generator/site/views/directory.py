"""The directory of documents: the home page, and more pages of it when there are many.

A page that lists every document grows with the site: a federation of thousands
of documents would make the home page (and a navigation that lists them all,
every page) the size of the whole directory. Up to `PAGE_SIZE` documents the home
page lists them all, as it always has. Beyond that the home page is the first
page of the directory and the others are at /index/<n>/ ("index" is a reserved
document id, so no document can take those addresses); each page lists at most
`PAGE_SIZE` documents and links to a fixed number of other pages, so no page's
size depends on the number of documents.

The navigation shown on every page lists the documents only while they are few
(`NAV_DOCUMENTS`); beyond that it holds the home page alone, and each document's
pages are reached from the directory, from search, and from the document's own
version bar.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.site import urls
from generator.site.views.index import GlanceRow, IndexRow, index_rows
from generator.site.views.shared import Site
from generator.support.i18n import gettext as _

# Documents listed on one page of the directory.
PAGE_SIZE = 100
# Up to this many documents, the navigation on every page lists each of them.
NAV_DOCUMENTS = 30
# Pages linked either side of the current one in a directory page's pager.
_NEARBY = 2


@dataclass(slots=True)
class PagerLink:
    label: str
    url: str  # relative to the page that shows the link
    current: bool = False


@dataclass(slots=True)
class DirectoryPage:
    """One page of the directory: the rows it lists and the links to its other pages."""

    url: str
    number: int  # from 1
    count: int  # pages in all
    first: int  # position of its first document (from 1), for "documents 101 to 200"
    total: int  # documents in all
    rows: list[IndexRow]
    glance: list[GlanceRow]
    pager: list[PagerLink] = field(default_factory=list)

    @property
    def last(self) -> int:
        return self.first + len(self.rows) - 1


def page_url(number: int) -> str:
    """The address of page `number` of the directory (the first is the home page)."""
    return urls.INDEX if number == 1 else urls.directory(number)


def directory_pages(site: Site, page_size: int = PAGE_SIZE) -> list[DirectoryPage]:
    """The directory in pages of `page_size` documents (one page when they fit)."""
    entries = site.documents
    count = max(1, -(-len(entries) // page_size))
    pages = []
    for number in range(1, count + 1):
        start = (number - 1) * page_size
        url = page_url(number)
        rows, glance = index_rows(site, entries[start : start + page_size], url)
        pages.append(
            DirectoryPage(
                url=url,
                number=number,
                count=count,
                first=start + 1,
                total=len(entries),
                rows=rows,
                glance=glance,
                pager=pager(url, number, count) if count > 1 else [],
            )
        )
    return pages


def pager(url: str, number: int, count: int) -> list[PagerLink]:
    """Links from page `number` to the first, previous, nearby, next and last pages."""

    def link(label: str, target: int) -> PagerLink:
        return PagerLink(label, urls.relative(url, page_url(target)), target == number)

    low, high = max(1, number - _NEARBY), min(count, number + _NEARBY)
    links = []
    if low > 1:
        links.append(link(_("First page"), 1))
    if number > 1:
        links.append(link(_("Previous page"), number - 1))
    links += [link(_("Page %(number)s") % {"number": n}, n) for n in range(low, high + 1)]
    if number < count:
        links.append(link(_("Next page"), number + 1))
    if high < count:
        links.append(link(_("Last page (%(count)s)") % {"count": count}, count))
    return links
