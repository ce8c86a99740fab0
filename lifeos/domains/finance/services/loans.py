"""Loan groups: trackers and journal entries that form one loan, lent or borrowed.

What counts as paid: the repayments (negative entries) of the linked trackers and the total
(sum of debits) of each linked journal entry that has not been reversed, dated up to `as_of`.
Further lending (positive tracker entries) adds to the principal.

* A loan **without** amortization terms: principal = the linked trackers' principals (started
  by `as_of`) + further lending; interest = the trackers' accrued interest
  (`services.interest`); outstanding = principal + interest − paid.
* An **annuity** loan (terms set): principal = the terms' principal; each period charges
  interest on the actual balance (`services.amortization.actual_balance`), a payment counts for
  the first due date on or after its date, and outstanding = that balance after the payments
  made by `as_of`; interest = outstanding − principal + paid. The schedule re-amortizes after
  payments above the scheduled payment and after a what-if extra payment.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from lifeos.domains.finance.errors import (
    EntryNotFound,
    InvalidLoanLink,
    LoanLinkExists,
    LoanNotAmortizing,
    LoanNotFound,
)
from lifeos.domains.finance.events import LoanCreated, LoanDeleted, LoanLinked, LoanUpdated
from lifeos.domains.finance.models import (
    LedgerEntry,
    LedgerLine,
    LoanGroup,
    LoanGroupLink,
    ReceivableTracker,
)
from lifeos.domains.finance.schemas.receivables import (
    AmortizationIn,
    AmortizationOut,
    LinkIn,
    LinkOut,
    LoanIn,
    LoanOut,
    ScheduleOut,
    ScheduleRowOut,
    ScheduleTotalsOut,
)
from lifeos.domains.finance.services import amortization as amort
from lifeos.domains.finance.services.interest import cents
from lifeos.domains.finance.services.receivables import accrual_of, entries_of, get_tracker
from lifeos.platform.database import utcnow
from lifeos.platform.http import MAX_ID
from lifeos.platform.money import ZERO
from lifeos.platform.pagination import Page, cursor_int, decode_cursor, paginate
from lifeos.platform.uow import UnitOfWork

FIELDS = ("name", "description", "direction", "amortization")
_TERM_COLUMNS = (
    "principal",
    "annual_rate",
    "term_payments",
    "payments_per_year",
    "first_payment_date",
)


@dataclass
class _Money:
    """A loan's money movements up to a day: dated payments, and what it lent."""

    payments: list[tuple[date, Decimal]] = field(default_factory=list)
    tracker_principal: Decimal = ZERO
    lent_more: Decimal = ZERO
    interest: Decimal = ZERO


def terms_of(group: LoanGroup) -> amort.LoanTerms | None:
    if (
        group.principal is None
        or group.annual_rate is None
        or not group.term_payments
        or not group.payments_per_year
        or group.first_payment_date is None
    ):
        return None
    return amort.LoanTerms(
        principal=Decimal(group.principal),
        annual_rate=Decimal(group.annual_rate),
        term_payments=group.term_payments,
        payments_per_year=group.payments_per_year,
        first_payment_date=group.first_payment_date,
    )


# ------------------------------------------------------------------------------ reading


def get_group(session: Session, user_id: int, loan_id: int, *, lock: bool = False) -> LoanGroup:
    """The user's loan group, or 404; `lock` holds its row for a write (PostgreSQL)."""
    group = None
    if 1 <= loan_id <= MAX_ID:
        stmt = select(LoanGroup).where(LoanGroup.user_id == user_id, LoanGroup.id == loan_id)
        group = session.scalar(stmt.with_for_update() if lock else stmt)
    if group is None:
        raise LoanNotFound(f"Loan {loan_id} not found.")
    return group


def links_of(session: Session, user_id: int, group_ids: Sequence[int]) -> dict[int, list[LoanGroupLink]]:
    out: dict[int, list[LoanGroupLink]] = defaultdict(list)
    if group_ids:
        rows = session.scalars(
            select(LoanGroupLink)
            .where(LoanGroupLink.user_id == user_id, LoanGroupLink.group_id.in_(list(group_ids)))
            .order_by(LoanGroupLink.id)
        )
        for link in rows:
            out[link.group_id].append(link)
    return out


def _entry_totals(
    session: Session, user_id: int, entry_ids: Sequence[int]
) -> dict[int, tuple[date, Decimal]]:
    """journal entry id → (its date, the sum of its debits); a reversed entry paid nothing."""
    if not entry_ids:
        return {}
    reversal = aliased(LedgerEntry)
    rows = session.execute(
        select(LedgerEntry.id, LedgerEntry.entry_date, func.coalesce(func.sum(LedgerLine.debit), 0))
        .join(LedgerLine, LedgerLine.entry_id == LedgerEntry.id)
        .where(
            LedgerEntry.user_id == user_id,
            LedgerEntry.id.in_(list(entry_ids)),
            ~exists().where(reversal.reversal_of_id == LedgerEntry.id),
        )
        .group_by(LedgerEntry.id, LedgerEntry.entry_date)
    ).tuples()
    return {entry_id: (on, Decimal(total)) for entry_id, on, total in rows}


def _money(session: Session, user_id: int, links: Sequence[LoanGroupLink], as_of: date) -> _Money:
    money = _Money()
    tracker_ids = [link.tracker_id for link in links if link.tracker_id is not None]
    entry_ids = [link.journal_entry_id for link in links if link.journal_entry_id is not None]
    trackers = list(
        session.scalars(
            select(ReceivableTracker).where(
                ReceivableTracker.user_id == user_id, ReceivableTracker.id.in_(tracker_ids)
            )
        )
    )
    entries = entries_of(session, user_id, tracker_ids)
    for tracker in trackers:
        own = entries.get(tracker.id, [])
        if tracker.start_date <= as_of:
            money.tracker_principal += tracker.principal
        figures = accrual_of(tracker, own, as_of)
        money.interest += figures.interest
        for entry in own:
            if entry.entry_date > as_of:
                continue
            if entry.amount < 0:
                money.payments.append((entry.entry_date, -entry.amount))
            else:
                money.lent_more += entry.amount
    for on, total in _entry_totals(session, user_id, entry_ids).values():
        if on <= as_of:
            money.payments.append((on, total))
    money.payments.sort()
    return money


def _by_period(terms: amort.LoanTerms, payments: Sequence[tuple[date, Decimal]]) -> dict[int, Decimal]:
    paid: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for on, amount in payments:
        paid[amort.period_of(terms, on)] += amount
    return dict(paid)


def _due_by(terms: amort.LoanTerms, as_of: date) -> int:
    """How many payments are due on or before `as_of`."""
    if as_of < terms.first_payment_date:
        return 0
    number = amort.period_of(terms, as_of)
    return number if amort.due_date(terms, number) <= as_of else number - 1


def _annuity_outstanding(terms: amort.LoanTerms, money: _Money, as_of: date) -> Decimal:
    paid = _by_period(terms, money.payments)
    through = _due_by(terms, as_of)
    early = sum((amount for number, amount in paid.items() if number > through), start=ZERO)
    return amort.actual_balance(terms, paid, through) - early


def _amortization_out(group: LoanGroup, terms: amort.LoanTerms | None) -> AmortizationOut | None:
    if terms is None:
        return None
    return AmortizationOut(
        principal=terms.principal,
        annual_rate=str(terms.annual_rate.quantize(Decimal("0.0001"))),
        term_payments=terms.term_payments,
        payments_per_year=terms.payments_per_year,
        first_payment_date=terms.first_payment_date,
        extra_payment_mode=group.extra_payment_mode,
        payment=amort.annuity(terms.principal, amort.rate_per_payment(terms), terms.term_payments),
    )


def _link_out(link: LoanGroupLink) -> LinkOut:
    return LinkOut(
        id=link.id,
        loan_id=link.group_id,
        receivable_id=link.tracker_id,
        journal_entry_id=link.journal_entry_id,
    )


def card(
    session: Session, user_id: int, group: LoanGroup, links: Sequence[LoanGroupLink], as_of: date
) -> LoanOut:
    money = _money(session, user_id, links, as_of)
    paid = sum((amount for _, amount in money.payments), start=ZERO)
    terms = terms_of(group)
    if terms is None:
        principal = money.tracker_principal + money.lent_more
        interest = money.interest
        outstanding = principal + interest - paid
    else:
        principal = terms.principal + money.lent_more
        outstanding = _annuity_outstanding(terms, money, as_of) + money.lent_more
        interest = outstanding - principal + paid
    return LoanOut(
        id=group.id,
        name=group.name,
        description=group.description,
        direction="borrowed" if group.direction == "borrowed" else "lent",
        amortization=_amortization_out(group, terms),
        links=[_link_out(link) for link in links],
        as_of=as_of,
        principal=cents(principal),
        paid=cents(paid),
        interest=cents(interest),
        outstanding=cents(outstanding),
        created_at=group.created_at,
        updated_at=group.updated_at,
    )


def get_card(session: Session, user_id: int, loan_id: int, as_of: date) -> LoanOut:
    group = get_group(session, user_id, loan_id)
    return card(session, user_id, group, links_of(session, user_id, [group.id]).get(group.id, []), as_of)


def list_loans(
    session: Session, user_id: int, as_of: date, *, limit: int, cursor: str | None = None
) -> Page[LoanOut]:
    """Newest first (by id)."""
    stmt = select(LoanGroup).where(LoanGroup.user_id == user_id)
    key = decode_cursor("loans", cursor, 1)
    if key is not None:
        stmt = stmt.where(LoanGroup.id < cursor_int(key[0]))
    rows = list(session.scalars(stmt.order_by(LoanGroup.id.desc()).limit(limit + 1)))
    page = paginate(rows, limit, "loans", lambda g: [g.id])
    links = links_of(session, user_id, [g.id for g in page.items])
    return Page([card(session, user_id, g, links.get(g.id, []), as_of) for g in page.items], page.next_cursor)


def loan_schedule(
    session: Session,
    user_id: int,
    loan_id: int,
    as_of: date,
    *,
    extra_amount: Decimal | None = None,
    extra_after: int | None = None,
    mode: str | None = None,
) -> ScheduleOut:
    """The annuity schedule against what was paid by `as_of`; 409 when the loan has no terms.

    A what-if `extra_amount` is paid right after payment `extra_after` (default: the last
    payment due by `as_of`, at least 1).
    """
    group = get_group(session, user_id, loan_id)
    terms = terms_of(group)
    if terms is None:
        raise LoanNotAmortizing(f"Loan {loan_id} has no amortization terms.")
    links = links_of(session, user_id, [group.id]).get(group.id, [])
    money = _money(session, user_id, links, as_of)
    paid = _by_period(terms, money.payments)
    chosen = mode or group.extra_payment_mode
    extras: dict[int, Decimal] = {}
    if extra_amount is not None:
        extras[extra_after or max(_due_by(terms, as_of), 1)] = extra_amount
    rows = amort.schedule(terms, extras=extras, paid=paid, mode=chosen)
    last = rows[-1].number if rows else 0
    row_paid = {n: amount for n, amount in paid.items() if n < last}
    row_paid[last] = sum((amount for n, amount in paid.items() if n >= last), start=ZERO)
    out_rows = [
        ScheduleRowOut(
            number=r.number,
            date=r.on,
            payment=r.payment,
            interest=r.interest,
            principal=r.principal,
            extra=r.extra,
            balance=r.balance,
            paid=row_paid.get(r.number, ZERO),
        )
        for r in rows
    ]
    scheduled = sum((r.payment for r in rows if r.on <= as_of), start=ZERO)
    paid_total = sum((amount for _, amount in money.payments), start=ZERO)
    return ScheduleOut(
        loan_id=group.id,
        as_of=as_of,
        mode="lower_payment" if chosen == "lower_payment" else "shorter_term",
        payment=amort.annuity(terms.principal, amort.rate_per_payment(terms), terms.term_payments),
        rows=out_rows,
        totals=ScheduleTotalsOut(
            payment=sum((r.payment for r in rows), start=ZERO),
            interest=sum((r.interest for r in rows), start=ZERO),
            principal=sum((r.principal for r in rows), start=ZERO),
            extra=sum((r.extra for r in rows), start=ZERO),
        ),
        scheduled_to_date=scheduled,
        paid_to_date=paid_total,
        ahead=paid_total - scheduled,
        outstanding=cents(_annuity_outstanding(terms, money, as_of) + money.lent_more),
    )


# ------------------------------------------------------------------------------ writing


def _apply_terms(group: LoanGroup, terms: AmortizationIn | None) -> None:
    if terms is None:
        for column in _TERM_COLUMNS:
            setattr(group, column, None)
        return
    group.principal = terms.principal
    group.annual_rate = terms.annual_rate
    group.term_payments = terms.term_payments
    group.payments_per_year = terms.payments_per_year
    group.first_payment_date = terms.first_payment_date
    group.extra_payment_mode = terms.extra_payment_mode


def create_loan(uow: UnitOfWork, user_id: int, body: LoanIn, as_of: date) -> LoanOut:
    """Create a loan group; emits `finance.loan.created`."""
    session = uow.session

    def work() -> LoanOut:
        group = LoanGroup(
            user_id=user_id, name=body.name, description=body.description, direction=body.direction
        )
        _apply_terms(group, body.amortization)
        session.add(group)
        session.flush()
        uow.emit(
            LoanCreated(
                loan_id=group.id,
                user_id=user_id,
                direction=group.direction,
                amortizing=body.amortization is not None,
            ),
            user_id,
        )
        return card(session, user_id, group, [], as_of)

    return uow.run(work)


def update_loan(
    uow: UnitOfWork, user_id: int, loan_id: int, changes: Mapping[str, Any], as_of: date
) -> LoanOut:
    """Change the fields given (`amortization` replaced whole); emits `finance.loan.updated`."""
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown loan fields {sorted(unknown)}")
    session = uow.session

    def work() -> LoanOut:
        group = get_group(session, user_id, loan_id, lock=True)
        for name, value in changes.items():
            if name == "amortization":
                _apply_terms(group, value)
            else:
                setattr(group, name, value)
        if changes:
            group.updated_at = utcnow()
            session.flush()
            uow.emit(LoanUpdated(loan_id=group.id, user_id=user_id, changed=tuple(sorted(changes))), user_id)
        return card(session, user_id, group, links_of(session, user_id, [group.id]).get(group.id, []), as_of)

    return uow.run(work)


def delete_loan(uow: UnitOfWork, user_id: int, loan_id: int) -> None:
    """Delete the group and its links (trackers and journal entries stay)."""
    session = uow.session

    def work() -> None:
        group = get_group(session, user_id, loan_id, lock=True)
        session.execute(
            delete(LoanGroupLink).where(LoanGroupLink.user_id == user_id, LoanGroupLink.group_id == group.id)
        )
        session.delete(group)
        session.flush()
        uow.emit(LoanDeleted(loan_id=loan_id, user_id=user_id), user_id)

    uow.run(work)


def add_link(uow: UnitOfWork, user_id: int, loan_id: int, body: LinkIn) -> LinkOut:
    """Link one of the user's trackers or journal entries; 409 when it is linked already."""
    if (body.receivable_id is None) == (body.journal_entry_id is None):
        message = "give exactly one of receivable_id and journal_entry_id"
        raise InvalidLoanLink(
            f"The link is invalid: {message}.",
            errors=[{"field": f, "message": message} for f in ("receivable_id", "journal_entry_id")],
        )
    session = uow.session

    def work() -> LinkOut:
        group = get_group(session, user_id, loan_id, lock=True)
        if body.receivable_id is not None:
            get_tracker(session, user_id, body.receivable_id, lock=True)
        else:
            entry = session.scalar(
                select(LedgerEntry.id).where(
                    LedgerEntry.user_id == user_id, LedgerEntry.id == body.journal_entry_id
                )
            )
            if entry is None:
                raise EntryNotFound(f"Journal entry {body.journal_entry_id} not found.")
        link = LoanGroupLink(
            user_id=user_id,
            group_id=group.id,
            tracker_id=body.receivable_id,
            journal_entry_id=body.journal_entry_id,
        )
        try:
            with session.begin_nested():
                session.add(link)
        except IntegrityError as exc:
            raise LoanLinkExists("It is already linked to this loan.") from exc
        uow.emit(
            LoanLinked(
                loan_id=group.id,
                user_id=user_id,
                link_id=link.id,
                receivable_id=link.tracker_id,
                journal_entry_id=link.journal_entry_id,
            ),
            user_id,
        )
        return _link_out(link)

    return uow.run(work)
