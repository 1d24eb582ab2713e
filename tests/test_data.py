"""The site's data: every JSON file validates against the schema the site publishes (issue 14)."""

from __future__ import annotations

import json
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
