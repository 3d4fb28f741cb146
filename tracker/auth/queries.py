"""Looking users up."""
from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from .models import User


def user_by_email(email: str | None) -> User | None:
    """The user with this e-mail (any case, surrounding spaces ignored), or None."""
    key = (email or "").strip().lower()
    return db.session.scalar(select(User).where(User.email == key)) if key else None
