"""charters import from Word: a real .docx made with python-docx, and hostile files."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from conftest import run
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from generator.importer.importing import ImportFailure, Settings, import_file
from generator.load.documents import read_document


def _png() -> bytes:
    """A 1x1 white PNG, so the document has a real picture in it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _hyperlink(paragraph: Paragraph, text: str, url: str) -> None:
    """python-docx has no call for links; this is the usual few lines of WordprocessingML."""
    rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run_element = OxmlElement("w:r")
    text_element = OxmlElement("w:t")
    text_element.text = text
    run_element.append(text_element)
    link.append(run_element)
    paragraph._p.append(link)


def make_docx(path: Path) -> None:
    """A small constitution as a volunteer would type it in Word."""
    document = docx.Document()
    document.add_heading("Constitution of the Riverside Tenants' Co-op", 0)  # the Title style
    document.add_paragraph("We, the tenants of Riverside, agree this constitution.")
    document.add_heading("Article 1. Name", 1)
    name = document.add_paragraph("The name of the co-op is ")
    name.add_run("Riverside Tenants").bold = True
    name.add_run(" (the ")
    name.add_run("co-op").italic = True
    name.add_run("). Our rules are on ")
    _hyperlink(name, "our website", "https://riverside.example.org/rules")
    name.add_run(".")
    document.add_heading("Article 2. Membership", 1)
    document.add_heading("Section 1. Who may join", 2)
    document.add_paragraph("Membership is open to:")
    document.add_paragraph("every tenant of the estate;", style="List Number")
    document.add_paragraph("every leaseholder.", style="List Number")
    document.add_heading("Section 2. Register", 2)
    document.add_paragraph("4.1 The secretary keeps the register, which shows:")
    document.add_paragraph("(a) names;")
    document.add_paragraph("(b) addresses.")
    document.add_paragraph("4.2 The register is open to members.")
    document.add_heading("Article 3. Officers", 1)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Office"
    table.cell(0, 1).text = "Term"
    table.cell(1, 0).text = "Chair"
    table.cell(1, 1).text = "Two years"
    document.add_picture(io.BytesIO(_png()))
    document.save(str(path))


MARKDOWN_TWIN = """\
# Constitution of the Riverside Tenants' Co-op

We, the tenants of Riverside, agree this constitution.

## Article 1. Name

The name of the co-op is **Riverside Tenants** (the *co-op*). Our rules are on
[our website](https://riverside.example.org/rules).

## Article 2. Membership

### Section 1. Who may join

Membership is open to:

1. every tenant of the estate;
2. every leaseholder.

### Section 2. Register

4.1 The secretary keeps the register, which shows:

(a) names;

(b) addresses.

4.2 The register is open to members.

## Article 3. Officers

| Office | Term |
|---|---|
| Chair | Two years |
"""


@pytest.fixture
def word_file(tmp_path: Path) -> Path:
    path = tmp_path / "riverside.docx"
    make_docx(path)
    return path


def test_a_word_document_imports_with_its_structure(word_file: Path) -> None:
    result = import_file(word_file, Settings(doc_id="riverside"))
    doc = result.document
    assert doc.title == "Constitution of the Riverside Tenants' Co-op"
    assert doc.preamble == "We, the tenants of Riverside, agree this constitution."
    assert [a.title for a in doc.articles] == ["Name", "Membership", "Officers"]
    assert doc.articles[0].clauses[0].text == (
        "The name of the co-op is **Riverside Tenants** (the *co-op*). Our rules are on "
        "[our website](https://riverside.example.org/rules)."
    )
    join, register = doc.articles[1].sections
    assert join.title == "Who may join"
    assert [c.text for c in join.clauses[0].clauses] == [
        "every tenant of the estate;",
        "every leaseholder.",
    ]
    shows = register.clauses[0]
    assert shows.text == "The secretary keeps the register, which shows:"
    assert [c.text for c in shows.clauses] == ["names;", "addresses."]
    assert register.clauses[1].text == "The register is open to members."
    assert [c.text for c in doc.articles[2].clauses] == ["Office | Term", "Chair | Two years"]
    kinds = {n.kind for n in result.notes}
    assert {"table", "image"} <= kinds
    assert all(n.line >= 0 for n in result.notes) and result.outline.unit == "paragraph"
    assert read_document(result.yaml_text.encode(), "riverside.yaml").problems == []


def test_word_and_markdown_of_the_same_text_give_the_same_document(
    word_file: Path, tmp_path: Path
) -> None:
    twin = tmp_path / "riverside.md"
    twin.write_text(MARKDOWN_TWIN, encoding="utf-8")
    from_word = import_file(word_file, Settings(doc_id="riverside")).document
    from_markdown = import_file(twin, Settings(doc_id="riverside")).document
    assert from_word == from_markdown


def test_cli_imports_a_word_document(
    word_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("import", word_file, "--id", "riverside")
    assert result.exit_code == 0, result.output
    assert "paragraph " in result.output  # positions in a Word file are paragraph numbers
    assert run("validate", "constitutions").exit_code == 0


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_hostile_word_files_are_refused_before_they_are_parsed(
    word_file: Path, tmp_path: Path
) -> None:
    cases = {
        "not-a-zip.docx": (b"just some text, not a zip", "not a Word document"),
        "other-zip.docx": (_zip({"readme.txt": b"hello"}), "not a Word document"),
        "bomb.docx": (
            _zip(
                {
                    "[Content_Types].xml": b"<Types/>",
                    "word/document.xml": b"<w:document>" + b" " * 5_000_000 + b"</w:document>",
                }
            ),
            "zip bomb",
        ),
        "entities.docx": (
            _zip(
                {
                    "[Content_Types].xml": b"<Types/>",
                    "word/document.xml": b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aa">]>'
                    b"<d>&a;</d>",
                }
            ),
            "document type declaration",
        ),
    }
    for name, (content, message) in cases.items():
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(ImportFailure, match=message):
            import_file(path, Settings(doc_id="x"))
    big = tmp_path / "big.docx"
    big.write_bytes(word_file.read_bytes() + b"\0" * 10_000_001)
    with pytest.raises(ImportFailure, match="limit"):
        import_file(big, Settings(doc_id="x"))


def test_unknown_word_styles_are_named_in_the_report(tmp_path: Path) -> None:
    document = docx.Document()
    document.styles.add_style("Clause Heading", WD_STYLE_TYPE.PARAGRAPH)
    document.add_heading("Rules", 1)
    document.add_paragraph("Meetings", style="Clause Heading")
    document.add_paragraph("We meet monthly.")
    path = tmp_path / "styled.docx"
    document.save(str(path))
    result = import_file(path, Settings(doc_id="rules"))
    assert any("Clause Heading" in n.message for n in result.notes)
    assert [c.text for c in result.document.articles[0].clauses] == [
        "Meetings",
        "We meet monthly.",
    ]
