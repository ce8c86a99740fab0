"""`flask db verify`: the deployment guide's checks as one command, added to Flask-Migrate's group."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask_migrate.cli import db as db_group  # type: ignore[import-not-found]  # stubs lack .cli


@click.command("verify")
@click.option(
    "--user-id", default=1, show_default=True, help="User whose accounts the typeahead check queries."
)
def verify_command(user_id: int) -> None:
    """Check the database against the schema: revision, tables, indexes, backfill, typeahead plan."""
    from alembic.script import ScriptDirectory

    from lifeos.migrations.verify import run_checks

    migrate = current_app.extensions["migrate"]
    script = ScriptDirectory.from_config(migrate.migrate.get_config())
    db = migrate.db
    with db.engine.connect() as conn:
        checks = run_checks(conn, script, db.metadata, user_id=user_id)
    for check in checks:
        click.echo(check.line())
    failed = [c for c in checks if not c.ok]
    unjudged = sum(1 for c in checks if not c.judged)
    passed = len(checks) - len(failed) - unjudged
    click.echo(f"{passed}/{len(checks)} checks passed" + (f", {unjudged} not judged" if unjudged else ""))
    if failed:
        raise SystemExit(1)


def register(app: Flask) -> None:
    """Attach `flask db verify` to Flask-Migrate's group."""
    db_group.add_command(verify_command)
