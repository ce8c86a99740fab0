"""The CSV import page, /money/import: upload, map the columns, preview, import, see the result.

The same services as `POST /finance/import/preview` and `/commit`: the mapping is parsed with the
API's `ImportMappingIn`, the preview is the API's `ImportPreviewOut`, and a 422 is shown beside
the field its `errors[].field` names (`mapping.amount.column` → the amount column's select).

The uploaded file travels with the form, compressed and URL-safe base64-encoded in a hidden
field, so preview → commit never asks for the file again (a CSV shrinks 5-10x, well inside the
form limits). A preview key (a hash of account, mapping and file) tells the commit whether the
mapping changed after the preview: then the page previews again instead of importing rows the
person has not seen, since near-match decisions name rows of that preview.
"""

from __future__ import annotations

import binascii
import hashlib
import json
import zlib
from base64 import urlsafe_b64decode, urlsafe_b64encode
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from flask import current_app, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue

from lifeos.domains.finance.errors import AccountNotFound, ImportFileInvalid
from lifeos.domains.finance.models import Account
from lifeos.domains.finance.schemas import imports as s
from lifeos.domains.finance.services import accounts as accounts_svc
from lifeos.domains.finance.services.imports import commit as import_svc
from lifeos.domains.finance.services.imports import saved
from lifeos.domains.finance.services.imports.decoding import decode
from lifeos.domains.finance.services.imports.mapping import parse_file
from lifeos.domains.finance.views import TYPES, bp, import_form
from lifeos.platform.auth.browser import login_required
from lifeos.platform.auth.guard import current_user_id
from lifeos.platform.errors import AppError
from lifeos.platform.http import MAX_ID
from lifeos.platform.uow import current_session, unit_of_work
from lifeos.web.forms import FormErrors

MAX_TOKEN = 300_000  # characters of the hidden file field: a form body stays under Flask's 500,000 bytes
MAX_SHOWN = 150  # preview rows shown besides the near matches (every near match needs a decision)
RESULT_KEY = "finance_import_result"


@dataclass
class Upload:
    """The file the person chose, and the account it belongs to."""

    content: bytes
    filename: str
    account: Account

    @cached_property
    def token(self) -> str:
        """The file for the hidden field: zlib-compressed, URL-safe base64 (no %-escapes in a form)."""
        return urlsafe_b64encode(zlib.compress(self.content, 6)).decode("ascii")


# ------------------------------------------------------------------------------ the file


def _limit() -> int:
    return int(current_app.config.get("MAX_CONTENT_LENGTH") or 1024 * 1024)


def _size_text(size: int) -> str:
    return f"{size / 1024 / 1024:g} MB" if size >= 1024 * 1024 else f"{size // 1024:,} KB"


def _file_error(message: str) -> ImportFileInvalid:
    return ImportFileInvalid(message, errors=[{"field": "file", "message": message}])


def _unpack(token: str) -> bytes:
    """The file back from its hidden field (never more than the request limit once inflated)."""
    inflater = zlib.decompressobj()
    try:
        content = inflater.decompress(urlsafe_b64decode(token.encode("ascii")), _limit() + 1)
    except (binascii.Error, ValueError, UnicodeEncodeError, zlib.error):
        content = b""
    if not content or len(content) > _limit() or not inflater.eof:
        raise _file_error("The file was lost on the way: choose it again.")
    return content


def _preview_key(account_id: int, mapping: s.ImportMappingIn, content: bytes) -> str:
    text = json.dumps(mapping.model_dump(mode="json"), sort_keys=True)
    return hashlib.sha256(f"{account_id}|{text}|".encode() + content).hexdigest()[:40]


# ------------------------------------------------------------------------------ rendering


def _account_groups() -> list[tuple[str, list[Account]]]:
    """The person's active accounts by type, in the chart's order (for the account select)."""
    found: list[Account] = []
    cursor: str | None = None
    for _ in range(20):
        page = accounts_svc.list_accounts(
            current_session(), current_user_id(), active=True, limit=100, cursor=cursor
        )
        found.extend(page.items)
        cursor = page.next_cursor
        if not cursor:
            break
    return [(t.label, [a for a in found if a.account_type == t.code]) for t in TYPES]


def _shown(rows: list[s.ImportRowOut]) -> list[s.ImportRowOut]:
    """Every near match (each needs a decision), and the first other rows up to MAX_SHOWN."""
    out: list[s.ImportRowOut] = []
    others = 0
    for row in rows:
        if row.status == "near_match":
            out.append(row)
        elif others < MAX_SHOWN:
            out.append(row)
            others += 1
    return out


def _upload_page(
    errors: FormErrors | None = None, account_id: str = "", status: int = 200
) -> ResponseReturnValue:
    return (
        render_template(
            "finance/import.html",
            section="money",
            page="import",
            title="Import a bank statement",
            step="upload",
            groups=_account_groups(),
            account_id=account_id,
            errors=errors or FormErrors(),
            max_size=_size_text(_limit()),
        ),
        status,
    )


def _mapping_page(
    upload: Upload,
    values: Mapping[str, str],
    errors: FormErrors | None = None,
    status: int = 200,
    *,
    preview: s.ImportPreviewOut | None = None,
    preview_key: str = "",
    decisions: Mapping[int, str] | None = None,
    decision_errors: Mapping[int, str] | None = None,
    skip_errors: bool = False,
    near_default: str = "",
    notice: str | None = None,
) -> ResponseReturnValue:
    columns, column_errors = import_form.columns_of(upload.content, values)
    errors = errors or FormErrors()
    if column_errors and not errors:
        errors = column_errors
    counter_id = values.get("counter_account_id", "")
    counter = None
    counter_number = import_form.number(counter_id)
    if counter_number is not None and counter_number <= MAX_ID:
        found = accounts_svc.accounts_by_id(current_session(), current_user_id(), {counter_number})
        counter = {"id": found[0].id, "name": found[0].name} if found else None
    if counter is None and request.form.get("counter_account_label"):
        counter = {"id": "", "name": request.form.get("counter_account_label", "")[:200]}
    return (
        render_template(
            "finance/import.html",
            section="money",
            page="import",
            title="Import a bank statement",
            step="preview" if preview else "map",
            types=TYPES,
            upload=upload,
            values=values,
            errors=errors,
            columns=[(str(c.index), c.label) for c in columns],
            counter=counter,
            preview=preview,
            shown=_shown(preview.rows) if preview else [],
            preview_key=preview_key,
            decisions=decisions or {},
            decision_errors=decision_errors or {},
            skip_errors=skip_errors,
            near_default=near_default,
            near_rows=",".join(str(r.row) for r in preview.rows if r.status == "near_match")
            if preview
            else "",
            notice=notice,
            delimiters=import_form.DELIMITERS,
            date_formats=import_form.DATE_FORMATS,
            amount_kinds=import_form.AMOUNT_KINDS,
            decimal_marks=import_form.DECIMAL_MARKS,
        ),
        status,
    )


def _preview_page(
    upload: Upload, values: Mapping[str, str], status: int = 200, **more: Any
) -> ResponseReturnValue:
    """Parse the mapping and preview the file; a 422 shows the mapping form with its errors."""
    columns, column_errors = import_form.columns_of(upload.content, values)
    try:
        mapping = import_form.mapping_of(values, columns)
        _check_counter(mapping)
        preview = import_svc.preview_import(
            current_session(), current_user_id(), upload.account.id, upload.content, mapping
        )
    except AppError as exc:
        if exc.status >= 500 or exc.status in (401, 403):
            raise
        errors = import_form.form_errors(exc)
        if column_errors and "delimiter" not in errors:
            errors = column_errors
        return _mapping_page(upload, values, errors, exc.status)
    key = _preview_key(upload.account.id, mapping, upload.content)
    out = import_svc.preview_out(preview)
    return _mapping_page(upload, values, status=status, preview=out, preview_key=key, **more)


def _check_counter(mapping: s.ImportMappingIn) -> None:
    """Another person's (or no) account as the other side is a field error, not a 404 page."""
    found = accounts_svc.accounts_by_id(current_session(), current_user_id(), {mapping.counter_account_id})
    if not found:
        raise AccountNotFound(
            "Choose one of your accounts.",
            errors=[{"field": "counter_account_id", "message": "choose an account from the list"}],
        )


def _account(value: str) -> Account | None:
    account_id = import_form.number(value)
    if account_id is None or account_id > MAX_ID:
        return None
    found = accounts_svc.accounts_by_id(current_session(), current_user_id(), {account_id})
    return found[0] if found else None


def _posted_upload() -> Upload | ResponseReturnValue:
    """The file and account a mapping form carries, or the upload page saying what is wrong."""
    account = _account(request.form.get("account_id", ""))
    if account is None:
        return _upload_page(FormErrors({"account_id": "Choose one of your accounts."}), status=422)
    try:
        content = _unpack(request.form.get("content", ""))
    except ImportFileInvalid as exc:
        return _upload_page(import_form.form_errors(exc), str(account.id), 422)
    return Upload(content, request.form.get("filename", "")[:255], account)


# ------------------------------------------------------------------------------ routes


@bp.get("/import")
@login_required
def import_page() -> ResponseReturnValue:
    """Step 1: choose the account and the file."""
    return _upload_page(account_id=request.args.get("account_id", "")[:20])


@bp.post("/import")
@login_required
def import_upload() -> ResponseReturnValue:
    """Read the file; map it with the account's saved mapping (and preview) or a guess from its header."""
    account_value = request.form.get("account_id", "")
    account = _account(account_value)
    upload = request.files.get("file")
    content = upload.read(_limit() + 1) if upload else b""
    errors: dict[str, str] = {}
    if account is None:
        errors["account_id"] = "Choose the account the statement belongs to."
    if not content:
        errors["file"] = "Choose a CSV file from your bank."
    if errors or account is None or upload is None:
        return _upload_page(FormErrors(errors), account_value[:20], 422)
    chosen = Upload(content, (upload.filename or "statement.csv")[:255], account)
    try:
        decode(content)
    except ImportFileInvalid as exc:
        return _upload_page(import_form.form_errors(exc), str(account.id), 422)
    if len(chosen.token) > MAX_TOKEN:
        message = "This file is too large to import here: split it, or send it to the API."
        return _upload_page(FormErrors({"file": message}), str(account.id), 422)
    mapping = saved.saved_mapping(current_session(), current_user_id(), account.id)
    if mapping is not None:
        return _preview_page(chosen, import_form.values_of(mapping, content))
    counter = _uncategorized()
    values = import_form.guess(content, counter if counter and counter.id != account.id else None)
    amounts = ("money_out", "money_in") if values["amount_kind"] == "split" else ("amount_column",)
    if all(values.get(name) for name in ("counter_account_id", "date", *amounts)):
        return _preview_page(chosen, values)
    return _mapping_page(chosen, values)


def _uncategorized() -> Account | None:
    """An active account named like "Uncategorized": the usual other side of imported rows."""
    page = accounts_svc.list_accounts(
        current_session(), current_user_id(), active=True, q="uncategor", limit=1
    )
    return page.items[0] if page.items else None


@bp.post("/import/preview")
@login_required
def import_preview() -> ResponseReturnValue:
    """Step 2-3: the mapping as the form says it, and the preview of every row."""
    upload = _posted_upload()
    if not isinstance(upload, Upload):
        return upload
    return _preview_page(upload, import_form.form_values(), **_choices())


def _row_number(text: str) -> int | None:
    return import_form.number(text, 6)


def _decisions(*, with_default: bool = False) -> dict[int, str]:
    """Each near match's choice; with_default: the rows left open take the "all the others" choice."""
    out: dict[int, str] = {}
    for name, value in request.form.items():
        number = _row_number(name.removeprefix("decision_"))
        if name.startswith("decision_") and number is not None and value in ("accept", "skip"):
            out[number] = value
    default = _near_default()
    if with_default and default:
        for text in request.form.get("near_rows", "").split(",")[: s.MAX_ROWS]:
            number = _row_number(text.strip())
            if number is not None:
                out.setdefault(number, default)
    return out


def _near_default() -> str:
    value = request.form.get("near_default", "")
    return value if value in ("accept", "skip") else ""


def _choices() -> dict[str, Any]:
    """What the person chose on the preview, to show again on the next one."""
    return {"decisions": _decisions(), "skip_errors": _skip_errors(), "near_default": _near_default()}


def _skip_errors() -> bool:
    return request.form.get("skip_errors") == "1"


@bp.post("/import/commit")
@login_required
def import_commit() -> ResponseReturnValue:
    """Step 4: import the rows all or nothing, then show what happened."""
    upload = _posted_upload()
    if not isinstance(upload, Upload):
        return upload
    values, decisions, skip_errors = import_form.form_values(), _decisions(with_default=True), _skip_errors()
    more = _choices()
    columns, _ = import_form.columns_of(upload.content, values)
    try:
        mapping = import_form.mapping_of(values, columns)
        _check_counter(mapping)
    except AppError as exc:
        if exc.status >= 500 or exc.status in (401, 403):
            raise
        return _mapping_page(upload, values, import_form.form_errors(exc), exc.status)
    if request.form.get("preview_key", "") != _preview_key(upload.account.id, mapping, upload.content):
        notice = "The columns changed after the preview. Check this new preview, then import."
        return _preview_page(upload, values, 409, notice=notice, **more)
    try:
        parsed = parse_file(upload.content, mapping)
        bad = {r.row for r in parsed.rows if r.errors} if skip_errors else set()
        skip = sorted(bad | {row for row, choice in decisions.items() if choice == "skip"})
        accept = sorted(row for row, choice in decisions.items() if choice == "accept" and row not in bad)
        with unit_of_work() as uow:
            result = import_svc.commit_import(
                uow,
                current_user_id(),
                upload.account.id,
                upload.content,
                mapping,
                skip_rows=skip,
                accept_rows=accept,
            )
    except AppError as exc:
        if exc.status >= 500 or exc.status in (401, 403):
            raise
        undecided = {
            int(e["row"]): "Choose: import it, or skip it."
            for e in exc.errors
            if e.get("field") == "accept_rows" and isinstance(e.get("row"), int)
        }
        return _preview_page(upload, values, exc.status, decision_errors=undecided, notice=exc.detail, **more)
    days = [r.date for r in parsed.rows if r.date is not None]
    session[RESULT_KEY] = {
        "user_id": current_user_id(),
        "account_id": upload.account.id,
        "account_name": upload.account.name,
        "filename": upload.filename,
        "created": result.created,
        "duplicates": result.duplicates,
        "skipped": result.skipped,
        "rows": result.counts["rows"],
        "first": min(days).isoformat() if days else None,
        "last": max(days).isoformat() if days else None,
    }
    return redirect(url_for(".import_done"), 303)


@bp.get("/import/done")
@login_required
def import_done() -> ResponseReturnValue:
    """The result of the last import in this browser: counts and links to the journal."""
    result = session.get(RESULT_KEY)
    if not isinstance(result, dict) or result.get("user_id") != current_user_id():
        return redirect(url_for(".import_page"))
    first, last = (date.fromisoformat(result[k]) if result.get(k) else None for k in ("first", "last"))
    return render_template(
        "finance/import_done.html",
        section="money",
        page="import",
        title="Import finished",
        result=result,
        first=first,
        last=last,
    )
