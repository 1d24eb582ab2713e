"""`charters diff` on real git repositories: revisions, the working tree, files, and bad input."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run
from jsonschema import Draft202012Validator
from redline_helpers import FIXTURES, check_golden, commit_all, fixture_repo

from generator.load.schema import schema


@pytest.fixture(autouse=True)
def own_default_branch(monkeypatch: pytest.MonkeyPatch) -> None:
    """These repositories' default branch is their own main, whatever CI has set."""
    monkeypatch.delenv("CHARTERS_DEFAULT_BRANCH", raising=False)


@pytest.fixture
def repo_root(tmp_path: Path) -> Path:
    fixture_repo(tmp_path)
    return tmp_path


def diff_json(root: Path, *args: str) -> dict:
    result = run("diff", *args, "--format", "json", "--source", root / "constitutions")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    Draft202012Validator(schema("redline")).validate(data)
    return data


def test_golden_markdown_of_the_fixture_amendment(repo_root: Path):
    result = run(
        "diff", "v1.0", "v1.1", "--format", "markdown", "--source", repo_root / "constitutions"
    )
    assert result.exit_code == 0, result.output
    check_golden("larkfield-1.0-to-1.1.md", result.output)


def test_golden_json_of_the_fixture_amendment(repo_root: Path):
    result = run(
        "diff", "v1.0", "v1.1", "--format", "json", "--source", repo_root / "constitutions"
    )
    assert result.exit_code == 0, result.output
    Draft202012Validator(schema("redline")).validate(json.loads(result.output))
    check_golden("larkfield-1.0-to-1.1.json", result.output)


def test_default_base_is_where_the_branch_left_main_and_head_the_working_tree(repo_root: Path):
    notice = repo_root / "constitutions" / "larkfield-tenants-constitution.yaml"
    notice.write_text(notice.read_text().replace("21 clear days'", "28 clear days'"))
    data = diff_json(repo_root)
    assert data["head"] == "the working tree"
    assert data["base"].endswith("(where this branch left the default branch)")
    changed = {d["id"]: d for d in data["documents"]}["larkfield-tenants-constitution"]
    notice_change = next(p for p in changed["provisions"] if p["id"] == "notice")
    assert any("28 clear" in w["text"] for w in notice_change["words"] if w["kind"] == "insert")


def test_on_main_with_a_clean_tree_nothing_changed(repo_root: Path):
    import git

    git.Repo(repo_root).git.checkout("-q", "main")
    data = diff_json(repo_root)
    assert {d["change"] for d in data["documents"]} == {"unchanged"}
    result = run("diff", "--source", repo_root / "constitutions")
    assert result.exit_code == 0
    assert (
        "Unchanged: Larkfield Small Repairs Charter, Constitution of the Larkfield" in result.output
    )


def test_a_document_on_one_side_only_is_added_or_removed_in_full(repo_root: Path):
    import git

    repo = git.Repo(repo_root)
    (repo_root / "constitutions" / "larkfield-repairs-charter.yaml").unlink()
    shutil.copy(
        repo_root / "constitutions" / "larkfield-tenants-constitution.yaml",
        repo_root / "constitutions" / "other.yaml",
    )
    other = repo_root / "constitutions" / "other.yaml"
    other.write_text(other.read_text().replace("id: larkfield-tenants-constitution", "id: other"))
    commit_all(repo, "Repeal the charter, add another constitution")
    data = diff_json(repo_root, "v1.1", "HEAD")
    by_id = {d["id"]: d for d in data["documents"]}
    assert by_id["larkfield-repairs-charter"]["change"] == "removed"
    assert {p["kind"] for p in by_id["larkfield-repairs-charter"]["provisions"]} == {"removed"}
    assert by_id["other"]["change"] == "added"
    assert by_id["other"]["new"]["version"] == "1.1"


def test_doc_limits_the_comparison_to_one_document(repo_root: Path):
    data = diff_json(repo_root, "v1.0", "v1.1", "--doc", "larkfield-repairs-charter")
    assert [d["id"] for d in data["documents"]] == ["larkfield-repairs-charter"]
    result = run("diff", "v1.0", "v1.1", "--doc", "nope", "--source", repo_root / "constitutions")
    assert result.exit_code == 1
    assert "--doc nope: there is no document with that id" in result.output


def test_a_revision_that_does_not_exist_is_a_clear_error(repo_root: Path):
    result = run("diff", "v9.9", "--source", repo_root / "constitutions")
    assert result.exit_code == 1
    assert "there is no revision 'v9.9' in this repository" in result.output


def test_two_files_of_the_same_document(tmp_path: Path):
    old = FIXTURES / "v1.0" / "larkfield-tenants-constitution.yaml"
    new = FIXTURES / "v1.1" / "larkfield-tenants-constitution.yaml"
    result = run("diff", old, new, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["base"], data["head"]) == (str(old), str(new))
    assert data["documents"][0]["summary"]["clauses"]["changed"] == 1


def test_two_files_of_different_documents_are_refused_naming_both():
    old = FIXTURES / "v1.0" / "larkfield-tenants-constitution.yaml"
    new = FIXTURES / "v1.1" / "larkfield-repairs-charter.yaml"
    result = run("diff", old, new)
    assert result.exit_code == 1
    assert str(old) in result.output and str(new) in result.output
    assert "constitution 'larkfield-tenants-constitution'" in result.output
    assert "charter 'larkfield-repairs-charter'" in result.output


def test_a_file_and_a_revision_are_refused():
    old = FIXTURES / "v1.0" / "larkfield-tenants-constitution.yaml"
    result = run("diff", old, "HEAD")
    assert result.exit_code == 1
    assert "give two YAML files" in result.output


def test_an_unreadable_file_in_the_working_tree_stops_with_its_position(repo_root: Path):
    (repo_root / "constitutions" / "broken.yaml").write_text("kind: constitution\nid: [\n")
    result = run("diff", "--source", repo_root / "constitutions")
    assert result.exit_code == 1
    assert "broken.yaml:" in result.output and "cannot be read" in result.output


def test_html_page_marks_and_escapes(repo_root: Path):
    path = repo_root / "constitutions" / "larkfield-tenants-constitution.yaml"
    path.write_text(
        path.read_text().replace(
            "each member present has one vote;", "each member <b>present</b> has one vote;"
        )
    )
    result = run("diff", "v1.0", "--format", "html", "--source", repo_root / "constitutions")
    assert result.exit_code == 0, result.output
    page = result.output
    assert page.startswith("<!DOCTYPE html>")
    assert "Clause 3.3 amended" in page and "<ins>" in page and "<del>" in page
    assert "&lt;b&gt;present&lt;/b&gt;" in page and "<b>present" not in page
    # Two documents on one page: their anchors are kept apart.
    assert 'id="larkfield-tenants-constitution--notice"' in page


def test_text_format_uses_plain_markers_when_not_a_terminal(repo_root: Path):
    result = run("diff", "v1.0", "v1.1", "--source", repo_root / "constitutions")
    assert result.exit_code == 0
    assert "{+The secretary sends every member+} at least [-14-] {+21 clear+}" in result.output
    assert "[-the chair has a second, casting vote when the votes are tied.-]" in result.output
    assert "\x1b[" not in result.output


def test_a_file_broken_at_the_head_revision_is_an_error_not_a_removal(repo_root: Path):
    import git

    (repo_root / "constitutions" / "larkfield-repairs-charter.yaml").write_text("kind: [\n")
    commit_all(git.Repo(repo_root), "Break the charter")
    result = run("diff", "v1.1", "HEAD", "--source", repo_root / "constitutions")
    assert result.exit_code == 1
    assert "some documents at HEAD cannot be read" in result.output
    assert "constitutions/larkfield-repairs-charter.yaml:" in result.output


def test_a_base_from_before_the_documents_folder_existed_shows_everything_added(tmp_path: Path):
    from redline_helpers import new_repo

    repo = new_repo(tmp_path)
    (tmp_path / "README.md").write_text("A community.\n")
    commit_all(repo, "Start")
    shutil.copytree(FIXTURES / "v1.0", tmp_path / "constitutions")
    commit_all(repo, "Adopt 1.0")
    data = diff_json(tmp_path, "HEAD~1", "HEAD")
    assert {d["change"] for d in data["documents"]} == {"added"}


def test_the_terminal_redline_loads_no_locale_data(tmp_path: Path):
    # The terminal shows no decision record, whose date in words would load Babel's
    # locale data: a third of a short `charters diff`. A fresh process, so that no
    # other test has loaded it already; the redline itself must still be there.
    # The charter's new version has a decision record: adopted on 12 September 2024.
    old = FIXTURES / "v1.0" / "larkfield-repairs-charter.yaml"
    new = FIXTURES / "v1.1" / "larkfield-repairs-charter.yaml"
    script = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "import babel.localedata\n"
        "from generator.cli.main import main\n"
        f"result = CliRunner().invoke(main, ['diff', {str(old)!r}, {str(new)!r}, '--no-cache'])\n"
        "print(result.output)\n"
        "print('locales loaded:', sorted(babel.localedata._cache))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert "[-consulted-] {+co-produced+}" in done.stdout
    assert "locales loaded: []" in done.stdout
