"""The forecast page /money/forecast: the projected balance, the schedule rows, scenarios, matching.

The same schemas and services as `/finance/schedule/...`: the view query is parsed with the
API's `ProjectionQuery`, a recurring row typed as a sentence ("every month on the last day,
−1,200.00 rent from Checking") becomes the API's `ScheduleRowIn`, and the projection, compare,
scenario and match services do the work. A 422 is shown beside the field it names (the API's
`day_of_month` is the sentence's "on", `recurrence` its "period"), and the form keeps what was
typed. Every form carries `next`, the page's own address, so the chosen days, floor, accounts
and scenario survive a post.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from pydantic import BaseModel
from werkzeug.datastructures import MultiDict

from lifeos.domains.finance.schemas import schedule as ss
from lifeos.domains.finance.services import accounts as accounts_svc
from lifeos.domains.finance.services.schedule import matches as matches_svc
from lifeos.domains.finance.services.schedule import matching
from lifeos.domains.finance.services.schedule import projection as projection_svc
from lifeos.domains.finance.services.schedule import rows as rows_svc
from lifeos.domains.finance.services.schedule import scenarios as scenarios_svc
from lifeos.domains.finance.services.schedule.common import get_row
from lifeos.domains.finance.views import bp
from lifeos.platform.auth.browser import login_required
from lifeos.platform.auth.guard import current_user_id
from lifeos.platform.clock import user_today
from lifeos.platform.errors import AppError, ValidationFailed
from lifeos.platform.http import parse
from lifeos.platform.uow import current_session, unit_of_work
from lifeos.web.filters import human_date, money
from lifeos.web.forms import FormErrors

M = TypeVar("M", bound=BaseModel)

MAX_PAGES = 20  # 100 a page: 2,000 rows or scenarios is plenty for one person
DAY_CHOICES = [(30, "30 days"), (90, "90 days"), (365, "1 year"), (730, "2 years")]
PERIODS = [
    ("month", "month(s)"),
    ("week", "week(s)"),
    ("year", "year(s)"),
    ("day", "day(s)"),
    ("once", "only once"),
]
WEEKDAYS = [
    (str(i), name)
    for i, name in enumerate(("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"))
]
ORDINALS = {"1": "1st", "2": "2nd", "3": "3rd", "4": "4th", "5": "5th", "-1": "last"}
MONTH_ON = (
    [("last", "the last day")]
    + [(str(d), f"day {d}") for d in range(1, 32)]
    + [(f"w{n}", f"the {text} (weekday)") for n, text in ORDINALS.items()]
)
WEEKEND_RULES = [
    ("keep", "keep the date"),
    ("previous_friday", "move to the Friday before"),
    ("next_monday", "move to the Monday after"),
]
ROW_FIELDS = (
    "every",
    "period",
    "on",
    "weekday",
    "amount",
    "memo",
    "account_id",
    "event_date",
    "until",
    "count",
    "weekend_rule",
    "amount_tolerance",
    "match_window_days",
)
# The API's field → the sentence's control.
ROW_RENAMES = {
    "recurrence": "period",
    "weekdays": "weekday",
    "day_of_month": "on",
    "month_week": "on",
}
CHANGE_FIELDS = ("op", "base_row_id", "amount", "event_date")
SCENARIO_FIELDS = ("name", "description")
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
ISO_DATE = re.compile(r"\b[12][0-9]{3}-[01][0-9]-[0-3][0-9]\b")


def _page(template: str, status: int = 200, **context: Any) -> ResponseReturnValue:
    context.setdefault("section", "money")
    context.setdefault("readable", _readable)
    return render_template(template, **context), status


def _readable(rule_text: str | None) -> str:
    """The API's reading of a rule with its ISO dates as a person reads them (Fri 27 Nov)."""
    return ISO_DATE.sub(lambda m: human_date(m.group(0)), rule_text or "")


def _form(names: tuple[str, ...]) -> dict[str, str]:
    return {n: request.form.get(n, "").strip()[:4001] for n in names}


def _amount_text(value: str) -> str:
    """What a person types as money, as the API reads it: −1,200.50 → -1200.50."""
    cleaned = value.replace(",", "").replace(" ", "").replace("\u00a0", "").strip()
    return cleaned.replace("\u2212", "-")


def _whole(text: str) -> int | str:
    """A whole number as the API's strict integer fields want it (else the text, for its 422)."""
    sign = -1 if text.startswith("-") else 1
    digits = text.removeprefix("-")
    return sign * int(digits) if digits.isdigit() and len(digits) < 8 else text


def _errors(exc: AppError, known: tuple[str, ...], renames: Mapping[str, str] | None = None) -> FormErrors:
    """The error's fields as the form names them; the rest go to the form's summary."""
    fields: dict[str, str] = {}
    loose: list[str] = []
    for item in exc.errors:
        name = str(item.get("field") or "")
        name = (renames or {}).get(name, name)
        message = str(item.get("message") or exc.detail)
        if name in known:
            fields.setdefault(name, message[:1].upper() + message[1:])
        else:
            loose.append(message if not name else f"{name}: {message}")
    summary = exc.detail if not loose else " ".join(dict.fromkeys([exc.detail, *loose]))
    return FormErrors(fields, summary)


def _parse(schema: type[M], data: dict[str, Any]) -> M:
    """`parse`, refusing text a database cannot store first (json_body does that for the API)."""
    bad = [k for k, v in data.items() if isinstance(v, str) and UNSTORABLE.search(v)]
    if bad:
        message = "must not contain NUL characters"
        raise ValidationFailed(
            "Some fields are invalid.", errors=[{"field": k, "message": message} for k in bad]
        )
    return parse(schema, data)


def _raise_unless_form_error(exc: AppError) -> None:
    if exc.status >= 500 or exc.status in (401, 403):
        raise exc


def _safe_next(target: str) -> str | None:
    """`target` when it is this page (any view of it), never another site or page."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or parts.path != url_for(".forecast") or "\\" in target:
        return None
    return target


def _back() -> str:
    """The forecast view a form was posted from (its days, floor, accounts and scenario)."""
    return _safe_next(request.form.get("next", "")) or url_for(".forecast")


def _here() -> str:
    """This view's address: the page's own on a GET; the view the form came from on a POST."""
    return _back() if request.method == "POST" else request.full_path.rstrip("?")


def _view_args() -> MultiDict[str, str]:
    """The view's query: the address's on a GET; the one of the view the form came from on a POST."""
    if request.method != "POST":
        return request.args
    return MultiDict(parse_qsl(urlsplit(_back()).query, keep_blank_values=True))


def _done(message: str, anchor: str) -> ResponseReturnValue:
    flash(message, "success")
    return redirect(f"{_back().split('#', 1)[0]}#{anchor}", 303)


# ------------------------------------------------------------------------------ reading


def _all_rows(today: date) -> list[rows_svc.RowView]:
    session, uid = current_session(), current_user_id()
    found: list[Any] = []
    cursor: str | None = None
    for _ in range(MAX_PAGES):
        page = rows_svc.list_rows(session, uid, account_id=None, limit=100, cursor=cursor)
        found.extend(page.items)
        cursor = page.next_cursor
        if cursor is None:
            break
    views = rows_svc.view_rows(session, uid, found, today)
    return sorted(views, key=lambda r: (r.next_date is None, r.next_date or date.max, r.id))


def _all_scenarios() -> list[scenarios_svc.ScenarioView]:
    session, uid = current_session(), current_user_id()
    found: list[Any] = []
    cursor: str | None = None
    for _ in range(MAX_PAGES):
        page = scenarios_svc.list_scenarios(session, uid, limit=100, cursor=cursor)
        found.extend(page.items)
        cursor = page.next_cursor
        if cursor is None:
            break
    return [scenarios_svc.view_scenario(session, uid, x) for x in found]


def _recent_matches(limit: int = 10) -> list[Any]:
    session, uid = current_session(), current_user_id()
    found: list[Any] = []
    cursor: str | None = None
    for _ in range(MAX_PAGES):
        page = matches_svc.list_matches(session, uid, row_id=None, limit=100, cursor=cursor)
        found.extend(m for m in page.items if m.status == matching.MATCHED)
        cursor = page.next_cursor
        if cursor is None:
            break
    return [ss.MatchOut.model_validate(m) for m in reversed(found[-limit:])]


def _accounts() -> list[tuple[int, str, str, str | None]]:
    """Active asset and liability accounts: (id, name, type, subtype), by name."""
    session, uid = current_session(), current_user_id()
    out: list[tuple[int, str, str, str | None]] = []
    cursor: str | None = None
    for _ in range(MAX_PAGES):
        page = accounts_svc.list_accounts(session, uid, active=True, limit=100, cursor=cursor)
        out.extend(
            (a.id, a.name, a.account_type, a.account_subtype)
            for a in page.items
            if a.account_type in ("asset", "liability")
        )
        cursor = page.next_cursor
        if cursor is None:
            break
    return out


def _view_query() -> tuple[ss.ProjectionQuery, FormErrors, dict[str, Any]]:
    """The view's days, floor, accounts and scenario, parsed with the API's ProjectionQuery."""
    args = _view_args()
    chosen = [a for a in args.getlist("account") if a]
    shown: dict[str, Any] = {
        "days": args.get("days", "").strip()[:8],
        "floor": args.get("floor", "").strip()[:24],
        "scenario": args.get("scenario", "").strip()[:12],
        "accounts": chosen[:50],
    }
    data: dict[str, Any] = {}
    if shown["days"]:
        data["days"] = _whole(shown["days"])
    if shown["floor"]:
        data["floor"] = _amount_text(shown["floor"])
    if shown["scenario"]:
        data["scenario"] = _whole(shown["scenario"])
    if chosen:
        data["accounts"] = ",".join(chosen[:50])
    known = ("days", "floor", "scenario", "accounts")
    try:
        return _parse(ss.ProjectionQuery, data), FormErrors(), shown
    except ValidationFailed as exc:
        errors = _errors(exc, known)
        clean = {k: v for k, v in data.items() if k not in errors.fields}
        try:
            return _parse(ss.ProjectionQuery, clean), errors, shown
        except ValidationFailed:
            return _parse(ss.ProjectionQuery, {}), errors, shown


def _chart_days(series: list[Any]) -> list[str]:
    return [d.date.isoformat() for d in series]


def _base_chart(result: projection_svc.Projection) -> dict[str, Any]:
    """The projected balance as the chart macro wants it, with the low point and the floor."""
    low = result.lowest
    return {
        "x": _chart_days(result.series),
        "series": [
            {
                "label": "Balance",
                "values": [str(d.balance) for d in result.series],
                "display": [money(d.balance) for d in result.series],
                "decimals": 2,
                "style": "area",
                "color": "1",
            }
        ],
        "markers": [{"x": low.date.isoformat(), "y": str(low.balance), "label": f"Low {money(low.balance)}"}],
        "hlines": [{"y": str(result.floor), "label": f"Floor {money(result.floor)}"}]
        if result.floor is not None
        else [],
    }


def _compare_chart(comparison: projection_svc.Comparison, name: str) -> dict[str, Any]:
    la, lb = comparison.lowest_a, comparison.lowest_b
    days = comparison.series
    return {
        "x": [d.date.isoformat() for d in days],
        "series": [
            {
                "label": "Base",
                "values": [str(d.a) for d in days],
                "display": [money(d.a) for d in days],
                "decimals": 2,
                "color": "1",
            },
            {
                "label": name,
                "values": [str(d.b) for d in days],
                "display": [money(d.b) for d in days],
                "decimals": 2,
                "color": "2",
                "style": "dashed",
            },
        ],
        "markers": [
            {"x": la.date.isoformat(), "y": str(la.balance), "label": f"Base low {money(la.balance)}"},
            {"x": lb.date.isoformat(), "y": str(lb.balance), "label": f"{name} low {money(lb.balance)}"},
        ],
        "difference": {
            "label": "Difference",
            "values": [str(d.difference) for d in days],
            "display": [money(d.difference) for d in days],
            "decimals": 2,
            "color": "3",
            "style": "area",
        },
    }


def _overdue(result: projection_svc.Projection, rows: list[rows_svc.RowView]) -> list[dict[str, Any]]:
    """Overdue occurrences nobody matched, each with the postings that could pay it."""
    session, uid = current_session(), current_user_id()
    by_id = {r.id: r for r in rows}
    out = []
    for due in result.overdue[:20]:
        if due.row_id is None or due.row_id not in by_id:
            continue
        lines = matching.candidates_for(session, uid, due.row_id, due.occurrence_date)
        key = f"{due.row_id}-{due.occurrence_date.isoformat()}"
        out.append({"key": key, "due": due, "row": by_id[due.row_id], "candidates": lines})
    return out


def _blank_row(accounts: list[tuple[int, str, str, str | None]], defaults: list[int]) -> dict[str, str]:
    first = next((str(a[0]) for a in accounts if a[0] in defaults), str(accounts[0][0]) if accounts else "")
    return {
        "every": "1",
        "period": "month",
        "on": "last",
        "weekday": "",
        "amount": "",
        "memo": "",
        "account_id": first,
        "event_date": user_today().isoformat(),
        "until": "",
        "count": "",
        "weekend_rule": "keep",
        "amount_tolerance": "0.00",
        "match_window_days": "3",
    }


def _forecast_page(
    *,
    new_row: Mapping[str, str] | None = None,
    row_errors: FormErrors | None = None,
    scenario_form: Mapping[str, Any] | None = None,
    op_form: Mapping[str, Any] | None = None,
    match_form: Mapping[str, Any] | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    session, uid, today = current_session(), current_user_id(), user_today()
    query, view_errors, shown = _view_query()
    floor = Decimal(query.floor).quantize(Decimal("0.01")) if query.floor is not None else None
    account_ids = [int(a) for a in query.accounts.split(",")] if query.accounts else None
    scenarios = _all_scenarios()
    scenario = next((x for x in scenarios if x.id == query.scenario), None)
    if query.scenario is not None and scenario is None:
        view_errors.fields["scenario"] = "No such scenario"
    try:
        result = projection_svc.build(
            session, uid, today, days=query.days, account_ids=account_ids, floor=floor
        )
    except AppError as exc:
        view_errors = _errors(exc, ("days", "floor", "scenario", "accounts"))
        account_ids = None
        result = projection_svc.build(session, uid, today, days=query.days, floor=floor)
    comparison = None
    if scenario is not None:
        model = scenarios_svc.get_scenario(session, uid, scenario.id)
        compared = projection_svc.compare(
            session, uid, today, a=None, b=model, days=query.days, account_ids=account_ids
        )
        comparison = {"result": compared, "chart": _compare_chart(compared, scenario.name)}
    accounts = _accounts()
    defaults = projection_svc.default_accounts(session, uid)
    rows = _all_rows(today)
    names = {a[0]: a[1] for a in accounts}
    names.update({r.account_id: r.account_name or f"#{r.account_id}" for r in rows})
    return _page(
        "finance/forecast.html",
        422 if view_errors and status == 200 else status,
        title="Forecast",
        page="forecast",
        today=today,
        query=query,
        shown=shown,
        view_errors=view_errors,
        result=result,
        base_chart=_base_chart(result),
        chosen_accounts=set(result.account_ids),
        comparison=comparison,
        scenario=scenario,
        scenarios=scenarios,
        scenario_choices=[("", "None"), *((x.id, x.name) for x in scenarios)],
        rows=rows,
        rows_by_id={r.id: r for r in rows},
        account_names=names,
        accounts=accounts,
        account_options=[(a[0], f"{a[1]} ({a[2]})") for a in accounts],
        row_options=[
            (r.id, f"{r.memo or 'Row #' + str(r.id)}: {money(r.amount)}, {_readable(r.description)}")
            for r in rows
        ],
        overdue=_overdue(result, rows),
        matches=_recent_matches(),
        new_row=new_row or _blank_row(accounts, defaults),
        blank_row=_blank_row(accounts, defaults),
        view_url=lambda scenario_id: _view_url(query, shown, scenario_id),
        row_errors=row_errors or FormErrors(),
        scenario_form=scenario_form or {},
        op_form=op_form or {},
        match_form=match_form or {},
        day_choices=DAY_CHOICES,
        back=_here(),
        **_row_choices(),
    )


def _view_url(query: ss.ProjectionQuery, shown: Mapping[str, Any], scenario_id: int | None) -> str:
    """This view with another scenario switched on (None: off)."""
    return url_for(
        ".forecast",
        days=query.days,
        floor=shown["floor"] or None,
        account=shown["accounts"] or None,
        scenario=scenario_id,
    )


def _row_choices(current_weekday: str = "") -> dict[str, Any]:
    weekdays = list(WEEKDAYS)
    if "," in current_weekday:  # a row made through the API on several weekdays keeps them
        names = dict(WEEKDAYS)
        text = " and ".join(names.get(p, p) for p in current_weekday.split(","))
        weekdays.append((current_weekday, text))
    return {
        "periods": PERIODS,
        "weekdays": [("", "the start date's weekday"), *weekdays],
        "month_on": MONTH_ON,
        "weekend_rules": WEEKEND_RULES,
    }


@bp.get("/forecast")
@login_required
def forecast() -> ResponseReturnValue:
    """The projected balance, the schedule rows, scenarios as overlays, and matching."""
    return _forecast_page()


# ------------------------------------------------------------------------------ rows


def _rule_body(values: Mapping[str, str]) -> dict[str, Any]:
    """The sentence's period, on and weekday as the API's recurrence fields."""
    period = values.get("period") or "month"
    on, weekday = values.get("on") or "last", values.get("weekday") or ""
    days = [_whole(p) for p in weekday.split(",") if p] or None
    data: dict[str, Any] = {"weekend_rule": values.get("weekend_rule") or "keep"}
    if period != "once":
        data["every"] = _whole(values.get("every") or "1")
        if values.get("until"):
            data["until"] = values["until"]
        if values.get("count"):
            data["count"] = _whole(values["count"])
    simple = {"once": "once", "day": "daily", "year": "yearly"}
    if period in simple:
        data["recurrence"] = simple[period]
    elif period == "week":
        data.update(recurrence="weekly", weekdays=days)
    elif period != "month":
        data["recurrence"] = period  # not a choice offered: the schema's 422 names it
    elif on == "last":
        data["recurrence"] = "monthly_last"
    elif on.startswith("w"):
        start = _date_or_none(values.get("event_date", ""))
        if days is None and start is not None:
            days = [start.weekday()]
        data.update(recurrence="monthly_weekday", weekdays=days, month_week=_whole(on[1:]))
    else:
        data.update(recurrence="monthly_day", day_of_month=_whole(on))
    return data


def _date_or_none(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _row_body(values: Mapping[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "event_date": values["event_date"],
        "memo": values["memo"] or None,
        "amount_tolerance": _amount_text(values["amount_tolerance"] or "0"),
        "match_window_days": _whole(values["match_window_days"] or "3"),
        **_rule_body(values),
    }
    if values["account_id"]:
        data["account_id"] = _whole(values["account_id"])
    if _amount_text(values["amount"]):
        data["amount"] = _amount_text(values["amount"])
    return data


def _row_values(row: rows_svc.RowView) -> dict[str, str]:
    """A row as the sentence form shows it (the reverse of `_rule_body`)."""
    period = {
        "once": "once",
        "daily": "day",
        "weekly": "week",
        "yearly": "year",
    }.get(row.recurrence, "month")
    on = "last"
    if row.recurrence == "monthly_day":
        on = str(row.day_of_month or row.event_date.day)
    elif row.recurrence == "monthly_weekday":
        nth = row.month_week if row.month_week is not None else (row.event_date.day - 1) // 7 + 1
        on = f"w{nth}"
    return {
        "every": str(row.every),
        "period": period,
        "on": on,
        "weekday": ",".join(str(d) for d in row.weekdays),
        "amount": money(row.amount).replace("\u2212", "-"),
        "memo": row.memo or "",
        "account_id": str(row.account_id),
        "event_date": row.event_date.isoformat(),
        "until": row.until.isoformat() if row.until else "",
        "count": str(row.count) if row.count else "",
        "weekend_rule": row.weekend_rule,
        "amount_tolerance": f"{row.amount_tolerance:.2f}",
        "match_window_days": str(row.match_window_days),
    }


def _row_says(row: Any) -> str:
    """E.g. "rent: −1,200.00, every month on the last day, from …" (the API's reading of the rule)."""
    view = rows_svc.view_rows(current_session(), current_user_id(), [row], user_today())[0]
    return f"{row.memo or 'a payment'}: {money(row.amount)}, {_readable(view.description)}"


@bp.post("/forecast/rows")
@login_required
def create_schedule_row() -> ResponseReturnValue:
    """Add a row (`POST /finance/schedule/rows`'s schema and service)."""
    values = _form(ROW_FIELDS)
    try:
        body = _parse(ss.ScheduleRowIn, _row_body(values))
        with unit_of_work() as uow:
            row = rows_svc.create_row(uow, current_user_id(), user_today(), body.model_dump())
            said, row_id = _row_says(row), row.id
    except AppError as exc:
        _raise_unless_form_error(exc)
        errors = _errors(exc, ROW_FIELDS, ROW_RENAMES)
        return _forecast_page(new_row=values, row_errors=errors, status=exc.status)
    return _done(f"Added {said}.", f"row-{row_id}")


def _edit_page(
    row_id: int, values: Mapping[str, str] | None = None, errors: FormErrors | None = None, status: int = 200
) -> ResponseReturnValue:
    session, uid, today = current_session(), current_user_id(), user_today()
    row = rows_svc.view_rows(session, uid, [get_row(session, uid, row_id)], today)[0]
    shown = dict(values or _row_values(row))
    accounts = _accounts()
    options = [(a[0], f"{a[1]} ({a[2]})") for a in accounts]
    if row.account_id not in {a[0] for a in accounts}:
        options.append((row.account_id, row.account_name or f"Account #{row.account_id}"))
    return _page(
        "finance/forecast_row.html",
        status,
        title="Edit schedule row",
        page="forecast",
        row=row,
        values=shown,
        errors=errors or FormErrors(),
        account_options=options,
        back=_back()
        if request.method == "POST"
        else _safe_next(request.args.get("next", "")) or url_for(".forecast"),
        **_row_choices(shown.get("weekday", "")),
    )


@bp.get("/forecast/rows/<int:row_id>/edit")
@login_required
def edit_schedule_row(row_id: int) -> ResponseReturnValue:
    return _edit_page(row_id)


@bp.post("/forecast/rows/<int:row_id>")
@login_required
def update_schedule_row(row_id: int) -> ResponseReturnValue:
    """Change a row: the whole sentence is sent, so the row becomes exactly what it reads."""
    current = get_row(current_session(), current_user_id(), row_id).account_id  # another's row: 404 first
    values = _form(ROW_FIELDS)
    try:
        body = _parse(ss.ScheduleRowIn, _row_body(values))
        changes = body.model_dump()
        if changes["account_id"] == current:
            del changes["account_id"]  # unchanged: a row on a since-deactivated account stays editable
        with unit_of_work() as uow:
            row = rows_svc.update_row(uow, current_user_id(), row_id, user_today(), changes)
            said = _row_says(row)
    except AppError as exc:
        _raise_unless_form_error(exc)
        return _edit_page(row_id, values, _errors(exc, ROW_FIELDS, ROW_RENAMES), exc.status)
    return _done(f"Saved {said}.", f"row-{row_id}")


@bp.post("/forecast/rows/<int:row_id>/delete")
@login_required
def delete_schedule_row(row_id: int) -> ResponseReturnValue:
    """Delete a row with its matches and the scenario changes naming it."""
    row = get_row(current_session(), current_user_id(), row_id)
    what = row.memo or f"row #{row_id}"
    with unit_of_work() as uow:
        rows_svc.delete_row(uow, current_user_id(), row_id, user_today())
    return _done(f"Deleted {what}.", "schedule-rows")


# ------------------------------------------------------------------------------ scenarios


@bp.post("/forecast/scenarios")
@login_required
def create_scenario() -> ResponseReturnValue:
    values = _form(SCENARIO_FIELDS)
    try:
        body = _parse(ss.ScenarioIn, {"name": values["name"], "description": values["description"] or None})
        with unit_of_work() as uow:
            made = scenarios_svc.create_scenario(uow, current_user_id(), body.name, body.description)
            made_id, name = made.id, made.name
    except AppError as exc:
        _raise_unless_form_error(exc)
        form = {"values": values, "errors": _errors(exc, SCENARIO_FIELDS)}
        return _forecast_page(scenario_form=form, status=exc.status)
    return _done(f"Scenario “{name}” created: add changes to it below.", f"scenario-{made_id}")


@bp.post("/forecast/scenarios/<int:scenario_id>/delete")
@login_required
def delete_scenario(scenario_id: int) -> ResponseReturnValue:
    found = scenarios_svc.get_scenario(current_session(), current_user_id(), scenario_id)
    name = found.name
    with unit_of_work() as uow:
        scenarios_svc.delete_scenario(uow, current_user_id(), scenario_id)
    return _done(f"Scenario “{name}” deleted; the schedule is untouched.", "scenarios")


@bp.post("/forecast/scenarios/<int:scenario_id>/add")
@login_required
def add_scenario_row(scenario_id: int) -> ResponseReturnValue:
    """Add a whole row to the scenario (op `add`), typed as the same sentence."""
    scenarios_svc.get_scenario(current_session(), current_user_id(), scenario_id)
    values = _form(ROW_FIELDS)
    data = {k: v for k, v in _row_body(values).items() if k not in ("amount_tolerance", "match_window_days")}
    try:
        body = _parse(ss.ScenarioRowIn, {"op": "add", **data})
        with unit_of_work() as uow:
            scenarios_svc.add_op(uow, current_user_id(), scenario_id, body.model_dump())
    except AppError as exc:
        _raise_unless_form_error(exc)
        form = {
            "id": scenario_id,
            "kind": "add",
            "values": values,
            "errors": _errors(exc, ROW_FIELDS, ROW_RENAMES),
        }
        return _forecast_page(op_form=form, status=exc.status)
    return _done("Added to the scenario.", f"scenario-{scenario_id}")


@bp.post("/forecast/scenarios/<int:scenario_id>/change")
@login_required
def change_in_scenario(scenario_id: int) -> ResponseReturnValue:
    """Change a schedule row's amount or date in the scenario, or drop it (ops change/drop)."""
    scenarios_svc.get_scenario(current_session(), current_user_id(), scenario_id)
    values = _form(CHANGE_FIELDS)
    op = values["op"] or "change"
    data: dict[str, Any] = {"op": op}
    if values["base_row_id"]:
        data["base_row_id"] = _whole(values["base_row_id"])
    if op != "drop":
        if _amount_text(values["amount"]):
            data["amount"] = _amount_text(values["amount"])
        if values["event_date"]:
            data["event_date"] = values["event_date"]
    try:
        body = _parse(ss.ScenarioRowIn, data)
        sent = {name: getattr(body, name) for name in body.model_fields_set}
        with unit_of_work() as uow:
            scenarios_svc.add_op(uow, current_user_id(), scenario_id, {**sent, "op": body.op})
    except AppError as exc:
        _raise_unless_form_error(exc)
        errors = _errors(exc, CHANGE_FIELDS)
        if exc.status == 404 and not errors.fields:
            errors = FormErrors({"base_row_id": exc.detail})
        form = {"id": scenario_id, "kind": "change", "values": values, "errors": errors}
        return _forecast_page(op_form=form, status=exc.status)
    return _done(
        "Dropped from the scenario." if op == "drop" else "Change added to the scenario.",
        f"scenario-{scenario_id}",
    )


@bp.post("/forecast/scenarios/<int:scenario_id>/rows/<int:op_id>/delete")
@login_required
def delete_scenario_row(scenario_id: int, op_id: int) -> ResponseReturnValue:
    with unit_of_work() as uow:
        scenarios_svc.delete_op(uow, current_user_id(), scenario_id, op_id)
    return _done("Removed from the scenario.", f"scenario-{scenario_id}")


# ------------------------------------------------------------------------------ matching


@bp.post("/forecast/matches")
@login_required
def match_occurrence() -> ResponseReturnValue:
    """Match an overdue occurrence to a posting by hand (`POST /finance/schedule/matches`)."""
    values = _form(("row_id", "occurrence_date", "journal_line_id"))
    data = {
        "row_id": _whole(values["row_id"]),
        "occurrence_date": values["occurrence_date"],
    }
    if values["journal_line_id"]:
        data["journal_line_id"] = _whole(values["journal_line_id"])
    try:
        body = _parse(ss.MatchIn, data)
        with unit_of_work() as uow:
            matches_svc.manual_match(
                uow, current_user_id(), user_today(), body.row_id, body.occurrence_date, body.journal_line_id
            )
    except AppError as exc:
        _raise_unless_form_error(exc)
        errors = _errors(exc, ("journal_line_id",))
        if not errors.fields:
            errors = FormErrors({"journal_line_id": errors.message or exc.detail})
        form = {"key": f"{values['row_id']}-{values['occurrence_date']}", "errors": errors}
        return _forecast_page(match_form=form, status=exc.status)
    when = human_date(body.occurrence_date)
    return _done(f"Matched the payment due {when}; it no longer counts in the forecast.", "matching")


@bp.post("/forecast/matches/<int:match_id>/delete")
@login_required
def unmatch_occurrence(match_id: int) -> ResponseReturnValue:
    """Unmatch: the occurrence counts again and the automatic matcher leaves it alone."""
    with unit_of_work() as uow:
        matches_svc.unmatch(uow, current_user_id(), user_today(), match_id)
    return _done("Unmatched: the payment counts in the forecast again.", "matching")
