"""`flask outbox …` (placeholder: filled by the outbox work)."""

from flask.cli import AppGroup

outbox_cli = AppGroup("outbox", help="Run and inspect the outbox worker.")
