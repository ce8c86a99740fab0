"""Subscribers: which handlers react to which catalogued event, and how domains' handlers are loaded.

A domain's `subscribers.py` declares its reactions::

    from lifeos.platform.subscribers import Delivered, subscribe

    @subscribe("skills.practice.logged")
    def refresh_metrics(message: Delivered) -> None:
        refresh_skill_metrics(message.session, message.user_id, message.payload["skill_id"])

Delivery is at-least-once, so a handler must be idempotent: the same `message.id` can
arrive twice (a worker crashed after the handler ran but before the message was marked).
Handlers run inside the worker's transaction (a SAVEPOINT per message): database writes
made through `message.session` commit together with the "sent" mark, and are rolled back
if the handler raises. Handlers must not commit the session themselves.

The platform does not import domains: a domain that reacts to events names its
`subscribers.py` in its registration entry (`lifeos/domains/<domain>/domain.py`), and
`create_app` imports it with the rest of the domain. `LIFEOS_EXTRA_SUBSCRIBERS`
(comma-separated module paths) adds modules to import as well: a test/ops hook that gives
worker subprocesses their test subscribers.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from lifeos.platform.events import CATALOG, UnknownEvent


@dataclass(frozen=True)
class Delivered:
    """One outbox message as a subscriber sees it."""

    id: int  # stable across redeliveries: the idempotency key
    event_type: str
    version: int
    user_id: int | None
    payload: dict[str, Any]
    attempt: int = 1  # 1 on first delivery, higher on retries
    created_at: datetime | None = None
    session: Session | None = field(default=None, repr=False, compare=False)


Handler = Callable[[Delivered], None]

_SUBSCRIBERS: dict[str, list[Handler]] = {}


def subscribe(event_name: str) -> Callable[[Handler], Handler]:
    """Register the decorated function as a handler of `event_name` (must be catalogued)."""
    if event_name not in CATALOG:
        raise UnknownEvent(f"cannot subscribe to {event_name!r}: it is not in the event catalog")

    def decorate(handler: Handler) -> Handler:
        handlers = _SUBSCRIBERS.setdefault(event_name, [])
        key = _identity(handler)
        # Re-importing a subscribers module must not register its handlers twice.
        handlers[:] = [h for h in handlers if _identity(h) != key]
        handlers.append(handler)
        return handler

    return decorate


def unsubscribe(event_name: str, handler: Handler | None = None) -> None:
    """Remove one handler (or all handlers) of an event; used by tests to clean up."""
    if handler is None:
        _SUBSCRIBERS.pop(event_name, None)
        return
    key = _identity(handler)
    handlers = [h for h in _SUBSCRIBERS.get(event_name, []) if _identity(h) != key]
    if handlers:
        _SUBSCRIBERS[event_name] = handlers
    else:
        _SUBSCRIBERS.pop(event_name, None)


def subscribers_for(event_type: str) -> tuple[Handler, ...]:
    """The handlers of an event type, in registration order."""
    return tuple(_SUBSCRIBERS.get(event_type, ()))


def subscriptions() -> dict[str, tuple[Handler, ...]]:
    """A snapshot of the whole registry (for docs and diagnostics)."""
    return {name: tuple(handlers) for name, handlers in _SUBSCRIBERS.items()}


def _identity(handler: Handler) -> tuple[str, str]:
    qualname = getattr(handler, "__qualname__", None)
    if not qualname or "<lambda>" in qualname:
        return ("", f"id:{id(handler)}")
    return (getattr(handler, "__module__", ""), qualname)


EXTRA_SUBSCRIBERS_ENV = "LIFEOS_EXTRA_SUBSCRIBERS"


def register_extra_subscribers() -> list[str]:
    """Import the modules named in LIFEOS_EXTRA_SUBSCRIBERS so their handlers register."""
    loaded: list[str] = []
    for module in _extra_modules():
        importlib.import_module(module)
        loaded.append(module)
    return loaded


def _extra_modules() -> list[str]:
    raw = os.environ.get(EXTRA_SUBSCRIBERS_ENV, "")
    return [name.strip() for name in raw.split(",") if name.strip()]
