"""Property: the projection is today's ledger balance plus the unmatched occurrences up to each day.

Random rows (every kind of rule, counts, weekend rules, one-offs in the past) and random
matches, on both databases. The expected balance is computed here from the journal lines
themselves (not the daily totals the projection reads) and from each row's own occurrences:
overdue ones (before today, within 30 days) on day 1, matched ones never.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from lifeos.domains.finance.models import LedgerLine, MoneyScheduleMatch, MoneyScheduleRow
from lifeos.domains.finance.services.schedule import projection as projection_svc
from lifeos.domains.finance.services.schedule import recurrence as rec
from lifeos.domains.finance.services.schedule.common import rule_of
from tests.api.finance_support import account, entry

TODAY = date(2027, 3, 10)
DAYS = 120

amounts = (
    st.integers(min_value=-50_000, max_value=50_000).filter(lambda n: n != 0).map(lambda n: Decimal(n) / 100)
)
rules = st.fixed_dictionaries(
    {
        "start": st.integers(min_value=-60, max_value=150).map(lambda d: TODAY + timedelta(days=d)),
        "recurrence": st.sampled_from(rec.RECURRENCES),
        "every": st.integers(min_value=1, max_value=3),
        "weekdays": st.lists(st.integers(0, 6), min_size=1, max_size=3, unique=True),
        "day_of_month": st.none() | st.integers(1, 31),
        "month_week": st.sampled_from([1, 2, 3, 4, 5, -1]),
        "count": st.none() | st.integers(1, 12),
        "weekend_rule": st.sampled_from(rec.WEEKEND_RULES),
        "amount": amounts,
        "matched": st.lists(st.integers(0, 20), max_size=3),
    }
)


def _row(user_id: int, bank: int, spec: dict[str, Any]) -> MoneyScheduleRow:
    kind = spec["recurrence"]
    return MoneyScheduleRow(
        user_id=user_id,
        account_id=bank,
        event_date=spec["start"],
        amount=spec["amount"],
        recurrence=kind,
        repeat_every=1 if kind == rec.ONCE else spec["every"],
        weekdays=rec.format_weekdays(
            spec["weekdays"][:1]
            if kind == rec.MONTHLY_WEEKDAY
            else spec["weekdays"]
            if kind == rec.WEEKLY
            else None
        ),
        day_of_month=spec["day_of_month"] if kind == rec.MONTHLY_DAY else None,
        month_week=spec["month_week"] if kind == rec.MONTHLY_WEEKDAY else None,
        occurrence_count=None if kind == rec.ONCE else spec["count"],
        weekend_rule=spec["weekend_rule"],
    )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(specs=st.lists(rules, min_size=1, max_size=6))
def test_projection_is_ledger_balance_plus_unmatched_occurrences(  # type: ignore[no-untyped-def]
    client, session, user_factory, auth_headers, specs
) -> None:
    user = user_factory()
    headers = auth_headers(user)
    bank = account(client, headers, "Bank", "asset", "bank")
    equity = account(client, headers, "Opening", "equity", "opening_balance")
    assert (
        entry(
            client, headers, "2027-03-01", (bank, "debit", "1234.56"), (equity, "credit", "1234.56")
        ).status_code
        == 201
    )
    # A future-dated posting inside the horizon, and a payment out today.
    assert (
        entry(
            client, headers, "2027-04-02", (equity, "debit", "10.00"), (bank, "credit", "10.00")
        ).status_code
        == 201
    )

    matched: set[tuple[int, date]] = set()
    rows = []
    for spec in specs:
        row = _row(user.id, bank, spec)
        session.add(row)
        session.flush()
        rows.append(row)
        occs = list(
            rec.occurrences(
                rule_of(row, row.event_date), TODAY + timedelta(days=DAYS), since=TODAY - timedelta(days=30)
            )
        )
        for pick in spec["matched"]:
            if occs:
                occ = occs[pick % len(occs)]
                if (row.id, occ.rule_date) not in matched:
                    matched.add((row.id, occ.rule_date))
                    session.add(
                        MoneyScheduleMatch(
                            user_id=user.id, row_id=row.id, occurrence_date=occ.rule_date, status="matched"
                        )
                    )
    session.flush()

    result = projection_svc.build(session, user.id, TODAY, days=DAYS)

    def ledger_through(day: date) -> Decimal:
        total = session.scalar(
            select(func.coalesce(func.sum(LedgerLine.debit - LedgerLine.credit), 0)).where(
                LedgerLine.user_id == user.id, LedgerLine.account_id == bank, LedgerLine.entry_date <= day
            )
        )
        return Decimal(total)

    counted: list[tuple[date, Decimal]] = []
    for row in rows:
        for occ in rec.occurrences(
            rule_of(row, row.event_date), TODAY + timedelta(days=DAYS - 1), since=TODAY - timedelta(days=30)
        ):
            if (row.id, occ.rule_date) not in matched:
                counted.append((max(occ.date, TODAY), row.amount))
    assert result.start_balance == ledger_through(TODAY)
    assert len(result.series) == DAYS
    for day in result.series:
        expected = ledger_through(day.date) + sum((a for d, a in counted if d <= day.date), start=Decimal(0))
        assert day.balance == expected, day.date
    lowest = min(result.series, key=lambda d: (d.balance, d.date))
    assert (result.lowest.date, result.lowest.balance) == (lowest.date, lowest.balance)
    below = next((d for d in result.series if d.balance < 0), None)
    assert (result.first_below_zero.date if result.first_below_zero else None) == (
        below.date if below else None
    )
    assert sorted((o.row_id, o.occurrence_date) for o in result.overdue) == sorted(
        (row.id, occ.rule_date)
        for row in rows
        for occ in rec.occurrences(
            rule_of(row, row.event_date), TODAY - timedelta(days=1), since=TODAY - timedelta(days=30)
        )
        if (row.id, occ.rule_date) not in matched
    )
