"""Annuity loans: the payment, the schedule, and re-amortization after extra payments (pure).

Rate per payment `i = annual_rate / 100 / payments_per_year`. The payment for a balance `B`
over `n` payments is `B·i / (1 − (1 + i)^−n)` (`B / n` at 0 %), rounded half-up to cents.
Each row: `interest = B·i` rounded half-up to cents, `principal = payment − interest`, and the
last row pays whatever balance is left (its payment is `balance + interest`): the rounding
remainder falls on the last payment, so the principal parts sum exactly to the principal.

An extra payment after payment `k` goes straight to the balance and re-amortizes the rest:
`shorter_term` keeps the payment and ends early; `lower_payment` keeps the last payment's
date and recomputes the payment for the payments left. Actual payments (`paid`, per payment
number) above the scheduled payment count as extra payments the same way; a shortfall is not
re-amortized (it is arrears, shown by the comparison with what was paid).

Due dates: payment 1 on `first_payment_date`, then every 12/payments_per_year months on that
day (the month's last day when it is shorter) for 1, 2, 4 and 12 payments a year, every 14
days for 26 and every 7 days for 52.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, localcontext

from lifeos.domains.finance.services.interest import add_months, cents

PAYMENTS_PER_YEAR = (1, 2, 4, 12, 26, 52)
MODES = ("shorter_term", "lower_payment")
_ZERO = Decimal("0.00")


@dataclass(frozen=True)
class LoanTerms:
    principal: Decimal
    annual_rate: Decimal  # percent
    term_payments: int
    payments_per_year: int
    first_payment_date: date


@dataclass(frozen=True)
class Row:
    number: int
    on: date
    payment: Decimal
    interest: Decimal
    principal: Decimal
    extra: Decimal
    balance: Decimal


_cents = cents


def rate_per_payment(terms: LoanTerms) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 40
        return Decimal(terms.annual_rate) / 100 / terms.payments_per_year


def annuity(balance: Decimal, rate: Decimal, payments: int) -> Decimal:
    """The level payment that repays `balance` in `payments` payments at `rate` per payment."""
    if payments <= 0 or balance <= 0:
        return _ZERO
    with localcontext() as ctx:
        ctx.prec = 40
        if rate == 0:
            return _cents(balance / payments)
        return _cents(balance * rate / (1 - (1 + rate) ** -payments))


def due_date(terms: LoanTerms, number: int) -> date:
    """The due date of payment `number` (1 = the first)."""
    per_year = terms.payments_per_year
    if per_year in (26, 52):
        return terms.first_payment_date + timedelta(days=(number - 1) * 364 // per_year)
    return add_months(terms.first_payment_date, (number - 1) * (12 // per_year))


def schedule(
    terms: LoanTerms,
    *,
    extras: Mapping[int, Decimal] | None = None,
    paid: Mapping[int, Decimal] | None = None,
    mode: str = "shorter_term",
) -> list[Row]:
    """The rows until the balance is 0 (at most `term_payments`); see the module for the rules."""
    rate = rate_per_payment(terms)
    balance = _cents(Decimal(terms.principal))
    term = terms.term_payments
    payment = annuity(balance, rate, term)
    rows: list[Row] = []
    number = 0
    while balance > 0 and number < term:
        number += 1
        with localcontext() as ctx:
            ctx.prec = 40
            interest = _cents(balance * rate)
        principal = payment - interest
        due = payment
        if number == term or principal >= balance:
            principal = balance
            due = balance + interest
        balance -= principal
        extra = (extras or {}).get(number, _ZERO)
        if paid is not None and number in paid:
            extra += max(paid[number] - due, _ZERO)
        extra = min(max(_cents(extra), _ZERO), balance)
        balance -= extra
        rows.append(Row(number, due_date(terms, number), due, interest, principal, extra, balance))
        if extra > 0 and mode == "lower_payment":
            payment = annuity(balance, rate, term - number)
    return rows


def actual_balance(terms: LoanTerms, paid: Mapping[int, Decimal], through: int) -> Decimal:
    """The balance after payment `through` when each period charged interest on the actual
    balance (rounded like the schedule) and `paid[k]` was paid in period k."""
    rate = rate_per_payment(terms)
    balance = _cents(Decimal(terms.principal))
    for number in range(1, through + 1):
        with localcontext() as ctx:
            ctx.prec = 40
            interest = _cents(balance * rate) if balance > 0 else _ZERO
        balance += interest - paid.get(number, _ZERO)
    return balance


def period_of(terms: LoanTerms, on: date) -> int:
    """The payment a payment made on `on` counts for: the first whose due date is on or after
    `on` (payments after the last due date count for the last)."""
    low, high = 1, terms.term_payments
    while low < high:
        mid = (low + high) // 2
        if due_date(terms, mid) >= on:
            high = mid
        else:
            low = mid + 1
    return low
