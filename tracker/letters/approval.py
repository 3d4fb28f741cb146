"""Approval: the executor drafts, the signatory signs. No letter leaves unapproved.

The signatory is the person the letter names (the council's LETTER_SIGNATORY, or a head);
any head may sign instead, and the letter then names whoever signed it. Approval is the
signature: it dates the letter and makes it sendable. A signatory may return a final
letter to its author with a comment; it is a draft again. Each step is an Event.
"""
from __future__ import annotations

from flask_babel import gettext as _

from ..auth import permissions as perm
from ..auth.models import User
from ..core.errors import ErrorCollector, PermissionDenied, TransitionError
from ..core.i18n import N_
from ..core.models import record_event
from ..core.timeutil import utcnow
from ..core.validation import clean_text
from ..extensions import db
from sqlalchemy import select
from . import approval_mail, rules, signing
from .content import LetterContent
from .models import Letter, LetterKind, LetterStatus
from .names import signature_name


def may_approve(actor: User | None, letter: Letter) -> bool:
    return (actor is not None and actor.active
            and (actor.id == letter.signatory_id or actor.role in perm.SIGNATORIES))


def who_approves(letter: Letter) -> str:
    """Whom to ask, in words: the named signatory, or a head."""
    if letter.signatory is not None:
        name = letter.signatory.name
        if letter.signatory.position:
            name += ", " + letter.signatory.position.lower()
        return _("%(name)s (підписувач листа) або керівник", name=name)
    return _("керівник (роль «керівник»)")


def require_approved(letter: Letter) -> None:
    """409 unless the letter was approved: sending and posting ask this."""
    if not letter.approved:
        raise TransitionError(_("Лист ще не затверджено: затвердити (підписати) його має "
                                "%(who)s.", who=who_approves(letter)))


def _sign_as(actor: User, letter: Letter) -> None:
    """A head who signs instead of the named signatory is named on the letter."""
    if actor.id == letter.signatory_id:
        return
    content = LetterContent.from_dict(letter.content)
    content.signatory_position = actor.position or ""
    content.signatory_name = signature_name(actor.name)
    letter.content, letter.signatory_id = content.to_dict(), actor.id


def sign(actor: User, letter: Letter) -> None:
    """Record the approval (the letter and its companion) and freeze both on today's date."""
    on = rules.today()
    for each in (letter, letter.companion) if letter.companion_id else (letter,):
        _sign_as(actor, each)
        signing.freeze(actor, each, on)
        each.approved_by_id, each.approved_at = actor.id, utcnow()
        each.return_comment = None


#: What the signatory may be refused, per action (whole sentences: they translate whole).
_REFUSALS = {
    "approve": (N_("Затвердити лист може лише %(who)s."),
                N_("Затвердити лист розпоряднику можна лише разом із повідомленням."),
                N_("Затвердити можна лише остаточний лист, що чекає на підпис.")),
    "return": (N_("Повернути лист може лише %(who)s."),
               N_("Повернути лист розпоряднику можна лише разом із повідомленням."),
               N_("Повернути можна лише остаточний лист, що чекає на підпис.")),
}


def _require_awaiting(actor: User, letter: Letter, action: str) -> None:
    """The signatory acts on a final letter that waits for the signature (the letter to a
    holder goes with its notice)."""
    who, holder, waiting = _REFUSALS[action]
    if not may_approve(actor, letter):
        raise PermissionDenied(_(who, who=who_approves(letter)))
    if letter.kind == LetterKind.FORWARDING_HOLDER:
        raise TransitionError(_(holder))
    if letter.status != LetterStatus.FINAL or letter.approved:
        raise TransitionError(_(waiting))


def approve(actor: User, letter: Letter) -> Letter:
    """The signatory approves a final letter: it is re-dated to today and may be sent."""
    _require_awaiting(actor, letter, "approve")
    rules.check(letter.kind, letter.request, rules.today())
    sign(actor, letter)
    record_event(actor, "letter_approved", "letter", letter.id, request_id=letter.request_id,
                 after={"kind": letter.kind.value, "date": letter.date.isoformat()})
    return letter


def return_letter(actor: User, letter: Letter, comment: str | None) -> Letter:
    """The signatory sends a final letter back to its author: a draft again, with why."""
    _require_awaiting(actor, letter, "return")
    e = ErrorCollector()
    comment = clean_text(e, "comment", comment, required=True)
    e.raise_if_any()
    for each in (letter, letter.companion) if letter.companion_id else (letter,):
        each.status, each.docx, each.pdf = LetterStatus.DRAFT, None, None
        each.finalized_at = each.finalized_by_id = None
        each.return_comment, each.returned_by_id, each.returned_at = comment, actor.id, utcnow()
    db.session.flush()
    approval_mail.returned(letter, actor, comment)
    record_event(actor, "letter_returned", "letter", letter.id, request_id=letter.request_id,
                 after={"kind": letter.kind.value, "comment": comment[:500]})
    return letter


def awaiting(actor: User) -> tuple[list[Letter], list[Letter]]:
    """(letters waiting for ``actor``'s signature, ``actor``'s own letters that wait for a
    signature or came back), oldest first."""
    waiting = select(Letter).where(Letter.status == LetterStatus.FINAL,
                                   Letter.approved_at.is_(None),
                                   Letter.kind != LetterKind.FORWARDING_HOLDER)
    to_sign = [] if actor.role not in perm.SIGNATORIES else list(
        db.session.scalars(waiting.order_by(Letter.finalized_at)))
    if actor.role not in perm.SIGNATORIES:
        to_sign = list(db.session.scalars(waiting.where(Letter.signatory_id == actor.id)
                                          .order_by(Letter.finalized_at)))
    mine = list(db.session.scalars(select(Letter).where(
        Letter.created_by_id == actor.id, Letter.kind != LetterKind.FORWARDING_HOLDER,
        ((Letter.status == LetterStatus.FINAL) & Letter.approved_at.is_(None))
        | ((Letter.status == LetterStatus.DRAFT) & Letter.return_comment.is_not(None)))
        .order_by(Letter.id)))
    return to_sign, mine
