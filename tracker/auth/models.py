"""Users, roles and API tokens."""
from __future__ import annotations

import datetime as dt
import enum

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..core.i18n import N_
from ..core.models import TimestampMixin
from ..core.types import UTCDateTime
from ..extensions import db


class Role(str, enum.Enum):
    ADMIN = "admin"
    CLERK = "clerk"
    EXECUTOR = "executor"
    HEAD = "head"


ROLE_LABELS = {  # translated where shown
    Role.ADMIN: N_("Адміністратор"),
    Role.CLERK: N_("Діловод"),
    Role.EXECUTOR: N_("Виконавець"),
    Role.HEAD: N_("Керівник"),
}


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Login name; stored lower-case.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    #: As signed under letters: "Наталія ЧИЖ" style is derived from given/family names.
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=20,
                                            values_callable=lambda e: [m.value for m in e]))
    position: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(50))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    #: Consecutive failed logins, and the lockout they caused.
    failed_logins: Mapped[int] = mapped_column(default=0, server_default="0")
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: Interface language the user chose ("uk", "en"); None: from the browser.
    locale: Mapped[str | None] = mapped_column(String(5))
    #: Daily digest e-mail (clerks and heads). Overdue escalations cannot be switched off.
    digest_enabled: Mapped[bool] = mapped_column(default=True, server_default=db.true())

    tokens: Mapped[list[ApiToken]] = relationship(back_populates="user")

    def set_password(self, password: str) -> None:
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]


class ApiToken(TimestampMixin, db.Model):
    """A Bearer token for the JSON API. Only the SHA-256 of the token is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: The first characters of the token, to tell tokens apart in lists.
    prefix: Mapped[str] = mapped_column(String(12))
    expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="tokens", lazy="joined")
