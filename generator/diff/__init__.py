"""Stage 4, diff: two versions of a document -> clause-aligned, word-level changes.

`stage` works out the redlines the site shows. `clauses` aligns provisions by
id, `words` diffs inside one text, `fields` compares what lies outside the
articles. `view` makes a redline ready to print,
and `as_json`, `as_markdown` and `as_terminal` are its renderings (the site's
rendering is a template of the site stage).
"""
