"""Password hashing: argon2id for new hashes, legacy bcrypt still verifies, rehash detection."""

from __future__ import annotations

import threading

import bcrypt
import pytest
from argon2 import PasswordHasher

from lifeos.platform.auth import passwords

# Cheap parameters keep these tests fast; tests that need defaults say so.
CHEAP = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def _bcrypt(password: str, prefix: bytes = b"$2b$") -> str:
    hashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=4))
    return (prefix + hashed[4:]).decode()


def test_new_hashes_are_argon2id_and_verify() -> None:
    stored = passwords.hash_password("correct horse battery")
    assert stored.startswith("$argon2id$")
    assert passwords.verify_password(stored, "correct horse battery")
    assert not passwords.verify_password(stored, "correct horse battery ")
    assert not passwords.verify_password(stored, "")


def test_same_password_hashes_differently_each_time() -> None:
    assert passwords.hash_password("same-password") != passwords.hash_password("same-password")


@pytest.mark.parametrize("prefix", [b"$2a$", b"$2b$", b"$2y$"])
def test_legacy_bcrypt_hashes_verify(prefix: bytes) -> None:
    stored = _bcrypt("alice-pass-2025", prefix)
    assert stored.startswith(prefix.decode())
    assert passwords.is_bcrypt_hash(stored)
    assert passwords.verify_password(stored, "alice-pass-2025")
    assert not passwords.verify_password(stored, "alice-pass-2026")


def test_fixture_hash_from_the_legacy_database_verifies() -> None:
    # alice@example.com in fixtures/legacy_lifeos_20251216.sql
    stored = "$2b$04$hRPy8hplOIAN3eBIYpYnluiU3fhSw59qlC4ZmDiJsjx51a/PvYUFu"
    assert passwords.verify_password(stored, "alice-pass-2025")
    assert passwords.needs_rehash(stored)


def test_bcrypt_passwords_longer_than_72_bytes_verify_as_legacy_bcrypt_did() -> None:
    # Old bcrypt libraries silently used the first 72 bytes; bcrypt>=5 raises instead.
    long_password = "p" * 100
    stored = bcrypt.hashpw(long_password.encode()[:72], bcrypt.gensalt(rounds=4)).decode()
    assert passwords.verify_password(stored, long_password)


def test_needs_rehash_for_bcrypt_and_outdated_argon2_but_not_current() -> None:
    assert passwords.needs_rehash(_bcrypt("whatever-pass"))
    assert passwords.needs_rehash(CHEAP.hash("whatever-pass"))  # weaker than the defaults
    assert not passwords.needs_rehash(passwords.hash_password("whatever-pass"))


def test_argon2_hash_with_other_params_still_verifies() -> None:
    assert passwords.verify_password(CHEAP.hash("older-params"), "older-params")


@pytest.mark.parametrize(
    "stored", ["", "plaintext", "$2b$garbage", "$argon2id$v=19$broken", "pbkdf2:sha256:1$x$y"]
)
def test_unknown_or_corrupt_hashes_never_verify_and_never_raise(stored: str) -> None:
    assert passwords.verify_password(stored, "anything") is False
    if stored:
        assert passwords.needs_rehash(stored)


def test_non_ascii_passwords() -> None:
    stored = passwords.hash_password("pässwörd-日本語")
    assert passwords.verify_password(stored, "pässwörd-日本語")
    legacy = bcrypt.hashpw("pässwörd-日本語".encode(), bcrypt.gensalt(rounds=4)).decode()
    assert passwords.verify_password(legacy, "pässwörd-日本語")


def test_cost_comes_from_app_config(app_with_cheap_hashing) -> None:  # type: ignore[no-untyped-def]
    with app_with_cheap_hashing.app_context():
        stored = passwords.hash_password("configured-cost")
        assert "m=1024,t=1,p=1" in stored
        assert not passwords.needs_rehash(stored)
    # Outside that app the defaults apply, so the cheap hash is outdated there.
    assert passwords.needs_rehash(stored)


def test_dummy_verify_works_before_any_hash_was_made(monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: the first call (an unknown email at login) once deadlocked on its own lock."""
    monkeypatch.setattr(passwords, "_hashers", {})
    monkeypatch.setattr(passwords, "_dummy_hashes", {})
    done = threading.Event()

    def run() -> None:
        passwords.dummy_verify("some-password")
        done.set()

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    assert done.wait(timeout=20), "dummy_verify did not return"
    assert passwords._dummy_hashes  # the dummy hash is cached for the next call


@pytest.fixture
def app_with_cheap_hashing():  # type: ignore[no-untyped-def]
    from flask import Flask

    flask_app = Flask(__name__)
    flask_app.config.update(
        PASSWORD_HASH_TIME_COST=1, PASSWORD_HASH_MEMORY_COST=1024, PASSWORD_HASH_PARALLELISM=1
    )
    return flask_app
