"""The importer keeps what the source says: its own numbers, labels, title and ids.

Synthetic fixtures (tests/fixtures/own-numbers/, our own words) pin each case; the
real histories in ../shared/realdata are measured with tests/fidelity.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fidelity import DOUBLED, history_files, id_swaps, measure

from generator.importer.importing import Settings, import_outline
from generator.importer.markdown_source import read_markdown
from generator.importer.sources import read_outline
from generator.model.document import Clause, Document
from generator.model.numbering import number_document

FIXTURES = Path(__file__).parent / "fixtures" / "own-numbers"


def _import(text: str, name: str = "rules.md", previous: Document | None = None):
    taken = previous.ids() if previous else set()
    return import_outline(read_markdown(text, name), Settings(doc_id="rules"), previous, taken)


def _shown(doc: Document) -> dict[str, str]:
    numbers = number_document(doc)
    return {
        getattr(p, "text", None) or p.title: numbers[p.id].short  # type: ignore[union-attr]
        for p in doc.provisions()
    }


def test_unnumbered_opening_paragraphs_leave_2_1_and_2_2_as_written() -> None:
    result = import_outline(read_outline(FIXTURES / "opening-paragraphs.md"), Settings("rules"))
    shown = _shown(result.document)
    assert shown["A member who leaves gives the plot back tidy."] == "2.1"
    assert shown["The committee keeps a waiting list open to anyone."] == "2.2"
    assert shown["Every member may rent one plot at a time."] == ""
    assert shown["Fees"] == "A"  # the appendix keeps its letter, and its word
    fees = next(a for a in result.document.articles if a.title == "Fees")
    assert number_document(result.document)[fees.id].label == "Appendix A"
    assert "word: Appendix" in result.yaml_text
    assert shown["The yearly fee is set at the annual meeting."] == "A.1"
    assert not any(
        c.text.startswith("2.") for c in result.document.provisions() if isinstance(c, Clause)
    )
    assert 'number: "2.1"' in result.yaml_text


def test_chapters_from_zero_and_a_clause_4_1_3() -> None:
    result = import_outline(read_outline(FIXTURES / "from-zero.md"), Settings("rules"))
    doc = result.document
    numbers = number_document(doc)
    labels = [numbers[p.id].label for p in doc.provisions()]
    assert labels[:4] == ["Chapter 0", "clause 0.1", "Chapter 1", "Section 1.0"]
    assert _shown(doc)["at least seven days before the meeting."] == "4.1(3)"
    assert doc.title == "Lantern Makers Guild Bylaws"  # from the front matter
    assert not any("made from the file name" in n.message for n in result.notes)


def test_written_list_labels_become_numbers_not_text() -> None:
    result = import_outline(read_outline(FIXTURES / "labels.md"), Settings("rules"))
    doc = result.document
    shown = _shown(doc)
    assert shown["keep the minutes;"] == "1.1(a)"  # - (a)
    assert shown["report every quarter."] == "1.2(b)"  # * (b)
    assert shown["approve the budget;"].endswith("i")  # - i.
    assert shown["water them."] == "1.4.2"  # 2)
    clauses = [p for p in doc.provisions() if isinstance(p, Clause)]
    assert not [c.text for c in clauses if DOUBLED.match(c.text)]
    assert "approve-budget" in doc.ids() and "i-approve-budget" not in doc.ids()


def test_dropping_or_restyling_labels_changes_no_text_and_no_id() -> None:
    head = "# Rules\n\n## Duties\n\nThe secretary must:\n\n"
    first = _import(head + "- (a) keep the minutes;\n- (b) answer letters.\n")
    second = _import(
        "# Rules\n\n## Duties\n\nThe secretary must:\n\n- keep the minutes;\n- answer letters.\n",
        previous=first.document,
    )
    third = _import(
        "# Rules\n\n## Duties\n\nThe secretary must:\n\n1. keep the minutes;\n2. answer letters.\n",
        previous=second.document,
    )
    texts = [
        [c.text for c in r.document.provisions() if isinstance(c, Clause)]
        for r in (first, second, third)
    ]
    assert texts[0] == texts[1] == texts[2]
    assert first.document.ids() == second.document.ids() == third.document.ids()


def test_title_falls_back_to_the_file_name_with_a_warning() -> None:
    result = _import(
        "## Name\n\nThe club is called the Heron Club.\n", name="v01_2019-03-02_rules.md"
    )
    assert result.document.title.startswith("V01")
    assert any("made from the file name" in n.message for n in result.notes)


REPEATED = "The chair may close the meeting early."


def _repeated_version(extra: dict[int, str]) -> str:
    parts = ["# Harbour Rowing Club Rules\n"]
    for n in range(1, 9):
        parts.append(f"\n## Article {n}. Part {n}\n\n")
        if n in extra:
            parts.append(f"{extra[n]}\n\n")
        parts.append(f"Business of part {n} is taken in order.\n\n{REPEATED}\n")
    return "".join(parts)


def test_a_sentence_repeated_eight_times_keeps_its_ids_by_place() -> None:
    first = _import(_repeated_version({}))
    second = _import(
        _repeated_version({2: "A new opening rule.", 5: "Another new rule.", 7: "A third."}),
        previous=first.document,
    )

    def repeated_by_article(doc: Document) -> dict[str, str]:
        return {a.id: c.id for a in doc.articles for c in a.clauses if c.text == REPEATED}

    before, after = repeated_by_article(first.document), repeated_by_article(second.document)
    assert len(before) == 8 and before == after
    assert id_swaps(first.document, second.document) == 0


# --- the real histories ---------------------------------------------------------------


@pytest.mark.realdata
@pytest.mark.parametrize(
    ("history", "least"),
    [("us-constitution", 0.99), ("openjs-cpc-charter", 0.99), ("hive13-bylaws", 1.0)],
)
def test_real_histories_keep_their_numbers(realdata: Path, history: str, least: float) -> None:
    figures = measure(history, history_files(realdata, history))
    print(figures.line())
    assert figures.written > 0
    assert figures.share >= least, figures.misses[:20]
    assert figures.doubled == 0
    assert figures.swaps == 0


def test_a_reworded_lead_in_keeps_its_id_and_its_items_do_not_move() -> None:
    items = "\n\n- (a) keep the accounts of the club;\n- (b) report to the members each year.\n"
    first = _import("# R\n\n## Money\n\nThe treasurer shall, each year, do these things:" + items)
    second = _import(
        "# R\n\n## Money\n\nEvery year the treasurer must:" + items, previous=first.document
    )
    assert first.document.ids() == second.document.ids()
    assert second.comparison is not None
    statuses = {c.id: c.status for c in second.comparison.changes}
    assert sorted(statuses.values()) == ["changed", "kept", "kept", "kept"]
    assert not any(c.moved for c in second.comparison.changes)


def test_links_to_files_beside_the_source_are_reported() -> None:
    result = _import(
        "# Rules\n\n## Conduct\n\nMembers follow the [code of conduct](./CODE_OF_CONDUCT.md) "
        "and the [guide](https://example.org/guide).\n"
    )
    said = [n.message for n in result.notes if n.kind == "link"]
    assert len(said) == 1 and "'./CODE_OF_CONDUCT.md'" in said[0]


DEEP = """# Our Constitution

## Article 1. Members

### Section 1.1 Who may join

#### 1.1.1 Residents

Anyone living in the area may join.

### Section 1.2 Leaving

A member may leave at any time.
"""


def test_deeper_headings_and_numbers_the_source_does_not_write_are_reported() -> None:
    result = _import(DEEP)
    shown = _shown(result.document)
    assert shown["Residents"] == "1.1.1"  # the heading's own number, kept
    notes = {note.line: note.message for note in result.notes}
    assert "heading 'Residents' is a level below sections" in notes[7]
    assert notes[9].startswith("the source writes no number here, so it is numbered by position")
    assert "1.1.1(a)" in notes[9] and "13 (1.2.1)" in notes[9]


def test_a_document_numbered_by_position_throughout_gets_no_numbering_note() -> None:
    result = _import("# Rules\n\n## Meetings\n\nWe meet monthly.\n\nAnyone may come.\n")
    assert not [note for note in result.notes if note.kind == "numbering"]
