"""Word-level differences: punctuation kept with its word, whitespace ignored, islands folded."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from generator.diff.words import (
    FOLD_MAX_WORDS,
    Segment,
    diff_words,
    new_words,
    old_words,
    same_words,
    words,
)

WORDS = st.sampled_from(("a", "b", "c", "d", "the", "board,", "may;", "21"))
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


def test_punctuation_stays_with_its_word() -> None:
    assert kinds("reduce loneliness;", "reduce loneliness.") == [
        ("equal", "reduce"),
        ("delete", "loneliness;"),
        ("insert", "loneliness."),
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


def test_small_islands_between_changes_are_folded_into_one_replacement() -> None:
    # "of the" (two words) sits between two changes: it is folded in.
    assert kinds("give notice of the meeting", "send papers of the assembly") == [
        ("delete", "give notice of the meeting"),
        ("insert", "send papers of the assembly"),
    ]


def test_islands_of_three_words_or_more_are_kept() -> None:
    assert kinds("give notice of the general meeting", "send notice of the general assembly") == [
        ("delete", "give"),
        ("insert", "send"),
        ("equal", "notice of the general"),
        ("delete", "meeting"),
        ("insert", "assembly"),
    ]


def test_unchanged_words_at_the_edges_are_never_folded() -> None:
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
def test_segments_are_folded_and_in_reading_order(old: str, new: str) -> None:
    segments = diff_words(old, new).segments
    assert all(s.text for s in segments)
    for before, after in itertools.pairwise(segments):
        assert before.kind != after.kind
        assert (before.kind, after.kind) != ("insert", "delete")  # deletion shown first
    for i in range(1, len(segments) - 1):
        if segments[i].kind == "equal":
            assert len(words(segments[i].text)) > FOLD_MAX_WORDS


@given(TEXT)
def test_a_text_against_itself_is_all_equal(text: str) -> None:
    assert not diff_words(text, text).changed
