"""Domain events and the catalog: every event name, its version and payload schema.

Events are small frozen dataclasses named in the past tense. Registering one in the
catalog is what allows it to be emitted; emitting an unregistered event raises.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, ClassVar

CATALOG: dict[str, type[Event]] = {}


class UnknownEvent(RuntimeError):
    """An event was emitted that the catalog does not list."""


@dataclass(frozen=True)
class Event:
    """Base class: subclasses set `name` (domain.resource.action) and `version`."""

    name: ClassVar[str] = ""
    version: ClassVar[int] = 1

    def payload(self) -> dict[str, Any]:
        """The JSON payload stored in the outbox."""
        return {f.name: _jsonable(getattr(self, f.name)) for f in dataclasses.fields(self)}


def register(cls: type[Event]) -> type[Event]:
    """Class decorator adding an event to the catalog."""
    if not cls.name or cls.name.count(".") != 2:
        raise ValueError(f"event name must be domain.resource.action, got {cls.name!r}")
    existing = CATALOG.get(cls.name)
    if existing is not None and existing is not cls:
        raise ValueError(f"event {cls.name} registered twice")
    CATALOG[cls.name] = cls
    return cls


def ensure_registered(event: Event) -> None:
    """Refuse events that are not in the catalog (or are not the catalogued class)."""
    if CATALOG.get(event.name) is not type(event):
        raise UnknownEvent(f"event {event.name!r} is not in the catalog")


def payload_schema(cls: type[Event]) -> dict[str, Any]:
    """JSON-schema-ish description of an event's payload, for the docs."""
    props = {}
    for f in dataclasses.fields(cls):
        props[f.name] = {"type": _type_name(f.type)}
    return {"name": cls.name, "version": cls.version, "doc": (cls.__doc__ or "").strip(), "properties": props}


def _type_name(tp: Any) -> str:
    text = tp if isinstance(tp, str) else getattr(tp, "__name__", str(tp))
    return {
        "int": "integer",
        "str": "string",
        "Decimal": "string(decimal)",
        "date": "string(date)",
        "datetime": "string(date-time)",
        "bool": "boolean",
    }.get(text, text)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value
