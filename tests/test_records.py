"""`quick_init`: the model's most-made records build faster and stay frozen records."""

from __future__ import annotations

import dataclasses
import inspect
import pickle
from dataclasses import FrozenInstanceError, InitVar, dataclass, field

import pytest

from generator.model.changes import Placement, ProvisionChange, Segment
from generator.model.document import Article, Clause, Section
from generator.model.numbering import Number
from generator.model.records import quick_init

QUICK = (Segment, Placement, ProvisionChange, Number, Clause, Section, Article)


@pytest.mark.parametrize("record", QUICK, ids=lambda cls: cls.__name__)
def test_the_quick_init_takes_the_fields_as_the_dataclass_said(record: type) -> None:
    parameters = list(inspect.signature(record).parameters.values())
    fields = dataclasses.fields(record)
    assert [p.name for p in parameters] == [f.name for f in fields]
    for p, f in zip(parameters, fields, strict=True):
        expected = inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default
        assert p.default == expected


@quick_init
@dataclass(frozen=True, slots=True)
class _Sample:
    name: str
    count: int = 0
    tags: tuple[str, ...] = ()
    note: str = field(default="", compare=False)


@dataclass(frozen=True, slots=True)
class _Plain:  # the same record, made by dataclasses' own __init__
    name: str
    count: int = 0
    tags: tuple[str, ...] = ()
    note: str = field(default="", compare=False)


@pytest.mark.parametrize(
    "args, kwargs",
    [(("a",), {}), (("a", 2), {}), (("a",), {"tags": ("x",)}), ((), {"name": "b", "note": "n"})],
)
def test_a_quick_record_holds_what_the_plain_one_holds(args: tuple, kwargs: dict) -> None:
    quick, plain = _Sample(*args, **kwargs), _Plain(*args, **kwargs)
    assert dataclasses.astuple(quick) == dataclasses.astuple(plain)
    assert quick == _Sample(*args, **kwargs) and hash(quick) == hash(_Sample(*args, **kwargs))
    assert repr(quick).replace("_Sample", "_Plain") == repr(plain)
    assert pickle.loads(pickle.dumps(quick)) == quick
    assert dataclasses.replace(quick, count=5).count == 5
    with pytest.raises(FrozenInstanceError):
        quick.count = 3  # type: ignore[misc]
    with pytest.raises(TypeError):
        _Sample(*args, **kwargs, unknown=1)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        _Sample()  # type: ignore[call-arg]


def test_what_the_quick_init_cannot_do_is_refused_at_definition() -> None:
    def defined(decorate) -> None:
        @quick_init
        @decorate
        class _Record:
            name: str
            items: list[str] = field(default_factory=list)

    with pytest.raises(TypeError, match="frozen"):
        quick_init(dataclass(slots=True)(type("Loose", (), {"__annotations__": {"a": "int"}})))
    with pytest.raises(TypeError, match="frozen"):
        quick_init(dataclass(frozen=True)(type("NoSlots", (), {"__annotations__": {"a": "int"}})))
    with pytest.raises(TypeError, match="plain fields"):
        defined(dataclass(frozen=True, slots=True))
    with pytest.raises(TypeError, match="plain fields"):

        @quick_init
        @dataclass(frozen=True, slots=True)
        class _Hidden:
            name: str
            shown: bool = field(default=False, init=False)

    with pytest.raises(TypeError, match="plain fields"):

        @quick_init
        @dataclass(frozen=True, slots=True)
        class _Passed:
            name: str
            extra: InitVar[int] = 0

    with pytest.raises(TypeError, match="__post_init__"):

        @quick_init
        @dataclass(frozen=True, slots=True)
        class _Checked:
            name: str

            def __post_init__(self) -> None:
                pass
