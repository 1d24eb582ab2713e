"""The document's own numbers: explicit `number`s, a `numbering:` scheme, and their checks."""

from __future__ import annotations

from pathlib import Path

from generator.check import check_paths
from generator.load.documents import read_document
from generator.model.numbering import number_document

HEAD = """kind: constitution
id: own-numbers
title: Own numbers
version: "1"
status: draft
amendment_rule:
  threshold: 2/3
"""


def _numbers(body: str) -> dict[str, str]:
    result = read_document((HEAD + body).encode(), "own-numbers.yaml")
    assert result.document is not None, result.problems
    return {key: n.short for key, n in number_document(result.document).items()}


def _labels(body: str) -> dict[str, str]:
    result = read_document((HEAD + body).encode(), "own-numbers.yaml")
    assert result.document is not None, result.problems
    return {key: n.label for key, n in number_document(result.document).items()}


def test_unnumbered_paragraphs_then_written_sections_keep_2_1_and_2_2() -> None:
    body = """articles:
  - id: one
    title: One
    clauses: [{id: a1, text: First.}]
  - id: two
    title: Two
    clauses:
      - {id: lead, number: "", text: An opening paragraph.}
      - {id: lead-2, number: "", text: A second opening paragraph.}
      - {id: s21, number: "2.1", text: The first numbered rule.}
      - {id: s22, number: "2.2", text: The second numbered rule.}
"""
    numbers = _numbers(body)
    assert (numbers["s21"], numbers["s22"]) == ("2.1", "2.2")
    assert numbers["lead"] == numbers["lead-2"] == ""
    assert _labels(body)["lead-2"] == "unnumbered paragraph 2 of Article 2"


def test_inserted_number_renumbers_nothing() -> None:
    body = """articles:
  - {id: a, title: A, clauses: [{id: x, text: X.}]}
  - {id: b, title: B, clauses: [{id: y, text: Y.}]}
  - {id: c, title: C, clauses: [{id: z, text: Z.}]}
  - {id: d, title: D, clauses: [{id: w, text: W.}]}
  - {id: d-a, number: 4A, title: Inserted, clauses: [{id: v, text: V.}]}
  - {id: e, title: E, clauses: [{id: u, text: U.}]}
"""
    numbers = _numbers(body)
    assert [numbers[k] for k in ("a", "b", "c", "d", "d-a", "e")] == ["1", "2", "3", "4", "4A", "5"]
    assert numbers["v"] == "4A.1"


def test_scheme_appendix_letters_chapters_from_zero_and_bracketed_subclauses() -> None:
    body = """numbering:
  articles: {start: 0, word: Chapter}
  sections: {word: Section}
  sub_clauses:
    - {style: arabic, brackets: true}
articles:
  - id: zero
    title: Zero
    sections:
      - id: zero-zero
        title: Names
        clauses:
          - id: rule
            text: A rule.
            clauses: [{id: one, text: One.}, {id: two, text: Two.}, {id: three, text: Three.}]
  - id: one-chapter
    title: One
    clauses: [{id: c, text: C.}]
  - id: appendix
    number: A
    title: Appendix
    clauses: [{id: app-1, text: Appendix text.}]
"""
    numbers = _numbers(body)
    labels = _labels(body)
    assert numbers["zero"] == "0" and labels["zero"] == "Chapter 0"
    assert numbers["zero-zero"] == "0.1" and labels["zero-zero"] == "Section 0.1"
    assert numbers["three"] == "0.1.1(3)"
    assert numbers["one-chapter"] == "1"
    assert numbers["appendix"] == "A" and numbers["app-1"] == "A.1"


def test_explicit_bracketed_number_joins_its_parent() -> None:
    body = """articles:
  - id: four
    number: "4"
    title: Four
    clauses:
      - id: four-one
        number: "4.1"
        text: Lead-in.
        clauses: [{id: third, number: "(3)", text: Third.}, {id: fourth, text: Fourth.}]
"""
    numbers = _numbers(body)
    assert numbers["third"] == "4.1(3)"
    assert numbers["fourth"] == "4.1(d)"  # counting goes on from the written (3)


def test_default_numbering_is_unchanged() -> None:
    body = """articles:
  - id: one
    title: One
    clauses:
      - {id: c1, text: C1., clauses: [{id: s1, text: S1., clauses: [{id: r1, text: R1.}]}]}
    sections:
      - {id: sec, title: Sec, clauses: [{id: c2, text: C2.}]}
"""
    assert _numbers(body) == {
        "one": "1", "c1": "1.1", "s1": "1.1(a)", "r1": "1.1(a)(i)", "sec": "1.2", "c2": "1.2.1"
    }  # fmt: skip


def test_duplicate_explicit_numbers_are_reported_at_their_line(tmp_path: Path) -> None:
    text = (
        HEAD
        + """articles:
  - id: two
    title: Two
    clauses:
      - id: first
        number: "2.1"
        text: One.
      - id: second
        number: "2.1"
        text: Two.
"""
    )
    path = tmp_path / "own-numbers.yaml"
    path.write_text(text)
    validation = check_paths([path], jobs=1, with_history=False)
    messages = [p.as_text() for p in validation.problems]
    assert any(
        m.startswith(f"{validation.files[0]}:16:17")
        and "'second' shows the same number as 'first'" in m
        for m in messages
    ), messages


def _problems(tmp_path: Path, body: str) -> list[str]:
    path = tmp_path / "own-numbers.yaml"
    path.write_text(HEAD + body)
    validation = check_paths([path], jobs=1, with_history=False)
    return [
        p.as_text().replace(str(validation.files[0]), "own-numbers.yaml")
        for p in validation.problems
    ]


def test_explicit_numbers_out_of_order_are_reported_at_their_line(tmp_path: Path) -> None:
    messages = _problems(
        tmp_path,
        """articles:
  - id: nine
    number: "9"
    title: Nine
    clauses: [{id: a, text: A.}]
  - id: seven
    number: "7"
    title: Seven
    clauses: [{id: b, text: B.}]
""",
    )
    assert any(
        m.startswith("own-numbers.yaml:14:13")
        and "'seven' is numbered 7, after 'nine' numbered 9" in m
        for m in messages
    ), messages


def test_inserted_numbers_and_romans_in_order_pass(tmp_path: Path) -> None:
    """4, 4A, 4B, 5, 10; i to x (where "x" is ten, not the letter): in order, no problem."""
    clauses = "\n".join(
        f'      - {{id: r{n}, number: "{roman}", text: Item {n}.}}'
        for n, roman in enumerate(["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"])
    )
    messages = _problems(
        tmp_path,
        f"""articles:
  - {{id: four, number: "4", title: Four, clauses: [{{id: a, text: A.}}]}}
  - {{id: four-a, number: "4A", title: Four A, clauses: [{{id: b, text: B.}}]}}
  - {{id: four-b, number: "4B", title: Four B, clauses: [{{id: c, text: C.}}]}}
  - id: five
    number: "5"
    title: Five
    clauses:
{clauses}
  - {{id: ten, number: "10", title: Ten, clauses: [{{id: d, text: D.}}]}}
""",
    )
    assert messages == []


def test_an_article_with_a_word_of_its_own_is_read_with_it() -> None:
    """An appendix among articles: "Appendix A", not "Article A"; the others keep theirs."""
    labels = _labels(
        """articles:
  - {id: one, title: One, clauses: [{id: a, text: A.}]}
  - {id: fees, number: "A", word: Appendix, title: Fees, clauses: [{id: b, text: B.}]}
"""
    )
    assert labels["one"] == "Article 1"
    assert labels["fees"] == "Appendix A"


def test_default_words_follow_the_page_language_and_a_documents_own_word_is_kept() -> None:
    from generator.support import i18n

    body = """numbering:
  sections: {word: Schedule}
articles:
  - id: one
    title: One
    clauses: [{id: a1, text: First.}]
    sections:
      - id: s1
        title: Fees
        clauses: [{id: s1c, text: Fees.}]
  - id: annex
    word: Appendix
    number: A
    title: Forms
    clauses:
      - {id: f1, text: A form., clauses: [{id: f1a, text: Part.}]}
      - {id: f2, number: "", text: Unnumbered.}
"""
    english = _labels(body)
    assert english == {
        "one": "Article 1",
        "a1": "clause 1.1",
        "s1": "Schedule 1.2",
        "s1c": "clause 1.2.1",
        "annex": "Appendix A",
        "f1": "clause A.1",
        "f1a": "clause A.1(a)",
        "f2": "unnumbered paragraph 2 of Appendix A",
    }
    with i18n.use_language("cy"):
        welsh = _labels(body)
    assert welsh == {
        "one": "Erthygl 1",  # the default words, in the page's language
        "a1": "cymal 1.1",
        "s1": "Schedule 1.2",  # words the document writes itself are kept as written
        "s1c": "cymal 1.2.1",
        "annex": "Appendix A",
        "f1": "cymal A.1",
        "f1a": "cymal A.1(a)",
        "f2": "paragraff heb rif 2, Appendix A",
    }
    assert _labels(body) == english  # and English again outside the Welsh block
