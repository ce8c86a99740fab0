"""`flask finance …`: maintenance of derived finance data."""

from __future__ import annotations

import click
from flask.cli import AppGroup

finance_cli = AppGroup("finance", help="Finance maintenance.")


@finance_cli.command("rebuild-totals")
@click.option(
    "--user-id", type=int, default=None, help="Only this user (default: every user with journal lines)."
)
def rebuild_totals(user_id: int | None) -> None:
    """Recompute finance_account_daily_total and _monthly_total from the journal lines (after a bulk load)."""
    from sqlalchemy import select

    from lifeos.domains.finance.models import JournalLine
    from lifeos.domains.finance.services.totals import rebuild_totals
    from lifeos.extensions import db

    users = [user_id] if user_id else list(db.session.scalars(select(JournalLine.user_id).distinct()))
    for uid in users:
        rebuilt = rebuild_totals(db.session, uid)
        db.session.commit()
        click.echo(f"user {uid}: {rebuilt.daily} daily total rows, {rebuilt.monthly} monthly total rows")
