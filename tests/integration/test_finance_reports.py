"""Trial balance, ledger drill-down and statements through the services (SQLite and PostgreSQL).

Property: for any generated set of balanced entries the trial balance balances, the ledger's
last running balance equals the account's trial-balance figure, and the balance sheet and
income statement reconcile with it. Reversals restore prior balances.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lifeos.domains.finance.account_types import TYPE_ORDER
from lifeos.domains.finance.services import account_ledger as led_svc
from lifeos.domains.finance.services import accounts as acc_svc
from lifeos.domains.finance.services import entries as j_svc
from lifeos.domains.finance.services import reports as rep_svc
from lifeos.platform.uow import UnitOfWork

CHART = [
    ("Bank", "asset", "bank"),
    ("Card", "liability", "credit_card"),
    ("Capital", "equity", "contributed"),
    ("Salary", "income", "salary"),
    ("Food", "expense", "groceries"),
    ("Rent", "expense", "rent"),
]
START = date(2024, 1, 1)

amounts = st.integers(min_value=1, max_value=10_000_000).map(lambda c: Decimal(c) / 100)
entry_strategy = st.tuples(
    st.integers(min_value=0, max_value=700),  # day offset
    st.lists(st.tuples(st.integers(0, len(CHART) - 1), amounts), min_size=1, max_size=4),  # debit legs
    st.integers(0, len(CHART) - 1),  # account that takes the balancing credit
)


def _chart(session, user_id):  # type: ignore[no-untyped-def]
    ids = []
    for name, type_, sub in CHART:
        with UnitOfWork(session) as uow:
            ids.append(acc_svc.create_inline(uow, user_id, name, type_, sub)[0].id)
    return ids


def _post(session, user_id, on, lines):  # type: ignore[no-untyped-def]
    with UnitOfWork(session) as uow:
        return j_svc.post_entry(uow, user_id, on, "gen", lines)[0]


def _balances(tb):  # type: ignore[no-untyped-def]
    return {r.id: r.balance for g in tb.groups for r in g.rows}


def _full_ledger(session, user_id, account_id, order="asc"):  # type: ignore[no-untyped-def]
    items, cursor = [], None
    while True:
        page = led_svc.account_ledger(session, user_id, account_id, order=order, limit=7, cursor=cursor)
        items += page.items
        cursor = page.next_cursor
        if cursor is None:
            return items, page


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=st.lists(entry_strategy, min_size=1, max_size=12), cut=st.integers(0, 700))
def test_generated_ledgers_balance_and_reconcile(session, user_factory, entries, cut):
    user = user_factory()
    ids = _chart(session, user.id)
    for offset, debits, credit_idx in entries:
        total = sum((a for _, a in debits), Decimal(0))
        lines = [j_svc.LineInput(ids[i], debit=Decimal(a)) for i, a in debits]
        lines.append(j_svc.LineInput(ids[credit_idx], credit=Decimal(total)))
        _post(session, user.id, START + timedelta(days=offset), lines)

    tb = rep_svc.trial_balance(session, user.id, hide_zero=False)
    assert tb.balanced and tb.total_debit == tb.total_credit
    assert [g.account_type for g in tb.groups] == list(TYPE_ORDER)
    balances = _balances(tb)

    for account_id in ids:
        asc, page = _full_ledger(session, user.id, account_id)
        if asc:
            assert asc[-1].balance == balances[account_id] == page.closing_balance
            desc, _ = _full_ledger(session, user.id, account_id, order="desc")
            assert [p.line_id for p in desc] == [p.line_id for p in reversed(asc)]
            assert [p.balance for p in desc] == [p.balance for p in reversed(asc)]
        else:
            assert balances[account_id] == 0

    bs = rep_svc.balance_sheet(session, user.id)
    assert bs.balanced
    assert bs.total_assets == tb.group("asset").balance
    as_of = START + timedelta(days=cut)
    bs_cut = rep_svc.balance_sheet(session, user.id, as_of)
    assert bs_cut.balanced
    inc = rep_svc.income_statement(session, user.id, START, as_of)
    tb_cut = rep_svc.trial_balance(session, user.id, as_of=as_of, hide_zero=False)
    assert inc.net_income == tb_cut.group("income").balance - tb_cut.group("expense").balance
    assert inc.net_income == bs_cut.retained_net_income
    # A period trial balance balances too, and sums to the cumulative one.
    tb_after = rep_svc.trial_balance(session, user.id, date_from=as_of + timedelta(days=1), hide_zero=False)
    assert tb_after.balanced
    later = _balances(tb_after)
    assert all(_balances(tb_cut)[a] + later[a] == balances[a] for a in ids)


def test_reversal_restores_prior_balances(session, user_factory):
    user = user_factory()
    bank, card, _, salary, food, _ = _chart(session, user.id)
    _post(
        session,
        user.id,
        date(2025, 1, 1),
        [j_svc.LineInput(bank, debit=Decimal("1000.00")), j_svc.LineInput(salary, credit=Decimal("1000.00"))],
    )
    before = _balances(rep_svc.trial_balance(session, user.id, hide_zero=False))
    wrong = _post(
        session,
        user.id,
        date(2025, 1, 2),
        [
            j_svc.LineInput(food, debit=Decimal("70.10")),
            j_svc.LineInput(card, credit=Decimal("50.05")),
            j_svc.LineInput(bank, credit=Decimal("20.05")),
        ],
    )
    with UnitOfWork(session) as uow:
        j_svc.reverse_entry(uow, user.id, wrong.id, date(2025, 1, 3))
    after = rep_svc.trial_balance(session, user.id, hide_zero=False)
    assert _balances(after) == before and after.balanced


def test_hide_zero_rows_setting(session, user_factory):
    user = user_factory()
    bank, _, _, salary, food, rent = _chart(session, user.id)
    _post(
        session,
        user.id,
        date(2025, 2, 1),
        [j_svc.LineInput(bank, debit=Decimal("5")), j_svc.LineInput(salary, credit=Decimal("5"))],
    )
    shown = {r.id for g in rep_svc.trial_balance(session, user.id).groups for r in g.rows}
    assert {food, rent} <= shown
    with UnitOfWork(session) as uow:
        rep_svc.save_settings(uow, user.id, hide_zero_rows=True, fiscal_year_start_month=4)
    hidden = {r.id for g in rep_svc.trial_balance(session, user.id).groups for r in g.rows}
    assert hidden == {bank, salary}
    assert rep_svc.get_settings(session, user.id).fiscal_year_start_month == 4
    assert rep_svc.fiscal_year_start(date(2025, 3, 31), 4) == date(2024, 4, 1)
    assert rep_svc.fiscal_year_start(date(2025, 4, 1), 4) == date(2025, 4, 1)


def _totals_rows(session, user_id):  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from lifeos.domains.finance.models import AccountDailyTotal, AccountMonthlyTotal

    def rows(model, key):  # type: ignore[no-untyped-def]
        q = select(model.account_id, getattr(model, key), model.debit, model.credit, model.line_count).where(
            model.user_id == user_id
        )
        return sorted(
            (a, k, Decimal(d).quantize(Decimal("0.01")), Decimal(c).quantize(Decimal("0.01")), n)
            for a, k, d, c, n in session.execute(q)
        )

    return rows(AccountDailyTotal, "entry_date"), rows(AccountMonthlyTotal, "month")


def test_daily_totals_rebuild_matches_maintained(session, user_factory):
    from lifeos.domains.finance.services.totals import rebuild_totals

    user = user_factory()
    bank, _, _, salary, food, _ = _chart(session, user.id)
    for day in (1, 1, 2, 9):
        _post(
            session,
            user.id,
            date(2025, 3, day),
            [j_svc.LineInput(food, debit=Decimal("1.11")), j_svc.LineInput(bank, credit=Decimal("1.11"))],
        )
    _post(
        session,
        user.id,
        date(2025, 3, 2),
        [j_svc.LineInput(bank, debit=Decimal("9")), j_svc.LineInput(salary, credit=Decimal("9"))],
    )

    maintained = _totals_rows(session, user.id)
    rebuilt = rebuild_totals(session, user.id)
    assert (rebuilt.daily, rebuilt.monthly) == (len(maintained[0]), len(maintained[1])) == (7, 3)
    assert _totals_rows(session, user.id) == maintained


def test_monthly_totals_equal_summed_daily_totals_across_months(session, user_factory):
    """Posts and reversals on both sides of month (and year) ends: each monthly row is the sum
    of its month's daily rows, the rebuild agrees, and reports with mid-month bounds match a
    plain sum of the journal lines."""
    from collections import defaultdict

    from sqlalchemy import func, select

    from lifeos.domains.finance.models import LedgerLine
    from lifeos.domains.finance.services.totals import rebuild_totals

    user = user_factory()
    bank, card, _, salary, food, rent = _chart(session, user.id)
    days = [
        date(2024, 12, 31),
        date(2025, 1, 1),
        date(2025, 1, 15),
        date(2025, 1, 31),
        date(2025, 2, 1),
        date(2025, 2, 28),
        date(2025, 3, 1),
        date(2025, 3, 17),
        date(2025, 4, 30),
    ]
    posted = []
    for i, day in enumerate(days):
        amount = Decimal(100 + i) + Decimal("0.07")
        posted.append(
            _post(
                session,
                user.id,
                day,
                [j_svc.LineInput(food, debit=Decimal(amount)), j_svc.LineInput(card, credit=Decimal(amount))],
            )
        )
        _post(
            session,
            user.id,
            day,
            [
                j_svc.LineInput(bank, debit=Decimal("1000.01")),
                j_svc.LineInput(salary, credit=Decimal("1000.01")),
            ],
        )
    # Reversals dated in another month than the original, and one in the same month.
    with UnitOfWork(session) as uow:
        j_svc.reverse_entry(uow, user.id, posted[3].id, date(2025, 2, 1))  # Jan 31 reversed on Feb 1
        j_svc.reverse_entry(uow, user.id, posted[0].id, date(2025, 1, 1))  # across the year end
        j_svc.reverse_entry(uow, user.id, posted[7].id, date(2025, 3, 20))
    _post(
        session,
        user.id,
        date(2025, 3, 18),
        [j_svc.LineInput(rent, debit=Decimal("5")), j_svc.LineInput(bank, credit=Decimal("5"))],
    )

    daily, monthly = _totals_rows(session, user.id)
    summed = defaultdict(lambda: [Decimal(0), Decimal(0), 0])
    for account_id, day, debit, credit, count in daily:
        acc = summed[(account_id, day.replace(day=1))]
        acc[0] += debit
        acc[1] += credit
        acc[2] += count
    assert monthly == sorted((a, m, d, c, n) for (a, m), (d, c, n) in summed.items())
    assert {m for _, m, *_ in monthly} == {date(2024, 12, 1), *(date(2025, k, 1) for k in range(1, 5))}
    rebuild_totals(session, user.id)
    assert _totals_rows(session, user.id) == (daily, monthly)

    def from_lines(lo, hi):  # type: ignore[no-untyped-def]
        q = select(LedgerLine.account_id, func.sum(LedgerLine.debit), func.sum(LedgerLine.credit)).where(
            LedgerLine.user_id == user.id
        )
        if lo:
            q = q.where(LedgerLine.entry_date >= lo)
        if hi:
            q = q.where(LedgerLine.entry_date <= hi)
        q = q.group_by(LedgerLine.account_id)
        return {
            a: (Decimal(d).quantize(Decimal("0.01")), Decimal(c).quantize(Decimal("0.01")))
            for a, d, c in session.execute(q)
            if d or c
        }

    bounds = [
        (None, None),
        (None, date(2025, 1, 15)),
        (None, date(2025, 1, 31)),
        (date(2025, 1, 15), None),
        (date(2025, 1, 2), date(2025, 3, 17)),
        (date(2025, 2, 1), date(2025, 2, 28)),
        (date(2025, 3, 2), date(2025, 3, 19)),
        (date(2024, 12, 31), date(2025, 1, 1)),
        (date(2025, 1, 1), date(2025, 3, 31)),
    ]
    for lo, hi in bounds:
        tb = rep_svc.trial_balance(session, user.id, date_from=lo, as_of=hi, hide_zero=False)
        got = {r.id: (r.debit, r.credit) for g in tb.groups for r in g.rows if r.debit or r.credit}
        assert got == from_lines(lo, hi), (lo, hi)
        assert tb.balanced
    sheet = rep_svc.balance_sheet(session, user.id, as_of=date(2025, 1, 15))
    assert sheet.balanced
    statement = rep_svc.income_statement(session, user.id, date(2025, 1, 15), date(2025, 3, 17))
    lines = from_lines(date(2025, 1, 15), date(2025, 3, 17))
    assert statement.net_income == (lines[salary][1] - lines[salary][0]) - (
        lines[food][0] - lines[food][1]
    ) - (lines.get(rent, (0, 0))[0] - lines.get(rent, (0, 0))[1])


@pytest.mark.parametrize("order", ["asc", "desc"])
def test_ledger_date_window_and_cursor(session, user_factory, order):
    user = user_factory()
    bank, _, _, salary, _, _ = _chart(session, user.id)
    for day in range(1, 11):
        _post(
            session,
            user.id,
            date(2025, 5, day),
            [j_svc.LineInput(bank, debit=Decimal(day)), j_svc.LineInput(salary, credit=Decimal(day))],
        )
    page = led_svc.account_ledger(
        session, user.id, bank, date_from=date(2025, 5, 4), date_to=date(2025, 5, 6), order=order, limit=2
    )
    assert page.opening_balance == Decimal("6.00")  # 1+2+3
    assert page.closing_balance == Decimal("21.00")
    dates = [p.entry_date.day for p in page.items]
    assert dates == ([4, 5] if order == "asc" else [6, 5])
    rest = led_svc.account_ledger(
        session,
        user.id,
        bank,
        date_from=date(2025, 5, 4),
        date_to=date(2025, 5, 6),
        order=order,
        limit=2,
        cursor=page.next_cursor,
    )
    assert [p.entry_date.day for p in rest.items] == (
        [6] if order == "asc" else [4]
    ) and rest.next_cursor is None
    balances = {p.entry_date.day: p.balance for p in page.items + rest.items}
    assert balances == {4: Decimal("10.00"), 5: Decimal("15.00"), 6: Decimal("21.00")}
    salary_page = led_svc.account_ledger(session, user.id, salary, order="desc", limit=1)
    assert salary_page.items[0].balance == Decimal("55.00")  # credit-normal: positive
