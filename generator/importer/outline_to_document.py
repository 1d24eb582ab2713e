"""Outline -> the document tree: which block is an article, a section, a clause, a sub-clause.

How headings map to the model (the model has articles, sections inside articles,
clauses, and sub-clauses up to three levels below a clause):

* A single level-1 heading at the top is the document's title.
* The remaining heading levels in use, from the top: the first is **articles**, the
  second **sections**, and any deeper level a **clause whose text is the heading**,
  with what follows it as its sub-clauses (a fourth level is a sub-clause heading,
  and so on). Levels are ranked, not counted, so a document using `##` and `####`
  only still gets articles and sections.
* A **run-in heading** -- a paragraph starting with a bold label and number such
  as "**Section 2.** The House ..." -- counts as a heading at the level where the
  same label appears as a real heading elsewhere in the document; otherwise one
  level below the heading it sits under (a new label inside that one goes one
  deeper, a label already open goes back to its level). So "**Section. 1.**" in
  one version and "### Section. 1." in the next give the same structure.
* Text before the first article is the **preamble**. A file with no headings at
  all becomes one article (and the report says so).
* Paragraphs are clauses. A list directly after a paragraph holds that
  paragraph's sub-clauses (an introduction followed by its items); a list
  straight after a heading holds clauses. Paragraphs that start with a written
  number -- "4.1", "(a)", "iii." -- are placed by their numbering style: "4.1.2" is
  one level below "4.1"; a new style ("(a)" after "4.1") goes one level deeper; a
  style already in use goes back to its level.
* Written numbers and list labels ("4.1", "(a)", "iii.", "1)", "Article IV") are
  taken out of the text and kept as the provision's `number`, so the site shows
  the document's own numbers and a later version that restyles its labels shows
  no change of wording. Where some clauses of a run are numbered and others are
  not, the unnumbered ones get an empty number (the document leaves them
  unnumbered) rather than a position that would collide with a written one. A
  heading that is only a label and a number ("Article. I.") keeps the label word
  as its title ("Article"). Numbering that jumps or restarts is reported.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Literal

from generator.importer import ids
from generator.importer.labels import (
    HeadingLabel,
    enumerator,
    is_run_in_label,
    parse_heading,
)
from generator.importer.outline import Block, Note, Outline, Run, to_markdown, to_plain
from generator.model import markup
from generator.model.document import (
    Article,
    Clause,
    Document,
    Numbering,
    NumberingLevel,
    Section,
    Version,
)
from generator.model.numbering import number_document

NodeKind = Literal["article", "section", "clause"]
MAX_CLAUSE_DEPTH = 4  # a clause and three levels of sub-clauses (rules.MAX_SUBCLAUSE_DEPTH)
MAX_TITLE = 300
MAX_TEXT = 20_000


@dataclass(eq=False)
class DraftNode:
    """A provision before it has its final id. Compared by identity, not by content."""

    kind: NodeKind
    text: str  # title for articles and sections, text for clauses
    line: int
    label: str | None = None  # for a heading that is only a label and a number
    number: int | None = None  # the number written in the source, if any
    heading: bool = False  # a clause made from a heading
    written: str | None = None  # the number as the source writes it ("2.1", "(a)", "IV")
    word: str | None = None  # the label word of a heading: "Chapter", "Section"
    clauses: list[DraftNode] = field(default_factory=list)
    sections: list[DraftNode] = field(default_factory=list)
    id: str = ""

    def walk(self) -> Iterator[DraftNode]:
        yield self
        for child in (*self.clauses, *self.sections):
            yield from child.walk()


@dataclass
class Draft:
    """The document's body as read from the source, before ids are final."""

    title: str | None
    preamble: str | None
    articles: list[DraftNode]
    notes: list[Note]

    def nodes(self) -> Iterator[DraftNode]:
        for article in self.articles:
            yield from article.walk()


def build_draft(outline: Outline) -> Draft:
    """Decide the structure of an outline (see the module docstring for the rules)."""
    return _Builder(outline).build()


# --- headings and their levels ------------------------------------------------------


@dataclass
class _Heading:
    runs: tuple[Run, ...]
    line: int
    level: int  # real heading level, or the level given to a run-in heading
    label: HeadingLabel
    run_in: bool


_Item = _Heading | Block


def _split_run_ins(blocks: list[Block], notes: list[Note]) -> list[_Item]:
    """A paragraph starting with "**Section 2.**" becomes a heading and a paragraph."""
    items: list[_Item] = []
    for block in blocks:
        if block.kind == "heading":
            text = to_plain(block.runs)
            if len(text) > MAX_TITLE:
                notes.append(
                    Note(
                        block.line,
                        f"a heading longer than {MAX_TITLE} characters was kept as a paragraph.",
                        "structure",
                    )
                )
                items.append(Block("paragraph", block.runs, block.line))
                continue
            items.append(_Heading(block.runs, block.line, block.level, parse_heading(text), False))
            continue
        runs = _unwrap_bold_number(block.runs)
        first = runs[0] if runs else None
        if (
            block.kind == "paragraph"
            and first is not None
            and first.kind == "strong"
            and is_run_in_label(to_plain(first.children))
        ):
            label = parse_heading(to_plain(first.children))
            items.append(_Heading(first.children, block.line, 0, label, True))
            rest = _lstrip_runs(runs[1:])
            if rest:
                items.append(Block("paragraph", rest, block.line))
            continue
        if runs is not block.runs:
            block = Block(
                block.kind,
                runs,
                block.line,
                block.level,
                block.ordered,
                block.number,
                block.list_id,
            )
        items.append(block)
    return items


def _unwrap_bold_number(runs: tuple[Run, ...]) -> tuple[Run, ...]:
    """ "**4.1** The ..." -> "4.1 The ...": a bold number is numbering, not emphasis."""
    if not runs or runs[0].kind != "strong":
        return runs
    text = to_plain(runs[0].children)
    found = enumerator(text + " ")
    if found is None or found.length < len(text):
        return runs
    return (Run("text", text + " "), *runs[1:])


def _lstrip_runs(runs: tuple[Run, ...]) -> tuple[Run, ...]:
    out = list(runs)
    while out and out[0].kind in ("text", "break") and not out[0].text.strip():
        out.pop(0)
    if out and out[0].kind == "text":
        out[0] = Run("text", out[0].text.lstrip(" \t:.-–—"))
    if not out or not to_plain(tuple(out)):
        return ()
    return tuple(out)


def _level_run_ins(items: list[_Item]) -> None:
    """Give every run-in heading a level (see the module docstring)."""
    real: dict[str, Counter[int]] = {}
    for item in items:
        if isinstance(item, _Heading) and not item.run_in and item.label.label:
            real.setdefault(item.label.label, Counter())[item.level] += 1
    enclosing = 1
    open_labels: list[tuple[str, int]] = []
    for item in items:
        if not isinstance(item, _Heading):
            continue
        if not item.run_in:
            enclosing = item.level
            open_labels = []
            continue
        key = item.label.label or ""
        if key in real:
            item.level = real[key].most_common(1)[0][0]
            continue
        for i, (open_key, level) in enumerate(open_labels):
            if open_key == key:
                item.level = level
                del open_labels[i + 1 :]
                break
        else:
            item.level = (open_labels[-1][1] if open_labels else enclosing) + 1
            open_labels.append((key, item.level))


# --- the builder --------------------------------------------------------------------


@dataclass
class _Enumerated:
    style: str
    depth: int
    last: int


class _Builder:
    def __init__(self, outline: Outline) -> None:
        self.outline = outline
        self.notes: list[Note] = list(outline.notes)
        self.articles: list[DraftNode] = []
        self.preamble: list[str] = []
        self.article: DraftNode | None = None
        self.section: DraftNode | None = None
        # Where the next clause goes: the open clause at each depth of the container.
        self.path: list[DraftNode] = []
        self.base = 0  # depth of the innermost open clause heading
        self.enumerated: list[_Enumerated] = []
        self.anchors: dict[int, int] = {}  # list id -> depth its items hang from
        self.list_anchor: int | None = None  # the anchor of the outermost open list
        self.list_numbers: dict[int, int] = {}  # list id -> last written number
        self.previous: tuple[str, int] | None = None  # last content: ("paragraph"/"item", depth)
        self.heading_numbers: dict[tuple[int, str], tuple[int, int]] = {}
        self.last_written: str | None = None  # the number of the last numbered paragraph
        self.list_counts: dict[int, int] = {}  # ordered list id -> the next number it shows

    def note(self, line: int, message: str, kind: str) -> None:
        self.notes.append(Note(line, message, kind))

    def _safe(self, text: str, line: int) -> str:
        """Remove what only an attack would write (script URLs, event handlers), and say so.

        Raw HTML and unsafe links are already gone; this catches the same things
        written as plain text, which validation would refuse.
        """
        removed = False
        while fragments := markup.dangerous_in(text):  # a removal can join a new one
            removed = True
            for fragment in fragments:
                text = text.replace(fragment, "")
                self.note(
                    line, f"{fragment!r} was removed: it could run a script in a browser.", "html"
                )
        return re.sub(r" {2,}", " ", text).strip() if removed else text

    # --- top level ------------------------------------------------------------------

    def build(self) -> Draft:
        items = _split_run_ins(self.outline.blocks, self.notes)
        _level_run_ins(items)
        title, items = self._title(items)
        levels = sorted({i.level for i in items if isinstance(i, _Heading)})
        if not levels and any(isinstance(i, Block) for i in items):
            self.note(
                1,
                "the file has no headings, so all of its text was put in one article; "
                "add headings (or split it by hand) if it has parts.",
                "structure",
            )
            self._open_article(title or title_from_file(self.outline.source), 1, None)
        for item in items:
            if isinstance(item, _Heading):
                self._heading(item, levels.index(item.level))
            else:
                self._content(item)
        self._check_empty()
        preamble = "\n\n".join(self.preamble) or None
        return Draft(title, preamble, self.articles, self.notes)

    def _title(self, items: list[_Item]) -> tuple[str | None, list[_Item]]:
        real_h1 = [i for i in items if isinstance(i, _Heading) and not i.run_in and i.level == 1]
        first = next((i for i in items if isinstance(i, _Heading)), None)
        if len(real_h1) == 1 and first is real_h1[0]:
            return self._safe(to_markdown(first.runs), first.line), [
                i for i in items if i is not first
            ]
        return None, items

    # --- headings -------------------------------------------------------------------

    def _heading(self, heading: _Heading, rank: int) -> None:
        label = heading.label
        title = self._title_text(heading)
        self._check_heading_number(heading, rank)
        if rank == 0:
            self._open_article(title, heading.line, label)
            return
        if self.article is None:
            self.note(
                heading.line,
                "this heading comes before any article-level heading, so it was made an article.",
                "structure",
            )
            self._open_article(title, heading.line, label)
            return
        if rank == 1:
            section = DraftNode("section", title, heading.line, *_label_parts(label))
            section.written = _written(label.number)
            section.word = _word(label)
            self.article.sections.append(section)
            self.section = section
            self._reset_container()
            return
        depth = rank - 1
        clause = DraftNode("clause", title, heading.line, *_label_parts(label), heading=True)
        clause.written = _written(label.number)
        self.note(
            heading.line,
            f"heading '{title}' is a level below sections (the format has articles and "
            "sections); it was kept as a clause whose words are the heading, with what follows "
            "it as its sub-clauses. Check that it reads as intended.",
            "structure",
        )
        placed = self._place(clause, depth, heading.line)
        self.base = placed
        self._reset_content()

    def _title_text(self, heading: _Heading) -> str:
        """The heading without its label and number, in the safe Markdown subset."""
        label = heading.label
        if label.number is None:
            title = self._safe(to_markdown(heading.runs), heading.line)
        else:
            title = self._safe(_strip_prefix_markdown(heading.runs, label), heading.line)
        if not title:
            self.note(heading.line, "a heading with no words was titled 'Untitled'.", "empty")
            return "Untitled"
        return title

    def _open_article(self, title: str, line: int, label: HeadingLabel | None) -> None:
        article = DraftNode("article", title, line, *_label_parts(label))
        article.written = _written(label.number) if label is not None else None
        article.word = _word(label)
        self.articles.append(article)
        self.article = article
        self.section = None
        self._reset_container()

    def _reset_container(self) -> None:
        self.path = []
        self.base = 0
        self._reset_content()

    def _reset_content(self) -> None:
        self.enumerated = []
        self.anchors = {}
        self.list_anchor = None
        self.previous = None

    def _check_heading_number(self, heading: _Heading, rank: int) -> None:
        """Report headings whose written numbers jump or restart within their parent."""
        value = heading.label.value
        if value is None:
            return
        parent = 0 if rank == 0 else id(self._parent_of_heading(rank))
        key = (parent, f"{rank}:{heading.label.label or ''}")
        previous = self.heading_numbers.get(key)
        self.heading_numbers[key] = (value, heading.line)
        written = f"{heading.label.label_text or 'heading'} {heading.label.number}".strip()
        if previous is None:
            if value != 1:
                self.note(
                    heading.line, f"numbering starts at {written}, not 1; check.", "numbering"
                )
            return
        if value != previous[0] + 1:
            what = "repeats" if value == previous[0] else "jumps"
            self.note(
                heading.line,
                f"numbering {what}: {written} follows number {previous[0]} "
                f"(line {previous[1]}); it is shown as written.",
                "numbering",
            )

    def _parent_of_heading(self, rank: int) -> DraftNode | None:
        if rank == 1:
            return self.article
        depth = rank - 1
        if 2 <= depth <= len(self.path) + 1:
            return self.path[depth - 2]
        return self.section or self.article

    # --- content --------------------------------------------------------------------

    def _note_links(self, runs: tuple[Run, ...], line: int) -> None:
        """Links to files beside the source (`./rules.md`) lead nowhere on the site: say so."""
        for run in runs:
            if run.kind == "link":
                href = run.href.strip()
                if href and not href.startswith("#") and not re.match(r"^[A-Za-z][\w+.-]*:", href):
                    self.note(
                        line,
                        f"the link to '{href}' points at a file beside the source, which the "
                        "site does not publish; it was kept as written. Change it to a full "
                        "web address.",
                        "link",
                    )
            self._note_links(run.children, line)

    def _content(self, block: Block) -> None:
        self._note_links(block.runs, block.line)
        if self.article is None:
            text = self._safe(to_markdown(block.runs), block.line)
            if text:
                self.preamble.append(_preamble_item(block, text))
            return
        written: str | None = None
        if block.kind == "item":
            depth = self._item_depth(block)
            runs, written = _item_label(block)
            if written is None and block.ordered:
                written = self._list_count(block)
            text = self._safe(to_markdown(runs), block.line)
            kind = "item"
        elif block.kind == "row":  # a table row: a clause of its own, already reported
            depth = self.base + 1
            text = self._safe(to_markdown(block.runs), block.line)
            kind = "row"
        else:
            runs, depth, numbered = self._paragraph_depth(block)
            written = self.last_written if numbered else None
            text = self._safe(to_markdown(runs), block.line)
            kind = "paragraph" if not numbered else "numbered"
        if not text:
            self.note(block.line, "an empty paragraph or list item was skipped.", "empty")
            return
        for piece in _split_long(text):
            if piece is not text:
                self.note(block.line, "a very long paragraph was split into clauses.", "long")
            clause = DraftNode("clause", piece, block.line)
            clause.written, written = written, None  # the number goes on the first piece
            depth = self._place(clause, depth, block.line)
        self.previous = (kind, depth)

    def _item_depth(self, block: Block) -> int:
        """Items hang from the paragraph just before their list, or from the heading."""
        if block.level == 1:
            anchor = self.anchors.get(block.list_id)
            if anchor is None:
                previous = self.previous
                if previous is not None and previous[0] in ("paragraph", "numbered"):
                    anchor = previous[1]
                else:
                    anchor = self.base
                self.anchors[block.list_id] = anchor
            self.list_anchor = anchor
        else:
            anchor = self.list_anchor if self.list_anchor is not None else self.base
        if block.ordered and block.number.isdigit():
            number = int(block.number)
            last = self.list_numbers.get(block.list_id)
            self.list_numbers[block.list_id] = number
            if last is not None and number not in (last, last + 1):
                self.note(
                    block.line,
                    f"list numbering jumps from {last} to {number}; it is shown as written.",
                    "numbering",
                )
        return anchor + block.level

    def _list_count(self, block: Block) -> str:
        """The number a reader sees on an ordered list item: Markdown counts on from the first."""
        start = self.list_counts.get(block.list_id)
        if start is None:
            start = int(block.number) if block.number.isdigit() else 1
        self.list_counts[block.list_id] = start + 1
        return str(start)

    def _paragraph_depth(self, block: Block) -> tuple[tuple[Run, ...], int, bool]:
        """Depth of a paragraph, from its written number if it has one."""
        runs = block.runs
        first = runs[0] if runs else None
        alpha = next(
            (e.last for e in reversed(self.enumerated) if e.style in ("(a)", "a.", "a)")), None
        )
        found = enumerator(first.text, alpha) if first and first.kind == "text" else None
        if found is None:
            if self.enumerated and self.previous and self.previous[0] == "numbered":
                self.note(
                    block.line,
                    "an un-numbered paragraph follows numbered ones; it was made a clause of "
                    "its own. Check whether it belongs to the numbered clause above it.",
                    "unrecognised",
                )
            self.enumerated = []
            return runs, self.base + 1, False
        rest = (Run("text", first.text[found.length :]), *runs[1:])  # type: ignore[union-attr]
        self.last_written = _written(found.written)
        if found.style == "dotted":
            depth = self.base + max(1, found.parts - 1)
            self._enumerated_at(found.style + str(found.parts), depth, found.value, block.line)
            return rest, depth, True
        for i, entry in enumerate(self.enumerated):
            if entry.style == found.style:
                del self.enumerated[i + 1 :]
                self._check_sequence(entry, found.value, found.written, block.line)
                entry.last = found.value
                return rest, entry.depth, True
        if self.enumerated:
            depth = self.enumerated[-1].depth + 1
        elif self.previous is not None and self.previous[0] == "paragraph":
            depth = self.previous[1] + 1
        else:
            depth = self.base + 1
        if found.value != 1:
            self.note(
                block.line,
                f"numbering starts at {found.written}, not at the first number; check.",
                "numbering",
            )
        self.enumerated.append(_Enumerated(found.style, depth, found.value))
        return rest, depth, True

    def _enumerated_at(self, style: str, depth: int, value: int, line: int) -> None:
        for i, entry in enumerate(self.enumerated):
            if entry.style == style:
                del self.enumerated[i + 1 :]
                self._check_sequence(entry, value, str(value), line)
                entry.last = value
                return
        self.enumerated = [e for e in self.enumerated if e.depth < depth]
        self.enumerated.append(_Enumerated(style, depth, value))

    def _check_sequence(self, entry: _Enumerated, value: int, written: str, line: int) -> None:
        if value == entry.last + 1:
            return
        what = "repeats" if value == entry.last else "restarts" if value == 1 else "jumps"
        self.note(
            line,
            f"numbering {what} at {written} (the number before was {entry.last}); "
            "it is shown as written.",
            "numbering",
        )

    def _place(self, clause: DraftNode, depth: int, line: int) -> int:
        """Put a clause at `depth` in the open container; returns the depth it got."""
        container = self.section or self.article
        assert container is not None
        if depth > MAX_CLAUSE_DEPTH:
            self.note(
                line,
                "this is nested deeper than the format allows (a clause and three levels "
                "of sub-clauses); it was kept at the deepest level.",
                "structure",
            )
            depth = MAX_CLAUSE_DEPTH
        depth = max(1, min(depth, len(self.path) + 1))
        if depth == 1:
            container.clauses.append(clause)
        else:
            self.path[depth - 2].clauses.append(clause)
        del self.path[depth - 1 :]
        self.path.append(clause)
        return depth

    def _check_empty(self) -> None:
        for article in self.articles:
            if not article.clauses and not article.sections:
                self.note(article.line, "this heading has no text under it.", "empty")
            for section in article.sections:
                if not section.clauses:
                    self.note(section.line, "this heading has no text under it.", "empty")
            for node in article.walk():
                if node.kind == "clause" and node.heading and not node.clauses:
                    self.note(node.line, "this heading has no text under it.", "empty")


def title_from_file(name: str) -> str:
    """ "rules_2019.md" -> "Rules 2019": a title when the text has none."""
    stem = PurePath(name).stem.replace("_", " ").replace("-", " ").strip()
    return (stem[:1].upper() + stem[1:])[:MAX_TITLE] if stem else "Untitled"


def _label_parts(label: HeadingLabel | None) -> tuple[str | None, int | None]:
    if label is None or not label.label_only:
        return None, label.value if label else None
    return label.label, label.value


def _strip_prefix_markdown(runs: tuple[Run, ...], label: HeadingLabel) -> str:
    """The heading's Markdown with the written label and number taken off the front."""
    if label.label_only:
        return label.title
    plain = to_plain(runs)
    cut = len(plain) - len(plain.lstrip())
    drop = plain.find(label.title) if label.title else -1
    if drop <= cut:
        return label.title
    remaining = _drop_chars(runs, drop)
    text = to_markdown(remaining)
    return text[:-1].rstrip() if text.endswith(".") and not text.endswith("..") else text


def _drop_chars(runs: tuple[Run, ...], count: int) -> tuple[Run, ...]:
    """Remove the first `count` plain characters from runs, keeping the formatting after them."""
    out: list[Run] = []
    for run in runs:
        if count <= 0:
            out.append(run)
            continue
        if run.kind in ("text", "code"):
            length = len(run.text)
            if length <= count:
                count -= length
                continue
            out.append(Run(run.kind, run.text[count:]))
            count = 0
        elif run.kind == "break":
            count -= 1
        else:
            inner_length = len(to_plain(run.children))
            if inner_length <= count:
                count -= inner_length
                continue
            out.append(Run(run.kind, run.text, run.href, _drop_chars(run.children, count)))
            count = 0
    return tuple(out)


def _preamble_item(block: Block, text: str) -> str:
    if block.kind == "item":
        marker = "1." if block.ordered else "-"
        return "   " * (block.level - 1) + f"{marker} {text}"
    return text


def _split_long(text: str) -> list[str]:
    """Text longer than a clause may hold, split at sentence ends."""
    if len(text) <= MAX_TEXT:
        return [text]
    pieces: list[str] = []
    current = ""
    for sentence in text.replace(". ", ".\x00").split("\x00"):
        if current and len(current) + len(sentence) + 1 > MAX_TEXT:
            pieces.append(current)
            current = ""
        while len(sentence) > MAX_TEXT:
            pieces.append(sentence[:MAX_TEXT])
            sentence = sentence[MAX_TEXT:]
        current = f"{current} {sentence}".strip()
    if current:
        pieces.append(current)
    return pieces


# --- final ids and the model --------------------------------------------------------


def assign_ids(draft: Draft, carried: dict[int, str], taken: set[str]) -> None:
    """Give every node its id: the carried one if alignment found it, else a new readable one.

    `carried` maps `id(node)` to an id from the previous version; `taken` holds every
    id the document has ever used, so a new provision never gets an old one's id.
    Carried ids are claimed first, so a new node cannot take an id a later node keeps.
    """
    allocator = ids.IdAllocator(taken | set(carried.values()))
    for article in draft.articles:
        _assign(article, "", carried, allocator)


def _assign(
    node: DraftNode, parent_id: str, carried: dict[int, str], alloc: ids.IdAllocator
) -> None:
    node.id = carried.get(id(node)) or alloc.claim(_natural_id(node, parent_id))
    for child in (*node.clauses, *node.sections):
        _assign(child, node.id, carried, alloc)


def _natural_id(node: DraftNode, parent_id: str) -> str:
    if node.label is not None and node.number is not None:
        if node.kind == "article":
            return ids.numbered(node.label, node.number)
        return ids.numbered(parent_id, node.label, node.number)
    if node.kind == "clause" and not node.heading:
        return ids.slug(node.text, 3, "clause")
    return ids.slug(node.text, 4, node.kind)


def to_articles(draft: Draft) -> tuple[Article, ...]:
    """The draft as model articles (ids must have been assigned), with the written numbers.

    An article or section whose heading uses another word than the rest of its
    level ("Appendix A" after "Article 9") keeps that word of its own.
    """
    levels = numbering_words(draft)
    article_word = (levels.articles.word if levels and levels.articles else None) or "Article"
    section_word = (levels.sections.word if levels and levels.sections else None) or "Section"
    articles_numbered = _any_written(*draft.articles)
    return tuple(
        Article(
            id=a.id,
            title=a.text,
            clauses=_clauses(a.clauses, numbered=_any_written(*a.clauses, *a.sections)),
            sections=tuple(
                Section(
                    s.id,
                    s.text,
                    _clauses(s.clauses),
                    number=_kept(s, _any_written(*a.clauses, *a.sections)),
                    word=_own_word(s.word, section_word),
                )
                for s in a.sections
            ),
            number=_kept(a, articles_numbered),
            word=_own_word(a.word, article_word),
        )
        for a in draft.articles
    )


def _kept(node: DraftNode, numbered: bool) -> str | None:
    """Its written number; "" (unnumbered) when its siblings write numbers and it does not."""
    return node.written if node.written is not None else ("" if numbered else None)


def _own_word(word: str | None, level_word: str) -> str | None:
    return word if word is not None and word != level_word else None


def _clauses(nodes: list[DraftNode], numbered: bool | None = None) -> tuple[Clause, ...]:
    """Clauses with their written numbers; "" for an unnumbered one among numbered ones."""
    if numbered is None:
        numbered = _any_written(*nodes)
    return tuple(
        Clause(
            n.id,
            n.text,
            _clauses(n.clauses),
            number=_kept(n, numbered),
        )
        for n in nodes
    )


def settle_numbers(draft: Draft) -> None:
    """Written numbers that would show twice among siblings are dropped, and reported.

    A source may repeat a number by mistake ("3." twice); two provisions showing
    the same number could not be told apart in a citation, so the later one is
    left unnumbered and the report says so. Ids must have been assigned.
    """
    for _ in range(3):
        articles = to_articles(draft)
        doc = Document("constitution", "x", "x", Version("1"), "draft", articles)
        shown = {key: n.short for key, n in number_document(doc).items()}
        clashed = False
        for siblings in _sibling_groups(draft):
            seen: dict[str, DraftNode] = {}
            for node in siblings:
                number = shown.get(node.id, "")
                if not number:
                    continue
                if number not in seen:
                    seen[number] = node
                    continue
                clashed = True
                written = node.written
                node.written = ""
                draft.notes.append(
                    Note(
                        node.line,
                        f"the number {written or number!r} is already used on line "
                        f"{seen[number].line}; this provision was left unnumbered. "
                        "Give it its own 'number' by hand.",
                        "numbering",
                    )
                )
        if not clashed:
            return


def _sibling_groups(draft: Draft) -> Iterator[list[DraftNode]]:
    yield draft.articles
    for node in draft.nodes():
        yield [*node.clauses, *node.sections]


def numbering_words(draft: Draft) -> Numbering | None:
    """The words the document reads its levels with, when one word is used throughout.

    Bylaws of "Chapter 0", "Chapter 1" are read as chapters, not articles. A level
    whose headings use different words (Article 1 ... Appendix A) keeps the usual one.
    """
    sections = [s for a in draft.articles for s in a.sections]
    article_word = _one_word(draft.articles, "Article")
    section_word = _one_word(sections, "Section")
    if article_word is None and section_word is None:
        return None
    return Numbering(
        articles=NumberingLevel(word=article_word) if article_word else None,
        sections=NumberingLevel(word=section_word) if section_word else None,
    )


def _one_word(nodes: list[DraftNode], usual: str) -> str | None:
    words = {n.word for n in nodes}
    if len(words) != 1 or None in words:
        return None
    word = words.pop()
    assert word is not None
    return word if word != usual else None


def _word(label: HeadingLabel | None) -> str | None:
    if label is None or label.label is None or label.label_text == "§":
        return None
    word = label.label.capitalize()
    return word if re.fullmatch(r"[A-Za-z][A-Za-z -]*", word) else None


def _any_written(*nodes: DraftNode) -> bool:
    return any(n.written is not None for n in nodes)


def _written(number: str | None) -> str | None:
    """A written number as it is kept: "4.1." -> "4.1", "a." -> "a", "1)" -> "1", "(a)" kept."""
    if number is None:
        return None
    number = number.strip()
    if number.startswith("(") and number.endswith(")"):
        return number
    return number.rstrip(".):") or None


def _item_label(block: Block) -> tuple[tuple[Run, ...], str | None]:
    """A list item's runs without a label written into its text ("- (a) ..."), and its number.

    An ordered list's own number ("1." or "1)") is the item's number; a label the
    author typed after the bullet ("- (a)", "* iii.") is too, and leaves the text.
    """
    runs = block.runs
    first = runs[0] if runs else None
    found = enumerator(first.text) if first is not None and first.kind == "text" else None
    if found is not None and found.length < len(first.text):  # type: ignore[union-attr]
        rest = (Run("text", first.text[found.length :]), *runs[1:])  # type: ignore[union-attr]
        return rest, _written(found.written)
    return runs, None
