"""Clause text: a small, safe subset of Markdown, and the citation syntax inside it.

Allowed: *emphasis*, **strong**, `code`, [links](https://...), bullet and numbered
lists, and citations written ``[[document-id#clause-id]]`` (or ``[[#clause-id]]``
for the same document, with an optional label after ``|``). Everything else is
shown as the characters that were typed: raw HTML is escaped, never passed on,
and a sanitiser (nh3) checks the output again as a second line of defence.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # loaded when text is first rendered, not by commands that never render
    from markdown_it import MarkdownIt

# `\[[` is a literal "[[" (Markdown's escape), never a citation.
CITATION = re.compile(r"(?<!\\)\[\[\s*([a-z0-9-]*)#([a-z0-9-]+)\s*(?:\|([^\]\n]{1,200}))?\]\]")
# Anything shaped like an HTML tag, but not a Markdown autolink such as <https://...>.
_HTML_TAG = re.compile(r"<\s*/?\s*[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?\s*>|<!--")
_DANGEROUS = re.compile(
    r"<\s*/?\s*(script|iframe|object|embed|style|link|meta|base|form)\b"
    r"|javascript\s*:|vbscript\s*:|data\s*:\s*text/html"
    r"|\bon[a-z]+\s*=",
    re.IGNORECASE,
)
_ALLOWED_TAGS = {"p", "em", "strong", "code", "a", "ul", "ol", "li", "br"}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title", "class"}, "ol": {"start"}}
_URL_SCHEMES = {"http", "https", "mailto"}


@dataclass(frozen=True, slots=True)
class Citation:
    """A reference such as [[millbrook-constitution#quorum]] found in some text."""

    document: str  # "" means the same document
    clause: str
    label: str | None
    start: int  # offset in the text, for positions in error messages


def citations(text: str) -> list[Citation]:
    return [
        Citation(m[1], m[2], (m[3] or "").strip() or None, m.start())
        for m in CITATION.finditer(text)
    ]


_ID = re.compile(r"[a-z0-9-]+")


@dataclass(frozen=True, slots=True)
class Malformed:
    """Something that opens a citation with `[[` but is not one, and why."""

    written: str  # as typed (shortened)
    reason: str
    start: int


def malformed_citations(text: str) -> list[Malformed]:
    """Every `[[` in `text` that does not begin a well-formed citation.

    Such text would otherwise be printed raw ("see [[#4.3]]") on the site, in
    redlines and in pull-request comments, so it is an error with a reason.
    """
    found = []
    start = text.find("[[")
    while start >= 0:
        if start and text[start - 1] == "\\":  # "\[[": written to mean the brackets
            start = text.find("[[", start + 1)
            continue
        match = CITATION.match(text, start)
        if match is not None:
            start = text.find("[[", match.end())
            continue
        line_end = text.find("\n", start)
        line_end = len(text) if line_end < 0 else line_end
        close = text.find("]]", start + 2, line_end)
        # Unclosed: up to the next space, what the writer meant to be the citation.
        unclosed = text[start:line_end].split(maxsplit=1)[0]
        written = text[start : close + 2] if close >= 0 else unclosed
        found.append(Malformed(_shorten(written), _why(written, close >= 0), start))
        start = text.find("[[", start + 2)
    return found


def _why(written: str, closed: bool) -> str:
    if not closed:
        return "it is not closed with ']]'"
    inner = written[2:-2]
    target, _, label = inner.partition("|")
    if "|" in inner and not label.strip():
        return "the label after '|' is empty; write a label or remove the '|'"
    document, hash_, clause = target.strip().partition("#")
    if not hash_:
        return (
            "it names no clause; write [[document-id#clause-id]], or [[#clause-id]] for a "
            "clause of this document"
        )
    if not _ID.fullmatch(clause):
        return (
            f"'{clause}' is not a clause id; a citation names a clause by its id (lower-case "
            "letters, digits and hyphens, e.g. [[#quorum]]), not by its number"
        )
    if document and not _ID.fullmatch(document):
        return f"'{document}' is not a document id (lower-case letters, digits and hyphens)"
    return "it is not written [[document-id#clause-id]] or [[#clause-id|label]]"


def _shorten(written: str) -> str:
    return written if len(written) <= 60 else written[:57] + "..."


def html_in(text: str) -> list[str]:
    """The HTML-looking fragments in `text` (they will be shown escaped, as typed)."""
    return [m.group(0) for m in _HTML_TAG.finditer(text)]


def dangerous_in(text: str) -> list[str]:
    """Fragments that only an attack would write: scripts, event handlers, script URLs."""
    return [m.group(0) for m in _DANGEROUS.finditer(text)]


@cache
def _markdown() -> MarkdownIt:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(
        [
            "heading",
            "lheading",
            "image",
            "table",
            "fence",
            "code",
            "blockquote",
            "hr",
            "html_block",
            "html_inline",
            "reference",
        ],
        ignoreInvalid=True,
    )
    return md


# Given a citation, the resolver returns (href, label) or None if it does not resolve.
Resolver = Callable[[Citation], tuple[str, str] | None]


# Text that Markdown would give back as it is, in one paragraph: one line, no character
# that marks up, escapes or must be escaped in HTML, no space at either end, and
# nothing first that could start a list or a heading ("-", "+", "#", "=", a digit).
# Most clauses are such plain sentences.
_PLAIN = re.compile(
    r"(?![-+#=\d]|\s)[^\\`*_\[\]<>&!~|\x00-\x1f\x7f-\xa0\u200b-\u200f\u2028-\u202e\u2060-\u206f\ud800-\udfff\ufeff\ufff0-\uffff]+(?<!\s)"
)


def _is_plain(text: str) -> bool:
    return _PLAIN.fullmatch(text) is not None


def to_html(text: str, resolve: Resolver | None = None, inline: bool = False) -> str:
    """Clause text to safe HTML. Citations become links through `resolve`.

    Plain text skips the parser and the sanitiser: it is the same characters, in a
    paragraph unless `inline` (tests check this against the full path).
    """
    if _is_plain(text):
        return text if inline else f"<p>{text}</p>"
    if resolve is not None and "[[" in text:
        text = CITATION.sub(lambda m: _citation_link(m, resolve), text)
    md = _markdown()
    html = md.renderInline(text) if inline else md.render(text)
    import nh3

    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener nofollow",
    ).strip()


def _citation_link(match: re.Match[str], resolve: Resolver) -> str:
    citation = Citation(match[1], match[2], (match[3] or "").strip() or None, match.start())
    resolved = resolve(citation)
    if resolved is None:
        return _escape_markdown(match.group(0))
    href, label = resolved
    return f"[{_escape_markdown(label)}]({href})"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~])")


def _escape_markdown(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def to_plain(text: str) -> str:
    """Clause text as plain words (for search, feeds and terminals)."""
    text = CITATION.sub(lambda m: m[3] or f"{m[1]}#{m[2]}".lstrip("#"), text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(\*\*|__|\*|_|`)", "", text)
    return text
