"""Every address the site promises, in one place (DESIGN.md, "Site contract").

| URL                                   | what                                     |
|---------------------------------------|------------------------------------------|
| /                                     | all documents (the first page of them)   |
| /index/<n>/                           | page n of the documents, when many       |
| /<doc>/                               | the current adopted text                 |
| /<doc>/<version>/                     | that version's text, frozen forever      |
| /<doc>/<version>/#<clause-id>         | one provision                            |
| /<doc>/<version>/changes/             | redline against the version before       |
| /<doc>/<version>/since/               | redline of that version against current  |
| /<doc>/history/                       | timeline of versions                     |
| /<doc>/clauses/#<clause-id>           | each provision's own history             |
| /<doc>/proposed/                      | the proposed text and its redline        |
| /<doc>/<version>.json                 | that version as data                     |
| /<doc>/<version>.pdf                  | that version as a PDF (PDF/A), to file   |
| /<doc>/feed.xml                       | Atom feed of adopted versions            |
| /<doc>/index.json                     | the document's versions, as data         |
| /index.json                           | every document and version, as data      |
| /feed.xml                             | Atom feed of every document's versions   |
| /schema/<kind>.schema.json            | the JSON Schemas                         |

URLs here are relative to the site root and have no leading slash, so the site
works under a sub-path (a GitHub Pages project site). Pages link to each other
with `relative()`. Published URLs never change: tests check this table against
what a build writes.
"""

from __future__ import annotations

from functools import lru_cache

from generator.model.document import is_slug

INDEX = ""
SITE_FEED = "feed.xml"
SITE_DATA = "index.json"
# Schemas the site publishes under /schema/: the documents', and those of its data.
SCHEMAS = ("constitution", "charter", "version", "document-index", "site-index", "redline")
SCHEMA_FOLDER = "schema"
PRINT_FOLDER = ".print"  # staged print pages, never published (see `print_source`)
# Further pages of the directory of documents ("index" is a reserved document id).
DIRECTORY_FOLDER = "index"


def _doc(doc_id: str) -> str:
    if not is_slug(doc_id):
        raise ValueError(f"{doc_id!r} is not a document id")
    return doc_id


def _version(version: str) -> str:
    if "/" in version or ".." in version or not version:
        raise ValueError(f"{version!r} is not a version")
    return version


def document(doc_id: str) -> str:
    return f"{_doc(doc_id)}/"


def version(doc_id: str, version_text: str) -> str:
    return f"{_doc(doc_id)}/{_version(version_text)}/"


def clause(page_url: str, clause_id: str) -> str:
    return f"{page_url}#{clause_id}"


def changes(doc_id: str, version_text: str) -> str:
    return f"{version(doc_id, version_text)}changes/"


def since(doc_id: str, version_text: str) -> str:
    return f"{version(doc_id, version_text)}since/"


def history(doc_id: str) -> str:
    return f"{_doc(doc_id)}/history/"


def clauses(doc_id: str) -> str:
    """One page per document with every provision's own history, an anchor per provision."""
    return f"{_doc(doc_id)}/clauses/"


def proposed(doc_id: str) -> str:
    return f"{_doc(doc_id)}/proposed/"


def data(doc_id: str, version_text: str) -> str:
    return f"{_doc(doc_id)}/{_version(version_text)}.json"


def pdf(doc_id: str, version_text: str) -> str:
    return f"{_doc(doc_id)}/{_version(version_text)}.pdf"


def print_source(doc_id: str, version_text: str) -> str:
    """The staging file holding the print page a version's PDF is made from.

    In a dot-folder of the staged docs, so it is cached with the document's other
    files; the PDF stage takes the folder out before the engine sees it.
    """
    return f"{PRINT_FOLDER}/{_doc(doc_id)}/{_version(version_text)}.html"


def document_data(doc_id: str) -> str:
    return f"{_doc(doc_id)}/index.json"


def feed(doc_id: str) -> str:
    return f"{_doc(doc_id)}/feed.xml"


def directory(number: int) -> str:
    """Page `number` (2 or more) of the directory of documents; page 1 is the home page."""
    if number < 2:
        raise ValueError(f"page {number} of the directory is the home page")
    return f"{DIRECTORY_FOLDER}/{number}/"


def schema(kind: str) -> str:
    return f"{SCHEMA_FOLDER}/{kind}.schema.json"


def page_source(url: str) -> str:
    """The staging file that becomes the page at `url`: "a/b/" is staged as "a/b.md".

    With directory URLs an engine serves "a/b.md" at "a/b/", so pages need no
    folder of their own in the staging dir (on a large site, making thousands of
    folders was the slowest part of a rebuild).
    """
    return f"{url.rstrip('/')}.md" if url else "index.md"


def page_output(url: str) -> str:
    """The file a built site serves at `url`."""
    return f"{url}index.html"


def relative(from_page: str, to_url: str) -> str:
    """A link from the page at `from_page` to `to_url`, both site-root relative.

    Pages are folders ("a/b/", the root is ""), so the link is worked out from that
    folder; a file target ("a/1.json") and an anchor ("#quorum") are kept.
    """
    target, hash_mark, anchor = to_url.partition("#")
    return f"{_relative_target(from_page, target)}{hash_mark}{anchor}"


@lru_cache(maxsize=65536)
def _relative_target(from_page: str, target: str) -> str:
    """`relative` without the anchor, cached: a page links to a few pages, at many anchors."""
    base = [part for part in from_page.split("/") if part]
    parts = target.split("/")
    folder, leaf = [p for p in parts[:-1] if p], parts[-1]
    common = 0
    while common < min(len(base), len(folder)) and base[common] == folder[common]:
        common += 1
    steps = [".."] * (len(base) - common) + folder[common:]
    if leaf:
        steps.append(leaf)
        return "/".join(steps)
    return "/".join(steps) + "/" if steps else "./"
