"""Journal pages under /journal: the same services as the JSON API, rendered as HTML.

The timeline (newest first, paged) with the API's filters and its full-text search (matches
highlighted by the search service), "on this day", and a Markdown form to write or edit an
entry with a preview rendered by the same markdown-it + nh3 path as the API's `body_html`.
Forms are parsed with the API's request schemas, so a 422 names the same fields.
"""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from lifeos.domains.journal import schemas as s
from lifeos.domains.journal.services import entries as svc
from lifeos.domains.journal.text import excerpt, plain_text, render_markdown
from lifeos.platform.auth.browser import login_required
from lifeos.platform.auth.guard import current_user_id
from lifeos.platform.clock import user_today
from lifeos.platform.errors import AppError, ValidationFailed
from lifeos.platform.http import parse
from lifeos.platform.uow import current_session, unit_of_work
from lifeos.web.forms import FormErrors
from lifeos.web.today import today_card

bp = Blueprint("journal_web", __name__, url_prefix="/journal", template_folder="templates")

FILTERS = ("q", "from", "to", "mood_min", "mood_max", "tag", "cursor")
ENTRY_FIELDS = ("title", "body", "mood", "tags", "entry_date", "is_private")
PAGE_SIZE = 20
MOOD_WORDS = (
    "awful",
    "awful",
    "low",
    "low",
    "meh",
    "okay",
    "fine",
    "good",
    "good",
    "great",
    "great",
)  # −5 … 5


def mood_label(mood: int | None) -> str:
    """`3` → `+3 · good`, `-2` → `−2 · low` (a real minus sign)."""
    if mood is None:
        return ""
    word = MOOD_WORDS[max(s.MOOD_MIN, min(s.MOOD_MAX, mood)) - s.MOOD_MIN]
    number = f"{mood:+d}".replace("-", "\u2212") if mood else "0"
    return f"{number} · {word}"


MOOD_OPTIONS = [(m, mood_label(m)) for m in range(s.MOOD_MAX, s.MOOD_MIN - 1, -1)]


def _page(template: str, status: int = 200, **context: Any) -> ResponseReturnValue:
    context.setdefault("section", "journal")
    context.setdefault("mood_label", mood_label)
    return render_template(template, **context), status


def _filters() -> tuple[s.EntryListQuery, FormErrors, dict[str, str]]:
    """The timeline's query parsed with the API's schema; bad values become field errors."""
    raw = {n: request.args[n].strip() for n in FILTERS if request.args.get(n, "").strip()}
    try:
        return parse(s.EntryListQuery, {**raw, "limit": PAGE_SIZE}), FormErrors(), raw
    except ValidationFailed as exc:
        errors = FormErrors.of(exc, known=FILTERS)
        clean = {k: v for k, v in raw.items() if k not in errors.fields and k != "cursor"}
        try:
            return parse(s.EntryListQuery, {**clean, "limit": PAGE_SIZE}), errors, raw
        except ValidationFailed:
            return parse(s.EntryListQuery, {"limit": PAGE_SIZE}), errors, raw


@bp.get("")
@login_required
def timeline() -> ResponseReturnValue:
    """Entries newest first, filtered and searched like `GET /journal/entries`; on this day."""
    query, errors, raw = _filters()
    session, uid = current_session(), current_user_id()
    try:
        page = svc.list_entries(
            session,
            uid,
            q=query.q,
            date_from=query.from_,
            date_to=query.to,
            mood_min=query.mood_min,
            mood_max=query.mood_max,
            tag=query.tag,
            limit=query.limit,
            cursor=query.cursor,
        )
    except AppError as exc:  # contradicting filters, a forged cursor
        if exc.status >= 500:
            raise
        errors = FormErrors.of(exc, known=FILTERS)
        page = svc.list_entries(session, uid, limit=query.limit)
    listing = s.EntryListOut.model_validate({"items": page.items, "next_cursor": page.next_cursor})
    today = user_today()
    day = svc.on_this_day(session, uid, today, limit=5)
    keep = {k: v for k, v in raw.items() if k != "cursor"}
    return _page(
        "journal/timeline.html",
        422 if errors else 200,
        title="Journal",
        listing=listing,
        query=query,
        raw=raw,
        keep=keep,
        filtered=bool(keep),
        errors=errors,
        on_this_day=[s.OnThisDayItemOut.model_validate(item) for item in day.items],
        today=today,
        moods=MOOD_OPTIONS,
        teaser=_teaser,
    )


def _teaser(body: str) -> str:
    """The start of an entry's text for the timeline (plain text; the entry page shows it all)."""
    text = plain_text(body)
    return excerpt(text, 280) if text else ""


# ------------------------------------------------------------------------------ one entry


@bp.get("/<int:entry_id>")
@login_required
def entry(entry_id: int) -> ResponseReturnValue:
    found = s.EntryOut.model_validate(svc.get_entry(current_session(), current_user_id(), entry_id))
    return _page("journal/entry.html", title=found.title or found.entry_date.isoformat(), entry=found)


def _form_values() -> dict[str, Any]:
    form = request.form
    return {
        "title": form.get("title", "").strip(),
        "body": form.get("body", "").replace("\r\n", "\n"),
        "mood": form.get("mood", "").strip(),
        "tags": form.get("tags", "").strip(),
        "entry_date": form.get("entry_date", "").strip(),
        "is_private": form.get("is_private") == "1",
    }


def _payload(values: dict[str, Any]) -> dict[str, Any]:
    """The form as the API's JSON body (tags comma-separated, mood a whole number)."""
    mood: Any = values["mood"] or None
    if mood is not None:
        with suppress(ValueError):  # not a number: the schema names the field
            mood = int(mood)
    tags = [t.strip() for t in values["tags"].split(",") if t.strip()]
    return {
        "title": values["title"] or None,
        "body": values["body"],
        "mood": mood,
        "tags": tags,
        "entry_date": values["entry_date"] or None,
        "is_private": values["is_private"],
    }


def _entry_errors(exc: AppError) -> FormErrors:
    """Field errors by form field (`tags[2]` is shown beside the tags field)."""
    fields: dict[str, str] = {}
    for item in exc.errors:
        field = str(item.get("field") or "")
        if field.startswith("tags["):
            field = "tags"
        if field in ENTRY_FIELDS and field not in fields:
            message = str(item.get("message") or exc.detail)
            fields[field] = message[:1].upper() + message[1:]
    rest = [e for e in exc.errors if str(e.get("field") or "").split("[")[0] not in ENTRY_FIELDS]
    return FormErrors(fields, exc.detail if rest or not fields else None)


def _form_page(
    values: dict[str, Any],
    *,
    entry_id: int | None = None,
    errors: FormErrors | None = None,
    status: int = 200,
    preview: str | None = None,
) -> ResponseReturnValue:
    return _page(
        "journal/form.html",
        status,
        title="Edit entry" if entry_id else "Write an entry",
        values=values,
        entry_id=entry_id,
        errors=errors or FormErrors(),
        moods=MOOD_OPTIONS,
        preview=preview if preview is not None else _initial_preview(values["body"]),
    )


def _initial_preview(body: str) -> str | None:
    return render_markdown(body) if body else None


def _with_preview(values: dict[str, Any], entry_id: int | None = None) -> ResponseReturnValue:
    """The form again with its preview (the Preview button without JavaScript)."""
    return _form_page(values, entry_id=entry_id, preview=render_markdown(values["body"]))


@bp.get("/new")
@login_required
def new_entry() -> ResponseReturnValue:
    day = request.args.get("date", "")
    values = {
        "title": "",
        "body": "",
        "mood": "",
        "tags": "",
        "entry_date": day if day else user_today().isoformat(),
        "is_private": True,
    }
    return _form_page(values)


@bp.post("/new")
@login_required
def create_entry() -> ResponseReturnValue:
    values = _form_values()
    if "preview" in request.form:
        return _with_preview(values)
    try:
        body = parse(s.EntryCreateIn, _payload(values))
        with unit_of_work() as uow:
            created = svc.create_entry(
                uow,
                current_user_id(),
                title=body.title,
                body=body.body,
                mood=body.mood,
                tags=body.tags,
                entry_date=body.entry_date or user_today(),
                is_private=body.is_private,
            )
            entry_id = created.id
    except AppError as exc:
        if exc.status >= 500 or exc.status in (401, 403):
            raise
        return _form_page(values, errors=_entry_errors(exc), status=exc.status)
    flash("Entry saved.", "success")
    return redirect(url_for(".entry", entry_id=entry_id), 303)


@bp.get("/<int:entry_id>/edit")
@login_required
def edit_entry(entry_id: int) -> ResponseReturnValue:
    found = svc.get_entry(current_session(), current_user_id(), entry_id)
    out = s.EntryOut.model_validate(found)
    values = {
        "title": out.title or "",
        "body": out.body,
        "mood": "" if out.mood is None else str(out.mood),
        "tags": ", ".join(out.tags),
        "entry_date": out.entry_date.isoformat(),
        "is_private": out.is_private,
    }
    return _form_page(values, entry_id=entry_id)


@bp.post("/<int:entry_id>/edit")
@login_required
def update_entry(entry_id: int) -> ResponseReturnValue:
    svc.get_entry(current_session(), current_user_id(), entry_id)  # 404 before anything else
    values = _form_values()
    if "preview" in request.form:
        return _with_preview(values, entry_id)
    try:
        payload = _payload(values)
        if payload["entry_date"] is None:
            payload.pop("entry_date")
        body = parse(s.EntryPatchIn, payload)
        changes = {name: getattr(body, name) for name in body.model_fields_set}
        with unit_of_work() as uow:
            svc.update_entry(uow, current_user_id(), entry_id, changes)
    except AppError as exc:
        if exc.status >= 500 or exc.status in (401, 403):
            raise
        return _form_page(values, entry_id=entry_id, errors=_entry_errors(exc), status=exc.status)
    flash("Entry saved.", "success")
    return redirect(url_for(".entry", entry_id=entry_id), 303)


@bp.post("/<int:entry_id>/delete")
@login_required
def delete_entry(entry_id: int) -> ResponseReturnValue:
    with unit_of_work() as uow:
        svc.delete_entry(uow, current_user_id(), entry_id)
    flash("Entry deleted.", "success")
    return redirect(url_for(".timeline"), 303)


@bp.post("/preview")
@login_required
def preview() -> ResponseReturnValue:
    """The body rendered as the API renders `body_html` (an htmx fragment)."""
    body = request.form.get("body", "").replace("\r\n", "\n")
    too_long = len(body) > s.BODY_MAX
    html = "" if too_long else render_markdown(body)
    return _page("journal/_preview.html", preview=html, too_long=too_long)


# ------------------------------------------------------------------------------ Today


@today_card("journal", "journal/_today_card.html", order=40)
def _today_journal() -> dict[str, Any]:
    session, uid = current_session(), current_user_id()
    today = user_today()
    with_mood = svc.list_entries(session, uid, mood_min=s.MOOD_MIN, limit=1)
    latest = svc.list_entries(session, uid, limit=1)
    day = svc.on_this_day(session, uid, today, limit=3)
    mood_entry = s.EntryOut.model_validate(with_mood.items[0].entry) if with_mood.items else None
    last = s.EntryOut.model_validate(latest.items[0].entry) if latest.items else None
    return {
        "mood_entry": mood_entry,
        "mood_text": mood_label(mood_entry.mood) if mood_entry else "",
        "last_entry": last,
        "written_today": last is not None and last.entry_date == today,
        "on_this_day": [s.OnThisDayItemOut.model_validate(item) for item in day.items],
        "today": today,
    }
