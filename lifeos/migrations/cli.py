"""Extra `flask db` commands (verify) — placeholder: filled by the schema work."""

from flask import Flask


def register(app: Flask) -> None:
    """Attach `flask db verify` to Flask-Migrate's group."""
