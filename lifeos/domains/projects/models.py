"""Projects tables (placeholder: filled by the schema work)."""
