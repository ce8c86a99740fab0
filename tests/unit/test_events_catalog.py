"""The event catalog: registration rules, unknown events refused, the generated doc is current."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from lifeos.platform.events import (
    CATALOG,
    Event,
    UnknownEvent,
    catalog_markdown,
    ensure_registered,
    payload_schema,
    register,
    unregister,
)
from lifeos.platform.outbox.enqueue import enqueue
from lifeos.platform.uow import UnitOfWork

EVENTS_DOC = Path(__file__).resolve().parents[2] / "lifeos" / "docs" / "EVENTS.md"


@dataclass(frozen=True)
class SampleRecorded(Event):
    """A sample was recorded (test-only event)."""

    name = "testing.sample.recorded"
    version = 3

    sample_id: int
    amount: Decimal
    on: date
    note: str | None
    tags: tuple[str, ...]


@dataclass(frozen=True)
class NeverCatalogued(Event):
    name = "testing.ghost.appeared"

    ghost_id: int


class _FakeSession:
    """Stands in for a Session: records calls, never touches a database."""

    def __init__(self) -> None:
        self.added: list[object] = []
        self.commits = 0
        self.rollbacks = 0

    def add(self, obj: object) -> None:
        self.added.append(obj)

    def execute(self, statement: object, rows: list[dict[str, object]]) -> None:
        """The outbox's multi-row INSERT: each row is one message."""
        self.added.extend(rows)

    def commit(self) -> None:
        self.commits += 1

    def rollback(self) -> None:
        self.rollbacks += 1


@pytest.fixture
def sample_event() -> Iterator[type[SampleRecorded]]:
    register(SampleRecorded)
    yield SampleRecorded
    unregister(SampleRecorded.name)


def test_register_requires_three_part_name() -> None:
    @dataclass(frozen=True)
    class BadName(Event):
        name = "testing.only_two"

    with pytest.raises(ValueError, match=r"domain\.resource\.action"):
        register(BadName)
    assert "testing.only_two" not in CATALOG


def test_a_second_class_cannot_take_a_catalogued_name(sample_event: type[SampleRecorded]) -> None:
    @dataclass(frozen=True)
    class Impostor(Event):
        name = "testing.sample.recorded"

    with pytest.raises(ValueError, match="registered twice"):
        register(Impostor)
    assert CATALOG["testing.sample.recorded"] is SampleRecorded
    assert register(SampleRecorded) is SampleRecorded  # re-registering the same class is harmless


def test_emitting_an_uncatalogued_event_raises_unknown_event() -> None:
    session = _FakeSession()
    with UnitOfWork(session) as uow, pytest.raises(UnknownEvent):  # type: ignore[arg-type]
        uow.emit(NeverCatalogued(ghost_id=1), user_id=1)
    assert session.added == []
    with pytest.raises(UnknownEvent):
        enqueue(session, NeverCatalogued(ghost_id=1), user_id=1)  # type: ignore[arg-type]
    assert session.added == []


def test_a_subclass_of_a_catalogued_event_is_not_catalogued(sample_event: type[SampleRecorded]) -> None:
    @dataclass(frozen=True)
    class Lookalike(SampleRecorded):
        pass

    event = Lookalike(sample_id=1, amount=Decimal("1.00"), on=date(2025, 1, 1), note=None, tags=())
    with pytest.raises(UnknownEvent):
        ensure_registered(event)


def test_unregister_removes_the_event(sample_event: type[SampleRecorded]) -> None:
    event = SampleRecorded(sample_id=1, amount=Decimal("1.00"), on=date(2025, 1, 1), note=None, tags=())
    ensure_registered(event)
    unregister(SampleRecorded.name)
    with pytest.raises(UnknownEvent):
        ensure_registered(event)


def test_catalogued_event_payload_is_json_ready(sample_event: type[SampleRecorded]) -> None:
    event = SampleRecorded(
        sample_id=7, amount=Decimal("12.50"), on=date(2025, 12, 18), note=None, tags=("a", "b")
    )
    assert event.payload() == {
        "sample_id": 7,
        "amount": "12.50",
        "on": "2025-12-18",
        "note": None,
        "tags": ["a", "b"],
    }
    session = _FakeSession()
    with UnitOfWork(session) as uow:  # type: ignore[arg-type]
        uow.emit(event, user_id=5)
        assert session.added == []  # nothing is written before commit
        uow.commit()
    [message] = session.added
    assert isinstance(message, dict)
    assert message["event_type"] == "testing.sample.recorded"
    assert message["event_version"] == 3
    assert message["user_id"] == 5
    assert message["payload"] == event.payload()
    assert session.commits == 1


def test_payload_schema_names_types(sample_event: type[SampleRecorded]) -> None:
    schema = payload_schema(SampleRecorded)
    assert schema["version"] == 3
    assert schema["properties"] == {
        "sample_id": {"type": "integer"},
        "amount": {"type": "string(decimal)"},
        "on": {"type": "string(date)"},
        "note": {"type": "string | null"},
        "tags": {"type": "array of string"},
    }


def test_catalog_doc_lists_every_event(sample_event: type[SampleRecorded]) -> None:
    text = catalog_markdown({SampleRecorded.name: SampleRecorded})
    assert "## testing.sample.recorded" in text
    assert "Version 3." in text
    assert "| `note` | string \\| null |" in text


def test_events_doc_is_up_to_date() -> None:
    """lifeos/docs/EVENTS.md is generated: regenerate with `flask outbox catalog --write`."""
    import lifeos.registry  # noqa: F401 - every domain's events, as create_app loads them

    catalog = {name: cls for name, cls in CATALOG.items() if not name.startswith("testing.")}
    assert EVENTS_DOC.read_text(encoding="utf-8") == catalog_markdown(catalog), (
        "lifeos/docs/EVENTS.md is stale: run `flask --app lifeos outbox catalog --write`"
    )
