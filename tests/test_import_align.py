"""import --onto: ids carried from the previous version, and the kept/changed/moved/new/gone map."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import run

from generator.importer.compare import compare
from generator.importer.importing import ImportFailure, ImportResult, Settings, import_file
from generator.model.document import Document

V1 = """\
# Riverside constitution

## Name

The name of the group is Riverside Residents.

## Membership

Anyone aged 16 or over who lives in Riverside may become a member.

The secretary keeps a register of members and updates it every year.

Members may resign at any time by writing to the secretary.

## Meetings

The group holds an annual general meeting every year in the spring.

The quorum of a general meeting is ten members.

Notice of a general meeting is given fourteen days before it.
"""

# An amendment drafted elsewhere: one clause reworded, one moved to another article,
# one removed, one added, and a paragraph turned into a list item.
V2 = """\
# Riverside constitution

## Name

The name of the group is Riverside Residents.

## Membership

Anyone aged 16 or over who lives or works in Riverside may become a member.

The secretary keeps a register of members and updates it every year.

Members may pay a yearly subscription set by the annual general meeting.

## Meetings

The group holds an annual general meeting every year in the spring.

Members may resign at any time by writing to the secretary.

Notice of a general meeting is given fourteen days before it, by email or post:

- by email to members who gave an address;
- by post to everyone else.
"""


def _import(tmp_path: Path, text: str, name: str, **kwargs: Any) -> ImportResult:
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    return import_file(source, Settings(doc_id="riverside"), **kwargs)


def _first(tmp_path: Path) -> Path:
    result = _import(tmp_path, V1, "v1.md")
    target = tmp_path / "riverside.yaml"
    target.write_text(result.yaml_text)
    return target


def _id_of(doc: Document, start: str) -> str:
    return next(p.id for p in doc.provisions() if getattr(p, "text", "").startswith(start))


def test_ids_are_carried_and_the_mapping_names_each_change(tmp_path: Path) -> None:
    target = _first(tmp_path)
    old = import_file(tmp_path / "v1.md", Settings(doc_id="riverside")).document
    result = _import(tmp_path, V2, "v2.md", onto=target)
    new = result.document
    mapping = {c.id: c for c in result.comparison.changes}

    def status(start: str, doc: Document = new) -> str:
        return mapping[_id_of(doc, start)].status

    assert status("The name of the group") == "kept"
    assert status("The secretary keeps") == "kept"
    assert status("Anyone aged 16") == "changed"  # reworded: same id
    assert _id_of(new, "Anyone aged 16") == _id_of(old, "Anyone aged 16")
    assert status("Members may resign") == "moved"  # to another article: same id
    assert status("Notice of a general meeting") == "changed"
    assert status("Members may pay") == "new"
    assert status("by email to members") == "new"
    assert status("The quorum", old) == "gone"
    assert new.version.text == "2"
    assert result.comparison.counts() == {
        "kept": 3,
        "changed": 2,
        "moved": 1,
        "new": 3,
        "gone": 1,
    }


def test_a_gone_id_is_never_given_to_a_new_clause(tmp_path: Path) -> None:
    target = _first(tmp_path)
    old = import_file(tmp_path / "v1.md", Settings(doc_id="riverside")).document
    gone = _id_of(old, "The quorum")
    # A new, unrelated clause whose natural id would be the same as the removed one.
    v2 = V1.replace(
        "The quorum of a general meeting is ten members.",
        "The quorum general meeting notes are published online for everyone to read.",
    )
    new = _import(tmp_path, v2, "v2.md", onto=target).document
    assert gone not in new.ids()
    assert _id_of(new, "The quorum general meeting notes") == f"{gone}-2"


def test_ids_used_by_any_earlier_version_are_never_reused(tmp_path: Path) -> None:
    """import-history passes every id ever used, not only the previous version's."""
    from generator.importer.importing import import_outline
    from generator.importer.sources import read_outline

    source = tmp_path / "v1.md"
    source.write_text(V1)
    fresh = import_outline(read_outline(source), Settings(doc_id="riverside")).document
    clause_id = _id_of(fresh, "The quorum")
    again = import_outline(read_outline(source), Settings(doc_id="riverside"), taken={clause_id})
    assert _id_of(again.document, "The quorum") == f"{clause_id}-2"


def test_exact_duplicates_are_paired_by_place(tmp_path: Path) -> None:
    v1 = "# T\n\n## One\n\nSee below.\n\nFirst rule.\n\n## Two\n\nSee below.\n\nIt is fair.\n"
    v2 = v1.replace("It is fair.", "It is fair too.")
    target = tmp_path / "t.yaml"
    target.write_text(_import(tmp_path, v1, "v1.md").yaml_text)
    old = import_file(tmp_path / "v1.md", Settings(doc_id="riverside")).document
    new = _import(tmp_path, v2, "v2.md", onto=target).document
    for article_old, article_new in zip(old.articles, new.articles, strict=True):
        assert article_old.clauses[0].id == article_new.clauses[0].id  # "See below." stays put
    counts = compare(old, new).counts()
    assert counts["changed"] == 1 and counts["moved"] == 0 and counts["new"] == 0


def test_a_paragraph_that_becomes_a_list_is_a_structural_move(tmp_path: Path) -> None:
    v1 = "# T\n\n## Powers\n\nThe committee may:\n\nraise money;\n\nspend money.\n"
    v2 = "# T\n\n## Powers\n\nThe committee may:\n\n1. raise money;\n2. spend money.\n"
    target = tmp_path / "t.yaml"
    target.write_text(_import(tmp_path, v1, "v1.md").yaml_text)
    result = _import(tmp_path, v2, "v2.md", onto=target)
    comparison = result.comparison
    assert comparison.counts() == {"kept": 1, "changed": 0, "moved": 2, "new": 0, "gone": 0}
    assert all(c.structural for c in comparison.with_status("moved"))
    assert not comparison.wording_changed


def test_onto_refuses_a_different_kind_id_or_an_invalid_target(tmp_path: Path) -> None:
    target = _first(tmp_path)
    source = tmp_path / "v2.md"
    source.write_text(V2)
    with pytest.raises(ImportFailure, match="is a constitution"):
        import_file(source, Settings(kind="charter"), target)
    with pytest.raises(ImportFailure, match="is the document 'riverside'"):
        import_file(source, Settings(doc_id="other"), target)
    broken = tmp_path / "broken.yaml"
    broken.write_text(target.read_text().replace("kind: constitution", "kind: constitution\nx: 1"))
    with pytest.raises(ImportFailure, match="does not validate") as failure:
        import_file(source, Settings(), broken)
    assert [(p.line, "'x'" in p.message) for p in failure.value.problems] == [(3, True)]
    with pytest.raises(ImportFailure, match="no such file"):
        import_file(source, Settings(), tmp_path / "missing.yaml")
    with pytest.raises(ImportFailure, match="not higher"):
        import_file(source, Settings(version="1"), target)


def test_cli_onto_rewrites_the_target_and_prints_the_mapping(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("v1.md").write_text(V1)
    Path("v2.md").write_text(V2)
    assert run("import", "v1.md", "--id", "riverside").exit_code == 0
    target = Path("constitutions/riverside.yaml")
    before = target.read_text()
    result = run("import", "v2.md", "--onto", target)
    assert result.exit_code == 0, result.output
    assert "3 kept, 2 changed, 1 moved, 3 new, 1 gone" in result.output
    assert "gone     clause" in result.output and "moved    clause" in result.output
    assert target.read_text() != before and 'version: "2"' in target.read_text()
    assert run("validate", "constitutions").exit_code == 0
