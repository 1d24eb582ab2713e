"""Theme overrides in the site's language: each `_("...")` in them replaced by its translation.

The overrides (`templates/overrides/`: the 404 page, the version selector, the
page head) are rendered by the engine, not by us: MkDocs' Jinja (whose `_()`
knows only English) or Zensical's MiniJinja (which has no `_()` at all). So the
render stage, once it has staged them, replaces every `_("a literal")` inside a
`{{ ... }}` or `{% ... %}` tag by a string literal holding the translation, marked
`safe` (it may hold the tags of its original, as page templates' messages may).
A message with placeholders is written with a filter that fills them in the
engine, as in `{{ _("Version %(version)s") | replace("%(version)s", v.label | e) }}`.

The words are the gettext catalogues' (Babel extracts them from the overrides,
see babel.cfg), so the overrides read the same in both engines and in every
shipped language; a message not in the catalogues stays as written.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

from generator.support import i18n

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_CALL = re.compile(r"""(?<![\w.])_\(\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')\s*\)""")


def translate_template(source: str) -> str:
    """`source` with each `_("literal")` in its tags put into the language in use."""

    def call(match: re.Match[str]) -> str:
        # A Jinja string may run over lines; a Python one may not.
        message = ast.literal_eval(match.group(1).replace("\n", "\\n"))
        if not isinstance(message, str) or not message:
            return match.group(0)
        return f"({json.dumps(i18n.gettext(message), ensure_ascii=False)} | safe)"

    return _TAG.sub(lambda tag: _CALL.sub(call, tag.group(0)), source)


def translate_overrides(folder: Path, language: str) -> None:
    """Put the staged override templates under `folder` into `language`, in place."""
    with i18n.use_language(language):
        for path in sorted(folder.rglob("*.html")):
            if path.is_symlink() or not path.is_file():
                continue
            source = path.read_text(encoding="utf-8")
            if "_(" not in source:
                continue
            translated = translate_template(source)
            if translated != source:
                path.write_text(translated, encoding="utf-8")
