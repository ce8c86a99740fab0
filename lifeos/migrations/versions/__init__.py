"""Alembic revisions (a package so import-linter checks what they import)."""
