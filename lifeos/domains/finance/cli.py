"""`flask finance …`: maintenance of derived finance data."""

from __future__ import annotations

import functools

import click
from flask.cli import AppGroup

from lifeos.platform.uow import unit_of_work

finance_cli = AppGroup("finance", help="Finance maintenance.")


@finance_cli.command("rebuild-totals")
@click.option(
    "--user-id", type=int, default=None, help="Only this user (default: every user with journal lines)."
)
def rebuild_totals(user_id: int | None) -> None:
    """Recompute finance_account_daily_total and _monthly_total from the journal lines (after a bulk load)."""
    from lifeos.domains.finance.services import totals

    with unit_of_work() as uow:
        users = [user_id] if user_id else totals.users_with_lines(uow.session)
    for uid in users:
        with unit_of_work() as uow:
            rebuilt = uow.run(functools.partial(totals.rebuild_totals, uow.session, uid))
        click.echo(f"user {uid}: {rebuilt.daily} daily total rows, {rebuilt.monthly} monthly total rows")
