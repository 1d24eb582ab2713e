"""Around the pipeline: reviewing an amendment (`charters diff`, the pull-request comment)."""
