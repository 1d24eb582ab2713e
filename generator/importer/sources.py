"""Open a source file safely and read it into an outline: Markdown or Word, nothing else.

Input files may come from anyone. Before any parser sees a file, this module
checks what it is (by name and by content), how big it is, and that it holds
text at all, and says plainly what is wrong when it is not usable.
"""

from __future__ import annotations

from pathlib import Path

from generator.importer.docx_source import MAX_DOCX_BYTES, DocxError, read_docx
from generator.importer.markdown_source import MAX_MARKDOWN_BYTES, read_markdown
from generator.importer.outline import Outline

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
    if suffix not in MARKDOWN_SUFFIXES + WORD_SUFFIXES:
        raise SourceError(
            f"{name} is not a Markdown (.md) or Word (.docx) file, so it cannot be imported. "
            "Save it as one of those first."
        )
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
        outline = read_markdown(_markdown_text(raw, name), name)
    if not outline.blocks:
        raise SourceError(f"{name} has no text that could be imported.")
    return outline


def _markdown_text(raw: bytes, name: str) -> str:
    if raw.startswith(_ZIP_MAGIC):
        raise SourceError(
            f"{name} is a zip archive (perhaps a Word document), not Markdown text; "
            "if it is a Word document, name it .docx."
        )
    if b"\x00" in raw:
        raise SourceError(f"{name} contains binary data, not Markdown text.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise SourceError(
            f"{name}:{line}: this file is not UTF-8 text (byte 0x{raw[err.start]:02x}); "
            "save it again as UTF-8."
        ) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
