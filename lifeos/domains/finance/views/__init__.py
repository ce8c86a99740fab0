"""Finance pages under /money: the same services as the JSON API, rendered as HTML.

Each page parses its input with the API's own request schemas, calls the service the JSON route
calls, and hands the template the API's response schema built from the result, so a page shows
exactly what the API would answer. Service errors (422/409) are shown beside the field their
`errors[].field` names, and the form keeps what was typed.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any, TypeVar

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from pydantic import BaseModel

from lifeos.domains.finance import schemas as s
from lifeos.domains.finance.errors import (
    AccountHasPostings,
    AccountNameTaken,
    EntryAlreadyReversed,
    EntryIsReversal,
    FinanceError,
    InvalidAccount,
)
from lifeos.domains.finance.models import LedgerEntry
from lifeos.domains.finance.services import account_ledger as ledger_svc
from lifeos.domains.finance.services import accounts as accounts_svc
from lifeos.domains.finance.services import entries as entries_svc
from lifeos.domains.finance.services import reports as reports_svc
from lifeos.domains.finance.services.schedule import projection as projection_svc
from lifeos.platform.auth.browser import login_required
from lifeos.platform.auth.guard import current_user_id
from lifeos.platform.clock import user_today
from lifeos.platform.errors import AppError, ValidationFailed
from lifeos.platform.http import parse
from lifeos.platform.uow import current_session, unit_of_work
from lifeos.web.filters import money
from lifeos.web.forms import MONTH_OPTIONS, FormErrors
from lifeos.web.settings import settings_section
from lifeos.web.today import today_card

bp = Blueprint("finance_web", __name__, url_prefix="/money", template_folder="../templates")

M = TypeVar("M", bound=BaseModel)

TYPES: list[s.AccountTypeOut] = s.AccountTypesOut.all().items
TYPE_OPTIONS = [(t.code, t.label) for t in TYPES]
SUBTYPES: dict[str, list[tuple[str, str]]] = {
    t.code: [(st.code, st.label) for st in t.subtypes] for t in TYPES
}
MONTHS = MONTH_OPTIONS
PAGE_SIZE = 50


def _page(template: str, status: int = 200, **context: Any) -> ResponseReturnValue:
    context.setdefault("section", "money")
    context.setdefault("types", TYPES)
    return render_template(template, **context), status


def _query(schema: type[M], names: tuple[str, ...], **overrides: Any) -> tuple[M, FormErrors]:
    """Parse the query string with the API's query schema; bad values become field errors."""
    data: dict[str, Any] = {n: request.args[n] for n in names if request.args.get(n, "") != ""}
    data.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return parse(schema, data), FormErrors()
    except ValidationFailed as exc:
        errors = FormErrors.of(exc, known=names)
        clean = {k: v for k, v in data.items() if k not in errors.fields}
        try:
            return parse(schema, clean), errors
        except ValidationFailed:
            return parse(schema, {}), errors


def _last(name: str) -> str | None:
    """The last value of a repeated query field (a checkbox after its hidden "0")."""
    values = request.args.getlist(name)
    return values[-1] if values else None


def _account_names(ids: set[int]) -> dict[int, str]:
    found = accounts_svc.accounts_by_id(current_session(), current_user_id(), ids)
    return {a.id: a.name for a in found}


def _entry_out(entry: LedgerEntry) -> s.JournalEntryOut:
    return s.JournalEntryOut.of(entry, _account_names({line.account_id for line in entry.lines}))


def _back(default: str) -> str:
    target = request.form.get("next", "")
    return target if target.startswith("/money/") and not target.startswith("//") else default


# ------------------------------------------------------------------------------ overview


@bp.get("")
@login_required
def money_home() -> ResponseReturnValue:
    return redirect(url_for(".trial_balance"))


# ------------------------------------------------------------------------------ reports


@bp.get("/trial-balance")
@login_required
def trial_balance() -> ResponseReturnValue:
    """Accounts by type with debit/credit totals and balances; each account opens its ledger."""
    query, errors = _query(s.TrialBalanceQuery, ("as_of", "from"), hide_zero=_last("hide_zero"))
    session, uid = current_session(), current_user_id()
    settings = reports_svc.get_settings(session, uid)
    try:
        tb = reports_svc.trial_balance(
            session, uid, as_of=query.as_of, date_from=query.from_, hide_zero=query.hide_zero
        )
    except FinanceError as exc:
        errors = FormErrors.of(exc, known=("as_of", "from"))
        tb = reports_svc.trial_balance(session, uid, hide_zero=query.hide_zero)
    report = s.TrialBalanceOut.model_validate(tb)
    hide_zero = settings.hide_zero_rows if query.hide_zero is None else query.hide_zero
    return _page(
        "finance/trial_balance.html",
        422 if errors else 200,
        title="Trial balance",
        page="trial_balance",
        report=report,
        query=query,
        errors=errors,
        hide_zero=hide_zero,
        settings=s.TrialBalanceSettingsOut.model_validate(settings),
        months=MONTHS,
    )


@bp.post("/trial-balance/settings")
@login_required
def save_tb_settings() -> ResponseReturnValue:
    """Save the trial-balance defaults (hide zero rows, fiscal year start)."""
    try:
        month = int(request.form.get("fiscal_year_start_month", "1"))
    except ValueError:
        month = 0
    try:
        body = parse(
            s.TrialBalanceSettingsIn,
            {"hide_zero_rows": request.form.get("hide_zero_rows") == "1", "fiscal_year_start_month": month},
        )
        with unit_of_work() as uow:
            reports_svc.save_settings(
                uow,
                current_user_id(),
                hide_zero_rows=body.hide_zero_rows,
                fiscal_year_start_month=body.fiscal_year_start_month,
            )
    except AppError as exc:
        flash(f"Settings not saved: {FormErrors.of(exc).message}", "error")
    else:
        flash("Trial balance settings saved.", "success")
    return redirect(url_for(".trial_balance"))


@bp.get("/balance-sheet")
@login_required
def balance_sheet() -> ResponseReturnValue:
    query, errors = _query(s.BalanceSheetQuery, ("as_of",))
    sheet = reports_svc.balance_sheet(current_session(), current_user_id(), query.as_of)
    return _page(
        "finance/balance_sheet.html",
        422 if errors else 200,
        title="Balance sheet",
        page="balance_sheet",
        report=s.BalanceSheetOut.model_validate(sheet),
        query=query,
        errors=errors,
    )


@bp.get("/income-statement")
@login_required
def income_statement() -> ResponseReturnValue:
    query, errors = _query(s.IncomeStatementQuery, ("from", "to"))
    session, uid = current_session(), current_user_id()
    to = query.to or user_today()
    start = query.from_ or reports_svc.fiscal_year_start(
        to, reports_svc.get_settings(session, uid).fiscal_year_start_month
    )
    try:
        statement = reports_svc.income_statement(session, uid, start, to)
    except FinanceError as exc:
        errors = FormErrors.of(exc, known=("from", "to"))
        to = user_today()
        start = reports_svc.fiscal_year_start(
            to, reports_svc.get_settings(session, uid).fiscal_year_start_month
        )
        statement = reports_svc.income_statement(session, uid, start, to)
    return _page(
        "finance/income_statement.html",
        422 if errors else 200,
        title="Income statement",
        page="income_statement",
        report=s.IncomeStatementOut.model_validate(statement),
        errors=errors,
    )


# ------------------------------------------------------------------------------ accounts


def _accounts_page(
    *, errors: FormErrors | None = None, new: Mapping[str, str] | None = None, status: int = 200
) -> ResponseReturnValue:
    query, query_errors = _query(s.AccountListQuery, ("type", "active", "q", "cursor"), limit=100)
    page = accounts_svc.list_accounts(
        current_session(),
        current_user_id(),
        account_type=query.type,
        active={"true": True, "false": False, "all": None}[query.active],
        q=query.q,
        limit=query.limit,
        cursor=query.cursor,
    )
    listing = s.AccountListOut.model_validate(page)
    return _page(
        "finance/accounts.html",
        status if not query_errors else 422,
        title="Accounts",
        page="accounts",
        listing=listing,
        query=query,
        query_errors=query_errors,
        errors=errors or FormErrors(),
        new=new or {},
        type_options=TYPE_OPTIONS,
        subtypes=SUBTYPES,
    )


@bp.get("/accounts")
@login_required
def accounts() -> ResponseReturnValue:
    """The chart of accounts: every account by name, filtered by type and state."""
    return _accounts_page()


def _account_form() -> dict[str, str]:
    return {
        k: request.form.get(k, "").strip() for k in ("name", "account_type", "account_subtype", "description")
    }


@bp.post("/accounts")
@login_required
def create_account() -> ResponseReturnValue:
    values = _account_form()
    try:
        body = parse(
            s.AccountCreateIn,
            {
                "name": values["name"],
                "account_type": values["account_type"],
                "account_subtype": values["account_subtype"] or None,
                "description": values["description"] or None,
            },
        )
        with unit_of_work() as uow:
            account = accounts_svc.create_account(
                uow, current_user_id(), body.name, body.account_type, body.account_subtype, body.description
            )
            account_id, name = account.id, account.name
    except AccountNameTaken as exc:
        return _accounts_page(errors=FormErrors({"name": exc.detail}), new=values, status=409)
    except AppError as exc:
        known = ("name", "account_type", "account_subtype", "description")
        return _accounts_page(errors=FormErrors.of(exc, known=known), new=values, status=exc.status)
    flash(f"Account “{name}” created.", "success")
    return redirect(url_for(".account_ledger", account_id=account_id), 303)


@bp.get("/accounts/<int:account_id>")
@login_required
def account_ledger(account_id: int) -> ResponseReturnValue:
    """An account's postings with a running balance, date filters and paging."""
    query, errors = _query(s.LedgerQuery, ("from", "to", "order", "cursor"), limit=PAGE_SIZE)
    session, uid = current_session(), current_user_id()
    account = s.AccountOut.of(accounts_svc.get_account(session, uid, account_id))
    try:
        ledger = ledger_svc.account_ledger(
            session,
            uid,
            account_id,
            date_from=query.from_,
            date_to=query.to,
            order=query.order,
            limit=query.limit,
            cursor=query.cursor,
        )
    except AppError as exc:
        errors = FormErrors.of(exc, known=("from", "to", "cursor"))
        ledger = ledger_svc.account_ledger(session, uid, account_id, order=query.order, limit=query.limit)
    return _page(
        "finance/ledger.html",
        422 if errors else 200,
        title=account.name,
        page="accounts",
        account=account,
        ledger=s.LedgerOut.model_validate(ledger),
        query=query,
        errors=errors,
    )


def _edit_page(
    account: s.AccountOut,
    errors: FormErrors | None = None,
    values: Mapping[str, str] | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    return _page(
        "finance/account_edit.html",
        status,
        title=f"Edit {account.name}",
        page="accounts",
        account=account,
        errors=errors or FormErrors(),
        values=values
        or {
            "name": account.name,
            "account_type": account.account_type,
            "account_subtype": account.account_subtype or "",
            "description": account.description or "",
        },
        type_options=TYPE_OPTIONS,
        subtypes=SUBTYPES,
    )


@bp.get("/accounts/<int:account_id>/edit")
@login_required
def edit_account(account_id: int) -> ResponseReturnValue:
    """Rename, change type or subtype, describe, deactivate or reactivate an account."""
    account = accounts_svc.get_account(current_session(), current_user_id(), account_id)
    return _edit_page(s.AccountOut.of(account))


@bp.post("/accounts/<int:account_id>/edit")
@login_required
def update_account(account_id: int) -> ResponseReturnValue:
    values = _account_form()
    data = {
        "name": values["name"],
        "account_type": values["account_type"],
        "account_subtype": values["account_subtype"] or None,
        "description": values["description"] or None,
    }
    try:
        body = parse(s.AccountPatchIn, data)
        with unit_of_work() as uow:
            accounts_svc.update_account(
                uow, current_user_id(), account_id, **{k: getattr(body, k) for k in body.model_fields_set}
            )
    except (AccountNameTaken, AccountHasPostings, InvalidAccount, ValidationFailed) as exc:
        if isinstance(exc, AccountNameTaken):
            errors = FormErrors({"name": exc.detail})
        elif isinstance(exc, AccountHasPostings):
            errors = FormErrors({"account_type": exc.detail})
        else:
            errors = FormErrors.of(exc, known=("name", "account_type", "account_subtype", "description"))
        account = accounts_svc.get_account(current_session(), current_user_id(), account_id)
        return _edit_page(s.AccountOut.of(account), errors, values, exc.status)
    flash("Account saved.", "success")
    return redirect(url_for(".account_ledger", account_id=account_id), 303)


def _set_active(account_id: int, active: bool) -> ResponseReturnValue:
    try:
        with unit_of_work() as uow:
            account = accounts_svc.set_active(uow, current_user_id(), account_id, active)
            name = account.name
    except AccountNameTaken as exc:
        flash(exc.detail, "error")
    else:
        state = "active again" if active else "deactivated: hidden from the picker, kept in history"
        flash(f"“{name}” is {state}.", "success")
    return redirect(_back(url_for(".edit_account", account_id=account_id)), 303)


@bp.post("/accounts/<int:account_id>/deactivate")
@login_required
def deactivate_account(account_id: int) -> ResponseReturnValue:
    return _set_active(account_id, False)


@bp.post("/accounts/<int:account_id>/reactivate")
@login_required
def reactivate_account(account_id: int) -> ResponseReturnValue:
    return _set_active(account_id, True)


# ------------------------------------------------------------------------------ journal


@bp.get("/journal")
@login_required
def journal() -> ResponseReturnValue:
    """Entries, newest first, filtered by dates, account and text; paged."""
    query, errors = _query(s.JournalListQuery, ("from", "to", "account_id", "q", "cursor"), limit=PAGE_SIZE)
    session, uid = current_session(), current_user_id()
    try:
        page = entries_svc.list_entries(
            session,
            uid,
            date_from=query.from_,
            date_to=query.to,
            account_id=query.account_id,
            q=query.q,
            limit=query.limit,
            cursor=query.cursor,
        )
    except AppError as exc:
        errors = FormErrors.of(exc, known=("from", "to", "cursor"))
        page = entries_svc.list_entries(session, uid, limit=query.limit)
    names = _account_names({line.account_id for entry in page.items for line in entry.lines})
    items = [s.JournalEntryOut.of(entry, names) for entry in page.items]
    listing = s.JournalListOut(items=items, next_cursor=page.next_cursor)
    chosen = None
    if query.account_id:
        found = _account_names({query.account_id})
        chosen = {"id": query.account_id, "name": found[query.account_id]} if found else None
    return _page(
        "finance/journal_list.html",
        422 if errors else 200,
        title="Journal entries",
        page="journal",
        listing=listing,
        query=query,
        errors=errors,
        chosen=chosen,
    )


def _blank_line() -> dict[str, Any]:
    return {
        "key": secrets.token_hex(4),
        "account_id": "",
        "account_name": "",
        "debit": "",
        "credit": "",
        "memo": "",
    }


def _entry_form(
    values: Mapping[str, Any],
    lines: list[dict[str, Any]],
    errors: FormErrors | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    return _page(
        "finance/journal_new.html",
        status,
        title="New entry",
        page="new_entry",
        values=values,
        lines=lines,
        errors=errors or FormErrors(),
    )


@bp.get("/journal/new")
@login_required
def new_entry() -> ResponseReturnValue:
    """The journal-entry form: date, description and two lines to start with."""
    values = {
        "date": user_today().isoformat(),
        "description": "",
        "idempotency_key": secrets.token_urlsafe(18),
    }
    return _entry_form(values, [_blank_line(), _blank_line()])


@bp.get("/journal/new/line")
@login_required
def new_entry_line() -> ResponseReturnValue:
    """One more empty line (an htmx fragment; the same partial the full form renders)."""
    try:
        number = max(1, min(500, int(request.args.get("n", "1"))))
    except ValueError:
        number = 1
    return _page(
        "finance/_journal_line.html", line=_blank_line(), number=number, errors=FormErrors(), index=None
    )


def _amount_text(value: str) -> str | None:
    cleaned = value.replace(",", "").replace(" ", "").replace("\u00a0", "").strip()
    return cleaned or None


@bp.post("/journal/new")
@login_required
def post_entry() -> ResponseReturnValue:
    """Post the entry with the same schema and service as `POST /finance/journal`."""
    form = request.form
    ids, labels = form.getlist("account_id"), form.getlist("account_label")
    debits, credits, memos = form.getlist("debit"), form.getlist("credit"), form.getlist("memo")
    count = max(len(ids), len(debits), len(credits), len(memos))

    def at(values: list[str], i: int) -> str:
        return values[i].strip() if i < len(values) else ""

    shown: list[dict[str, Any]] = []
    lines: list[dict[str, Any]] = []
    positions: list[int] = []  # index in `lines` → index in `shown` (blank lines are dropped)
    for i in range(count):
        line = {
            "key": secrets.token_hex(4),
            "account_id": at(ids, i),
            "account_name": at(labels, i),
            "debit": at(debits, i),
            "credit": at(credits, i),
            "memo": at(memos, i),
        }
        shown.append(line)
        if not any(line[k] for k in ("account_id", "account_name", "debit", "credit", "memo")):
            continue
        positions.append(i)
        lines.append(
            {
                "account_id": line["account_id"] or None,
                "debit": _amount_text(line["debit"]),
                "credit": _amount_text(line["credit"]),
                "memo": line["memo"] or None,
            }
        )
    values = {
        "date": form.get("date", "").strip(),
        "description": form.get("description", "").strip(),
        "idempotency_key": form.get("idempotency_key", "").strip()[:128] or None,
    }
    try:
        body = parse(
            s.JournalEntryIn,
            {"date": values["date"], "description": values["description"] or None, "lines": lines},
        )
        inputs = [entries_svc.LineInput(ln.account_id, ln.debit, ln.credit, ln.memo) for ln in body.lines]
        with unit_of_work() as uow:
            entry, _created = entries_svc.post_entry(
                uow,
                current_user_id(),
                body.date,
                body.description,
                inputs,
                idempotency_key=values["idempotency_key"],
            )
            entry_id = entry.id
    except AppError as exc:
        if exc.status >= 500 or exc.status in (401, 403):
            raise
        errors = _entry_errors(exc, positions, shown)
        while len(shown) < 2:
            shown.append(_blank_line())
        return _entry_form(values, shown, errors, exc.status)
    flash(f"Entry #{entry_id} posted.", "success")
    return redirect(url_for(".entry", entry_id=entry_id), 303)


def _entry_errors(exc: AppError, positions: list[int], shown: list[dict[str, Any]]) -> FormErrors:
    """The error's fields renamed to the lines as the person sees them (blank lines were dropped)."""
    fields: dict[str, str] = {}
    loose: list[str] = []
    for item in exc.errors:
        field, message = str(item.get("field") or ""), str(item.get("message") or exc.detail)
        if field.startswith("lines[") and "]" in field:
            index_text, _, rest = field[len("lines[") :].partition("]")
            try:
                index = positions[int(index_text)]
            except (ValueError, IndexError):
                loose.append(message)
                continue
            attr = rest.lstrip(".") or "line"
            if attr == "account_id" and not shown[index]["account_id"]:
                message = "choose an account from the list"
            fields.setdefault(f"lines[{index}].{attr}", message[:1].upper() + message[1:])
        elif field in ("date", "description"):
            fields.setdefault(field, message[:1].upper() + message[1:])
        else:
            loose.append(message)
    summary = exc.detail if not loose else " ".join(dict.fromkeys([exc.detail, *loose]))
    return FormErrors(fields, summary)


@bp.get("/journal/<int:entry_id>")
@login_required
def entry(entry_id: int) -> ResponseReturnValue:
    """One entry with its lines and totals, and the Reverse action."""
    found = entries_svc.get_entry(current_session(), current_user_id(), entry_id)
    return _page(
        "finance/journal_entry.html",
        title=f"Entry #{entry_id}",
        page="journal",
        entry=_entry_out(found),
        reversed_by=entries_svc.reversal_of(current_session(), current_user_id(), entry_id),
        today=user_today(),
    )


@bp.post("/journal/<int:entry_id>/reverse")
@login_required
def reverse_entry(entry_id: int) -> ResponseReturnValue:
    """Post the mirror entry (posted entries are never edited)."""
    try:
        body = parse(
            s.ReverseIn,
            {k: v for k in ("date", "description") if (v := request.form.get(k, "").strip())},
        )
        with unit_of_work() as uow:
            reversal = entries_svc.reverse_entry(
                uow, current_user_id(), entry_id, body.date or user_today(), body.description
            )
            reversal_id = reversal.id
    except (EntryAlreadyReversed, EntryIsReversal, ValidationFailed) as exc:
        flash(FormErrors.of(exc).message or exc.detail, "error")
        return redirect(url_for(".entry", entry_id=entry_id), 303)
    flash(f"Entry #{entry_id} reversed by entry #{reversal_id}.", "success")
    return redirect(url_for(".entry", entry_id=reversal_id), 303)


# ------------------------------------------------------------------------------ Today


FORECAST_DAYS = 60  # the Today card's forecast


@today_card("money", "finance/_today_card.html", order=10)
def _today_money() -> dict[str, Any]:
    session, uid = current_session(), current_user_id()
    report = s.TrialBalanceOut.model_validate(reports_svc.trial_balance(session, uid, hide_zero=False))
    recent = entries_svc.list_entries(session, uid, limit=5)
    names = _account_names({line.account_id for e in recent.items for line in e.lines})
    forecast = projection_svc.build(session, uid, user_today(), days=FORECAST_DAYS)  # cash accounts
    low = forecast.lowest
    return {
        "money_report": report,
        "money_recent": [s.JournalEntryOut.of(e, names) for e in recent.items],
        "money_totals": {g.account_type: g.totals.balance for g in report.groups},
        "money_forecast": forecast if forecast.account_ids else None,
        "money_forecast_flat": all(d.balance == forecast.start_balance for d in forecast.series),
        "money_forecast_chart": {
            "x": [d.date.isoformat() for d in forecast.series],
            "values": [str(d.balance) for d in forecast.series],
            "display": [money(d.balance) for d in forecast.series],
            "markers": [
                {"x": low.date.isoformat(), "y": str(low.balance), "label": f"Low {money(low.balance)}"}
            ],
        },
    }


# ------------------------------------------------------------------------------ Settings page


@settings_section("finance", "finance/_settings_section.html", order=20)
def _settings_trial_balance() -> dict[str, Any]:
    settings = reports_svc.get_settings(current_session(), current_user_id())
    return {"tb_settings": s.TrialBalanceSettingsOut.model_validate(settings), "months": MONTHS}


@bp.post("/settings")
@login_required
def save_settings_from_settings_page() -> ResponseReturnValue:
    """The trial-balance settings saved from /settings (the same rules, flashed, back to /settings)."""
    save_tb_settings()
    return redirect(url_for("settings_web.settings", _anchor="trial-balance"), 303)


# The planning pages (forecast, import, receivables and loans) register on `bp`, a module each.
from lifeos.domains.finance.views import forecast as _forecast_pages  # noqa: E402,F401
from lifeos.domains.finance.views import imports as _import_pages  # noqa: E402,F401
from lifeos.domains.finance.views import receivables as _receivables_pages  # noqa: E402,F401
