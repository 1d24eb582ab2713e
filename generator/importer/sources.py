"""Open a source file safely and read it into an outline, whatever format it is in.

Markdown and Word have readers of their own; reStructuredText, LaTeX, OpenDocument,
HTML and AsciiDoc are converted to Markdown with pandoc first (`pandoc_source`).
Input files may come from anyone. Before any parser sees a file, this module
checks what it is (by name and by content: a LaTeX file renamed to .md is refused,
not read as junk), how big it is, and that it holds text at all, and says plainly
what is wrong when it is not usable.
"""

from __future__ import annotations

from pathlib import Path

from generator.importer.docx_source import MAX_DOCX_BYTES, DocxError, read_docx
from generator.importer.markdown_source import MAX_MARKDOWN_BYTES, read_markdown
from generator.importer.outline import Note, Outline
from generator.importer.pandoc_source import (
    FORMATS,
    MAX_ODT_BYTES,
    MAX_TEXT_BYTES,
    Format,
    PandocError,
    to_markdown,
)
from generator.importer.sniff import sniff

MARKDOWN_SUFFIXES = (".md", ".markdown", ".txt")
WORD_SUFFIXES = (".docx",)
_ZIP_MAGIC = b"PK\x03\x04"


class SourceError(Exception):
    """The file cannot be imported; the message says why and what to do."""


def read_outline(path: Path) -> Outline:
    """Read a Markdown or Word file into an outline, or raise `SourceError`."""
    name = path.name
    if not path.exists():
        raise SourceError(f"{path}: there is no such file.")
    if not path.is_file():
        raise SourceError(f"{path}: this is not a file.")
    suffix = path.suffix.lower()
    if suffix == ".doc":
        raise SourceError(
            f"{name} is an old-style Word file (.doc); open it in Word or LibreOffice and "
            "save it as .docx, then import that."
        )
    if suffix not in MARKDOWN_SUFFIXES + WORD_SUFFIXES and suffix not in FORMATS:
        raise SourceError(
            f"{name} is not a Markdown (.md) or Word (.docx) file, nor one of the formats "
            "converted with pandoc (reStructuredText .rst, LaTeX .tex, OpenDocument .odt, "
            "HTML .html, AsciiDoc .adoc), so it cannot be imported. Save it as Markdown or "
            "Word first."
        )
    if suffix in FORMATS:
        return _converted(path, FORMATS[suffix])
    limit = MAX_DOCX_BYTES if suffix in WORD_SUFFIXES else MAX_MARKDOWN_BYTES
    size = path.stat().st_size
    if size > limit:
        raise SourceError(
            f"{name} is {size:,} bytes; the limit for this kind of file is {limit:,}."
        )
    raw = path.read_bytes()
    if not raw.strip():
        raise SourceError(f"{name} is empty; there is nothing to import.")
    if suffix in WORD_SUFFIXES:
        try:
            outline = read_docx(raw, name)
        except DocxError as err:
            raise SourceError(str(err)) from None
    else:
        text = _text(raw, name, "Markdown")
        _refuse_other_format(text, name, "Markdown")
        outline = read_markdown(text, name)
    if not outline.blocks:
        raise SourceError(f"{name} has no text that could be imported.")
    return outline


def _converted(path: Path, fmt: Format) -> Outline:
    """A file pandoc reads, converted to Markdown and read as Markdown."""
    name = path.name
    limit = MAX_ODT_BYTES if fmt.binary else MAX_TEXT_BYTES
    size = path.stat().st_size
    if size > limit:
        raise SourceError(f"{name} is {size:,} bytes; the limit for {fmt.label} is {limit:,}.")
    raw = path.read_bytes()
    if not raw.strip():
        raise SourceError(f"{name} is empty; there is nothing to import.")
    if not fmt.binary:
        _refuse_other_format(_text(raw, name, fmt.label), name, fmt.label, fmt.name)
    try:
        markdown = to_markdown(raw, name, fmt)
    except PandocError as err:
        raise SourceError(str(err)) from None
    outline = read_markdown(markdown, name)
    outline.notes.insert(
        0,
        Note(
            0,
            f"converted from {fmt.label} to Markdown with pandoc; line numbers below are "
            f"lines of that Markdown (to see it: pandoc -f {fmt.name} -t gfm {name}).",
            "converted",
        ),
    )
    if not outline.blocks:
        raise SourceError(f"{name} has no text that could be imported.")
    return outline


def _refuse_other_format(text: str, name: str, claimed: str, claimed_format: str = "") -> None:
    """A text whose content is clearly another format than its name says is refused."""
    found = sniff(text)
    if found is None or found.format == claimed_format:
        return
    stem = Path(name).stem
    raise SourceError(
        f"{name}:{found.line}: this file is named as {claimed} but looks like {found.label} "
        f"({found.evidence!r}). If it is {found.label}, name it {stem}{found.suffix} and "
        "import that: it is converted to Markdown with pandoc on the way in."
    )


def _text(raw: bytes, name: str, label: str) -> str:
    if raw.startswith(_ZIP_MAGIC):
        raise SourceError(
            f"{name} is a zip archive (perhaps a Word or OpenDocument file), not {label} text; "
            "if it is a Word document, name it .docx; if OpenDocument, .odt."
        )
    if b"\x00" in raw:
        raise SourceError(f"{name} contains binary data, not {label} text.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise SourceError(
            f"{name}:{line}: this file is not UTF-8 text (byte 0x{raw[err.start]:02x}); "
            "save it again as UTF-8."
        ) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
