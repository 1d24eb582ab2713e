"""The page cache keeps pages in packs: read back whole, pruned to one site, damage refused.

`generator/engine/page_cache.py` appends each process's pages to a pack of its own
and writes its index when done. These tests use real packs on disk, written by
this process and by a forked one, as builds do.
"""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from generator.engine.page_cache import INDEX, PACK, PageCache
from generator.support.sealed import seal

SITE_KEY = "f" * 64


def _page(key: str) -> bytes:
    return f"<html><body>{key} {'x' * 500}</body></html>".encode()


def _packs(cache: Path) -> list[Path]:
    return sorted((cache / SITE_KEY[:16]).glob(f"*{PACK}"))


def _build(cache: Path, keys: list[str], forked: list[str] = ()) -> PageCache:  # type: ignore[assignment]
    """One build's use of the cache: look every page up, store what is missing, prune."""
    pages = PageCache(cache, SITE_KEY)
    missing = [k for k in keys if pages.load(k) is None]
    here = [k for k in missing if k not in forked]
    for key in here:
        pages.store(key, _page(key), [{"location": key}] if key.endswith("1") else None)
    if forked:
        process = multiprocessing.get_context("fork").Process(
            target=_store_in_worker, args=(pages, [k for k in missing if k in forked])
        )
        process.start()
        process.join()
        assert process.exitcode == 0
    pages.prune()
    return pages


def _store_in_worker(pages: PageCache, keys: list[str]) -> None:
    for key in keys:
        pages.store(key, _page(key))
    pages.flush()


def test_pages_stored_by_two_processes_are_read_back_whole(tmp_path: Path) -> None:
    keys = [f"page{i}" for i in range(40)]
    first = _build(tmp_path, keys, forked=keys[::2])
    assert first.damaged == []
    assert len(_packs(tmp_path)) == 2  # one pack each, not a file a page
    again = PageCache(tmp_path, SITE_KEY)
    for key in keys:
        page = again.load(key)
        assert page is not None and page.output == _page(key)
    assert again.load("page11").search_entries == [{"location": "page11"}]  # type: ignore[union-attr]
    assert again.load("page2").search_entries is None  # type: ignore[union-attr]
    assert again.load("never-stored") is None
    assert again.damaged == []


def test_pruning_keeps_the_cache_about_the_size_of_one_site(tmp_path: Path) -> None:
    keys = [f"page{i}" for i in range(20)]
    _build(tmp_path, keys)
    for round_ in range(6):  # each build changes most pages: the old ones must not pile up
        keys = keys[:3] + [f"round{round_}-{i}" for i in range(17)]
        _build(tmp_path, keys)
        stored = sum(p.stat().st_size for p in _packs(tmp_path))
        live = sum(len(_page(k)) for k in keys)
        assert stored <= 2.2 * live, (round_, stored, live)
    last = PageCache(tmp_path, SITE_KEY)
    assert all(last.load(k) is not None for k in keys)
    assert last.load("page10") is None  # no longer used: pruned


def test_a_pack_left_without_an_index_is_removed_quietly(tmp_path: Path) -> None:
    keys = [f"page{i}" for i in range(5)]
    _build(tmp_path, keys)
    folder = tmp_path / SITE_KEY[:16]
    stopped = folder / f"12345-abcdef{PACK}"  # a worker that stopped before its index
    stopped.write_bytes(b"half a page")
    pages = PageCache(tmp_path, SITE_KEY)
    assert not stopped.exists()
    assert pages.damaged == []
    assert all(pages.load(k) is not None for k in keys)


def test_a_pack_that_grew_or_an_index_that_lies_is_refused(tmp_path: Path) -> None:
    keys = [f"page{i}" for i in range(5)]
    _build(tmp_path, keys)
    (pack,) = _packs(tmp_path)
    pack.write_bytes(pack.read_bytes() + b"<script>alert(1)</script>")
    grown = PageCache(tmp_path, SITE_KEY)
    assert grown.load("page0") is None and "size" in grown.warning()  # type: ignore[operator]
    grown.prune()
    assert _packs(tmp_path) == []  # discarded: the next build renders and stores again
    _build(tmp_path, keys)
    (pack,) = _packs(tmp_path)
    index = pack.with_suffix(INDEX)
    swapped = index.read_bytes().replace(b'"page0"', b'"pageX"').replace(b'"page1"', b'"page0"')
    index.write_bytes(swapped)
    lying = PageCache(tmp_path, SITE_KEY)
    assert lying.load("page0") is None and "SHA-256" in lying.warning()  # type: ignore[operator]


def test_a_sealed_page_without_its_head_line_is_refused(tmp_path: Path) -> None:
    pages = PageCache(tmp_path, SITE_KEY)
    pages.store("page0", _page("page0"))
    assert pages.writer is not None
    pages.writer.append("cut", seal(b"cut\n[] and the page, with no line between"))
    pages.prune()
    again = PageCache(tmp_path, SITE_KEY)
    assert again.load("cut") is None
    assert "search entries are missing" in again.warning()  # type: ignore[operator]
