"""Who is told when a letter moves between its author and its signatory: the signatory when
a letter waits for the signature, the author when it comes back. Through the outbox, so a
notice is never lost; the letter's page is the link."""
from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from ..auth import permissions as perm
from ..auth.models import User
from ..extensions import db
from ..outbox.queueing import AUTO, queue_message
from .labels import KIND_LABELS
from .models import Letter


def _url(letter: Letter) -> str:
    return f"{current_app.config['BASE_URL'].rstrip('/')}/letters/{letter.id}"


def _what(letter: Letter) -> str:
    return (f"{KIND_LABELS[letter.kind]} № {letter.number} (запит № "
            f"{letter.request.registration_number})")


def signatories(letter: Letter) -> list[str]:
    """The named signatory, else every active head."""
    if letter.signatory is not None and letter.signatory.active:
        return [letter.signatory.email]
    return list(db.session.scalars(select(User.email).where(
        User.role.in_(perm.SIGNATORIES), User.active.is_(True))))


def waiting(letter: Letter, author: User) -> None:
    """A final letter waits for the signature: tell the signatory."""
    recipients = signatories(letter)
    if recipients:
        queue_message(kind="notice", recipients=recipients, headers=AUTO,
                      request_id=letter.request_id,
                      subject=f"Лист на затвердження: {_what(letter)}",
                      body_text=(f"{author.name} подає на затвердження (підпис) лист: "
                                 f"{_what(letter)}.\n\nПереглянути, затвердити або повернути "
                                 f"на доопрацювання: {_url(letter)}\n"))


def returned(letter: Letter, signatory: User, comment: str) -> None:
    """The signatory sent the letter back: tell its author why."""
    author = db.session.get(User, letter.created_by_id) if letter.created_by_id else None
    if author is not None and author.active and author.id != signatory.id:
        queue_message(kind="notice", recipients=[author.email], headers=AUTO,
                      request_id=letter.request_id,
                      subject=f"Лист повернуто на доопрацювання: {_what(letter)}",
                      body_text=(f"{signatory.name} повертає лист на доопрацювання: "
                                 f"{_what(letter)}.\n\nКоментар: {comment}\n\nЛист: "
                                 f"{_url(letter)}\n"))
