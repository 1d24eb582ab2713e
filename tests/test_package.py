"""The package as a community's CI gets it: sdist and wheel, checked, installed in a fresh venv.

The sources are the files git tracks (what a release tag holds), copied to a
temporary folder so the build leaves nothing in the checkout. Dependencies come
from the package index this machine's pip is set up to use.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

from generator import __version__


def sh(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    pytest.importorskip("build")
    source = tmp_path_factory.mktemp("source")
    tracked = sh("git", "ls-files", "-z", cwd=ROOT).split("\0")
    for name in filter(None, tracked):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    out = tmp_path_factory.mktemp("dist")
    sh(sys.executable, "-m", "build", "--outdir", out, ".", cwd=source)
    return out


def test_the_sdist_and_wheel_build_and_pass_twine_check(dist: Path) -> None:
    names = sorted(p.name for p in dist.iterdir())
    assert names == [
        f"community_charters-{__version__}-py3-none-any.whl",
        f"community_charters-{__version__}.tar.gz",
    ]
    checked = sh(sys.executable, "-m", "twine", "check", "--strict", *dist.iterdir(), cwd=dist)
    assert checked.count("PASSED") == 2
    # Every module git tracks is in the wheel, and the files the tool reads at run time.
    wheel = zipfile.ZipFile(next(dist.glob("*.whl")))
    inside = set(wheel.namelist())
    tracked = sh("git", "ls-files", "generator", cwd=ROOT).split()
    missing = [n for n in tracked if n.endswith(".py") and n not in inside]
    assert missing == []
    for needed in (
        "generator/schemas/constitution.schema.json",
        "generator/scaffold/workflows/publish.yml",
        "generator/templates/pages/version.html",
    ):
        assert needed in inside


def test_the_wheel_installs_in_a_fresh_venv_and_inits_and_builds(dist: Path, tmp_path) -> None:
    venv = tmp_path / "venv"
    sh(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    wheel = next(dist.glob("*.whl"))
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    sh(python, "-m", "pip", "install", "-q", wheel, cwd=tmp_path, env=env)
    charters = venv / "bin" / "charters"
    assert sh(charters, "--version", cwd=tmp_path, env=env).split()[-1] == __version__
    # The installed tool, not this checkout: run from elsewhere, with no path to it.
    located = sh(python, "-c", "import generator; print(generator.__file__)", cwd=tmp_path, env=env)
    assert located.startswith(str(venv))
    sh(charters, "init", "riverside", "--name", "Riverside Residents", cwd=tmp_path, env=env)
    community = tmp_path / "riverside"
    git_env = {
        **env,
        "GIT_AUTHOR_NAME": "Secretary",
        "GIT_AUTHOR_EMAIL": "secretary@example.org",
        "GIT_COMMITTER_NAME": "Secretary",
        "GIT_COMMITTER_EMAIL": "secretary@example.org",
    }
    sh("git", "commit", "-q", "-m", "Start", cwd=community, env=git_env)
    sh(charters, "validate", cwd=community, env=env)
    sh(charters, "build", "--no-cache", cwd=community, env=env)
    assert (community / "site" / "index.html").is_file()
    assert (community / "site" / "manifest.json").is_file()
