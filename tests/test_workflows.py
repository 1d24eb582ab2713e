"""The GitHub workflows a community gets: valid, least-privileged, and safe for forks.

Besides checking their structure, the redline and comment steps are run as written
(their `run:` scripts, in bash) on a real repository with a pull-request merge
commit, against the local stand-in for the GitHub API and a recorded fork event.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
from conftest import ROOT, python_path, run
from fake_github import RECORDED, REPO, serve
from jsonschema import Draft7Validator
from redline_helpers import commit_all, fixture_repo
from ruamel.yaml import YAML

from generator.review.pr_comment import MARKER
from generator.scaffold import release
from generator.scaffold.create import WORKFLOWS

OURS = ROOT / ".github" / "workflows"
SCAFFOLD = ROOT / "generator" / "scaffold" / "workflows"
BUILDING = re.compile(r"\bcharters (validate|build|diff)\b")


def load(path: Path) -> dict:
    return YAML(typ="safe", pure=True).load(path.read_text())


def all_workflows() -> list[Path]:
    return sorted([*OURS.glob("*.yml"), *SCAFFOLD.glob("*.yml")])


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def step_named(workflow: dict, start: str) -> dict:
    return next(s for s in steps(workflow) if s.get("name", "").startswith(start))


def test_this_repository_uses_the_workflows_it_gives_communities():
    # release.yml is the tool's own: it publishes the package on a tag.
    assert sorted(p.name for p in OURS.glob("*.yml")) == sorted([*WORKFLOWS, "release.yml"])
    for name in WORKFLOWS:
        ours = (OURS / name).read_text().splitlines()
        given = (SCAFFOLD / name).read_text().splitlines()
        differing = [(a, b) for a, b in zip(ours, given, strict=True) if a != b]
        # Only the install line differs: this repository is the tool, so it installs itself.
        assert all(a.startswith("  CHARTERS_PACKAGE: .") for a, _ in differing), differing
        # (`charters init` writes the exact version in place of the package name.)
        assert all(b == "  CHARTERS_PACKAGE: community-charters" for _, b in differing)


@pytest.mark.parametrize("path", all_workflows(), ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_workflow_matches_githubs_schema(path: Path):
    vendor = resources.files("check_jsonschema.builtin_schemas.vendor")
    schema = json.loads(vendor.joinpath("github-workflows.json").read_text())
    Draft7Validator(schema).validate(load(path))


@pytest.mark.parametrize("path", all_workflows(), ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_workflow_is_least_privileged_and_injection_free(path: Path):
    workflow = load(path)
    assert "pull_request_target" not in workflow["on"]
    assert workflow["permissions"] == {}  # nothing by default: each job asks for its own
    for job in workflow["jobs"].values():
        assert isinstance(job["permissions"], dict)
        assert "write-all" not in job["permissions"].values()
        checked_out = False
        for step in job["steps"]:
            script = step.get("run", "")
            # Expressions in scripts are how pull-request text gets executed: use env instead.
            assert "${{" not in script, step
            uses = step.get("uses", "")
            if uses.startswith("actions/checkout@"):
                checked_out = True
                options = step.get("with", {})
                assert options.get("persist-credentials") is False
                assert "ref" not in options  # never the pull request's head in a privileged run
                if any(BUILDING.search(s.get("run", "")) for s in job["steps"]):
                    assert options.get("fetch-depth") == 0, "versions live in the history"
            if BUILDING.search(script):
                assert checked_out


def test_pull_request_checks_can_only_read():
    workflow = load(SCAFFOLD / "pr.yml")
    assert list(workflow["on"]) == ["pull_request"]
    assert workflow["permissions"] == {}
    assert [job["permissions"] for job in workflow["jobs"].values()] == [{"contents": "read"}]
    assert not any("secrets." in json.dumps(s) for s in steps(workflow))
    uploaded = {
        s["with"]["name"]: s["with"]["path"]
        for s in steps(workflow)
        if s.get("uses", "").startswith("actions/upload-artifact@")
    }
    assert uploaded == {"redline": "redline/", "site-preview": "site/"}
    validate = step_named(workflow, "Validate")
    assert validate["run"] == "charters validate --format github"
    assert validate["continue-on-error"] is True
    assert step_named(workflow, "Fail if validation")["if"] == "steps.validate.outcome == 'failure'"


def test_the_comment_workflow_runs_trusted_code_on_untrusted_data():
    checks = load(SCAFFOLD / "pr.yml")
    workflow = load(SCAFFOLD / "pr-comment.yml")
    trigger = workflow["on"]["workflow_run"]
    assert trigger == {"workflows": [checks["name"]], "types": ["completed"]}
    assert workflow["permissions"] == {}
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {
        "contents": "read",
        "actions": "read",
        "pull-requests": "write",
    }
    assert "github.event.workflow_run.event == 'pull_request'" in job["if"]
    names = [s.get("uses", s.get("name", "")) for s in job["steps"]]
    download = next(i for i, n in enumerate(names) if n.startswith("actions/download-artifact@"))
    install = names.index("Install charters")
    assert install < download  # nothing from the artifact can affect what is installed
    options = job["steps"][download]["with"]
    assert options["name"] == "redline"
    assert options["path"].startswith("${{ runner.temp }}")  # outside the checkout
    assert options["run-id"] == "${{ github.event.workflow_run.id }}"
    scripts = [s["run"] for s in job["steps"][download + 1 :] if "run" in s]
    assert scripts == [
        'charters pr-comment --number-file "$REDLINE/number" --body-file "$REDLINE/redline.md"'
    ]


def test_publishing_builds_with_full_history_and_deploys_to_pages():
    workflow = load(SCAFFOLD / "publish.yml")
    assert workflow["on"]["push"] == {"branches": ["main"]}
    assert workflow["permissions"] == {}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    assert build["steps"][0]["with"]["fetch-depth"] == 0
    assert build["steps"][-1]["uses"].startswith("actions/upload-pages-artifact@")
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_pre_commit_hook_validates_the_documents_folder():
    (hook,) = load(ROOT / ".pre-commit-hooks.yaml")
    assert hook["id"] == "charters-validate"
    assert hook["entry"] == "charters validate"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    assert re.match(hook["files"], "constitutions/kestrel-vale-constitution.yaml")
    assert not re.match(hook["files"], "README.md")


def test_charters_init_writes_the_workflows_and_the_new_repository_validates(tmp_path, monkeypatch):
    target = tmp_path / "millbrook"
    result = run("init", target, "--name", "Millbrook Residents")
    assert result.exit_code == 0, result.output
    for name in WORKFLOWS:
        written = target / ".github" / "workflows" / name
        # As given, except that they install exactly the version of the tool that wrote them.
        pinned = f'  CHARTERS_PACKAGE: "{release.requirement()}"'
        expected = (
            (SCAFFOLD / name).read_text().replace("  CHARTERS_PACKAGE: community-charters", pinned)
        )
        assert written.read_text() == expected
        assert pinned in expected
        assert f".github/workflows/{name}" in result.output
    monkeypatch.chdir(target)
    assert run("validate").exit_code == 0


# --- the steps, run as written ----------------------------------------------------------


def bash(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def charters_on_path(tmp_path: Path) -> dict[str, str]:
    """An environment where `charters` runs this checkout, as pip would install it."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "charters"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m generator "$@"\n')
    shim.chmod(0o755)
    return {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "PYTHONPATH": python_path()}


def test_redline_and_comment_steps_as_written_post_one_comment(tmp_path, charters_on_path):
    repo_root = tmp_path / "repo"
    repo = fixture_repo(repo_root)
    # What actions/checkout gives a pull request: the branch merged into its base.
    repo.git.checkout("-q", "--detach", "main")
    repo.git.merge("--no-ff", "-q", "-m", "Merge pull request 7", "amend")
    checks = load(SCAFFOLD / "pr.yml")
    summary = tmp_path / "summary.md"
    made = bash(
        step_named(checks, "Redline")["run"],
        repo_root,
        {**charters_on_path, "PR_NUMBER": "7", "GITHUB_STEP_SUMMARY": str(summary)},
    )
    assert made.returncode == 0, made.stderr
    artifact = repo_root / "redline"
    assert (artifact / "number").read_text() == "7\n"
    redline = (artifact / "redline.md").read_text()
    assert "**Clause 3.3 amended** — it was clause 3.2" in redline
    assert summary.read_text() == redline

    comment = step_named(load(SCAFFOLD / "pr-comment.yml"), "Post or update")
    with serve() as github:
        env = {
            **charters_on_path,
            "REDLINE": str(artifact),
            "GITHUB_TOKEN": "t",
            "GITHUB_API_URL": github.url,
            "GITHUB_EVENT_PATH": str(RECORDED / "workflow_run-fork.json"),
        }
        for _ in range(2):  # two pushes, one comment
            posted = bash(comment["run"], repo_root, env)
            assert posted.returncode == 0, posted.stderr
            assert "Updated the redline comment 1004 on pull request #7." in posted.stdout
    patches = [(p, b) for m, p, b in github.requests if m != "GET"]
    assert [p for p, _ in patches] == [f"{REPO}/issues/comments/1004"] * 2
    assert patches[0][1]["body"] == f"{MARKER}\n{redline}"


def test_the_redline_step_says_so_when_a_document_cannot_be_read(tmp_path, charters_on_path):
    repo_root = tmp_path / "repo"
    repo = fixture_repo(repo_root)
    (repo_root / "constitutions" / "larkfield-repairs-charter.yaml").write_text("kind: [\n")
    commit_all(repo, "Break the charter")
    repo.git.checkout("-q", "--detach", "main")
    repo.git.merge("--no-ff", "-q", "-m", "Merge pull request 7", "amend")
    checks = load(SCAFFOLD / "pr.yml")
    made = bash(
        step_named(checks, "Redline")["run"],
        repo_root,
        {**charters_on_path, "PR_NUMBER": "7", "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md")},
    )
    assert made.returncode == 0, made.stderr
    redline = (repo_root / "redline" / "redline.md").read_text()
    assert "The redline could not be made: a document cannot be read." in redline
