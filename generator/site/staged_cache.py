"""Reuse a document's staged pages when nothing they are made from has changed.

A document's pages (its versions, redlines, history, data and feed) are made from
its own history, the histories of the documents it cites, the templates, the site
settings and this tool's version. `document_key` digests exactly those; when the
key is the one an earlier build stored, the staged files are copied back instead
of being rendered again. The engine then finds the same sources and reuses their
HTML too, so an amendment to one document re-renders only that document.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from generator.load.settings import SiteSettings
from generator.model import markup
from generator.model.history import DocumentHistory
from generator.site.templating import template_dirs
from generator.support.cache import tool_fingerprint
from generator.support.fsutil import Folders
from generator.support.sealed import DamagedEntry, discard, read_sealed_in_place, write_sealed
from generator.validate import rules


@dataclass(slots=True)
class Manifest:
    """What rendering one document produced: its files and its navigation entries."""

    files: list[str]  # paths relative to the staged docs folder
    nav: list[tuple[str, str, str]]  # (section, title, staged page path)
    pages: int
    keys: dict[str, tuple[str, bool]]  # page path -> (digest of its source, searched)
    hashes: dict[str, str] = field(default_factory=dict)  # version -> its content's SHA-256
    # Why this build could not keep the document in the cache, if it could not: noted
    # where it was rendered (perhaps a worker process), warned of by the build. Not stored.
    store_problem: str = ""

    def to_json(self) -> str:
        return json.dumps(
            {
                "files": self.files,
                "nav": self.nav,
                "pages": self.pages,
                "keys": self.keys,
                "hashes": self.hashes,
            }
        )

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        data = json.loads(text)
        keys = {path: (key, searched) for path, (key, searched) in data["keys"].items()}
        hashes = data["hashes"]
        if not all(isinstance(v, str) and isinstance(h, str) for v, h in hashes.items()):
            raise TypeError("its versions' hashes are not text")
        return cls(data["files"], [tuple(n) for n in data["nav"]], data["pages"], keys, hashes)


def site_inputs(settings: SiteSettings) -> str:
    """What every page depends on beyond its document: templates, settings, tool version."""
    digest = hashlib.sha256(tool_fingerprint().encode())
    digest.update(repr((settings.site_name, settings.site_url, settings.identity)).encode())
    digest.update(repr(settings.theme.get("language")).encode())  # the interface's words
    digest.update(json.dumps(settings.extra, sort_keys=True, default=str).encode())
    for folder in template_dirs(settings.root):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def history_signature(entry: DocumentHistory) -> str:
    """Everything about one document's history that its pages show."""
    digests = {(o.commit, o.path): o.content for o in entry.observations}
    parts: list[object] = [entry.id, entry.deleted]
    for published in entry.versions:
        doc = published.document
        content = digests.get((published.commit, published.path))
        parts.append((published.commit, published.path, content, doc.status, doc.summary))
        parts.append(repr(doc.decision))
    if entry.proposed is not None:
        parts.append(("proposed", repr(entry.proposed.document), entry.proposed.origin))
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def cited_documents(entry: DocumentHistory) -> set[str]:
    """Ids of the other documents any version of this one cites or is made under."""
    docs = [v.document for v in entry.versions]
    if entry.proposed is not None:
        docs.append(entry.proposed.document)
    cited: set[str] = set()
    for doc in docs:
        if doc.charter is not None:
            cited.add(doc.charter.constitution)
        for _path, text in rules.text_fields(doc):
            if "[[" in text:
                cited.update(c.document for c in markup.citations(text) if c.document)
    cited.discard(entry.id)
    return cited


def document_keys(histories: dict[str, DocumentHistory], site_key: str) -> dict[str, str]:
    """Each document's key: its own history and the histories it cites, each digested once."""
    signatures = {doc_id: history_signature(entry) for doc_id, entry in histories.items()}
    keys = {}
    for doc_id, entry in histories.items():
        digest = hashlib.sha256(site_key.encode())
        digest.update(signatures[doc_id].encode())
        for other in sorted(cited_documents(entry)):
            digest.update(other.encode() + signatures.get(other, "").encode())
        keys[doc_id] = digest.hexdigest()
    return keys


ENTRY = ".entry"


class StagedCache:
    """Staged files of documents, by document id and key, in the build cache folder.

    An entry is one file per document, `<id>.entry`, sealed with its SHA-256
    (`generator.support.sealed`): a line with its key, a line with its manifest, a
    line listing its staged files and their sizes (both JSON), then the files'
    bytes one after another. An entry whose key is not the document's key now is
    stale, and replaced when the document is stored again. One file, not a folder
    of them (nor a folder per document), because making files and folders by the
    thousand was most of a cold build's time at scale; the
    bytes as they are, not strings in JSON, because escaping and reading back
    every page's HTML took longer than writing it. A restored entry is checked
    whole before anything is written; a damaged one is discarded, noted in
    `damaged` for the build's warning, and the document is rendered again. The
    staging dir shares no bytes with the cache: files are written from the bytes.
    """

    def __init__(self, folder: Path | None, folders: Folders) -> None:
        self.folder = folder
        self.folders = folders
        self.damaged: list[str] = []
        self.unstored: list[str] = []  # documents this build rendered and could not keep
        self._made = False  # whether this process has made the folder (once is enough)

    def _entry(self, doc_id: str) -> Path | None:
        return self.folder / f"{doc_id}{ENTRY}" if self.folder else None

    def restore(self, doc_id: str, key: str, docs: Path) -> Manifest | None:
        """Write a document's staged files back into `docs`; None when there are none whole."""
        entry = self._entry(doc_id)
        if entry is None:
            return None
        try:
            sealed = read_sealed_in_place(entry)
            if sealed is None:
                return None
            blob, start = sealed
            key_end = _line_end(entry, blob, start)
            manifest, contents = _unpack(entry, blob, key_end + 1)  # checked whole, even if stale
            if blob[start:key_end] != key.encode():  # an earlier build's pages of the document
                return None
        except DamagedEntry as err:
            self.damaged.append(str(err))
            discard(entry)
            return None
        for relative, data in contents:
            self.folders.write(docs / relative, data)
        return manifest

    def store(self, doc_id: str, key: str, contents: dict[str, str], manifest: Manifest) -> str:
        """Keep a document's staged files; if they cannot be written, it is rendered next time.

        May run in a worker process, beside others storing other documents, so a
        failure is not noted here but returned ("" when stored), for the build's warning.
        """
        entry = self._entry(doc_id)
        if entry is None:
            return ""
        try:
            if not self._made:
                entry.parent.mkdir(parents=True, exist_ok=True)
                self._made = True
            if entry.is_dir() and not entry.is_symlink():  # a folder in its place
                discard(entry)
            write_sealed(entry, key.encode() + b"\n" + _pack(manifest, contents))
        except OSError as err:
            discard(entry)
            return f"{entry}: could not be stored ({err.strerror or err})"
        return ""

    def prune(self, keep: set[str]) -> None:
        """Forget documents that are no longer on the site."""
        if self.folder is None:
            return
        try:
            if self.folder.exists() and not self.folder.is_dir():
                discard(self.folder)
            names = {f"{doc_id}{ENTRY}" for doc_id in keep}
            for entry in self.folder.iterdir() if self.folder.is_dir() else []:
                if entry.name not in names:  # a document gone, a write left half done,
                    discard(entry)  # or an older layout of the cache
        except OSError:
            pass


def _pack(manifest: Manifest, contents: dict[str, str]) -> bytes:
    """One document's entry: its manifest, its files' names and sizes, then their bytes."""
    files = [(path, text.encode("utf-8")) for path, text in contents.items()]
    sizes = json.dumps([[path, len(data)] for path, data in files], ensure_ascii=False)
    head = manifest.to_json().encode() + b"\n" + sizes.encode() + b"\n"
    return head + b"".join(data for _, data in files)


def _line_end(entry: Path, blob: bytes, start: int) -> int:
    """Where the line starting at `start` ends; `DamagedEntry` if it never does."""
    end = blob.find(b"\n", start)
    if end < 0:
        raise DamagedEntry(entry, "not a staged document (a line is missing)")
    return end


def _unpack(entry: Path, blob: bytes, start: int) -> tuple[Manifest, list[tuple[str, bytes]]]:
    """A document's manifest and files from its entry, read from `start` in `blob`.

    `DamagedEntry` if it is not one. Each file's bytes are cut out of `blob` once:
    an entry holds megabytes of pages, and copying it whole at every step took as
    long as reading it.
    """
    try:
        manifest_end = _line_end(entry, blob, start)
        sizes_end = _line_end(entry, blob, manifest_end + 1)
        manifest = Manifest.from_json(blob[start:manifest_end].decode())
        sizes = json.loads(blob[manifest_end + 1 : sizes_end])
        paths = [path for path, _ in sizes]
        if not all(isinstance(p, str) for p in paths) or sorted(paths) != sorted(manifest.files):
            raise DamagedEntry(entry, "its files are not the ones its manifest lists")
        if not all(isinstance(n, int) and n >= 0 for _, n in sizes) or (
            sum(n for _, n in sizes) != len(blob) - sizes_end - 1
        ):
            raise DamagedEntry(entry, "its files are not the sizes it lists")
    except (ValueError, KeyError, TypeError, AttributeError) as err:
        raise DamagedEntry(entry, f"not a staged document ({err})") from None
    contents, at = [], sizes_end + 1
    for path, size in sizes:
        contents.append((path, blob[at : at + size]))
        at += size
    return manifest, contents
