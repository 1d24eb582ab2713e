"""charters import from Markdown: structure, derived numbers, the report, bad input."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from typing import Any

import nh3
import pytest
from conftest import run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from generator.importer.importing import (
    ImportFailure,
    ImportResult,
    Settings,
    import_file,
    import_outline,
)
from generator.importer.markdown_source import read_markdown
from generator.importer.plaintext import document_text
from generator.load.documents import read_document
from generator.model.document import Article, Clause, Document
from generator.model.markup import malformed_citations, to_html

SAMPLE = """\
# Constitution of the Millbrook Residents' Association

We, the residents of *Millbrook*, agree this constitution.

## Article 1. Name

The name of the association is **Millbrook Residents** (the "association").

## Article 2. Purposes

The purposes of the association are:

1. to improve the [quality of life](https://example.org/quality) in Millbrook;
2. to represent residents to the council.

## Article 3. Membership

**Section 1.** Anyone aged 16 or over who lives in Millbrook
may become a member.

The secretary keeps a register of members.

**Section 2.** Membership ends when a member:

(a) resigns in writing;

(b) moves away; or

(c) dies.

## Article 5. Meetings

4.1 The association holds an annual general meeting.

4.3 Members are given 14 days' notice of a general meeting.

| Meeting | Notice |
|---|---|
| Annual | 14 days |

![The map of the area](map.png)

## Article 6. Dissolution
"""


def _import(tmp_path: Path, text: str, name: str = "source.md", **settings: Any) -> ImportResult:
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    return import_file(source, Settings(doc_id="millbrook", **settings))


def _article(doc: Document, title: str) -> Article:
    return next(a for a in doc.articles if a.title == title)


def _texts(clauses: tuple[Clause, ...]) -> list[object]:
    return [(c.text, _texts(c.clauses)) if c.clauses else c.text for c in clauses]


def test_headings_paragraphs_and_lists_become_the_document_tree(tmp_path: Path) -> None:
    result = _import(tmp_path, SAMPLE)
    doc = result.document
    assert doc.title == "Constitution of the Millbrook Residents' Association"
    assert doc.preamble == "We, the residents of *Millbrook*, agree this constitution."
    assert [a.title for a in doc.articles] == [
        "Name",
        "Purposes",
        "Membership",
        "Meetings",
        "Dissolution",
    ]
    # A list straight after a paragraph holds that paragraph's sub-clauses; emphasis and
    # links stay, in the safe Markdown subset.
    assert _texts(_article(doc, "Purposes").clauses) == [
        (
            "The purposes of the association are:",
            [
                "to improve the [quality of life](https://example.org/quality) in Millbrook;",
                "to represent residents to the council.",
            ],
        )
    ]
    # Run-in headings are sections; their written numbers are gone, lettered paragraphs
    # are sub-clauses of the paragraph they follow.
    membership = _article(doc, "Membership")
    assert [s.title for s in membership.sections] == ["Section", "Section"]
    assert _texts(membership.sections[0].clauses) == [
        "Anyone aged 16 or over who lives in Millbrook may become a member.",
        "The secretary keeps a register of members.",
    ]
    assert _texts(membership.sections[1].clauses) == [
        (
            "Membership ends when a member:",
            ["resigns in writing;", "moves away; or", "dies."],
        )
    ]
    meetings = _article(doc, "Meetings")
    assert _texts(meetings.clauses)[:2] == [
        "The association holds an annual general meeting.",
        "Members are given 14 days' notice of a general meeting.",
    ]


def test_ids_are_readable_unique_slugs(tmp_path: Path) -> None:
    doc = _import(tmp_path, SAMPLE).document
    ids = [p.id for p in doc.provisions()]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) and len(i) <= 60 for i in ids)
    assert "name" in ids and "membership" in ids
    assert "membership-section-1" in ids  # a heading that is only a label and a number
    assert "purposes-association" in ids  # a clause: its first meaningful words


def test_the_report_lists_what_to_check_with_line_numbers(tmp_path: Path) -> None:
    result = _import(tmp_path, SAMPLE)
    notes = {(n.line, n.kind) for n in result.notes}
    assert (31, "numbering") in notes  # Article 5 follows Article 3
    assert (35, "numbering") in notes  # 4.3 follows 4.1
    assert (37, "table") in notes
    assert (41, "image") in notes
    assert (43, "empty") in notes  # Article 6 has nothing under it
    assert (0, "amendment-rule") in notes  # the default rule a volunteer must correct
    doc = result.document
    assert doc.amendment_rule.threshold.text == "majority"
    # Tables are kept as text, and an image's description is kept, never silently dropped.
    texts = [c.text for c in _article(doc, "Meetings").clauses]
    assert "Meeting | Notice" in texts and "Annual | 14 days" in texts
    assert "The map of the area" in texts


def test_the_result_validates_and_is_a_draft(tmp_path: Path) -> None:
    result = _import(tmp_path, SAMPLE)
    read = read_document(result.yaml_text.encode(), "millbrook.yaml")
    assert read.problems == []
    assert read.document == result.document
    assert result.document.status == "draft"
    assert result.yaml_text.startswith(
        "# yaml-language-server: $schema=../schema/constitution.schema.json\n"
    )


# --- words in order: the round trip ------------------------------------------------------

_ROMAN = re.compile(r"^(?=[mdclxvi])m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")


# "Section 2. Voting" is imported as a section titled "Voting": the label and its number
# become the derived number. A heading that is only "Section 2." keeps the label as
# its title. Both sides of the comparison leave label words out, as they do numbers.
_LABEL_WORDS = {"article", "section", "subsection", "clause", "part", "chapter"}


def words(text: str) -> list[str]:
    """Words, leaving out numbers and numbering labels (the import makes them positions)."""
    return [
        w
        for w in re.findall(r"\w+", text.lower())
        if not (w.isdigit() or len(w) == 1 or _ROMAN.match(w) or w in _LABEL_WORDS)
    ]


def source_words(markdown: str) -> list[str]:
    """The words a reader of the source sees, by an independent route: CommonMark to HTML."""
    html = MarkdownIt("commonmark").enable("table").render(markdown)
    html = re.sub(r'<img [^>]*alt="([^"]*)"[^>]*>', r" \1 ", html)  # an image's description is kept
    return words(unescape(nh3.clean(html, tags=set())))


def test_round_trip_keeps_the_words_in_order(tmp_path: Path) -> None:
    result = _import(tmp_path, SAMPLE)
    assert words(document_text(result.document)) == source_words(SAMPLE)


@pytest.mark.realdata
@pytest.mark.parametrize(
    "name",
    [
        "us-constitution/v01_original-1787.md",
        "us-constitution/v19_amendment-XXVII.md",
        "us-constitution/v20_final-formatted-2021.md",
        "openjs-cpc-charter/v00_2019-05-03.md",
        "openjs-cpc-charter/v16_2022-04-25.md",
        "openjs-cpc-charter/v25_2026-02-27.md",
    ],
)
def test_real_documents_round_trip_word_for_word(realdata: Path, name: str) -> None:
    source = realdata / name
    result = import_file(source, Settings(doc_id="doc"))
    assert words(document_text(result.document)) == source_words(source.read_text())


@pytest.mark.realdata
def test_run_in_headings_and_real_headings_give_the_same_ids(realdata: Path) -> None:
    folder = realdata / "us-constitution"
    run_in = import_file(folder / "v19_amendment-XXVII.md", Settings(doc_id="us")).document
    headed = import_file(folder / "v20_final-formatted-2021.md", Settings(doc_id="us")).document
    assert run_in.ids() == headed.ids()
    assert [s.id for a in run_in.articles for s in a.sections] == [
        s.id for a in headed.articles for s in a.sections
    ]


# --- details of the reading ------------------------------------------------------------------


def test_a_rewrapped_paragraph_has_the_same_text(tmp_path: Path) -> None:
    wrapped = "# T\n\n## Name\n\nThe name of the\nassociation is\nMillbrook.\n"
    one_line = "# T\n\n## Name\n\nThe name of the association is Millbrook.\n"
    first = _import(tmp_path, wrapped, "a.md").document
    second = _import(tmp_path, one_line, "b.md").document
    assert first.articles == second.articles


def test_run_in_heading_and_heading_give_the_same_document(tmp_path: Path) -> None:
    run_in = "# T\n\n## Article 1.\n\n**Section 1.** Members pay dues.\n\nDues are yearly.\n"
    heading = "# T\n\n## Article 1.\n\n### Section 1.\n\nMembers pay dues.\n\nDues are yearly.\n"
    first = _import(tmp_path, run_in, "a.md").document
    second = _import(tmp_path, heading, "b.md").document
    assert first.articles == second.articles
    assert first.articles[0].sections[0].id == "article-1-section-1"


def test_deeper_headings_become_clauses_with_sub_clauses(tmp_path: Path) -> None:
    text = "# T\n\n## Meetings\n\n### Notice\n\n#### Special meetings\n\nTen days.\n\nBy email.\n"
    doc = _import(tmp_path, text).document
    section = doc.articles[0].sections[0]
    assert section.title == "Notice"
    assert _texts(section.clauses) == [("Special meetings", ["Ten days.", "By email."])]


def test_dotted_and_lettered_numbers_nest(tmp_path: Path) -> None:
    text = (
        "## Money\n\n4.1 The treasurer:\n\n(a) keeps accounts;\n\n(i) in a book;\n\n"
        "(b) reports.\n\n4.2 The year ends in March.\n"
    )
    doc = _import(tmp_path, text).document
    assert _texts(doc.articles[0].clauses) == [
        ("The treasurer:", [("keeps accounts;", ["in a book;"]), "reports."]),
        "The year ends in March.",
    ]


def test_numbering_that_restarts_or_repeats_is_reported(tmp_path: Path) -> None:
    text = "## Money\n\n(a) one;\n\n(b) two;\n\n(a) three;\n\n(a) four.\n"
    result = _import(tmp_path, text)
    messages = [n.message for n in result.notes if n.kind == "numbering"]
    assert any("restarts at (a)" in m for m in messages)
    assert any("repeats at (a)" in m for m in messages)
    assert len(result.document.articles[0].clauses) == 4


def test_hostile_markdown_is_cleaned_and_reported(tmp_path: Path) -> None:
    text = (
        "# T\n\n## One\n\nClick [here](javascript:alert(1)) or <script>alert(1)</script> "
        '<b>now</b>.\n\n<div onclick="x()">Block <i>text</i></div>\n\n'
        "Get [the file](ftp://example.org/file).\n"
    )
    result = _import(tmp_path, text)
    doc = result.document
    texts = [c.text for c in doc.articles[0].clauses]
    assert texts[0].startswith("Click") and texts[0].endswith("now.")
    assert "<" not in " ".join(texts).replace("\\<", "")
    assert "javascript" not in result.yaml_text
    assert "onclick" not in result.yaml_text
    assert "Block text" in texts
    assert "Get the file." in texts
    kinds = {n.kind for n in result.notes}
    assert {"link", "html"} <= kinds


def test_markdown_special_characters_are_escaped_not_interpreted(tmp_path: Path) -> None:
    text = (
        "# T\n\n## One\n\nA *star*, a literal \\* star, 2 < 3, snake\\_case, [[not#a-citation]].\n"
    )
    doc = _import(tmp_path, text).document
    assert words(document_text(doc)) == source_words(text)
    assert "[[" not in doc.articles[0].clauses[0].text


# --- bad input ------------------------------------------------------------------------------


def test_a_file_with_no_headings_becomes_one_article(tmp_path: Path) -> None:
    result = _import(tmp_path, "First paragraph.\n\nSecond paragraph.\n", "rules.md")
    doc = result.document
    assert len(doc.articles) == 1 and len(doc.articles[0].clauses) == 2
    assert doc.title == "Rules"
    assert any(n.kind == "structure" for n in result.notes)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.md", b"", "empty"),
        ("blank.md", b"  \n\n", "empty"),
        ("notes.pdf", b"%PDF-1.4", "not a Markdown"),
        ("old.doc", b"\xd0\xcf\x11\xe0", ".docx"),
        ("binary.md", b"# T\n\x00\x01\x02", "binary"),
        ("latin1.md", "# Caf\xe9\n".encode("latin-1"), "UTF-8"),
        ("zipped.md", b"PK\x03\x04rest", "zip"),
        ("only-html.md", b"<!-- nothing -->\n", "no text"),
    ],
)
def test_unusable_files_are_refused_clearly(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    source = tmp_path / name
    source.write_bytes(content)
    with pytest.raises(ImportFailure, match=message):
        import_file(source, Settings(doc_id="x"))


def test_cli_writes_a_file_that_validates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("source.md").write_text(SAMPLE, encoding="utf-8")
    result = run("import", "source.md", "--id", "millbrook", "--threshold", "2/3", "--quorum", "10")
    assert result.exit_code == 0, result.output
    assert "Wrote constitutions/millbrook.yaml" in result.output
    assert "line 31: numbering jumps" in result.output
    written = Path("constitutions/millbrook.yaml").read_text()
    assert 'threshold: "2/3"' in written and "quorum: 10" in written
    assert run("validate", "constitutions").exit_code == 0


def test_cli_never_overwrites_without_force_and_writes_nothing_on_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("source.md").write_text(SAMPLE, encoding="utf-8")
    out = Path("constitutions/millbrook.yaml")
    out.parent.mkdir()
    out.write_text("precious")
    refused = run("import", "source.md", "--id", "millbrook")
    assert refused.exit_code == 1
    assert "already exists" in refused.output and "Nothing was written" in refused.output
    assert out.read_text() == "precious"
    Path("empty.md").write_text("")
    failed = run("import", "empty.md", "--id", "other")
    assert failed.exit_code == 1 and not Path("constitutions/other.yaml").exists()
    forced = run("import", "source.md", "--id", "millbrook", "--force")
    assert forced.exit_code == 0
    assert out.read_text().startswith("# yaml-language-server")
    assert sorted(p.name for p in out.parent.iterdir()) == ["millbrook.yaml"]  # no temp files


def test_cli_needs_an_id_and_a_valid_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("source.md").write_text(SAMPLE, encoding="utf-8")
    assert run("import", "source.md").exit_code == 2
    bad = run("import", "source.md", "--id", "Not A Slug")
    assert bad.exit_code == 1 and "not usable" in bad.output


def test_a_charter_needs_its_terms(tmp_path: Path) -> None:
    with pytest.raises(ImportFailure, match="--terms"):
        _import(tmp_path, SAMPLE, kind="charter")


def test_limits_of_the_format_are_kept_to_and_reported(tmp_path: Path) -> None:
    sentence = "Every member has one vote at a general meeting of the association. "
    long_paragraph = sentence * 400  # about 27,000 characters: more than a clause may hold
    long_heading = "A heading " * 40
    deep = "- one\n  - two\n    - three\n      - four\n        - five\n"
    text = (
        f"# T\n\n## {long_heading}\n\n## Votes\n\n{long_paragraph}\n\n## Lists\n\nIntro:\n\n{deep}"
    )
    result = _import(tmp_path, text)
    doc = result.document
    kinds = [n.kind for n in result.notes]
    assert "long" in kinds
    assert kinds.count("structure") >= 3  # the long heading, and list items nested too deep
    votes = next(a for a in doc.articles if a.title == "Votes")
    assert len(votes.clauses) == 2 and all(len(c.text) <= 20_000 for c in votes.clauses)
    assert words(" ".join(c.text for c in votes.clauses)) == words(long_paragraph)
    assert long_heading.strip() in doc.preamble  # before the first article: the preamble
    assert read_document(result.yaml_text.encode(), "m.yaml").problems == []


def test_a_charter_imports_with_its_terms(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("charter.md").write_text("# Play streets\n\n## Purpose\n\nStreets for play.\n")
    Path("terms.yaml").write_text(
        "constitution: millbrook\n"
        "commissioning_body: Millbrook Council\n"
        "service: {name: Play streets, nature: discretionary-non-core}\n"
        "network: {type: place-based, area: Millbrook ward, members: Residents}\n"
        "power_transfer:\n"
        "  - {method: devolved-budget, formality: formal, description: A small budget.}\n"
        "participation: {current: consulted, target: co-produced}\n"
        "budget:\n"
        "  amount: 5000\n"
        "  currency: GBP\n"
        "  period: per-year\n"
        "  funding: [{source: council, name: Ward fund}]\n"
        "review: {next: 2026-04-01}\n"
        "accountability: A report to the annual general meeting.\n"
    )
    result = run(
        "import", "charter.md", "--id", "play-streets", "--kind", "charter", "--terms", "terms.yaml"
    )
    assert result.exit_code == 0, result.output
    written = read_document(Path("constitutions/play-streets.yaml").read_bytes(), "p.yaml")
    assert written.problems == [] and written.document.charter.service.name == "Play streets"
    Path("bad-terms.yaml").write_text("service: {name: Play streets}\n")
    bad = run("import", "charter.md", "--id", "x", "--kind", "charter", "--terms", "bad-terms.yaml")
    assert bad.exit_code == 1 and "not valid" in bad.output and "nature" in bad.output


# Pieces of Markdown, structure and hostile text, for the property below.
_PIECES = st.sampled_from(
    [
        *("# ", "## ", "### ", "#### ", "##### ", "**Section 1.** ", "**Article 2.**", "1. "),
        *("- ", "  - ", "    - ", "(a) ", "(i) ", "4.1 ", "iii. ", "\n", "\n\n", "text "),
        *("*em* ", "[l](http://x) ", "<b>", "</b>", "<script>x</script>", "javascript:"),
        *("on", "click", "=", "| a | b |\n|---|---|\n| 1 | 2 |\n", "![i](x.png)", "> q\n"),
        *("```\ncode\n```\n", "---\n", "&amp; ", "\\", "[[a#b]] ", "`c` ", "_u_ ", "é"),
        *("SubSection 3. ", "Article. IV.", "\t", "**", "*", "[", "]", "(", ")", "<", ":"),
        *("&#x3C;script>", "data:text/html"),
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, min_size=1, max_size=40).map("".join))
def test_any_markdown_imports_to_a_valid_document_or_fails_clearly(text: str) -> None:
    outline = read_markdown(text, "any.md")
    if not outline.blocks:
        return  # read_outline refuses such a file before this point
    try:
        result = import_outline(outline, Settings(doc_id="any"))
    except ImportFailure as failure:
        assert "no text under it" in failure.message  # only a title: nothing to import
        return
    assert read_document(result.yaml_text.encode(), "any.yaml").document == result.document


def test_brackets_before_a_link_are_kept_as_brackets_not_a_broken_citation() -> None:
    """ "[[l](http://x)" in a source is a "[" and a link; it must not become "[[" markup."""
    result = import_outline(
        read_markdown("# Rules\n\nSee [[the map](http://x.org)].\n", "r.md"), Settings(doc_id="r")
    )
    (clause,) = [p for p in result.document.provisions() if isinstance(p, Clause)]
    assert malformed_citations(clause.text) == []
    assert to_html(clause.text, inline=True) == (
        'See [<a href="http://x.org" rel="noopener nofollow">the map</a>].'
    )
