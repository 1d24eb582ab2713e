"""`charters verify`: does a published site say what the repository says?

The repository is built afresh (the same commit always gives the same bytes),
and every published version is compared with the site: its page, its JSON, and
the current text. A page is compared by the words of its text (inside the
page's `<article>`), so a hand edit of one word is found; data is compared as
data, so a site built from another commit is named as such. The site may be a
folder or a web address; it is read as untrusted input.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from generator.publish.fetch import MAX_BYTES, FetchError, fetch
from generator.publish.manifest import is_address
from generator.site import urls
from generator.site.record import MANIFEST


class VerifyError(Exception):
    """The site cannot be read at all."""


@dataclass(slots=True)
class Mismatch:
    address: str
    why: str


@dataclass(slots=True)
class Verification:
    checked: int = 0
    mismatches: list[Mismatch] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.mismatches


class Site:
    """A published site to read from: a folder, or a web address."""

    def __init__(self, where: str) -> None:
        self.where = where.rstrip("/") + "/" if is_address(where) else where
        if not is_address(where) and not Path(where).is_dir():
            raise VerifyError(f"there is no site folder at {where}.")

    def read(self, address: str) -> bytes | None:
        """The bytes served at a site-relative address, or None when it serves nothing."""
        if is_address(self.where):
            return _fetch(self.where + address)
        path = Path(self.where) / (urls.page_output(address) if address.endswith("/") else address)
        if address == "":
            path = Path(self.where) / "index.html"
        try:
            if path.stat().st_size > MAX_BYTES:
                raise VerifyError(f"{path} is too large to read.")
            return path.read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as err:
            raise VerifyError(f"{path} cannot be read ({err.strerror}).") from None

    def site_url(self) -> str | None:
        """The address the site was built for, as its manifest says (None if it does not)."""
        raw = self.read(MANIFEST)
        try:
            data = json.loads(raw.decode("utf-8")) if raw else None
        except (UnicodeDecodeError, json.JSONDecodeError):
            return None
        value = data.get("site_url") if isinstance(data, dict) else None
        return value if isinstance(value, str) else None


def _fetch(address: str) -> bytes | None:
    try:
        return fetch(address)
    except FetchError as err:
        if err.status == 404:
            return None
        raise VerifyError(f"{address} could not be read ({err.reason}).") from None


def verify(fresh: Path, site: Site) -> Verification:
    """Compare every published version of the `fresh` build with the same address on `site`."""
    manifest = json.loads((fresh / MANIFEST).read_text(encoding="utf-8"))
    result = Verification()
    for doc_id, versions in sorted(manifest["versions"].items()):
        addresses = [urls.document(doc_id)]
        for version in versions:
            addresses += [urls.version(doc_id, version), urls.data(doc_id, version)]
        for address in addresses:
            expected = Site(str(fresh)).read(address)
            if expected is None:
                continue
            result.checked += 1
            found = site.read(address)
            why = _difference(address, expected, found)
            if why:
                result.mismatches.append(Mismatch(address, why))
    return result


def _difference(address: str, expected: bytes, found: bytes | None) -> str | None:
    if found is None:
        return "the site does not serve it"
    if address.endswith(".json"):
        return _data_difference(expected, found)
    return _text_difference(page_words(expected), page_words(found))


def _data_difference(expected: bytes, found: bytes) -> str | None:
    try:
        theirs = json.loads(found.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return "it is not valid JSON"
    ours = json.loads(expected.decode("utf-8"))
    if theirs == ours:
        return None
    if isinstance(theirs, dict) and theirs.get("commit") != ours.get("commit"):
        return (
            f"it was built from commit {str(theirs.get('commit'))[:12]}, but the repository "
            f"publishes this version from commit {str(ours.get('commit'))[:12]}"
        )
    where = _first_difference(ours, theirs)
    return f"its data differs from the repository's at {where}"


def _first_difference(ours: Any, theirs: Any, path: str = "") -> str:
    if isinstance(ours, dict) and isinstance(theirs, dict):
        for key in sorted(set(ours) | set(theirs), key=str):
            if ours.get(key) != theirs.get(key):
                return _first_difference(ours.get(key), theirs.get(key), f"{path}.{key}")
    if isinstance(ours, list) and isinstance(theirs, list) and len(ours) == len(theirs):
        for index, (a, b) in enumerate(zip(ours, theirs, strict=True)):
            if a != b:
                return _first_difference(a, b, f"{path}[{index}]")
    shown = json.dumps(theirs, ensure_ascii=False)
    return f"{path.lstrip('.') or 'the top'} (the site has {shown[:80]})"


def _text_difference(ours: list[str], theirs: list[str]) -> str | None:
    if ours == theirs:
        return None
    if not theirs:
        return "it has no text where the document's text should be"
    index = next(
        (i for i, (a, b) in enumerate(zip(ours, theirs, strict=False)) if a != b),
        min(len(ours), len(theirs)),
    )
    context = " ".join(ours[max(0, index - 4) : index + 4])
    found = " ".join(theirs[max(0, index - 4) : index + 4])
    return f'its text differs from the repository\'s: "{context}" reads "{found}" on the site'


class _ArticleText(HTMLParser):
    """The words inside a page's <article>: what a reader reads as the document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.skip = 0
        self.words: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.depth += 1
        elif tag in ("script", "style"):
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self.depth:
            self.depth -= 1
        elif tag in ("script", "style") and self.skip:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            self.words.extend(data.split())


def page_words(page: bytes) -> list[str]:
    parser = _ArticleText()
    parser.feed(page.decode("utf-8", errors="replace"))
    parser.close()
    return parser.words
