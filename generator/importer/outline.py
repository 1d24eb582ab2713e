"""The neutral outline that every source format is read into.

A Markdown file and a Word document look nothing alike inside, but both come down
to a sequence of blocks: headings with a level, paragraphs, list items with a
nesting depth, table rows. Each block keeps its inline formatting as a small tree
of `Run`s (text, emphasis, strong, links, code) and the line (or Word paragraph)
it came from, so the report can point a volunteer at the right place.

Deciding what the blocks *mean* (article, section, clause, sub-clause) is the job
of `outline_to_document`; turning runs into the safe Markdown subset is the job of
`to_markdown` below, shared by every source so that the same words in Markdown and
in Word give the same clause text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Literal

RunKind = Literal["text", "em", "strong", "link", "code", "break", "paragraph"]
BlockKind = Literal["heading", "paragraph", "item", "row"]
Unit = Literal["line", "paragraph"]


@dataclass(frozen=True, slots=True)
class Run:
    """A piece of inline content. Containers (em, strong, link) hold children."""

    kind: RunKind
    text: str = ""  # text and code
    href: str = ""  # link
    children: tuple[Run, ...] = ()


@dataclass(frozen=True, slots=True)
class Block:
    kind: BlockKind
    runs: tuple[Run, ...]
    line: int  # 1-based line (Markdown) or paragraph number (Word)
    level: int = 0  # heading level 1..6; list nesting depth for items (1 = outermost)
    ordered: bool = False  # items: numbered list or bullets
    number: str = ""  # items: the number written in the source, if any
    list_id: int = 0  # items: which list the item belongs to

    def continued(self, runs: tuple[Run, ...]) -> Block:
        """This list item with another paragraph of its text appended."""
        return replace(self, runs=(*self.runs, Run("paragraph"), *runs))


@dataclass(frozen=True, slots=True)
class Note:
    """Something a volunteer should check by hand, with where it is in the source."""

    line: int
    message: str
    kind: str = "check"  # a short category: table, image, html, numbering, empty, ...


@dataclass(slots=True)
class Outline:
    source: str  # the file name, for messages
    unit: Unit  # what `line` counts in this source
    blocks: list[Block] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    title: str | None = None  # a title the source states outside its text (front matter)


# --- inline runs to the safe Markdown subset ----------------------------------------

_SAFE_SCHEMES = ("http:", "https:", "mailto:")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
_ENTITY = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
# What would start a block (list, heading, quote) if it began a paragraph.
_BLOCK_START = re.compile(r"^(#{1,6}(?=\s|$)|>|[-+*](?=\s|$)|=+\s*$|\d{1,9}(?=[.)](\s|$)))")


def safe_href(href: str) -> bool:
    """Web, mail and relative links are kept; any other scheme (javascript:, data:) is not."""
    cleaned = "".join(ch for ch in href if ch > " ").lower()
    if not _SCHEME.match(cleaned):
        return True  # relative link or #anchor
    return cleaned.startswith(_SAFE_SCHEMES)


def to_markdown(runs: tuple[Run, ...]) -> str:
    """Runs as clause text: emphasis, links and code kept, everything else escaped.

    Line breaks inside a paragraph are spaces (a re-wrapped paragraph has the same
    text), runs of white space become one space, and characters that would change
    the meaning in Markdown are escaped so the text renders as the words written.
    """
    paragraphs = [_collapse(_inline(part)) for part in _split_paragraphs(runs)]
    paragraphs = [_escape_block_start(p) for p in paragraphs if p]
    return "\n\n".join(paragraphs)


def to_plain(runs: tuple[Run, ...]) -> str:
    """Runs as plain words, for recognising labels such as 'Section 2.'."""
    out: list[str] = []
    for run in runs:
        if run.kind in ("text", "code"):
            out.append(run.text)
        elif run.kind in ("break", "paragraph"):
            out.append(" ")
        else:
            out.append(to_plain(run.children))
    return _collapse("".join(out))


def _split_paragraphs(runs: tuple[Run, ...]) -> list[tuple[Run, ...]]:
    parts: list[list[Run]] = [[]]
    for run in runs:
        if run.kind == "paragraph":
            parts.append([])
        else:
            parts[-1].append(run)
    return [tuple(p) for p in parts]


def _collapse(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _inline(runs: tuple[Run, ...]) -> str:
    out: list[str] = []
    for run in runs:
        if run.kind == "text":
            out.append(escape_text(run.text))
        elif run.kind == "break":
            out.append(" ")
        elif run.kind == "code":
            out.append(_code(run.text))
        elif run.kind in ("em", "strong"):
            out.append(_wrap("*" if run.kind == "em" else "**", _inline(run.children)))
        elif run.kind == "link":
            out.append(_link(_inline(run.children), run.href))
    return "".join(out)


def _wrap(marker: str, inner: str) -> str:
    """Emphasis markers hug the words: '** text **' would not be emphasis in Markdown."""
    stripped = inner.strip()
    if not stripped:
        return inner
    lead = inner[: len(inner) - len(inner.lstrip())]
    trail = inner[len(inner.rstrip()) :]
    return f"{lead}{marker}{stripped}{marker}{trail}"


def _link(label: str, href: str) -> str:
    href = href.strip().replace(" ", "%20").replace("(", "%28").replace(")", "%29")
    href = href.replace("<", "%3C").replace(">", "%3E")
    if not label.strip():
        label = escape_text(href)
    return f"[{label.strip()}]({href})"


def _code(text: str) -> str:
    text = _collapse(text)
    if not text:
        return ""
    fence = "`"
    while fence in text:
        fence += "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def escape_text(text: str) -> str:
    """Escape what Markdown would read as formatting, and nothing more.

    Brackets are left alone unless they could form a link or a citation, so that
    text like "[If, at the time ...]" stays readable in the YAML file.
    """
    out: list[str] = []
    n = len(text)
    for i, ch in enumerate(text):
        before = text[i - 1] if i else ""
        after = text[i + 1] if i + 1 < n else ""
        if ch in "\\*`<":
            out.append("\\" + ch)
        elif ch == "_":
            inside_word = before.isalnum() and after.isalnum()
            out.append(ch if inside_word else "\\_")
        elif ch == "]" and after in ("(", "[", ""):
            out.append("\\]")
        elif ch == "[" and (after in ("[", "") or before == "["):
            # "" : the next run may open with "[" (a link), which would make "[[" together
            out.append("\\[")
        elif ch == "&" and _ENTITY.match(text, i):
            out.append("\\&")
        else:
            out.append(ch)
    return "".join(out)


def _escape_block_start(text: str) -> str:
    match = _BLOCK_START.match(text)
    if not match:
        return text
    if match.group(0)[0].isdigit():
        end = match.end()  # "1984. was" -> "1984\. was"
        return f"{text[:end]}\\{text[end:]}"
    return "\\" + text
