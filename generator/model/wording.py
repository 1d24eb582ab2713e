"""What counts as the same words: the one definition the diff and the validation share.

A word is a run of characters between whitespace, punctuation attached, so a
re-wrapped paragraph has the same words. Typography (curly or straight quotes,
dash styles, Markdown escapes, emphasis markers) is not wording: texts that differ
only there are the same text in another format.
"""

from __future__ import annotations

import re

# A Markdown backslash escape: a backslash before ASCII punctuation ("N \\* V").
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
# Typography that carries no wording: curly quotes, dash styles, ellipses.
_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u2026": "...",
    }
)
_DASHES = re.compile(r"-+")
_EMPHASIS_EDGE = re.compile(r"^[*_]+(?=[^*_])|(?<=[^*_])[*_]+$")


def words(text: str) -> list[str]:
    """The words of a text: runs of non-whitespace, punctuation attached."""
    return text.split()  # splits on exactly the characters regular expressions call \s


def same_words(old: str, new: str) -> bool:
    """True when the texts differ at most in whitespace (a reflow, new line breaks)."""
    return old == new or words(old) == words(new)


def readable(text: str) -> str:
    """The text as a reader sees it in a redline: without Markdown backslash escapes."""
    return _ESCAPE.sub(r"\1", text) if "\\" in text else text


def typographic_words(text: str) -> list[str]:
    """The words with their typography made plain, to tell formatting from wording.

    Markdown escapes and emphasis markers at a word's edges are dropped, curly
    quotes become straight ones, every dash style ("-", "--", en and em dashes, with
    or without spaces round them) becomes one spaced hyphen, and "…" three dots.
    """
    plain = readable(text).translate(_TYPOGRAPHY)
    plain = _DASHES.sub(" - ", plain) if "-" in plain else plain
    return [
        _EMPHASIS_EDGE.sub("", w) if w[0] in "*_" or w[-1] in "*_" else w for w in plain.split()
    ]


def same_but_typography(old: str, new: str) -> bool:
    """True when two texts differ only in formatting: quotes, dashes, escapes, emphasis."""
    # Most clauses of an amendment are untouched: equal texts need no word lists.
    return old == new or typographic_words(old) == typographic_words(new)
