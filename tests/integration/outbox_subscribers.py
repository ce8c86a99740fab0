"""Test-only event and subscriber for outbox workers in other processes.

Worker subprocesses load this through `LIFEOS_EXTRA_SUBSCRIBERS=tests.integration.outbox_subscribers`
(importing it installs the event and its handler). In the test process, fixtures call
`install()` / `uninstall()` so the catalog and the registry are clean after each test.

The handler writes one row per delivery into `outbox_test_delivery` through the worker's session
(so it commits with the "sent" mark) and, when OUTBOX_TEST_LOG names a file, appends
"<pid> <message id>" to it *before* committing — the file shows deliveries that a crash undid.
OUTBOX_TEST_SLEEP makes each delivery slow.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

from sqlalchemy import text

from lifeos.platform.events import Event, register, unregister
from lifeos.platform.subscribers import Delivered, subscribe, unsubscribe

EVENT = "testing.outbox.pinged"
TABLE = "outbox_test_delivery"


@dataclass(frozen=True)
class Pinged(Event):
    """Test-only event delivered by worker subprocesses."""

    name = EVENT
    seq: int


def record_delivery(message: Delivered) -> None:
    """Record the delivery (idempotency is judged by the test from the recorded ids)."""
    log_path = os.environ.get("OUTBOX_TEST_LOG")
    if log_path:
        with open(log_path, "a", encoding="utf-8") as log:
            log.write(f"{os.getpid()} {message.id}\n")
    delay = float(os.environ.get("OUTBOX_TEST_SLEEP", "0") or 0)
    if delay:
        time.sleep(delay)
    assert message.session is not None
    message.session.execute(
        text(f"INSERT INTO {TABLE} (message_id, pid) VALUES (:id, :pid)"),
        {"id": message.id, "pid": os.getpid()},
    )


def install() -> None:
    register(Pinged)
    subscribe(EVENT)(record_delivery)


def uninstall() -> None:
    unsubscribe(EVENT)
    unregister(EVENT)


install()
