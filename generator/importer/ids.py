"""Readable, unique ids for imported provisions.

An id becomes part of a link that must work for years, so it is short, made of
words a person recognises ("powers-of-congress" rather than "c-117"), and never
reused: the allocator is given every id the document has ever used (across its
whole history, for `import-history`) and adds "-2", "-3", ... rather than hand out
an id that once meant something else.
"""

from __future__ import annotations

import re
import unicodedata

from generator.model.document import is_slug

MAX_ID_LENGTH = 60
# Words that carry little meaning at the start of a clause; left out of ids.
_STOPWORDS = frozenset(
    re.findall(
        r"\w+",
        """a an the and or of to in on at by for from with as is are be been being was were
        shall will may must can should would could this that these those which who whom whose
        it its their there here such any all each every other than then so if unless when where
        into upon under over about after before within without between herein thereof
        hereby""",
    )
)
_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    """Lowercase ASCII words of `text` (accents folded), with Markdown link targets left out."""
    text = re.sub(r"\]\([^)]*\)", "]", text)  # [words](https://...) -> [words]
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _WORD.findall(folded.lower())


def slug(text: str, max_words: int, fallback: str) -> str:
    """A slug of the first meaningful words of `text`."""
    all_words = words(text)
    meaningful = [w for w in all_words if w not in _STOPWORDS] or all_words
    chosen: list[str] = []
    for word in meaningful[:max_words]:
        if len("-".join([*chosen, word])) > MAX_ID_LENGTH - 4:  # room for a "-99" suffix
            break
        chosen.append(word)
    return "-".join(chosen) or fallback


def numbered(*parts: str | int) -> str:
    """An id such as "article-1" or "article-2-section-3" from a label and a number."""
    text = "-".join(str(p) for p in parts if p != "")
    if len(text) > MAX_ID_LENGTH - 4:
        text = text[-(MAX_ID_LENGTH - 4) :].lstrip("-")
    return text


class IdAllocator:
    """Hands out ids that are not taken, and remembers them."""

    def __init__(self, taken: set[str] | None = None) -> None:
        self.taken: set[str] = set(taken or ())

    def claim(self, base: str) -> str:
        base = base if is_slug(base) else "provision"
        if base not in self.taken:
            self.taken.add(base)
            return base
        n = 2
        while f"{base}-{n}" in self.taken:
            n += 1
        self.taken.add(f"{base}-{n}")
        return f"{base}-{n}"
