"""The Zensical engine holds the MkDocs engine's promises about theme overrides (issue 16).

Each case is a real repository built by the real command with `--engine zensical`.
An override that reaches for Python's internals must not run anything; one that
names a template outside the theme (a file elsewhere on the machine) must stop
the build with a message naming the file and line, before anything is rendered,
and the file's text must reach no page. A theme setting that would add a script
to every page is dropped for both engines.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import build, run
from gitrepo import DocRepo, constitution
from test_hostile_engine import OVERRIDE, PAYLOADS

from generator.engine.zensical_guard import template_problems

pytest.importorskip("zensical", reason="Zensical is an optional dependency (extra 'zensical')")

SECRET = "zensical-guard-secret-4f1c"


@pytest.fixture
def repo(tmp_path: Path) -> DocRepo:
    repo = DocRepo(tmp_path / "repo")
    repo.save(constitution(), "Adopt", "2024-01-20")
    return repo


def _override(repo: DocRepo, text: str) -> None:
    path = repo.root / OVERRIDE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "\n")


def _zensical(repo: DocRepo, site: Path, *extra: str):  # type: ignore[no-untyped-def]
    return build(repo.root, site, "--engine", "zensical", "--no-previous", *extra)


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_an_override_cannot_run_code(name: str, repo: DocRepo, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    _override(repo, PAYLOADS[name].format(marker=marker))
    site = tmp_path / "site"
    result = _zensical(repo, site)
    assert not marker.exists(), "the template ran code"
    assert result.exit_code == 1, result.output
    assert "templates/overrides/partials/copyright.html" in result.output
    assert "Traceback" not in result.output
    assert not site.exists()


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "outside" / "secret.txt"
    path.parent.mkdir()
    path.write_text(SECRET + "\n")
    return path


@pytest.mark.parametrize("how", ["absolute", "climbing", "computed", "import", "list"])
def test_an_override_cannot_name_a_file_outside_the_theme(
    how: str, repo: DocRepo, secret_file: Path, tmp_path: Path
) -> None:
    climbing = "../" * 30 + str(secret_file).lstrip("/")
    tag = {
        "absolute": f'{{% include "{secret_file}" %}}',
        "climbing": f'{{% include "{climbing}" %}}',
        "computed": f'{{% set p = "{climbing}" %}}{{% include p %}}',
        "import": f'{{% import "{climbing}" as secret %}}',
        "list": f'{{% include ["partials/missing.html", "{secret_file}"] %}}',
    }[how]
    _override(repo, f"<p>Kept by us</p>\n{tag}")
    site = tmp_path / "site"
    result = _zensical(repo, site)
    assert result.exit_code == 1, result.output
    assert "templates/overrides/partials/copyright.html, line 2" in result.output
    assert "--engine mkdocs" in result.output
    assert SECRET not in result.output
    assert not site.exists()


def test_debug_which_prints_the_context_is_refused(repo: DocRepo, tmp_path: Path) -> None:
    _override(repo, "{{ debug() }}")
    result = _zensical(repo, tmp_path / "site")
    assert result.exit_code == 1
    assert "templates/overrides/partials/copyright.html, line 1" in result.output
    assert "debug()" in result.output


def test_an_ordinary_override_still_renders(repo: DocRepo, tmp_path: Path) -> None:
    _override(repo, '<p class="kept">Kept by {{ config.site_name | e }}</p>')
    site = tmp_path / "site"
    result = _zensical(repo, site)
    assert result.exit_code == 0, result.output
    assert '<p class="kept">Kept by ' in (site / "index.html").read_text()


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_extra_polyfills_add_no_script(engine: str, repo: DocRepo, tmp_path: Path) -> None:
    (repo.root / "mkdocs.yml").write_text(
        "site_name: Riverside\nextra:\n  polyfills:\n    - https://scripts.example/x.js\n"
    )
    site = tmp_path / "site"
    result = build(repo.root, site, "--engine", engine, "--no-previous")
    assert result.exit_code == 0, result.output
    for page in site.rglob("*.html"):
        assert "scripts.example" not in page.read_text(), page


def test_an_unknown_engine_is_refused_by_name(repo: DocRepo, tmp_path: Path) -> None:
    result = build(repo.root, tmp_path / "site", "--engine", "hugo")
    assert result.exit_code == 2
    assert "'hugo' is not one of 'mkdocs', 'zensical'" in result.output


def test_the_engine_can_be_chosen_for_serve() -> None:
    assert "--engine [mkdocs|zensical]" in run("serve", "--help").output


@pytest.mark.parametrize(
    ("source", "refused"),
    [
        ('{% extends "base.html" %}{% include "partials/x.html" %}', False),
        ('{% include "partials/x.html" ignore missing %}', False),
        ('{% from "partials/m.html" import m %}', False),
        ('{% include "..\\\\x" %}', True),
        ('{% include "c:/x" %}', True),
        ("{% extends page.meta.template %}", True),
        ("{% include 'a/' ~ name %}", True),
        ("{{ unclosed ", True),
    ],
)
def test_what_the_guard_refuses(source: str, refused: bool) -> None:
    assert bool(list(template_problems(source))) is refused
