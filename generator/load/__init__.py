"""Stage 1, load: YAML files -> the document model, with a position for every node.

YAML is parsed safely (`yamlsafe`), its structure checked against the shipped
JSON Schemas (`schema`), and dataclasses built (`documents`). The site's settings
are read from `mkdocs.yml` the same way (`settings`).
"""
