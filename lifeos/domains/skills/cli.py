"""`flask skills …`: maintenance of derived skills data."""

from __future__ import annotations

import functools

import click
from flask.cli import AppGroup

from lifeos.platform.uow import unit_of_work

skills_cli = AppGroup("skills", help="Skills maintenance.")


@skills_cli.command("rebuild-metrics")
@click.option("--user-id", type=int, default=None, help="Only this user's skills (default: every skill).")
def rebuild_metrics(user_id: int | None) -> None:
    """Recompute every skill_metric rollup from the practice sessions (after a bulk load or a dead message).

    Safe to run while the worker runs: each rollup is derived from the sessions, never incremented.
    """
    from lifeos.domains.skills.services import metrics

    with unit_of_work() as uow:
        count = uow.run(functools.partial(metrics.rebuild_all, uow.session, user_id=user_id))
    click.echo(f"rebuilt the metrics of {count} skill(s)")
