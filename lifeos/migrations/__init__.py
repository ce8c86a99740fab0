"""The one Alembic home (Flask-Migrate)."""
