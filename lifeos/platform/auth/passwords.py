"""Password hashing: argon2id for new hashes; legacy bcrypt hashes still verify.

A hash that is bcrypt, or argon2 with parameters older than the current ones, reports
`needs_rehash` and is replaced on the next successful login. The cost parameters come from
the app config (`PASSWORD_HASH_TIME_COST`, `PASSWORD_HASH_MEMORY_COST` in KiB,
`PASSWORD_HASH_PARALLELISM`) so tests can use cheap ones; defaults are argon2-cffi's
RFC 9106 "low memory" profile.
"""

from __future__ import annotations

import contextlib
import threading

import bcrypt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app, has_app_context

_BCRYPT_PREFIXES = ("$2a$", "$2b$", "$2y$")
# bcrypt only ever looked at the first 72 bytes; bcrypt>=5 refuses longer input instead.
_BCRYPT_MAX_BYTES = 72

DEFAULT_TIME_COST = 3
DEFAULT_MEMORY_COST = 65536
DEFAULT_PARALLELISM = 4

_lock = threading.Lock()  # never held while calling _hasher()
_hashers: dict[tuple[int, int, int], PasswordHasher] = {}
_dummy_hashes: dict[tuple[int, int, int], str] = {}


def _params() -> tuple[int, int, int]:
    if not has_app_context():
        return DEFAULT_TIME_COST, DEFAULT_MEMORY_COST, DEFAULT_PARALLELISM
    cfg = current_app.config
    return (
        int(cfg.get("PASSWORD_HASH_TIME_COST", DEFAULT_TIME_COST)),
        int(cfg.get("PASSWORD_HASH_MEMORY_COST", DEFAULT_MEMORY_COST)),
        int(cfg.get("PASSWORD_HASH_PARALLELISM", DEFAULT_PARALLELISM)),
    )


def _hasher() -> PasswordHasher:
    key = _params()
    hasher = _hashers.get(key)
    if hasher is None:
        with _lock:
            hasher = _hashers.setdefault(
                key, PasswordHasher(time_cost=key[0], memory_cost=key[1], parallelism=key[2])
            )
    return hasher


def is_bcrypt_hash(stored: str) -> bool:
    """True for the legacy `$2a$`/`$2b$`/`$2y$` bcrypt format."""
    return stored.startswith(_BCRYPT_PREFIXES)


def hash_password(password: str) -> str:
    """Hash a password with argon2id and the configured cost."""
    return _hasher().hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """Check a password against a stored argon2id or legacy bcrypt hash; never raises."""
    if not stored:
        dummy_verify(password)
        return False
    if is_bcrypt_hash(stored):
        try:
            return bcrypt.checkpw(password.encode("utf-8")[:_BCRYPT_MAX_BYTES], stored.encode("ascii"))
        except (ValueError, UnicodeEncodeError):
            return False
    try:
        return _hasher().verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """True when the hash is legacy bcrypt, unknown, or argon2 with outdated parameters."""
    if is_bcrypt_hash(stored):
        return True
    try:
        return _hasher().check_needs_rehash(stored)
    except (InvalidHashError, ValueError):
        return True


def dummy_verify(password: str) -> None:
    """Spend the time a real verification takes, so unknown emails are not told apart by timing."""
    key = _params()
    dummy = _dummy_hashes.get(key)
    hasher = _hasher()
    if dummy is None:
        fresh = hasher.hash("lifeos-timing-equaliser")
        with _lock:
            dummy = _dummy_hashes.setdefault(key, fresh)
    with contextlib.suppress(VerifyMismatchError, VerificationError, InvalidHashError):
        hasher.verify(dummy, password)
