"""The redline view and its HTML partial: words and marks, never colour alone, always escaped."""

from __future__ import annotations

import io
from dataclasses import replace

from docgen import article, clause, constitution
from redline_helpers import fixture_diffs
from rich.console import Console

from generator.diff.as_markdown import render_markdown
from generator.diff.as_terminal import render_terminal
from generator.diff.clauses import diff_documents
from generator.diff.view import RedlineView, redline_view
from generator.site.templating import environment


def render(view: RedlineView) -> str:
    return environment().get_template("partials/redline.html").render(redline=view)


def constitution_view(**options) -> RedlineView:
    return redline_view(fixture_diffs()[1], **options)


def test_rows_carry_headings_in_words_and_numbers_on_both_sides():
    view = constitution_view()
    rows = {r.id: r for a in view.articles for r in a.rows}
    assert rows["notice"].heading == "Clause 3.3 amended"
    assert (rows["notice"].old_number, rows["notice"].new_number) == ("3.2", "3.3")
    assert rows["notice"].note == "it was clause 3.2"
    assert rows["online"].heading == "Clause 3.2 inserted"
    assert rows["expenses"].heading == "Clause 2.3 moved"
    assert rows["expenses"].note == "moved from Article 4 (Money), where it was clause 4.2"
    assert rows["chair-casting-vote"].heading == "Clause 3.3(b) removed"
    assert rows["chair-casting-vote"].anchor == "chair-casting-vote--removed"
    assert [a.row.heading for a in view.articles] == [
        "Article 1 retitled",
        "Article 2",
        "Article 3",
    ]
    assert [r.heading for r in view.renumbered] == [
        "Clause 2.4 renumbered",
        "Clause 3.4 renumbered",
        "Clause 3.4(a) renumbered",
        "Clause 4.2 renumbered",
    ]
    assert view.summary == (
        "1 clause amended, 1 clause inserted, 1 clause removed, 1 clause moved, "
        "4 clauses renumbered only, 1 article retitled, 2 details changed "
        "(amendment rule)."
    )
    # The document's status is the change of record, not part of the amendment.
    assert [(f.label, f.old, f.new) for f in view.record] == [("status", "adopted", "draft")]
    assert "Change of record" in render(view) and "status changed" not in render(view)
    assert [f.heading for f in view.fields] == [
        "Amendment rule: majority needed changed",
        "Amendment rule: notice changed",
    ]


def test_the_partial_marks_changes_with_ins_del_and_words():
    html = render(constitution_view(link_for_clause=lambda id_: f"/larkfield/1.1/#{id_}"))
    assert "<del>the chair has a second, casting vote when the votes are tied.</del>" in html
    assert "<ins>The secretary sends every member</ins>" in html
    assert "<del>14</del> <ins>21 clear</ins>" in html
    assert '<a href="/larkfield/1.1/#notice">Clause 3.3 amended</a>' in html
    assert "Clause 3.2 inserted" in html and "Clause 3.3(b) removed" in html
    assert "moved from Article 4 (Money), where it was clause 4.2" in html
    assert 'id="chair-casting-vote--removed"' in html
    assert "was <del>2/3</del>, now <ins>3/4</ins>" in html
    assert "4 provisions renumbered only (their words are unchanged)" in html


def test_text_from_a_document_is_escaped_in_the_partial():
    old = constitution(article("a", "Rules", clause("c", "Members vote by hand.")))
    new = constitution(
        article(
            "a",
            "Rules <i>now</i>",
            clause("c", 'Members vote <script>alert("x")</script> by hand.'),
            clause("d", "<img src=x onerror=alert(1)> & **bold**"),
        )
    )
    html = render(redline_view(diff_documents(old, new)))
    assert "<script>" not in html and "<img" not in html and "<i>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; **bold**" in html
    assert "<span>Rules</span> <ins>&lt;i&gt;now&lt;/i&gt;</ins>" in html


def test_links_from_a_document_that_are_not_web_addresses_are_dropped():
    diff = fixture_diffs()[0]
    decision = replace(diff.new_head.decision, proposal="javascript:alert(1)")
    diff = replace(diff, new_head=replace(diff.new_head, decision=decision))
    assert redline_view(diff).decision.proposal is None


def test_with_unchanged_provisions_every_provision_is_a_row():
    view = constitution_view(include_unchanged=True)
    ids = [r.id for a in view.articles for r in (a.row, *a.rows)]
    assert ids.count("chair-casting-vote") == 1
    assert {"name", "name-of-the-co-op", "register", "bank", "accounts"} <= set(ids)
    assert view.renumbered == ()


def test_a_version_against_itself_has_nothing_to_show():
    doc = fixture_diffs()[0].new_head
    full = replace(doc, articles=(article("a", "A", clause("c", "Words.")),))
    view = redline_view(diff_documents(full, full))
    assert not view.has_changes and view.articles == () and view.summary == "No changes."
    assert "No changes." in render(view)


def test_anchor_prefix_keeps_ids_of_several_documents_apart():
    view = constitution_view(anchor_prefix="larkfield--")
    assert view.anchor == "larkfield--redline"
    assert all(r.anchor.startswith("larkfield--") for a in view.articles for r in a.rows)


def test_citations_read_as_clause_labels_in_every_rendering_never_as_markup():
    rules = article(
        "a",
        "Rules",
        clause("quorum", "A quorum is ten members."),
        clause("c", "Members vote by hand."),
    )
    cited = article(
        "a",
        "Rules",
        clause("quorum", "A quorum is ten members."),
        clause("c", "Members vote by hand, once [[#quorum]] is met."),
    )
    view = redline_view(
        diff_documents(constitution(rules), constitution(cited, version="2")),
        link_for_clause=lambda pid: f"../2/#{pid}",
    )
    html = render(view)
    assert '<a href="../2/#quorum">clause 1.1</a>' in html
    markdown = render_markdown([view])
    out = io.StringIO()
    render_terminal([view], Console(file=out, no_color=True, width=200))
    for text in (html, markdown, out.getvalue()):
        assert "[[" not in text and "#quorum]]" not in text
        assert "clause 1.1" in text
