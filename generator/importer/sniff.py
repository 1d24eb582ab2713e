"""What a text file really is, from its content: LaTeX, reStructuredText, HTML, AsciiDoc.

A file's name is only a claim. A LaTeX or reStructuredText file renamed to `.md`
is valid Markdown in the letter (every text is), and would be imported as one
article of junk. So before a reader sees a text, the strongest signs of the other
formats are looked for; each sign is something Markdown never needs to write
(`\\documentclass`, `.. directive::`, a heading underlined with `~`), and a format
is named only when its signs are clear, so ordinary Markdown is never refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Sniffed:
    """A format recognised in a text, and the first line that shows it."""

    format: str  # pandoc's name for the format: latex, rst, html, asciidoc
    label: str  # what people call it: "LaTeX"
    suffix: str  # the file name ending to import it under
    line: int
    evidence: str  # that line, shortened


_LABELS = {
    "latex": ("LaTeX", ".tex"),
    "rst": ("reStructuredText", ".rst"),
    "html": ("an HTML page", ".html"),
    "asciidoc": ("AsciiDoc", ".adoc"),
}

# One of these is enough: no Markdown file needs them.
_LATEX_STRONG = re.compile(r"^\s*\\(documentclass|begin\s*\{document\})", re.MULTILINE)
# Several of these are needed: a Markdown text may quote one LaTeX command.
_LATEX_WEAK = re.compile(
    r"^\s*\\(section|subsection|subsubsection|chapter|item|begin|end|usepackage|title)\b",
    re.MULTILINE,
)
_RST_STRONG = re.compile(
    r"^\.\. (?:[A-Za-z][\w-]*::|_[^:\n]+:|\|[^|\n]+\|)"  # directive, link target, substitution
    r"|^\.\.[ \t]*\n[ \t]+\S"  # a comment: ".." then an indented block
    r"|`[^`]{1,200}\s<[^>\s]+>`__?",  # an inline link `text <url>`_
    re.MULTILINE,
)
# A heading underlined (at least as long as the heading) in a character Markdown never
# underlines with; "~~~" alone would be a Markdown code fence, so four or more.
_RST_ADORNMENT = re.compile(r"^(\S[^\n]*)\n([~^\"'+#<>])\2{3,}[ \t]*$", re.MULTILINE)
_RST_OVERLINED = re.compile(r"^([=\-~^\"'`+*#])\1{2,}[ \t]*\n[^\n]+\n\1{3,}[ \t]*$", re.MULTILINE)
_HTML_PAGE = re.compile(
    r"\A(?:\s|<!--.*?-->)*<(!doctype\s+html|html[\s>])", re.IGNORECASE | re.DOTALL
)
_ASCIIDOC_TITLE = re.compile(r"\A(?:\s*//[^\n]*\n)*\s*= \S[^\n]*\n", re.MULTILINE)
_ASCIIDOC_WEAK = re.compile(
    r"^(?:={2,5} \S|:[\w-]+:(?: |$)|\[(?:source|NOTE|TIP|WARNING)[,\]])", re.MULTILINE
)


def sniff(text: str) -> Sniffed | None:
    """The format `text` is clearly written in, if it is one of the formats above."""
    if match := _HTML_PAGE.search(text):
        return _found("html", text, match.start(1) - 1)
    if match := _LATEX_STRONG.search(text):
        return _found("latex", text, match.start(1))
    weak = list(_LATEX_WEAK.finditer(text))
    if len(weak) >= 3:
        return _found("latex", text, weak[0].start(1))
    underlined = [
        m for m in _RST_ADORNMENT.finditer(text) if len(m[0]) - len(m[1]) - 1 >= len(m[1].rstrip())
    ]
    rst = [*_RST_STRONG.finditer(text), *underlined, *_RST_OVERLINED.finditer(text)]
    if len(rst) >= 2:
        return _found("rst", text, min(m.start() for m in rst))
    if (title := _ASCIIDOC_TITLE.search(text)) and _ASCIIDOC_WEAK.search(text):
        return _found("asciidoc", text, title.end() - 2)
    return None


def _found(format_: str, text: str, offset: int) -> Sniffed:
    label, suffix = _LABELS[format_]
    line = text.count("\n", 0, offset) + 1
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    evidence = text[start : end if end >= 0 else len(text)].strip()
    if len(evidence) > 60:
        evidence = evidence[:57] + "..."
    return Sniffed(format_, label, suffix, line, evidence)
