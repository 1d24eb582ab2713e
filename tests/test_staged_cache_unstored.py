"""A document the staged-page cache cannot keep is warned of, whichever process rendered it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from generator.build import build_site
from generator.support.cache import cache_folder

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench import synth


def test_every_document_the_cache_could_not_keep_is_warned_of(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 5 documents x 20 versions: enough versions to be rendered on two processes.
    root = synth.community_repository(tmp_path / "repo", 5, 20, 4).root
    monkeypatch.setenv("CHARTERS_CACHE_DIR", str(tmp_path / "cache"))
    folder = cache_folder(root)
    folder.mkdir(parents=True)
    (folder / "staged").write_text("a file where the staged-page cache keeps its folder")
    report = build_site(
        root, root / "constitutions", root / "site", jobs=2, pdfs=False, no_previous=True
    )
    unstored = [w for w in report.cache_warnings if "could not keep" in w]
    assert len(unstored) == 1
    assert "could not be stored" in unstored[0]
    assert "and 4 more" in unstored[0]  # all five, the worker's as well as this process's
    assert (root / "site" / "index.html").is_file()  # the site is complete all the same
