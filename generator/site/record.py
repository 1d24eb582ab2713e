"""The published record of a site: its manifest, and the pages that keep old addresses alive.

Every site carries `manifest.json`: each address it serves, and for every
published version the SHA-256 of its canonical content and the commit it came
from. The next build compares itself with it (`publish/manifest.py`), so a
fresh CI runner or a force-push cannot drop a version or reword a frozen one.

The canonical content of a version is its data as published at
`/<doc>/<version>.json`, without what may be recorded or corrected later
without changing the text (status, decision record, summary, adoption date) and
without where it was published from (document id, address, commit), written as
JSON with sorted keys and no spaces, in UTF-8. Its hash changes exactly when a
reader would see other wording, numbers or charter terms. It matches the
history rule of `history/rules.py`: recording a decision is not a change.

Old addresses of a renamed document are served as redirect pages (a canonical
link, an immediate refresh, a script that keeps the clause anchor, and a plain
link); its data and feed are served as copies, which name the new address.
Withdrawn versions keep their addresses as notices saying who withdrew them,
when and why.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import __version__
from generator.history.repository import PublishedVersion, RepositoryHistory
from generator.history.withdrawals import withdrawals
from generator.model.document import Withdrawal
from generator.model.staging import StagedSite
from generator.site import urls
from generator.site.exports import version_json

MANIFEST = "manifest.json"
FORMAT = 1
# Fields of a version's data that are not part of its frozen content.
_NOT_CONTENT = (
    "format",
    "id",
    "url",
    "pdf",  # where its PDF is: an address, not wording
    "commit",
    "status",
    "adopted",
    "decision",
    "summary",
    "in_force",
)
# Per provision, what the site derives rather than what the document says: a version's
# "in force until" moves at the next amendment, and a citation names the site and
# its address, which a community may change without changing any text.
_DERIVED = ("address", "citation")


def _without_derived(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_derived(v) for k, v in value.items() if k not in _DERIVED}
    if isinstance(value, list):
        return [_without_derived(v) for v in value]
    return value


class RecordError(Exception):
    """The record cannot be written as asked (a redirect that points nowhere or loops)."""


def canonical_content(version_data: str) -> bytes:
    """The canonical content of a version, from its published JSON (see the module's docstring)."""
    data = json.loads(version_data)
    for key in _NOT_CONTENT:
        data.pop(key, None)
    data = _without_derived(data)
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def content_hash(published: PublishedVersion, docs: Path | None = None) -> str:
    """SHA-256 of a version's canonical content; read from its staged JSON when there is one."""
    staged = docs / urls.data(published.document.id, published.version.text) if docs else None
    text = (
        staged.read_text(encoding="utf-8")
        if staged is not None and staged.is_file()
        else version_json(published, None)
    )
    return version_hash(text)


def version_hash(version_data: str) -> str:
    """SHA-256 of the canonical content of a version's published JSON.

    The render stage takes it as it writes the JSON, and keeps it with the
    document's staged files, so the record need not read every version back.
    """
    return hashlib.sha256(canonical_content(version_data)).hexdigest()


@dataclass(slots=True)
class SiteRecord:
    """What the manifest says: plain data, the same shape as the JSON file."""

    site_url: str | None
    commit: str | None
    addresses: list[str]
    versions: dict[str, dict[str, dict[str, str]]]  # doc -> version -> sha256, commit
    redirects: dict[str, str] = field(default_factory=dict)  # old address -> new address
    withdrawn: dict[str, dict[str, dict[str, str | None]]] = field(default_factory=dict)
    renamed: dict[str, str] = field(default_factory=dict)  # former id -> id
    generator: str = f"charters {__version__}"

    def to_json(self) -> str:
        data = {
            "format": FORMAT,
            "generator": self.generator,
            "site_url": self.site_url,
            "commit": self.commit,
            "addresses": self.addresses,
            "versions": self.versions,
            "redirects": self.redirects,
            "renamed": self.renamed,
            "withdrawn": self.withdrawn,
        }
        return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def write_record(
    staged: StagedSite,
    history: RepositoryHistory,
    renamed: dict[str, str],
    site_url: str | None,
) -> SiteRecord:
    """Redirects, withdrawal notices and the manifest, written into the staging docs folder.

    `history` is the published record (renames carried over and withdrawals
    applied, see `history/record.py`); `renamed` maps former ids to new ones.
    """
    docs = staged.docs
    redirects: dict[str, str] = {}
    for old, new in sorted(renamed.items()):
        entry = history.documents.get(new)
        if entry is None or not entry.versions:
            raise RecordError(
                f"the former id '{old}' would redirect to '{new}', which has no published "
                "version: the redirects would point nowhere."
            )
        redirects.update(_rename_addresses(old, new, entry.versions))
    current_entries = [e for e in history.documents.values() if e.current is not None]
    for entry in current_entries:
        # "What changed since the current version" is nothing: the current text. The
        # address stays when a newer version is withdrawn and an older one is current again.
        since = urls.since(entry.id, entry.current.version.text)  # type: ignore[union-attr]
        if not _staged(docs, since).exists():
            redirects[since] = urls.document(entry.id)
    _check_redirects(redirects, docs)
    current_since = {urls.since(e.id, e.current.version.text) for e in current_entries}
    for old_url, new_url in redirects.items():
        if old_url in current_since and (docs / urls.page_output(old_url)).is_file():
            continue  # written with the document's own pages (`since_redirect`)
        if _is_page(new_url):
            _write(docs, urls.page_output(old_url), redirect_page(old_url, new_url, site_url))
        else:
            target = docs / new_url
            (docs / old_url).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(target, docs / old_url)
    withdrawn_record: dict[str, dict[str, dict[str, str | None]]] = {}
    for doc_id, decisions in sorted(withdrawals(history).items()):
        entry = history.documents[doc_id]
        title = _title(entry) or doc_id
        withdrawn_record[doc_id] = {}
        for version, decision in sorted(decisions.items()):
            withdrawn_record[doc_id][version] = _withdrawal_data(decision)
            if entry.version(version) is None:
                _write_notices(docs, doc_id, title, decision)
    hashes = staged.content_hashes  # taken as the render stage wrote each version's JSON
    versions = {
        entry.id: {
            v.version.text: {
                "sha256": hashes.get(entry.id, {}).get(v.version.text) or content_hash(v, docs),
                "commit": v.commit,
            }
            for v in entry.versions
        }
        for entry in history.documents.values()
        if entry.versions
    }
    published = set(versions) | set(renamed) | set(withdrawn_record)
    record = SiteRecord(
        site_url=site_url,
        commit=history.head,
        addresses=served_addresses(docs, published),
        versions=dict(sorted(versions.items())),
        redirects=dict(sorted(redirects.items())),
        withdrawn=withdrawn_record,
        renamed=dict(sorted(renamed.items())),
    )
    (docs / MANIFEST).write_text(record.to_json(), encoding="utf-8")
    return record


def merge_records(
    docs: Path, record: SiteRecord, others: list[tuple[str, Path, SiteRecord]]
) -> None:
    """Write into the root's `manifest.json` the records of the site's other languages.

    Each language's addresses and versions are listed under its folder
    (`cy/constitution/1.0/`, versions of `cy/constitution`), so one manifest
    promises every language's frozen versions, and a translation that disappears
    from history is a loss the next build refuses like any other.
    """
    if not others:
        return
    for folder, other_docs, other in others:

        def inside(text: str, folder: str = folder) -> str:
            return f"{folder}/{text}"

        record.addresses += [inside(a) for a in other.addresses]
        record.versions.update({inside(d): v for d, v in other.versions.items()})
        record.redirects.update({inside(a): inside(b) for a, b in other.redirects.items()})
        record.withdrawn.update({inside(d): w for d, w in other.withdrawn.items()})
        record.renamed.update({inside(a): inside(b) for a, b in other.renamed.items()})
        (other_docs / MANIFEST).unlink(missing_ok=True)
    record.addresses.sort()
    (docs / MANIFEST).write_text(record.to_json(), encoding="utf-8")


def _title(entry: Any) -> str | None:
    for doc in (
        entry.proposed.document if entry.proposed else None,
        entry.latest,
        entry.current.document if entry.current else None,
    ):
        if doc is not None:
            return doc.title
    return None


def _rename_addresses(old: str, new: str, versions: list[PublishedVersion]) -> dict[str, str]:
    """Every address the old id served, mapped to the same address under the new id."""
    pairs = {
        urls.document(old): urls.document(new),
        urls.history(old): urls.history(new),
        urls.feed(old): urls.feed(new),
        urls.clauses(old): urls.clauses(new),
        urls.document_data(old): urls.document_data(new),
    }
    for index, published in enumerate(versions):
        text = published.version.text
        pairs[urls.version(old, text)] = urls.version(new, text)
        pairs[urls.data(old, text)] = urls.data(new, text)
        if index > 0:
            pairs[urls.changes(old, text)] = urls.changes(new, text)
        current = index == len(versions) - 1
        pairs[urls.since(old, text)] = urls.document(new) if current else urls.since(new, text)
    return pairs


def _is_page(url: str) -> bool:
    return url.endswith("/") or url == ""


def _staged(docs: Path, url: str) -> Path:
    return docs / (urls.page_source(url) if _is_page(url) else url)


def _check_redirects(redirects: dict[str, str], docs: Path) -> None:
    """Each redirect must land on an address the site serves, and never on another redirect."""
    for old_url, new_url in redirects.items():
        if new_url in redirects or new_url == old_url:
            raise RecordError(
                f"the redirect from /{old_url} leads to /{new_url}, which redirects again: "
                "redirects must not loop or chain."
            )
        if not _staged(docs, new_url).is_file():
            raise RecordError(
                f"the redirect from /{old_url} points to /{new_url}, which the site does not serve."
            )
        if _staged(docs, old_url).exists():
            raise RecordError(
                f"/{old_url} is both a page of the site and a redirect to /{new_url}."
            )


def since_redirect(doc_id: str, current: str, site_url: str | None) -> tuple[str, str]:
    """Where "what changed since the current version" is staged, and the page sending it home.

    Written with the document's other pages (`site/render.py`), on every core;
    `write_record` lists it among the redirects.
    """
    since = urls.since(doc_id, current)
    return urls.page_output(since), redirect_page(since, urls.document(doc_id), site_url)


def redirect_page(old_url: str, new_url: str, site_url: str | None) -> str:
    """A page that sends readers (and search engines) from an old address to the new one."""
    relative = html.escape(urls.relative(old_url, new_url), quote=True)
    canonical = html.escape(f"{site_url}{new_url}" if site_url else relative, quote=True)
    shown = html.escape(f"/{new_url}")
    script_target = json.dumps(urls.relative(old_url, new_url))
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Moved to {shown}</title>\n"
        f'<link rel="canonical" href="{canonical}">\n'
        '<meta name="robots" content="noindex">\n'
        # The script keeps the clause anchor (#quorum), which a refresh would drop.
        f"<script>location.replace({script_target} + location.hash);</script>\n"
        f'<meta http-equiv="refresh" content="0; url={relative}">\n'
        "</head>\n<body>\n<main>\n<h1>This document has a new address</h1>\n"
        f'<p>It is now at <a href="{relative}">{shown}</a>. Links to the old address keep '
        "working and lead there.</p>\n</main>\n</body>\n</html>\n"
    )


def _withdrawal_data(decision: Withdrawal) -> dict[str, str | None]:
    return {
        "reason": decision.reason,
        "decided": decision.decided.isoformat(),
        "body": decision.body,
        "minutes": decision.minutes,
    }


def _write_notices(docs: Path, doc_id: str, title: str, decision: Withdrawal) -> None:
    """The withdrawn version's addresses say what was decided, instead of breaking."""
    version = decision.version
    page = withdrawal_page(doc_id, title, decision)
    for url in (
        urls.version(doc_id, version),
        urls.changes(doc_id, version),
        urls.since(doc_id, version),
    ):
        if not _staged(docs, url).exists():
            _write(
                docs,
                urls.page_output(url),
                page.replace("{history}", urls.relative(url, urls.history(doc_id))),
            )
    data = {"id": doc_id, "version": version, "withdrawn": _withdrawal_data(decision)}
    if not (docs / urls.data(doc_id, version)).exists():
        _write(docs, urls.data(doc_id, version), json.dumps(data, ensure_ascii=False) + "\n")


def withdrawal_page(doc_id: str, title: str, decision: Withdrawal) -> str:
    """A plain page for a withdrawn version: what, who decided, when and why."""
    words = html.escape(f"{title}, version {decision.version}")
    minutes = (
        f' <a href="{html.escape(decision.minutes, quote=True)}">Minutes of the decision</a>.'
        if decision.minutes
        else ""
    )
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Withdrawn: {words}</title>\n"
        "</head>\n<body>\n<main>\n"
        f"<h1>{words} was withdrawn</h1>\n"
        f"<p>{html.escape(decision.body)} withdrew this version on "
        f"{decision.decided.isoformat()}: {html.escape(decision.reason)}{minutes}</p>\n"
        '<p><a href="{history}">Every version of this document</a></p>\n'
        "</main>\n</body>\n</html>\n"
    )


def _write(docs: Path, relative: str, text: str) -> None:
    target = docs / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def served_addresses(docs: Path, documents: set[str]) -> list[str]:
    """The addresses the site promises: home, schemas, and every published document's.

    A document's proposal is not a promise (it goes when adopted or withdrawn),
    nor are theme files, whose names change with the theme.
    """
    found = [urls.INDEX]
    prefix = len(str(docs)) + 1
    for top in sorted([*documents, urls.SCHEMA_FOLDER]):
        folder = docs / top
        if not folder.is_dir():
            continue
        for current, _folders, names in os.walk(folder):
            for name in names:
                relative = os.path.join(current, name)[prefix:].replace(os.sep, "/")
                address = _address(relative)
                if address.split("/")[1:2] != ["proposed"]:
                    found.append(address)
        index = docs / f"{top}.md"
        if index.is_file():
            found.append(f"{top}/")
    return sorted(set(found))


def _address(staged: str) -> str:
    """The address a staged file is served at: "a/b.md" at "a/b/", "a/index.html" at "a/"."""
    if staged.endswith(".md"):
        return staged[: -len(".md")] + "/"
    if staged.endswith("/index.html") or staged == "index.html":
        return staged[: -len("index.html")]
    return staged
