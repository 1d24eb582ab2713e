"""The compiled quick check agrees with jsonschema: it never passes what jsonschema rejects.

`schema.check` skips jsonschema when the compiled check (fastjsonschema) says a
document is valid, so that check must never be laxer. Hypothesis breaks valid
documents in many small ways and compares the two verdicts.
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from sample_documents import CHARTER, CONSTITUTION

from generator.load import schema, yamlsafe

VALID = {
    "constitution": yamlsafe.load(CONSTITUTION),
    "charter": yamlsafe.load(CHARTER),
}
ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["", "x", "Bad Id/..", "2024-02-30", "2024-02-29", "1.0", "draft", "GBP"]),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.sampled_from(["id", "text", "tilte"]), st.text(max_size=3), max_size=2),
)


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*path, index))
    return found


def _mutate(data: Any, path: tuple[Any, ...], action: str, value: Any) -> Any:
    out = copy.deepcopy(data)
    if not path:
        return value
    parent = out
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if action == "delete":
        del parent[last]
    elif action == "add" and isinstance(parent, dict):
        parent[f"{last}x"] = value
    else:
        parent[last] = value
    return out


@settings(max_examples=400, deadline=None)
@given(
    kind=st.sampled_from(["constitution", "charter"]),
    choice=st.integers(min_value=0),
    action=st.sampled_from(["replace", "delete", "add"]),
    value=ODD_VALUES,
)
def test_quick_check_is_never_laxer_than_jsonschema(
    kind: str, choice: int, action: str, value: Any
) -> None:
    base = VALID[kind]
    paths = _paths(base)
    path = paths[choice % len(paths)]
    data = _mutate(base, path, action, value)
    kind_of = data.get("kind") if isinstance(data, dict) else None
    if kind_of not in ("constitution", "charter"):
        return
    detailed = list(schema._validator(kind_of).iter_errors(data))
    quick = schema._fast_validator(kind_of)(data)
    if quick:
        assert detailed == [], (
            f"quick check passed {path} {action} {value!r}: {detailed[0].message}"
        )
    assert (schema.check(data, "x.yaml") == []) == (detailed == [])


def test_valid_samples_pass_both() -> None:
    for kind, data in VALID.items():
        assert schema._fast_validator(kind)(data)
        assert list(schema._validator(kind).iter_errors(data)) == []
