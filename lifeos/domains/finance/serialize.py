"""Plain-dict renderings of finance rows (API bodies and error payloads); money as 2-dp strings."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from lifeos.domains.finance.account_types import normal_balance, type_label
from lifeos.domains.finance.models import Account, JournalEntry, Transaction
from lifeos.platform.db import iso_utc, money_str

ZERO = Decimal("0.00")


def account_brief(account: Account) -> dict[str, Any]:
    """What a picker needs: id, name, type, subtype, normal balance and the type's label."""
    return {
        "id": account.id,
        "name": account.name,
        "account_type": account.account_type,
        "account_subtype": account.account_subtype,
        "normal_balance": normal_balance(account.account_type),
        "type_label": type_label(account.account_type),
    }


def account_dict(account: Account) -> dict[str, Any]:
    """The full account resource."""
    return {
        **account_brief(account),
        "normalized_name": account.normalized_name,
        "description": account.description,
        "is_active": bool(account.is_active),
        "use_count": account.use_count or 0,
        "last_used_at": iso_utc(account.last_used_at),
        "created_at": iso_utc(account.created_at),
        "updated_at": iso_utc(account.updated_at),
    }


def entry_dict(entry: JournalEntry, names: dict[int, str] | None = None) -> dict[str, Any]:
    """A journal entry with its lines and totals."""
    lines = sorted(entry.lines, key=lambda line: line.id)
    total_debit = sum((line.debit for line in lines), start=ZERO)
    total_credit = sum((line.credit for line in lines), start=ZERO)
    return {
        "id": entry.id,
        "date": entry.entry_date.isoformat(),
        "description": entry.description,
        "posted_at": iso_utc(entry.posted_at),
        "source": entry.source,
        "reversal_of_id": entry.reversal_of_id,
        "lines": [
            {
                "id": line.id,
                "account_id": line.account_id,
                "account_name": (names or {}).get(line.account_id),
                "debit": money_str(line.debit) if line.debit else None,
                "credit": money_str(line.credit) if line.credit else None,
                "memo": line.memo,
            }
            for line in lines
        ],
        "totals": {"debit": money_str(total_debit), "credit": money_str(total_credit)},
    }


def transaction_dict(tx: Transaction) -> dict[str, Any]:
    """A money-moved record and the entry it posted."""
    return {
        "id": tx.id,
        "date": tx.occurred_at.date().isoformat(),
        "amount": money_str(tx.amount),
        "description": tx.description,
        "counterparty": tx.counterparty,
        "from_account_id": tx.from_account_id,
        "to_account_id": tx.to_account_id,
        "external_id": tx.external_id,
        "journal_entry_id": tx.journal_entry_id,
        "created_at": iso_utc(tx.created_at),
    }
