"""Auth error codes (`auth.<reason>`, plus `csrf_failed`), each with its HTTP status."""

from __future__ import annotations

from lifeos.platform.errors import AppError, Unauthorized


class InvalidCredentials(Unauthorized):
    """The email and password do not match an account (never says which part was wrong)."""

    status = 401
    code = "auth.invalid_credentials"
    title = "Invalid email or password"


class InactiveUser(AppError):
    """The account is deactivated; only shown to someone who gave the right password."""

    status = 403
    code = "auth.inactive_user"
    title = "This account is deactivated"


class EmailTaken(AppError):
    """An account with this email already exists (compared case-insensitively)."""

    status = 409
    code = "auth.email_taken"
    title = "Email already registered"


class TokenExpired(Unauthorized):
    """The token has expired; log in again or refresh."""

    status = 401
    code = "auth.token_expired"
    title = "Token expired"


class InvalidToken(Unauthorized):
    """The token is malformed, badly signed, or not acceptable here."""

    status = 401
    code = "auth.invalid_token"
    title = "Invalid token"


class WrongTokenType(Unauthorized):
    """An access token was sent where a refresh token is needed, or the reverse."""

    status = 401
    code = "auth.wrong_token_type"
    title = "Wrong token type"


class TokenRevoked(Unauthorized):
    """The token was revoked (logout)."""

    status = 401
    code = "auth.token_revoked"
    title = "Token revoked"


class RefreshTokenReused(Unauthorized):
    """A refresh token that was already rotated was presented again: its whole session (every
    token rotated from the same login) is now revoked. Log in again."""

    status = 401
    code = "auth.refresh_token_reused"
    title = "Refresh token reused"


class WrongPassword(AppError):
    """The current password given to change it is wrong."""

    status = 403
    code = "auth.wrong_password"
    title = "The current password is wrong"


class UserUnavailable(Unauthorized):
    """The token's user no longer exists or is deactivated."""

    status = 401
    code = "auth.user_unavailable"
    title = "User not available"


class CsrfFailed(AppError):
    """A state-changing request lacked the X-CSRF-Token header issued at login, or it was wrong."""

    status = 403
    code = "csrf_failed"
    title = "CSRF token missing or invalid"


__all__ = [
    "CsrfFailed",
    "EmailTaken",
    "InactiveUser",
    "InvalidCredentials",
    "InvalidToken",
    "RefreshTokenReused",
    "TokenExpired",
    "TokenRevoked",
    "UserUnavailable",
    "WrongPassword",
    "WrongTokenType",
]
