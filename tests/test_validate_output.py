"""What `charters validate` prints (text, JSON, GitHub annotations), `init` and `schema`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run
from jsonschema import Draft202012Validator
from sample_documents import CHARTER, CONSTITUTION, edit, write_files

from generator.load import yamlsafe

C = "town-constitution.yaml"
H = "town-library.yaml"

# Two errors in one file, one warning in another.
MISSPELT = edit(CONSTITUTION, "title: Constitution", "titel: Constitution")
WITH_ERRORS = edit(MISSPELT, "for: 30", "for: 9")
WITH_HTML = edit(CHARTER, "four days a week.", "<em>four</em> days a week.")


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty constitutions/ folder, with the current folder set to its parent."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "constitutions").mkdir()
    return tmp_path / "constitutions"


def test_text_lists_every_problem_then_a_one_line_summary(folder: Path) -> None:
    write_files(folder, {C: MISSPELT, H: WITH_HTML})
    result = run("validate", "constitutions")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"constitutions/{C}:3:1: error: unknown key 'titel' in this constitution. "
        "Did you mean 'title'?",
        f"constitutions/{H}:38:15: warning: HTML such as '<em>' is not allowed in text; it will "
        "be shown as typed, not as formatting. Use Markdown: *emphasis*, **strong**, "
        "[link](https://...).",
        "Checked 2 files: 1 error and 1 warning in 2 files.",
    ]


def test_only_warnings_exit_0(folder: Path) -> None:
    write_files(folder, {C: CONSTITUTION, H: WITH_HTML})
    result = run("validate", "constitutions")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "Checked 2 files: 1 warning in 1 file."


def test_json_for_other_tools(folder: Path) -> None:
    write_files(folder, {C: MISSPELT, H: edit(WITH_HTML, "id: town-library", "id: library")})
    result = run("validate", "--format", "json", "constitutions")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report == {
        "files_checked": 2,
        "errors": 2,
        "warnings": 1,
        "problems": [
            {
                "file": f"constitutions/{C}",
                "line": 3,
                "column": 1,
                "severity": "error",
                "message": "unknown key 'titel' in this constitution. Did you mean 'title'?",
                "path": ["titel"],
            },
            {
                "file": f"constitutions/{H}",
                "line": 2,
                "column": 5,
                "severity": "error",
                "message": "the id 'library' does not match the file name 'town-library.yaml'; "
                "rename the file to 'library.yaml' or change the id.",
                "path": ["id"],
            },
            {
                "file": f"constitutions/{H}",
                "line": 38,
                "column": 15,
                "severity": "warning",
                "message": "HTML such as '<em>' is not allowed in text; it will be shown as typed, "
                "not as formatting. Use Markdown: *emphasis*, **strong**, [link](https://...).",
                "path": ["articles", 0, "clauses", 0, "text"],
            },
        ],
    }


def test_json_for_a_file_that_cannot_be_read_has_no_path(folder: Path) -> None:
    write_files(folder, {C: b"kind: constitution\ntitle: caf\xe9\n"})
    report = json.loads(run("validate", "--format", "json", "constitutions").output)
    assert report["problems"] == [
        {
            "file": f"constitutions/{C}",
            "line": 2,
            "column": 11,
            "severity": "error",
            "message": "this file is not saved as UTF-8 text (byte 0xe9 here). "
            "Save it again as UTF-8 in your editor.",
            "path": None,
        }
    ]


def test_json_with_no_problems(folder: Path) -> None:
    write_files(folder, {C: CONSTITUTION})
    result = run("validate", "--format", "json", "constitutions")
    assert result.exit_code == 0
    assert json.loads(result.output) == {
        "files_checked": 1,
        "errors": 0,
        "warnings": 0,
        "problems": [],
    }


def test_github_annotations(folder: Path) -> None:
    write_files(folder, {C: WITH_ERRORS, H: WITH_HTML})
    result = run("validate", "--format", "github", "constitutions")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"::error file=constitutions/{C},line=3,col=1::unknown key 'titel' in this constitution. "
        "Did you mean 'title'?",
        f"::warning file=constitutions/{H},line=38,col=15::HTML such as '<em>' is not allowed in "
        "text; it will be shown as typed, not as formatting. Use Markdown: *emphasis*, "
        "**strong**, [link](https://...).",
        "Checked 2 files: 1 error and 1 warning in 2 files.",
    ]


def test_github_annotations_escape_what_would_break_them(folder: Path) -> None:
    """A comma or colon in a file name, and a % in a message, must not cut the command short."""
    name = "a,b:c.yaml"
    write_files(folder, {name: edit(CONSTITUTION, "id: town-constitution", 'id: "100%"')})
    result = run("validate", "--format", "github", "constitutions")
    first = result.output.splitlines()[0]
    assert first.startswith("::error file=constitutions/a%2Cb%3Ac.yaml,line=")
    assert "'100%25'" in first


def test_init_makes_a_repository_that_validates(tmp_path: Path) -> None:
    target = tmp_path / "millbrook-residents"
    created = run("init", target)
    assert created.exit_code == 0, created.output
    result = run("validate", target / "constitutions")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "Checked 1 file: no problems found."


@pytest.mark.parametrize("kind", ["constitution", "charter"])
def test_schema_prints_a_draft_2020_12_schema(kind: str) -> None:
    result = run("schema", kind)
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    # The sample document of that kind satisfies it; the same document of the other kind not.
    sample = CONSTITUTION if kind == "constitution" else CHARTER
    other = CHARTER if kind == "constitution" else CONSTITUTION
    assert Draft202012Validator(schema).is_valid(yamlsafe.load(sample))
    assert not Draft202012Validator(schema).is_valid(yamlsafe.load(other))
