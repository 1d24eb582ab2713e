"""An adopted version may leave out its vote (an imported old version); validation warns."""

from __future__ import annotations

from generator.load.documents import read_document
from generator.validate import rules

BASE = """\
kind: constitution
id: riverside
title: Riverside constitution
version: "2"
status: {status}
amendment_rule:
  threshold: "2/3"
{decision}
articles:
  - id: name
    title: Name
    clauses:
      - id: name-of-group
        text: The group is called Riverside.
"""

NO_VOTES = """\
decision:
  adopted: 2021-03-04
  body: Not recorded (imported)
"""

BAD_VOTES = """\
decision:
  adopted: 2021-03-04
  body: General meeting
  votes: {for: 5, against: 5}
"""


def _check(status: str, decision: str) -> tuple[list[str], list[str]]:
    result = read_document(BASE.format(status=status, decision=decision).encode(), "r.yaml")
    assert result.problems == [], result.problems
    assert result.document is not None
    doc = result.document
    problems = rules.check_document(doc) + rules.vote_problems(doc, doc.amendment_rule)
    errors = [p.message for p in problems if p.is_error]
    warnings = [p.message for p in problems if not p.is_error]
    return errors, warnings


def test_adopted_version_without_votes_loads_and_only_warns() -> None:
    errors, warnings = _check("adopted", NO_VOTES)
    assert errors == []
    assert any("vote that adopted this version is not recorded" in w for w in warnings)


def test_a_draft_without_votes_gets_no_warning() -> None:
    errors, warnings = _check("draft", NO_VOTES)
    assert errors == [] and warnings == []


def test_a_recorded_vote_is_still_checked_against_the_rule() -> None:
    errors, _ = _check("adopted", BAD_VOTES)
    assert any("does not meet" in e for e in errors)


def test_an_adopted_version_still_needs_a_decision_record() -> None:
    text = BASE.format(status="adopted", decision="")
    result = read_document(text.encode(), "r.yaml")
    assert result.document is None
    assert any("decision" in p.message for p in result.problems)
