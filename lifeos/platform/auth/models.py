"""Core identity tables: user, role, user_role, permission, role_permission, tokens."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Column, ForeignKey, Index, String, Table, false, text, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lifeos.platform.database import NOW_DEFAULTS, STAMP_DEFAULTS, Base

ROLE_USER, ROLE_READONLY, ROLE_ADMIN = "user", "readonly", "admin"
WRITE_ROLES = frozenset({ROLE_USER, ROLE_ADMIN})


user_role = Table(
    "user_role",
    Base.metadata,
    Column("user_id", ForeignKey("user.id"), primary_key=True),
    Column("role_id", ForeignKey("role.id"), primary_key=True),
)

role_permission = Table(
    "role_permission",
    Base.metadata,
    Column("role_id", ForeignKey("role.id"), primary_key=True),
    Column("permission_id", ForeignKey("permission.id"), primary_key=True),
)


class User(Base):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased; lookups compare lower-cased input.
    email: Mapped[str] = mapped_column(String(255))
    password_hash: Mapped[str] = mapped_column(String(255))
    # The bcrypt hash an earlier LifeOS stored, kept when a login rehashes it to argon2id, so
    # a rollback to 20251216 can put it back (that code only reads bcrypt); cleared when the
    # password changes (revision 20261207_legacy_adoption).
    legacy_password_hash: Mapped[str | None] = mapped_column(String(255))
    full_name: Mapped[str | None] = mapped_column(String(255))
    timezone: Mapped[str | None] = mapped_column(String(64))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(**NOW_DEFAULTS)
    updated_at: Mapped[datetime] = mapped_column(**STAMP_DEFAULTS)

    roles: Mapped[list[Role]] = relationship(secondary=user_role, lazy="selectin")

    __table_args__ = (Index("ix_user_email", "email", unique=True),)

    @property
    def role_names(self) -> list[str]:
        return sorted(r.name for r in self.roles)


class Role(Base):
    __tablename__ = "role"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    description: Mapped[str] = mapped_column(String(255), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(**NOW_DEFAULTS)
    updated_at: Mapped[datetime] = mapped_column(**STAMP_DEFAULTS)

    permissions: Mapped[list[Permission]] = relationship(secondary=role_permission, lazy="selectin")


class Permission(Base):
    __tablename__ = "permission"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(128), unique=True)
    description: Mapped[str] = mapped_column(String(255), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(**NOW_DEFAULTS)
    updated_at: Mapped[datetime] = mapped_column(**STAMP_DEFAULTS)


class SessionToken(Base):
    """A refresh token issued at login; revoked on logout."""

    __tablename__ = "session_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    jti: Mapped[str] = mapped_column(String(64), unique=True)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    expires_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(**NOW_DEFAULTS)
    updated_at: Mapped[datetime] = mapped_column(**STAMP_DEFAULTS)


class JwtBlocklist(Base):
    """Access-token ids revoked before they expire (logout)."""

    __tablename__ = "jwt_blocklist"

    id: Mapped[int] = mapped_column(primary_key=True)
    jti: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(**NOW_DEFAULTS)
    updated_at: Mapped[datetime] = mapped_column(**STAMP_DEFAULTS)


class UserPreference(Base):
    """Free-form per-user settings (kept from the legacy schema)."""

    __tablename__ = "user_preference"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    key: Mapped[str] = mapped_column(String(128))
    value: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, server_default=text("'{}'"))
    created_at: Mapped[datetime] = mapped_column(**NOW_DEFAULTS)
    updated_at: Mapped[datetime] = mapped_column(**STAMP_DEFAULTS)
