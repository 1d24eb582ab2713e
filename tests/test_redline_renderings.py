"""The Markdown, JSON and terminal renderings: same diff, each escaped for its medium."""

from __future__ import annotations

import io
import json
import re

from docgen import article, clause, constitution, documents
from hypothesis import given, settings
from jsonschema import Draft202012Validator
from markdown_it import MarkdownIt
from redline_helpers import fixture_diffs
from rich.console import Console

from generator.diff.as_json import render_json
from generator.diff.as_markdown import escape, render_markdown
from generator.diff.as_terminal import render_terminal
from generator.diff.clauses import diff_documents
from generator.diff.view import redline_view
from generator.load.schema import schema
from generator.model.document import Document

HOSTILE = (
    '<script>alert("x")</script> <img src=x onerror=alert(1)> ![pixel](https://evil.example/p.png) '
    "[click](javascript:alert(1)) @kestrel-vale/board cc @everyone see #12 | a | b | $x^2$ "
    "<!-- hidden --> **bold** ~~gone~~ `code` & more"
)


def hostile_diff():
    old = constitution(article("a", "Rules", clause("c", "Members vote by a show of hands.")))
    new = constitution(
        article(
            "a", "Rules <u>now</u>", clause("c", "Members vote " + HOSTILE), clause("d", HOSTILE)
        )
    )
    return diff_documents(old, new)


# --- Markdown -----------------------------------------------------------------------


def github_html(markdown: str) -> str:
    """Markdown rendered the way GitHub would treat it: raw HTML passes through."""
    return (
        MarkdownIt("commonmark", {"html": True})
        .enable("table")
        .enable("strikethrough")
        .render(markdown)
    )


def test_markdown_lets_no_document_text_become_html_links_or_mentions():
    markdown = render_markdown([redline_view(hostile_diff())])
    html = github_html(markdown)
    marked = re.findall(r"<(ins|del)>(.*?)</\1>", html)
    assert len(marked) == 6
    for _, inside in marked:  # what a clause says is text, with no tag of its own
        assert "<" not in inside and ">" not in inside
    assert "<script" not in html and "<img" not in html and "<a " not in html
    assert "<!--" not in markdown
    assert "@kestrel-vale" not in markdown and "@everyone" not in markdown
    assert "@\u200bkestrel-vale/board" in markdown
    assert "#12" not in markdown
    # The only tags are the ones the redline itself uses.
    tags = set(re.findall(r"</?([a-z][a-z0-9]*)", html))
    assert tags <= {
        "h2",
        "h3",
        "h4",
        "p",
        "ins",
        "del",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "em",
        "strong",
        "blockquote",
        "ul",
        "li",
        "details",
        "summary",
    }


def test_markdown_escape_keeps_the_characters_a_reader_sees():
    html = MarkdownIt("commonmark").render(escape("a *b* <c> & [d](e) 1. @f", starts_line=True))
    assert html == "<p>a *b* &lt;c&gt; &amp; [d](e) 1. @\u200bf</p>\n"
    assert (
        MarkdownIt("commonmark")
        .render(escape("1. not a list", starts_line=True))
        .startswith("<p>1. not a list")
    )


def test_markdown_cuts_long_unchanged_stretches_but_keeps_words_near_changes():
    long = " ".join(f"w{i}" for i in range(100))
    old = constitution(article("a", "A", clause("c", long + " end.")))
    new = constitution(article("a", "A", clause("c", long + " finish.")))
    markdown = render_markdown([redline_view(diff_documents(old, new))])
    assert "… w88 w89" in markdown and "w10 " not in markdown
    assert "<del>end.</del> <ins>finish.</ins>" in markdown


def test_markdown_groups_by_document_with_a_summary_table_first():
    markdown = render_markdown([redline_view(d) for d in fixture_diffs()], compared="Before: a.")
    lines = markdown.splitlines()
    assert lines[0] == "## Amendment redline"
    table = lines.index("| Document | Version | What changed |")
    first_document = next(i for i, line in enumerate(lines) if line.startswith("### "))
    assert table < first_document
    assert "**Clause 3.3 amended** — it was clause 3.2" in markdown
    assert "**Clause 3.2 inserted**" in markdown


# --- JSON ---------------------------------------------------------------------------


def test_json_matches_its_schema_and_escapes_markup_characters():
    text = render_json([hostile_diff()], base="a", head="b")
    assert "<" not in text and ">" not in text and "&" not in text
    data = json.loads(text)
    Draft202012Validator(schema("redline")).validate(data)
    added = next(p for p in data["documents"][0]["provisions"] if p["id"] == "d")
    assert added["new_text"] == HOSTILE  # the data itself is exactly as typed


@settings(max_examples=50, deadline=None)
@given(documents(), documents())
def test_json_of_any_diff_matches_its_schema(old: Document, new: Document):
    data = json.loads(render_json([diff_documents(old, new)]))
    Draft202012Validator(schema("redline")).validate(data)


# --- terminal -------------------------------------------------------------------------


def terminal(tty: bool) -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    console = Console(
        file=out, force_terminal=tty, color_system="truecolor" if tty else None, width=200
    )
    return console, out


def test_terminal_without_a_tty_uses_plain_markers():
    console, out = terminal(tty=False)
    render_terminal([redline_view(d) for d in fixture_diffs()], console)
    text = out.getvalue()
    assert "\x1b[" not in text
    assert "less than [-two-] {+three+} hours" in text
    assert "Clause 3.3 amended — it was clause 3.2" in text


def test_terminal_with_colour_styles_changes_instead_of_markers():
    console, out = terminal(tty=True)
    render_terminal([redline_view(d) for d in fixture_diffs()], console)
    text = out.getvalue()
    assert "\x1b[" in text and "[-two-]" not in text and "{+three+}" not in text
    assert "\x1b[9" in text  # struck through, so not colour alone
    assert "Clause 3.3 amended" in text


def test_terminal_shows_rich_markup_in_a_clause_as_typed():
    old = constitution(article("a", "A", clause("c", "Plain.")))
    new = constitution(article("a", "A", clause("c", "Plain [bold red]loud[/] words.")))
    console, out = terminal(tty=False)
    render_terminal([redline_view(diff_documents(old, new))], console)
    assert "{+[bold red]loud[/] words.+}" in out.getvalue()


@settings(max_examples=50, deadline=None)
@given(documents(), documents())
def test_every_rendering_of_any_diff_keeps_document_text_inert(old: Document, new: Document):
    # The generated documents use words such as "<b>", "@team" and "[x](y)".
    from generator.site.templating import environment

    view = redline_view(diff_documents(old, new))
    html = environment().get_template("partials/redline.html").render(redline=view)
    assert "<b>" not in html
    markdown = render_markdown([view])
    assert "<b>" not in markdown and "@team" not in markdown and "[x](y)" not in markdown
    console, out = terminal(tty=False)
    render_terminal([view], console)
    assert out.getvalue()


def test_formatting_only_is_named_and_counted_apart_in_every_rendering():
    old = constitution(article("a", "A", clause("c", 'The "Board" decides -- N \\* V.')))
    new = constitution(article("a", "A", clause("c", "The “Board” decides — N * V.")))
    diff = diff_documents(old, new)
    view = redline_view(diff)
    assert view.summary == "1 clause changed in formatting only."
    assert view.articles[0].rows[0].heading == "Clause 1.1 formatting only (same words)"
    markdown = render_markdown([view])
    assert "Clause 1.1 formatting only (same words)" in markdown
    assert "\\\\*" not in markdown  # the escape is not shown (only the * is escaped once)
    data = json.loads(render_json([diff]))
    Draft202012Validator(schema("redline")).validate(data)
    (document,) = data["documents"]
    assert document["summary"]["clauses"]["formatting"] == 1
    assert document["summary"]["changes_wording"] is False
    assert [p["kind"] for p in document["provisions"]] == ["formatting"]
    console, out = terminal(tty=False)
    render_terminal([view], console)
    assert "\\*" not in out.getvalue() and "N * V." in out.getvalue()
