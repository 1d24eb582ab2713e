"""A community's own copies of the text templates, written before the cite words were
looked up once a page, still build: a control given the kind of provision ("clause")
looks up its own words."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from gitrepo import git

from generator.build import build_site

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench import synth

OLD_VERSION_PAGE = """{% import "partials/provisions.html" as provisions %}
{% import "partials/cite.html" as cite %}
<h1 id="doc_title">{{ page.title }}</h1>
{% for article in page.articles %}
<h2 id="{{ article.id }}">{{ article.label }}</h2>
{{ cite.control(article.cite, "article") }}
{{ provisions.clauses(article.clauses) }}
{% endfor %}
"""

OLD_PROVISIONS = """{% import "partials/cite.html" as cite %}
{% macro clauses(items) -%}
{% for clause in items %}
<div class="own-clause" id="{{ clause.id }}">{{ clause.html }}
{{ cite.control(clause.cite, "clause") }}
</div>
{% endfor %}
{%- endmacro %}
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return synth.community_repository(tmp_path / "repo", 2, 2, 6).root


def _override(root: Path, relative: str, text: str) -> None:
    target = root / "templates" / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", f"Our own {relative}")


def _old_version_page(root: Path, site: Path) -> str:
    build_site(root, root / "constitutions", site, jobs=1, pdfs=False, no_previous=True)
    doc = sorted(p for p in site.iterdir() if (p / "history").is_dir())[0]
    return sorted(doc.glob("*/index.html"))[0].read_text(encoding="utf-8")


def test_an_older_version_page_of_our_own_still_builds(repo: Path, tmp_path: Path) -> None:
    _override(repo, "pages/version.html", OLD_VERSION_PAGE)
    page = _old_version_page(repo, tmp_path / "site")
    assert "Permanent link to this article" in page
    assert "Permanent link to this clause" in page
    assert 'class="charters-cite-text"' in page


def test_older_provisions_of_our_own_still_build(repo: Path, tmp_path: Path) -> None:
    _override(repo, "partials/provisions.html", OLD_PROVISIONS)
    page = _old_version_page(repo, tmp_path / "site")
    assert 'class="own-clause"' in page  # the community's own template ran
    assert "Permanent link to this clause" in page
    assert "Permanent link to this article" in page  # and ours, around it
