"""A document's staged files are kept as their bytes, sized, and given back byte for byte.

`generator/site/staged_cache.py` keeps each document as one sealed entry: its key,
its manifest, its files' names and sizes, then the files' bytes. Real entries on disk.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from generator.site.staged_cache import Manifest, StagedCache
from generator.support.fsutil import Folders

TEXTS = {
    "doc/index.md": '---\n{"title": "Cyfansoddiad"}\n---\n\n<p>Ŵyn a ŷd \u2028 “quotes” \\ </p>\n',
    "doc/1.0.json": '{"title": "Cyfansoddiad", "text": "line\\nbreak"}\n',
    "doc/feed.xml": "",
}


def _manifest() -> Manifest:
    keys = {"doc/index.md": ("k" * 64, True)}
    return Manifest(sorted(TEXTS), [("Constitutions", "Cyfansoddiad", "doc/index.md")], 1, keys)


def test_a_document_comes_back_byte_for_byte(tmp_path: Path) -> None:
    cache = StagedCache(tmp_path / "staged", Folders())
    manifest = _manifest()
    manifest.hashes = {"1.0": "a" * 64}
    assert cache.store("doc", "key" * 10, TEXTS, manifest) == ""
    docs = tmp_path / "docs"
    restored = cache.restore("doc", "key" * 10, docs)
    assert restored is not None and cache.damaged == []
    assert restored.files == manifest.files and restored.hashes == {"1.0": "a" * 64}
    assert restored.keys == manifest.keys and restored.nav == manifest.nav
    for path, text in TEXTS.items():
        assert (docs / path).read_bytes() == text.encode("utf-8")
    assert cache.restore("doc", "other" * 6, tmp_path / "elsewhere") is None  # another key


def test_an_entry_whose_sizes_do_not_add_up_is_discarded(tmp_path: Path) -> None:
    cache = StagedCache(tmp_path / "staged", Folders())
    cache.store("doc", "key" * 10, TEXTS, _manifest())
    entry = tmp_path / "staged" / "doc.entry"  # one file per document, no folder
    data = entry.read_bytes().partition(b"\n")[2] + b"one byte more"
    entry.write_bytes(hashlib.sha256(data).hexdigest().encode() + b"\n" + data)  # sealed anew
    assert cache.restore("doc", "key" * 10, tmp_path / "docs") is None
    assert "sizes" in cache.damaged[0]
    assert not entry.exists()
    assert not (tmp_path / "docs").exists()  # nothing written from a damaged entry


def test_a_sealed_entry_cut_short_inside_its_lines_is_discarded(tmp_path: Path) -> None:
    cache = StagedCache(tmp_path / "staged", Folders())
    cache.store("doc", "key" * 10, TEXTS, _manifest())
    entry = tmp_path / "staged" / "doc.entry"
    whole = entry.read_bytes().partition(b"\n")[2]
    for data in (whole.partition(b"\n")[0], whole[: whole.index(b"\n", len("key" * 10) + 1)]):
        entry.write_bytes(hashlib.sha256(data).hexdigest().encode() + b"\n" + data)
        cache.damaged.clear()
        assert cache.restore("doc", "key" * 10, tmp_path / "docs") is None
        assert "a line is missing" in cache.damaged[0]
        assert not entry.exists() and not (tmp_path / "docs").exists()


def test_a_document_stored_again_replaces_its_entry_and_an_old_key_is_not_restored(
    tmp_path: Path,
) -> None:
    cache = StagedCache(tmp_path / "staged", Folders())
    cache.store("doc", "old" * 10, TEXTS, _manifest())
    assert cache.restore("doc", "new" * 10, tmp_path / "docs") is None  # stale, not damaged
    assert cache.damaged == [] and not (tmp_path / "docs").exists()
    changed = {**TEXTS, "doc/feed.xml": "<feed/>"}
    assert cache.store("doc", "new" * 10, changed, _manifest()) == ""
    assert [p.name for p in (tmp_path / "staged").iterdir()] == ["doc.entry"]  # the newest only
    assert cache.restore("doc", "new" * 10, tmp_path / "docs") is not None
    assert (tmp_path / "docs" / "doc" / "feed.xml").read_text() == "<feed/>"
    assert cache.restore("doc", "old" * 10, tmp_path / "elsewhere") is None


def test_a_folder_in_place_of_an_entry_is_replaced_when_the_document_is_stored(
    tmp_path: Path,
) -> None:
    cache = StagedCache(tmp_path / "staged", Folders())
    (tmp_path / "staged" / "doc.entry" / "inside").mkdir(parents=True)
    assert cache.restore("doc", "key" * 10, tmp_path / "docs") is None
    assert cache.damaged and not (tmp_path / "staged" / "doc.entry").exists()
    assert cache.store("doc", "key" * 10, TEXTS, _manifest()) == ""
    assert cache.restore("doc", "key" * 10, tmp_path / "docs") is not None


def test_an_older_layout_of_the_cache_is_not_taken_for_damage_and_is_pruned(
    tmp_path: Path,
) -> None:
    """Earlier versions kept a folder per document: after an upgrade it is simply unused."""
    cache = StagedCache(tmp_path / "staged", Folders())
    older = tmp_path / "staged" / "doc" / ("0" * 24)
    older.parent.mkdir(parents=True)
    older.write_bytes(b"an entry of the older layout")
    assert cache.restore("doc", "key" * 10, tmp_path / "docs") is None
    assert cache.damaged == []
    cache.store("doc", "key" * 10, TEXTS, _manifest())
    cache.prune({"doc"})
    assert [p.name for p in (tmp_path / "staged").iterdir()] == ["doc.entry"]
