"""The 404 page, right wherever the site is served.

A static host serves `404.html` for a missing address at any depth, so the page
cannot use links relative to itself. MkDocs makes them absolute from the root
of `site_url`, which is right when the site's address is known. When it is not,
they start at "/", which is wrong on a GitHub Pages project site
(https://org.github.io/repo/). Then the page's links are made relative to a
`<base>` that a small script sets before anything loads: the first folder of the
path on a github.io project site, else the root. Readers without JavaScript on
a project site get the page without its styles, but with working words.
"""

from __future__ import annotations

import re
from pathlib import Path

PAGE = "404.html"
_ROOTED = re.compile(r'((?:href|src)=")/(?!/)')
# The theme's settings for its scripts name the root and the search worker, from "/".
_CONFIG_SEARCH = re.compile(r'("search": ")/(?!/)')
_CONFIG_BASE = '"base": "/"'
_BASE_SCRIPT = (
    '<base href="/">'
    "<script>(function(){var h=location.hostname,p=location.pathname.split('/');"
    "if(/\\.github\\.io$/.test(h)&&p.length>2&&p[1]&&h.split('.')[0]!==p[1])"
    "{document.querySelector('base').href='/'+p[1]+'/';}})();</script>"
)


def fix_not_found_page(site: Path, site_url: str | None) -> None:
    """Make the built 404 page base-aware when the site's address is not known."""
    page = site / PAGE
    if site_url or not page.is_file():
        return
    text = page.read_text(encoding="utf-8")
    if "<base " in text:
        return
    head = text.find("<head>")
    if head < 0:
        return
    text = _CONFIG_SEARCH.sub(r"\1", _ROOTED.sub(r"\1", text))
    text = text.replace(_CONFIG_BASE, '"base": "."')
    at = head + len("<head>")
    # The charset must come first; <base> right after it, before any link or script.
    charset = re.search(r"<meta charset=[^>]*>", text[at:])
    if charset is not None:
        at += charset.end()
    page.write_text(text[:at] + _BASE_SCRIPT + text[at:], encoding="utf-8")
