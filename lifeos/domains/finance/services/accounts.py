"""Chart of accounts: create (inline or strict), rename, reclassify, (de)activate."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lifeos.domains.finance.account_types import get_type
from lifeos.domains.finance.errors import (
    AccountHasPostings,
    AccountNameTaken,
    AccountNotFound,
    AccountTypeConflict,
    InvalidAccount,
)
from lifeos.domains.finance.events import AccountCreated
from lifeos.domains.finance.models import Account, LedgerLine
from lifeos.domains.finance.naming import normalize_name
from lifeos.platform.database import like_escape, utcnow
from lifeos.platform.pagination import Page, cursor_int, cursor_str, decode_cursor, paginate
from lifeos.platform.uow import UnitOfWork

log = logging.getLogger(__name__)
NAME_MAX = 255


@dataclass(frozen=True)
class AccountInput:
    """Validated account fields."""

    name: str
    normalized_name: str
    account_type: str
    account_subtype: str | None


def validate_account(name: Any, account_type: Any, account_subtype: Any) -> AccountInput:
    """Check name, type and subtype together; raise one 422 naming every bad field."""
    errors: list[dict[str, str]] = []
    clean = " ".join(name.split()) if isinstance(name, str) else ""
    if not clean:
        errors.append({"field": "name", "message": "must not be empty"})
    elif len(clean) > NAME_MAX:
        errors.append({"field": "name", "message": f"must be at most {NAME_MAX} characters"})
    type_ = get_type(account_type) if isinstance(account_type, str) else None
    if type_ is None:
        errors.append(
            {"field": "account_type", "message": "must be one of asset, liability, equity, income, expense"}
        )
    elif account_subtype is not None and account_subtype not in type_.subtype_codes:
        allowed = ", ".join(type_.subtype_codes)
        errors.append({"field": "account_subtype", "message": f"must be one of {allowed} for {type_.code}"})
    if errors:
        raise InvalidAccount("The account is invalid.", errors=errors)
    return AccountInput(clean, normalize_name(clean), account_type, account_subtype)


def get_account(session: Session, user_id: int, account_id: int) -> Account:
    """The user's account, or 404 (another user's account is indistinguishable from none)."""
    account = session.scalar(select(Account).where(Account.user_id == user_id, Account.id == account_id))
    if account is None:
        raise AccountNotFound(f"Account {account_id} not found.")
    return account


def find_active_by_name(session: Session, user_id: int, normalized: str) -> Account | None:
    """The user's active account with this normalized name, if any."""
    return session.scalar(
        select(Account).where(
            Account.user_id == user_id, Account.normalized_name == normalized, Account.is_active.is_(True)
        )
    )


def has_postings(session: Session, user_id: int, account_id: int) -> bool:
    """Whether any journal line posts to the account."""
    return bool(
        session.scalar(
            select(exists().where(LedgerLine.user_id == user_id, LedgerLine.account_id == account_id))
        )
    )


def _insert(
    session: Session, user_id: int, data: AccountInput, description: str | None = None
) -> Account | None:
    """Insert inside a SAVEPOINT; None when the active-name unique index refused it."""
    account = Account(
        user_id=user_id,
        name=data.name,
        normalized_name=data.normalized_name,
        account_type=data.account_type,
        account_subtype=data.account_subtype,
        description=description,
        is_active=True,
    )
    try:
        with session.begin_nested():
            session.add(account)
    except IntegrityError:
        return None
    return account


def _created_event(account: Account) -> AccountCreated:
    return AccountCreated(
        account_id=account.id,
        user_id=account.user_id,
        account_name=account.name,
        normalized_name=account.normalized_name,
        account_type=account.account_type,
        account_subtype=account.account_subtype,
    )


def create_inline(
    uow: UnitOfWork, user_id: int, name: Any, account_type: Any, account_subtype: Any
) -> tuple[Account, bool]:
    """Create the account, or return the user's active account with the same normalized name.

    Returns (account, created). Concurrent identical calls create one account: the partial
    unique index decides, and the loser re-selects the winner's row.
    """
    data = validate_account(name, account_type, account_subtype)
    session = uow.session

    def existing_or_conflict(account: Account) -> tuple[Account, bool]:
        if account.account_type != data.account_type:
            raise AccountTypeConflict(
                f"An account named {account.name!r} already exists as {account.account_type}.",
                account=account,
            )
        return account, False

    def work() -> tuple[Account, bool]:
        found = find_active_by_name(session, user_id, data.normalized_name)
        if found is not None:
            return existing_or_conflict(found)
        account = _insert(session, user_id, data)
        if account is None:
            found = find_active_by_name(session, user_id, data.normalized_name)
            if found is None:  # the winner was deactivated meanwhile; extremely unlikely
                raise AccountNameTaken("The account name is in use; try again.")
            return existing_or_conflict(found)
        uow.emit(_created_event(account), user_id)
        return account, True

    return uow.run(work)


def create_account(
    uow: UnitOfWork,
    user_id: int,
    name: Any,
    account_type: Any,
    account_subtype: Any,
    description: str | None = None,
) -> Account:
    """Create an account; 409 when an active account already has the name."""
    data = validate_account(name, account_type, account_subtype)
    session = uow.session

    def work() -> Account:
        if find_active_by_name(session, user_id, data.normalized_name) is not None:
            raise AccountNameTaken(f"An active account named {data.name!r} already exists.")
        account = _insert(session, user_id, data, description)
        if account is None:
            raise AccountNameTaken(f"An active account named {data.name!r} already exists.")
        uow.emit(_created_event(account), user_id)
        return account

    return uow.run(work)


_UNSET: Any = object()


def update_account(
    uow: UnitOfWork,
    user_id: int,
    account_id: int,
    *,
    name: Any = _UNSET,
    account_type: Any = _UNSET,
    account_subtype: Any = _UNSET,
    description: Any = _UNSET,
) -> Account:
    """Rename, reclassify or describe an account; the same rules as creation apply."""
    session = uow.session

    def work() -> Account:
        account = get_account(session, user_id, account_id)
        new_type = account.account_type if account_type is _UNSET else account_type
        if account_subtype is _UNSET:
            keep = account.account_subtype
            type_ = get_type(new_type) if isinstance(new_type, str) else None
            # A type change drops a subtype the new type does not have.
            new_subtype = keep if type_ is None or keep is None or keep in type_.subtype_codes else None
        else:
            new_subtype = account_subtype
        data = validate_account(account.name if name is _UNSET else name, new_type, new_subtype)
        if data.account_type != account.account_type and has_postings(session, user_id, account_id):
            raise AccountHasPostings("The type of an account with postings cannot change.")
        if account.is_active and data.normalized_name != account.normalized_name:
            other = find_active_by_name(session, user_id, data.normalized_name)
            if other is not None and other.id != account.id:
                raise AccountNameTaken(f"An active account named {data.name!r} already exists.")
        try:
            with session.begin_nested():
                account.name = data.name
                account.normalized_name = data.normalized_name
                account.account_type = data.account_type
                account.account_subtype = data.account_subtype
                if description is not _UNSET:
                    account.description = description
                account.updated_at = utcnow()
        except IntegrityError as exc:
            raise AccountNameTaken(f"An active account named {data.name!r} already exists.") from exc
        return account

    return uow.run(work)


def set_active(uow: UnitOfWork, user_id: int, account_id: int, active: bool) -> Account:
    """Deactivate (hidden from search, kept in history) or reactivate an account."""
    session = uow.session

    def work() -> Account:
        account = get_account(session, user_id, account_id)
        if account.is_active == active:
            return account
        if active:
            holder = find_active_by_name(session, user_id, account.normalized_name)
            if holder is not None:
                raise AccountNameTaken(
                    f"Another active account is named {holder.name!r}; rename one of them first.",
                    account=holder,
                )
        try:
            with session.begin_nested():
                account.is_active = active
                account.updated_at = utcnow()
        except IntegrityError as exc:
            raise AccountNameTaken("Another active account now holds this name.") from exc
        return account

    return uow.run(work)


def list_accounts(
    session: Session,
    user_id: int,
    *,
    account_type: str | None = None,
    active: bool | None = True,
    q: str | None = None,
    limit: int,
    cursor: str | None = None,
) -> Page[Account]:
    """The user's accounts ordered by normalized name, keyset-paginated."""
    stmt = select(Account).where(Account.user_id == user_id)
    if account_type:
        stmt = stmt.where(Account.account_type == account_type)
    if active is not None:
        stmt = stmt.where(Account.is_active.is_(active))
    if q:
        stmt = stmt.where(Account.normalized_name.like(f"%{like_escape(normalize_name(q))}%", escape="\\"))
    key = decode_cursor("accounts", cursor, 2)
    if key is not None:
        stmt = stmt.where(
            (Account.normalized_name > cursor_str(key[0]))
            | ((Account.normalized_name == cursor_str(key[0])) & (Account.id > cursor_int(key[1])))
        )
    stmt = stmt.order_by(Account.normalized_name, Account.id).limit(limit + 1)
    rows = list(session.scalars(stmt))
    return paginate(rows, limit, "accounts", lambda a: [a.normalized_name, a.id])


def count_accounts(session: Session, user_id: int) -> int:
    """How many accounts the user has (tests and diagnostics)."""
    return int(
        session.scalar(select(func.count()).select_from(Account).where(Account.user_id == user_id)) or 0
    )


def accounts_by_id(session: Session, user_id: int, ids: set[int]) -> list[Account]:
    """The user's accounts among `ids` (for rendering names)."""
    if not ids:
        return []
    return list(session.scalars(select(Account).where(Account.user_id == user_id, Account.id.in_(ids))))
