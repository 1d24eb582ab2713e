"""The site's data: every JSON file validates against the schema the site publishes (issue 14)."""

from __future__ import annotations

import json
import re
from itertools import pairwise
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker

from generator.site import urls

CONSTITUTION = "riverside-constitution"


def validate(site: Path, data_path: str, schema_name: str) -> dict:
    schema = json.loads((site / urls.schema(schema_name)).read_text())
    Draft202012Validator.check_schema(schema)
    data = json.loads((site / data_path).read_text())
    errors = list(Draft202012Validator(schema, format_checker=FormatChecker()).iter_errors(data))
    assert errors == [], [e.message for e in errors]
    return data


def test_every_json_file_validates_against_its_published_schema(site: Path) -> None:
    index = validate(site, urls.SITE_DATA, "site-index")
    checked = 0
    for document in index["documents"]:
        validate(site, urls.document_data(document["id"]), "document-index")
        for version in document["versions"]:
            validate(site, urls.data(document["id"], version["version"]), "version")
            checked += 1
    assert checked == 4
    assert (site / urls.schema("redline")).is_file()


def test_the_site_index_lists_every_version_with_ranges_that_meet(site: Path) -> None:
    index = json.loads((site / urls.SITE_DATA).read_text())
    constitution = next(d for d in index["documents"] if d["id"] == CONSTITUTION)
    assert constitution["current_version"] == "2.0"
    assert [v["version"] for v in constitution["versions"]] == ["1.0", "1.1", "2.0"]
    spans = [v["in_force"] for v in constitution["versions"]]
    assert all(a["until"] == b["from"] for a, b in pairwise(spans))
    assert spans[-1]["until"] is None
    assert constitution["versions"][1]["url"] == f"/{CONSTITUTION}/1.1/"
    assert constitution == {
        k: v
        for k, v in json.loads((site / urls.document_data(CONSTITUTION)).read_text()).items()
        if k != "format"
    }


def linked_data(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD"
    return json.loads(match.group(1))


def test_every_text_page_carries_legislation_json_ld(site: Path) -> None:
    old = linked_data((site / urls.page_output(urls.version(CONSTITUTION, "1.1"))).read_text())
    assert old["@context"] == "https://schema.org" and old["@type"] == "Legislation"
    assert old["legislationIdentifier"] == f"{CONSTITUTION}/1.1" and old["version"] == "1.1"
    assert old["legislationDate"] == "2024-06-20"
    assert old["legislationLegalForce"] == "https://schema.org/NotInForce"
    assert old["legislationChanges"]["legislationIdentifier"] == f"{CONSTITUTION}/1.0"
    assert old["legislationPassedBy"] == {"@type": "Organization", "name": "General meeting"}
    assert old["spatialCoverage"]["@type"] == "Place" and old["legislationJurisdiction"]
    current = linked_data((site / urls.page_output(urls.document(CONSTITUTION))).read_text())
    assert current["legislationLegalForce"] == "https://schema.org/InForce"
    assert current["url"] == f"/{CONSTITUTION}/2.0/"


def test_every_page_links_its_data_and_the_feed_and_has_open_graph(site: Path) -> None:
    for url in (
        urls.INDEX,
        urls.document(CONSTITUTION),
        urls.version(CONSTITUTION, "1.0"),
        urls.history(CONSTITUTION),
        urls.clauses(CONSTITUTION),
        urls.changes(CONSTITUTION, "1.1"),
    ):
        html = (site / urls.page_output(url)).read_text()
        head = html[: html.index("</head>")]
        assert 'rel="alternate" type="application/json"' in head, url
        assert 'rel="alternate" type="application/atom+xml"' in head, url
        assert '<meta property="og:title"' in head and "&amp;#" not in head, url
    head = (site / urls.page_output(urls.version(CONSTITUTION, "1.0"))).read_text()
    assert 'type="application/json" title="This page as data (JSON)" href="../1.0.json"' in head
