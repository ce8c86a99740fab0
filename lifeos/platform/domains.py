"""What a domain hands the application: the one registration entry each domain exposes.

A domain's `domain.py` builds one `Domain`; `lifeos/registry.py` lists them, and `create_app`
walks that list. Importing a domain's models, events and subscribers modules is what puts its
tables in the metadata, its events in the catalog and its handlers in the subscriber registry,
so the entry holds those modules; blueprints and CLI groups are installed on the app.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from types import ModuleType

import click
from flask import Blueprint, Flask

from lifeos.platform.events import CATALOG, Event


@dataclass(frozen=True)
class Domain:
    """One domain: its name (the first part of its event names and its package name) and parts."""

    name: str
    models: ModuleType
    events: ModuleType
    subscribers: ModuleType | None = None
    blueprints: Sequence[Blueprint] = field(default_factory=tuple)
    cli: Sequence[click.Command] = field(default_factory=tuple)

    def install(self, app: Flask) -> None:
        """Register the domain's blueprints and CLI commands on the app."""
        for blueprint in self.blueprints:
            app.register_blueprint(blueprint)
        for command in self.cli:
            app.cli.add_command(command)

    def catalogued_events(self) -> dict[str, type[Event]]:
        """The catalog entries whose name starts with this domain's name."""
        return {name: cls for name, cls in CATALOG.items() if name.split(".", 1)[0] == self.name}

    def declared_events(self) -> list[type[Event]]:
        """The Event classes defined in the domain's events module."""
        return [
            obj
            for obj in vars(self.events).values()
            if isinstance(obj, type) and issubclass(obj, Event) and obj.__module__ == self.events.__name__
        ]
