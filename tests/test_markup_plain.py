"""Plain clause text skips the Markdown parser and the sanitiser, and gives the same HTML.

Most clauses are plain sentences; parsing and sanitising each took about a tenth
of rendering a site of single-version documents. The short cut must never give
other bytes than the full path, so these tests compare the two on generated
text (every character that Markdown or HTML treats specially, Unicode spaces,
invisible format characters, astral characters) and on the shipped example.
"""

from __future__ import annotations

import nh3
import pytest
import yaml
from conftest import EXAMPLE
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.model import markup

# Characters that mark up, escape, must be escaped, start a block, or that an
# HTML parser drops or rewrites; mixed with ordinary words.
TRICKY = (
    "\\`*_[]<>&!~|#=+-.)0123456789 \t\n\r\"'"
    "\x00\x0b\x1f\x7f\x85\xa0\u2003\u3000\u200b\u200e\u2028\u202e\u2060\ufeff\ufffd"
    "é£€—“”…ß漢🙂"
)
# Pieces that make markup when they meet: emphasis, code, links, entities, lists.
PIECES = ["Members", "vote", " ", "*", "**", "_", "`", "[", "](", "https://x.org", ")", "!"]
PIECES += ["&amp;", "&", "<b>", "<", ">", "\\", "~~", "1.", "- ", "\n", "  \n", "|", "#"]
texts = (
    st.text(alphabet=st.one_of(st.sampled_from(TRICKY), st.characters(codec="utf-8")), max_size=40)
    | st.from_regex(r"[A-Za-z][A-Za-z ,;:'\"()?/%$@—’é.]{0,60}", fullmatch=True)
    | st.lists(st.sampled_from(PIECES), max_size=12).map("".join)
)


def full_path(text: str, inline: bool) -> str:
    """What `to_html` gave for every text before the short cut: parse, then sanitise."""
    md = markup._markdown()
    html = md.renderInline(text) if inline else md.render(text)
    return nh3.clean(
        html,
        tags=markup._ALLOWED_TAGS,
        attributes=markup._ALLOWED_ATTRIBUTES,
        url_schemes=markup._URL_SCHEMES,
        link_rel="noopener nofollow",
    ).strip()


@settings(max_examples=500)
@given(texts, st.booleans())
def test_text_taken_as_plain_gives_what_the_parser_and_sanitiser_give(
    text: str, inline: bool
) -> None:
    if markup._is_plain(text):
        assert markup.to_html(text, None, inline) == full_path(text, inline)


@pytest.mark.parametrize(
    "text",
    [
        "- a list",
        "+ a list",
        "1. numbered",
        "2) numbered",
        "# not a heading",
        "Members meet *monthly*.",
        "A & B",
        "Quorum <b>is</b> five",
        " leading space",
        "trailing space ",
        "two\nlines",
        "\ufeffhidden mark",
        "see [[#quorum]]",
        "",
    ],
)
def test_text_that_markdown_or_html_would_change_takes_the_full_path(text: str) -> None:
    assert not markup._is_plain(text)


def test_the_example_clauses_come_out_as_before_and_most_are_plain() -> None:
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("text", "title", "summary", "preamble") and isinstance(value, str):
                    found.append(value)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted(EXAMPLE.glob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert len(found) > 50
    for text in found:
        for inline in (False, True):
            assert markup.to_html(text, None, inline) == full_path(text, inline), text
    assert sum(map(markup._is_plain, found)) > len(found) / 2
