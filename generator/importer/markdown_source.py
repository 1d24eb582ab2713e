"""Markdown -> outline, with the line number of every block, using markdown-it-py tokens.

The parser is CommonMark with tables switched on (so that a table is recognised
and reported rather than read as paragraphs of pipes) and raw HTML recognised (so
that it can be removed and reported, never passed on). Reference links
(`[text][label]` with the definition elsewhere) are resolved by the parser and
come out as ordinary links.
"""

from __future__ import annotations

import re
from functools import cache

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

from generator.importer.outline import Block, Note, Outline, Run, safe_href

MAX_MARKDOWN_BYTES = 2_000_000


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True, "linkify": False}).enable("table")


def read_markdown(text: str, source: str) -> Outline:
    """Parse Markdown text into blocks, noting what could not be kept as it was."""
    outline = Outline(source=source, unit="line")
    text_lines = text.split("\n")
    text, skipped = _front_matter(text)
    if skipped:
        outline.title = _front_matter_title(text_lines[:skipped])
        outline.notes.append(
            Note(1, f"front matter (lines 1-{skipped}) is not part of the text; skipped.", "skip")
        )
    tokens = _parser().parse(text)
    _Walker(outline).walk(tokens)
    return outline


def _front_matter_title(lines: list[str]) -> str | None:
    """The `title:` of YAML front matter, read as one plain line (nothing else is used)."""
    for line in lines:
        match = re.match(r"^title:\s*(.+?)\s*$", line)
        if match:
            title = match[1].strip().strip("'\"").strip()
            return title[:300] or None
    return None


def _front_matter(text: str) -> tuple[str, int]:
    """YAML front matter ("---" ... "---" at the top) is metadata, not constitution text."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return text, 0
    for i, line in enumerate(lines[1:80], start=1):
        if line.strip() in ("---", "..."):
            return "\n".join([""] * (i + 1) + lines[i + 1 :]), i + 1
    return text, 0


class _Walker:
    """One pass over the block tokens, keeping track of lists, items and tables."""

    def __init__(self, outline: Outline) -> None:
        self.outline = outline
        self.list_stack: list[tuple[int, bool]] = []  # (list id, ordered)
        self.lists_seen = 0
        self.item_numbers: list[str] = []
        self.item_open: list[bool] = []  # per open item: has its first paragraph been seen?
        self.item_lines: list[int] = []
        self.in_table = False
        self.row: list[tuple[Run, ...]] = []
        self.row_line = 0
        self.pending_heading: tuple[int, int] | None = None

    def note(self, line: int, message: str, kind: str) -> None:
        self.outline.notes.append(Note(line, message, kind))

    def add(self, block: Block) -> None:
        self.outline.blocks.append(block)

    def walk(self, tokens: list[Token]) -> None:
        for token in tokens:
            handler = getattr(self, f"on_{token.type}", None)
            if handler is not None:
                handler(token)

    # --- blocks ---------------------------------------------------------------------

    def on_heading_open(self, token: Token) -> None:
        self.pending_heading = (int(token.tag[1]), _line(token))

    def on_bullet_list_open(self, token: Token) -> None:
        self.lists_seen += 1
        self.list_stack.append((self.lists_seen, False))

    def on_ordered_list_open(self, token: Token) -> None:
        self.lists_seen += 1
        self.list_stack.append((self.lists_seen, True))

    def on_bullet_list_close(self, token: Token) -> None:
        self.list_stack.pop()

    on_ordered_list_close = on_bullet_list_close

    def on_list_item_open(self, token: Token) -> None:
        self.item_numbers.append(token.info or "")
        self.item_open.append(False)
        self.item_lines.append(_line(token))

    def on_list_item_close(self, token: Token) -> None:
        self.item_numbers.pop()
        had_text = self.item_open.pop()
        line = self.item_lines.pop()
        if not had_text:
            self.note(line, "an empty list item was skipped.", "empty")

    def on_blockquote_open(self, token: Token) -> None:
        self.note(_line(token), "a quoted block was imported as ordinary text; check it.", "quote")

    def on_tr_open(self, token: Token) -> None:
        self.row = []
        self.row_line = _line(token)

    def on_tr_close(self, token: Token) -> None:
        cells: list[Run] = []
        for cell in (c for c in self.row if c):
            if cells:
                cells.append(Run("text", " | "))
            cells.extend(cell)
        if cells:
            self.add(Block("row", tuple(cells), self.row_line))

    def on_table_open(self, token: Token) -> None:
        self.in_table = True
        self.note(
            _line(token),
            "a table was kept as text, one clause per row with cells separated by '|'; "
            "check that it reads well.",
            "table",
        )

    def on_fence(self, token: Token) -> None:
        self._code_block(token)

    def on_code_block(self, token: Token) -> None:
        self._code_block(token)

    def _code_block(self, token: Token) -> None:
        line = _line(token)
        self.note(line, "a code block was kept as plain text; check it.", "code")
        if token.content.strip():
            self.add(Block("paragraph", (Run("text", token.content),), line))

    def on_html_block(self, token: Token) -> None:
        line = _line(token)
        words = _html_to_text(token.content)
        if words:
            self.note(line, "raw HTML was removed and only its text kept; check it.", "html")
            self.add(Block("paragraph", (Run("text", words),), line))
        elif not token.content.lstrip().startswith("<!--"):
            self.note(line, "raw HTML with no text was removed.", "html")

    def on_hr(self, token: Token) -> None:
        """A thematic break carries no words; nothing to keep."""

    def on_inline(self, token: Token) -> None:
        line = _line(token)
        runs = self.inline(token.children or [], line)
        if not runs and self.pending_heading is None:
            return  # nothing left (e.g. only raw HTML, already reported)
        if self.pending_heading is not None:
            level, line = self.pending_heading
            self.pending_heading = None
            self.add(Block("heading", runs, line, level=level))
            return
        if self.in_table:
            self.row.append(runs)
            return
        if self.item_open and not self.item_open[-1]:
            self.item_open[-1] = True
            list_id, ordered = self.list_stack[-1]
            self.add(
                Block(
                    "item",
                    runs,
                    line,
                    level=len(self.list_stack),
                    ordered=ordered,
                    number=self.item_numbers[-1],
                    list_id=list_id,
                )
            )
            return
        if self.item_open:
            # A second paragraph inside the same list item belongs to that item.
            previous = self.outline.blocks[-1]
            if previous.kind == "item":
                self.outline.blocks[-1] = previous.continued(runs)
                return
        self.add(Block("paragraph", runs, line))

    def on_table_close(self, token: Token) -> None:
        self.in_table = False

    # --- inline ---------------------------------------------------------------------

    def inline(self, children: list[Token], line: int) -> tuple[Run, ...]:
        """Inline tokens (flat, with open/close pairs) to a tree of runs."""
        stack: list[tuple[str, str, list[Run]]] = [("root", "", [])]
        for child in children:
            kind = child.type
            if kind == "text":
                if child.content:
                    stack[-1][2].append(Run("text", child.content))
            elif kind in ("softbreak", "hardbreak"):
                stack[-1][2].append(Run("break"))
            elif kind == "code_inline":
                stack[-1][2].append(Run("code", child.content))
            elif kind in ("em_open", "strong_open"):
                stack.append((kind[:-5], "", []))
            elif kind == "link_open":
                href = str(child.attrs.get("href", ""))
                if not safe_href(href):
                    self.note(
                        line, f"a link to {href[:60]!r} was removed (kept its words).", "link"
                    )
                    href = ""
                stack.append(("link", href, []))
            elif kind in ("em_close", "strong_close", "link_close") and len(stack) > 1:
                name, href, runs = stack.pop()
                if name == "link" and not href:
                    stack[-1][2].extend(runs)
                else:
                    stack[-1][2].append(Run(name, href=href, children=tuple(runs)))  # type: ignore[arg-type]
            elif kind == "image":
                alt = child.content or ""
                self.note(
                    line,
                    "an image was left out"
                    + (f" (its description {alt!r} was kept)" if alt else "")
                    + "; add it to the site by hand if it matters.",
                    "image",
                )
                if alt:
                    stack[-1][2].append(Run("text", alt))
            elif kind == "html_inline":
                self.note(line, f"raw HTML {child.content[:40]!r} was removed.", "html")
        while len(stack) > 1:  # unbalanced (should not happen): keep the words
            _, _, runs = stack.pop()
            stack[-1][2].extend(runs)
        return tuple(stack[0][2])


def _line(token: Token) -> int:
    return token.map[0] + 1 if token.map else 0


def _html_to_text(html: str) -> str:
    """The words of an HTML block, with every tag (and script or style content) removed."""
    import html as html_lib

    cleaned = nh3.clean(html, tags=set(), clean_content_tags={"script", "style"})
    return " ".join(html_lib.unescape(cleaned).split())
