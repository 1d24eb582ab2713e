"""A redline never strikes a word that did not change.

For any text and any one edit (a span of words inserted, deleted or replaced), the
words before and after the edit are never struck or inserted; a pure insertion
strikes nothing, a pure deletion inserts nothing, and a replacement by words that
share nothing with the removed ones strikes exactly the removed span and inserts
exactly the added one. A change of punctuation or emphasis strikes only the marks,
never the letters; re-wrapping a text changes nothing. Repeated words, a word and
the same word with other punctuation, and citations are drawn often, since they
are where an alignment goes wrong.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from docgen import article, clause, constitution
from hypothesis import assume, given
from hypothesis import strategies as st

from generator.diff.as_json import render_json
from generator.diff.as_markdown import marked
from generator.diff.as_terminal import as_plain
from generator.diff.as_terminal import segments as terminal_segments
from generator.diff.clauses import diff_documents
from generator.diff.view import redline_view
from generator.diff.words import diff_words, new_words, old_words, words
from generator.model.changes import Segment
from generator.site.templating import environment

# Few words, many repeats, punctuation variants of the same word, and a citation.
VOCABULARY = (
    "the",
    "the",
    "of",
    "a",
    "budget",
    "budget.",
    "budget,",
    "(budget)",
    "members",
    "members;",
    "**annual**",
    "annual",
    "21",
    "2/3",
    "[[#quorum]]",
    "[[#quorum]].",
    "co-op",
)
WORD_LISTS = st.lists(st.sampled_from(VOCABULARY), max_size=24)
SPAN = st.lists(st.sampled_from(VOCABULARY), max_size=8)
PUNCTUATION = st.sampled_from(("", ".", ",", ";", ":", "**", "*", "_", "(", ")", "'", '"', "—"))


@dataclass(frozen=True)
class Edit:
    old: list[str]
    new: list[str]
    start: int  # where the edit is, in both lists
    removed: list[str]
    added: list[str]


@st.composite
def edits(draw: st.DrawFn) -> Edit:
    old = draw(WORD_LISTS)
    start = draw(st.integers(0, len(old)))
    end = draw(st.integers(start, len(old)))
    added = draw(SPAN)
    new = old[:start] + added + old[end:]
    return Edit(old, new, start, old[start:end], added)


def touched(segments: tuple[Segment, ...], side: str) -> set[int]:
    """Indexes of the old (side "delete") or new ("insert") words a change touches.

    Read as a person reads the redline: segments one space apart unless attached,
    and a struck word between two words of the new text keeps them apart.
    """
    text, hit, apart = "", set(), False
    for s in segments:
        if s.kind not in ("equal", side):
            apart = apart or not s.attached or " " in s.text
            continue
        spaced = not text or apart or not s.attached
        first = len(words(text)) - (0 if spaced else 1)
        text += (" " if spaced else "") + s.text
        if s.kind == side:
            hit |= set(range(first, len(words(text))))
        apart = False
    return hit


def changed_window(old: list[str], new: list[str]) -> tuple[int, int, int]:
    """Where the texts can differ: (prefix length, end in old, end in new).

    Outside it are the texts' common opening and closing words, which did not change.
    """
    prefix = 0
    while prefix < min(len(old), len(new)) and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while (
        suffix < min(len(old), len(new)) - prefix
        and old[len(old) - 1 - suffix] == new[len(new) - 1 - suffix]
    ):
        suffix += 1
    return prefix, len(old) - suffix, len(new) - suffix


@given(edits())
def test_words_around_an_edit_are_never_struck_or_inserted(edit: Edit) -> None:
    segments = diff_words(" ".join(edit.old), " ".join(edit.new)).segments
    prefix, old_end, new_end = changed_window(edit.old, edit.new)
    assert touched(segments, "delete") <= set(range(prefix, old_end)), segments
    assert touched(segments, "insert") <= set(range(prefix, new_end)), segments


@given(edits())
def test_an_insertion_strikes_nothing_and_a_deletion_inserts_nothing(edit: Edit) -> None:
    """One run of words, inserted or struck: the span, or the same words one place over."""
    segments = diff_words(" ".join(edit.old), " ".join(edit.new)).segments
    prefix, old_end, new_end = changed_window(edit.old, edit.new)
    changes = [s for s in segments if s.kind != "equal"]
    if not edit.removed and edit.added:
        assert changes == [Segment("insert", " ".join(edit.new[prefix:new_end]))]
        assert len(edit.new[prefix:new_end]) == len(edit.added)
    if not edit.added and edit.removed:
        assert changes == [Segment("delete", " ".join(edit.old[prefix:old_end]))]
        assert len(edit.old[prefix:old_end]) == len(edit.removed)


# Words whose letters appear nowhere in VOCABULARY.
OTHER_WORDS = st.sampled_from(("council", "council.", "yearly", "**yearly**", "[[#notice]]"))


@st.composite
def replacements(draw: st.DrawFn) -> Edit:
    """A span of at least one word replaced by at least one word with other letters."""
    old = draw(WORD_LISTS.filter(bool))
    start = draw(st.integers(0, len(old) - 1))
    end = draw(st.integers(start + 1, len(old)))
    added = draw(st.lists(OTHER_WORDS, min_size=1, max_size=6))
    return Edit(old, old[:start] + added + old[end:], start, old[start:end], added)


@given(replacements())
def test_a_replacement_by_other_words_strikes_exactly_the_removed_span(edit: Edit) -> None:
    segments = diff_words(" ".join(edit.old), " ".join(edit.new)).segments
    changes = [(s.kind, s.text) for s in segments if s.kind != "equal"]
    assert changes == [("delete", " ".join(edit.removed)), ("insert", " ".join(edit.added))]
    assert [s.text for s in segments if s.kind == "equal"] == [
        " ".join(part)
        for part in (edit.old[: edit.start], edit.new[edit.start + len(edit.added) :])
        if part
    ]


@given(edits())
def test_no_word_is_struck_and_inserted_again_in_the_same_change(edit: Edit) -> None:
    segments = diff_words(" ".join(edit.old), " ".join(edit.new)).segments
    run: list[Segment] = []
    for s in [*segments, Segment("equal", "")]:
        if s.kind != "equal":
            run.append(s)
            continue
        struck = {w for r in run if r.kind == "delete" for w in words(r.text)}
        inserted = {w for r in run if r.kind == "insert" for w in words(r.text)}
        assert not struck & inserted, segments
        run = []


@given(edits())
def test_both_texts_read_back_exactly(edit: Edit) -> None:
    segments = diff_words(" ".join(edit.old), " ".join(edit.new)).segments
    assert old_words(segments) == edit.old
    assert new_words(segments) == edit.new


@given(WORD_LISTS, st.data())
def test_a_change_of_punctuation_or_emphasis_strikes_only_the_marks(
    text: list[str], data: st.DataObject
) -> None:
    assume(text)
    at = data.draw(st.integers(0, len(text) - 1))
    assume("[[" not in text[at])
    bare = re.sub(r"^[\W_]+|[\W_]+$", "", text[at]) or "word"
    lead, trail = data.draw(PUNCTUATION), data.draw(PUNCTUATION)
    new = [*text[:at], f"{lead}{bare}{trail}", *text[at + 1 :]]
    assume(new != text)
    segments = diff_words(" ".join(text), " ".join(new)).segments
    for s in segments:
        if s.kind != "equal":
            assert not re.search(r"[^\W_]", s.text), segments


@given(edits(), st.lists(st.sampled_from((" ", "  ", "\n", "\n  ", "\t")), min_size=1))
def test_rewrapping_either_text_changes_nothing_in_the_redline(
    edit: Edit, spaces: list[str]
) -> None:
    def wrapped(ws: list[str]) -> str:
        return "".join(w + spaces[i % len(spaces)] for i, w in enumerate(ws))

    plain = diff_words(" ".join(edit.old), " ".join(edit.new))
    assert diff_words(wrapped(edit.old), wrapped(edit.new)) == plain


def test_the_known_cases_read_as_a_person_would_mark_them() -> None:
    def shown(old: str, new: str) -> str:
        out = ""
        for s in diff_words(old, new).segments:
            text = {"delete": f"[-{s.text}-]", "insert": f"{{+{s.text}+}}"}.get(s.kind, s.text)
            out += ("" if s.attached or not out else " ") + text
        return out

    assert shown("set the annual budget.", "set the annual budget, and report") == (
        "set the annual budget[-.-]{+, and report+}"
    )
    assert shown("the **annual** budget", "the annual budget") == ("the [-**-]annual[-**-] budget")
    # A repeated word next to the edit stays where it was.
    assert shown("the board and the board", "the board and the new board") == (
        "the board and the {+new+} board"
    )
    # An unchanged "of the" between two changes is not struck.
    assert shown("give notice of the meeting", "send papers of the assembly") == (
        "[-give notice-] {+send papers+} of the [-meeting-] {+assembly+}"
    )
    assert shown("members must vote.", "members must vote.\n") == "members must vote."
    assert shown("see [[#quorum]].", "see [[#quorum]],") == "see [[#quorum]][-.-]{+,+}"


def test_a_reworded_lead_in_leaves_its_unchanged_sub_clauses_unstruck() -> None:
    subs = (clause("services", "commission services;"), clause("money", "raise money."))
    old = constitution(article("purpose", "Purpose", clause("means", "To do this it may:", *subs)))
    new = constitution(
        article("purpose", "Purpose", clause("means", "To meet its purpose it may:", *subs)),
        version="2",
    )
    view = redline_view(diff_documents(old, new), include_unchanged=True)
    rows = {row.id: row for a in view.articles for row in a.rows}
    assert [s.kind for s in rows["services"].segments] == ["equal"]
    assert [s.kind for s in rows["money"].segments] == ["equal"]
    assert [(s.kind, s.text) for s in rows["means"].segments] == [
        ("equal", "To"),
        ("delete", "do this"),
        ("insert", "meet its purpose"),
        ("equal", "it may:"),
    ]


def test_every_rendering_keeps_a_changed_mark_on_its_word() -> None:
    segments = diff_words("set the budget. Then", "set the budget, then").segments
    old = constitution(article("money", "Money", clause("budget", "set the budget. Then")))
    new = constitution(
        article("money", "Money", clause("budget", "set the budget, then")), version="2"
    )
    html = (
        environment()
        .get_template("partials/redline.html")
        .render(redline=redline_view(diff_documents(old, new)))
    )
    assert (
        "<span>set the budget</span><del>.</del><ins>,</ins> <del>Then</del> <ins>then</ins>"
        in html
    )
    data = json.loads(render_json([diff_documents(old, new)]))
    (provision,) = [p for p in data["documents"][0]["provisions"] if p["id"] == "budget"]
    assert provision["words"][:3] == [
        {"kind": "equal", "text": "set the budget"},
        {"kind": "delete", "text": ".", "attached": True},
        {"kind": "insert", "text": ",", "attached": True},
    ]
    assert (
        marked(segments) == "set the budget<del>.</del><ins>,</ins> <del>Then</del> <ins>then</ins>"
    )
    line = as_plain([(0, terminal_segments(segments, True))])
    assert line == "set the budget[-.-]{+,+} [-Then-] {+then+}\n"
