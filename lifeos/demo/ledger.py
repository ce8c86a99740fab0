"""The demo's money: a chart of accounts, a year of postings, and the planning rows.

Salary, rent, utilities, subscriptions, groceries, eating out, transport, cash withdrawals,
a monthly savings transfer, savings interest and a loan to a friend, all through the finance
services (one balanced entry each), so the trial balance balances by construction. Balances are
tracked here so checking, the wallet and the card never go the wrong way.
"""

from __future__ import annotations

import calendar
import random
from datetime import date, timedelta
from decimal import Decimal

from lifeos.demo.context import Demo, money
from lifeos.domains.finance.schemas import receivables as rs
from lifeos.domains.finance.services import loans as loans_svc
from lifeos.domains.finance.services import receivables as receivables_svc
from lifeos.domains.finance.services.accounts import create_account
from lifeos.domains.finance.services.entries import LineInput, post_entry
from lifeos.domains.finance.services.schedule import rows as rows_svc
from lifeos.domains.finance.services.schedule import scenarios as scenarios_svc
from lifeos.domains.finance.services.transactions import create_transaction

CHECKING, SAVINGS, WALLET, LENT = "Checking", "Savings", "Wallet", "Lent to friends"
CARD, OPENING = "Credit card", "Opening balances"
SALARY, INTEREST = "Salary", "Savings interest"
RENT, GROCERIES, UTILITIES = "Rent", "Groceries", "Utilities"
SUBSCRIPTIONS, TRANSPORT, EATING_OUT, TRAVEL = "Subscriptions", "Transport", "Eating out", "Travel"

ACCOUNTS = (
    (CHECKING, "asset", "bank", "Everyday current account"),
    (SAVINGS, "asset", "bank", "Rainy-day fund"),
    (WALLET, "asset", "cash", None),
    (LENT, "asset", "receivable", "Money friends owe me"),
    (CARD, "liability", "credit_card", None),
    (OPENING, "equity", "opening_balance", None),
    (SALARY, "income", "salary", None),
    (INTEREST, "income", "investment", None),
    (RENT, "expense", "rent", None),
    (GROCERIES, "expense", "groceries", None),
    (UTILITIES, "expense", "utilities", None),
    (SUBSCRIPTIONS, "expense", "entertainment", None),
    (TRANSPORT, "expense", "transportation", None),
    (EATING_OUT, "expense", "other", None),
    (TRAVEL, "expense", "entertainment", "Holidays and weekends away"),
)
SALARY_AMOUNT = Decimal("3400.00")
RENT_AMOUNT = Decimal("1450.00")
SAVINGS_TRANSFER = Decimal("400.00")
LOAN = Decimal("300.00")
REPAID = Decimal("100.00")
FRIEND = "Sam Okafor"
GROCERS = ("Green Market", "FreshCo", "Corner Grocer", "Farmers' market")
PLACES = ("Luigi's", "Noodle Bar", "Café Lumen", "Taco Stand", "The Fox")
# (day of month, description, payee, amount, paid by card)
# Not strftime("%B"): that follows the process locale, and the same seed must give the same text.
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
SUBSCRIPTION_BILLS = (
    (5, "Streaming", "StreamFlix", Decimal("12.99"), True),
    (9, "Music", "Tunely", Decimal("10.99"), True),
    (15, "Gym membership", "Iron Gym", Decimal("34.00"), False),
)


class Ledger:
    """Posts the demo's transactions and keeps the balances it must not overdraw."""

    def __init__(self, demo: Demo) -> None:
        self.demo = demo
        self.ids: dict[str, int] = {}
        self.checking = self.wallet = self.card = Decimal("0.00")

    def open_accounts(self) -> None:
        for name, kind, subtype, description in ACCOUNTS:
            account = create_account(self.demo.uow, self.demo.user_id, name, kind, subtype, description)
            self.ids[name] = account.id
        self.demo.count("finance accounts", len(ACCOUNTS))

    def opening(self, day: date) -> None:
        amounts = {CHECKING: Decimal("2400.00"), SAVINGS: Decimal("6500.00"), WALLET: Decimal("120.00")}
        lines = [LineInput(self.ids[name], debit=amount) for name, amount in amounts.items()]
        lines.append(LineInput(self.ids[OPENING], credit=sum(amounts.values(), start=Decimal("0.00"))))
        post_entry(self.demo.uow, self.demo.user_id, day, "Opening balances", lines)
        self.checking, self.wallet = amounts[CHECKING], amounts[WALLET]
        self.demo.count("ledger entries")

    def move(
        self, day: date, amount: Decimal, source: str, target: str, text: str, payee: str | None = None
    ) -> None:
        create_transaction(
            self.demo.uow,
            self.demo.user_id,
            on=day,
            amount=amount,
            from_account_id=self.ids[source],
            to_account_id=self.ids[target],
            description=text,
            counterparty=payee,
        )
        for name, sign in ((source, -1), (target, 1)):
            if name == CHECKING:
                self.checking += sign * amount
            elif name == WALLET:
                self.wallet += sign * amount
            elif name == CARD:
                self.card -= sign * amount  # owed: a credit (source) raises it
        self.demo.count("ledger entries")

    def spend(self, day: date, amount: Decimal, target: str, text: str, payee: str, by_card: bool) -> None:
        if by_card or self.checking - amount < 200:
            self.move(day, amount, CARD, target, text, payee)
        else:
            self.move(day, amount, CHECKING, target, text, payee)


def ledger(demo: Demo) -> Ledger:
    rng = demo.rng("finance")
    book = Ledger(demo)
    book.open_accounts()
    book.opening(demo.first)
    lent_on = min(demo.today, max(demo.first + timedelta(days=1), demo.today - timedelta(days=70)))
    # The holiday the habits skip (routines.HOLIDAY_DAYS_AGO): booked ahead, paid on the trip.
    trip = {
        demo.today - timedelta(days=150): ("Flights", "SkyHop", Decimal("412.60")),
        demo.today - timedelta(days=118): ("Hotel, 5 nights", "Casa Azul", Decimal("735.00")),
        demo.today - timedelta(days=114): ("Car hire", "RoadRent", Decimal("198.40")),
    }
    for day in demo.each_day():
        if day == demo.first:
            continue
        _month(book, rng, day)
        _everyday(book, rng, day)
        if day == lent_on:
            book.move(day, LOAN, CHECKING, LENT, "Lent for the concert tickets", FRIEND)
        if day == lent_on + timedelta(days=30):
            book.move(day, REPAID, LENT, CHECKING, "Paid back part of the loan", FRIEND)
        if day in trip:
            text, payee, amount = trip[day]
            book.move(day, amount, CARD, TRAVEL, text, payee)
    _planning(demo, book, lent_on)
    return book


def _month(book: Ledger, rng: random.Random, day: date) -> None:
    """The fixed bills of the month, on their days."""
    month = MONTHS[day.month - 1]
    if day.day == 1:
        book.move(day, RENT_AMOUNT, CHECKING, RENT, f"Rent {month}", "Harbour Lettings")
    if day.day == 3:
        book.move(day, Decimal("39.99"), CHECKING, UTILITIES, "Internet", "FibreNet")
    if day.day == 12:
        book.move(day, money(rng, 55, 140), CHECKING, UTILITIES, "Electricity", "City Power")
    for on, text, payee, amount, by_card in SUBSCRIPTION_BILLS:
        if day.day == on:
            book.spend(day, amount, SUBSCRIPTIONS, text, payee, by_card)
    if day.day == 20 and book.card > 0:
        # the whole balance when checking can take it, else what leaves a cushion of 300
        paid = min(book.card, max(book.checking - 300, Decimal("0.00")))
        if paid > 0:
            book.move(day, paid, CHECKING, CARD, "Credit card bill", "Card services")
    if day.day == 25:
        book.move(day, SALARY_AMOUNT, SALARY, CHECKING, f"Salary {month}", "Northwind Ltd")
    if day.day == 26 and book.checking > SAVINGS_TRANSFER + 500:
        book.move(day, SAVINGS_TRANSFER, CHECKING, SAVINGS, "Monthly savings")
    if day.day == calendar.monthrange(day.year, day.month)[1]:
        book.move(day, money(rng, 2, 6), INTEREST, SAVINGS, "Interest", "Savings bank")


def _everyday(book: Ledger, rng: random.Random, day: date) -> None:
    """Groceries twice a week, eating out now and then, transport, coffee from the wallet."""
    if day.weekday() in (2, 5):
        payee = rng.choice(GROCERS)
        book.spend(day, money(rng, 28, 115), GROCERIES, "Groceries", payee, rng.random() < 0.7)
    if rng.random() < 0.12:
        place = rng.choice(PLACES)
        book.spend(day, money(rng, 14, 62), EATING_OUT, f"Dinner at {place}", place, True)
    if day.weekday() == 0:
        book.spend(day, money(rng, 18, 32), TRANSPORT, "Weekly transit pass", "Metro", False)
    if rng.random() < 0.3 and book.wallet >= 10:
        book.move(day, money(rng, 3, 8), WALLET, EATING_OUT, "Coffee", "Café Lumen")
    if book.wallet < 30:
        book.move(day, Decimal("100.00"), CHECKING, WALLET, "Cash withdrawal", "ATM")


def _next_on_day(today: date, day_of_month: int) -> date:
    """The first date after today falling on `day_of_month` (1-28)."""
    on = today.replace(day=day_of_month)
    if on <= today:
        on = (on.replace(day=1) + timedelta(days=32)).replace(day=day_of_month)
    return on


def _planning(demo: Demo, book: Ledger, lent_on: date) -> None:
    """The cash-flow plan, through the planning services: the month's recurring money (salary
    on the 25th, moved to the Friday before a weekend), a few one-offs, a "New car" what-if,
    the friend's receivable with its repayment, and a car loan with its amortization."""
    uow, user_id, today = demo.uow, demo.user_id, demo.today
    checking = book.ids[CHECKING]
    monthly = (
        (1, -RENT_AMOUNT, "Rent", "keep"),
        (3, Decimal("-39.99"), "Internet", "keep"),
        (25, SALARY_AMOUNT, "Salary", "previous_friday"),
        # The savings transfer leaves checking and reaches savings: both sides are scheduled,
        # so a projection over both accounts nets it out.
        (26, -SAVINGS_TRANSFER, "Monthly savings", "next_monday"),
        (26, SAVINGS_TRANSFER, "Monthly savings (in)", "next_monday"),
    )
    rows: dict[str, int] = {}
    for day, amount, memo, weekend in monthly:
        values = {
            "account_id": book.ids[SAVINGS] if memo.endswith("(in)") else checking,
            "event_date": _next_on_day(today, day),
            "amount": amount,
            "memo": memo,
            "recurrence": "monthly_day",
            "day_of_month": day,
            "weekend_rule": weekend,
        }
        rows[memo] = rows_svc.create_row(uow, user_id, today, values).id
    one_offs = (
        (18, Decimal("-320.00"), "Car service", "once"),
        (40, Decimal("-480.00"), "Home insurance", "yearly"),
        (50, Decimal("610.00"), "Tax refund", "once"),
    )
    for days, amount, memo, recurrence in one_offs:
        values = {
            "account_id": checking,
            "event_date": today + timedelta(days=days),
            "amount": amount,
            "memo": memo,
            "recurrence": recurrence,
        }
        rows[memo] = rows_svc.create_row(uow, user_id, today, values).id
    purpose = "A car on finance instead of saving each month"
    car = scenarios_svc.create_scenario(uow, user_id, "New car", purpose)
    scenarios_svc.add_op(
        uow,
        user_id,
        car.id,
        {
            "op": "add",
            "account_id": checking,
            "event_date": _next_on_day(today, 5),
            "amount": Decimal("-289.00"),
            "memo": "Car payment",
            "recurrence": "monthly_day",
            "day_of_month": 5,
        },
    )
    later = {"op": "change", "base_row_id": rows["Car service"], "event_date": today + timedelta(days=48)}
    scenarios_svc.add_op(uow, user_id, car.id, later)  # the new car's first service comes later
    for memo in ("Monthly savings", "Monthly savings (in)"):  # no saving while paying it off
        scenarios_svc.add_op(uow, user_id, car.id, {"op": "drop", "base_row_id": rows[memo]})

    tracker = receivables_svc.create_tracker(
        uow,
        user_id,
        rs.ReceivableIn(
            counterparty=FRIEND, principal=LOAN, start_date=lent_on, due_date=today + timedelta(days=30)
        ),
        today,
    )
    if lent_on + timedelta(days=30) <= today:
        repaid = rs.EntryIn(
            date=lent_on + timedelta(days=30), amount=-REPAID, memo="Paid back part of the loan"
        )
        receivables_svc.record_entry(uow, user_id, tracker.id, repaid)
    friend = loans_svc.create_loan(uow, user_id, rs.LoanIn(name=f"Loan to {FRIEND}", direction="lent"), today)
    loans_svc.add_link(uow, user_id, friend.id, rs.LinkIn(receivable_id=tracker.id))
    terms = rs.AmortizationIn(
        principal=Decimal("12000.00"),
        annual_rate=Decimal("4.9"),
        term_payments=48,
        first_payment_date=_next_on_day(today, 5),
    )
    loans_svc.create_loan(
        uow, user_id, rs.LoanIn(name="Car loan", direction="borrowed", amortization=terms), today
    )
    demo.count("schedule rows", len(rows))
    demo.count("scenarios", 1)
    demo.count("receivables", 1)
    demo.count("loans", 2)
