"""The Settings page: the person's time zone, the export of all their data, and domain sections.

The shell never imports a domain: a domain's views add a section with `settings_section`, the
way they add a Today card (lifeos/web/today.py). A section is a template fragment and a
function returning its context; its form posts to a route of the domain's own views.
"""

from __future__ import annotations

import json
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from lifeos.platform.auth.browser import login_required
from lifeos.platform.auth.guard import current_user
from lifeos.platform.auth.models import User
from lifeos.platform.auth.services import set_timezone
from lifeos.platform.errors import ValidationFailed
from lifeos.platform.export import ExportOut, export_user
from lifeos.platform.uow import current_session, unit_of_work
from lifeos.web.forms import FormErrors

SectionContext = Callable[[], dict[str, Any]]


@dataclass(frozen=True)
class SettingsSection:
    name: str
    template: str
    context: SectionContext
    order: int = 100


_SECTIONS: dict[str, SettingsSection] = {}


def settings_section(
    name: str, template: str, *, order: int = 100
) -> Callable[[SectionContext], SectionContext]:
    """Register `fn` as the context of a Settings section (re-registering a name replaces it)."""

    def decorate(fn: SectionContext) -> SectionContext:
        _SECTIONS[name] = SettingsSection(name, template, fn, order)
        return fn

    return decorate


def sections() -> list[SettingsSection]:
    """The registered sections in display order."""
    return sorted(_SECTIONS.values(), key=lambda s: s.order)


@cache
def time_zones() -> list[str]:
    return sorted(zoneinfo.available_timezones())


@cache
def zone_groups() -> list[tuple[str, list[str]]]:
    """The zones by region ("Europe", "America"…), for <optgroup>s; names without one under "Other"."""
    groups: dict[str, list[str]] = {}
    for name in time_zones():
        region = name.split("/", 1)[0] if "/" in name else "Other"
        groups.setdefault(region, []).append(name)
    return sorted(groups.items(), key=lambda item: (item[0] == "Other", item[0]))


bp = Blueprint("settings_web", __name__, url_prefix="/settings")


def _page(
    errors: FormErrors | None = None, timezone: str | None = None, status: int = 200
) -> ResponseReturnValue:
    user = current_user()
    rendered = [(section, section.context()) for section in sections()]
    return (
        render_template(
            "web/settings.html",
            section="settings",
            title="Settings",
            errors=errors or FormErrors(),
            timezone=timezone if timezone is not None else (user.timezone or "UTC"),
            zones=time_zones(),
            zone_groups=zone_groups(),
            sections=rendered,
        ),
        status,
    )


@bp.get("")
@login_required
def settings() -> ResponseReturnValue:
    return _page()


@bp.post("/timezone")
@login_required
def save_timezone() -> ResponseReturnValue:
    name = request.form.get("timezone", "").strip()
    try:
        with unit_of_work() as uow:
            user = uow.session.get(User, current_user().id)
            if user is None:  # deleted between sign-in check and now
                raise ValidationFailed("Your account is gone.")
            uow.run(lambda: set_timezone(user, name))
    except ValidationFailed as exc:
        return _page(FormErrors.of(exc, known=("timezone",)), name[:200], 422)
    flash(f"Time zone set to {name}. “Today” now follows it.", "success")
    return redirect(url_for(".settings"), 303)


@bp.get("/export")
@login_required
def export() -> ResponseReturnValue:
    """All of the person's data as a JSON download: the document `GET /api/v1/export` answers."""
    user = current_user()
    document = ExportOut.model_validate(export_user(current_session(), user)).model_dump(mode="json")
    day = document["exported_at"][:10]
    body = json.dumps(document, ensure_ascii=False, indent=1)
    response = Response(body, mimetype="application/json")
    response.headers["Content-Disposition"] = f'attachment; filename="lifeos-export-{day}.json"'
    return response
