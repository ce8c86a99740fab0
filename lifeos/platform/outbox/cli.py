"""`flask outbox …`: run the worker, inspect the queue, retry dead messages, render the catalog."""

from __future__ import annotations

import json
import logging
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType

import click
from flask import current_app
from flask.cli import AppGroup

log = logging.getLogger(__name__)

outbox_cli = AppGroup("outbox", help="Run and inspect the outbox worker.")

EVENTS_DOC = Path(__file__).resolve().parents[2] / "docs" / "EVENTS.md"


@outbox_cli.command("run")
@click.option("--once", is_flag=True, help="Deliver everything that is due, then exit.")
@click.option(
    "--batch-size", type=click.IntRange(min=1), default=None, help="Messages per batch (OUTBOX_BATCH_SIZE)."
)
@click.option(
    "--poll",
    type=click.FloatRange(min=0.01),
    default=None,
    help="Seconds to sleep when idle (OUTBOX_POLL_SECONDS).",
)
@click.option(
    "--lease", type=click.FloatRange(min=0.1), default=None, help="Lease in seconds (OUTBOX_LEASE_SECONDS)."
)
@click.option("--worker-id", default=None, help="Name recorded in locked_by (default host:pid:random).")
def run_command(
    once: bool, batch_size: int | None, poll: float | None, lease: float | None, worker_id: str | None
) -> None:
    """Run an outbox worker until SIGTERM/SIGINT (or, with --once, until nothing is due)."""
    from lifeos.extensions import db
    from lifeos.platform.outbox.worker import OutboxWorker, WorkerSettings, default_worker_id

    settings = WorkerSettings.from_config(
        current_app.config, batch_size=batch_size, poll_seconds=poll, lease_seconds=lease
    )
    worker = OutboxWorker(db.session(), settings, worker_id or default_worker_id())
    restore = _install_stop_handlers(worker.stop)
    started = time.monotonic()
    click.echo(f"outbox worker {worker.worker_id} started (batch {settings.batch_size})", err=True)
    try:
        total = worker.run(until_idle=once)
    finally:
        restore()
        db.session.remove()
    elapsed = time.monotonic() - started
    click.echo(
        f"outbox worker {worker.worker_id} stopped: sent={total.sent} retried={total.retried} "
        f"dead={total.dead} lost={total.lost} in {elapsed:.1f}s",
        err=True,
    )


def _install_stop_handlers(stop: Callable[[], None]) -> Callable[[], None]:
    """First SIGTERM/SIGINT: finish the current batch and exit. A second SIGINT interrupts."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT)}

    def handle(signum: int, _frame: FrameType | None) -> None:
        click.echo(f"outbox worker: {signal.Signals(signum).name} received, finishing the batch", err=True)
        stop()
        signal.signal(signal.SIGINT, signal.default_int_handler)

    for sig in previous:
        signal.signal(sig, handle)

    def restore() -> None:
        for sig, handler in previous.items():
            signal.signal(sig, handler)

    return restore


@outbox_cli.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def status_command(as_json: bool) -> None:
    """Show counts per status and the age of the oldest pending message."""
    from lifeos.extensions import db
    from lifeos.platform.outbox.service import queue_status

    status = queue_status(db.session())
    if as_json:
        click.echo(json.dumps(status))
        return
    for name, count in status["counts"].items():
        click.echo(f"{name:8} {count}")
    age = status["oldest_pending_age_seconds"]
    click.echo(f"oldest pending age: {'-' if age is None else f'{age:.1f}s'}")


@outbox_cli.command("retry-dead")
@click.option("--id", "ids", type=int, multiple=True, help="Only this message id (repeatable).")
def retry_dead_command(ids: tuple[int, ...]) -> None:
    """Put dead messages back to pending with their attempts reset."""
    from lifeos.platform.outbox.service import retry_dead
    from lifeos.platform.uow import unit_of_work

    with unit_of_work() as uow:
        count = retry_dead(uow.session, ids or None)
        uow.commit()
    click.echo(f"retried {count} dead message(s)")


@outbox_cli.command("catalog")
@click.option("--write", is_flag=True, help=f"Write the catalog to {EVENTS_DOC.name} instead of stdout.")
@click.option("--check", is_flag=True, help="Exit 1 if the doc is out of date.")
def catalog_command(write: bool, check: bool) -> None:
    """Render the event catalog (lifeos/docs/EVENTS.md) from the registered events."""
    from lifeos.platform.events import catalog_markdown

    text = catalog_markdown()
    if check:
        current = EVENTS_DOC.read_text(encoding="utf-8") if EVENTS_DOC.exists() else ""
        if current != text:
            raise click.ClickException(f"{EVENTS_DOC} is out of date: run `flask outbox catalog --write`")
        click.echo("event catalog doc is up to date")
    elif write:
        EVENTS_DOC.parent.mkdir(parents=True, exist_ok=True)
        EVENTS_DOC.write_text(text, encoding="utf-8")
        click.echo(f"wrote {EVENTS_DOC}")
    else:
        click.echo(text, nl=False)
