"""Subscriber registry, backoff arithmetic, error redaction and worker settings."""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from lifeos.platform.events import Event, UnknownEvent, register, unregister
from lifeos.platform.outbox.worker import LAST_ERROR_MAX_CHARS, WorkerSettings, backoff_seconds, safe_error
from lifeos.platform.subscribers import (
    EXTRA_SUBSCRIBERS_ENV,
    Delivered,
    register_extra_subscribers,
    subscribe,
    subscribers_for,
    unsubscribe,
)

EVENT = "testing.widget.built"


@dataclass(frozen=True)
class WidgetBuilt(Event):
    name = EVENT
    widget_id: int


@pytest.fixture(autouse=True)
def widget_event() -> Iterator[None]:
    register(WidgetBuilt)
    yield
    unsubscribe(EVENT)
    unregister(EVENT)


def _message(event_type: str = EVENT) -> Delivered:
    return Delivered(id=41, event_type=event_type, version=1, user_id=3, payload={"widget_id": 9})


def test_subscribing_to_an_uncatalogued_event_raises() -> None:
    with pytest.raises(UnknownEvent):
        subscribe("testing.widget.melted")


def test_handlers_run_in_order_and_see_the_message() -> None:
    seen: list[tuple[str, int, dict]] = []

    @subscribe(EVENT)
    def first(message: Delivered) -> None:
        seen.append(("first", message.id, message.payload))

    @subscribe(EVENT)
    def second(message: Delivered) -> None:
        seen.append(("second", message.id, message.payload))

    for handler in subscribers_for(EVENT):
        handler(_message())
    assert seen == [("first", 41, {"widget_id": 9}), ("second", 41, {"widget_id": 9})]


def test_registering_the_same_handler_twice_keeps_one() -> None:
    def handler(message: Delivered) -> None:
        pass

    subscribe(EVENT)(handler)
    subscribe(EVENT)(handler)
    assert subscribers_for(EVENT) == (handler,)
    unsubscribe(EVENT, handler)
    assert subscribers_for(EVENT) == ()


def test_no_subscribers_means_nothing_to_do() -> None:
    assert subscribers_for("testing.nobody.listens") == ()


def test_register_extra_subscribers_imports_extra_modules(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("lifeos_test_extra_subscribers")
    calls: list[int] = []

    def install() -> None:
        @subscribe(EVENT)
        def extra(message: Delivered) -> None:
            calls.append(message.id)

    module.install = install  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setattr(importlib, "import_module", _importer(module, install))
    monkeypatch.setenv(EXTRA_SUBSCRIBERS_ENV, f" {module.__name__} ,")
    loaded = register_extra_subscribers()
    assert module.__name__ in loaded
    for handler in subscribers_for(EVENT):
        handler(_message())
    assert calls == [41]


def _importer(module: types.ModuleType, install):  # type: ignore[no-untyped-def]
    real = importlib.import_module

    def fake(name: str, package: str | None = None):  # type: ignore[no-untyped-def]
        if name == module.__name__:
            install()
            return module
        return real(name, package)

    return fake


def test_backoff_doubles_and_is_capped() -> None:
    delays = [backoff_seconds(n, base=2, cap=60) for n in range(1, 9)]
    assert delays == [2, 4, 8, 16, 32, 60, 60, 60]
    assert backoff_seconds(10_000, base=2, cap=3600) == 3600  # no overflow on absurd counts


def test_backoff_jitter_shortens_but_never_reorders() -> None:
    assert backoff_seconds(3, base=2, cap=60, jitter=0.25, rand=lambda: 1.0) == 6.0
    assert backoff_seconds(3, base=2, cap=60, jitter=0.25, rand=lambda: 0.0) == 8.0
    # Worst case for ordering: the earlier retry gets no jitter, the later one the most.
    for n in range(1, 6):
        early = backoff_seconds(n, base=2, cap=10_000, jitter=0.49, rand=lambda: 0.0)
        late = backoff_seconds(n + 1, base=2, cap=10_000, jitter=0.49, rand=lambda: 1.0)
        assert late > early


def test_safe_error_redacts_credentials_and_truncates() -> None:
    exc = RuntimeError(
        "connect postgresql://app:hunter2@db/x failed; Authorization: Bearer abc.def.ghi "
        'password="s3cret" token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl api_key=XYZ123'
    )
    text = safe_error(exc)
    assert text.startswith("RuntimeError: ")
    for secret in ("hunter2", "abc.def.ghi", "s3cret", "eyJhbGciOiJIUzI1NiJ9", "XYZ123"):
        assert secret not in text
    long = safe_error(ValueError("x" * 10_000))
    assert len(long) == LAST_ERROR_MAX_CHARS
    assert long.endswith("[truncated]")


def test_safe_error_names_non_builtin_exceptions() -> None:
    class PaymentRefused(Exception):
        pass

    assert safe_error(PaymentRefused("no")).endswith("PaymentRefused: no")
    assert "test_outbox_dispatch" in safe_error(PaymentRefused("no"))


def test_worker_settings_read_config_and_overrides() -> None:
    config = {
        "OUTBOX_BATCH_SIZE": 50,
        "OUTBOX_LEASE_SECONDS": 30,
        "OUTBOX_MAX_ATTEMPTS": 3,
        "OUTBOX_BACKOFF_BASE_SECONDS": 1,
        "OUTBOX_BACKOFF_MAX_SECONDS": 10,
        "OUTBOX_POLL_SECONDS": 0.5,
    }
    settings = WorkerSettings.from_config(config, batch_size=None, poll_seconds=0.1)
    assert (settings.batch_size, settings.lease_seconds, settings.max_attempts) == (50, 30.0, 3)
    assert (settings.backoff_base_seconds, settings.backoff_max_seconds, settings.poll_seconds) == (
        1.0,
        10.0,
        0.1,
    )
    with pytest.raises(ValueError):
        WorkerSettings.from_config(config, batch_size=0)
    with pytest.raises(ValueError):
        WorkerSettings.from_config({**config, "OUTBOX_BACKOFF_JITTER": 0.7})
