"""Compare a new build with the manifest of the site that is deployed: promises kept or not.

The previous manifest comes from the deployed site (`<site_url>manifest.json`),
from a path or address given on the command line, or from the local `site/`.
It is read as untrusted data: fetched with a timeout and a size cap, parsed as
JSON, and checked for shape before anything in it is believed. A missing or
unreadable manifest is an error that says what to do; the build goes ahead
without one only when asked to (`--no-previous`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.publish.fetch import MAX_BYTES, FetchError
from generator.publish.fetch import fetch as fetch_address
from generator.site.record import FORMAT, MANIFEST


class ManifestError(Exception):
    """The previous manifest cannot be used; the message says why and what to do."""


@dataclass(slots=True)
class Previous:
    """A previous site's manifest, checked for shape."""

    where: str  # the path or address it was read from, for messages
    site_url: str | None
    addresses: set[str]
    versions: dict[str, dict[str, dict[str, str]]]
    renamed: dict[str, str] = field(default_factory=dict)


def is_address(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def manifest_location(source: str) -> str:
    """The manifest's own path or address, given a site folder, a site address or the file."""
    if is_address(source):
        return source if source.endswith(".json") else source.rstrip("/") + "/" + MANIFEST
    path = Path(source)
    return str(path / MANIFEST) if path.is_dir() else str(path)


def read_previous(source: str) -> Previous:
    """The manifest at `source`: a site folder, a manifest file, or a site or manifest address."""
    where = manifest_location(source)
    raw = fetch(where) if is_address(where) else _read_file(where)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ManifestError(
            f"the previous manifest at {where} is not valid JSON ({_why(err)}); it may be "
            "truncated or not a manifest at all. " + _PROCEED
        ) from None
    return _checked(data, where)


def fetch(address: str) -> bytes:
    """Bytes at a web address: with a time limit, and refused beyond MAX_BYTES."""
    try:
        return fetch_address(address)
    except FetchError as err:
        if err.status == 404:
            raise ManifestError(
                f"the deployed site has no manifest at {address} (HTTP 404). If this is the "
                "first publication, or the site was last built by a version of charters "
                "without manifests, build once with --no-previous. " + _PROCEED
            ) from None
        raise ManifestError(
            f"the previous manifest could not be fetched from {address} ({err.reason}). " + _PROCEED
        ) from None


_PROCEED = (
    "Without it this build cannot check that it keeps every published address and "
    "version; to build anyway, knowingly, use --no-previous."
)


def _read_file(where: str) -> bytes:
    path = Path(where)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ManifestError(f"the previous manifest {where} is too large to read. {_PROCEED}")
        return path.read_bytes()
    except FileNotFoundError:
        raise ManifestError(f"there is no previous manifest at {where}. {_PROCEED}") from None
    except OSError as err:
        raise ManifestError(
            f"the previous manifest {where} cannot be read ({err.strerror}). {_PROCEED}"
        ) from None


def _why(err: Exception) -> str:
    if isinstance(err, json.JSONDecodeError):
        return f"line {err.lineno}, column {err.colno}: {err.msg}"
    return "it is not UTF-8 text"


def _checked(data: Any, where: str) -> Previous:
    def bad(what: str) -> ManifestError:
        return ManifestError(f"the previous manifest at {where} is not usable: {what}. {_PROCEED}")

    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise bad(f"it is not a charters site manifest of format {FORMAT}")
    site_url = data.get("site_url")
    addresses = data.get("addresses")
    versions = data.get("versions")
    renamed = data.get("renamed", {})
    if site_url is not None and not isinstance(site_url, str):
        raise bad("'site_url' is not text")
    if not isinstance(addresses, list) or not all(isinstance(a, str) for a in addresses):
        raise bad("'addresses' is not a list of addresses")
    if not isinstance(versions, dict) or not all(
        isinstance(doc, dict)
        and all(
            isinstance(entry, dict)
            and isinstance(entry.get("sha256"), str)
            and isinstance(entry.get("commit"), str)
            for entry in doc.values()
        )
        for doc in versions.values()
    ):
        raise bad("'versions' does not give a sha256 and a commit for each version")
    if not isinstance(renamed, dict) or not all(isinstance(v, str) for v in renamed.values()):
        raise bad("'renamed' is not a map of ids")
    return Previous(where, site_url, set(addresses), versions, renamed)


@dataclass(slots=True)
class Comparison:
    """Promises the new build would break."""

    lost: list[str] = field(default_factory=list)  # addresses no longer served
    changed: list[str] = field(default_factory=list)  # "doc version" whose content changed
    dropped: list[str] = field(default_factory=list)  # "doc version" no longer published
    reused: list[str] = field(default_factory=list)  # former ids used again for a document

    @property
    def ok(self) -> bool:
        return not (self.lost or self.changed or self.dropped or self.reused)


def compare(previous: Previous, new: dict[str, Any]) -> Comparison:
    """What `new` (a manifest as written by `site/record.py`) breaks of `previous`.

    Versions withdrawn by decision (recorded in `new`) may change or go; a
    renamed document's versions are looked for under its new id.
    """
    result = Comparison()
    served = set(new["addresses"])
    result.lost = sorted(
        a for a in previous.addresses - served if "proposed" not in a.split("/")[1:3]
    )
    withdrawn = new.get("withdrawn", {})
    renamed = {**previous.renamed, **new.get("renamed", {})}
    result.reused = sorted(old for old in previous.renamed if old in new["versions"])
    for doc_id, versions in sorted(previous.versions.items()):
        now_id = renamed.get(doc_id, doc_id)
        now = new["versions"].get(now_id, {})
        excused = withdrawn.get(now_id, {}) | withdrawn.get(doc_id, {})
        for version, entry in sorted(versions.items()):
            if version in excused:
                continue
            current = now.get(version)
            if current is None:
                result.dropped.append(f"{doc_id} {version}")
            elif current["sha256"] != entry["sha256"]:
                result.changed.append(f"{doc_id} {version}")
    return result


def same_site(previous: Previous, site_url: str | None) -> bool:
    """A manifest from another site is no evidence about this one."""
    if previous.site_url is None or site_url is None:
        return True
    return previous.site_url.rstrip("/") == site_url.rstrip("/")


def explain(comparison: Comparison, previous: Previous) -> str:
    """Why the build is refused, naming what it would break."""
    parts = []
    if comparison.reused:
        parts.append(
            "former ids would be used again for a document ("
            + _listed(comparison.reused)
            + "); their addresses redirect to the renamed document forever, so give the new "
            "document another id"
        )
    if comparison.changed:
        parts.append(
            "the text of published versions would change under the same version number ("
            + _listed(comparison.changed)
            + "); an adopted version is frozen: restore its text and put the change in a new "
            "version, or record a decision to withdraw it under 'withdrawn:'"
        )
    if comparison.dropped:
        parts.append(
            "published versions would disappear (" + _listed(comparison.dropped) + "); if git "
            "history was rewritten by mistake, restore it; if a version was withdrawn by "
            "decision, record it under 'withdrawn:' in the document"
        )
    if comparison.lost:
        parts.append(
            "this build would stop serving addresses the site served before ("
            + _listed(comparison.lost)
            + ")"
        )
    return (
        "; ".join(parts)
        + f". Compared with the manifest at {previous.where}; published links must keep "
        "working and published text must never change, so the site was not changed."
    )


def _listed(items: list[str]) -> str:
    shown = ", ".join(items[:5])
    return shown + (f" and {len(items) - 5} more" if len(items) > 5 else "")
