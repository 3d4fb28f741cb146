"""The Law's checks on a letter, asked at each step: drafting, finalising, approving and
the moment it leaves (sent, or posted) — the request's state may change in between, and
some limits hold only when the letter leaves (DOMAIN.md §5)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select

from flask_babel import gettext as _

from ..core.errors import TransitionError
from ..core.i18n import N_, Note
from ..extensions import db
from ..core.timeutil import utcnow
from ..register.models import OPEN_STATUSES, Request
from ..register.settings import current_settings
from .models import Letter, LetterKind, LetterStatus

#: Letters that decide something about an open request.
DECISIONS = (LetterKind.EXTENSION, LetterKind.REFUSAL, LetterKind.DEFERRAL, LetterKind.FORWARDING)


def today() -> dt.date:
    return utcnow().astimezone(current_settings().tz).date()


def check(kind: LetterKind, req: Request, on: dt.date, *, decided: bool = False) -> None:
    """Refuse a letter the request's state or the calendar does not allow on ``on``.

    ``decided``: the letter's decision is already recorded on the request (a letter sent
    again after a failed delivery) — then only the Law's limits of the letter remain.
    """
    if req.voided_at is not None:
        raise TransitionError(_("Реєстрацію цього запиту анульовано: листи за ним не "
                                "складаються і не надсилаються."))
    if kind in DECISIONS and not decided and req.status not in OPEN_STATUSES:
        raise TransitionError(_("Запит уже має результат: такий лист не потрібен."))
    if decided:
        return
    if kind == LetterKind.EXTENSION and req.extension_refusal(on):
        raise TransitionError(req.extension_refusal(on))
    if kind == LetterKind.DEFERRAL:
        refusal = req.deferral_refusal(utcnow().astimezone(current_settings().tz))
        if refusal:
            raise TransitionError(refusal)


#: Letters that name the official responsible for the request in their text (Art. 22 part 4
#: item 1, part 7 item 1).
NAMES_RESPONSIBLE = (LetterKind.REFUSAL, LetterKind.DEFERRAL)


def require_executor(kind: LetterKind, req: Request) -> None:
    """A refusal or a deferral names the official responsible for the request in its text
    (composed when drafted); without an executor it would say «відповідальна за розгляд
    запиту: .» and lack the executor requisite (ДСТУ 4163:2020): not drafted until one is
    assigned."""
    if kind in NAMES_RESPONSIBLE and req.executor is None:
        raise TransitionError(_(
            "Призначте виконавця запиту: відмова і відстрочка називають посадову особу, "
            "відповідальну за розгляд запиту (пункт 1 частин четвертої і сьомої статті 22), "
            "а лист — свого виконавця."))


def forwarding_warning(req: Request, on: dt.date) -> str | None:
    """Forwarding later than the 5th working day is a late answer in the courts' practice
    (Supreme Court plenum, 2016): warn, since the Law itself names no term."""
    if on > req.standard_due_date:
        return Note(N_("Запит пересилається пізніше 5-го робочого дня (%(date)s): за практикою "
                       "Верховного Суду пересилати слід у межах п'яти робочих днів."),
                    date=req.standard_due_date)
    return None


def _sent_invoices(req: Request) -> list[Letter]:
    return list(db.session.scalars(select(Letter).where(
        Letter.request_id == req.id, Letter.kind == LetterKind.INVOICE,
        Letter.status == LetterStatus.SENT).order_by(Letter.date, Letter.id)))


def _charges(letter: Letter) -> bool:
    return Decimal((letter.fields or {}).get("amount") or 0) > 0


def unpaid_invoice(req: Request, on: dt.date) -> Letter | None:
    """The cost notice a refusal for unpaid copying costs (Art. 22 part 1 item 3) refers
    to: the latest one sent, if it charged money and was sent before ``on`` (a later free
    notice supersedes a charging one)."""
    sent = _sent_invoices(req)
    latest = sent[-1] if sent else None
    return latest if latest is not None and _charges(latest) and latest.date < on else None


def unpaid_problem(req: Request, on: dt.date) -> str | None:
    """Why a refusal for unpaid copying costs is not possible yet: it needs a cost notice
    that charges money, sent on an earlier day and not paid, and not superseded."""
    if unpaid_invoice(req, on) is not None:
        return None
    sent = _sent_invoices(req)
    if sent and not _charges(sent[-1]):
        return _("Останнє надіслане повідомлення про витрати (від %(date)s) не вимагає плати: "
                 "відмовити через неоплату не можна.", date=f"{sent[-1].date:%d.%m.%Y}")
    if sent and sent[-1].date >= on:
        return _("Повідомлення про витрати надіслано сьогодні: запитувач ще не мав часу "
                 "оплатити. Відмовити через неоплату можна пізніше.")
    return _("Відмовити через неоплату витрат можна лише після надісланого раніше "
             "повідомлення про витрати на копіювання, яке запитувач не оплатив "
             "(стаття 21, пункт 3 частини першої статті 22). Перші 10 сторінок надаються "
             "безоплатно в будь-якому разі.")


def drafting_warnings(kind: LetterKind, f: dict, req: Request, council_name: str,
                      council_genitive: str | None) -> list[str]:
    """What the official should check in a draft that the app cannot decide for them."""
    out = []
    ground = f.get("ground") if kind == LetterKind.REFUSAL or f.get("result") == "partial" else None
    if ground == "not_holder":
        out.append(Note(N_("Якщо відомо, хто володіє інформацією, запит слід надіслати "
                           "належному розпоряднику (частина третя статті 22), а не "
                           "відмовляти.")))
    elif ground == "incomplete":
        out.append(Note(N_("Відмова з підстави пункту 4 частини першої статті 22 можлива, "
                           "лише якщо в запиті немає імені (найменування) запитувача, поштової "
                           "або електронної адреси, загального опису інформації, а для "
                           "письмового запиту — підпису і дати (частина п'ята статті 19): "
                           "назвіть, чого саме бракує.")))
    elif ground == "restricted":
        out.append(Note(N_("Обмежується доступ до інформації, а не до документа: надайте "
                           "документ без інформації з обмеженим доступом (частина сьома статті "
                           "6) і зазначте її вид (конфіденційна, таємна чи службова) та закон, "
                           "що це встановлює.")))
    if kind == LetterKind.FORWARDING:
        holder = " ".join((f.get("holder_name") or "").lower().split())
        own = [n.lower() for n in (council_name, council_genitive) if n]
        if any(n in holder for n in own):
            out.append(Note(N_("Розпорядник, якому пересилається запит, схожий на підрозділ "
                               "самої ради. Якщо підрозділ не є окремою юридичною особою "
                               "(розпорядником інформації), пересилання за належністю (частина "
                               "третя статті 22) неможливе: запит розглядає виконавчий "
                               "комітет, і строк не починається заново.")))
    return out
