"""When each version was in force, and the permanent address of a version (issue 14)."""

from __future__ import annotations

import json
from datetime import date
from itertools import pairwise
from pathlib import Path

from generator.site import urls

CONSTITUTION = "riverside-constitution"


def page(site: Path, url: str) -> str:
    return (site / urls.page_output(url)).read_text()


def test_in_force_ranges_of_consecutive_versions_meet(site: Path) -> None:
    spans = [
        json.loads((site / urls.data(CONSTITUTION, v)).read_text())["in_force"]
        for v in ("1.0", "1.1", "2.0")
    ]
    assert spans[0] == {"from": "2024-01-20", "until": "2024-06-20"}
    for before, after in pairwise(spans):
        assert before["until"] == after["from"]  # "until" is exclusive: no gap, no overlap
        assert date.fromisoformat(before["from"]) < date.fromisoformat(before["until"])
    assert spans[-1] == {"from": "2025-02-01", "until": None}


def test_every_version_says_when_it_was_in_force(site: Path) -> None:
    old = page(site, urls.version(CONSTITUTION, "1.1"))
    assert "In force from 20 June 2024 until 1 February 2025" in old
    assert "In force since 1 February 2025" in page(site, urls.document(CONSTITUTION))
    history = page(site, urls.history(CONSTITUTION))
    assert "In force from 20 January 2024 until 20 June 2024." in history
    # The list that answers "which text was in force on a date" without JavaScript.
    assert 'data-from="2024-06-20" data-until="2025-02-01"' in history
    assert "Version 1.1</a>: in force from 20 June 2024 until 1 February 2025" in history


def test_the_current_page_links_its_permanent_address(site: Path) -> None:
    html = page(site, urls.document(CONSTITUTION))
    assert f'Permanent address of this version: <a href="2.0/">/{CONSTITUTION}/2.0/</a>' in html
    old = page(site, urls.version(CONSTITUTION, "1.0"))
    assert f'Permanent address of this version: <a href="./">/{CONSTITUTION}/1.0/</a>' in old
