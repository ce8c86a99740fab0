"""Where domain subscribers are wired to the outbox dispatcher.

The platform does not import domains directly: each domain that reacts to events ships a
`lifeos/domains/<domain>/subscribers.py`, found here with importlib. The catalog (every
domain's `events` module) is loaded first, so a subscriber may name any catalogued event.

`LIFEOS_EXTRA_SUBSCRIBERS` (comma-separated module paths) adds modules to import as well.
It is a test/ops hook: tests use it to give worker subprocesses their test subscribers.
"""

from __future__ import annotations

import importlib
import importlib.util
import os

from lifeos.platform.events import DOMAINS, load_catalog

EXTRA_SUBSCRIBERS_ENV = "LIFEOS_EXTRA_SUBSCRIBERS"


def register_subscribers() -> list[str]:
    """Import each domain's subscribers module so its handlers register; return the modules."""
    load_catalog()
    loaded: list[str] = []
    for domain in DOMAINS:
        module = f"lifeos.domains.{domain}.subscribers"
        if importlib.util.find_spec(module) is not None:
            importlib.import_module(module)
            loaded.append(module)
    for module in _extra_modules():
        importlib.import_module(module)
        loaded.append(module)
    return loaded


def _extra_modules() -> list[str]:
    raw = os.environ.get(EXTRA_SUBSCRIBERS_ENV, "")
    return [name.strip() for name in raw.split(",") if name.strip()]
