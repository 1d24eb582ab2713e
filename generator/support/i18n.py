"""The reader's language: interface words from gettext catalogues, dates and money by Babel.

Catalogues are the `.po` files under `generator/locales/<language>/LC_MESSAGES/`,
read at run time with Babel's `read_po` (no compile step, so an installed copy and
a checkout read the same files). English is the source language: its catalogue
holds every message untranslated, and a message missing from another catalogue
falls back to English.

The language in use is a context variable, set around the rendering of one
language's pages (`use_language`), so that view code calls `_()` without every
function taking a language argument. Words kept in tables at import time are
marked with `N_()` and translated where they are used.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from functools import cache, lru_cache
from gettext import NullTranslations
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

# Babel is loaded on first use (25 ms of every start of the tool): English words
# need no catalogue, and the terminal's redline no date or money in words.
if TYPE_CHECKING:
    from babel import Locale

DOMAIN = "charters"
SOURCE_LANGUAGE = "en"
SHIPPED = ("en", "cy")
LOCALES = Path(__file__).resolve().parent.parent / "locales"
# The Babel locale whose conventions a language's dates and numbers follow: English as
# written in the UK (5 November 2026, £12,000), where the example community is.
_FORMAT_LOCALE = {"en": "en_GB", "cy": "cy_GB"}

_language: contextvars.ContextVar[str] = contextvars.ContextVar(
    "charters_language", default=SOURCE_LANGUAGE
)


def catalogue_path(language: str) -> Path:
    return LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(language: str) -> NullTranslations:
    """The gettext translations of a shipped language (English: none, the source)."""
    path = catalogue_path(language)
    if language == SOURCE_LANGUAGE or not path.is_file():
        return NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import Translations

    with path.open("rb") as po:
        catalog = read_po(po, locale=language, domain=DOMAIN)
    buffer = BytesIO()
    write_mo(buffer, catalog)  # fuzzy entries are left out, as msgfmt does
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def site_language(setting: object) -> str:
    """The shipped language a site's setting (mkdocs.yml `theme.language`) asks for, else English.

    Material ships many more languages than we do; the interface falls back to
    English for a language we have no catalogue for.
    """
    if isinstance(setting, str) and setting in SHIPPED:
        return setting
    return SOURCE_LANGUAGE


def current_language() -> str:
    return _language.get()


@contextmanager
def use_language(language: str) -> Iterator[None]:
    """Words, dates and money in `language` inside the block."""
    token = _language.set(language)
    try:
        yield
    finally:
        _language.reset(token)


def gettext(message: str) -> str:
    """`message` in the language in use."""
    return translations(_language.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural of a message (in Welsh, one of several plural forms)."""
    return translations(_language.get()).ngettext(singular, plural, n)


_ = gettext


def N_(message: str) -> str:
    """Mark a message for the catalogue where it is written; translated later with `_()`."""
    return message


def language_name(code: str) -> str:
    """A language's name in the language in use: "Welsh", or "Saesneg" for English in Welsh."""
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(code.replace("_", "-"), sep="-")
        name = locale.get_language_name(format_locale()) or code
    except (ValueError, TypeError, UnknownLocaleError):
        return code
    return name


def own_name(code: str) -> str:
    """A language's name in itself, as a language switch shows it: "English", "Cymraeg"."""
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(code.replace("_", "-"), sep="-")
        name = locale.get_language_name(locale) or code
    except (ValueError, TypeError, UnknownLocaleError):
        return code
    return name[:1].upper() + name[1:]


def same_language(first: str, second: str) -> bool:
    """Whether two codes name one language ("en" and "en-GB" do)."""
    return _base(first) == _base(second)


def _base(code: str) -> str:
    return code.replace("_", "-").split("-")[0].lower()


def format_locale(language: str | None = None) -> Locale:
    from babel import Locale

    code = language or _language.get()
    return Locale.parse(_FORMAT_LOCALE.get(code, code))


def long_date(value: date) -> str:
    """25 November 2026, or 25 Tachwedd 2026: day, month in words, year."""
    return _long_date(value, _language.get())


@lru_cache(maxsize=8192)
def _long_date(value: date, language: str) -> str:
    """Kept: Babel formats each date anew, and a page prints its few dates many times."""
    from babel.dates import format_date

    return format_date(value, "d MMMM y", locale=format_locale(language))


def money(amount: float, currency: str) -> str:
    """£12,000 or £12,000.50: pence only when there are some."""
    from babel.numbers import format_currency

    whole = amount == int(amount)
    return format_currency(
        amount,
        currency,
        format="¤#,##0" if whole else "¤#,##0.00",
        locale=format_locale(),
        currency_digits=False,
    )


class Words(dict[str, str]):
    """A table of words marked with `N_()`, each looked up in the language in use."""

    def __getitem__(self, key: str) -> str:
        return gettext(super().__getitem__(key))
