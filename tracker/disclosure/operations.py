"""Publishing an answer in the disclosure log, and taking it down.

Nothing is published by default: only the official who sends an answer can ask for it
(``send`` with ``publish=True``), and only the redacted copy is stored. The public sees it
once the letter has left (sent by e-mail and accepted, or posted). Heads and admins may take
it down again.
"""
from __future__ import annotations

from sqlalchemy import select

from ..auth import permissions as perm
from ..auth.models import Role, User
from ..core.errors import NotFound, TransitionError, ValidationError
from ..core.i18n import gettext as _
from ..core.models import record_event
from ..core.timeutil import utcnow
from ..extensions import db
from ..letters import delivery
from ..letters.models import Letter, LetterKind, LetterStatus
from ..letters.signing import printed_content
from ..outbox.models import OutboxMessage
from ..register.models import Request
from .models import PublishedAnswer
from .blocks import table_block
from .redaction import Personal, missing_passages, redact

#: Letters that answer a request (in full, in part, or by refusing) may be published.
PUBLISHABLE = frozenset({LetterKind.ANSWER, LetterKind.REFUSAL})
#: Who takes a published answer down.
UNPUBLISHERS = (Role.HEAD, Role.ADMIN)
_LEFT_OR_LEAVING = (LetterStatus.FINAL, LetterStatus.FAILED, LetterStatus.QUEUED,
                    LetterStatus.TO_PRINT, LetterStatus.SENT)


def answer_text(letter: Letter) -> str:
    """What the public reads of a letter: its body (paragraphs, the table, the closing and
    the list of attachments), without the addressee block, the letterhead, the date and
    number, or the signatures. The table is kept as rows (blocks.py) to be drawn as one."""
    content = printed_content(letter)
    parts = list(content.paragraphs)
    if content.table is not None:
        if content.table_intro:
            parts.append(content.table_intro)
        parts.append(table_block(content.table.header, content.table.rows, content.table.total))
    parts += list(content.closing)
    attachments = content.attachment_lines()
    if attachments:
        parts.append("\n".join(attachments))
    return "\n\n".join(p.strip() for p in parts if p and p.strip())


def personal_data(req: Request, passages: list[str]) -> Personal:
    """The requester's name, contacts and addresses, the passages the official marked, and
    the request's index and its letters' numbers (the default index carries the requester's
    initial: «25/П-4із»)."""
    requester = req.requester
    numbers = db.session.scalars(select(Letter.number).where(Letter.request_id == req.id)).all()
    return Personal(
        names=[requester.name],
        emails=[e for e in (requester.email, req.reply_to, req.portal_address) if e],
        phones=[requester.phone] if requester.phone else [],
        addresses=[requester.postal_address] if requester.postal_address else [],
        passages=passages,
        numbers=sorted({n for n in (req.registration_number, *numbers) if n}, key=len,
                       reverse=True))


def publish(actor: User, letter: Letter, passages: list[str]) -> PublishedAnswer:
    """Store the answer's redacted copy for the disclosure log (again, if it was taken down)."""
    req = letter.request
    perm.require_can_act(actor, req)
    if letter.kind not in PUBLISHABLE:
        raise TransitionError(_("Опублікувати можна лише відповідь на запит (або відмову)."))
    if letter.status not in _LEFT_OR_LEAVING:
        raise TransitionError(_("Опублікувати можна лише остаточну відповідь, коли її "
                                 "надсилають."))
    body = answer_text(letter)
    missing = missing_passages(body, passages)
    if missing:
        raise ValidationError({"redact": [
            _("Фрагмент «%(passage)s» не знайдено в тексті відповіді: перевірте, як його "
              "написано (інакше його не буде вилучено).", passage=p[:80]) for p in missing]})
    personal = personal_data(req, passages)
    text, removed = redact(body, personal)
    subject, removed_subject = redact(req.subject, personal)
    row = db.session.scalar(select(PublishedAnswer).where(PublishedAnswer.letter_id == letter.id))
    if row is None:
        row = PublishedAnswer(letter_id=letter.id, request_id=req.id)
        db.session.add(row)
    elif row.public:
        raise TransitionError(_("Цю відповідь уже опубліковано."))
    row.subject, row.text, row.removed = subject[:500], text, removed + removed_subject
    row.search_text = f"{subject}\n{text}".casefold()
    row.published_at, row.published_by_id = utcnow(), actor.id
    row.unpublished_at = row.unpublished_by_id = row.unpublish_reason = None
    row.pdf = None
    db.session.flush()
    record_event(actor, "answer_published", "published_answer", row.id, request_id=req.id,
                 after={"letter": letter.id, "marked": len(passages), "removed": row.removed})
    return row


def send(actor: User, letter: Letter, publish_it: bool = False,
         passages: list[str] | None = None) -> OutboxMessage | None:
    """Send the letter (delivery.send) and, if the official asked, publish its redacted
    copy — one transaction: a passage that cannot be found stops the sending too."""
    msg = delivery.send(actor, letter)
    if publish_it:
        publish(actor, letter, passages or [])
    return msg


def mark_posted(actor: User, letter: Letter, publish_it: bool = False,
                passages: list[str] | None = None) -> Letter:
    """A printed answer was posted (delivery.mark_posted); publish it too if asked."""
    delivery.mark_posted(actor, letter)
    if publish_it:
        publish(actor, letter, passages or [])
    return letter


def unpublish(actor: User, row: PublishedAnswer, reason: str | None) -> PublishedAnswer:
    """Take a published answer down (heads and admins); the reason goes into the Event."""
    perm.require_role(actor, UNPUBLISHERS, _("знімати відповіді з публікації"))
    if not row.public:
        raise TransitionError(_("Цю відповідь уже знято з публікації."))
    reason = " ".join((reason or "").split())[:500] or None
    row.unpublished_at, row.unpublished_by_id, row.unpublish_reason = utcnow(), actor.id, reason
    row.pdf = None
    record_event(actor, "answer_unpublished", "published_answer", row.id,
                 request_id=row.request_id, after={"letter": row.letter_id, "reason": reason})
    return row


def get_published(answer_id: int) -> PublishedAnswer:
    row = db.session.get(PublishedAnswer, answer_id)
    if row is None:
        raise NotFound(_("Опубліковану відповідь не знайдено."))
    return row
