"""Stage 5, render: documents, history and diffs -> pages and data files in a staging dir.

`urls` is the site contract, `views` the ready-made data each page template
needs, `render` fills the templates, `exports` writes JSON and feeds.
"""
