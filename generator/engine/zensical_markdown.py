"""A Markdown extension for Zensical: a staged page's HTML and table of contents, as they are.

Zensical renders each page's Markdown with Python-Markdown and takes the page's
table of contents from the `toc_tokens` the `toc` extension leaves on the
converter. A staged page has no Markdown: its body is finished HTML and its
table of contents is in its front matter (`charters_toc`), so with Markdown alone
the body could be re-read as Markdown and the table of contents came out empty.

This extension, named in the configuration the Zensical adapter writes, takes the
body aside before any other step reads it, gives it back untouched as the page's
HTML after the last step, and sets `toc_tokens` from `charters_toc`: the same
staging data the MkDocs adapter hands over through its plugin. A page without
`charters_html` is converted as usual.
"""

from __future__ import annotations

import secrets
from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

# Runs before every other preprocessor, and its postprocessor after every other one.
_FIRST = 1000
_LAST = -1000


def _page_meta(md: Markdown) -> dict[str, Any]:
    """The page's front matter, from the rendering context Zensical registers on the converter."""
    for processor in md.preprocessors:
        page = getattr(processor, "page", None)
        meta = getattr(page, "meta", None)
        if isinstance(meta, dict):
            return meta
    return {}


def toc_tokens(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`charters_toc` (`TocEntry.as_json`) as the tokens Python-Markdown's `toc` extension makes."""
    return [
        {
            "level": int(entry["level"]),
            "id": str(entry["id"]),
            "name": str(entry["name"]),
            "html": str(entry["name"]),
            "data-toc-label": "",
            "children": toc_tokens(entry.get("children", [])),
        }
        for entry in entries
    ]


class _Holder:
    """What the preprocessor took aside for the postprocessor, for one conversion.

    The body is replaced by one line holding a mark that cannot occur in a page
    (a fresh random token), which Markdown turns into a paragraph. Only output
    that is that paragraph alone is the page: other extensions run the
    postprocessors on smaller pieces too (`toc` on each heading's text).
    """

    def __init__(self) -> None:
        self.body: str | None = None
        self.toc: list[dict[str, Any]] = []
        self.mark = f"charters-staged-{secrets.token_hex(16)}"


class _TakeAside(Preprocessor):
    def __init__(self, md: Markdown, holder: _Holder) -> None:
        super().__init__(md)
        self.holder = holder

    def run(self, lines: list[str]) -> list[str]:
        meta = _page_meta(self.md)
        self.holder.body = None
        if not meta.get("charters_html"):
            return lines
        self.holder.body = "\n".join(lines)
        self.holder.toc = toc_tokens(meta.get("charters_toc") or [])
        return [self.holder.mark]


class _GiveBack(Postprocessor):
    def __init__(self, md: Markdown, holder: _Holder) -> None:
        super().__init__(md)
        self.holder = holder

    def run(self, text: str) -> str:
        if self.holder.body is None or text.strip() != f"<p>{self.holder.mark}</p>":
            return text
        self.md.toc_tokens = self.holder.toc  # type: ignore[attr-defined]
        body, self.holder.body = self.holder.body, None
        return body


class StagedHtmlExtension(Extension):
    """Staged pages pass through Markdown untouched, with their own table of contents."""

    def extendMarkdown(self, md: Markdown) -> None:
        holder = _Holder()
        md.preprocessors.register(_TakeAside(md, holder), "charters_take_aside", _FIRST)
        md.postprocessors.register(_GiveBack(md, holder), "charters_give_back", _LAST)


def makeExtension(**kwargs: Any) -> StagedHtmlExtension:
    return StagedHtmlExtension(**kwargs)
