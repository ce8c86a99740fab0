"""People pages under /people: the same services as the JSON API, rendered as HTML.

/people shows the reconnect list (log a call in place: htmx swaps the list and the person
leaves it), upcoming birthdays and everyone, and adds a person; a person's page logs any kind
of interaction and lists them. Today gets two cards: people to reconnect with (log a call in
place) and birthdays this week.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from lifeos.domains.relationships import schemas as s
from lifeos.domains.relationships.services import interactions as interactions_svc
from lifeos.domains.relationships.services import lists as lists_svc
from lifeos.domains.relationships.services import people as people_svc
from lifeos.platform.auth.browser import login_required
from lifeos.platform.auth.guard import current_user_id
from lifeos.platform.clock import user_today
from lifeos.platform.errors import AppError
from lifeos.platform.http import parse
from lifeos.platform.uow import current_session, unit_of_work
from lifeos.web.filters import human_date
from lifeos.web.forms import MONTH_OPTIONS, FormErrors
from lifeos.web.today import today_card

bp = Blueprint("relationships_web", __name__, url_prefix="/people", template_folder="templates")

PERSON_FIELDS = (
    "name",
    "relationship_type",
    "importance",
    "cadence_days",
    "birthday_month",
    "birthday_day",
    "birthday_year",
    "tags",
    "notes",
)
INTERACTION_FIELDS = ("date", "method", "sentiment", "notes")
METHODS = [("call", "Call"), ("message", "Message"), ("meeting", "Meeting"), ("other", "Other")]
SENTIMENTS = [(2, "Very good"), (1, "Good"), (0, "Neutral"), (-1, "Difficult"), (-2, "Very difficult")]
IMPORTANCE = [(5, "5 · closest"), (4, "4"), (3, "3"), (2, "2"), (1, "1")]
MONTHS = MONTH_OPTIONS
DAYS = [(d, str(d)) for d in range(1, 32)]
BIRTHDAYS_WITHIN = 30  # days ahead on /people
SNOOZE_DAYS = 7
CARD_ITEMS = 5


def _is_htmx() -> bool:
    return request.headers.get("HX-Request") == "true"


def _number(value: str) -> int | str | None:
    """A number field: an int when it is one, else the text (the schema says what is wrong)."""
    if value == "":
        return None
    try:
        return int(value)
    except ValueError:
        return value


def _reconnect(limit: int = 100) -> s.ReconnectListOut:
    found = lists_svc.reconnect(current_session(), current_user_id(), user_today(), limit=limit)
    return s.ReconnectListOut.model_validate(found, from_attributes=True)


def _birthdays(within: int, limit: int = 100) -> s.BirthdayListOut:
    found = lists_svc.birthdays(current_session(), current_user_id(), user_today(), within, limit=limit)
    return s.BirthdayListOut.model_validate(found, from_attributes=True)


def _everyone() -> list[s.PersonOut]:
    items: list[s.PersonOut] = []
    cursor: str | None = None
    while True:
        page = people_svc.list_people(
            current_session(), current_user_id(), user_today(), limit=100, cursor=cursor
        )
        items.extend(s.PersonOut.model_validate(p, from_attributes=True) for p in page.items)
        cursor = page.next_cursor
        if cursor is None:
            return items


# ------------------------------------------------------------------------------ /people


def _people_page(
    *, new: dict[str, str] | None = None, errors: FormErrors | None = None, status: int = 200
) -> ResponseReturnValue:
    return (
        render_template(
            "relationships/people.html",
            section="people",
            title="People",
            reconnect=_reconnect(),
            birthdays=_birthdays(BIRTHDAYS_WITHIN),
            people=_everyone(),
            today=user_today(),
            new=new or {},
            errors=errors or FormErrors(),
            importance=IMPORTANCE,
            months=MONTHS,
            days=DAYS,
        ),
        status,
    )


@bp.get("")
@login_required
def people() -> ResponseReturnValue:
    """The reconnect list, birthdays in the next 30 days, and everyone."""
    return _people_page()


def _person_data(values: Mapping[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = {"name": values["name"], "tags": split_tags(values["tags"])}
    for key in ("relationship_type", "notes"):
        if values[key]:
            data[key] = values[key]
    for key in ("importance", "cadence_days"):
        if values[key]:
            data[key] = _number(values[key])
    if values["birthday_month"] or values["birthday_day"] or values["birthday_year"]:
        birthday = {
            "month": _number(values["birthday_month"]),
            "day": _number(values["birthday_day"]),
            "year": _number(values["birthday_year"]),
        }
        data["birthday"] = {k: v for k, v in birthday.items() if v is not None}
    return data


def split_tags(text: str) -> list[str]:
    """ "family, school friends" → ["family", "school friends"] (blanks dropped)."""
    return [tag.strip() for tag in text.split(",") if tag.strip()]


def _form_field(api_field: str) -> str:
    """An API error's field as the form names it: `birthday.month` → `birthday_month`, `tags[2]` → `tags`."""
    if api_field.startswith("tags"):
        return "tags"
    return api_field.replace("birthday.", "birthday_")


def _person_errors(exc: AppError) -> FormErrors:
    """The API's field names (`birthday.month`, `tags[0]`) as the form's."""
    renamed = [{**item, "field": _form_field(str(item.get("field") or ""))} for item in exc.errors]
    if any(item["field"] == "birthday" for item in renamed):  # the whole object: point at the month
        renamed = [{**i, "field": "birthday_month"} if i["field"] == "birthday" else i for i in renamed]
    clone = AppError(exc.detail, errors=renamed)
    return FormErrors.of(clone, known=PERSON_FIELDS)


@bp.post("")
@login_required
def create_person() -> ResponseReturnValue:
    values = {k: request.form.get(k, "").strip() for k in PERSON_FIELDS}
    try:
        body = parse(s.PersonIn, _person_data(values))
        with unit_of_work() as uow:
            person = people_svc.create_person(uow, current_user_id(), body.model_dump(), user_today())
    except AppError as exc:
        if exc.status >= 500 or exc.status in (401, 403):
            raise
        return _people_page(new=values, errors=_person_errors(exc), status=exc.status)
    flash(f"{person.name} added.", "success")
    return redirect(url_for(".person", person_id=person.id), 303)


# ------------------------------------------------------------------------------ one person


def _person_values(person: s.PersonOut) -> dict[str, str]:
    """A person as the edit form shows them."""
    birthday = person.birthday
    return {
        "name": person.name,
        "relationship_type": person.relationship_type or "",
        "importance": str(person.importance or ""),
        "cadence_days": str(person.cadence_days or ""),
        "birthday_month": str(birthday.month) if birthday else "",
        "birthday_day": str(birthday.day) if birthday else "",
        "birthday_year": str(birthday.year or "") if birthday else "",
        "tags": ", ".join(person.tags),
        "notes": person.notes or "",
    }


def _person_page(
    person_id: int,
    *,
    values: dict[str, str] | None = None,
    errors: FormErrors | None = None,
    edit: dict[str, str] | None = None,
    edit_errors: FormErrors | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    session, uid = current_session(), current_user_id()
    person = s.PersonOut.model_validate(
        people_svc.get_card(session, uid, person_id, user_today()), from_attributes=True
    )
    history = interactions_svc.list_interactions(session, uid, person_id, limit=50)
    return (
        render_template(
            "relationships/person.html",
            section="people",
            title=person.name,
            person=person,
            interactions=[s.InteractionOut.model_validate(i) for i in history.items],
            more=history.next_cursor is not None,
            values=values or {"date": user_today().isoformat(), "method": "call"},
            errors=errors or FormErrors(),
            methods=METHODS,
            sentiments=SENTIMENTS,
            month_names=dict(MONTHS),
            today=user_today(),
            edit=edit or _person_values(person),
            edit_errors=edit_errors or FormErrors(),
            importance=IMPORTANCE,
            months=MONTHS,
            days=DAYS,
        ),
        status,
    )


@bp.post("/<int:person_id>/edit")
@login_required
def update_person(person_id: int) -> ResponseReturnValue:
    """Change a person (`PATCH /people/{id}`'s schema and service); a blank field clears it."""
    values = {k: request.form.get(k, "").strip() for k in PERSON_FIELDS}
    data = _person_data(values)
    for key in ("relationship_type", "importance", "cadence_days", "birthday", "notes"):
        data.setdefault(key, None)
    try:
        body = parse(s.PersonPatch, data)
        changes = body.model_dump(include=body.model_fields_set)
        with unit_of_work() as uow:
            person = people_svc.update_person(uow, current_user_id(), person_id, changes, user_today())
    except AppError as exc:
        if exc.status >= 500 or exc.status in (401, 403, 404):
            raise
        return _person_page(person_id, edit=values, edit_errors=_person_errors(exc), status=exc.status)
    flash(f"{person.name} saved.", "success")
    return redirect(url_for(".person", person_id=person_id), 303)


@bp.get("/<int:person_id>")
@login_required
def person(person_id: int) -> ResponseReturnValue:
    """A person's card, the interaction form and their interactions, newest first."""
    return _person_page(person_id)


@bp.post("/<int:person_id>/interactions")
@login_required
def log_interaction(person_id: int) -> ResponseReturnValue:
    """Log an interaction (the API's schema and service). From the reconnect list or Today it
    is a one-button call, swapped in place with htmx; from the person's page, the full form."""
    # The form calls `method` "how": a field named "method" would shadow the form's own `method`.
    values = {k: request.form.get("how" if k == "method" else k, "").strip() for k in INTERACTION_FIELDS}
    where = request.form.get("from", "person")
    data: dict[str, Any] = {k: v for k, v in values.items() if v and k != "sentiment"}
    if values["sentiment"]:
        data["sentiment"] = _number(values["sentiment"])
    try:
        body = parse(s.InteractionIn, data)
        fields = body.model_dump()
        fields["date"] = body.date or user_today()
        with unit_of_work() as uow:
            interactions_svc.log_interaction(uow, current_user_id(), person_id, fields)
        name = people_svc.get_person(current_session(), current_user_id(), person_id).name
    except AppError as exc:
        if exc.status >= 500 or exc.status in (401, 403, 404) or where != "person":
            raise
        return _person_page(
            person_id, values=values, errors=FormErrors.of(exc, known=INTERACTION_FIELDS), status=exc.status
        )
    kind = dict(METHODS).get(body.method or "", "an interaction").lower()
    message = f"Logged {'a ' + kind if body.method else kind} with {name}."
    if _is_htmx() and where == "reconnect":
        return render_template("relationships/_reconnect.html", reconnect=_reconnect(), swapped=message)
    if _is_htmx() and where == "today":
        return render_template("relationships/_today_reconnect.html", ctx=_today_reconnect(), swapped=message)
    flash(message, "success")
    if where == "today":
        return redirect(url_for("web.today"), 303)
    if where == "reconnect":
        return redirect(url_for(".people", _anchor="reconnect"), 303)
    return redirect(url_for(".person", person_id=person_id), 303)


@bp.post("/<int:person_id>/snooze")
@login_required
def snooze(person_id: int) -> ResponseReturnValue:
    """Off the reconnect list for a week (`snoozed_until`, as `PATCH /people/{id}` sets it)."""
    until = user_today() + dt.timedelta(days=SNOOZE_DAYS)
    with unit_of_work() as uow:
        person = people_svc.update_person(
            uow, current_user_id(), person_id, {"snoozed_until": until}, user_today()
        )
    message = f"{person.name} is off the list until {human_date(until)}."
    if _is_htmx():
        return render_template("relationships/_reconnect.html", reconnect=_reconnect(), swapped=message)
    flash(message, "success")
    return redirect(url_for(".people", _anchor="reconnect"), 303)


# ------------------------------------------------------------------------------ Today


@today_card("people", "relationships/_today_reconnect.html", order=50)
def _today_reconnect() -> dict[str, Any]:
    listing = _reconnect(limit=CARD_ITEMS + 1)
    return {"items": listing.items[:CARD_ITEMS], "more": len(listing.items) > CARD_ITEMS}


@today_card("birthdays", "relationships/_today_birthdays.html", order=55)
def _today_birthdays() -> dict[str, Any]:
    listing = _birthdays(7, limit=CARD_ITEMS + 1)
    return {"items": listing.items[:CARD_ITEMS], "more": len(listing.items) > CARD_ITEMS}
