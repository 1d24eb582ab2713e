"""Symbolic links a pull request can commit (issue 11, category 2): refused, never followed.

Each case is a real repository with a real link, built by the real command. The
link points at a "secret" outside the repository; the build must fail naming
the link, the secret must reach no page, and nothing outside may be changed.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import build
from gitrepo import DocRepo, constitution

SECRET = "PRIVATE-KEY-0123456789"


@pytest.fixture
def repo(tmp_path: Path) -> DocRepo:
    repo = DocRepo(tmp_path / "repo")
    repo.save(constitution(), "Adopt", "2024-01-20")
    return repo


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder outside the repository, like ~/.ssh, with a secret in it."""
    folder = tmp_path / "home" / ".ssh"
    folder.mkdir(parents=True)
    (folder / "id_ed25519").write_text(SECRET + "\n")
    return folder


def _link(path: Path, target: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, path)


def _files(folder: Path) -> dict[str, bytes]:
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def _assert_secret_unpublished(site: Path) -> None:
    for path in site.rglob("*") if site.exists() else []:
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path


# Where the link is (relative to the repository), and whether it links the folder or the file.
LINKED = {
    "templates folder": ("templates", "folder"),
    "assets folder": ("templates/assets", "folder"),
    "file in assets": ("templates/assets/ssh", "folder"),
    "asset file": ("templates/assets/key.css", "file"),
    "partial": ("templates/partials/banner.html", "file"),
    "new partial": ("templates/partials/x.html", "file"),
    "page template": ("templates/pages/index.html", "file"),
    "override": ("templates/overrides/partials/copyright.html", "file"),
    "overrides folder": ("templates/overrides", "folder"),
    "nested in overrides": ("templates/overrides/partials", "folder"),
}


@pytest.mark.parametrize("name", sorted(LINKED))
def test_a_link_in_templates_is_refused_by_name(
    name: str, repo: DocRepo, outside: Path, tmp_path: Path
) -> None:
    where, kind = LINKED[name]
    _link(repo.root / where, outside if kind == "folder" else outside / "id_ed25519")
    site = tmp_path / "site"
    result = build(repo.root, site)
    assert result.exit_code == 1, result.output
    assert f"{where} is a symbolic link" in result.output.replace(str(repo.root) + "/", "")
    assert "the site was not changed" in result.output
    assert "Traceback" not in result.output
    assert not site.exists()
    assert (outside / "id_ed25519").read_text() == SECRET + "\n"


def test_a_link_in_the_documents_folder_is_refused(
    repo: DocRepo, outside: Path, tmp_path: Path
) -> None:
    (outside / "stolen.yaml").write_text("kind: constitution\n")
    _link(repo.docs / "more", outside)
    result = build(repo.root, tmp_path / "site")
    assert result.exit_code == 1
    assert "constitutions/more:1:1: error: this is a symbolic link" in result.output


def test_mkdocs_yml_as_a_link_is_refused(repo: DocRepo, outside: Path, tmp_path: Path) -> None:
    _link(repo.root / "mkdocs.yml", outside / "id_ed25519")
    result = build(repo.root, tmp_path / "site")
    assert result.exit_code == 1
    assert "mkdocs.yml:1:1: error: mkdocs.yml is a symbolic link" in result.output
    assert SECRET not in result.output


@pytest.mark.parametrize("asset", ["logo", "favicon"])
def test_a_logo_or_favicon_that_is_a_link_is_refused(
    asset: str, repo: DocRepo, outside: Path, tmp_path: Path
) -> None:
    (outside / "logo.png").write_bytes(b"\x89PNG" + SECRET.encode())
    _link(repo.root / "images" / "logo.png", outside / "logo.png")
    (repo.root / "mkdocs.yml").write_text(f"site_name: R\ntheme:\n  {asset}: images/logo.png\n")
    site = tmp_path / "site"
    result = build(repo.root, site)
    assert result.exit_code == 1, result.output
    assert f"mkdocs.yml:3:{len(asset) + 5}: error: the {asset} is a symbolic link" in result.output
    _assert_secret_unpublished(site)


def test_a_logo_in_a_linked_folder_is_refused(repo: DocRepo, outside: Path, tmp_path: Path) -> None:
    (outside / "logo.png").write_bytes(b"\x89PNG" + SECRET.encode())
    _link(repo.root / "images", outside)
    (repo.root / "mkdocs.yml").write_text("site_name: R\ntheme:\n  logo: images/logo.png\n")
    result = build(repo.root, tmp_path / "site")
    assert result.exit_code == 1
    assert "the logo is a symbolic link" in result.output


# --- output folders: never delete or write through a link ------------------------------------


@pytest.mark.parametrize("name", ["site", ".site.spare", ".site.old", ".site.build-x"])
def test_an_output_folder_that_is_a_link_is_refused_before_anything_is_deleted(
    name: str, repo: DocRepo, tmp_path: Path
) -> None:
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "keep.txt").write_text("mine\n")
    (victim / "sub").mkdir()
    (victim / "sub" / "deep.txt").write_text("mine too\n")
    before = _files(victim)
    site = repo.root / "site"
    os.symlink(victim, repo.root / name)
    result = build(repo.root, site)
    assert result.exit_code == 1, result.output
    assert f"{repo.root / name} is a symbolic link" in result.output
    assert "Nothing was changed" in result.output
    assert _files(victim) == before
    assert sorted(p.name for p in victim.iterdir()) == ["keep.txt", "sub"]


def test_with_cache_off_a_linked_site_is_still_refused(repo: DocRepo, tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "keep.txt").write_text("mine\n")
    os.symlink(victim, repo.root / "site")
    result = build(repo.root, repo.root / "site", "--no-cache")
    assert result.exit_code == 1
    assert _files(victim) == {"keep.txt": b"mine\n"}


# --- the scaffold's .gitignore ----------------------------------------------------------------


@pytest.mark.parametrize("name", ["site", ".site.spare", ".site.old", ".site.build-abc"])
@pytest.mark.parametrize("kind", ["folder", "file", "link"])
def test_the_scaffold_gitignore_ignores_outputs_of_every_kind(
    name: str, kind: str, tmp_path: Path
) -> None:
    from gitrepo import git

    from generator.scaffold.create import scaffold

    root = tmp_path / "community"
    scaffold(root, "Riverside")
    git(root, "init", "-q")
    path = root / name
    if kind == "folder":
        path.mkdir()
        (path / "index.html").write_text("x")
    elif kind == "file":
        path.write_text("x")
    else:
        os.symlink(tmp_path, path)
    status = git(root, "status", "--porcelain", "--untracked-files=all", "--ignored")
    ignored = {line[3:].rstrip("/") for line in status.splitlines() if line.startswith("!!")}
    assert any(item == name or item.startswith(name + "/") for item in ignored), status
