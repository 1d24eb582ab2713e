"""Page shells: the theme rendered once for pages alike, and each page's own words put in.

At scale nearly all of MkDocs' time went into rendering Material's template for
each of thousands of document pages that differ only in their own values: title,
body, table of contents, address, and the render stage's front matter. Pages
whose template sees the same *shape* (same template, same depth of address, same
meta keys and list lengths, same table-of-contents tree, the same values empty)
form a group. For a group, the template is rendered once with a marker in place of
each of the page's values (a "shell"); every other page of the group is the shell
with its own values put in where the markers were.

Each marker is filtered by the template (escaped, tags stripped, made JSON, or
left as is); a second render with a probe after each marker finds out which, and
the same filter is applied to the page's real value. Anything the shell cannot
explain (a marker changed some other way, a value the template reads that is not
a marker) makes the group render page by page, as before. A group's shell is used
only once it has given, for the group's first page, exactly the bytes the theme
rendered for that page, from a shell made from another page.

Only pages outside the navigation qualify (a page in it changes the navigation it
is rendered with), and only while the theme overrides are the tool's own: a
community's override may test a value in ways a shell cannot see. Setting
CHARTERS_PAGE_SHELLS=0 renders every page through the theme, to compare.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup, escape
from mkdocs.structure.toc import get_toc

# A marker is ASCII letters and digits only, so every filter tried leaves it whole; each
# build draws its own, so no text in a repository can pass for one.
_MARKER_LETTERS = "charters{nonce}slot"
# Follows each marker in the probe render: a tag, an entity and quotes; no spaces (which
# stripping tags would fold) and no slash (which would change an address's depth).
_PROBE = "&amp;<i>\"'"
# Meta keys whose values are the page's own; any other key is part of the shape.
_OWN_META = ("title", "description")
_OWN_META_PREFIX = "charters_"


def _striptags(value: str) -> str:
    return Markup(value).striptags()


# What the theme may do to a value before printing it, in the order they are tried.
FILTERS: tuple[Callable[[str], str], ...] = (
    lambda value: value,
    lambda value: str(escape(value)),
    _striptags,
    lambda value: str(escape(_striptags(value))),
    lambda value: str(htmlsafe_json_dumps(value))[1:-1],
)


class _SlotWalk:
    """One pass over a page's own values, in a fixed order.

    `swap(index, value)` gives what stands in the page view for the value at
    `index`: the value itself when reading, a marker when making a shell.
    """

    def __init__(self, swap: Callable[[int, str], str]) -> None:
        self.swap = swap
        self.values: list[str] = []
        self.shape: list[Any] = []

    def slot(self, value: str) -> str:
        index = len(self.values)
        self.values.append(value)
        return self.swap(index, value) if value else ""

    def text(self, value: Any) -> Any:
        """A value the page may print: a string slot, or a shape for anything else."""
        if value is None or isinstance(value, str):
            self.shape.append(None if value is None else bool(value))
            return None if value is None else self.slot(value)
        self.shape.append(type(value).__name__)
        return value

    def own(self, value: Any) -> Any:
        """A value from the render stage's meta: every string in it is a slot."""
        if isinstance(value, str):
            self.shape.append(bool(value))
            return self.slot(value)
        if isinstance(value, list):
            self.shape.append(len(value))
            return [self.own(item) for item in value]
        if isinstance(value, dict):
            self.shape.append(tuple(value))
            return {key: self.own(item) for key, item in value.items()}
        self.shape.append(repr(value))
        return value

    def meta(self, meta: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in meta.items():
            if key in _OWN_META or key.startswith(_OWN_META_PREFIX):
                self.shape.append(key)
                out[key] = self.own(value)
            else:
                self.shape.append((key, repr(value)))
                out[key] = value
        return out

    def toc(self, items: Any) -> list[dict[str, Any]]:
        tokens = []
        for item in items:
            self.shape.append(("toc", item.level, len(item.children)))
            name, anchor = self.slot(item.title), self.slot(item.id)
            tokens.append(
                {
                    "level": item.level,
                    "id": anchor,
                    "name": name,
                    "children": self.toc(item.children),
                }
            )
        return tokens

    def page(self, page: Any, linked: frozenset[tuple[str, ...]]) -> dict[str, Any]:
        """The page's own values, swapped, under the attribute names the theme reads.

        The leading parts of the page's address that it shares with a page the theme
        links to (`linked`, the navigation's) stay as they are: the relative link
        between the two depends on them.
        """
        segments = page.url.split("/")
        shared = max((n for n in range(len(segments)) if tuple(segments[:n]) in linked), default=0)
        self.shape.append((tuple(segments[:shared]), tuple(bool(s) for s in segments[shared:])))
        url = "/".join(segments[:shared] + [self.slot(s) if s else "" for s in segments[shared:]])
        content = page.content or ""
        # Material adds a heading when the body has none (partials/content.html).
        self.shape.append("<h1" in content)
        edit_url = page.edit_url
        self.shape.append(isinstance(edit_url, str) and "/blob/" in edit_url)
        return {
            "url": url,
            "title": self.text(page.title),
            "content": self.slot(content),
            "canonical_url": self.text(page.canonical_url),
            "abs_url": self.text(page.abs_url),
            "edit_url": self.text(edit_url),
            "meta": self.meta(page.meta),
            "toc": get_toc(self.toc(page.toc)),
        }


def page_values(page: Any, linked: frozenset[tuple[str, ...]]) -> tuple[list[str], tuple[Any, ...]]:
    """A page's own values in slot order, and the shape that decides its group."""
    walk = _SlotWalk(lambda _index, value: value)
    walk.page(page, linked)
    return walk.values, tuple(walk.shape)


def linked_prefixes(urls: Any) -> frozenset[tuple[str, ...]]:
    """Every leading part (in segments) of the addresses the theme links to from each page."""
    prefixes = set()
    for url in urls:
        segments = url.split("/")
        prefixes.update(tuple(segments[:n]) for n in range(1, len(segments) + 1))
    return frozenset(prefixes)


class _PageView:
    """The page as the template sees it, with its own values swapped for markers."""

    def __init__(self, page: Any, swapped: dict[str, Any]) -> None:
        self.__dict__["_page"] = page
        self.__dict__.update(swapped)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.__dict__["_page"], name)


@dataclass(slots=True)
class Shell:
    """A rendered page with holes: chunks of fixed text, and (slot, filter) between them."""

    chunks: list[str]
    holes: list[tuple[int, Callable[[str], str]]]

    def fill(self, values: list[str]) -> str:
        parts = [self.chunks[0]]
        for (index, apply), chunk in zip(self.holes, self.chunks[1:], strict=True):
            parts.append(apply(values[index]))
            parts.append(chunk)
        return "".join(parts)


def _render_with(
    template: Any,
    context: Any,
    page: Any,
    linked: frozenset[tuple[str, ...]],
    swap: Callable[[int, str], str],
) -> str:
    walk = _SlotWalk(swap)
    view = _PageView(page, walk.page(page, linked))
    return template.render({**context, "page": view})


@dataclass(frozen=True, slots=True)
class Markers:
    """The markers of one build: `<prefix><slot number>z`."""

    prefix: str

    @classmethod
    def drawn(cls) -> Markers:
        return cls(_MARKER_LETTERS.format(nonce=secrets.token_hex(8)))

    def marker(self, index: int) -> str:
        return f"{self.prefix}{index}z"

    def split(self, text: str) -> list[str]:
        return re.split(re.escape(self.prefix) + r"(\d+)z", text)


def make_shell(
    template: Any,
    context: Any,
    page: Any,
    linked: frozenset[tuple[str, ...]],
    markers: Markers,
    slot_count: int,
) -> Shell | None:
    """The shell of `page`'s group, made from `page` (which has `slot_count` values); None if
    the theme's output cannot be one."""
    marked = _render_with(template, context, page, linked, lambda i, _v: markers.marker(i))
    probed = _render_with(template, context, page, linked, lambda i, _v: markers.marker(i) + _PROBE)
    pieces = markers.split(marked)
    chunks, slots = pieces[0::2], [int(i) for i in pieces[1::2]]
    if any(markers.prefix.lower() in chunk.lower() for chunk in chunks):
        return None  # a marker was changed by some filter not tried here
    if any(index >= slot_count for index in slots):
        return None
    holes: list[tuple[int, Callable[[str], str]]] = []
    if not probed.startswith(chunks[0]):
        return None
    at = len(chunks[0])
    for index, chunk in zip(slots, chunks[1:], strict=True):
        marker = markers.marker(index) + _PROBE
        for apply in FILTERS:
            printed = apply(marker)
            if probed.startswith(printed, at) and probed.startswith(chunk, at + len(printed)):
                holes.append((index, apply))
                at += len(printed) + len(chunk)
                break
        else:
            return None
    if at != len(probed):
        return None
    return Shell(chunks, holes)


@dataclass(slots=True)
class _FirstPage:
    """The first page of a group, kept to prove the group's shell against."""

    values: list[str]
    output: str


_UNSEEN = _FirstPage([], "")  # a group no page of which has been rendered yet


def shells_wanted(community_overrides: bool) -> bool:
    """Whether pages may be made from shells in this build."""
    return not community_overrides and os.environ.get("CHARTERS_PAGE_SHELLS") != "0"


class PageShells:
    """Renders pages of a build, through their group's shell where one is proven."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.markers = Markers.drawn()
        self.linked: frozenset[tuple[str, ...]] = frozenset()  # see `linked_prefixes`
        self.groups: dict[tuple[Any, ...], Shell | _FirstPage | None] = {}
        self.filled = 0  # pages made from a shell

    def render(self, template: Any, context: Any, page: Any) -> str:
        """`page` as `template` renders it with `context`; through a shell where one is proven.

        The bytes are the same either way; `filled` counts the pages made from a shell.
        """
        if not self.enabled:
            return template.render(context)
        values, shape = page_values(page, self.linked)
        key = (template.name, *shape)
        group = self.groups.get(key, _UNSEEN)
        if isinstance(group, Shell):
            self.filled += 1
            return group.fill(values)
        if group is _UNSEEN:
            output = template.render(context)
            self.groups[key] = _FirstPage(values, output)
            return output
        if group is None:
            return template.render(context)
        shell = make_shell(template, context, page, self.linked, self.markers, len(values))
        if shell is not None and shell.fill(group.values) == group.output:
            self.groups[key] = shell
            self.filled += 1
            return shell.fill(values)
        self.groups[key] = None  # this group's pages are rendered one by one
        return template.render(context)
