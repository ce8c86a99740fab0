"""Balances in an account's normal-balance sign (parsing and rendering money: platform.money)."""

from __future__ import annotations

from decimal import Decimal


def signed(debit: Decimal, credit: Decimal, normal_balance: str) -> Decimal:
    """A balance in the account's normal-balance sign."""
    return debit - credit if normal_balance == "debit" else credit - debit
