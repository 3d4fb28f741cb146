"""Users, roles and API tokens."""
from __future__ import annotations

import datetime as dt
import enum

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import Enum, ForeignKey, String, UniqueConstraint
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
    #: По батькові: the Law asks for the responsible official's full name (Art. 22 part 4).
    patronymic: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(50))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    #: Part of every session and remember cookie (see get_id); raising it ends them all
    #: (logout, password change, deactivation, the admin's «Завершити всі сеанси»).
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")
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

    def get_id(self) -> str:
        """What Flask-Login keeps in the session and the remember cookie: the id and the
        session version, so that raising the version makes every older cookie worthless."""
        return f"{self.id}:{self.session_version}"

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
    #: Every token expires (there is no "never").
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="tokens", lazy="joined")


class LoginFailure(db.Model):
    """Failed logins from one client address for one e-mail (known to us or not).

    Throttling is per (e-mail, address): an outsider's failures slow down only the outsider,
    and the owner of the account still logs in from their own address. Rows are forgotten
    LOGIN_THROTTLE_FORGET_HOURS after the last failure, or on a successful login.
    """

    __tablename__ = "login_failures"
    __table_args__ = (UniqueConstraint("email", "address"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: As typed, stripped and lower-cased (cut to the column's length).
    email: Mapped[str] = mapped_column(String(254))
    address: Mapped[str] = mapped_column(String(64))
    #: Failures that were checked: they set the delay.
    failures: Mapped[int] = mapped_column(default=0)
    #: Every failed attempt, also those refused unchecked during a delay (for the admin).
    attempts: Mapped[int] = mapped_column(default=0)
    first_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    last_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    #: No attempt from this address for this e-mail is checked before this moment.
    blocked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
