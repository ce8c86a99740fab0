"""Request and response shapes of the auth API."""

from __future__ import annotations

import re
import zoneinfo
from datetime import datetime
from typing import Any

from email_validator import SPECIAL_USE_DOMAIN_NAMES
from pydantic import BaseModel, ConfigDict, Field

from lifeos.platform.auth.models import User
from lifeos.platform.auth.services import (
    FULL_NAME_MAX_LENGTH,
    PASSWORD_MAX_LENGTH,
    PASSWORD_MIN_LENGTH,
    TIMEZONE_MAX_LENGTH,
)
from lifeos.platform.database import iso_utc
from lifeos.platform.http import Schema

# Generous for the raw input; the service applies the real address rules.
_EMAIL_INPUT_MAX = 320


def _list_time_zones(schema: dict[str, Any]) -> None:
    schema["enum"] = sorted(zoneinfo.available_timezones())


def _caseless(word: str) -> str:
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else re.escape(c) for c in word)


# The service refuses these domains (email_validator's special-use names: .test, .local, …);
# the schema says so, so a client (or the schema fuzzer) knows which addresses are valid.
_SPECIAL_USE = "(^|[.@])(" + "|".join(_caseless(d) for d in SPECIAL_USE_DOMAIN_NAMES) + r")\.?$"


class _CredentialsSchema(Schema):
    # Passwords are taken exactly as typed: no whitespace stripping here.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


class RegisterBody(_CredentialsSchema):
    email: str = Field(
        min_length=1,
        max_length=_EMAIL_INPUT_MAX,
        examples=["ada@example.com"],
        json_schema_extra={"format": "email", "not": {"pattern": _SPECIAL_USE}},
    )
    password: str = Field(min_length=PASSWORD_MIN_LENGTH, max_length=PASSWORD_MAX_LENGTH)
    full_name: str | None = Field(default=None, max_length=FULL_NAME_MAX_LENGTH)
    timezone: str = Field(
        default="UTC",
        max_length=TIMEZONE_MAX_LENGTH,
        examples=["Europe/Paris"],
        # The IANA names this server knows (the rule the service applies), so clients can offer them.
        json_schema_extra=_list_time_zones,
    )


class LoginBody(_CredentialsSchema):
    email: str = Field(min_length=1, max_length=_EMAIL_INPUT_MAX, examples=["ada@example.com"])
    password: str = Field(min_length=1, max_length=PASSWORD_MAX_LENGTH)


class LogoutBody(_CredentialsSchema):
    refresh_token: str | None = Field(default=None, max_length=4096)


class PasswordChangeBody(_CredentialsSchema):
    current_password: str = Field(min_length=1, max_length=PASSWORD_MAX_LENGTH)
    new_password: str = Field(min_length=PASSWORD_MIN_LENGTH, max_length=PASSWORD_MAX_LENGTH)


class SessionsRevokedOut(BaseModel):
    revoked_sessions: int = Field(description="How many login sessions were revoked.")


class UserOut(BaseModel):
    id: int
    email: str
    full_name: str | None
    timezone: str | None
    roles: list[str]
    is_active: bool
    created_at: str | None

    @classmethod
    def of(cls, user: User) -> UserOut:
        created: datetime | None = user.created_at
        return cls(
            id=user.id,
            email=user.email,
            full_name=user.full_name,
            timezone=user.timezone,
            roles=user.role_names,
            is_active=bool(user.is_active),
            created_at=iso_utc(created),
        )


class AccessTokenOut(BaseModel):
    access_token: str
    csrf_token: str = Field(description="Send as X-CSRF-Token on every POST/PUT/PATCH/DELETE.")
    token_type: str = "Bearer"  # noqa: S105 - the OAuth token type, not a secret
    expires_in: int = Field(description="Access token lifetime in seconds.")


class RefreshOut(AccessTokenOut):
    refresh_token: str = Field(
        description="The next refresh token; the one sent is retired and must not be sent again."
    )


class LoginOut(AccessTokenOut):
    refresh_token: str = Field(description="Send as the bearer token to /auth/refresh.")
    user: UserOut
