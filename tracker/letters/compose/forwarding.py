"""Forwarding to the proper holder (Art. 22 part 3): the notice to the requester and the
letter to the holder that carries the request itself — its text, the requester's contact
details and the request's attachments (listed as «Додаток»)."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..content import DATE_MARK, LetterContent
from ..grammar import inflect_phrase, relative_pronoun
from ..legal import LAW
from .common import Common, RequestInfo, base, opening, sentence, subject_phrase


@dataclass
class Holder:
    name: str  # as written: «Житомирська обласна державна адміністрація»
    dative: str  # «Житомирській обласній державній адміністрації»
    pronoun: str  # agreeing with the name: «яка»
    address: str | None
    reason: str  # why this body holds the information
    warnings: list[str] = field(default_factory=list)


@dataclass
class ForwardedRequest:
    """What the holder needs to answer: who asked, how to reach them, what they asked."""
    requester_genitive: str  # «Петренка Олега»
    contact_lines: list[str]  # the requester's name and every address they gave
    text: str  # the request as received
    notice_number: str = ""  # the notice to the requester, for the holder's record
    attachments: list[str] = field(default_factory=list)


_PARTICIPLE = {"який": "зобов'язаний", "яка": "зобов'язана", "яке": "зобов'язане",
               "які": "зобов'язані"}


def council_body(c: Common) -> tuple[str, str]:
    """The body that answers, as the blank names it — «виконавчий комітет Житомирської
    міської ради» (the unit of the council) or «Житомирська міська рада» — and the form of
    «зобов'язаний» that agrees with it."""
    name = c.council.name
    name = name[0] + name[1:].lower() if name.isupper() else name
    unit = (c.council.unit or "").strip()
    if unit:
        gent = inflect_phrase(name, "gent")
        if gent:
            unit = unit.lower() if unit.isupper() else unit
            body = f"{unit} {gent}"
            return body, _PARTICIPLE.get(relative_pronoun(unit), "зобов'язаний")
    return name, _PARTICIPLE.get(relative_pronoun(name), "зобов'язана")


def compose_forwarding(c: Common, r: RequestInfo, holder: Holder,
                       holder_letter_number: str | None = None) -> LetterContent:
    """The notice to the requester: who the proper holder is and why, and that the term
    starts again when the holder receives the request."""
    where = f" ({holder.address})" if holder.address else ""
    body, obliged = council_body(c)
    letter = f" листом від {DATE_MARK} № {holder_letter_number}" if holder_letter_number else ""
    content = base("forwarding", c, r, [
        f"{opening(r)}, що {body} не володіє запитуваною інформацією і не {obliged} "
        f"володіти нею відповідно до своєї компетенції.",
        f"Належним розпорядником цієї інформації є {holder.name}: {sentence(holder.reason)}",
        f"Відповідно до частини третьої статті 22 {LAW} Ваш запит надіслано за належністю"
        f"{letter} {holder.dative}{where}, {holder.pronoun} розгляне Ваш запит. Строк розгляду "
        f"запиту обчислюється з дня його надходження до належного розпорядника.",
    ])
    content.warnings += holder.warnings
    return content


def compose_forwarding_to_holder(c: Common, r: RequestInfo, holder: Holder,
                                 forwarded: ForwardedRequest) -> LetterContent:
    """The letter to the proper holder (Art. 22 part 3): not a reply, so no «на № … від …»;
    the request's text and the requester's contacts are in the letter itself."""
    content = base("forwarding_holder", c, r, [
        f"Відповідно до частини третьої статті 22 {LAW} надсилаємо за належністю запит на "
        f"інформацію {forwarded.requester_genitive} від {r.received:%d.%m.%Y} "
        f"(вх. № {r.number}) щодо {subject_phrase(r.subject)}. "
        f"{upper_first(council_body(c)[0])} не володіє запитуваною інформацією; належним "
        f"розпорядником є {holder.name}: "
        f"{sentence(holder.reason)}",
        "Контактні дані запитувача: " + "; ".join(forwarded.contact_lines) + ".",
        "Текст запиту:",
        *_quoted(forwarded.text),
        "Строк розгляду запиту обчислюється з дня його надходження до Вас. Запитувача про "
        "надіслання запиту повідомлено" +
        (f" (лист {forwarded.notice_number})." if forwarded.notice_number else "."),
    ], attachments=list(forwarded.attachments))
    content.warnings += holder.warnings
    content.ref_number, content.ref_date = None, None
    # ДСТУ 4163:2020: a letter to a body names it in the nominative (the dative is for a
    # person); the text, where grammar asks for it, has the dative.
    content.addressee = holder.name
    content.addressee_lines = [holder.address] if holder.address else []
    return content


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _quoted(text: str) -> list[str]:
    """The request's paragraphs as received, in quotation marks as a whole."""
    paragraphs = [" ".join(p.split()) for p in (text or "").replace("\r\n", "\n").split("\n\n")
                  if p.strip()] or ["(текст запиту порожній)"]
    paragraphs[0] = "«" + paragraphs[0]
    paragraphs[-1] += "»"
    return paragraphs
