"""Word-level differences inside one piece of text, for redlines people read.

The rule a redline keeps: a word that did not change is never struck. So:

* Whitespace carries no meaning: re-wrapping a paragraph, or changing the spaces
  and line breaks between words, is no change at all (`same_words`).
* The words before and after an edit are never part of it. The texts' common
  opening and closing words are set aside first, and only what lies between is
  aligned (difflib's SequenceMatcher, without its "junk" heuristic, which would
  otherwise ignore common words such as "the"). An unchanged "of the" between two
  changes stays unchanged, between them.
* A word whose letters stayed and whose punctuation or emphasis changed
  ("budget." to "budget,", "**annual**" to "annual") shows only the marks as
  changed: "budget" stays, "." is struck and "," inserted. Those marks are
  segments *attached* to the word before them (no space between); a citation
  ("[[#quorum]]") counts as letters, so it is never cut in two.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import groupby

from generator.model.changes import Segment, SegmentKind
from generator.model.wording import (  # noqa: F401  (re-exported: the diff's idea of a word)
    readable,
    same_but_typography,
    same_words,
    typographic_words,
    words,
)

_NOT_WORDLIKE = re.compile(r"[^\w]+")
# What stays a word when its marks change: letters and digits, or a whole citation.
# Split on it, a word reads [marks, letters, marks, letters, ..., marks].
_LETTERS = re.compile(r"(\[\[[^\]]*\]\]|[^\W_]+)")

_Piece = tuple[SegmentKind, str, bool]  # kind, text, attached to the piece before it


@dataclass(frozen=True, slots=True)
class WordDiff:
    segments: tuple[Segment, ...]
    similarity: float  # 0..1: share of (normalised) words the two texts have in common, in order

    @property
    def changed(self) -> bool:
        return any(s.kind != "equal" for s in self.segments)


def diff_words(old: str, new: str) -> WordDiff:
    """The word-level difference between two texts: only what changed is marked."""
    a, b = words(old), words(new)
    return WordDiff(_segments(a, b, *_common_ends(a, b)), 1.0 if a == b else similarity(a, b))


def diff_segments(old: str, new: str) -> tuple[Segment, ...]:
    """`diff_words(old, new).segments`, without aligning the words again for a similarity."""
    a, b = words(old), words(new)
    return _segments(a, b, *_common_ends(a, b))


def diff_if_similar(old: str, new: str, share: float) -> tuple[Segment, ...] | None:
    """The word diff of two texts that share at least `share` of their words, else None.

    The same answer as `diff_words(old, new)` and its `similarity`, but the words are
    aligned a second time only when the run both texts open or close with is too short
    to decide: that run is a block SequenceMatcher can match, and its ratio counts at
    least its longest block, so a long enough run proves the share (most amendments).
    """
    a, b = words(old), words(new)
    head, tail = _common_ends(a, b)
    segments = _segments(a, b, head, tail)
    # Written as SequenceMatcher.ratio() computes it, so the bound rounds the same way.
    if a == b or 2.0 * max(head, tail) / (len(a) + len(b)) >= share:
        return segments
    return segments if similarity(a, b) >= share else None


def _common_ends(a: list[str], b: list[str]) -> tuple[int, int]:
    """How many words the lists both open with, then how many of the rest both close with."""
    head, most = 0, min(len(a), len(b))
    while head < most and a[head] == b[head]:
        head += 1
    tail, most = 0, most - head
    while tail < most and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    return head, tail


def _segments(a: list[str], b: list[str], head: int, tail: int) -> tuple[Segment, ...]:
    """Aligned runs of two word lists; the `head` and `tail` words they share set aside."""
    if a == b:
        return (Segment("equal", " ".join(a)),) if a else ()
    pieces: list[_Piece] = [("equal", " ".join(a[:head]), False)]
    old_mid, new_mid = a[head : len(a) - tail], b[head : len(b) - tail]
    matcher = SequenceMatcher(None, old_mid, new_mid, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(("equal", " ".join(old_mid[i1:i2]), False))
        elif op == "replace":
            pieces += _replaced(old_mid[i1:i2], new_mid[j1:j2])
        else:
            pieces.append(("delete", " ".join(old_mid[i1:i2]), False))
            pieces.append(("insert", " ".join(new_mid[j1:j2]), False))
    pieces.append(("equal", " ".join(a[len(a) - tail :]), False))
    return _joined(pieces)


def _replaced(old: list[str], new: list[str]) -> list[_Piece]:
    """Words replaced by others; those with the same letters keep them, only marks change."""
    old_letters, new_letters = [_letters(w) for w in old], [_letters(w) for w in new]
    if set(old_letters).isdisjoint(new_letters):  # the usual case: other words altogether
        return [("delete", " ".join(old), False), ("insert", " ".join(new), False)]
    pieces: list[_Piece] = []
    matcher = SequenceMatcher(None, old_letters, new_letters, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for was, now in zip(old[i1:i2], new[j1:j2], strict=True):
                pieces += _marks_changed(was, now)
        else:
            pieces.append(("delete", " ".join(old[i1:i2]), False))
            pieces.append(("insert", " ".join(new[j1:j2]), False))
    return pieces


@lru_cache(maxsize=65_536)
def _letters(word: str) -> tuple[str, ...]:
    """A word's letters and citations, in order; a word of marks only stands for itself."""
    return tuple(_LETTERS.split(word)[1::2]) or ("", word)


def _marks_changed(was: str, now: str) -> list[_Piece]:
    """One word with the same letters: its letters unchanged, its marks struck or inserted."""
    old_parts, new_parts = _LETTERS.split(was), _LETTERS.split(now)
    pieces: list[_Piece] = []
    for index, (before, after) in enumerate(zip(old_parts, new_parts, strict=True)):
        if index % 2 or before == after:
            if before:
                pieces.append(("equal", before, bool(pieces)))
            continue
        if before:
            pieces.append(("delete", before, bool(pieces)))
        if after:
            pieces.append(("insert", after, bool(pieces)))
    return pieces


def _joined(pieces: list[_Piece]) -> tuple[Segment, ...]:
    """Runs of one kind as one segment: words joined by a space, attached marks by none."""
    out: list[Segment] = []
    for kind, run in groupby((p for p in pieces if p[1]), key=lambda p: p[0]):
        (_, first, attached), *rest = run
        text = first + "".join(t if glued else " " + t for _, t, glued in rest)
        out.append(Segment(kind, text, attached and bool(out)))
    return tuple(out)


def similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """How much two word lists share, ignoring case and punctuation: 0 (nothing) to 1 (all).

    This is SequenceMatcher's ratio (2 x matched words / all words) over words reduced
    to their letters and digits, so "services;" and "Services." count as the same word.
    """
    na, nb = _normalised(a), _normalised(b)
    if not na and not nb:
        return 1.0
    return SequenceMatcher(None, na, nb, autojunk=False).ratio()


def _normalised(ws: Iterable[str]) -> list[str]:
    return [_core(word) for word in ws]


@lru_cache(maxsize=65_536)
def _core(word: str) -> str:
    """A word's letters and digits in lower case ("Services;" -> "services"), else the word."""
    return _NOT_WORDLIKE.sub("", word).lower() or word


def old_words(segments: Iterable[Segment]) -> list[str]:
    """The old text's words, read back from a diff (equal and deleted segments)."""
    return words(side_text(segments, "delete"))


def new_words(segments: Iterable[Segment]) -> list[str]:
    """The new text's words, read back from a diff (equal and inserted segments)."""
    return words(side_text(segments, "insert"))


def side_text(segments: Iterable[Segment], side: SegmentKind) -> str:
    """One side's text: its segments, each attached or spaced as that side reads.

    A mark attached to a segment of the other side (an inserted "," after a struck
    ".") is attached to what that segment was attached to; anything the other side
    has between two words of this one (a struck word) leaves them apart.
    """
    out, apart = "", False
    for s in segments:
        if s.kind not in ("equal", side):
            apart = apart or not s.attached or any(ch.isspace() for ch in s.text)
            continue
        out += (" " if out and (apart or not s.attached) else "") + s.text
        apart = False
    return out
