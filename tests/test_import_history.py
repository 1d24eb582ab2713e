"""charters import-history: old versions -> a git history, with ids carried across all of them."""

from __future__ import annotations

import difflib
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

import git
import pytest
from conftest import run

from generator.importer.compare import Comparison
from generator.importer.history_import import HistoryResult, import_history
from generator.importer.importing import ImportFailure
from generator.load.documents import read_document
from generator.model.document import Clause, Document
from generator.validate import rules

V1 = "# Riverside constitution\n\n## Name\n\nThe name of the group is Riverside Residents.\n"
V2 = V1 + "\n## Meetings\n\nThe group holds an annual general meeting every spring.\n"
V3 = V2.replace("every spring", "every spring or summer")


def _files(tmp_path: Path, *texts: str) -> list[Path]:
    paths = []
    for i, text in enumerate(texts, start=1):
        path = tmp_path / "sources" / f"v{i}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def versions_in_git(repo_path: Path, path: str) -> list[tuple[git.Commit, Document]]:
    """Every committed version of the document, oldest first, each checked as CI would."""
    repo = git.Repo(repo_path)
    out = []
    for commit in reversed(list(repo.iter_commits(paths=path))):
        raw = (commit.tree / path).data_stream.read()
        result = read_document(raw, path)
        assert result.document is not None, result.problems
        errors = [p for p in rules.check_document(result.document) if p.is_error]
        assert errors == [], errors
        out.append((commit, result.document))
    return out


def test_each_version_is_committed_with_its_date_and_decision(tmp_path: Path) -> None:
    files = _files(tmp_path, V1, V2, V3)
    records = tmp_path / "versions.csv"
    records.write_text(
        "file,version,date,body,for,against,present,proposal,subject,author,email\n"
        "v1.md,1.0,2019-05-03,Founding meeting,,,,,Founding text,Ann Lee,ann@example.org\n"
        "v2.md,1.1,2020-06-01,Annual general meeting,30,4,40,https://example.org/pr/2,"
        "Add meetings,Bo Chan,\n"
        "v3.md,,2021-06-02,,,,,,,,\n",
        encoding="utf-8",
    )
    history = import_history(files, "riverside", tmp_path / "repo", records_file=records)
    versions = versions_in_git(tmp_path / "repo", "constitutions/riverside.yaml")
    assert [doc.version.text for _, doc in versions] == ["1.0", "1.1", "3"]
    assert all(doc.status == "adopted" for _, doc in versions)
    commits = [commit for commit, _ in versions]
    assert [c.authored_datetime.date() for c in commits] == [
        date(2019, 5, 3),
        date(2020, 6, 1),
        date(2021, 6, 2),
    ]
    assert commits[0].author.name == "Ann Lee" and commits[0].author.email == "ann@example.org"
    assert commits[2].author.name == "charters import-history"
    assert commits[1].message.startswith("riverside version 1.1: Add meetings")
    first, second, third = (doc for _, doc in versions)
    assert first.decision.body == "Founding meeting" and first.decision.votes is None
    assert second.decision.votes.in_favour == 30 and second.decision.present == 40
    assert second.decision.proposal == "https://example.org/pr/2"
    assert third.decision.body == "Not recorded (imported)"
    assert third.decision.adopted == date(2021, 6, 2)
    # The clause about meetings keeps its id when its text changes in version 3.
    assert second.articles[1].clauses[0].id == third.articles[1].clauses[0].id
    assert history.steps[2].comparison.counts()["changed"] == 1


def test_dates_before_1970_stay_in_the_decision_record(tmp_path: Path) -> None:
    files = _files(tmp_path, V1, V2)
    records = tmp_path / "dates.csv"
    records.write_text("file,date\nv1.md,1788-06-21\nv2.md,1791-12-15\n")
    history = import_history(files, "old", tmp_path / "repo", records_file=records)
    versions = versions_in_git(tmp_path / "repo", "constitutions/old.yaml")
    assert [doc.decision.adopted for _, doc in versions] == [date(1788, 6, 21), date(1791, 12, 15)]
    assert all(c.committed_datetime.year == 1970 for c, _ in versions)
    assert any("before 1970" in n.message for n in history.notes)


def test_without_a_csv_versions_follow_file_order(tmp_path: Path) -> None:
    history = import_history(_files(tmp_path, V1, V2, V3), "riverside", tmp_path / "repo")
    versions = versions_in_git(tmp_path / "repo", "constitutions/riverside.yaml")
    assert [doc.version.text for _, doc in versions] == ["1", "2", "3"]
    times = [c.committed_datetime for c, _ in versions]
    assert times == sorted(times) and times[-1] <= datetime.now(UTC)
    assert [s.commit for s in history.steps] == [c.hexsha for c, _ in versions]


def test_nothing_is_committed_when_one_version_fails(tmp_path: Path) -> None:
    files = _files(tmp_path, V1, "", V3)
    with pytest.raises(ImportFailure, match=r"v2\.md is empty"):
        import_history(files, "riverside", tmp_path / "repo")
    assert not (tmp_path / "repo").exists()


def test_a_recorded_vote_that_fails_the_rule_stops_the_import(tmp_path: Path) -> None:
    records = tmp_path / "votes.csv"
    records.write_text("file,for,against\nv2.md,3,5\n")
    with pytest.raises(ImportFailure, match=r"v2\.md") as failure:
        import_history(
            _files(tmp_path, V1, V2), "riverside", tmp_path / "repo", records_file=records
        )
    assert any("does not meet" in p.message for p in failure.value.problems)


def test_the_csv_is_checked_row_by_row(tmp_path: Path) -> None:
    records = tmp_path / "bad.csv"
    records.write_text("file,date,for,against\nv1.md,03/05/2019,,\nv2.md,,10,\n")
    with pytest.raises(ImportFailure) as failure:
        import_history(_files(tmp_path, V1, V2), "r", tmp_path / "repo", records_file=records)
    assert "bad.csv:2:2: 'date'" in failure.value.message  # row 2, column 2
    assert "bad.csv:3:3: give both 'for' and 'against'" in failure.value.message
    no_file_column = tmp_path / "columns.csv"
    no_file_column.write_text("name,date\n")
    with pytest.raises(ImportFailure, match="'file' column"):
        import_history(_files(tmp_path, V1), "r", tmp_path / "repo", records_file=no_file_column)


def test_it_refuses_to_mix_with_existing_work(tmp_path: Path) -> None:
    files = _files(tmp_path, V1)
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    with pytest.raises(ImportFailure, match="not a git repository"):
        import_history(files, "riverside", folder)
    repo_path = tmp_path / "existing"
    import_history(files, "riverside", repo_path)
    with pytest.raises(ImportFailure, match="already exists"):
        import_history(files, "riverside", repo_path)
    (repo_path / "staged.txt").write_text("x")
    git.Repo(repo_path).index.add(["staged.txt"])
    with pytest.raises(ImportFailure, match="staged changes"):
        import_history(files, "another", repo_path)


def test_an_existing_repository_gets_the_history_on_top(tmp_path: Path) -> None:
    repo_path = tmp_path / "existing"
    repo = git.Repo.init(repo_path, initial_branch="main")
    (repo_path / "README.md").write_text("Our community\n")
    repo.index.add(["README.md"])
    repo.index.commit("Start")
    import_history(_files(tmp_path, V1, V2), "riverside", repo_path)
    assert len(list(repo.iter_commits())) == 3
    assert (repo_path / "README.md").read_text() == "Our community\n"


def test_cli_prints_the_figures(tmp_path: Path) -> None:
    files = _files(tmp_path, V1, V2, V3)
    result = run("import-history", *files, "--id", "riverside", "--into", tmp_path / "repo")
    assert result.exit_code == 0, result.output
    assert "Every version validates" in result.output
    assert "Imported 3 versions" in result.output
    failed = run("import-history", *files, "--id", "riverside", "--into", tmp_path / "repo")
    assert failed.exit_code == 1 and "Nothing was written" in failed.output


# --- the real histories ------------------------------------------------------------------

# Ratification dates from the public record; git cannot hold most of them (before 1970).
US_DATES = [
    "1788-06-21",
    "1791-12-15",
    "1795-02-07",
    "1804-06-15",
    "1865-12-06",
    "1868-07-09",
    "1870-02-03",
    "1913-02-03",
    "1913-04-08",
    "1919-01-16",
    "1920-08-18",
    "1933-01-23",
    "1933-12-05",
    "1951-02-27",
    "1961-03-29",
    "1964-01-23",
    "1967-02-10",
    "1971-07-01",
    "1992-05-07",
    "2021-01-02",
]

# (kept, changed, moved, new, gone) clauses at each step, checked against each source diff:
# an amendment adds its own clauses or changes the ones it touches, and nothing else.
US_STEPS = [
    (85, 1, 0, 9, 0),  # Bill of Rights: I appended to Art. I s.1, II-X added
    (94, 1, 0, 0, 0),  # XI: Art. III s.2 narrowed
    (94, 1, 0, 0, 0),  # XII: the electors paragraph rewritten
    (94, 1, 0, 0, 0),  # XIII
    (93, 1, 0, 3, 1),  # XIV: the privileges clause replaced by s.1, others added
    (97, 0, 0, 1, 0),  # XV
    (97, 1, 0, 0, 0),  # XVI
    (96, 2, 0, 0, 0),  # XVII: two Senate clauses
    (98, 0, 0, 1, 0),  # XVIII: a new article
    (98, 1, 0, 0, 0),  # XIX
    (96, 3, 0, 1, 0),  # XX
    (99, 0, 0, 1, 1),  # XXI: XVIII's text repealed and replaced
    (100, 0, 0, 1, 0),  # XXII
    (101, 0, 0, 2, 0),  # XXIII
    (103, 0, 0, 1, 0),  # XXIV
    (95, 1, 8, 9, 0),  # XXV: 5 "SubSection" headings wrap 8 paragraphs; 4 paragraphs added
    (112, 1, 0, 0, 0),  # XXVI
    (112, 1, 0, 0, 0),  # XXVII
    (96, 0, 17, 0, 0),  # formatting only: Art. I s.8's 17 paragraphs become a numbered list
]


def _texts(doc: Document) -> dict[str, str]:
    return {p.id: p.text for p in doc.provisions() if isinstance(p, Clause)}


def check_step(old: Document, new: Document, comparison: Comparison) -> None:
    """What must hold between any two consecutive versions, whatever the amendment."""
    before, after = _texts(old), _texts(new)
    old_count, new_count = Counter(before.values()), Counter(after.values())
    old_by_text = {text: ident for ident, text in before.items() if old_count[text] == 1}
    for ident, text in after.items():
        if new_count[text] == 1 and text in old_by_text:
            assert old_by_text[text] == ident, f"unchanged text got a new id: {text[:60]}"
    for change in comparison.with_status("new"):
        if change.kind == "clause":
            assert change.new.text not in old_count, "a new id for text that was there before"
    for change in comparison.with_status("gone"):
        if change.kind == "clause":
            assert change.old.text not in new_count, "an id gone while its text is still there"
    for change in comparison.with_status("changed"):
        if change.kind == "clause":
            assert change.old.text != change.new.text


def _history(
    realdata: Path, folder: str, first: int, csv: Path | None, into: Path
) -> HistoryResult:
    files = sorted((realdata / folder).glob("v*.md"))[first:]
    return import_history(files, folder, into, records_file=csv)


@pytest.mark.realdata
def test_us_constitution_history(realdata: Path, tmp_path: Path) -> None:
    files = sorted((realdata / "us-constitution").glob("v*.md"))[1:]  # from the 1787 text on
    records = tmp_path / "us.csv"
    rows = [f"{f.name},{d}" for f, d in zip(files, US_DATES, strict=True)]
    records.write_text("file,date\n" + "\n".join(rows) + "\n")
    history = import_history(files, "us-constitution", tmp_path / "repo", records_file=records)
    versions = [doc for _, doc in versions_in_git(tmp_path / "repo", history.path)]
    assert len(versions) == 20
    assert versions[0].decision.adopted == date(1788, 6, 21)

    steps = [s.comparison for s in history.steps[1:]]
    figures = [tuple(c.counts().values()) for c in steps]
    assert figures == US_STEPS
    for old, new, comparison in zip(versions[:-1], versions[1:], steps, strict=True):
        check_step(old, new, comparison)

    # The clauses of 1787 keep their ids in every later version; the only one that goes
    # is the privileges clause that the Fourteenth Amendment replaced.
    original = _texts(versions[0])
    for number, doc in enumerate(versions[1:], start=2):
        missing = {original[i] for i in original.keys() - doc.ids()}
        if number < 6:
            assert missing == set()
        else:
            assert [t[:40] for t in missing] == ["The Citizens of each State shall be enti"]

    # The last version changes formatting only: no wording changes, every id kept, and
    # the paragraphs of Art. I s.8 are reported as moved into a list.
    last = steps[-1]
    assert not last.wording_changed
    moved = last.with_status("moved")
    assert len(moved) == 17 and all(c.structural for c in moved)
    assert {c.new.parent for c in moved} == {versions[-1].articles[0].sections[7].clauses[0].id}


@pytest.mark.realdata
def test_openjs_charter_history(realdata: Path, tmp_path: Path) -> None:
    folder = realdata / "openjs-cpc-charter"
    history = _history(realdata, "openjs-cpc-charter", 0, folder / "versions.csv", tmp_path / "r")
    versions = [doc for _, doc in versions_in_git(tmp_path / "r", history.path)]
    assert len(versions) == 26
    assert versions[17].decision.adopted == date(2023, 7, 3)  # dates from the CSV
    steps = [s.comparison for s in history.steps[1:]]
    for old, new, comparison in zip(versions[:-1], versions[1:], steps, strict=True):
        check_step(old, new, comparison)

    # v17 re-wraps the whole file. Hidden in it are four small edits; the import reports
    # exactly those as changed clauses, and nothing about the re-wrap itself.
    before = (folder / "v16_2022-04-25.md").read_text().split()
    after = (folder / "v17_2023-07-03.md").read_text().split()
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    edits = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    rewrap = steps[16]
    assert len(edits) == 4
    assert rewrap.counts() == {"kept": 85, "changed": 4, "moved": 0, "new": 0, "gone": 0}
    for change in rewrap.with_status("changed"):
        assert change.old.text.split() != change.new.text.split()


def test_each_version_is_tagged_and_diff_takes_version_numbers(tmp_path: Path) -> None:
    files = _files(tmp_path, V1, V2, V3)
    repo_path = tmp_path / "repo"
    result = run("import-history", *files, "--id", "riverside", "--into", repo_path)
    assert result.exit_code == 0, result.output
    repo = git.Repo(repo_path)
    commits = [c.hexsha for c in reversed(list(repo.iter_commits()))]
    tags = {t.name: t.commit.hexsha for t in repo.tags}
    assert tags["riverside/v1"] == tags["v1"] == commits[-3]
    assert tags["riverside/v3"] == commits[-1]
    shown = run("diff", "2", "3", "--doc", "riverside", "--source", repo_path / "constitutions")
    assert shown.exit_code == 0, shown.output
    assert "summer" in shown.output
    short = run("diff", "v2", "v3", "--source", repo_path / "constitutions")
    assert short.exit_code == 0 and "summer" in short.output, short.output


def test_without_a_csv_dates_come_from_front_matter_or_the_file_name(tmp_path: Path) -> None:
    folder = tmp_path / "sources"
    folder.mkdir()
    first = folder / "v01_2019-05-03.md"
    first.write_text(V1, encoding="utf-8")
    second = folder / "second.md"
    second.write_text("---\ndate: 2020-06-01\n---\n" + V2, encoding="utf-8")
    history = import_history([first, second], "riverside", tmp_path / "repo")
    adopted = [s.result.document.decision.adopted for s in history.steps]  # type: ignore[union-attr]
    assert adopted == [date(2019, 5, 3), date(2020, 6, 1)]
    said = [n.message for n in history.notes]
    assert any("2019-05-03, taken from its file name" in m for m in said)
    assert any("2020-06-01, taken from its front matter" in m for m in said)
