"""Stage 5, render: documents, history and diffs -> pages and data files in a staging dir."""
