"""The validator runs a copy of each schema with its "$ref"s inlined, for speed.

It must find exactly what the shipped schema finds, on good documents and bad.
"""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from sample_documents import CHARTER, CONSTITUTION
from test_bad_input import CASES

from generator.load import schema, yamlsafe


def deeply_nested() -> dict[str, Any]:
    """The sample constitution with clauses nested six deep, the deepest ones wrong.

    Below the levels copied in place, the schema still follows "$ref"s: check those too.
    """
    data = yamlsafe.load(CONSTITUTION)
    clause = data["articles"][1]["clauses"][0]
    for level in range(6):
        child = {"id": f"level-{level}", "text": "Deeper."}
        clause["clauses"] = [child, {"id": f"Bad-{level}", "txt": "?"}]
        clause = child
    return data


def documents() -> list[tuple[str, Any]]:
    """Good documents, and every bad case's files that parse as YAML of a known kind."""
    out = [("constitution", yamlsafe.load(CONSTITUTION)), ("charter", yamlsafe.load(CHARTER))]
    out.append(("constitution", deeply_nested()))
    for case in CASES.values():
        for content in case.files.values():
            try:
                data = yamlsafe.load(content if isinstance(content, str) else content.decode())
            except (yamlsafe.YamlError, UnicodeDecodeError):
                continue
            if isinstance(data, dict) and data.get("kind") in ("constitution", "charter"):
                out.append((data["kind"], data))
    return out


def errors(validator: Draft202012Validator, data: object) -> list[tuple[object, ...]]:
    return sorted(
        (tuple(e.absolute_path), e.validator, e.message) for e in validator.iter_errors(data)
    )


@pytest.mark.parametrize("kind", ["constitution", "charter"])
def test_the_inlined_schema_is_still_a_valid_schema(kind: str) -> None:
    inlined = schema._validator(kind).schema
    Draft202012Validator.check_schema(inlined)
    assert "$ref" not in str(inlined["properties"]["articles"]["items"]["properties"]["id"])


def test_the_inlined_schema_finds_what_the_shipped_one_finds() -> None:
    checked = documents()
    assert len(checked) > 30
    found_some = 0
    for kind, data in checked:
        shipped = Draft202012Validator(schema.schema(kind), format_checker=FormatChecker(["date"]))
        expected = errors(shipped, data)
        assert errors(schema._validator(kind), data) == expected
        found_some += bool(expected)
    assert found_some > 15
