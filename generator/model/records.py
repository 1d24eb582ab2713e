"""Frozen records that are quick to make: the model types built by the thousand.

A frozen dataclass sets each field in `__init__` through `object.__setattr__`,
looked up and called field by field, since its own `__setattr__` refuses every
assignment. The diff makes a placement, a segment and a change for every
provision, and numbering a number for each: on 2,000 clauses those `__init__`
calls were a quarter of the diff. `quick_init` gives such a class an `__init__`
that sets each slot through the slot's own descriptor, nearly twice as fast, and
leaves the class frozen: assigning to a field afterwards still raises.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

Record = TypeVar("Record", bound=type)


def quick_init(cls: Record) -> Record:
    """Give a frozen, slotted dataclass a quicker `__init__` with the same signature.

    Only for plain records: every field set by `__init__`, defaults that are plain
    values (no factories, no `InitVar`, no keyword-only fields) and no
    `__post_init__`. Anything else is refused when the class is defined.
    """
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or not (params.frozen and "__slots__" in cls.__dict__):
        raise TypeError(f"{cls.__name__}: quick_init is for frozen dataclasses with slots")
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__}: quick_init would skip its __post_init__")
    if len(cls.__dataclass_fields__) != len(dataclasses.fields(cls)):  # InitVar, ClassVar
        raise TypeError(f"{cls.__name__}: quick_init takes plain fields only")
    names: list[str] = []
    namespace: dict[str, Any] = {}
    for index, field in enumerate(dataclasses.fields(cls)):
        if not field.init or field.kw_only or field.default_factory is not dataclasses.MISSING:
            raise TypeError(f"{cls.__name__}.{field.name}: quick_init takes plain fields only")
        namespace[f"_set_{index}"] = cls.__dict__[field.name].__set__  # the slot's descriptor
        if field.default is dataclasses.MISSING:
            names.append(field.name)
        else:
            namespace[f"_default_{index}"] = field.default
            names.append(f"{field.name}=_default_{index}")
    body = "".join(
        f"    _set_{index}(self, {field.name})\n"
        for index, field in enumerate(dataclasses.fields(cls))
    )
    if not body:
        raise TypeError(f"{cls.__name__}: quick_init is for records with fields")
    exec(f"def __init__(self, {', '.join(names)}):\n{body}", namespace)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__doc__ = cls.__init__.__doc__
    cls.__init__ = init  # type: ignore[misc]
    return cls
