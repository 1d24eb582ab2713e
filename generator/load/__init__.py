"""Stage 1, load: YAML files -> the document model, with a position for every node.

`files` finds the YAML files and reads them (in parallel when many); each is
parsed safely (`yamlsafe`), its structure checked against the shipped JSON
Schemas (`schema`), and dataclasses built (`documents`). The site's settings
are read from `mkdocs.yml` the same way (`settings`).
"""
