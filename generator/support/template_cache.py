"""Compiled templates kept between builds, so a build does not compile them again.

Jinja turns each template into Python code before it renders it: about a third of
a small rebuild, and of every start of `charters serve`'s rebuilds, went to
compiling the same hundred templates (ours and the theme's) again. Jinja keeps
that code for later through a `BytecodeCache`; this one keeps it in the build's
cache folder, outside the repository.

That code runs when it is loaded, so an entry is used only if it carries this
user's signature (`generator.support.cache.signing_key`): a file planted or
damaged in the cache folder is ignored and compiled afresh, never run. Jinja
checks the rest: an entry is for this template's exact source, this Jinja and
this Python. How the code is generated also depends on the environment (its
syntax, whether it is sandboxed, its extensions), so each kind of environment
keeps its entries in a folder of its own.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

from generator.support.cache import read_signed, signing_key, write_signed

# The settings `jinja2.Environment.__init__` takes that shape a template's syntax and code.
JINJA_SYNTAX = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "optimized",
)
# All that changes the code Jinja generates for the same source.
_CODE_SETTINGS = (*JINJA_SYNTAX, "sandboxed", "newstyle_gettext")


class SignedBytecodeCache(jinja2.BytecodeCache):
    """Jinja's compiled templates in `folder`, signed with this user's key."""

    def __init__(self, folder: Path, key: bytes) -> None:
        self.folder = folder
        self.key = key

    def load_bytecode(self, bucket: Bucket) -> None:
        payload = read_signed(self.folder / bucket.key, self.key)  # planted: never run
        if payload is not None:
            bucket.bytecode_from_string(payload)  # Jinja drops it if the source changed

    def dump_bytecode(self, bucket: Bucket) -> None:
        write_signed(self.folder / bucket.key, self.key, bucket.bytecode_to_string())


def keep_compiled(env: jinja2.Environment, cache_dir: Path | None) -> jinja2.Environment:
    """`env`, keeping its compiled templates under `cache_dir` (nothing kept without one).

    Call it once `env` is set up: the folder is chosen by the settings that shape
    the code.
    """
    if cache_dir is None:
        return env
    try:
        key = signing_key(cache_dir.parent)
    except OSError:  # no key, no kept code: templates are compiled each build
        return env
    env.bytecode_cache = SignedBytecodeCache(cache_dir / "templates" / _flavour(env), key)
    return env


def _flavour(env: jinja2.Environment) -> str:
    """A name for the code `env` generates: its settings, operators, extensions, Jinja."""
    shape = {name: repr(getattr(env, name, None)) for name in _CODE_SETTINGS}
    shape["class"] = f"{type(env).__module__}.{type(env).__qualname__}"
    shape["autoescape"] = _named(env.autoescape)
    shape["finalize"] = _named(env.finalize)
    shape["binops"] = sorted(getattr(env, "intercepted_binops", ()))
    shape["unops"] = sorted(getattr(env, "intercepted_unops", ()))
    shape["extensions"] = sorted(env.extensions)
    shape["jinja"] = jinja2.__version__
    text = json.dumps(shape, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _named(value: object) -> str:
    """A setting that may be a function, by its name (a function's repr holds an address)."""
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', value)}"
    return repr(value)
