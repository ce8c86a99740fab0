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


accounts_cli = AppGroup("accounts", help="Chart-of-accounts maintenance.")
finance_cli.add_command(accounts_cli)


@accounts_cli.command("merge")
@click.option("--user-id", type=int, required=True, help="The user both accounts belong to.")
@click.option("--from", "source_id", type=int, required=True, help="Account merged away (kept, deactivated).")
@click.option("--into", "target_id", type=int, required=True, help="Account that receives the postings.")
def merge_accounts_command(user_id: int, source_id: int, target_id: int) -> None:
    """Move every posting of one account to another of the same user and type.

    Resolves the name collisions `flask db verify` lists. The source account stays in the
    chart of accounts, deactivated; the daily and monthly totals are rebuilt.
    """
    from lifeos.domains.finance.errors import FinanceError
    from lifeos.domains.finance.services.merge import merge_accounts

    try:
        with unit_of_work() as uow:
            result = merge_accounts(uow, user_id, source_id, target_id)
            source, target = result.source, result.target
            summary = ", ".join(f"{n} {where}" for where, n in sorted(result.moved.items())) or "no rows"
            click.echo(
                f"merged account {source.id} {source.name!r} into {target.id} {target.name!r}: "
                f"moved {summary}; account {source.id} is kept, deactivated; totals rebuilt"
            )
    except FinanceError as exc:
        raise click.ClickException(f"{exc.code}: {exc.detail}") from None
