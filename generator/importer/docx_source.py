"""Word (.docx) -> outline, through mammoth's HTML; no hand-written docx parsing.

mammoth turns Word's styles into plain HTML: "Heading 1" to <h1>, Word lists to
<ol>/<ul>, bold to <strong>. That HTML is then read with the standard library's
HTML parser into the same outline a Markdown file gives, so no HTML ever reaches
a document: only the words and the few inline forms the safe Markdown subset has.

A .docx file may come from anyone, so before mammoth sees it the file is checked:
it must be a zip holding a Word document (not a zip of something else), small
enough, not a zip bomb, and free of XML document type declarations (the way
"billion laughs" entity attacks get in). Images are never decoded, and mammoth
is told not to read files outside the document.

Positions are Word paragraph numbers (the n-th heading, paragraph, list item or
table row), since a Word file has no lines.
"""

from __future__ import annotations

import io
import zipfile
from html.parser import HTMLParser

import mammoth

from generator.importer.outline import Block, Note, Outline, Run, safe_href

MAX_DOCX_BYTES = 10_000_000
MAX_UNZIPPED_BYTES = 100_000_000
MAX_ZIP_ENTRIES = 5_000
MAX_RATIO = 200  # uncompressed / compressed size of one entry

# Word's "Title" paragraph is the document's title; it is marked so that the reader can
# put it above "Heading 1" (which is usually the articles).
STYLE_MAP = """
p[style-name='Title'] => p.document-title:fresh
p[style-name='Subtitle'] => p:fresh
"""


class DocxError(Exception):
    """The file is not a Word document that can be read safely."""


def check_docx(raw: bytes, name: str) -> None:
    """Refuse anything that is not a plain, reasonably sized Word document."""
    if len(raw) > MAX_DOCX_BYTES:
        raise DocxError(
            f"{name} is {len(raw):,} bytes; the limit for a Word document is "
            f"{MAX_DOCX_BYTES:,} bytes. Remove large images, or save the text only."
        )
    if not zipfile.is_zipfile(io.BytesIO(raw)):
        raise DocxError(
            f"{name} is not a Word document (.docx files are zip archives, and this is not "
            "one). If it is an old .doc file, open it in Word or LibreOffice and save it as .docx."
        )
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        entries = archive.infolist()
        names = {entry.filename for entry in entries}
        if "word/document.xml" not in names or "[Content_Types].xml" not in names:
            raise DocxError(
                f"{name} is a zip archive but not a Word document (it has no "
                "word/document.xml); check that the right file was given."
            )
        if len(entries) > MAX_ZIP_ENTRIES:
            raise DocxError(f"{name} holds {len(entries):,} files; that is not a normal document.")
        total = 0
        for entry in entries:
            total += entry.file_size
            ratio = entry.file_size / max(entry.compress_size, 1)
            if total > MAX_UNZIPPED_BYTES or (entry.file_size > 1_000_000 and ratio > MAX_RATIO):
                raise DocxError(
                    f"{name} expands to far more data than its size suggests (a 'zip bomb'); "
                    "it was not opened."
                )
        for entry in entries:
            if entry.filename.endswith((".xml", ".rels")):
                head = archive.read(entry)
                if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                    raise DocxError(
                        f"{name} contains an XML document type declaration ({entry.filename}), "
                        "which Word never writes; it was not opened."
                    )


def read_docx(raw: bytes, source: str) -> Outline:
    """Convert a checked .docx to HTML with mammoth, then read the HTML into an outline."""
    check_docx(raw, source)
    try:
        result = mammoth.convert_to_html(
            io.BytesIO(raw),
            style_map=STYLE_MAP,
            convert_image=mammoth.images.img_element(_no_image_data),
            include_embedded_style_map=False,
            external_file_access=False,
        )
    except Exception as err:  # mammoth raises many kinds of error on a damaged file
        raise DocxError(f"{source} could not be read as a Word document: {err}") from None
    outline = Outline(source=source, unit="paragraph")
    reader = _HtmlReader(outline)
    reader.feed(result.value)
    reader.close()
    _title_above_headings(outline)
    styles: list[str] = []
    for message in result.messages:
        text = getattr(message, "message", str(message))
        if text.startswith("Unrecognised paragraph style"):
            styles.append(text.split(":", 1)[1].split("(")[0].strip())
        elif not text.startswith("Unrecognised run style"):  # character styles change no structure
            outline.notes.append(Note(0, f"Word conversion: {text}", "docx"))
    if styles:
        outline.notes.append(
            Note(
                0,
                "these Word paragraph styles were read as ordinary paragraphs: "
                f"{', '.join(sorted(set(styles)))}. If any of them is a heading, apply "
                "Word's Heading 1/2/3 styles to it and import again.",
                "docx",
            )
        )
    return outline


def _title_above_headings(outline: Outline) -> None:
    """If Word's Title style was used, it becomes level 1 and every heading moves down one."""
    if not any(b.kind == "heading" and b.level == 0 for b in outline.blocks):
        return
    outline.blocks[:] = [
        Block("heading", b.runs, b.line, level=b.level + 1) if b.kind == "heading" else b
        for b in outline.blocks
    ]


def _no_image_data(image: object) -> dict[str, str]:
    """Images are reported, never decoded or copied."""
    return {"src": ""}


_HEADINGS = {"h0", "h1", "h2", "h3", "h4", "h5", "h6"}  # h0: Word's Title paragraph
_INLINE = {"strong": "strong", "b": "strong", "em": "em", "i": "em", "a": "link", "code": "code"}


class _HtmlReader(HTMLParser):
    """mammoth's HTML to blocks. Only known elements matter; everything else is its text.

    Words are gathered on a stack of open inline elements (its root is the pending
    block's text) and turned into a block whenever a block element starts or ends.
    """

    def __init__(self, outline: Outline) -> None:
        super().__init__(convert_charrefs=True)
        self.outline = outline
        self.count = 0  # blocks so far: the "paragraph number" in notes
        self.lists: list[tuple[int, bool]] = []  # open lists: (list id, ordered)
        self.lists_seen = 0
        self.items: list[int] = []  # open list items: index of their block, or -1
        self.kind: str | None = None  # what the pending words become: p, h2, li, cell
        self.stack: list[tuple[str, str, list[Run]]] = [("root", "", [])]
        self.cells: list[tuple[Run, ...]] = []

    def note(self, message: str, kind: str) -> None:
        self.outline.notes.append(Note(self.count + 1, message, kind))

    # --- elements -------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag in ("ol", "ul"):
            self._flush()
            self.lists_seen += 1
            self.lists.append((self.lists_seen, tag == "ol"))
        elif tag == "li":
            self._flush()
            self.items.append(-1)
            self.kind = "li"
            if values.get("id", "").startswith(("footnote", "endnote", "comment")):
                self.note(
                    "a footnote (or comment) was kept as a list item at the end of the text; "
                    "move it where it belongs by hand.",
                    "footnote",
                )
        elif tag == "p":
            if self.kind in ("li", "cell"):
                if _has_words(self._runs()):
                    self._add(Run("paragraph"))
            else:
                self._flush()
                self.kind = "h0" if "document-title" in values.get("class", "") else "p"
        elif tag in _HEADINGS:
            self._flush()
            self.kind = tag
        elif tag == "table":
            self._flush()
            self.note("a table was kept as text, one clause per row; check it.", "table")
        elif tag == "tr":
            self._flush()
            self.cells = []
        elif tag in ("td", "th"):
            self.kind = "cell"
            self.stack = [("root", "", [])]
        elif tag == "br":
            self._add(Run("break"))
        elif tag == "img":
            alt = values.get("alt", "")
            self.note(
                "an image was left out"
                + (f" (its description {alt!r} was kept)" if alt else "")
                + "; add it to the site by hand if it matters.",
                "image",
            )
            if alt:
                self._add(Run("text", alt))
        elif tag == "a":
            href = values.get("href", "")
            if href.startswith(("#footnote", "#endnote", "#comment")):
                self.stack.append(("drop", "", []))  # the [1] marker pointing at a note
            elif href and safe_href(href):
                self.stack.append(("link", href, []))
            else:
                if href:
                    self.note(f"a link to {href[:60]!r} was removed (kept its words).", "link")
                self.stack.append(("plain", "", []))
        elif tag in _INLINE:
            self.stack.append((_INLINE[tag], "", []))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ol", "ul"):
            self._flush()
            if self.lists:
                self.lists.pop()
        elif tag == "li":
            self._flush()
            if self.items:
                self.items.pop()
            self.kind = "li" if self.items else None
        elif tag == "p":
            if self.kind not in ("li", "cell"):
                self._flush()
                self.kind = None
        elif tag in _HEADINGS:
            self._flush()
            self.kind = None
        elif tag in ("td", "th"):
            self.cells.append(self._take())
            self.kind = None
        elif tag == "tr":
            runs: list[Run] = []
            for cell in (c for c in self.cells if _has_words(c)):
                if runs:
                    runs.append(Run("text", " | "))
                runs.extend(cell)
            self.cells = []
            if runs:
                self._emit(Block("row", tuple(runs), self.count + 1))
        elif tag in _INLINE and len(self.stack) > 1:
            kind, href, runs = self.stack.pop()
            if kind == "drop":
                return
            if kind == "plain":
                self.stack[-1][2].extend(runs)
            elif kind == "code":
                self._add(Run("code", "".join(r.text for r in runs)))
            else:
                self._add(Run(kind, href=href, children=tuple(runs)))  # type: ignore[arg-type]

    def handle_data(self, data: str) -> None:
        if self.kind is None and not data.strip() and len(self.stack) == 1:
            return  # white space between blocks
        self._add(Run("text", data))

    def close(self) -> None:
        super().close()
        self._flush()

    # --- helpers --------------------------------------------------------------------

    def _add(self, run: Run) -> None:
        self.stack[-1][2].append(run)

    def _runs(self) -> tuple[Run, ...]:
        return tuple(self.stack[0][2])

    def _take(self) -> tuple[Run, ...]:
        while len(self.stack) > 1:  # unclosed inline elements: keep their words
            _, _, runs = self.stack.pop()
            self.stack[-1][2].extend(runs)
        runs = tuple(r for r in self.stack[0][2] if not (r.kind == "text" and not r.text))
        self.stack = [("root", "", [])]
        return runs

    def _emit(self, block: Block) -> None:
        self.count += 1
        self.outline.blocks.append(block)

    def _flush(self) -> None:
        """Turn the pending words into a block, if there are any."""
        runs = self._take()
        if not _has_words(runs):
            return
        line = self.count + 1
        if self.kind == "li" and self.items:
            index = self.items[-1]
            if index >= 0 and index == len(self.outline.blocks) - 1:
                # more text of the same item
                self.outline.blocks[index] = self.outline.blocks[index].continued(runs)
                return
            list_id, ordered = self.lists[-1] if self.lists else (0, False)
            level = max(1, len(self.lists))
            self._emit(Block("item", runs, line, level=level, ordered=ordered, list_id=list_id))
            self.items[-1] = len(self.outline.blocks) - 1
        elif self.kind in _HEADINGS:
            self._emit(Block("heading", runs, line, level=int(self.kind[1])))  # type: ignore[index]
        else:
            self._emit(Block("paragraph", runs, line))


def _has_words(runs: tuple[Run, ...]) -> bool:
    for run in runs:
        if run.kind in ("text", "code") and run.text.strip():
            return True
        if run.children and _has_words(run.children):
            return True
    return False
