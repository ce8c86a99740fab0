"""Finance events. Each docstring is the event's contract for subscribers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from lifeos.platform.events import Event, register


@register
@dataclass(frozen=True)
class AccountCreated(Event):
    """A user created an account in their chart of accounts.

    Emitted once per new account (inline creation that returned an existing account emits
    nothing). `account_type` is one of asset/liability/equity/income/expense;
    `account_subtype` belongs to it; `normalized_name` is unique among the user's active
    accounts.
    """

    name = "finance.account.created"
    version = 1

    account_id: int
    user_id: int
    account_name: str
    normalized_name: str
    account_type: str
    account_subtype: str | None


@register
@dataclass(frozen=True)
class JournalPosted(Event):
    """A balanced journal entry was posted (including reversals and transaction postings).

    `total` is the sum of debits (= sum of credits) as a 2-place decimal string;
    `account_ids` are the distinct accounts the entry touches; `reversal_of_id` is set when
    the entry reverses an earlier one; `source` is manual, reversal or transaction.
    """

    name = "finance.journal.posted"
    version = 1

    entry_id: int
    user_id: int
    entry_date: date
    total: Decimal
    line_count: int
    account_ids: tuple[int, ...]
    reversal_of_id: int | None
    source: str


@register
@dataclass(frozen=True)
class ImportCommitted(Event):
    """A CSV bank statement was imported into an account, all rows in one transaction.

    `created` transactions were written (each also emits `finance.journal.posted`);
    `duplicates` rows were already there (bank id or fingerprint) and `skipped` rows were left
    out by the user's decision.
    """

    name = "finance.import.committed"
    version = 1

    user_id: int
    account_id: int
    created: int
    duplicates: int
    skipped: int


@register
@dataclass(frozen=True)
class ScheduleRowCreated(Event):
    """A cash-flow schedule row was created. `amount` is signed (money in > 0, out < 0);
    `recurrence` is once, daily, weekly, monthly_day, monthly_last, monthly_weekday or yearly."""

    name = "finance.schedule.created"
    version = 1

    row_id: int
    user_id: int
    account_id: int
    event_date: date
    amount: Decimal
    recurrence: str


@register
@dataclass(frozen=True)
class ScheduleRowUpdated(Event):
    """A schedule row was changed; `fields` names the fields that changed."""

    name = "finance.schedule.updated"
    version = 1

    row_id: int
    user_id: int
    account_id: int
    fields: tuple[str, ...]


@register
@dataclass(frozen=True)
class ScheduleRowDeleted(Event):
    """A schedule row was deleted, with its matches and the scenario ops that named it."""

    name = "finance.schedule.deleted"
    version = 1

    row_id: int
    user_id: int
    account_id: int


@register
@dataclass(frozen=True)
class ScheduleRecomputed(Event):
    """The stored base projection (default accounts) was rebuilt, in the same transaction.

    `start_date` is the user's today; `days` the stored days; `lowest_balance` on
    `lowest_date`; `first_below_zero` is the first day whose balance is negative, or null;
    `matched` counts occurrences matched automatically by this recompute.
    """

    name = "finance.schedule.recomputed"
    version = 1

    user_id: int
    start_date: date
    days: int
    lowest_balance: Decimal
    lowest_date: date
    first_below_zero: date | None
    matched: int


@register
@dataclass(frozen=True)
class ScheduleOccurrenceMatched(Event):
    """An occurrence (row, rule date) was matched to a journal line; `matched_by` is auto or
    manual. A matched occurrence stops counting in the projection."""

    name = "finance.schedule.matched"
    version = 1

    match_id: int
    user_id: int
    row_id: int
    occurrence_date: date
    journal_line_id: int
    entry_id: int
    matched_by: str


@register
@dataclass(frozen=True)
class ScheduleOccurrenceUnmatched(Event):
    """A match was undone by hand; the occurrence counts again and is not matched automatically."""

    name = "finance.schedule.unmatched"
    version = 1

    match_id: int
    user_id: int
    row_id: int
    occurrence_date: date


@register
@dataclass(frozen=True)
class ReceivableCreated(Event):
    """A user started tracking money someone owes them.

    `principal` is a 2-place decimal string; `interest_kind` is none, simple or compound,
    `annual_rate` the percent (null for none), `compounding` set for compound only.
    """

    name = "finance.receivable.created"
    version = 1

    receivable_id: int
    user_id: int
    counterparty: str
    principal: Decimal
    start_date: date
    due_date: date | None
    interest_kind: str
    annual_rate: Decimal | None
    compounding: str | None


@register
@dataclass(frozen=True)
class ReceivableUpdated(Event):
    """A receivable tracker's fields changed; `changed` names them (sorted)."""

    name = "finance.receivable.updated"
    version = 1

    receivable_id: int
    user_id: int
    changed: tuple[str, ...]


@register
@dataclass(frozen=True)
class ReceivableDeleted(Event):
    """A receivable tracker was deleted with its entries and its loan links."""

    name = "finance.receivable.deleted"
    version = 1

    receivable_id: int
    user_id: int


@register
@dataclass(frozen=True)
class ReceivableEntryRecorded(Event):
    """A signed entry was recorded on a receivable: `amount` < 0 is a repayment, > 0 further
    lending (a 2-place decimal string)."""

    name = "finance.receivable.entry_recorded"
    version = 1

    entry_id: int
    receivable_id: int
    user_id: int
    entry_date: date
    amount: Decimal


@register
@dataclass(frozen=True)
class LoanCreated(Event):
    """A loan group was created; `direction` is lent or borrowed, `amortizing` whether it has
    annuity terms."""

    name = "finance.loan.created"
    version = 1

    loan_id: int
    user_id: int
    direction: str
    amortizing: bool


@register
@dataclass(frozen=True)
class LoanUpdated(Event):
    """A loan group's fields changed; `changed` names them (sorted)."""

    name = "finance.loan.updated"
    version = 1

    loan_id: int
    user_id: int
    changed: tuple[str, ...]


@register
@dataclass(frozen=True)
class LoanDeleted(Event):
    """A loan group and its links were deleted (the linked trackers and entries stay)."""

    name = "finance.loan.deleted"
    version = 1

    loan_id: int
    user_id: int


@register
@dataclass(frozen=True)
class LoanLinked(Event):
    """A receivable tracker or a journal entry (a payment) was linked to a loan group."""

    name = "finance.loan.linked"
    version = 1

    loan_id: int
    user_id: int
    link_id: int
    receivable_id: int | None
    journal_entry_id: int | None


@register
@dataclass(frozen=True)
class AccountsMerged(Event):
    """One account of a user was merged into another (`flask finance accounts merge`).

    Every row that referred to `source_account_id` (journal lines, transactions, schedule
    rows…) now refers to `target_account_id`; `moved_rows` counts them. The source account is
    kept, deactivated, under its own name; `target_line_count` is how many journal lines the
    target has now. Derived totals were rebuilt in the same transaction.
    """

    name = "finance.accounts.merged"
    version = 1

    user_id: int
    source_account_id: int
    target_account_id: int
    moved_rows: int
    target_line_count: int
