"""Configuration classes, chosen by APP_ENV (or FLASK_ENV, as the deployment guide uses)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

DEV_SECRET = "dev-only-insecure-secret-change-me"  # noqa: S105 - sentinel refused in production

ROOT = Path(__file__).resolve().parent.parent


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _bool(name: str, default: bool) -> bool:
    value = _env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def default_sqlite_url() -> str:
    path = ROOT / "instance" / "lifeos.db"
    return f"sqlite:///{path}"


def normalise_db_url(url: str) -> str:
    """Use psycopg 3 for plain postgres URLs (people paste `postgresql://…`)."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


class Config:
    ENV_NAME = "development"
    SECRET_KEY = _env("SECRET_KEY", DEV_SECRET)
    JWT_SECRET_KEY = _env("JWT_SECRET_KEY", DEV_SECRET)
    SQLALCHEMY_DATABASE_URI = normalise_db_url(_env("DATABASE_URL", default_sqlite_url()) or "")
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {"pool_pre_ping": True}
    MAX_CONTENT_LENGTH = int(_env("MAX_CONTENT_LENGTH", str(1024 * 1024)) or 0)
    JSON_SORT_KEYS = False

    JWT_ACCESS_TOKEN_EXPIRES = int(_env("JWT_ACCESS_TOKEN_MINUTES", "15") or 15) * 60
    JWT_REFRESH_TOKEN_EXPIRES = int(_env("JWT_REFRESH_TOKEN_DAYS", "30") or 30) * 86400
    # API clients send `Authorization: Bearer …`; browsers signed in through the web forms hold
    # the same tokens in HttpOnly cookies (lifeos/platform/auth/browser.py). A bearer header wins.
    JWT_TOKEN_LOCATION = ["headers", "cookies"]
    JWT_ACCESS_COOKIE_NAME = "lifeos_access"
    JWT_REFRESH_COOKIE_NAME = "lifeos_refresh"
    JWT_ACCESS_COOKIE_PATH = "/"
    JWT_REFRESH_COOKIE_PATH = "/"  # pages refresh the access token silently
    JWT_COOKIE_SAMESITE = "Lax"
    # Secure cookies travel over HTTPS only: on by default in production, off for http://127.0.0.1.
    JWT_COOKIE_SECURE = _bool("COOKIE_SECURE", False)
    # Double-submit CSRF is LifeOS's own: X-CSRF-Token (or the forms' csrf_token field) must equal
    # the token's `csrf` claim, compared in constant time → 403 csrf_failed (platform/auth/guard.py).
    JWT_COOKIE_CSRF_PROTECT = False
    JWT_SESSION_COOKIE = False
    # Flask's signed session cookie carries flash messages only (no server-side state).
    SESSION_COOKIE_NAME = "lifeos_flash"
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = JWT_COOKIE_SECURE

    # argon2id cost; defaults are argon2-cffi's (RFC 9106 low-memory profile).
    PASSWORD_HASH_TIME_COST = int(_env("PASSWORD_HASH_TIME_COST", "3") or 3)
    PASSWORD_HASH_MEMORY_COST = int(_env("PASSWORD_HASH_MEMORY_COST", "65536") or 65536)
    PASSWORD_HASH_PARALLELISM = int(_env("PASSWORD_HASH_PARALLELISM", "4") or 4)

    # Number of reverse proxies in front of the app whose X-Forwarded-* headers are trusted
    # (per-IP rate limits need the client address); 0 = none.
    TRUSTED_PROXIES = int(_env("TRUSTED_PROXIES", "0") or 0)

    RATELIMIT_ENABLED = _bool("RATELIMIT_ENABLED", True)
    # If Redis is down, count in memory rather than failing every request.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = _bool("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    RATELIMIT_STORAGE_URI = _env("RATELIMIT_STORAGE_URI", _env("REDIS_URL", "memory://"))
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_DEFAULT = _env("RATELIMIT_DEFAULT", "600 per minute")
    RATELIMIT_LOGIN = _env("RATELIMIT_LOGIN", "10 per minute")
    RATELIMIT_REGISTER = _env("RATELIMIT_REGISTER", "5 per minute")
    RATELIMIT_ACCOUNT_SEARCH = _env("RATELIMIT_ACCOUNT_SEARCH", "240 per minute")
    RATELIMIT_ACCOUNT_INLINE = _env("RATELIMIT_ACCOUNT_INLINE", "120 per minute")

    OUTBOX_BATCH_SIZE = int(_env("OUTBOX_BATCH_SIZE", "200") or 200)
    OUTBOX_MAX_ATTEMPTS = int(_env("OUTBOX_MAX_ATTEMPTS", "8") or 8)
    OUTBOX_LEASE_SECONDS = int(_env("OUTBOX_LEASE_SECONDS", "60") or 60)
    OUTBOX_BACKOFF_BASE_SECONDS = float(_env("OUTBOX_BACKOFF_BASE_SECONDS", "2") or 2)
    OUTBOX_BACKOFF_MAX_SECONDS = float(_env("OUTBOX_BACKOFF_MAX_SECONDS", "3600") or 3600)
    # Random spread of each retry delay (fraction, below 0.5) so failed messages don't retry in lockstep.
    OUTBOX_BACKOFF_JITTER = float(_env("OUTBOX_BACKOFF_JITTER", "0.1") or 0.1)
    OUTBOX_POLL_SECONDS = float(_env("OUTBOX_POLL_SECONDS", "1") or 1)

    LOG_JSON = _bool("LOG_JSON", False)
    LOG_LEVEL = _env("LOG_LEVEL", "INFO")
    LOG_FILE: str | None = _env("LOG_FILE")


class DevelopmentConfig(Config):
    ENV_NAME = "development"


class TestConfig(Config):
    ENV_NAME = "test"
    TESTING = True
    RATELIMIT_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
    # Cheap hashes keep the suite fast; production uses the defaults above.
    PASSWORD_HASH_TIME_COST = 1
    PASSWORD_HASH_MEMORY_COST = 1024
    PASSWORD_HASH_PARALLELISM = 1


class ProductionConfig(Config):
    ENV_NAME = "production"
    JWT_COOKIE_SECURE = _bool("COOKIE_SECURE", True)
    SESSION_COOKIE_SECURE = JWT_COOKIE_SECURE
    LOG_JSON = _bool("LOG_JSON", True)
    LOG_FILE = _env("LOG_FILE", str(ROOT / "logs" / "production.log"))


CONFIGS = {
    "development": DevelopmentConfig,
    "dev": DevelopmentConfig,
    "test": TestConfig,
    "testing": TestConfig,
    "production": ProductionConfig,
    "prod": ProductionConfig,
}


def config_from_env() -> type[Config]:
    """Pick the config class from APP_ENV, then FLASK_ENV (the guide's variable)."""
    name = (_env("APP_ENV") or _env("FLASK_ENV") or "development").lower()
    try:
        return CONFIGS[name]
    except KeyError as exc:
        raise RuntimeError(
            f"Unknown APP_ENV/FLASK_ENV {name!r}; use development, test or production"
        ) from exc
