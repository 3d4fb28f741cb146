"""A request's state as its requester reads it (plain words, translated where shown)."""
from __future__ import annotations

from ..core.i18n import N_
from ..letters.models import LetterKind
from ..register.models import Outcome, Request, Status

STATE_WORDS = {
    Status.NEW: N_("у роботі"), Status.IN_PROGRESS: N_("у роботі"),
    Status.EXTENDED: N_("у роботі, строк продовжено"), Status.DEFERRED: N_("відстрочено"),
    Status.ANSWERED: N_("надано відповідь"), Status.REFUSED: N_("відмовлено"),
    Status.FORWARDED: N_("переслано належному розпоряднику"),
}
OUTCOME_WORDS = {
    Outcome.FULL: N_("надано відповідь"), Outcome.PARTIAL: N_("надано відповідь частково"),
    Outcome.REFUSED: N_("відмовлено"), Outcome.FORWARDED: N_("переслано належному розпоряднику"),
}
LETTER_WORDS = {
    LetterKind.ANSWER: N_("Відповідь"), LetterKind.EXTENSION: N_("Повідомлення про продовження строку"),
    LetterKind.FORWARDING: N_("Повідомлення про пересилання запиту"),
    LetterKind.REFUSAL: N_("Відмова"), LetterKind.DEFERRAL: N_("Повідомлення про відстрочку"),
    LetterKind.INVOICE: N_("Рахунок на витрати на копіювання"),
}
CATEGORY_CHOICES = (("individual", N_("фізична особа")), ("legal_entity", N_("юридична особа")),
                    ("association", N_("об'єднання громадян без статусу юридичної особи")),
                    ("media", N_("засоби масової інформації")))


def state_words(req: Request) -> str:
    """The state in plain words: an answered and closed request reads as its outcome."""
    if req.voided_at is not None:
        return (N_("зареєстровано повторно: розглядається під іншим номером (нижче)")
                if req.duplicate_of_id else N_("реєстрацію анульовано"))
    if req.status == Status.CLOSED:
        return OUTCOME_WORDS.get(req.outcome, N_("розгляд завершено"))
    if req.status == Status.ANSWERED and req.outcome == Outcome.PARTIAL:
        return OUTCOME_WORDS[Outcome.PARTIAL]
    return STATE_WORDS[req.status]
