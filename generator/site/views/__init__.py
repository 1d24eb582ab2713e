"""Ready-made data for the page templates, one module per page type.

`index` (the home page), `version` (a document's text at one version),
`history` (a document's versions) and `redline` (what changed), on top of
`shared` (the site as a whole, and values put into words).
"""
