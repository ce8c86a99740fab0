"""Interest on a receivable tracker: the one rule, stated once (pure; no database).

Day count actual/365: a stretch of `d` days at annual rate `r` (a fraction) earns
`balance × r × d / 365`. Interest runs from `start_date` to `as_of` (the day `as_of` itself
is not counted: lent and asked on the same day owes no interest). An entry dated `d` changes
the balance from `d` on. Nothing is rounded inside: amounts are carried at 40 significant
digits and rounded half-up to cents only when shown (`cents`).

* **none** — outstanding = principal + entries.
* **simple** — interest accrues on the outstanding *principal* only (principal plus further
  lending minus the part of repayments that went to principal); unpaid interest earns none.
* **compound** — interest accrues the same way, actual/365 on the running balance, and is
  added to the balance (capitalized) at the end of every compounding period. Periods are
  anchored on `start_date`: monthly ends fall on the start's day of each month (the month's
  last day when it is shorter, e.g. 31 Jan → 28 Feb → 31 Mar), quarterly every 3 such months,
  yearly on the anniversary; daily capitalizes every day, so `d` quiet days grow the balance
  by `(1 + r/365)^d`.

In both interest kinds a repayment (a negative entry) pays the accrued, not yet capitalized
interest first and then the balance; further lending (a positive entry) adds to the balance.
No interest accrues while the balance is zero or below (an overpaid tracker earns the debtor
nothing). So, for `as_of ≥ start_date`:

    outstanding = principal + Σ entries up to as_of + interest accrued up to as_of

Before `start_date` nothing is owed yet (all zero).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext

KINDS = ("none", "simple", "compound")
COMPOUNDING = ("daily", "monthly", "quarterly", "yearly")
_MONTHS = {"monthly": 1, "quarterly": 3, "yearly": 12}
_ZERO = Decimal(0)
_CENT = Decimal("0.01")
_DAYS_PER_YEAR = Decimal(365)
PRECISION = 40


@dataclass(frozen=True)
class Terms:
    kind: str  # none | simple | compound
    annual_rate: Decimal = _ZERO  # percent, e.g. Decimal("5.25")
    compounding: str | None = None  # for compound


@dataclass(frozen=True)
class Movement:
    on: date
    amount: Decimal  # signed: repayments negative, further lending positive


@dataclass(frozen=True)
class Accrual:
    """A tracker as of a day, at full precision (round with `cents` to show it)."""

    entries_total: Decimal
    interest: Decimal
    outstanding: Decimal


def cents(value: Decimal) -> Decimal:
    """Half-up to cents: the one rounding, at presentation. Wide enough for any magnitude
    (a century of 100 % daily interest has 50 digits; quantize needs them all)."""
    with localcontext() as ctx:
        ctx.prec = max(PRECISION, value.adjusted() + 4)
        return value.quantize(_CENT, rounding=ROUND_HALF_UP)


def add_months(anchor: date, months: int) -> date:
    """`anchor` moved by whole months, on the anchor's day or the month's last day."""
    index = anchor.year * 12 + anchor.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(anchor.day, last))


def _period_ends(start: date, compounding: str, until: date) -> Iterator[date]:
    """Capitalization days after `start`, up to and including `until`."""
    step = _MONTHS[compounding]
    k = 1
    while True:
        end = add_months(start, k * step)
        if end > until:
            return
        yield end
        k += 1


class _Balance:
    """The running state: the balance (principal, with capitalized interest for compound) and
    interest accrued since it was last paid or capitalized."""

    def __init__(self, principal: Decimal, rate: Decimal) -> None:
        self.balance = principal
        self.accrued = _ZERO
        self.interest = _ZERO
        self.daily = rate / 100 / _DAYS_PER_YEAR

    def accrue_simple(self, days: int) -> None:
        if days > 0 and self.balance > 0:
            earned = self.balance * self.daily * days
            self.accrued += earned
            self.interest += earned

    def compound_daily(self, days: int) -> None:
        if days > 0 and self.balance > 0:
            grown = self.balance * (1 + self.daily) ** days
            self.interest += grown - self.balance
            self.balance = grown

    def capitalize(self) -> None:
        self.balance += self.accrued
        self.accrued = _ZERO

    def move(self, amount: Decimal) -> None:
        if amount < 0:
            to_interest = min(-amount, max(self.accrued, _ZERO))
            self.accrued -= to_interest
            self.balance += amount + to_interest
        else:
            self.balance += amount


def accrue(
    principal: Decimal, start: date, terms: Terms, movements: Iterable[Movement], as_of: date
) -> Accrual:
    """The tracker's entries, interest and outstanding balance as of `as_of` (see the module)."""
    if as_of < start:
        return Accrual(_ZERO, _ZERO, _ZERO)
    moves = sorted((m for m in movements if m.on <= as_of), key=lambda m: m.on)
    entries_total = sum((m.amount for m in moves), start=_ZERO)
    rate = terms.annual_rate if terms.kind != "none" else _ZERO
    with localcontext() as ctx:
        ctx.prec = PRECISION
        state = _Balance(Decimal(principal), Decimal(rate))
        if rate == 0:
            return Accrual(entries_total, _ZERO, Decimal(principal) + entries_total)
        daily = terms.kind == "compound" and terms.compounding == "daily"
        ends: list[date] = []
        if terms.kind == "compound" and not daily:
            ends = list(_period_ends(start, terms.compounding or "monthly", as_of))
        # Events in time order; on one day a period end is booked before that day's entries.
        events: list[tuple[date, int, Decimal]] = [(end, 0, _ZERO) for end in ends]
        events += [(max(m.on, start), 1, m.amount) for m in moves]  # legacy: none before start
        events.sort(key=lambda e: (e[0], e[1]))
        at = start
        for on, kind, amount in [*events, (as_of, 2, _ZERO)]:
            days = (on - at).days
            if daily:
                state.compound_daily(days)
            else:
                state.accrue_simple(days)
            at = on
            if kind == 0:
                state.capitalize()
            elif kind == 1:
                state.move(amount)
        outstanding = state.balance + state.accrued
        return Accrual(entries_total, +state.interest, +outstanding)


def overdue(due_date: date | None, as_of: date, outstanding: Decimal) -> bool:
    """Past the due date (the day after it on) with something still owed (≥ one cent)."""
    return due_date is not None and as_of > due_date and cents(outstanding) > 0


__all__ = ["COMPOUNDING", "KINDS", "Accrual", "Movement", "Terms", "accrue", "add_months", "cents", "overdue"]
