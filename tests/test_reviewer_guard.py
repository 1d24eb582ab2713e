"""The guard for reviewers, end to end: a pull request may not rewrite an adopted version.

A real repository with version 1.0 adopted on main; a branch edits a clause. Left at
1.0, validation fails and says how to propose the change instead; numbered as a new
draft version, it passes, and the redline shows the change.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import run
from redline_helpers import FIXTURES, commit_all, new_repo

DOCUMENT = "constitutions/larkfield-tenants-constitution.yaml"


@pytest.fixture
def branch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with 1.0 adopted on main, and the branch 'longer-notice' checked out."""
    repo = new_repo(tmp_path)
    shutil.copytree(FIXTURES / "v1.0", tmp_path / "constitutions")
    commit_all(repo, "Adopt version 1.0")
    repo.git.checkout("-q", "-b", "longer-notice")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CHARTERS_DEFAULT_BRANCH", raising=False)
    path = tmp_path / DOCUMENT
    path.write_text(
        path.read_text().replace("at least 14 days' notice", "at least 21 days' notice")
    )
    return tmp_path


def test_changing_an_adopted_version_in_place_fails_and_says_how_to_fix_it(branch: Path):
    result = run("validate")
    assert result.exit_code == 1
    assert f"{DOCUMENT}:5:10: error: this changes the text of version 1.0" in result.output
    assert "which was adopted on 2023-04-22; an adopted version must never change" in result.output
    assert 'give it a new version number (for example "1.1") and set status: draft' in result.output
    assert "set status: adopted and add its decision record" in result.output


def test_the_same_edit_committed_on_the_branch_still_fails_with_an_annotation(branch: Path):
    import git

    commit_all(git.Repo(branch), "Longer notice")
    result = run("validate", "--format", "github")
    assert result.exit_code == 1
    assert f"::error file={DOCUMENT},line=5,col=10::this changes the text of version 1.0" in (
        result.output
    )


def test_a_new_draft_version_passes_and_its_redline_shows_the_change(branch: Path):
    path = branch / DOCUMENT
    text = path.read_text().replace(
        'version: "1.0"\nstatus: adopted', 'version: "1.1"\nstatus: draft'
    )
    # A draft has no decision record of its own yet (the one of 1.0 is an error).
    text = re.sub(r"^decision:\n(?:  .*\n)+", "", text, flags=re.MULTILINE)
    path.write_text(text)
    result = run("validate")
    assert result.exit_code == 0, result.output
    redline = run("diff", "--format", "text")
    assert redline.exit_code == 0
    assert "Clause 3.2 amended" in redline.output
    assert "at least [-14-] {+21+} days' notice" in redline.output
    assert "Change of record: status was adopted, now draft." in redline.output
    assert "Document: status changed" not in redline.output
