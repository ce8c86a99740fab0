"""Building blocks for additive, idempotent migrations (used by revision files only)."""
