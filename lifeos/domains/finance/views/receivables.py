"""Receivables and loans pages: /money/receivables (per person, overdue first) and /money/loans.

The same schemas and services as `/finance/receivables` and `/finance/loans`: a form is parsed
with the API's request schema, the service the JSON route calls does the work, and the page
shows the API's response schemas. A 422 is shown beside the field its `errors[].field` names
(nested names such as `interest.simple.annual_rate` map to the form's `annual_rate`), and the
form keeps what was typed. Recording a repayment is an htmx swap of that person's section.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from lifeos.domains.finance.schemas import receivables as rs
from lifeos.domains.finance.services import entries as entries_svc
from lifeos.domains.finance.services import loans as loans_svc
from lifeos.domains.finance.services import receivables as receivables_svc
from lifeos.domains.finance.views import bp
from lifeos.platform.auth.browser import login_required
from lifeos.platform.auth.guard import current_user_id
from lifeos.platform.clock import user_today
from lifeos.platform.errors import AppError, ValidationFailed
from lifeos.platform.http import parse
from lifeos.platform.uow import current_session, unit_of_work
from lifeos.web.filters import human_date, money
from lifeos.web.forms import FormErrors

MAX_PAGES = 20  # 100 items a page: 2,000 trackers or loans on one page is plenty for one person
HISTORY = 5  # entries shown per tracker, newest first
RECEIVABLE_FIELDS = (
    "counterparty",
    "principal",
    "start_date",
    "due_date",
    "interest_kind",
    "annual_rate",
    "compounding",
    "memo",
)
ENTRY_FIELDS = ("kind", "amount", "date", "memo")
TERM_FIELDS = (
    "principal",
    "annual_rate",
    "term_payments",
    "payments_per_year",
    "first_payment_date",
    "extra_payment_mode",
)
LOAN_FIELDS = ("name", "direction", "description", "loan_kind", *TERM_FIELDS)
INTEREST_KINDS = [("none", "No interest"), ("simple", "Simple interest"), ("compound", "Compound interest")]
COMPOUNDING = [("monthly", "Monthly"), ("quarterly", "Quarterly"), ("yearly", "Yearly"), ("daily", "Daily")]
ENTRY_KINDS = [("repayment", "Repayment"), ("lending", "Lent more")]
DIRECTIONS = [("lent", "Lent: they owe me"), ("borrowed", "Borrowed: I owe them")]
LOAN_KINDS = [("annuity", "Fixed payments (amortizing)"), ("group", "A group of receivables")]
PER_YEAR = [
    ("12", "Monthly (12 a year)"),
    ("4", "Quarterly (4 a year)"),
    ("2", "Twice a year"),
    ("1", "Yearly"),
    ("26", "Every two weeks (26 a year)"),
    ("52", "Weekly (52 a year)"),
]
MODES = [
    ("shorter_term", "Shorter term (same payment)"),
    ("lower_payment", "Lower payment (same end)"),
]


def _page(template: str, status: int = 200, **context: Any) -> ResponseReturnValue:
    context.setdefault("section", "money")
    return render_template(template, **context), status


def _is_htmx() -> bool:
    return request.headers.get("HX-Request") == "true"


def _amount_text(value: str) -> str:
    """What a person types as money, as the API reads it: 1,200.50 → 1200.50."""
    return value.replace(",", "").replace(" ", "").replace("\u00a0", "").strip()


def _form(names: tuple[str, ...]) -> dict[str, str]:
    return {n: request.form.get(n, "").strip()[:4001] for n in names}


def _errors(exc: AppError, renames: Mapping[str, str], known: tuple[str, ...]) -> FormErrors:
    """The error's fields as the form names them (`amortization.principal` → `principal`)."""
    fields: dict[str, str] = {}
    loose: list[str] = []
    for item in exc.errors:
        name = str(item.get("field") or "")
        message = str(item.get("message") or exc.detail)
        for prefix, target in renames.items():
            if name == prefix or name.startswith(prefix + "."):
                name = target if target else name.rsplit(".", 1)[-1]
                break
        if name in known:
            fields.setdefault(name, message[:1].upper() + message[1:])
        else:
            loose.append(message if not name else f"{name}: {message}")
    summary = exc.detail if not loose else " ".join(dict.fromkeys([exc.detail, *loose]))
    return FormErrors(fields, summary)


def _raise_unless_form_error(exc: AppError) -> None:
    if exc.status >= 500 or exc.status in (401, 403):
        raise exc


# ------------------------------------------------------------------------------ receivables


@dataclass
class Person:
    """One counterparty: the API's netted figures and their trackers, overdue first."""

    summary: rs.CounterpartyOut
    trackers: list[rs.ReceivableOut]
    history: dict[int, list[rs.EntryOut]] = field(default_factory=dict)

    @property
    def anchor(self) -> str:
        return f"person-{min(self.summary.receivable_ids)}"

    @property
    def settled(self) -> bool:
        return all(t.outstanding == 0 and t.start_date <= t.as_of for t in self.trackers)

    @property
    def days_overdue(self) -> int:
        return max((t.days_overdue for t in self.trackers), default=0)


def _all_trackers(as_of: date) -> list[rs.ReceivableOut]:
    session, uid = current_session(), current_user_id()
    items: list[rs.ReceivableOut] = []
    cursor: str | None = None
    for _ in range(MAX_PAGES):
        page = receivables_svc.list_trackers(session, uid, as_of, limit=100, cursor=cursor)
        items.extend(page.items)
        cursor = page.next_cursor
        if cursor is None:
            break
    return items


def _all_counterparties(as_of: date) -> list[rs.CounterpartyOut]:
    session, uid = current_session(), current_user_id()
    items: list[rs.CounterpartyOut] = []
    cursor: str | None = None
    for _ in range(MAX_PAGES):
        page = receivables_svc.counterparties(session, uid, as_of, limit=100, cursor=cursor)
        items.extend(page.items)
        cursor = page.next_cursor
        if cursor is None:
            break
    return items


def _tracker_order(t: rs.ReceivableOut) -> tuple[Any, ...]:
    return (not t.overdue, -t.days_overdue, t.outstanding == 0, t.due_date or date.max, -t.id)


def _person_order(p: Person) -> tuple[Any, ...]:
    return (not p.summary.overdue, -p.days_overdue, p.settled, p.summary.next_due_date or date.max, p.anchor)


def _people(as_of: date) -> list[Person]:
    """Everyone with a tracker: overdue first (longest first), then by the next due date; settled last."""
    trackers = {t.id: t for t in _all_trackers(as_of)}
    entries = receivables_svc.entries_of(current_session(), current_user_id(), list(trackers))
    people: list[Person] = []
    for summary in _all_counterparties(as_of):
        own = sorted((trackers[i] for i in summary.receivable_ids if i in trackers), key=_tracker_order)
        if not own:
            continue
        history = {t.id: [receivables_svc.entry_out(e) for e in reversed(entries.get(t.id, []))] for t in own}
        people.append(Person(summary, own, history))
    return sorted(people, key=_person_order)


def _totals(people: list[Person]) -> dict[str, Any]:
    overdue = [t for p in people for t in p.trackers if t.overdue]
    return {
        "owed_to_me": sum((p.summary.owed_to_me for p in people), start=Decimal(0)),
        "owed_by_me": sum((p.summary.owed_by_me for p in people), start=Decimal(0)),
        "overdue": sum((t.outstanding for t in overdue), start=Decimal(0)),
        "overdue_people": sum(1 for p in people if p.summary.overdue),
        "people": sum(1 for p in people if not p.settled),
    }


def _blank_receivable() -> dict[str, str]:
    return {
        "counterparty": "",
        "principal": "",
        "start_date": user_today().isoformat(),
        "due_date": "",
        "interest_kind": "none",
        "annual_rate": "",
        "compounding": "monthly",
        "memo": "",
    }


def _receivables_page(
    *,
    new: Mapping[str, str] | None = None,
    errors: FormErrors | None = None,
    entry_form: Mapping[str, Any] | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    today = user_today()
    people = _people(today)
    return _page(
        "finance/receivables.html",
        status,
        title="Receivables",
        page="receivables",
        people=people,
        totals=_totals(people),
        today=today,
        new=new or _blank_receivable(),
        errors=errors or FormErrors(),
        entry_form=entry_form or {},
        **_choices(),
    )


def _choices() -> dict[str, Any]:
    return {
        "interest_kinds": INTEREST_KINDS,
        "compounding_options": COMPOUNDING,
        "entry_kinds": ENTRY_KINDS,
        "history_limit": HISTORY,
    }


@bp.get("/receivables")
@login_required
def receivables() -> ResponseReturnValue:
    """Money people owe me, per person: overdue first, each tracker's outstanding with interest."""
    return _receivables_page()


def _receivable_body(values: Mapping[str, str]) -> dict[str, Any]:
    kind = values["interest_kind"] or "none"
    interest: dict[str, Any] = {"kind": kind}
    if kind in ("simple", "compound"):
        interest["annual_rate"] = values["annual_rate"].removesuffix("%").strip()
    if kind == "compound":
        interest["compounding"] = values["compounding"]
    return {
        "counterparty": values["counterparty"],
        "principal": _amount_text(values["principal"]),
        "start_date": values["start_date"],
        "due_date": values["due_date"] or None,
        "interest": interest,
        "memo": values["memo"] or None,
    }


@bp.post("/receivables")
@login_required
def create_receivable() -> ResponseReturnValue:
    """Start tracking a receivable (`POST /finance/receivables`'s schema and service)."""
    values = _form(RECEIVABLE_FIELDS)
    try:
        body = parse(rs.ReceivableIn, _receivable_body(values))
        with unit_of_work() as uow:
            made = receivables_svc.create_tracker(uow, current_user_id(), body, user_today())
    except AppError as exc:
        _raise_unless_form_error(exc)
        renames = {"interest.simple": "", "interest.compound": "", "interest": "interest_kind"}
        errors = _errors(exc, renames, RECEIVABLE_FIELDS)
        return _receivables_page(new=values, errors=errors, status=exc.status)
    flash(f"Now tracking {made.principal:,.2f} lent to {made.counterparty}.", "success")
    return redirect(url_for(".receivables", _anchor=f"receivable-{made.id}"), 303)


@bp.post("/receivables/<int:receivable_id>/entries")
@login_required
def record_receivable_entry(receivable_id: int) -> ResponseReturnValue:
    """Record a repayment or further lending; with htmx, answer that person's section."""
    session, uid = current_session(), current_user_id()
    tracker = receivables_svc.get_card(session, uid, receivable_id, user_today())  # 404 first
    values = _form(ENTRY_FIELDS)
    repayment = values["kind"] != "lending"
    amount = _amount_text(values["amount"])
    try:
        if amount and amount[0] in "+-":
            raise ValidationFailed(
                "The entry is invalid.",
                errors=[{"field": "amount", "message": "enter the amount without a sign"}],
            )
        data = {"date": values["date"] or user_today().isoformat(), "memo": values["memo"] or None}
        if amount:  # blank stays missing: "Field required" beside the amount
            data["amount"] = f"-{amount}" if repayment else amount
        body = parse(rs.EntryIn, data)
        with unit_of_work() as uow:
            receivables_svc.record_entry(uow, uid, receivable_id, body)
    except AppError as exc:
        _raise_unless_form_error(exc)
        form = {"id": receivable_id, "values": values, "errors": _errors(exc, {}, ENTRY_FIELDS)}
        if _is_htmx():
            return _person_fragment(receivable_id, entry_form=form, status=exc.status)
        return _receivables_page(entry_form=form, status=exc.status)
    what = "repayment" if repayment else "further lending"
    after = receivables_svc.get_card(current_session(), uid, receivable_id, user_today())
    message = (
        f"Recorded {what} of {body.amount.copy_abs():,.2f} for {tracker.counterparty}; "
        f"outstanding now {after.outstanding:,.2f}."
    )
    if _is_htmx():
        return _person_fragment(receivable_id, swapped=message)
    flash(message, "success")
    return redirect(url_for(".receivables", _anchor=f"receivable-{receivable_id}"), 303)


def _person_fragment(
    receivable_id: int,
    *,
    swapped: str | None = None,
    entry_form: Mapping[str, Any] | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    today = user_today()
    people = _people(today)
    person = next(p for p in people if receivable_id in p.summary.receivable_ids)
    return _page(
        "finance/_receivables_swap.html",
        status,
        person=person,
        totals=_totals(people),
        today=today,
        swapped=swapped,
        entry_form=entry_form or {},
        **_choices(),
    )


# ------------------------------------------------------------------------------ loans


def _all_loans(as_of: date) -> list[rs.LoanOut]:
    session, uid = current_session(), current_user_id()
    items: list[rs.LoanOut] = []
    cursor: str | None = None
    for _ in range(MAX_PAGES):
        page = loans_svc.list_loans(session, uid, as_of, limit=100, cursor=cursor)
        items.extend(page.items)
        cursor = page.next_cursor
        if cursor is None:
            break
    return items


def _blank_loan() -> dict[str, str]:
    return {
        "name": "",
        "direction": "lent",
        "description": "",
        "loan_kind": "annuity",
        "principal": "",
        "annual_rate": "",
        "term_payments": "12",
        "payments_per_year": "12",
        "first_payment_date": "",
        "extra_payment_mode": "shorter_term",
    }


def _loans_page(
    *, new: Mapping[str, str] | None = None, errors: FormErrors | None = None, status: int = 200
) -> ResponseReturnValue:
    today = user_today()
    loans = _all_loans(today)
    totals = {
        d: sum((loan.outstanding for loan in loans if loan.direction == d), start=Decimal(0))
        for d in ("lent", "borrowed")
    }
    return _page(
        "finance/loans.html",
        status,
        title="Loans",
        page="loans",
        loans=loans,
        totals=totals,
        today=today,
        new=new or _blank_loan(),
        errors=errors or FormErrors(),
        directions=DIRECTIONS,
        loan_kinds=LOAN_KINDS,
        per_year=PER_YEAR,
        modes=MODES,
    )


@bp.get("/loans")
@login_required
def loans() -> ResponseReturnValue:
    """Loans lent and borrowed, each with principal, paid and outstanding; and a form for a new one."""
    return _loans_page()


def _whole(text: str) -> int | str:
    """A whole number as the API's strict integer fields want it (else the text, for its 422)."""
    return int(text) if text.isascii() and text.isdigit() and len(text) < 8 else text


def _terms_body(values: Mapping[str, str]) -> dict[str, Any]:
    return {
        "principal": _amount_text(values["principal"]),
        "annual_rate": values["annual_rate"].removesuffix("%").strip(),
        "term_payments": _whole(values["term_payments"]),
        "payments_per_year": _whole(values["payments_per_year"] or "12"),
        "first_payment_date": values["first_payment_date"],
        "extra_payment_mode": values["extra_payment_mode"] or "shorter_term",
    }


@bp.post("/loans")
@login_required
def create_loan() -> ResponseReturnValue:
    """Create a loan (`POST /finance/loans`'s schema and service); open its page."""
    values = _form(LOAN_FIELDS)
    data: dict[str, Any] = {
        "name": values["name"],
        "direction": values["direction"] or "lent",
        "description": values["description"] or None,
        "amortization": _terms_body(values) if values["loan_kind"] != "group" else None,
    }
    try:
        body = parse(rs.LoanIn, data)
        with unit_of_work() as uow:
            made = loans_svc.create_loan(uow, current_user_id(), body, user_today())
    except AppError as exc:
        _raise_unless_form_error(exc)
        errors = _errors(exc, {"amortization": ""}, LOAN_FIELDS)
        return _loans_page(new=values, errors=errors, status=exc.status)
    flash(f"Loan “{made.name}” created.", "success")
    return redirect(url_for(".loan", loan_id=made.id), 303)


def _what_if() -> tuple[dict[str, str], dict[str, Any], FormErrors]:
    """The what-if query (extra amount, after which payment, mode) parsed with the API's schema."""
    shown = {n: request.args.get(n, "").strip()[:64] for n in ("extra_amount", "extra_after", "mode")}
    data = {k: v for k, v in shown.items() if v}
    if "extra_amount" in data:
        data["extra_amount"] = _amount_text(data["extra_amount"])
    try:
        query = parse(rs.ScheduleQuery, data)
    except ValidationFailed as exc:
        return shown, {}, _errors(exc, {}, ("extra_amount", "extra_after", "mode"))
    asked = {k: getattr(query, k) for k in ("extra_amount", "extra_after", "mode")}
    return shown, asked, FormErrors()


def _comparison(base: rs.ScheduleOut, plan: rs.ScheduleOut) -> dict[str, Any]:
    """How a what-if differs from the plan: payments, the last date, the payment after the
    extra one, interest saved."""
    extra_row = next((r for r in plan.rows if r.extra > 0), None)
    after = plan.rows[extra_row.number] if extra_row and extra_row.number < len(plan.rows) else None
    return {
        "mode": plan.mode,
        "payments": len(plan.rows),
        "base_payments": len(base.rows),
        "last": plan.rows[-1].date if plan.rows else None,
        "base_last": base.rows[-1].date if base.rows else None,
        "interest": plan.totals.interest,
        "saved": base.totals.interest - plan.totals.interest,
        "extra": plan.totals.extra,
        "extra_number": extra_row.number if extra_row else None,
        "payment_after": after.payment if after else None,
    }


def _loan_page(
    loan_id: int, *, link_errors: FormErrors | None = None, status: int = 200
) -> ResponseReturnValue:
    session, uid = current_session(), current_user_id()
    today = user_today()
    loan = loans_svc.get_card(session, uid, loan_id, today)
    shown, asked, whatif_errors = _what_if()
    base = plan = None
    comparisons: list[dict[str, Any]] = []
    if loan.amortization is not None:
        base = loans_svc.loan_schedule(session, uid, loan_id, today)
        if asked.get("extra_amount") is not None:
            chosen = asked.get("mode") or loan.amortization.extra_payment_mode
            for mode, _label in MODES:  # both ways, to compare; the table shows the chosen one
                what_if = loans_svc.loan_schedule(session, uid, loan_id, today, **{**asked, "mode": mode})
                comparisons.append(_comparison(base, what_if))
                plan = what_if if mode == chosen else plan
    linked = {link.receivable_id for link in loan.links if link.receivable_id is not None}
    payments: dict[int, dict[str, Any]] = {}
    for link in loan.links:
        if link.journal_entry_id is not None:
            found = entries_svc.get_entry(session, uid, link.journal_entry_id)
            total = sum((line.debit or Decimal(0) for line in found.lines), start=Decimal(0))
            payments[found.id] = {"date": found.entry_date, "description": found.description, "total": total}
    trackers = _all_trackers(today)
    by_id = {t.id: t for t in trackers}
    return _page(
        "finance/loan.html",
        422 if whatif_errors else status,
        title=loan.name,
        page="loans",
        loan=loan,
        base=base,
        plan=plan,
        shown=shown,
        whatif_errors=whatif_errors,
        comparison=next((c for c in comparisons if plan and c["mode"] == plan.mode), None),
        comparisons=comparisons,
        linked_trackers=[by_id[i] for i in sorted(linked) if i in by_id],
        payments=payments,
        linkable=[
            (t.id, f"{t.counterparty}: {money(t.principal)} lent {human_date(t.start_date)}")
            for t in trackers
            if t.id not in linked
        ],
        link_errors=link_errors or FormErrors(),
        link_values={k: request.form.get(k, "") for k in ("receivable_id", "journal_entry_id")},
        today=today,
        modes=MODES,
        per_year=dict(PER_YEAR),
    )


@bp.get("/loans/<int:loan_id>")
@login_required
def loan(loan_id: int) -> ResponseReturnValue:
    """A loan: its figures, what is linked, and (amortizing) the schedule against what was paid,
    with a what-if extra payment (shorter term or lower payment)."""
    return _loan_page(loan_id)


@bp.post("/loans/<int:loan_id>/links")
@login_required
def link_loan(loan_id: int) -> ResponseReturnValue:
    """Link one of my receivables or journal entries (`POST /finance/loans/<id>/links`)."""
    loans_svc.get_group(current_session(), current_user_id(), loan_id)  # another's loan: 404 page
    values = _form(("receivable_id", "journal_entry_id"))
    field_name = "receivable_id" if values["receivable_id"] else "journal_entry_id"
    data = {k: _whole(v) for k, v in values.items() if v}
    try:
        body = parse(rs.LinkIn, data)
        with unit_of_work() as uow:
            loans_svc.add_link(uow, current_user_id(), loan_id, body)
    except AppError as exc:
        _raise_unless_form_error(exc)
        errors = _errors(exc, {}, ("receivable_id", "journal_entry_id"))
        if exc.status in (404, 409) or not errors.fields:
            errors = FormErrors({field_name: exc.detail})
        return _loan_page(loan_id, link_errors=errors, status=exc.status)
    what = "Receivable" if body.receivable_id else f"Journal entry #{body.journal_entry_id}"
    flash(f"{what} linked to this loan.", "success")
    return redirect(url_for(".loan", loan_id=loan_id), 303)
