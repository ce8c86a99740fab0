"""Account rules: create/register users, authenticate, refresh, log out, change the password.

Services take a session and plain values (never `request`); they flush, the caller commits.
"""

from __future__ import annotations

import functools
import zoneinfo
from collections.abc import Iterable
from typing import Any

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lifeos.platform.auth import passwords, tokens
from lifeos.platform.auth.errors import EmailTaken, InactiveUser, InvalidCredentials, WrongPassword
from lifeos.platform.auth.models import ROLE_USER, Role, User
from lifeos.platform.errors import ValidationFailed

PASSWORD_MIN_LENGTH = 8
PASSWORD_MAX_LENGTH = 128
EMAIL_MAX_LENGTH = 254
FULL_NAME_MAX_LENGTH = 255
TIMEZONE_MAX_LENGTH = 64
ROLE_NAME_MAX_LENGTH = 64


def normalize_email(email: str) -> str:
    """The stored/compared form of an email: trimmed and lower-cased."""
    return email.strip().lower()


@functools.lru_cache(maxsize=1)
def _known_timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def is_valid_timezone(name: str) -> bool:
    """True for an IANA time zone name such as `Europe/Paris` or `UTC`."""
    if not name or len(name) > TIMEZONE_MAX_LENGTH:
        return False
    known = _known_timezones()
    if known:
        return name in known
    try:  # no system tz database listing: ask zoneinfo directly
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def set_timezone(user: User, name: str) -> None:
    """Change the person's IANA time zone (422 naming `timezone` for an unknown name).

    The rule is the one registration applies (`is_valid_timezone`); the caller's unit of work
    commits.
    """
    if not is_valid_timezone(name):
        message = "Not an IANA time zone name (e.g. Europe/Paris)."
        if len(name) > TIMEZONE_MAX_LENGTH:
            message = f"At most {TIMEZONE_MAX_LENGTH} characters."
        raise ValidationFailed("Some fields are invalid.", errors=[{"field": "timezone", "message": message}])
    user.timezone = name


def _field_error(field: str, message: str, kind: str) -> dict[str, str]:
    return {"field": field, "message": message, "type": kind}


def _password_errors(password: str, field: str) -> list[dict[str, str]]:
    if len(password) < PASSWORD_MIN_LENGTH:
        return [_field_error(field, f"At least {PASSWORD_MIN_LENGTH} characters.", "string_too_short")]
    if len(password) > PASSWORD_MAX_LENGTH:
        return [_field_error(field, f"At most {PASSWORD_MAX_LENGTH} characters.", "string_too_long")]
    return []


def _validate_new_user(
    *, email: str, password: str, full_name: str | None, timezone: str
) -> tuple[str, list[dict[str, str]]]:
    errors: list[dict[str, str]] = []
    normalized = normalize_email(email)
    if len(normalized) > EMAIL_MAX_LENGTH:
        errors.append(_field_error("email", f"At most {EMAIL_MAX_LENGTH} characters.", "string_too_long"))
    else:
        try:
            validate_email(normalized, check_deliverability=False)
        except EmailNotValidError as exc:
            errors.append(_field_error("email", str(exc), "invalid_email"))
    errors.extend(_password_errors(password, "password"))
    if full_name is not None and len(full_name) > FULL_NAME_MAX_LENGTH:
        errors.append(
            _field_error("full_name", f"At most {FULL_NAME_MAX_LENGTH} characters.", "string_too_long")
        )
    if not is_valid_timezone(timezone):
        errors.append(
            _field_error("timezone", "Not an IANA time zone name (e.g. Europe/Paris).", "invalid_timezone")
        )
    return normalized, errors


def find_user_by_email(session: Session, email: str) -> User | None:
    """The user with this email, compared case-insensitively."""
    normalized = normalize_email(email)
    user = session.scalar(select(User).where(User.email == normalized))
    if user is None:  # rows written by older versions may keep mixed case
        user = session.scalar(select(User).where(func.lower(User.email) == normalized).limit(1))
    return user


def get_or_create_roles(session: Session, names: Iterable[str]) -> list[Role]:
    """The Role rows with these names, creating the missing ones."""
    wanted = sorted({n.strip().lower() for n in names})
    for name in wanted:
        if not name or len(name) > ROLE_NAME_MAX_LENGTH:
            raise ValidationFailed(
                "Invalid role.",
                errors=[_field_error("roles", f"Invalid role name {name!r}.", "invalid_role")],
            )
    existing = {r.name: r for r in session.scalars(select(Role).where(Role.name.in_(wanted)))}
    for name in wanted:
        if name not in existing:
            role = Role(name=name, description="")
            session.add(role)
            existing[name] = role
    session.flush()
    return [existing[n] for n in wanted]


def create_user(
    session: Session,
    *,
    email: str,
    password: str,
    roles: Iterable[str] = (ROLE_USER,),
    full_name: str | None = None,
    timezone: str = "UTC",
    is_active: bool = True,
    password_hash: str | None = None,
) -> User:
    """Validate and add a user with the given roles (flush, no commit).

    `password_hash`, when given, is `password` already hashed (so a caller can hash before it
    takes a database write lock); it is not checked against `password`.
    """
    full_name = full_name.strip() or None if full_name is not None else None
    timezone = (timezone or "UTC").strip()
    normalized, errors = _validate_new_user(
        email=email, password=password, full_name=full_name, timezone=timezone
    )
    if errors:
        raise ValidationFailed("Some fields are invalid.", errors=errors)
    if find_user_by_email(session, normalized) is not None:
        raise EmailTaken("An account with this email already exists.")
    role_rows = get_or_create_roles(session, roles)
    user = User(
        email=normalized,
        password_hash=password_hash or passwords.hash_password(password),
        full_name=full_name,
        timezone=timezone,
        is_active=is_active,
    )
    user.roles = role_rows
    try:
        with session.begin_nested():
            session.add(user)
            session.flush()
    except IntegrityError as exc:  # a concurrent registration won the unique index
        raise EmailTaken("An account with this email already exists.") from exc
    return user


def register(
    session: Session,
    *,
    email: str,
    password: str,
    full_name: str | None = None,
    timezone: str = "UTC",
    password_hash: str | None = None,
) -> User:
    """Self-service sign-up: a new active account with the `user` role."""
    return create_user(
        session,
        email=email,
        password=password,
        roles=(ROLE_USER,),
        full_name=full_name,
        timezone=timezone,
        password_hash=password_hash,
    )


def authenticate(session: Session, *, email: str, password: str) -> User:
    """The active user with these credentials, upgrading an outdated hash; else an error.

    Unknown email and wrong password raise the same error after the same amount of work.
    A deactivated account is only reported as such to someone who knows its password.
    """
    user = find_user_by_email(session, email)
    if user is None:
        passwords.dummy_verify(password)
        raise InvalidCredentials()
    if not passwords.verify_password(user.password_hash, password):
        raise InvalidCredentials()
    if not user.is_active:
        raise InactiveUser("This account is deactivated.")
    if passwords.needs_rehash(user.password_hash):
        _replace_hash(user, passwords.hash_password(password))
        session.flush()
    return user


def check_credentials(session: Session, *, email: str, password: str) -> tuple[int, str | None]:
    """Authenticate without writing: the user's id and, when the stored hash is outdated, its
    replacement (for `start_session`). Raises like `authenticate`.

    This is the slow part of a login (the password hash); doing it before the write
    transaction keeps SQLite's write lock short.
    """
    user = find_user_by_email(session, email)
    if user is None:
        passwords.dummy_verify(password)
        raise InvalidCredentials()
    if not passwords.verify_password(user.password_hash, password):
        raise InvalidCredentials()
    if not user.is_active:
        raise InactiveUser("This account is deactivated.")
    rehashed = passwords.hash_password(password) if passwords.needs_rehash(user.password_hash) else None
    return user.id, rehashed


def _replace_hash(user: User, upgraded: str) -> None:
    """Store a rehashed password; the first bcrypt hash replaced is kept beside it, so that a
    rollback to the earlier LifeOS (which reads only bcrypt) can put it back (20261207)."""
    if passwords.is_bcrypt_hash(user.password_hash) and user.legacy_password_hash is None:
        user.legacy_password_hash = user.password_hash
    user.password_hash = upgraded


def start_session(
    session: Session, *, user_id: int, rehashed: str | None = None
) -> tuple[User, dict[str, str]]:
    """The writes of a login checked by `check_credentials`: store an upgraded hash, issue tokens."""
    user = session.get(User, user_id)
    if user is None or not user.is_active:  # deleted or deactivated in between
        raise InvalidCredentials()
    if rehashed is not None:
        _replace_hash(user, rehashed)
        session.flush()
    return user, tokens.issue_tokens(session, user)


def login(session: Session, *, email: str, password: str) -> tuple[User, dict[str, str]]:
    """Authenticate and start a session: the user and their tokens (flush, no commit)."""
    user = authenticate(session, email=email, password=password)
    return user, tokens.issue_tokens(session, user)


def refresh(session: Session, refresh_claims: dict[str, Any]) -> dict[str, str]:
    """Rotate a verified, live refresh token: a new refresh token and access token for the same
    session (same CSRF token); the presented refresh token is retired (flush, no commit)."""
    return tokens.rotate_refresh_token(session, refresh_claims)


def change_password(
    session: Session, *, user: User, current_password: str, new_password: str, access_claims: dict[str, Any]
) -> int:
    """Replace the password after checking the current one; revoke every other session.

    The session of `access_claims` stays valid (its tokens keep working). Returns how many
    other sessions were revoked (flush, no commit).
    """
    if not passwords.verify_password(user.password_hash, current_password):
        raise WrongPassword("The current password is wrong.")
    errors = _password_errors(new_password, "new_password")
    if errors:
        raise ValidationFailed("Some fields are invalid.", errors=errors)
    user.password_hash = passwords.hash_password(new_password)
    user.legacy_password_hash = None  # the old password is no longer the person's
    session.flush()
    keep = tokens.session_family(session, access_claims)
    return tokens.revoke_all_sessions(session, user_id=user.id, keep_family=keep)


def logout_all(session: Session, *, user_id: int, access_claims: dict[str, Any]) -> int:
    """Sign out everywhere: revoke every session of the user, this one included (flush)."""
    revoked = tokens.revoke_all_sessions(session, user_id=user_id)
    jti = access_claims.get("jti")
    if jti:
        tokens.blocklist_access_token(session, user_id=user_id, jti=str(jti))
    return revoked


def logout(
    session: Session, *, user_id: int, access_claims: dict[str, Any], refresh_token: str | None = None
) -> None:
    """End the session: revoke its refresh token (and one passed explicitly) and the access token."""
    if refresh_token:
        try:
            claims = tokens.decode_refresh_token(refresh_token)
        except Exception as exc:
            raise ValidationFailed(
                "Invalid refresh token.",
                errors=[_field_error("refresh_token", "Not a valid refresh token.", "invalid_token")],
            ) from exc
        if str(claims.get("sub")) != str(user_id):
            raise ValidationFailed(
                "Invalid refresh token.",
                errors=[_field_error("refresh_token", "Not a valid refresh token.", "invalid_token")],
            )
        family = tokens.session_family(session, claims)
        if family is not None:
            tokens.revoke_family(session, user_id=user_id, family=family)
    family = tokens.session_family(session, access_claims)
    if family is not None:
        tokens.revoke_family(session, user_id=user_id, family=family)
    jti = access_claims.get("jti")
    if jti:
        tokens.blocklist_access_token(session, user_id=user_id, jti=str(jti))


def user_roles(user: User) -> list[str]:
    """The user's current role names, sorted."""
    return user.role_names


def set_roles(session: Session, user: User, roles: Iterable[str]) -> User:
    """Replace a user's roles (flush, no commit)."""
    user.roles = get_or_create_roles(session, roles)
    session.flush()
    return user


def list_users(session: Session) -> list[User]:
    """Every user, oldest first (operator CLI)."""
    return list(session.scalars(select(User).order_by(User.id)))


def set_active(session: Session, user: User, active: bool) -> User:
    """Activate or deactivate a user; deactivating also revokes their refresh tokens (flush)."""
    user.is_active = active
    if not active:
        tokens.revoke_all_sessions(session, user_id=user.id)
    session.flush()
    return user
