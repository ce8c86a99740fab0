"""services.amortization: the annuity payment, the schedule and re-amortization."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lifeos.domains.finance.services.amortization import (
    LoanTerms,
    actual_balance,
    annuity,
    due_date,
    period_of,
    rate_per_payment,
    schedule,
)

D = Decimal
TEN_K = LoanTerms(D("10000.00"), D("5"), 12, 12, date(2026, 1, 31))


def test_twelve_month_five_percent_loan_of_ten_thousand() -> None:
    rows = schedule(TEN_K)
    # 10000 × i / (1 − (1 + i)^−12) with i = 5 %/12, worked exactly: 856.0748…
    i = Fraction(5, 1200)
    exact = 10000 * i / (1 - (1 + i) ** -12)
    assert 856.07 < float(exact) < 856.08
    assert [r.payment for r in rows[:-1]] == [D("856.07")] * 11
    assert len(rows) == 12 and rows[-1].balance == 0
    assert sum(r.principal for r in rows) == D("10000.00")
    # The first row by hand: interest 10000 × 5 %/12 = 41.666… → 41.67; principal 814.40.
    assert (rows[0].interest, rows[0].principal, rows[0].balance) == (D("41.67"), D("814.40"), D("9185.60"))
    # The rounding remainder sits on the last payment: its balance plus its interest.
    assert rows[-1].payment == rows[-1].principal + rows[-1].interest == D("856.12")
    assert all(r.payment == r.interest + r.principal for r in rows)


def test_due_dates_keep_the_day_or_the_months_last_day() -> None:
    assert [due_date(TEN_K, n) for n in (1, 2, 3, 4)] == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
    ]
    weekly = LoanTerms(D("100"), D("0"), 4, 52, date(2026, 3, 2))
    assert [due_date(weekly, n) for n in (1, 2, 3)] == [date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 16)]
    quarterly = LoanTerms(D("100"), D("0"), 4, 4, date(2026, 1, 15))
    assert due_date(quarterly, 2) == date(2026, 4, 15)


def test_zero_rate_splits_the_principal_evenly_with_the_remainder_last() -> None:
    rows = schedule(LoanTerms(D("100.00"), D("0"), 3, 12, date(2026, 1, 1)))
    assert [r.payment for r in rows] == [D("33.33"), D("33.33"), D("33.34")]
    assert all(r.interest == 0 for r in rows)


def test_extra_payment_shorter_term_keeps_the_payment_and_ends_early() -> None:
    rows = schedule(TEN_K, extras={3: D("2000.00")}, mode="shorter_term")
    assert rows[2].extra == D("2000.00") and rows[2].balance == D("5546.60")  # 7546.60 − 2000
    assert all(r.payment == D("856.07") for r in rows[:-1])
    assert len(rows) == 10 and rows[-1].balance == 0
    assert sum(r.principal + r.extra for r in rows) == D("10000.00")
    # Interest on the lower balance: 5546.60 × 5 %/12 = 23.11.
    assert rows[3].interest == D("23.11")
    assert sum(r.interest for r in rows) < sum(r.interest for r in schedule(TEN_K))


def test_extra_payment_lower_payment_keeps_the_term() -> None:
    rows = schedule(TEN_K, extras={3: D("2000.00")}, mode="lower_payment")
    assert len(rows) == 12 and rows[-1].balance == 0 and rows[-1].on == date(2026, 12, 31)
    # The rest re-amortized: 5546.60 over the 9 payments left.
    assert rows[3].payment == annuity(D("5546.60"), rate_per_payment(TEN_K), 9) == D("629.20")
    assert all(r.payment == D("629.20") for r in rows[3:-1])
    assert sum(r.principal + r.extra for r in rows) == D("10000.00")


def test_actual_overpayment_re_amortizes_like_an_extra() -> None:
    paid = {1: D("856.07"), 2: D("1856.07")}
    rows = schedule(TEN_K, paid=paid, mode="shorter_term")
    assert rows[1].extra == D("1000.00")
    assert rows == schedule(TEN_K, extras={2: D("1000.00")}, mode="shorter_term")
    # A shortfall is arrears, not a re-amortization.
    assert schedule(TEN_K, paid={1: D("100.00")}) == schedule(TEN_K)


def test_an_extra_larger_than_the_balance_pays_it_off() -> None:
    rows = schedule(TEN_K, extras={1: D("99999.00")})
    assert len(rows) == 1 and rows[0].extra == D("9185.60") and rows[0].balance == 0


def test_actual_balance_and_payment_periods() -> None:
    # Paying exactly the schedule leaves exactly the schedule's balance.
    rows = schedule(TEN_K)
    paid = {r.number: r.payment for r in rows}
    assert actual_balance(TEN_K, paid, 3) == rows[2].balance
    # Paying nothing lets interest pile up on the balance: 10000 → 10041.67 → 10083.51.
    assert actual_balance(TEN_K, {}, 2) == D("10083.51")
    assert period_of(TEN_K, date(2026, 1, 1)) == 1
    assert period_of(TEN_K, date(2026, 1, 31)) == 1
    assert period_of(TEN_K, date(2026, 2, 1)) == 2
    assert period_of(TEN_K, date(2030, 1, 1)) == 12


@settings(max_examples=200, deadline=None)
@given(
    principal=st.integers(1, 10**9).map(lambda c: D(c) / 100),
    rate=st.integers(0, 250_000).map(lambda r: D(r) / 10_000),
    term=st.integers(1, 480),
    per_year=st.sampled_from([1, 2, 4, 12, 26, 52]),
    extra_at=st.integers(1, 480),
    extra=st.integers(0, 10**8).map(lambda c: D(c) / 100),
    mode=st.sampled_from(["shorter_term", "lower_payment"]),
)
def test_principal_parts_always_sum_to_the_principal(
    principal: Decimal, rate: Decimal, term: int, per_year: int, extra_at: int, extra: Decimal, mode: str
) -> None:
    terms = LoanTerms(principal, rate, term, per_year, date(2026, 1, 31))
    rows = schedule(terms, extras={extra_at: extra}, mode=mode)
    assert sum(r.principal + r.extra for r in rows) == principal
    assert rows[-1].balance == 0 and len(rows) <= term
    assert all(r.payment == r.interest + r.principal and r.principal >= 0 for r in rows)


@pytest.mark.parametrize("per_year", [1, 2, 4, 12, 26, 52])
def test_payment_formula_matches_exact_arithmetic(per_year: int) -> None:
    terms = LoanTerms(D("250000.00"), D("3.875"), 30 * per_year, per_year, date(2026, 1, 1))
    i = Fraction(3875, 100_000 * per_year)
    exact = 250000 * i / (1 - (1 + i) ** -(30 * per_year))
    expected = D(round(exact * 100)) / 100  # exact value, half-up away from a tie
    assert annuity(terms.principal, rate_per_payment(terms), terms.term_payments) == expected
