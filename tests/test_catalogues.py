"""Interface catalogues (issue 17, item 1): every string shipped, placeholders intact, Welsh used.

The expected strings are extracted from the code and templates by Babel, as
`babel.cfg` maps them; the catalogues are the shipped `.po` files. Broken
catalogues are real files written to a temporary folder.
"""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT, build
from gitrepo import riverside

from generator.model.dates import long_date
from generator.site.templating import environment
from generator.support import i18n
from generator.support.catalogue_check import catalogue_problems, extracted, read_catalogue

CY = i18n.catalogue_path("cy")
EN = i18n.catalogue_path("en")


@pytest.fixture(scope="module")
def expected() -> dict[str, str]:
    return extracted(ROOT)


def test_the_code_and_templates_have_interface_strings_to_translate(
    expected: dict[str, str],
) -> None:
    assert "Decision record" in expected  # a template's
    assert "Statutory (core) service" in expected  # a Python view's table of words
    assert "In force since %(date)s" in expected  # a Python view's sentence
    assert len(expected) > 150


@pytest.mark.parametrize("language", i18n.SHIPPED)
def test_every_shipped_catalogue_holds_every_string(
    language: str, expected: dict[str, str]
) -> None:
    path = i18n.catalogue_path(language)
    assert catalogue_problems(path, expected, translated=language != "en") == []


def _welsh_with(tmp_path: Path, old: str, new: str) -> Path:
    text = CY.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / "charters.po"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def _line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_a_string_missing_from_a_catalogue_is_named(
    tmp_path: Path, expected: dict[str, str]
) -> None:
    path = _welsh_with(tmp_path, 'msgid "Decision record"\nmsgstr "Cofnod y penderfyniad"\n\n', "")
    problems = catalogue_problems(path, expected, translated=True, shown="cy.po")
    assert problems == [
        f"cy.po:1:1: the string 'Decision record' ({expected['Decision record']}) is missing "
        "from this catalogue; extract and update the catalogues (see generator/locales/README.md)."
    ]


def test_an_untranslated_welsh_string_is_named(tmp_path: Path, expected: dict[str, str]) -> None:
    path = _welsh_with(tmp_path, 'msgstr "Cofnod y penderfyniad"', 'msgstr ""')
    line = _line_of(path, 'msgid "Decision record"')
    assert catalogue_problems(path, expected, translated=True, shown="cy.po") == [
        f"cy.po:{line}:1: 'Decision record' has no translation"
    ]


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (
            'msgstr "Mewn grym ers %(date)"',
            "the translation of 'In force since %(date)s' has a broken placeholder '%(d'; "
            "write %(name)s.",
        ),
        (
            'msgstr "Mewn grym ers %(dyddiad)s"',
            "the translation of 'In force since %(date)s' has the placeholders ['%(dyddiad)s'] "
            "but the original has ['%(date)s']; keep each %(name)s exactly as it is.",
        ),
        (
            'msgstr "Mewn grym ers"',
            "the translation of 'In force since %(date)s' has the placeholders [] but the "
            "original has ['%(date)s']; keep each %(name)s exactly as it is.",
        ),
    ],
)
def test_a_broken_placeholder_in_a_catalogue_is_named(
    tmp_path: Path, expected: dict[str, str], broken: str, message: str
) -> None:
    path = _welsh_with(tmp_path, 'msgstr "Mewn grym ers %(date)s"', broken)
    line = _line_of(path, 'msgid "In force since %(date)s"')
    assert catalogue_problems(path, expected, translated=True, shown="cy.po") == [
        f"cy.po:{line}:1: {message}"
    ]


def test_a_translation_that_drops_a_link_is_named(tmp_path: Path, expected: dict[str, str]) -> None:
    path = _welsh_with(
        tmp_path,
        'msgstr "Mae gwelliant <a href=\\"%(proposed_url)s\\">wedi\'i gynnig</a>."',
        'msgstr "Mae gwelliant wedi\'i gynnig %(proposed_url)s."',
    )
    problems = catalogue_problems(path, expected, translated=True, shown="cy.po")
    assert len(problems) == 1 and "other HTML tags than the original" in problems[0]


def test_templates_read_welsh_words_and_dates_in_welsh() -> None:
    template = environment().from_string(
        '<dt>{{ _("Decision record") }}</dt>'
        '{% trans version="2.0" %}Version {{ version }}{% endtrans %}'
    )
    assert template.render() == "<dt>Decision record</dt>Version 2.0"
    assert long_date(date(2026, 6, 13)) == "13 June 2026"
    with i18n.use_language("cy"):
        assert template.render() == "<dt>Cofnod y penderfyniad</dt>Fersiwn 2.0"
        assert long_date(date(2026, 6, 13)) == "13 Mehefin 2026"
        assert i18n.money(12000, "GBP") == "£12,000"
    assert i18n.gettext("Decision record") == "Decision record"  # back to English after


def test_values_put_into_a_translated_sentence_are_still_escaped() -> None:
    template = environment().from_string('{{ _("Adopted by %(body)s.", body=body) }}')
    with i18n.use_language("cy"):
        out = template.render(body="<script>alert(1)</script>")
    assert out == "Mabwysiadwyd gan &lt;script&gt;alert(1)&lt;/script&gt;."


# --- a site whose interface is Welsh ----------------------------------------------------


class _Text(HTMLParser):
    """The text nodes of a page's content, outside scripts and styles."""

    def __init__(self) -> None:
        super().__init__()
        self.nodes: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.nodes.append(" ".join(data.split()))


def _english_left(page: str, english: set[str]) -> list[str]:
    parser = _Text()
    parser.feed(page)
    return [node for node in parser.nodes if node in english]


@pytest.fixture(scope="module")
def welsh_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = riverside(tmp_path_factory.mktemp("welsh"))
    settings = "site_name: Partneriaeth Glan yr Afon\ntheme:\n  language: cy\n"
    (repo.root / "mkdocs.yml").write_text(settings)
    out = tmp_path_factory.mktemp("out") / "site"
    result = build(repo.root, out)
    assert result.exit_code == 0, result.output
    return out


def test_a_site_set_to_welsh_reads_in_welsh_with_welsh_dates(welsh_site: Path) -> None:
    index = (welsh_site / "index.html").read_text()
    assert "<caption>Pob dogfen</caption>" in index
    history = (welsh_site / "riverside-constitution" / "history" / "index.html").read_text()
    assert "Pob fersiwn a fabwysiadwyd" not in history  # a made-up phrase is not there
    assert "Mae pob fersiwn a fabwysiadwyd yn aros ar-lein yn ei chyfeiriad ei hun." in history
    assert "20 Ionawr 2024" in history and "20 January 2024" not in history
    assert "Mabwysiadwyd gan General meeting: 30 o blaid, 2 yn erbyn, 1 yn ymatal." in history
    version = (welsh_site / "riverside-constitution" / "1.1" / "index.html").read_text()
    assert "Bodlonwyd rheol 2/3 fersiwn 1.0: 30 o&#39;r 32 pleidlais a fwriwyd" in version
    assert '<html lang="cy"' in index  # Material's own words follow the same setting


def test_no_english_interface_string_is_left_on_a_welsh_page(welsh_site: Path) -> None:
    """No text of a built Welsh page is an English catalogue string that has Welsh."""
    welsh = i18n.translations("cy")
    english = {
        message.id
        for message in read_catalogue(EN)
        if message.id and "%(" not in message.id and welsh.ugettext(message.id) != message.id
    }
    left = {}
    for page in sorted(welsh_site.rglob("index.html")):
        found = _english_left(page.read_text(), english)
        if found:
            left[str(page.relative_to(welsh_site))] = found
    assert left == {}
