"""`charters init` in an empty clone, with a pinned tool; and the package's one version."""

from __future__ import annotations

import subprocess
import tomllib
from pathlib import Path

from conftest import ROOT, run
from ruamel.yaml import YAML

from generator import __version__
from generator.scaffold import release
from generator.scaffold.create import WORKFLOWS


def load(path: Path) -> object:
    return YAML(typ="safe", pure=True).load(path.read_text())


def test_init_works_in_a_clone_of_an_empty_repository(tmp_path: Path) -> None:
    origin = tmp_path / "origin.git"
    subprocess.run(["git", "init", "-q", "--bare", str(origin)], check=True)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(origin), str(clone)], check=True, capture_output=True)
    assert [p.name for p in clone.iterdir()] == [".git"]
    result = run("init", clone, "--name", "Millbrook Residents")
    assert result.exit_code == 0, result.output
    # The clone's own repository is kept (its remote is still the origin), not replaced.
    remote = subprocess.run(
        ["git", "-C", str(clone), "remote", "get-url", "origin"],
        check=True,
        capture_output=True,
        text=True,
    )
    assert remote.stdout.strip() == str(origin)
    assert (clone / "constitutions" / "millbrook-residents-constitution.yaml").is_file()
    assert run("validate", clone / "constitutions").exit_code == 0


def test_init_still_refuses_a_folder_with_files(tmp_path: Path) -> None:
    target = tmp_path / "ours"
    (target / ".git").mkdir(parents=True)
    (target / "notes.txt").write_text("mine\n")
    result = run("init", target)
    assert result.exit_code == 1
    assert "already exists and is not empty" in result.output
    assert (target / "notes.txt").read_text() == "mine\n"


def test_init_pins_the_tool_in_workflows_and_pre_commit(tmp_path: Path) -> None:
    target = tmp_path / "millbrook"
    assert run("init", target).exit_code == 0
    requirement = release.requirement()
    assert __version__ in requirement
    for name in WORKFLOWS:
        workflow = load(target / ".github" / "workflows" / name)
        assert workflow["env"]["CHARTERS_PACKAGE"] == requirement  # type: ignore[index]
    config = load(target / ".pre-commit-config.yaml")
    (repo,) = config["repos"]  # type: ignore[index]
    assert repo == {
        "repo": release.REPOSITORY,
        "rev": f"v{__version__}",
        "hooks": [{"id": "charters-validate"}],
    }
    # The hook it names is the one this repository defines.
    hooks = load(ROOT / ".pre-commit-hooks.yaml")
    assert [h["id"] for h in hooks] == ["charters-validate"]  # type: ignore[union-attr]
    ignored = (target / ".gitignore").read_text().splitlines()
    assert ".venv/" in ignored and "/site" in ignored


def test_the_pin_is_a_valid_requirement_for_this_exact_version() -> None:
    from packaging.requirements import Requirement

    parsed = Requirement(release.requirement())
    assert parsed.name == "community-charters"
    if release.ON_PACKAGE_INDEX:
        assert str(parsed.specifier) == f"=={__version__}"
    else:
        assert parsed.url == f"git+{release.REPOSITORY}@v{__version__}"


def test_the_version_has_one_source() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert "version" not in project and "version" in project["dynamic"]
    changelog = (ROOT / "CHANGELOG.md").read_text()
    assert f"## {__version__}" in changelog


def test_the_release_workflow_publishes_with_trusted_publishing() -> None:
    workflow = load(ROOT / ".github" / "workflows" / "release.yml")
    assert workflow["on"] == {"push": {"tags": ["v*"]}}  # type: ignore[index]
    assert workflow["permissions"] == {}  # type: ignore[index]
    assert workflow["jobs"]["build"]["permissions"] == {"contents": "read"}  # type: ignore[index]
    publish = workflow["jobs"]["publish"]  # type: ignore[index]
    assert publish["permissions"] == {"id-token": "write"}
    assert publish["steps"][-1]["uses"].startswith("pypa/gh-action-pypi-publish@")
    assert "with" not in publish["steps"][-1]  # no token or password: trusted publishing
    script = "\n".join(s.get("run", "") for s in workflow["jobs"]["build"]["steps"])  # type: ignore[index]
    assert "python -m build" in script and "twine check" in script
