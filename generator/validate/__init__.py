"""Stage 2, validate: the domain rules a loaded document and the set of documents must meet."""
