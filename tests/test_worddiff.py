"""Word-level differences: whitespace ignored, only what changed marked, down to a comma."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from generator.diff.words import (
    Segment,
    diff_if_similar,
    diff_segments,
    diff_words,
    new_words,
    old_words,
    same_words,
    words,
)

WORDS = st.sampled_from(
    ("a", "b", "c", "d", "the", "board,", "board", "Board", "*may*", "may;", "21")
)
TEXT = st.lists(WORDS, max_size=30).map(" ".join)


def kinds(old: str, new: str) -> list[tuple[str, str]]:
    return [(s.kind, s.text) for s in diff_words(old, new).segments]


def test_a_changed_number_is_one_replacement_between_unchanged_words() -> None:
    assert kinds("at least 21 clear days", "at least 28 clear days") == [
        ("equal", "at least"),
        ("delete", "21"),
        ("insert", "28"),
        ("equal", "clear days"),
    ]


def test_a_changed_punctuation_mark_is_marked_without_its_word() -> None:
    assert diff_words("reduce loneliness;", "reduce loneliness.").segments == (
        Segment("equal", "reduce loneliness"),
        Segment("delete", ";", attached=True),
        Segment("insert", ".", attached=True),
    )


def test_a_changed_word_and_its_punctuation_is_one_word_changed() -> None:
    assert kinds("reduce loneliness;", "reduce isolation.") == [
        ("equal", "reduce"),
        ("delete", "loneliness;"),
        ("insert", "isolation."),
    ]


def test_reflow_is_no_change() -> None:
    old = "The secretary keeps a register\nof members and   updates it."
    new = "The secretary keeps a\n  register of members\nand updates it.\n"
    assert same_words(old, new)
    diff = diff_words(old, new)
    assert not diff.changed
    assert diff.segments == (
        Segment("equal", "The secretary keeps a register of members and updates it."),
    )


def test_small_islands_between_changes_stay_unchanged() -> None:
    # "of the" sits between two changes: it did not change, so it is not struck.
    assert kinds("give notice of the meeting", "send papers of the assembly") == [
        ("delete", "give notice"),
        ("insert", "send papers"),
        ("equal", "of the"),
        ("delete", "meeting"),
        ("insert", "assembly"),
    ]


def test_islands_of_three_words_or_more_are_kept() -> None:
    assert kinds("give notice of the general meeting", "send notice of the general assembly") == [
        ("delete", "give"),
        ("insert", "send"),
        ("equal", "notice of the general"),
        ("delete", "meeting"),
        ("insert", "assembly"),
    ]


def test_unchanged_words_at_the_edges_are_never_struck() -> None:
    assert kinds("a b c", "a x c") == [
        ("equal", "a"),
        ("delete", "b"),
        ("insert", "x"),
        ("equal", "c"),
    ]


def test_similarity_ignores_case_and_punctuation() -> None:
    assert diff_words("Members may vote;", "members may vote.").similarity == 1.0
    assert diff_words("alpha beta", "gamma delta").similarity == 0.0


@given(TEXT, TEXT)
def test_both_texts_are_read_back_from_the_segments(old: str, new: str) -> None:
    segments = diff_words(old, new).segments
    assert old_words(segments) == words(old)
    assert new_words(segments) == words(new)


@given(TEXT, TEXT)
def test_segments_are_merged_and_in_reading_order(old: str, new: str) -> None:
    segments = diff_words(old, new).segments
    assert all(s.text for s in segments)
    for i, (before, after) in enumerate(itertools.pairwise(segments)):
        assert before.kind != after.kind
        # Deletion shown first; an insertion before a deletion ends or starts a word
        # whose marks alone changed ("budget[-.-]{+,+} [-x-]", "{+y+} [-*-]word").
        if (before.kind, after.kind) == ("insert", "delete"):
            following = segments[i + 2] if i + 2 < len(segments) else None
            assert before.attached or (following is not None and following.attached)


@given(TEXT)
def test_a_text_against_itself_is_all_equal(text: str) -> None:
    assert not diff_words(text, text).changed


@given(TEXT, TEXT, st.sampled_from((0.0, 0.15, 0.2, 1 / 3, 0.5, 0.9, 1.0)))
def test_the_similar_enough_diff_decides_as_the_full_similarity(
    old: str, new: str, share: float
) -> None:
    # The short cut trusts the words both texts open or close with; it must give the
    # same segments, and refuse exactly the pairs whose similarity is below the share.
    full = diff_words(old, new)
    expected = full.segments if full.similarity >= share else None
    assert diff_if_similar(old, new, share) == expected
    assert diff_segments(old, new) == full.segments


def test_a_short_common_opening_leaves_the_decision_to_the_full_alignment() -> None:
    # "The" opens both, 2 of 15 words: too few to prove a share of 0.15 on their own.
    old, new = "The council meets each month at noon", "The fund pays for all repairs and upkeep"
    assert diff_words(old, new).similarity < 0.15
    assert diff_if_similar(old, new, 0.15) is None
    # Words in common away from the ends still count, as SequenceMatcher finds them.
    assert diff_if_similar("x board meets y", "z board meets w", 0.15) is not None
