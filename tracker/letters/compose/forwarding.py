"""Forwarding to the proper holder (Art. 22 part 3): the notice to the requester and the
letter to the holder that carries the request."""
from __future__ import annotations

from ..content import LetterContent
from ..legal import LAW
from .common import Common, RequestInfo, base, opening, subject_phrase


def compose_forwarding(c: Common, r: RequestInfo, holder_name: str,
                       holder_address: str | None) -> LetterContent:
    """The notice to the requester that the request went to the proper holder."""
    where = f" ({holder_address})" if holder_address else ""
    return base("forwarding", c, r, [
        f"{opening(r)}, що {c.council.name.capitalize() if c.council.name.isupper() else c.council.name} "
        f"не володіє запитуваною інформацією.",
        f"Відповідно до частини третьої статті 22 {LAW} Ваш запит надіслано належному "
        f"розпоряднику інформації — {holder_name}{where}, який надасть відповідь у строк, "
        f"встановлений Законом.",
    ])


def compose_forwarding_to_holder(c: Common, r: RequestInfo, holder_name: str,
                                 holder_address: str | None) -> LetterContent:
    """The letter to the proper holder that carries the request (Art. 22 part 3)."""
    content = base("forwarding_holder", c, r, [
        f"Відповідно до частини третьої статті 22 {LAW} надсилаємо для розгляду за "
        f"належністю запит на інформацію {r.requester_name} від {r.received:%d.%m.%Y} "
        f"(вх. № {r.number}) щодо {subject_phrase(r.subject)}, оскільки "
        f"запитувана інформація у нас відсутня.",
        "Запитувача про надіслання запиту повідомлено.",
    ], attachments=["запит на інформацію."])
    content.addressee = holder_name
    content.addressee_lines = [holder_address] if holder_address else []
    return content
