"""Word-level differences inside one piece of text, for redlines people read.

Text is compared as a sequence of words, where a word is a run of characters
between whitespace. Two consequences follow, and both are deliberate:

* Punctuation stays with its word: "loneliness;" is one word, so a changed comma
  shows as the changed word it is attached to, never as a lone comma.
* Whitespace carries no meaning: re-wrapping a paragraph, or changing the spaces
  and line breaks between words, is no change at all (`same_words`).

The raw alignment (difflib's SequenceMatcher, without its "junk" heuristic, which
would otherwise ignore common words such as "the" in long clauses) is then
*folded*: an unchanged island of at most `FOLD_MAX_WORDS` words that sits between
two changes is absorbed into one replacement. A reader then sees
"<del>reduce loneliness among</del> <ins>help fewer people feel alone in</ins>"
rather than a confetti of single changed words around a stray "the" or "and".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from generator.model.changes import Segment, SegmentKind
from generator.model.wording import (  # noqa: F401  (re-exported: the diff's idea of a word)
    readable,
    same_but_typography,
    same_words,
    typographic_words,
    words,
)

# Why two: an island of one or two unchanged words between edits ("the", "of the",
# "and a") is almost always a coincidental match inside a rewritten phrase, and
# leaving it standing splits one change into two that must be read together.
# Three or more words ("at least half", "the general meeting") usually form a
# phrase a reader recognises, so they are kept as context between the changes.
FOLD_MAX_WORDS = 2

_NOT_WORDLIKE = re.compile(r"[^\w]+")


@dataclass(frozen=True, slots=True)
class WordDiff:
    segments: tuple[Segment, ...]
    similarity: float  # 0..1: share of (normalised) words the two texts have in common, in order

    @property
    def changed(self) -> bool:
        return any(s.kind != "equal" for s in self.segments)


def diff_words(old: str, new: str) -> WordDiff:
    """The word-level difference between two texts, folded for reading."""
    a, b = words(old), words(new)
    if a == b:
        return WordDiff((Segment("equal", " ".join(a)),) if a else (), 1.0)
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    raw: list[tuple[SegmentKind, list[str]]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            raw.append(("equal", a[i1:i2]))
        else:
            if i2 > i1:
                raw.append(("delete", a[i1:i2]))
            if j2 > j1:
                raw.append(("insert", b[j1:j2]))
    segments = tuple(Segment(kind, " ".join(ws)) for kind, ws in _fold(raw) if ws)
    return WordDiff(segments, similarity(a, b))


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


def _fold(raw: list[tuple[SegmentKind, list[str]]]) -> list[tuple[SegmentKind, list[str]]]:
    """Merge each change with its neighbours across unchanged islands of few words.

    The input alternates equal runs with change groups (a delete, an insert, or a
    delete then an insert). Each group is accumulated as (deleted, inserted); an
    equal island of at most FOLD_MAX_WORDS between two groups is appended to both
    sides of the group, so old and new words are still reproduced exactly.
    """
    out: list[tuple[SegmentKind, list[str]]] = []
    deleted: list[str] = []
    inserted: list[str] = []
    pending: list[str] | None = None  # an equal island waiting to learn what follows it
    in_group = False

    def flush() -> None:
        nonlocal deleted, inserted, in_group
        if deleted:
            out.append(("delete", deleted))
        if inserted:
            out.append(("insert", inserted))
        deleted, inserted, in_group = [], [], False

    for kind, ws in raw:
        if kind == "equal":
            if pending is not None:  # two equal runs in a row cannot happen; be safe
                ws = pending + ws
            pending = ws
            continue
        if pending is not None:
            if in_group and len(pending) <= FOLD_MAX_WORDS:
                deleted += pending
                inserted += pending
            else:
                flush()
                out.append(("equal", pending))
            pending = None
        in_group = True
        if kind == "delete":
            deleted += ws
        else:
            inserted += ws
    flush()
    if pending is not None:
        out.append(("equal", pending))
    return out


def old_words(segments: Iterable[Segment]) -> list[str]:
    """The old text's words, read back from a diff (equal and deleted segments)."""
    return [w for s in segments if s.kind != "insert" for w in words(s.text)]


def new_words(segments: Iterable[Segment]) -> list[str]:
    """The new text's words, read back from a diff (equal and inserted segments)."""
    return [w for s in segments if s.kind != "delete" for w in words(s.text)]
