"""The diff engine: provisions aligned by id, kinds of change named, nothing lost."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest
from docgen import amendments, article, clause, constitution, documents, rewrap
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.diff.clauses import DiffError, DocumentDiff, apply_diff, diff_documents
from generator.model.document import AmendmentRule, Clause, Document, Threshold


def kinds(diff: DocumentDiff) -> dict[str, str]:
    """id -> kind for every provision that changed (an id reused appears as 'removed+added')."""
    out: dict[str, str] = {}
    for p in diff.changes:
        out[p.id] = f"{out[p.id]}+{p.kind}" if p.id in out else p.kind
    return out


BASE = constitution(
    article("name", "Name", clause("name-1", "The name of the group is the Vale Partnership.")),
    article(
        "meetings",
        "Meetings",
        clause("agm", "The group holds an annual general meeting every year."),
        clause("notice", "Members get 14 days' notice of a general meeting."),
        clause("quorum", "The quorum is 10 members."),
    ),
    article(
        "money",
        "Money",
        clause("accounts", "The treasurer keeps the accounts."),
        clause("payments", "Members may be paid back reasonable expenses."),
    ),
)


NAME, MEETINGS, MONEY = BASE.articles


def with_clauses(**clauses: tuple[Clause, ...]) -> Document:
    """BASE with the clauses of some articles (named by id) replaced."""
    return replace(
        BASE,
        articles=tuple(
            replace(a, clauses=clauses[a.id]) if a.id in clauses else a for a in BASE.articles
        ),
    )


# --- properties ------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(documents(), documents())
def test_applying_the_diff_to_the_old_version_gives_the_new_one(old: Document, new: Document):
    assert apply_diff(old, diff_documents(old, new)) == new


@settings(max_examples=300, deadline=None)
@given(amendments())
def test_applying_an_amendment_diff_gives_the_amended_version(pair: tuple[Document, Document]):
    old, new = pair
    assert apply_diff(old, diff_documents(old, new)) == new


@settings(max_examples=200, deadline=None)
@given(amendments())
def test_provisions_not_moved_keep_their_order(pair: tuple[Document, Document]):
    diff = diff_documents(*pair)
    kept: dict[str | None, list[int]] = {}
    for p in diff.provisions:
        if p.old and p.new and not p.moved:
            assert p.old.parent == p.new.parent
            kept.setdefault(p.new.parent, []).append(
                p.old.index if p.level != "section" else 10_000 + p.old.index
            )
    for positions in kept.values():
        assert positions == sorted(positions)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.tuples(documents(), documents()), amendments()))
def test_every_provision_of_either_side_appears_exactly_once(pair: tuple[Document, Document]):
    old, new = pair
    diff = diff_documents(old, new)
    on_old = Counter(p.id for p in diff.provisions if p.old is not None)
    on_new = Counter(p.id for p in diff.provisions if p.new is not None)
    assert on_old == Counter(p.id for p in old.provisions())
    assert on_new == Counter(p.id for p in new.provisions())
    assert len(diff.provisions) == len(
        set((p.id, p.old is None, p.new is None) for p in diff.provisions)
    )


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.tuples(documents(), documents()), amendments()))
def test_kinds_agree_with_placements(pair: tuple[Document, Document]):
    old, new = pair
    for p in diff_documents(old, new).provisions:
        assert (p.old is None) == (p.kind == "added")
        assert (p.new is None) == (p.kind == "removed")
        if p.old and p.new and p.old.parent != p.new.parent:
            assert p.moved
        if p.kind == "renumbered":
            assert p.renumbered and not p.moved
            assert p.old_text == p.new_text or p.reflowed
        if p.kind == "unchanged":
            assert not p.renumbered and not p.moved


@settings(max_examples=200, deadline=None)
@given(documents())
def test_a_version_against_itself_is_empty(doc: Document):
    diff = diff_documents(doc, doc)
    assert diff.summary.is_empty
    assert not diff.fields
    assert not diff.changes
    assert all(p.kind == "unchanged" for p in diff.provisions)


@settings(max_examples=100, deadline=None)
@given(documents(), st.integers(1, 5))
def test_a_reflow_of_every_clause_changes_no_words(doc: Document, width: int):
    reflowed = rewrap(doc, width)
    diff = diff_documents(doc, reflowed)
    assert not diff.summary.changes_wording
    assert diff.summary.is_empty
    assert apply_diff(doc, diff) == reflowed


@settings(max_examples=50, deadline=None)
@given(documents())
def test_a_document_added_or_removed_in_full(doc: Document):
    added = diff_documents(None, doc)
    assert {p.kind for p in added.provisions} <= {"added"}
    assert apply_diff(None, added) == doc
    removed = diff_documents(doc, None)
    assert {p.kind for p in removed.provisions} <= {"removed"}
    assert apply_diff(doc, removed) is None


# --- the kinds of change, by example ------------------------------------------------


def test_a_reworded_clause_is_modified_with_its_word_changes():
    agm, _, quorum = MEETINGS.clauses
    notice = clause("notice", "Members get 21 days' notice of a general meeting.")
    diff = diff_documents(BASE, with_clauses(meetings=(agm, notice, quorum)))
    assert kinds(diff) == {"notice": "modified"}
    (change,) = diff.changes
    assert [(s.kind, s.text) for s in change.words] == [
        ("equal", "Members get"),
        ("delete", "14"),
        ("insert", "21"),
        ("equal", "days' notice of a general meeting."),
    ]
    assert diff.summary.clauses.changed == 1


def test_an_insertion_renumbers_the_clauses_after_it_without_moving_them():
    egm = clause("egm", "The board may call a special meeting.")
    diff = diff_documents(BASE, with_clauses(meetings=(egm, *MEETINGS.clauses)))
    assert kinds(diff) == {
        "egm": "added",
        "agm": "renumbered",
        "notice": "renumbered",
        "quorum": "renumbered",
    }
    quorum = next(p for p in diff.changes if p.id == "quorum")
    assert (quorum.old.number.short, quorum.new.number.short) == ("2.3", "2.4")
    assert diff.summary.clauses.added == 1 and diff.summary.clauses.renumbered == 3
    assert diff.summary.clauses.moved == 0


def test_a_clause_taken_to_another_article_is_moved():
    accounts, payments = MONEY.clauses
    new = with_clauses(meetings=(*MEETINGS.clauses, payments), money=(accounts,))
    diff = diff_documents(BASE, new)
    assert kinds(diff) == {"payments": "moved"}
    (moved,) = diff.changes
    assert (moved.old.parent, moved.new.parent) == ("money", "meetings")
    assert (moved.old.number.short, moved.new.number.short) == ("3.2", "2.4")


def test_a_swap_moves_one_clause_and_leaves_the_others_in_order():
    agm, notice, quorum = MEETINGS.clauses
    new = with_clauses(meetings=(notice, agm, quorum))
    # Of agm and notice, one must have moved; the longest run kept in order is agm, quorum.
    assert kinds(diff_documents(BASE, new)) == {"notice": "moved", "agm": "renumbered"}


def test_a_moved_article_renumbers_its_clauses_but_does_not_move_them():
    diff = diff_documents(BASE, replace(BASE, articles=(NAME, MONEY, MEETINGS)))
    assert kinds(diff) == {
        "money": "moved",
        "accounts": "renumbered",
        "payments": "renumbered",
        "meetings": "renumbered",
        "agm": "renumbered",
        "notice": "renumbered",
        "quorum": "renumbered",
    }


def test_a_reworded_and_moved_clause_is_modified_and_flagged_moved():
    payments = clause("payments", "Members may be paid expenses.")
    new = with_clauses(meetings=(*MEETINGS.clauses, payments), money=MONEY.clauses[:1])
    (change,) = diff_documents(BASE, new).changes
    assert change.kind == "modified" and change.moved and change.renumbered


def test_an_id_reused_for_a_different_clause_is_removed_and_added():
    other = clause("quorum", "Proxies are not allowed at any time whatsoever.")
    diff = diff_documents(BASE, with_clauses(meetings=(*MEETINGS.clauses[:2], other)))
    assert kinds(diff) == {"quorum": "removed+added"}
    assert diff.summary.clauses.removed == 1 and diff.summary.clauses.added == 1


def test_a_heavy_rewording_under_the_same_id_is_still_modified():
    old = constitution(
        article(
            "purpose",
            "Purpose",
            clause(
                "connect",
                "bring neighbours of different ages and backgrounds together, and reduce "
                "loneliness;",
            ),
        )
    )
    new = constitution(
        article(
            "purpose",
            "Purpose",
            clause(
                "connect",
                "help neighbours of every age, background and culture to meet, get to know "
                "and look out for one another, so that fewer people are lonely or cut off;",
            ),
        )
    )
    assert kinds(diff_documents(old, new)) == {"connect": "modified"}


def test_an_id_that_changes_level_is_removed_and_added():
    old = constitution(article("a", "A", clause("x", "words here")))
    new = constitution(article("a", "A", clause("y", "other")), article("x", "words here"))
    assert kinds(diff_documents(old, new)) == {"x": "removed+added", "y": "added"}


def test_removed_clauses_are_shown_where_they_were():
    agm, _, quorum = MEETINGS.clauses
    order = [
        (p.id, p.kind)
        for p in diff_documents(BASE, with_clauses(meetings=(agm, quorum))).provisions
    ]
    assert order[2:6] == [
        ("meetings", "unchanged"),
        ("agm", "unchanged"),
        ("notice", "removed"),
        ("quorum", "renumbered"),
    ]


def test_article_retitled_and_metadata_changed():
    rule = AmendmentRule(Threshold.parse("2/3"), quorum=20, notice_days=21)
    old = replace(BASE, amendment_rule=rule)
    new = replace(
        BASE,
        status="draft",
        amendment_rule=replace(rule, quorum=15),
        articles=(replace(BASE.articles[0], title="Name and status"), *BASE.articles[1:]),
    )
    diff = diff_documents(old, new)
    assert kinds(diff) == {"name": "retitled"}
    assert [(f.key, f.old, f.new) for f in diff.fields] == [
        ("status", "adopted", "draft"),
        ("amendment_rule.quorum", "20 members", "15 members"),
    ]
    assert diff.summary.fields == 2 and diff.summary.articles.changed == 1


def test_documents_of_different_ids_or_kinds_are_refused():
    with pytest.raises(DiffError, match="same document"):
        diff_documents(BASE, replace(BASE, id="other"))
    with pytest.raises(DiffError, match="same document"):
        diff_documents(BASE, replace(BASE, kind="charter"))


def test_a_diff_applied_to_the_wrong_document_fails():
    new = replace(BASE, articles=BASE.articles[:2])
    diff = diff_documents(BASE, new)
    with pytest.raises(DiffError):
        apply_diff(new, diff)


# --- formatting only -------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('The group is called "the Vale".', "The group is called “the Vale”."),
        ("The group's name.", "The group’s name."),
        ("Meetings -- at least two -- each year.", "Meetings—at least two—each year."),
        ("Years 2013-2015 count.", "Years 2013 – 2015 count."),
        ("The quorum is N \\* V members.", "The quorum is N * V members."),
        ("The *quorum* is ten.", "The quorum is ten."),
        ("Wait for it…", "Wait for it..."),
    ],
)
def test_a_change_of_typography_alone_is_formatting_not_an_amendment(old: str, new: str):
    before = with_clauses(meetings=(clause("agm", old),))
    after = with_clauses(meetings=(clause("agm", new),))
    diff = diff_documents(before, after)
    assert kinds(diff) == {"agm": "formatting"}
    assert diff.summary.clauses.formatting == 1
    assert diff.summary.clauses.changed == 0
    assert not diff.summary.changes_wording
    assert diff.change == "changed"  # the text did change, and the redline says how


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("The quorum is ten.", "The Quorum is ten."),  # a capital can make a defined term
        ('The "Board" decides.', "The Board decides."),  # quotes added or removed are words
        ("Ten members - at least.", "Ten members at least."),
        ("`code` here.", "'code' here."),
    ],
)
def test_a_change_beyond_typography_is_still_an_amendment(old: str, new: str):
    before = with_clauses(meetings=(clause("agm", old),))
    after = with_clauses(meetings=(clause("agm", new),))
    assert kinds(diff_documents(before, after)) == {"agm": "modified"}


def test_markdown_escapes_never_show_in_the_words_of_a_redline():
    before = with_clauses(meetings=(clause("agm", "The quorum is N \\* V \\[members\\]."),))
    after = with_clauses(meetings=(clause("agm", "The quorum is N \\* W \\[members\\]."),))
    (change,) = diff_documents(before, after).changes
    assert change.kind == "modified"
    assert [(s.kind, s.text) for s in change.words] == [
        ("equal", "The quorum is N *"),
        ("delete", "V"),
        ("insert", "W"),
        ("equal", "[members]."),
    ]
    assert change.old_text == "The quorum is N \\* V \\[members\\]."  # the data is as typed


# Every character str.split() takes for whitespace, beside letters, escapes and marks.
SPACES = " \t\n\r\x0b\x0c\x1c\x85\xa0\u2003\u2028\u3000"
MARKS = ["a", "Z", "\\*", "\\", "*", "é", "\u200b", "\ufeff", "😀"]
SPACES_AND_MARKS = st.sampled_from([*SPACES, *MARKS])


@settings(max_examples=300, deadline=None)
@given(st.lists(SPACES_AND_MARKS, max_size=14).map("".join))
def test_a_whole_text_is_shown_as_its_words_one_space_apart(text: str):
    # An added, removed or unchanged provision is one segment of its words; the diff
    # skips re-joining a text that is already so, and must agree with joining it.
    doc = constitution(article("a", "Title", clause("c", text)))
    from generator.diff.words import readable

    expected = " ".join(readable(text).split())
    for diff in (diff_documents(None, doc), diff_documents(doc, None), diff_documents(doc, doc)):
        (change,) = [p for p in diff.provisions if p.id == "c"]
        assert [s.text for s in change.words] == [expected]
