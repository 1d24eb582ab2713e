"""The plain data every stage shares: documents, problems, history, staged pages.

Stages meet only through these types; nothing here imports a stage or a library
that a stage wraps (git, MkDocs).
"""
