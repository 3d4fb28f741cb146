"""Notices that a request will take longer: extension (Art. 20 part 4), deferral (Art. 22
parts 6–7)."""
from __future__ import annotations

import datetime as dt

from ..content import DATE_MARK, LetterContent
from ..legal import LAW, appeal
from .common import Common, RequestInfo, base, opening, responsible, sentence, subject_phrase


def compose_extension(c: Common, r: RequestInfo, reason: str, new_date: dt.date) -> LetterContent:
    """Extension notice (Art. 20 part 4): the reasons and the new date."""
    # Not «Розглянувши Ваш запит …»: the request has not been considered yet.
    return base("extension", c, r, [
        f"Повідомляємо, що відповідно до частини четвертої статті 20 {LAW} строк розгляду "
        f"Вашого запиту {r.dated} щодо {subject_phrase(r.subject)} продовжено "
        f"до 20 робочих днів з дня його надходження — до {new_date:%d.%m.%Y} включно.",
        f"Обґрунтування продовження строку: {sentence(reason)}",
    ])


def compose_deferral(c: Common, r: RequestInfo, reason: str, new_date: dt.date) -> LetterContent:
    """Deferral notice (Art. 22 parts 6–7): its items and the appeal wording (Art. 23)."""
    return base("deferral", c, r, [
        f"{opening(r)}, що відповідно до частин шостої та сьомої статті 22 {LAW} "
        f"задоволення Вашого запиту відстрочено.",
        f"1. Посадова особа, відповідальна за розгляд запиту: {responsible(c)}.",
        f"2. Дата надіслання повідомлення про відстрочку: {DATE_MARK}.",
        f"3. Причини, з яких запит не може бути задоволено у встановлений зазначеним Законом строк "
        f"(обставини непереборної сили): {sentence(reason)}",
        f"4. Строк, у який буде задоволено запит: до {new_date:%d.%m.%Y}.",
    ], closing=[appeal(c.council.head_title)])
