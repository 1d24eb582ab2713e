"""A document in two languages (issue 17, item 2): a translation beside its original.

Each case is real files in a temporary `constitutions/` folder, checked by the
real `charters validate`; the history cases are real git repositories. The
Welsh text below has the same line numbers as the English sample (with the two
language lines added to it), so positions can be read off both texts.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLE, ROOT, run
from gitrepo import git
from sample_documents import CHARTER, CONSTITUTION, edit, write_files

from generator.history.repository import HistoryError, read_history
from generator.load.files import load_paths
from generator.model.history import RepositoryHistory

C = "town-constitution.yaml"
W = "town-constitution.cy.yaml"
FAMILY = "family-coaching-charter"  # the example community's charter kept in English and Welsh

# The sample constitution, saying it is English and that both texts are authoritative.
ENGLISH = edit(CONSTITUTION, "status: adopted\n", "status: adopted\nlanguage: en\n")
ENGLISH = edit(ENGLISH, "language: en\n", "language: en\nauthoritative: [en, cy]\n")

# Lines: 4 version, 5 status, 6 language, 11 votes.for, 17 quorum, 18 articles,
# 24 second article (meetings), 26 its clauses, 27 clause quorum, 28 its text.
WELSH = """\
kind: constitution
id: town-constitution
title: Cyfansoddiad Trigolion y Dref
version: "1.0"
status: adopted
language: cy
decision:
  adopted: 2024-05-01
  body: Cyfarfod cyffredinol blynyddol
  votes:
    for: 30
    against: 5
    abstain: 2
  present: 40
amendment_rule:
  threshold: "2/3"
  quorum: 20
articles:
  - id: name
    title: Enw
    clauses:
      - id: name-of-group
        text: Enw'r grŵp yw Trigolion y Dref.
  - id: meetings
    title: Cyfarfodydd
    clauses:
      - id: quorum
        text: Cworwm cyfarfod cyffredinol yw 20 aelod.
"""


def check(folder: Path, files: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The problem lines `charters validate constitutions` prints for `files`."""
    write_files(folder / "constitutions", files)
    monkeypatch.chdir(folder)
    result = run("validate", "constitutions")
    lines = [
        line for line in result.output.splitlines() if ": error: " in line or ": warning: " in line
    ]
    assert (result.exit_code == 1) == any(": error: " in line for line in lines), result.output
    return lines


def test_a_matching_translation_is_valid_and_is_not_a_document_of_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert check(tmp_path, {C: ENGLISH, W: WELSH}, monkeypatch) == []
    loaded = load_paths([Path("constitutions")])
    assert [d.source for d in loaded.documents] == [f"constitutions/{C}"]
    assert [(d.source, d.language) for d in loaded.translations] == [(f"constitutions/{W}", "cy")]
    assert loaded.documents[0].authoritative == ("en", "cy")


def test_a_clause_missing_from_the_translation_is_named_where_it_belongs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    welsh = edit(
        WELSH, "      - id: quorum\n        text: Cworwm cyfarfod cyffredinol yw 20 aelod.\n", ""
    )
    welsh = edit(
        welsh, "    title: Cyfarfodydd\n    clauses:\n", "    title: Cyfarfodydd\n    clauses: []\n"
    )
    assert check(tmp_path, {C: ENGLISH, W: welsh}, monkeypatch) == [
        f"constitutions/{W}:26:5: error: the clause 'quorum' of the original is missing from "
        "this translation; add it with the same id, in the same place."
    ]


def test_an_extra_id_in_the_translation_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    welsh = WELSH + "      - id: quorum-online\n        text: Mae aelodau ar-lein yn cyfrif.\n"
    assert check(tmp_path, {C: ENGLISH, W: welsh}, monkeypatch) == [
        f"constitutions/{W}:29:13: error: the clause 'quorum-online' is not in the original, "
        f"constitutions/{C}; a translation has exactly the original's ids."
    ]


def test_a_clause_moved_to_another_article_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    welsh = edit(
        WELSH, "      - id: name-of-group\n        text: Enw'r grŵp yw Trigolion y Dref.\n", ""
    )
    welsh = edit(welsh, "    title: Enw\n    clauses:\n", "    title: Enw\n    clauses: []\n")
    welsh += "      - id: name-of-group\n        text: Enw'r grŵp yw Trigolion y Dref.\n"
    assert check(tmp_path, {C: ENGLISH, W: welsh}, monkeypatch) == [
        f"constitutions/{W}:27:13: error: the clause 'name-of-group' is in a different place "
        "from the original; a translation keeps every provision where the original has it."
    ]


def test_a_translation_of_another_version_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    welsh = edit(WELSH, 'version: "1.0"', 'version: "1.1"')
    assert check(tmp_path, {C: ENGLISH, W: welsh}, monkeypatch) == [
        f"constitutions/{W}:4:10: error: this translation is version 1.1 but its original is "
        "version 1.0; a translation carries the same version (or, while it is being caught up, "
        "'status: draft')."
    ]


def test_a_lagging_translation_may_stand_only_as_a_draft(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    welsh = edit(WELSH, 'version: "1.0"', 'version: "0.9"')
    welsh = edit(welsh, "status: adopted", "status: draft")
    welsh = edit(welsh, "      - id: quorum\n", "      - id: old-quorum\n")  # not compared
    assert check(tmp_path, {C: ENGLISH, W: welsh}, monkeypatch) == [
        f"constitutions/{W}:5:9: warning: this cy translation is a draft, so the site shows it "
        "as an unofficial draft beside version 1.0 until it is adopted with the same version."
    ]


def test_a_translation_of_another_kind_is_named_as_such(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    charter = edit(CHARTER, "id: town-library", "id: town-constitution")
    charter = edit(charter, "status: draft", "status: draft\nlanguage: cy")
    lines = check(tmp_path, {C: ENGLISH, W: charter}, monkeypatch)
    assert (
        f"constitutions/{W}:1:7: error: this translation is a charter but its original, "
        f"constitutions/{C}, is a constitution; a translation is the same document in another "
        "language."
    ) in lines


def test_a_changed_number_vote_or_code_is_text_in_the_wrong_field(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    welsh = edit(WELSH, "    for: 30", "    for: 31")
    welsh = edit(welsh, "    title: Cyfarfodydd\n", '    title: Cyfarfodydd\n    number: "Dau"\n')
    assert check(tmp_path, {C: ENGLISH, W: welsh}, monkeypatch) == [
        f"constitutions/{W}:11:10: error: 'for' is 31 here but 30 in the original. Only wording "
        "(titles, texts, names) is translated; numbers, dates, votes, links and codes stay "
        "exactly as in the original.",
        f"constitutions/{W}:26:5: error: 'number' is in this translation but not in the "
        "original; a translation holds only what the original holds.",
    ]


def test_a_translated_reference_in_a_charter_is_text_in_the_wrong_field(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    english = edit(CHARTER, "status: draft", "status: draft\nlanguage: en")
    welsh = edit(english, "language: en", "language: cy")
    welsh = edit(welsh, "  name: Community library", "  name: Llyfrgell gymunedol")
    welsh = edit(welsh, "constitution: town-constitution", "constitution: cyfansoddiad-y-dref")
    files = {C: edit(ENGLISH, "[en, cy]", "[en]"), "town-library.yaml": english}
    files["town-library.cy.yaml"] = welsh
    lines = check(tmp_path, files, monkeypatch)
    assert lines == [
        "constitutions/town-library.cy.yaml:7:15: error: 'constitution' is "
        "'cyfansoddiad-y-dref' here but 'town-constitution' in the original. Only wording "
        "(titles, texts, names) is translated; numbers, dates, votes, links and codes stay "
        "exactly as in the original.",
    ]


@pytest.mark.parametrize(
    ("name", "language", "where", "message"),
    [
        (
            W,
            "xx",
            "6:11",
            "'xx' is not a language code: write a code such as en (English) or cy (Welsh).",
        ),
        (
            "town-constitution.qq.yaml",
            "qq",
            "1:1",
            "the file name says this is a translation, but 'qq' is not a language code: write a "
            "code such as en (English) or cy (Welsh).",
        ),
        (
            W,
            "gd",
            "6:11",
            "this file is named as the 'cy' translation but says 'language: gd'; make the two "
            "the same.",
        ),
    ],
)
def test_a_language_code_that_is_not_a_real_one_is_refused(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    language: str,
    where: str,
    message: str,
) -> None:
    welsh = edit(WELSH, "language: cy", f"language: {language}")
    english = ENGLISH if name == W else edit(ENGLISH, "[en, cy]", "[en]")
    assert check(tmp_path, {C: english, name: welsh}, monkeypatch) == [
        f"constitutions/{name}:{where}: error: {message}"
    ]


def test_a_translation_named_after_another_id_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {C: edit(ENGLISH, "[en, cy]", "[en]"), "town-charter.cy.yaml": WELSH}
    assert check(tmp_path, files, monkeypatch) == [
        "constitutions/town-charter.cy.yaml:2:5: error: the id 'town-constitution' does not "
        "match the file name 'town-charter.cy.yaml'; a translation is named after its "
        "document's id: 'town-constitution.cy.yaml'."
    ]


def test_an_authoritative_language_without_its_text_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert check(tmp_path, {C: ENGLISH}, monkeypatch) == [
        f"constitutions/{C}:7:21: error: 'cy' is named as authoritative, but this document is "
        "not written in 'cy' and has no 'cy' translation beside it (town-constitution.cy.yaml)."
    ]


# --- against history -------------------------------------------------------------------


def _adopted(root: Path) -> None:
    """A repository whose one commit holds version 1.0 in English and Welsh."""
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    write_files(root / "constitutions", {C: ENGLISH, W: WELSH})
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Adopt", date="2024-05-02")


def _version_1_1(text: str) -> str:
    text = edit(text, 'version: "1.0"', 'version: "1.1"')
    return edit(text, "adopted: 2024-05-01", "adopted: 2025-05-01")


def test_a_clause_amended_in_one_language_only_is_an_error_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "repo"
    _adopted(root)
    english = edit(_version_1_1(ENGLISH), "is 20 members.", "is 15 members.")
    files = {C: english, W: _version_1_1(WELSH)}
    assert check(root, files, monkeypatch) == [
        f"constitutions/{W}:27:13: error: the clause 'quorum' is amended in constitutions/{C} "
        "in version 1.1 but not in this cy translation; amend both in the same version."
    ]


def test_a_clause_amended_in_the_translation_only_is_an_error_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "repo"
    _adopted(root)
    welsh = edit(_version_1_1(WELSH), "Trigolion y Dref.", "Trigolion Canol y Dref.")
    files = {C: _version_1_1(ENGLISH), W: welsh}
    assert check(root, files, monkeypatch) == [
        f"constitutions/{W}:22:13: error: the clause 'name-of-group' is amended in this cy "
        f"translation in version 1.1 but not in the original, constitutions/{C}; amend both "
        "in the same version."
    ]


def test_both_languages_amended_together_are_valid(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "repo"
    _adopted(root)
    english = edit(_version_1_1(ENGLISH), "is 20 members.", "is 15 members.")
    welsh = edit(_version_1_1(WELSH), "yw 20 aelod.", "yw 15 aelod.")
    assert check(root, {C: english, W: welsh}, monkeypatch) == []


# --- the shipped example ---------------------------------------------------------------


def _example_history() -> RepositoryHistory:
    """The example's history from this checkout's default branch; a shallow clone skips."""
    try:
        history = read_history(EXAMPLE)
    except HistoryError as err:
        pytest.skip(f"the example's history cannot be read here: {err}")
    if history.shallow:
        pytest.skip("a shallow clone holds only some of the example's versions")
    return history


def test_the_example_charter_is_in_welsh_at_two_adopted_versions_with_the_english_ids() -> None:
    history = _example_history()
    english = {v.version.text: v.document for v in history.documents[FAMILY].versions}
    entry = history.translations.get((FAMILY, "cy"))
    welsh = entry.versions if entry else []
    assert len(welsh) >= 2, [v.version.text for v in welsh]
    for published in welsh:
        translation, original = published.document, english.get(published.version.text)
        assert original is not None, f"Welsh {published.version} has no English version"
        assert translation.language == "cy" and original.language == "en"
        assert "cy" in original.authoritative
        assert translation.status == original.status == "adopted"
        places = [(p.id, p.path) for p in original.provisions()]
        assert [(p.id, p.path) for p in translation.provisions()] == places, published.version
        assert translation.title != original.title  # translated, not copied


def test_the_example_with_its_welsh_translation_validates_without_a_problem(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _example_history()
    monkeypatch.chdir(ROOT)
    result = run("validate", "constitutions")
    assert result.exit_code == 0, result.output
    assert "no problems found" in result.output, result.output
    loaded = load_paths([Path("constitutions")])
    assert [(t.id, t.language) for t in loaded.translations] == [(FAMILY, "cy")]
