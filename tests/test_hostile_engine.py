"""The engine's part of issue 11: theme overrides cannot run code (category 1), and the
user's build cache cannot change the published site (category 5).

Each case is a real repository built by the real command, with a real MkDocs
build. An override that reaches for Python's internals must stop the build with a
message naming the file, and nothing it asked for may run. A damaged cache must be
noticed, discarded with a warning and never published: after it, the site equals a
clean build's.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest
from conftest import build
from gitrepo import DocRepo, constitution

# --- category 1: templates/overrides ---------------------------------------------------------

OVERRIDE = "templates/overrides/partials/copyright.html"

# Each payload, if it ran, would create the marker file named by {marker}.
PAYLOADS = {
    "lipsum globals": "{{{{ lipsum.__globals__['os'].popen('touch {marker}; id').read() }}}}",
    "cycler init globals": (
        "{{{{ cycler.__init__.__globals__.os.popen('touch {marker}; id').read() }}}}"
    ),
    "template reference context": (
        "{{{{ self._TemplateReference__context.cycler.__init__.__globals__.os"
        ".popen('touch {marker}; id').read() }}}}"
    ),
    "config class": (
        "{{{{ config.__class__.__init__.__globals__['os'].popen('touch {marker}; id').read() }}}}"
    ),
    "range mro subclasses": (
        "{{% for c in range.__class__.__mro__[1].__subclasses__() %}}"
        "{{% if c.__name__ == 'Popen' %}}{{{{ c(['touch', '{marker}']) }}}}{{% endif %}}"
        "{{% endfor %}}"
    ),
    "subclasses by attr filter": (
        "{{% set s = ''|attr('__class__')|attr('__mro__') %}}"
        "{{% for c in s[1]|attr('__subclasses__')() %}}"
        "{{% if c.__name__ == 'Popen' %}}{{{{ c(['touch', '{marker}']) }}}}{{% endif %}}"
        "{{% endfor %}}"
    ),
    "format string": "{{{{ '{{0.__globals__}}'.format(lipsum) }}}}{{{{ '{marker}' }}}}",
}


@pytest.fixture
def repo(tmp_path: Path) -> DocRepo:
    repo = DocRepo(tmp_path / "repo")
    repo.save(constitution(), "Adopt", "2024-01-20")
    return repo


def _uid_line() -> str:
    return f"uid={os.getuid()}("


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_an_override_cannot_run_code(name: str, repo: DocRepo, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    override = repo.root / OVERRIDE
    override.parent.mkdir(parents=True, exist_ok=True)
    override.write_text(PAYLOADS[name].format(marker=marker) + "\n")
    site = tmp_path / "site"
    result = build(repo.root, site)
    assert not marker.exists(), "the template ran code"
    assert _uid_line() not in result.output
    if result.exit_code == 0:  # rendered inert
        for page in site.rglob("*.html"):
            text = page.read_text()
            assert _uid_line() not in text and "<function" not in text, page
    else:
        assert result.exit_code == 1, result.output
        assert "templates/overrides/partials/copyright.html" in result.output
        assert "sandbox" in result.output
        assert "Traceback" not in result.output
        assert not site.exists()


@pytest.mark.parametrize("name", ["lipsum globals", "subclasses by attr filter"])
def test_an_override_kept_compiled_still_cannot_run_code(
    name: str, repo: DocRepo, tmp_path: Path, own_cache: Path
) -> None:
    # The second build runs the override's code as the first kept it compiled: the
    # sandbox's checks are in that code, so it is refused the same way.
    marker = tmp_path / "ran"
    override = repo.root / OVERRIDE
    override.parent.mkdir(parents=True, exist_ok=True)
    override.write_text(PAYLOADS[name].format(marker=marker) + "\n")
    first = build(repo.root, tmp_path / "first")
    kept = {p: p.stat().st_mtime_ns for p in own_cache.glob("*/templates/*/*")}
    assert kept, "no compiled template was kept"
    again = build(repo.root, tmp_path / "again")
    assert {p: p.stat().st_mtime_ns for p in own_cache.glob("*/templates/*/*")} == kept
    assert not marker.exists(), "the template ran code"
    assert again.exit_code == first.exit_code, again.output
    assert _uid_line() not in again.output
    if again.exit_code:
        assert "templates/overrides/partials/copyright.html" in again.output
        assert "sandbox" in again.output


def test_an_ordinary_override_still_renders(repo: DocRepo, tmp_path: Path) -> None:
    override = repo.root / OVERRIDE
    override.parent.mkdir(parents=True, exist_ok=True)
    override.write_text(
        "<p>Kept by {{ config.site_name | e }} {{ lipsum(1, html=False) | length > 0 }}</p>\n"
    )
    site = tmp_path / "site"
    result = build(repo.root, site)
    assert result.exit_code == 0, result.output
    assert "Kept by " in (site / "index.html").read_text()


# --- category 5: the build cache ---------------------------------------------------------------


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's own cache folder (the real command finds it by the environment)."""
    root = tmp_path / "cache"
    monkeypatch.setenv("CHARTERS_CACHE_DIR", str(root))
    return root


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _clean(repo: DocRepo, tmp_path: Path) -> dict[str, bytes]:
    site = tmp_path / "clean"
    result = build(repo.root, site, "--no-cache")
    assert result.exit_code == 0, result.output
    return _files(site)


def _entries(cache: Path, kind: str) -> list[Path]:
    """The cache's files of one kind: finished pages, or staged documents' files and manifests."""
    found = sorted(p for p in cache.rglob("*") if p.is_file() and f"/{kind}/" in str(p))
    assert found, f"no {kind} entries in {cache}"
    return found


def _inodes(folder: Path) -> set[tuple[int, int]]:
    return {(p.stat().st_dev, p.stat().st_ino) for p in folder.rglob("*") if p.is_file()}


def _append(path: Path) -> None:
    path.write_bytes(path.read_bytes() + b"<script>alert('cache')</script>")


def _garbage(path: Path) -> None:
    path.write_bytes(b"\x00garbage\xff" * 20)


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: max(1, path.stat().st_size // 2)])


def _folder(path: Path) -> None:
    path.unlink()
    (path / "inside").mkdir(parents=True)
    (path / "inside" / "x").write_text("x")


def _not_json(path: Path) -> None:
    """Sealed correctly, yet not what the entry holds: only a bug could write this."""
    import hashlib

    data = b"{not json\n" + b"[1, 2"
    path.write_bytes(hashlib.sha256(data).hexdigest().encode() + b"\n" + data)


DAMAGE = {
    "edited": _append,
    "garbage": _garbage,
    "truncated": _truncate,
    "folder in place": _folder,
    "sealed but not json": _not_json,
}


def test_the_site_shares_no_bytes_with_the_cache(
    repo: DocRepo, cache: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    for _ in range(2):  # the second build reuses every page
        result = build(repo.root, site)
        assert result.exit_code == 0, result.output
    assert "reused" in result.output
    assert not _inodes(site) & _inodes(cache)
    import material

    assert not _inodes(site) & _inodes(Path(material.__file__).parent)
    page = _entries(cache, "pages")[0]
    before = _files(site)
    _append(page)
    assert _files(site) == before  # editing the cache does not change the live site


@pytest.mark.parametrize("kind", ["pages", "staged"])
@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_cache_is_discarded_with_a_warning(
    kind: str, damage: str, repo: DocRepo, cache: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    assert build(repo.root, site).exit_code == 0
    for entry in _entries(cache, kind):
        DAMAGE[damage](entry)
    result = build(repo.root, site)
    assert result.exit_code == 0, result.output
    assert "Cache warning" in result.output and "damaged" in result.output
    assert "Traceback" not in result.output
    assert _files(site) == _clean(repo, tmp_path)
    again = build(repo.root, site)  # the damage is gone: no warning, still the right site
    assert again.exit_code == 0 and "Cache warning" not in again.output, again.output
    assert _files(site) == _clean(repo, tmp_path)


@pytest.mark.parametrize("kind", ["pages", "staged"])
def test_a_cache_folder_that_is_a_file_is_discarded(
    kind: str, repo: DocRepo, cache: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    assert build(repo.root, site).exit_code == 0
    folder = next(p for p in cache.rglob(kind) if p.is_dir())
    # The page cache's folder per site key; the staged cache has one file per
    # document, so its own folder is made a file.
    for child in [p for p in sorted(folder.iterdir()) if p.is_dir()] or [folder]:
        _folder_to_file(child)
    result = build(repo.root, site)
    assert result.exit_code == 0, result.output
    assert _files(site) == _clean(repo, tmp_path)


def _folder_to_file(path: Path) -> None:
    import shutil

    shutil.rmtree(path)
    path.write_text("not a folder")


class _Planted:
    """Unpickling this runs a command: what a planted cache file would do."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


def test_a_planted_pickle_is_never_loaded(repo: DocRepo, cache: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert build(repo.root, site).exit_code == 0
    marker = tmp_path / "ran"
    (planted,) = cache.rglob("documents.pickle")
    planted.write_bytes(pickle.dumps(_Planted(marker)))
    result = build(repo.root, site)
    assert result.exit_code == 0, result.output
    assert not marker.exists(), "the planted pickle was loaded"
    assert "cache of documents read from git was damaged" in result.output
    assert _files(site) == _clean(repo, tmp_path)
    assert not marker.exists()


def test_a_hand_edit_of_the_site_does_not_survive_a_rebuild(
    repo: DocRepo, cache: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    assert build(repo.root, site).exit_code == 0
    assert build(repo.root, site).exit_code == 0  # pages and assets now from the cache
    edited = [site / "index.html", next(site.rglob("*.css")), next(site.rglob("*.js"))]
    data = [p for p in site.rglob("*") if p.is_file() and p.suffix in (".json", ".yml")]
    # Not the manifest: a damaged record of what was published is refused on its own.
    edited += [p for p in data if p.name != "manifest.json"][:2]
    for path in edited:
        _append(path)
    result = build(repo.root, site)
    assert result.exit_code == 0, result.output
    assert _files(site) == _clean(repo, tmp_path)


def test_a_damaged_signing_key_only_costs_the_documents_cache(
    repo: DocRepo, cache: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    assert build(repo.root, site).exit_code == 0
    (cache / "signing.key").write_bytes(b"short")
    result = build(repo.root, site)
    assert result.exit_code == 0, result.output
    assert "cache of documents read from git was damaged" in result.output
    assert len((cache / "signing.key").read_bytes()) == 32
    assert _files(site) == _clean(repo, tmp_path)
    again = build(repo.root, site)
    assert again.exit_code == 0, again.output
    assert "cache of documents read from git was damaged" not in again.output


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file, whatever its permissions")
def test_an_unreadable_entry_is_discarded(repo: DocRepo, cache: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert build(repo.root, site).exit_code == 0
    for entry in _entries(cache, "pages"):
        entry.chmod(0)
    result = build(repo.root, site)
    assert result.exit_code == 0, result.output
    assert "Cache warning" in result.output
    assert _files(site) == _clean(repo, tmp_path)
