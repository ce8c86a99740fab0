"""Money rules: amounts are positive Decimals with at most two places, never floats."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal(10) ** 15


def parse_amount(value: Any) -> Decimal:
    """Parse a positive amount (string, int or Decimal) or raise ValueError with the reason.

    Floats are refused: the API parses JSON numbers straight into Decimal from their text.
    """
    if isinstance(value, (bool, float)):
        raise ValueError("must be a decimal string or an exact number")
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, Decimal):
        amount = value
    elif isinstance(value, str):
        text = value.strip()
        if not text or len(text) > 40:
            raise ValueError('must be a decimal amount such as "12.34"')
        try:
            amount = Decimal(text)
        except InvalidOperation as exc:
            raise ValueError('must be a decimal amount such as "12.34"') from exc
    else:
        raise ValueError('must be a decimal amount such as "12.34"')
    if not amount.is_finite():
        raise ValueError("must be a finite amount")
    if amount <= 0:
        raise ValueError("must be greater than 0")
    if amount > MAX_AMOUNT:
        raise ValueError("must not exceed 1000000000000000")
    if amount != amount.quantize(CENT):
        raise ValueError("must have at most 2 decimal places")
    return amount.quantize(CENT)


def signed(debit: Decimal, credit: Decimal, normal_balance: str) -> Decimal:
    """A balance in the account's normal-balance sign."""
    return debit - credit if normal_balance == "debit" else credit - debit
