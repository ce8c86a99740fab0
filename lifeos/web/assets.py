"""Static assets: LifeOS's own files under /assets, and the npm packages under /assets/vendor.

Front-end packages are declared with exact versions in the project's `package.json` (installed
by `npm ci` from `scripts/run` and `scripts/test`) and served from `node_modules/` by the app
itself, never from a CDN. Only the files listed in `VENDOR_FILES` are reachable. URLs carry a
version (`?v=`: the package's version, or a hash of one of our files), so browsers may cache
them for a year and still see a new release at once.
"""

from __future__ import annotations

import hashlib
import json
import logging
from functools import cache
from pathlib import Path

from flask import Blueprint, abort, request, send_file, url_for
from flask.typing import ResponseReturnValue

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / "node_modules"
STATIC = Path(__file__).resolve().parent / "static"
ONE_YEAR = 365 * 24 * 3600

# URL name → (npm package, file inside the package)
VENDOR_FILES: dict[str, tuple[str, str]] = {
    "htmx.min.js": ("htmx.org", "dist/htmx.min.js"),
    "uPlot.iife.min.js": ("uplot", "dist/uPlot.iife.min.js"),
    "uPlot.min.css": ("uplot", "dist/uPlot.min.css"),
}


class AssetsBlueprint(Blueprint):
    """A blueprint whose static files are cached for a year when the URL names their version."""

    def get_send_file_max_age(self, filename: str | None) -> int | None:
        return ONE_YEAR if request.args.get("v") else None


@cache
def package_version(package: str) -> str | None:
    """The installed version of an npm package (None when node_modules lacks it)."""
    try:
        data = json.loads((NODE_MODULES / package / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    version = data.get("version")
    return version if isinstance(version, str) else None


@cache
def _file_hash(filename: str) -> str:
    try:
        return hashlib.sha256((STATIC / filename).read_bytes()).hexdigest()[:10]
    except OSError:
        return "0"


def asset_url(filename: str) -> str:
    """URL of one of LifeOS's own static files, versioned by its content."""
    return url_for("web.static", filename=filename, v=_file_hash(filename))


def vendor_url(name: str) -> str:
    """URL of a file of an npm package, versioned by the package's version."""
    package, _ = VENDOR_FILES[name]
    return url_for("web.vendor", name=name, v=package_version(package) or "missing")


def vendor(name: str) -> ResponseReturnValue:
    """Serve one listed file of an installed npm package."""
    if name not in VENDOR_FILES:
        abort(404)
    package, inner = VENDOR_FILES[name]
    path = NODE_MODULES / package / inner
    if not path.is_file():
        log.warning("front-end package %s is not installed (run `npm ci`)", package)
        abort(404)
    versioned = request.args.get("v") == package_version(package)
    return send_file(path, max_age=ONE_YEAR if versioned else 0)


def check_installed() -> list[str]:
    """The npm packages the pages need that are missing from node_modules (logged once)."""
    missing = sorted(
        {pkg for pkg, inner in VENDOR_FILES.values() if not (NODE_MODULES / pkg / inner).is_file()}
    )
    if missing:
        log.warning("front-end packages missing from node_modules: %s (run `npm ci`)", ", ".join(missing))
    return missing
