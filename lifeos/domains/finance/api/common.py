"""Helpers shared by the finance views: body parsing, the current user, paging."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from flask import request

from lifeos.domains.finance import schemas as s
from lifeos.domains.finance.account_types import ACCOUNT_TYPES
from lifeos.platform.auth.guard import current_user
from lifeos.platform.errors import MalformedJSON
from lifeos.platform.http import parse

TAGS_ACC, TAGS_JOURNAL, TAGS_REPORTS = ("finance: accounts",), ("finance: journal",), ("finance: reports",)
IDEMPOTENCY_HEADER = "Idempotency-Key"


def parse_json(model: type[s.Schema]) -> Any:
    """Parse the JSON body with numbers as Decimal from their text (never via float)."""
    raw = request.get_data(cache=True)
    data: Any = {}
    if raw:
        try:
            data = json.loads(raw, parse_float=Decimal, parse_constant=Decimal)
        except (ValueError, UnicodeDecodeError) as exc:
            raise MalformedJSON("The request body is not valid JSON.") from exc
    if not isinstance(data, dict):
        raise MalformedJSON("The request body must be a JSON object.")
    return parse(model, data)


def current_uid() -> int:
    return current_user().id


def user_today() -> date:
    tz_name = getattr(current_user(), "timezone", None) or "UTC"
    try:
        zone: Any = ZoneInfo(tz_name)
    except Exception:  # noqa: BLE001 - an unknown zone falls back to UTC
        zone = UTC
    return datetime.now(zone).date()


def render_page(page: Any, render: Any) -> dict[str, Any]:
    return {"items": [render(x) for x in page.items], "next_cursor": page.next_cursor}


def iso_date(d: date | None) -> str | None:
    return d.isoformat() if d else None


def type_dict(code: str) -> dict[str, Any]:
    t = ACCOUNT_TYPES[code]
    return {
        "code": t.code,
        "label": t.label,
        "normal_balance": t.normal_balance,
        "subtypes": [{"code": c, "label": label} for c, label in t.subtypes],
    }
