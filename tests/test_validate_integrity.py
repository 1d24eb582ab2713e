"""Validation holes (issue 12, point 7): text lost or printed raw, impossible dates, renamed ids.

Each case is a real file checked by the real `charters validate`; the ones about
history are real git repositories. The exact `file:line:col: error: message` line
is asserted; positions were worked out from the sample texts in
`sample_documents.py` (line numbers are listed there) and the edit each case makes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run
from gitrepo import git
from sample_documents import CHARTER, CONSTITUTION, edit, write_files

C = "town-constitution.yaml"
H = "town-library.yaml"


def errors(folder: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The error lines `charters validate constitutions` prints, run from `folder`."""
    monkeypatch.chdir(folder)
    result = run("validate", "constitutions")
    lines = [line for line in result.output.splitlines() if ": error: " in line]
    assert (result.exit_code == 1) == bool(lines), result.output
    return lines


def test_a_comment_that_cuts_a_plain_text_short_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = edit(
        CONSTITUTION,
        "text: The quorum of a general meeting is 20 members.",
        "text: Meetings are held in Room #3 of the hall",
    )
    write_files(tmp_path / "constitutions", {C: text})
    assert errors(tmp_path, monkeypatch) == [
        f"constitutions/{C}:27:41: error: YAML reads ' #' as the start of a comment, so this "
        "text ends at 'Meetings are held in Room' and '#3 of the hall' is lost. Put the text "
        'in quotes: text: "Meetings are held in Room #3 of the hall"'
    ]


def test_a_comment_after_quoted_text_or_another_field_is_fine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = edit(
        CONSTITUTION,
        "text: The quorum of a general meeting is 20 members.",
        'text: "Meetings are held in Room #3 of the hall"  # the big room',
    )
    text = edit(text, 'version: "1.0"', 'version: "1.0" # first')
    write_files(tmp_path / "constitutions", {C: text})
    assert errors(tmp_path, monkeypatch) == []


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        (
            "[[#4.3]]",
            "'4.3' is not a clause id; a citation names a clause by its id (lower-case "
            "letters, digits and hyphens, e.g. [[#quorum]]), not by its number",
        ),
        (
            "[[other-doc]]",
            "it names no clause; write [[document-id#clause-id]], or [[#clause-id]] for a "
            "clause of this document",
        ),
        ("[[#quorum|]]", "the label after '|' is empty; write a label or remove the '|'"),
        ("[[#quorum]", "it is not closed with ']]'"),
    ],
)
def test_a_malformed_citation_is_an_error_not_printed_raw(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, written: str, reason: str
) -> None:
    text = edit(
        CONSTITUTION,
        "The name of the group is the Town Residents.",
        f"The name of the group is set by {written} here.",
    )
    write_files(tmp_path / "constitutions", {C: text})
    assert errors(tmp_path, monkeypatch) == [
        f"constitutions/{C}:22:15: error: the citation {written} is not well formed: {reason}."
    ]


def test_an_adoption_date_years_ahead_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = edit(CONSTITUTION, "adopted: 2024-05-01", "adopted: 2204-05-01")
    write_files(tmp_path / "constitutions", {C: text})
    assert errors(tmp_path, monkeypatch) == [
        f"constitutions/{C}:7:12: error: the adoption date 2204-05-01 is more than a day in the "
        "future; record the date the meeting adopted this version."
    ]


# --- against history -------------------------------------------------------------------


def _repository(root: Path, files: dict[str, str], date: str = "2024-05-02") -> None:
    """A git repository whose one commit holds `files` under constitutions/."""
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    write_files(root / "constitutions", files)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Adopt", date=date)


def _next_version(text: str, adopted: str) -> str:
    text = edit(text, 'version: "1.0"', 'version: "1.1"')
    return edit(text, "adopted: 2024-05-01", f"adopted: {adopted}")


def test_a_version_dated_before_the_one_it_amends_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "repo"
    _repository(root, {C: CONSTITUTION})
    write_files(root / "constitutions", {C: _next_version(CONSTITUTION, "2024-04-01")})
    assert errors(root, monkeypatch) == [
        f"constitutions/{C}:7:12: error: version 1.1 is dated 2024-04-01, before version 1.0 "
        "(2024-05-01) that it amends; check the adoption date."
    ]


def test_a_charter_adopted_before_its_constitution_existed_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "repo"
    _repository(root, {C: CONSTITUTION})
    charter = edit(
        CHARTER,
        "status: draft\n",
        "status: adopted\ndecision:\n  adopted: 2023-01-10\n  body: General meeting\n",
    )
    write_files(root / "constitutions", {H: charter})
    assert errors(root, monkeypatch) == [
        f"constitutions/{H}:7:12: error: this charter is dated 2023-01-10, but the constitution "
        "'town-constitution' it is made under was first adopted on 2024-05-01 (version 1.0); "
        "a charter cannot be adopted before its constitution existed. Check the date."
    ]


def test_a_published_id_renamed_with_the_same_words_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "repo"
    _repository(root, {C: CONSTITUTION})
    draft = edit(CONSTITUTION, 'version: "1.0"', 'version: "1.1"')
    draft = edit(draft, "status: adopted", "status: draft")
    draft = draft[: draft.index("decision:")] + draft[draft.index("amendment_rule:") :]
    draft = edit(draft, "- id: quorum", "- id: quorum-rule")
    write_files(root / "constitutions", {C: draft})
    # The decision record is 8 lines shorter, so the clause id is on line 26 - 8 = 18.
    assert errors(root, monkeypatch) == [
        f"constitutions/{C}:18:13: error: the clause 'quorum-rule' has the same words as "
        "clause 'quorum' of version 1.0, whose id is gone: an id must never change once "
        "published, or links to #quorum stop working. Give it back its id: id: quorum"
    ]


def test_a_draft_still_carrying_the_previous_decision_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "repo"
    _repository(root, {C: CONSTITUTION})
    draft = edit(CONSTITUTION, 'version: "1.0"\nstatus: adopted', 'version: "1.1"\nstatus: draft')
    write_files(root / "constitutions", {C: draft})
    assert errors(root, monkeypatch) == [
        f"constitutions/{C}:6:1: error: this version is a draft, but it still carries the "
        "decision record of version 1.0 (adopted 2024-05-01 by Annual general meeting), which "
        "the site would show under the proposal as if it had been decided. Remove 'decision:' "
        "until a meeting adopts this text, then set status: adopted and record that decision."
    ]
