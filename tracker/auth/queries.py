"""Looking users up."""
from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from .models import User


def user_by_email(email: str | None) -> User | None:
    """The user with this e-mail (any case, surrounding spaces ignored), or None."""
    key = (email or "").strip().lower()
    return db.session.scalar(select(User).where(User.email == key)) if key else None


def user_names(emails: set[str], known=()) -> dict[str, str]:
    """Users' names by e-mail (the timeline names executors, not addresses): those of the
    ``known`` users (already loaded), the rest in one query."""
    names = {u.email: u.name for u in known if u is not None}
    rest = emails - set(names)
    if rest:
        names.update(db.session.execute(select(User.email, User.name)
                                        .where(User.email.in_(rest))).all())
    return names
