"""services.interest: the receivable interest rule against hand-computed cases.

Each expected value is worked out step by step below with exact fractions (the rule as the
module states it), and its cents are written out as a literal too.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from lifeos.domains.finance.services.interest import Movement, Terms, accrue, add_months, cents, overdue

D = Decimal


def _cents(value: Fraction) -> Decimal:
    return cents(D(value.numerator) / D(value.denominator))


def test_no_interest_is_principal_plus_entries() -> None:
    got = accrue(
        D("1000.00"),
        date(2025, 1, 1),
        Terms("none"),
        [Movement(date(2025, 2, 1), D("-300.00")), Movement(date(2025, 3, 1), D("50.00"))],
        date(2026, 1, 1),
    )
    assert (got.entries_total, got.interest, cents(got.outstanding)) == (D("-250.00"), 0, D("750.00"))


def test_simple_interest_for_a_whole_year_is_rate_times_principal() -> None:
    got = accrue(D("1000.00"), date(2025, 1, 1), Terms("simple", D("10")), [], date(2026, 1, 1))
    assert cents(got.interest) == D("100.00")  # 1000 × 10 % × 365/365
    assert cents(got.outstanding) == D("1100.00")


def test_simple_interest_repayment_pays_interest_first_then_principal() -> None:
    rate = Fraction(10, 100)
    first = 1000 * rate * 181 / 365  # 2025-01-01 → 2025-07-01: 181 days on 1000
    principal = 1000 - (500 - first)  # the repayment of 500 pays the 49.59 interest first
    second = principal * rate * 184 / 365  # 2025-07-01 → 2026-01-01: 184 days
    got = accrue(
        D("1000.00"),
        date(2025, 1, 1),
        Terms("simple", D("10")),
        [Movement(date(2025, 7, 1), D("-500.00"))],
        date(2026, 1, 1),
    )
    assert cents(got.interest) == _cents(first + second) == D("77.29")
    assert cents(got.outstanding) == _cents(principal + second) == D("577.29")
    assert abs(got.outstanding - (D("1000") + got.entries_total + got.interest)) < D("1e-20")


def test_simple_interest_is_not_earned_on_unpaid_interest() -> None:
    two_years = accrue(D("1000.00"), date(2024, 1, 1), Terms("simple", D("10")), [], date(2026, 1, 1))
    assert cents(two_years.interest) == _cents(Fraction(1000 * 731, 10 * 365)) == D("200.27")  # 731 days


def test_monthly_compound_capitalizes_at_each_anchored_month_end() -> None:
    rate = Fraction(12, 100)
    balance = Fraction(10000)
    # Anchored on the 31st: periods end 28 Feb (28 days), 31 Mar (31), 30 Apr (30).
    for days in (28, 31, 30):
        balance *= 1 + rate * days / 365
    got = accrue(
        D("10000.00"), date(2025, 1, 31), Terms("compound", D("12"), "monthly"), [], date(2025, 4, 30)
    )
    assert cents(got.outstanding) == _cents(balance) == D("10295.46")
    assert cents(got.interest) == D("295.46")


def test_monthly_compound_with_a_repayment_inside_a_period() -> None:
    rate = Fraction(12, 100)
    accrued = 10000 * rate * 10 / 365  # 31 Jan → 10 Feb
    balance = 10000 - (1000 - accrued)  # the repayment pays the accrued interest first
    balance += balance * rate * 18 / 365  # 10 Feb → 28 Feb, capitalized at the period end
    accrued = balance * rate * 10 / 365  # 28 Feb → 10 Mar, not capitalized yet
    got = accrue(
        D("10000.00"),
        date(2025, 1, 31),
        Terms("compound", D("12"), "monthly"),
        [Movement(date(2025, 2, 10), D("-1000.00"))],
        date(2025, 3, 10),
    )
    assert cents(got.outstanding) == _cents(balance + accrued) == D("9116.20")
    assert cents(got.interest) == D("116.20")
    assert got.entries_total == D("-1000.00")


def test_compound_beats_simple_only_after_a_period_ends() -> None:
    start = date(2025, 1, 1)
    simple = accrue(D("5000.00"), start, Terms("simple", D("6")), [], date(2025, 1, 20))
    monthly = accrue(D("5000.00"), start, Terms("compound", D("6"), "monthly"), [], date(2025, 1, 20))
    assert simple.interest == monthly.interest  # inside the first period both accrue alike
    simple = accrue(D("5000.00"), start, Terms("simple", D("6")), [], date(2025, 3, 20))
    monthly = accrue(D("5000.00"), start, Terms("compound", D("6"), "monthly"), [], date(2025, 3, 20))
    assert monthly.interest > simple.interest


def test_quarterly_and_yearly_compounding() -> None:
    rate = Fraction(8, 100)
    quarter = 2000 * (1 + rate * 90 / 365)  # 1 Jan → 1 Apr 2025 (90 days), then 1 Apr → 11 Apr
    quarter += quarter * rate * 10 / 365
    got = accrue(
        D("2000.00"), date(2025, 1, 1), Terms("compound", D("8"), "quarterly"), [], date(2025, 4, 11)
    )
    assert cents(got.outstanding) == _cents(quarter)
    # Yearly: 2025 and 2026 have 365 days each (×(1 + 8 %) twice), then 1 Jan → 2 Jan 2027.
    got = accrue(D("2000.00"), date(2025, 1, 1), Terms("compound", D("8"), "yearly"), [], date(2027, 1, 2))
    expected = 2000 * (1 + rate) * (1 + rate) * (1 + rate * 1 / 365)
    assert cents(got.outstanding) == _cents(expected) == D("2333.31")


def test_daily_compounding_is_a_power_of_one_plus_r_over_365() -> None:
    got = accrue(D("1000.00"), date(2025, 1, 1), Terms("compound", D("36.5"), "daily"), [], date(2025, 1, 11))
    exact = 1000 * Fraction(1001, 1000) ** 10  # 1 + 36.5 % / 365 = 1.001 a day, 10 days
    assert abs(got.outstanding - D(exact.numerator) / D(exact.denominator)) < D("1e-20")
    assert cents(got.outstanding) == D("1010.05")


def test_lending_more_adds_to_the_balance_that_earns_interest() -> None:
    got = accrue(
        D("1000.00"),
        date(2025, 1, 1),
        Terms("simple", D("10")),
        [Movement(date(2025, 7, 2), D("1000.00"))],
        date(2026, 1, 1),
    )
    expected = Fraction(1000 * 182, 10 * 365) + Fraction(2000 * 183, 10 * 365)
    assert cents(got.interest) == _cents(expected)
    assert cents(got.outstanding) == _cents(2000 + expected)


def test_no_interest_on_an_overpaid_balance_and_nothing_before_the_start() -> None:
    got = accrue(
        D("100.00"),
        date(2025, 1, 1),
        Terms("simple", D("10")),
        [Movement(date(2025, 1, 1), D("-150.00"))],
        date(2026, 1, 1),
    )
    assert got.interest == 0 and cents(got.outstanding) == D("-50.00")
    early = accrue(D("100.00"), date(2025, 1, 1), Terms("simple", D("10")), [], date(2024, 12, 31))
    assert (early.entries_total, early.interest, early.outstanding) == (0, 0, 0)


def test_entries_after_as_of_do_not_count() -> None:
    got = accrue(
        D("100.00"),
        date(2025, 1, 1),
        Terms("none"),
        [Movement(date(2025, 6, 1), D("-40.00"))],
        date(2025, 5, 31),
    )
    assert cents(got.outstanding) == D("100.00")


def test_overdue_only_after_the_due_date_with_a_balance() -> None:
    due = date(2025, 6, 30)
    assert not overdue(due, date(2025, 6, 30), D("10"))
    assert overdue(due, date(2025, 7, 1), D("10"))
    assert not overdue(due, date(2025, 7, 1), D("0.004"))  # rounds to 0.00
    assert not overdue(None, date(2030, 1, 1), D("10"))


def test_month_anchoring_keeps_the_start_day() -> None:
    start = date(2024, 1, 31)
    assert [add_months(start, k) for k in range(1, 5)] == [
        date(2024, 2, 29),
        date(2024, 3, 31),
        date(2024, 4, 30),
        date(2024, 5, 31),
    ]


_kinds = st.sampled_from(
    [
        Terms("none"),
        Terms("simple", D("7.25")),
        *(Terms("compound", D("7.25"), c) for c in ("daily", "monthly", "yearly")),
    ]
)
_moves = st.lists(st.tuples(st.integers(0, 800), st.integers(-200_000, 200_000).filter(bool)), max_size=8)


@settings(max_examples=150, deadline=None)
@given(terms=_kinds, moves=_moves, horizon=st.integers(0, 900))
def test_outstanding_is_principal_plus_entries_plus_interest(
    terms: Terms, moves: list[tuple[int, int]], horizon: int
) -> None:
    start = date(2024, 2, 29)
    movements = [Movement(start + timedelta(days=d), D(c) / 100) for d, c in moves]
    got = accrue(D("1234.56"), start, terms, movements, start + timedelta(days=horizon))
    assert abs(got.outstanding - (D("1234.56") + got.entries_total + got.interest)) < D("1e-20")
    assert got.interest >= 0
    if terms.kind == "none":
        assert got.interest == 0
