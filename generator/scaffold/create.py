"""`charters init`: a new community repository that validates and builds out of the box."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from string import Template

from generator.history.writing import init_repository
from generator.load.schema import schema_text


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


def workflow_text(name: str) -> str:
    return resources.files("generator").joinpath("scaffold", "workflows", name).read_text()


def scaffold(directory: Path, name: str | None = None) -> list[Path]:
    """Write the starter files into `directory` and make it a git repository.

    Refuses a folder that already has files, so nothing anyone wrote is overwritten.
    """
    if directory.exists() and any(directory.iterdir()):
        raise ScaffoldError(f"{directory} already exists and is not empty; choose a new folder.")
    community = name or directory.resolve().name.replace("-", " ").replace("_", " ").title()
    doc_id = f"{slugify(community)}-constitution"
    values = {"name": community, "id": doc_id}
    files = {
        Path("mkdocs.yml"): _template("mkdocs.yml").substitute(values),
        Path(".gitignore"): _template("gitignore").substitute(values),
        Path("README.md"): _template("README.md").substitute(values),
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
