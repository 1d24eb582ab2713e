"""Interface catalogues (issue 17, item 1): every string shipped, placeholders intact, Welsh used.

The expected strings are extracted from the code and templates by Babel, as
`babel.cfg` maps them; the catalogues are the shipped `.po` files. Broken
catalogues are real files written to a temporary folder.
"""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import markdown
import pytest
from conftest import ROOT, build, run
from gitrepo import riverside
from test_bilingual_site import bilingual  # noqa: F401 (a fixture: a site in English and Welsh)

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


# Elements whose text is not interface words: scripts, styles, and code (a provision's id,
# such as `quorum`, is shown as code and is the same in every language).
_NOT_WORDS = ("script", "style", "code")
# Attributes a reader hears or sees as words: names of links, landmarks and controls.
_WORDS_IN = ("aria-label", "title", "alt", "placeholder")


class _Text(HTMLParser):
    """The text nodes of a page's content, and the words in its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.nodes: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _NOT_WORDS:
            self._skip += 1
        for name, value in attrs:
            if name in _WORDS_IN and value and value.strip():
                self.nodes.append(" ".join(value.split()))

    def handle_endtag(self, tag: str) -> None:
        if tag in _NOT_WORDS:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.nodes.append(" ".join(data.split()))


def _english_left(page: str, english: set[str]) -> list[str]:
    parser = _Text()
    parser.feed(page)
    return [node for node in parser.nodes if node in english]


@pytest.fixture(scope="module")
def welsh_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A community whose site is in Welsh, with three versions and a proposal (2.1)."""
    repo = riverside(tmp_path_factory.mktemp("welsh"))
    settings = "site_name: Partneriaeth Glan yr Afon\ntheme:\n  language: cy\n"
    (repo.root / "mkdocs.yml").write_text(settings)
    return repo.root


@pytest.fixture(scope="module")
def welsh_site(welsh_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out") / "site"
    result = build(welsh_repo, out)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def english() -> set[str]:
    """The English catalogue's strings that Welsh translates differently, as a page shows
    them (a string with a placeholder is never shown whole)."""
    welsh = i18n.translations("cy")
    return {
        message.id
        for message in read_catalogue(EN)
        if isinstance(message.id, str)
        and message.id
        and "%(" not in message.id
        and welsh.ugettext(message.id) != message.id
    }


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


def test_no_english_interface_string_is_left_on_a_welsh_page(
    welsh_site: Path, english: set[str]
) -> None:
    """No text of a built Welsh page is an English catalogue string that has Welsh: the
    versions, the redlines (changes and since), the histories, the directory, the 404."""
    pages = [*sorted(welsh_site.rglob("index.html")), welsh_site / "404.html"]
    names = {str(page.relative_to(welsh_site)) for page in pages}
    for kind in ("2.0/changes/", "1.0/since/", "clauses/", "history/", "proposed/", "1.1/"):
        assert f"riverside-constitution/{kind}index.html" in names
    left = {}
    for page in pages:
        found = _english_left(page.read_text(), english)
        if found:
            left[str(page.relative_to(welsh_site))] = found
    assert left == {}


def test_a_welsh_redline_names_and_counts_its_changes_in_welsh(welsh_site: Path) -> None:
    page = (welsh_site / "riverside-constitution" / "2.0" / "changes" / "index.html").read_text()
    assert "fersiwn 1.1 i 2.0 (mabwysiadwyd)</h2>" in page
    assert "1 erthygl wedi&#39;i hychwanegu" in page  # a count in its singular form
    assert "Erthygl 4: ychwanegwyd" in page  # the default word, in Welsh
    assert "Rheol diwygio: newidiwyd cworwm" in page  # a detail, with its value in Welsh
    assert "<del>20</del> <ins>15</ins> <span>aelod</span>" in page
    since = (welsh_site / "riverside-constitution" / "1.0" / "since" / "index.html").read_text()
    assert "Cymal 3.2.1: diwygiwyd" in since
    assert ">Article " not in page + since and ">Clause " not in page + since


def test_the_welsh_404_page_and_version_selector_are_in_welsh(welsh_site: Path) -> None:
    missing = (welsh_site / "404.html").read_text()
    assert '<h1 id="not_found">Nid yw\'r dudalen hon yma</h1>' in missing
    assert '<h2 id="documents">Y dogfennau</h2>' in missing
    assert ">Mynd i'r hafan</a>, sy'n rhestru pob dogfen" in missing
    assert 'aria-label="Chwilio\'r wefan hon"' in missing  # in the header, on every page
    version = (welsh_site / "riverside-constitution" / "1.1" / "index.html").read_text()
    assert 'aria-label="Fersiynau\'r ddogfen hon"' in version
    assert "data-keep-anchor>Fersiwn 1.0</a>" in version
    assert ">Fersiwn 2.0 (cyfredol)</a>" in version and ">Fersiwn 2.1 (arfaethedig)</a>" in version
    assert ">Pob fersiwn a'r hyn a newidiodd</a>" in version


def test_welsh_feeds_have_welsh_titles_summaries_and_dates(
    welsh_site: Path, english: set[str]
) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    for path in (welsh_site / "feed.xml", welsh_site / "riverside-constitution" / "feed.xml"):
        root = ElementTree.parse(path).getroot()
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "cy"
        words = [
            element.text or ""
            for element in root.iter()
            if element.tag in (f"{atom}title", f"{atom}subtitle", f"{atom}summary")
        ]
        words += [link.get("title") or "" for link in root.iter(f"{atom}link")]
        assert [w for w in words if w in english] == []
        assert not [w for w in words if "amendments" in w or "Adopted versions" in w]
        summaries = [w for w in words if "mabwysiadwyd fersiwn 2.0 ar" in w]
        assert summaries and all("1 Chwefror 2025" in w for w in summaries)
        assert "2025-02-01" not in " ".join(words)


def test_a_pull_request_comment_for_a_welsh_site_is_in_welsh(
    welsh_repo: Path, english: set[str]
) -> None:
    """`charters diff --format markdown` (what the pull-request workflow posts) reads the
    site's language from mkdocs.yml: the proposal's redline, shown as GitHub would."""
    result = run(
        "diff", "--format", "markdown", "--source", welsh_repo / "constitutions", cwd=welsh_repo
    )
    assert result.exit_code == 0, result.output
    comment = result.output
    assert comment.startswith("## Cymhariaeth y gwelliant\n")
    assert "| Dogfen | Fersiwn | Beth a newidiodd |" in comment
    assert "Ar ôl: y goeden waith." in comment
    page = markdown.markdown(comment, extensions=["tables"])
    assert _english_left(page, english) == []
    assert "**Crynodeb:**" in comment and "(drafft)" in comment


def test_zensical_reads_the_welsh_overrides_too(
    welsh_repo: Path, tmp_path: Path, english: set[str]
) -> None:
    """The overrides reach the engine with their words already in Welsh: Zensical, whose
    MiniJinja has no `_()`, builds them and shows the same words."""
    pytest.importorskip("zensical", reason="Zensical is an optional dependency")
    out = tmp_path / "site"
    result = build(welsh_repo, out, "--engine", "zensical")
    assert result.exit_code == 0, result.output
    missing = (out / "404.html").read_text()
    assert '<h1 id="not_found">Nid yw\'r dudalen hon yma</h1>' in missing
    version = (out / "riverside-constitution" / "1.1" / "index.html").read_text()
    assert ">Fersiwn 2.0 (cyfredol)</a>" in version
    assert 'aria-label="Fersiynau\'r ddogfen hon"' in version
    for page in (missing, version):
        assert _english_left(page, english) == []


def test_no_english_interface_string_is_left_on_the_cy_pages_of_a_bilingual_site(
    bilingual: Path,  # noqa: F811 (the fixture imported above)
    english: set[str],
) -> None:
    """The same scan over the /cy/ half of a site in English and Welsh, redlines included."""
    welsh = bilingual / "cy"
    pages = [*sorted(welsh.rglob("index.html"))]
    assert welsh / "riverside-constitution" / "1.1" / "changes" / "index.html" in pages
    left = {}
    for page in pages:
        found = _english_left(page.read_text(), english)
        if found:
            left[str(page.relative_to(bilingual))] = found
    assert left == {}
    changes = (welsh / "riverside-constitution" / "1.1" / "changes" / "index.html").read_text()
    assert "Cymal 3.2.1: diwygiwyd" in changes
