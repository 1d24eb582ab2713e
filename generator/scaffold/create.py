"""`charters init`: a new community repository that validates and builds out of the box."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from string import Template

from generator.history.writing import init_repository
from generator.load.schema import schema_text
from generator.scaffold import release


class ScaffoldError(Exception):
    """The folder cannot be turned into a new community repository."""


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "community"


def _template(name: str) -> Template:
    return Template(resources.files("generator").joinpath("scaffold", name).read_text())


# GitHub Actions workflows for the new repository: checks and a redline comment on
# each pull request, and publishing on each push to main. Copied as they are (they
# hold ${{ }} expressions, which are GitHub's, not placeholders of ours).
WORKFLOWS = ("pr.yml", "pr-comment.yml", "publish.yml")


# The line in each workflow that says what pip installs; `init` pins it (release.py).
_INSTALL_LINE = re.compile(r"^(  CHARTERS_PACKAGE: ).*$", re.MULTILINE)


def workflow_text(name: str) -> str:
    """A workflow as `init` writes it: installing exactly the version of the tool running now."""
    text = resources.files("generator").joinpath("scaffold", "workflows", name).read_text()
    pinned = f'"{release.requirement()}"'
    return _INSTALL_LINE.sub(lambda m: m.group(1) + pinned, text)


def pre_commit_config() -> str:
    """A .pre-commit-config.yaml running the tool's own hook, at the pinned release."""
    return (
        "# Check the documents before each commit: pip install pre-commit, then\n"
        "# run 'pre-commit install' once in this folder.\n"
        "repos:\n"
        f"  - repo: {release.REPOSITORY}\n"
        f"    rev: {release.tag()}\n"
        "    hooks:\n"
        "      - id: charters-validate\n"
    )


def _is_empty_clone(directory: Path) -> bool:
    """A folder holding nothing but a fresh `.git` (what cloning an empty repository gives)."""
    return [p.name for p in directory.iterdir()] == [".git"]


def scaffold(directory: Path, name: str | None = None) -> list[Path]:
    """Write the starter files into `directory` and make it a git repository.

    Refuses a folder that already has files, so nothing anyone wrote is overwritten;
    a clone of an empty repository (only `.git`) is welcome.
    """
    clone = directory.is_dir() and _is_empty_clone(directory)
    if directory.exists() and any(directory.iterdir()) and not clone:
        raise ScaffoldError(f"{directory} already exists and is not empty; choose a new folder.")
    community = name or directory.resolve().name.replace("-", " ").replace("_", " ").title()
    doc_id = f"{slugify(community)}-constitution"
    values = {"name": community, "id": doc_id}
    files = {
        Path("mkdocs.yml"): _template("mkdocs.yml").substitute(values),
        Path(".gitignore"): _template("gitignore").substitute(values),
        Path("README.md"): _template("README.md").substitute(values),
        Path(".pre-commit-config.yaml"): pre_commit_config(),
        Path("constitutions") / f"{doc_id}.yaml": _template("constitution.yaml").substitute(values),
        Path("schema") / "constitution.schema.json": schema_text("constitution"),
        Path("schema") / "charter.schema.json": schema_text("charter"),
        **{Path(".github") / "workflows" / name: workflow_text(name) for name in WORKFLOWS},
    }
    created = []
    for relative, text in files.items():
        target = directory / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        created.append(relative)
    init_repository(directory)
    return created
