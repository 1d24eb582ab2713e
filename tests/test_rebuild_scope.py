"""A rebuild after one amendment renders only what changed and leaves every other file as it was.

Real git repositories, real builds: after one document is amended, only its
pages and the home page that lists it are rendered again, and every file of the
published site whose bytes did not change is still the same file (same inode,
same modification time), so a reader, a mirror or a deployment sees nothing
change there.
"""

from __future__ import annotations

import os
from pathlib import Path

from gitrepo import DocRepo, amended, constitution, find_clause

from generator.build import BuildReport, build_site

OTHER = "hillside-constitution"


def _build(repo: DocRepo, site: Path) -> BuildReport:
    return build_site(repo.root, repo.root / "constitutions", site, jobs=1, no_previous=True)


def _files(site: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every file of the site: (inode, modification time in ns, bytes)."""
    out = {}
    for current, _folders, names in os.walk(site):
        for name in names:
            path = os.path.join(current, name)
            info = os.stat(path)
            with open(path, "rb") as stream:
                out[os.path.relpath(path, site)] = (info.st_ino, info.st_mtime_ns, stream.read())
    return out


def _is_page(path: str, content: bytes) -> bool:
    """A page the engine renders (not a data file, nor a redirect the record writes)."""
    return path.endswith(".html") and b'http-equiv="refresh"' not in content


def _two_documents(root: Path) -> DocRepo:
    repo = DocRepo(root)
    repo.save(constitution(), "Adopt the constitution", "2024-01-20")
    other = constitution(OTHER)
    other["title"] = "Constitution of the Hillside Tenants' Association"
    repo.save(other, "Adopt Hillside's constitution", "2024-02-01")
    return repo


def test_one_amendment_renders_its_pages_and_the_home_page_and_keeps_every_other_file(
    tmp_path: Path, own_cache: Path
) -> None:
    repo = _two_documents(tmp_path / "repo")
    site = tmp_path / "site"
    first = _build(repo, site)
    assert first.unchanged == 0  # nothing was published before
    before = _files(site)

    again = _build(repo, site)
    assert again.rendered == 0 and again.reused == again.pages
    assert _files(site) == before  # not one file written again
    assert again.unchanged == len(before)

    v11 = amended(constitution(), "1.1", "2024-06-20")
    find_clause(v11, "notice")["text"] = "Members get 30 days' notice."
    repo.save(v11, "Adopt 1.1", "2024-06-20")
    rebuilt = _build(repo, site)
    after = _files(site)

    # Rendered: the amended document's pages and the home page, which lists its version.
    amended_pages = [
        path
        for path, (_inode, _mtime, content) in after.items()
        if path.startswith("riverside-constitution/") and _is_page(path, content)
    ]
    assert rebuilt.rendered == len(amended_pages) + 1
    assert "30 days" in after["riverside-constitution/index.html"][2].decode()

    # Every file with the same bytes is the same file; every file rewritten has new bytes.
    for path, (inode, mtime, content) in after.items():
        if path in before and before[path][2] == content:
            assert (inode, mtime) == before[path][:2], f"{path} was written again unchanged"
        else:
            assert path not in before or before[path][0] != inode
    changed = {p for p in after if p not in before or before[p][2] != after[p][2]}
    assert {"index.html", "riverside-constitution/index.html"} <= changed
    assert "riverside-constitution/1.1/index.html" in changed  # new
    # The other document, the schemas and the theme's files were not touched.
    untouched = [p for p in after if p.startswith((f"{OTHER}/", "schema/", "assets/"))]
    assert untouched and not changed & set(untouched)
    assert rebuilt.unchanged == len(after) - len(changed)


def test_a_hand_edited_published_file_is_replaced_not_kept(tmp_path: Path, own_cache: Path) -> None:
    """Only files holding exactly what the build makes are kept: an edit is undone."""
    repo = _two_documents(tmp_path / "repo")
    site = tmp_path / "site"
    _build(repo, site)
    page = site / OTHER / "index.html"
    clean = page.read_bytes()
    page.write_bytes(clean.replace(b"Hillside", b"Hilltop"))
    edited = os.stat(page).st_ino
    _build(repo, site)
    assert page.read_bytes() == clean
    assert os.stat(page).st_ino != edited


def test_links_in_the_published_site_are_never_followed_or_kept(
    tmp_path: Path, own_cache: Path
) -> None:
    """A link planted in site/ (to a file or folder elsewhere, same bytes) is not linked to."""
    repo = _two_documents(tmp_path / "repo")
    site = tmp_path / "site"
    _build(repo, site)
    outside = tmp_path / "outside"
    outside.mkdir()
    page = site / OTHER / "index.html"
    (outside / "page.html").write_bytes(page.read_bytes())
    page.unlink()
    page.symlink_to(outside / "page.html")
    (outside / "schema").mkdir()
    for schema in (site / "schema").iterdir():
        (outside / "schema" / schema.name).write_bytes(schema.read_bytes())
    os.rename(site / "schema", tmp_path / "old-schema")
    (site / "schema").symlink_to(outside / "schema")
    report = _build(repo, site)
    assert not page.is_symlink() and page.read_bytes() == (outside / "page.html").read_bytes()
    assert not (site / "schema").is_symlink()
    for path in [outside / "page.html", *(outside / "schema").iterdir()]:
        assert os.stat(path).st_nlink == 1, f"{path} was linked into the site"
    assert report.unchanged > 0  # the other files were still kept
