"""E-mails of the public side, all through the outbox (queued in the caller's transaction):
the requester's confirmation and their status link on asking (Ukrainian, as the council's
mail is), and the notice to whoever works on a request that its requester wrote again."""
from __future__ import annotations

from urllib.parse import quote, urlencode

from flask import current_app
from sqlalchemy import select

from ..auth.models import Role, User
from ..core.council_settings import setting
from ..core.timeutil import fmt_date, fmt_datetime
from ..extensions import db
from ..outbox.queueing import AUTO, queue_message
from ..register.models import Request


def status_url(req: Request, code: str) -> str:
    """The status page's address for the holder of ``code`` (BASE_URL: the public address)."""
    return (f"{current_app.config['BASE_URL'].rstrip('/')}/public/requests/"
            f"{quote(req.registration_number, safe='/')}?{urlencode({'code': code})}")


def due_words(req: Request) -> str:
    if req.due_at is not None:
        return (f"{fmt_datetime(req.due_at)} (48 годин: терміновий запит; якщо терміновість не "
                f"буде підтверджено — {fmt_date(req.standard_due_date)})")
    return fmt_date(req.due_date)


def _signature() -> str:
    return f"\n-- \n{setting('COUNCIL_NAME')}\nЦей лист надіслано автоматично.\n"


def confirmation(req: Request, code: str) -> None:
    """The requester's confirmation: the index, the due date and the status link."""
    if not req.requester.email:
        return
    body = (f"Шановний запитувачу!\n\nВаш запит на публічну інформацію зареєстровано "
            f"{fmt_datetime(req.received_at)}.\n\n"
            f"Реєстраційний номер: {req.registration_number}\n"
            f"Тема: {req.subject}\n"
            f"Відповідь буде надано до: {due_words(req)}\n\n"
            f"Стан запиту, листи у відповідь на нього, форма для уточнення:\n"
            f"{status_url(req, code)}\n\n"
            f"Посилання особисте: не пересилайте його іншим.\n{_signature()}")
    queue_message(kind="notice", recipients=[req.requester.email], headers=AUTO,
                  request_id=req.id, body_text=body,
                  subject=f"Запит № {req.registration_number} зареєстровано")


def status_link(req: Request, code: str) -> None:
    """A new status link to the address on file, on the requester's asking."""
    body = (f"Шановний запитувачу!\n\nНа сторінці {setting('COUNCIL_NAME')} попросили "
            f"посилання на сторінку стану запиту № {req.registration_number}.\n\n"
            f"{status_url(req, code)}\n\nЯкщо ви не просили, нічого робити не треба: "
            f"посилання відкриває сторінку лише тому, хто має цей лист.\n{_signature()}")
    queue_message(kind="notice", recipients=[req.requester.email], headers=AUTO,
                  request_id=req.id, body_text=body,
                  subject=f"Посилання на стан запиту № {req.registration_number}")


def reply_notice(req: Request, item_id: int) -> list[str]:
    """Tell the executor (else the clerks) that the requester wrote again; returns whom."""
    if req.executor is not None and req.executor.active:
        recipients = [req.executor.email]
    else:
        recipients = list(db.session.scalars(select(User.email).where(
            User.role == Role.CLERK, User.active.is_(True))))
    if recipients:
        base = current_app.config["BASE_URL"].rstrip("/")
        queue_message(kind="notice", recipients=recipients, headers=AUTO, request_id=req.id,
                      subject=f"Уточнення до запиту № {req.registration_number}",
                      body_text=(f"Запитувач додав уточнення (відповідь) до запиту № "
                                 f"{req.registration_number} на сторінці стану запиту.\n\n"
                                 f"Запит: {base}/requests/{req.id}\n"
                                 f"Уточнення: {base}/intake/{item_id}\n"))
    return recipients
