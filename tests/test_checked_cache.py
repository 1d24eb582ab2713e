"""A rebuild does not check again what an earlier build already checked (issue 16, item 2).

The load stage keeps the checked data of every file it read without a problem,
under the git blob id of the file's bytes, in a file signed with the user's key;
the history stage takes a committed copy with the same bytes from there. Counted
by the schema checks that run (the real check, called through), never by time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from gitrepo import riverside
from test_site import tree_digest

from generator.build import build_site
from generator.load import schema
from generator.load.cached import CHECKED_FILE
from generator.load.files import load_paths
from generator.support.cache import cache_folder


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files whose data the schema checks, in order: the real check, counted."""
    seen: list[str] = []
    real = schema.check

    def counted(data: Any, file: str) -> Any:
        seen.append(file)
        return real(data, file)

    monkeypatch.setattr(schema, "check", counted)
    return seen


def _build(root: Path, site: Path) -> Any:
    return build_site(root, root / "constitutions", site, jobs=1, pdfs=False, no_previous=True)


def test_a_second_build_of_an_unchanged_repository_checks_no_file_again(
    tmp_path: Path, own_cache: Path, checks: list[str]
) -> None:
    repo = riverside(tmp_path / "repo")
    site = tmp_path / "site"
    _build(repo.root, site)
    files = sorted(p.name for p in repo.docs.glob("*.yaml"))
    first = len(checks)
    # Each working-tree file once; each committed copy with other bytes once; the
    # committed copy of an unchanged file is the working tree's, checked already.
    assert sorted({Path(f).name for f in checks}) == files
    assert first < len(files) + 5  # 5 commits: without sharing, every one checked too
    built = tree_digest(site)
    checks.clear()
    report = _build(repo.root, site)
    assert checks == []
    assert tree_digest(site) == built
    assert not report.warnings or all("cache" not in w.message for w in report.warnings)
    again = load_paths([repo.docs], 1, cache_folder(repo.root))
    assert again.reused == len(files)
    assert again.texts  # the texts are still there, to place any later problem


def test_a_changed_file_alone_is_checked_again(
    tmp_path: Path, own_cache: Path, checks: list[str]
) -> None:
    repo = riverside(tmp_path / "repo")
    _build(repo.root, tmp_path / "site")
    proposal = repo.docs / "riverside-constitution.yaml"
    proposal.write_text(
        proposal.read_text().replace("published every year", "published every month")
    )
    checks.clear()
    _build(repo.root, tmp_path / "site")
    assert [Path(f).name for f in checks] == ["riverside-constitution.yaml"]
    page = (tmp_path / "site" / "riverside-constitution" / "proposed" / "index.html").read_text()
    assert "every month" in page


def test_a_tampered_cache_is_discarded_with_a_warning_and_everything_checked(
    tmp_path: Path, own_cache: Path, checks: list[str]
) -> None:
    repo = riverside(tmp_path / "repo")
    _build(repo.root, tmp_path / "site")
    kept = cache_folder(repo.root) / CHECKED_FILE
    data = bytearray(kept.read_bytes())
    data[-5] ^= 0x01  # one bit of the pickled data, under an unchanged signature
    kept.write_bytes(bytes(data))
    checks.clear()
    report = _build(repo.root, tmp_path / "site")
    warnings = [w.message for w in report.warnings if "already checked" in w.message]
    assert len(warnings) == 1 and "signature does not match" in warnings[0]
    files = sorted(p.name for p in repo.docs.glob("*.yaml"))
    assert sorted(Path(f).name for f in checks) == files
    checks.clear()
    _build(repo.root, tmp_path / "site")  # written again, signed: trusted again
    assert checks == []


def test_a_file_with_a_problem_is_never_kept(tmp_path: Path, own_cache: Path) -> None:
    repo = riverside(tmp_path / "repo")
    broken = repo.docs / "riverside-youth-charter.yaml"
    broken.write_text(broken.read_text().replace('"version"', '"versoin"', 1))
    reused = []
    for _ in range(2):
        loaded = load_paths([repo.docs], 1, cache_folder(repo.root))
        reused.append(loaded.reused)
        assert any(
            p.is_error and p.file.endswith("riverside-youth-charter.yaml") for p in loaded.problems
        )
    assert reused == [0, 1]  # the constitution, read without a problem, the second time
