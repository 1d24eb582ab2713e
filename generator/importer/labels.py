"""Written-out numbers and labels: "Article. IV.", "Section 2 -", "4.1", "(a)", "iii.".

In the YAML format numbers are derived from position, never typed, so an import
strips them from headings and paragraphs. This module only *recognises* them: it
says what label, number and numbering style a piece of text starts with, and
what is left. Where a number goes in the tree is decided elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Label words a heading or run-in heading may start with, and the one word each
# stands for (so "Sec. 3" and "Section 3" are the same level of the document).
_LABELS = {
    "article": "article",
    "art": "article",
    "section": "section",
    "sec": "section",
    "§": "section",
    "subsection": "subsection",
    "sub-section": "subsection",
    "clause": "clause",
    "part": "part",
    "chapter": "chapter",
    "schedule": "schedule",
    "paragraph": "paragraph",
    "para": "paragraph",
    "rule": "rule",
    "annex": "annex",
    "appendix": "appendix",
}
_LABEL_WORDS = "|".join(
    sorted((re.escape(w) for w in _LABELS), key=len, reverse=True)  # longest first
)
_NUMBER = r"\d{1,4}(?:\.\d{1,4})*|[IVXLCDM]{1,7}|[ivxlcdm]{1,7}|[A-Za-z]"
_LABELLED = re.compile(
    rf"^(?P<label>{_LABEL_WORDS})(?![A-Za-z])\.?\s*(?P<number>{_NUMBER})(?![\w])\.?\s*"
    r"(?:[:.\-–—]\s*)?(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_BARE = re.compile(
    r"^(?:(?P<dotted>(?:\d{1,3}|[A-Z])(?:\.\d{1,3})+)\.?\s"  # 4.1 Purpose, A.1 Waivers
    r"|(?P<number>\d{1,3}|[IVXLCDM]{1,7})(?:\.|\)|:|\s+[-–—]))\s*(?P<rest>.*)$",  # 4. / IV.
    re.DOTALL,
)
# A well-formed roman numeral (so that "mix" or "did" is not read as a number).
_ROMAN = re.compile(
    r"^(?=[mdclxvi])m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$", re.IGNORECASE
)
# Numbered paragraphs beyond this are words that happen to look roman, not numbers.
_MAX_ROMAN_ENUMERATOR = 60
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}


@dataclass(frozen=True, slots=True)
class HeadingLabel:
    """What a heading says about itself: "Section 2. Membership" -> section, 2, Membership."""

    label: str | None  # the normalised label word ("section"), or None
    label_text: str  # the label as written ("SubSection")
    number: str | None  # the number as written ("IV", "2", "4.1")
    value: int | None  # the number's value, when it has one
    title: str  # the heading without label and number; the label word if nothing is left

    @property
    def label_only(self) -> bool:
        """True when the heading is only a label and a number ("Article. I.")."""
        return self.label is not None and self.title == self.label_text


def number_value(number: str) -> int | None:
    """The value of a written number: "4" -> 4, "IV" -> 4, "c" -> 3, "4.1" -> 1 (the last part)."""
    if "." in number:
        number = number.rsplit(".", 1)[1]
    if number.isdigit():
        return int(number)
    if _ROMAN.match(number) and len(number) > 1:
        return roman_value(number)
    if len(number) == 1 and number.isalpha():
        if number.lower() in "ivx" and number.isupper():
            return roman_value(number)
        return ord(number.lower()) - ord("a") + 1
    return roman_value(number) if _ROMAN.match(number) else None


def roman_value(text: str) -> int | None:
    total = 0
    previous = 0
    for ch in reversed(text.lower()):
        value = _ROMAN_VALUES.get(ch)
        if value is None:
            return None
        total += -value if value < previous else value
        previous = max(previous, value)
    return total or None


def parse_heading(text: str) -> HeadingLabel:
    """Split a heading (or run-in heading) into label, number and title."""
    text = text.strip()
    match = _LABELLED.match(text)
    if match:
        label_text = match["label"]
        number = match["number"]
        rest = _tidy_title(match["rest"])
        if label_text == "§":
            label_text = "Section"
        return HeadingLabel(
            label=_LABELS[label_text.lower()],
            label_text=label_text,
            number=number,
            value=number_value(number),
            title=rest or label_text,
        )
    match = _BARE.match(text)
    if match and match["rest"].strip():
        number = match["dotted"] or match["number"]
        return HeadingLabel(
            label=None,
            label_text="",
            number=number,
            value=number_value(number),
            title=_tidy_title(match["rest"]),
        )
    return HeadingLabel(None, "", None, None, _tidy_title(text) or text)


def is_run_in_label(text: str) -> bool:
    """Is this bold text at the start of a paragraph a heading like "Section 2." on its own?

    Only a label with a number counts ("Section. 1.", "Article 4 - Name."): bold
    words such as "**Project**:" at the start of a definition are text, not headings.
    """
    match = _LABELLED.match(text.strip())
    return match is not None and len(match["rest"]) <= 120


def _tidy_title(text: str) -> str:
    """Headings often end with a full stop after the number style ("Guiding Principle.")."""
    text = text.strip()
    if text.endswith(".") and not text.endswith(".."):
        text = text[:-1].rstrip()
    return text


# --- numbered paragraphs: "4.1", "(a)", "iii." --------------------------------------

_ENUMERATOR = re.compile(
    r"^(?:"
    r"(?P<dotted>\d{1,3}(?:\.\d{1,3})+)\.?"  # 4.1, 4.1.2, 4.1.
    r"|\((?P<pnum>\d{1,3})\)"  # (1)
    r"|(?P<num>\d{1,3})[.)]"  # 1. 1)   (Word documents where numbers were typed)
    r"|\((?P<palpha>[a-zA-Z]{1,4})\)"  # (a) (iv) (A)
    r"|(?P<alpha>[a-zA-Z]{1,4})[.)]"  # a. a) iv. A.
    r")(?=\s)\s*",
)


@dataclass(frozen=True, slots=True)
class Enumerator:
    """The number a paragraph starts with, its style and value."""

    written: str  # as written, e.g. "(a)"
    style: str  # e.g. "dotted", "(1)", "1.", "(a)", "a.", "(i)", "i.", "(A)", "I."
    value: int
    parts: int  # 2 for "4.1"; 1 otherwise
    length: int  # characters to strip from the paragraph


def enumerator(text: str, previous_alpha: int | None = None) -> Enumerator | None:
    """The enumerator at the start of `text`, if any.

    `previous_alpha` is the last value of an open (a)/(b) list at the same level:
    "(i)" after "(h)" is the letter i, not the roman numeral one.
    """
    match = _ENUMERATOR.match(text)
    if not match:
        return None
    written = match.group(0).strip()
    length = match.end()
    if match["dotted"]:
        parts = match["dotted"].split(".")
        return Enumerator(written, "dotted", int(parts[-1]), len(parts), length)
    if match["pnum"]:
        return Enumerator(written, "(1)", int(match["pnum"]), 1, length)
    if match["num"]:
        delimiter = written[-1]
        return Enumerator(written, f"1{delimiter}", int(match["num"]), 1, length)
    letters = match["palpha"] or match["alpha"]
    paren = match["palpha"] is not None
    delimiter = "" if paren else written[-1]
    shape = "({})" if paren else "{}" + delimiter
    upper = letters.isupper()
    is_roman = _ROMAN.match(letters) is not None and (
        len(letters) > 1 or _single_letter_is_roman(letters, previous_alpha)
    )
    if is_roman:
        value = roman_value(letters)
        if value is None or value > _MAX_ROMAN_ENUMERATOR:
            return None
        return Enumerator(written, shape.format("I" if upper else "i"), value, 1, length)
    if len(letters) > 1:
        return None  # "ab." is a word, not a number
    value = ord(letters.lower()) - ord("a") + 1
    return Enumerator(written, shape.format("A" if upper else "a"), value, 1, length)


def _single_letter_is_roman(letter: str, previous_alpha: int | None) -> bool:
    """'i', 'v' and 'x' are roman numerals unless they continue a lettered list."""
    if letter.lower() not in "ivx":
        return False
    value = ord(letter.lower()) - ord("a") + 1
    return previous_alpha != value - 1
