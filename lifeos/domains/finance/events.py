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
