"""What every letter's draft is made of: the plain values (request, people, records)
and the shared opening and sentence helpers. Pure: no app, no database.

The draft is a starting point the official edits; what the Law requires of each kind
(DOMAIN.md §5) is put in by default so that a letter finalised unchanged is lawful.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from ...core.i18n import N_, Note
from ..content import Council, LetterContent
from ..subjects import lower_initial, subject_after
from ..typography import typography


@dataclass
class RequestInfo:
    number: str
    received: dt.date
    subject: str
    requester_name: str
    addressee: str  # the requester's name in the dative
    address_lines: list[str]
    #: The requester's own number and date of the request letter, if it has them: the
    #: reply refers to those (ДСТУ 4163:2020), else to our registration index.
    sender_number: str | None = None
    sender_date: dt.date | None = None

    @property
    def reference(self) -> tuple[str, dt.date]:
        """(number, date) of the document the reply answers."""
        if self.sender_number and self.sender_date:
            return self.sender_number, self.sender_date
        return self.number, self.received

    @property
    def dated(self) -> str:
        """How the text names the request: «від 28.03.2018», or with the requester's own
        number «від 25.03.2018 № 15», the same document the reference line cites."""
        if self.sender_number and self.sender_date:
            return f"від {self.sender_date:%d.%m.%Y} № {self.sender_number}"
        return f"від {self.received:%d.%m.%Y}"


@dataclass
class Person:
    name: str  # as on the executor line: «Ірина Коваль»
    position: str = ""
    phone: str = ""
    #: прізвище, ім'я, по батькові, as the Law asks of the responsible official (Art. 22
    #: part 4): «Коваль Ірина Петрівна»; empty: the name as written.
    full_name: str = ""


@dataclass
class RecordInfo:
    measure: str
    text: str
    category: str | None  # the category's name; None: "other"
    category_order: int
    planned: Decimal | None
    financed: Decimal | None
    programme: str | None = None
    period: str | None = None
    quantities: list[dict] = field(default_factory=list)
    #: The percent as the source report states it (checked against financed / planned).
    percent_stated: Decimal | None = None


@dataclass
class Common:
    council: Council
    today: dt.date
    number: str
    signatory: Person
    executor: Person
    signature: str  # "Наталія ЧИЖ"


def subject_phrase(subject: str) -> str:
    """What follows "щодо" in a sentence: the subject in the genitive ("Інформація про X" →
    "надання інформації про X", as the sample writes it; "публічну інформацію щодо X" →
    "публічної інформації щодо X"). A subject that cannot be inflected safely is named as
    the title of a question: "питання «X»" (still grammatical after "щодо")."""
    s = " ".join((subject or "").split()).strip().rstrip(".")
    phrase = subject_after("щодо", s) if s else None
    if phrase:
        return typography(phrase, apostrophe=None)
    return f"питання {typography('«' + _unquote(s) + '»', apostrophe=None)}"


def _unquote(text: str) -> str:
    """The text without the quotes around all of it, if it has them."""
    if len(text) > 1 and text[0] in "«\"" and text[-1] in "»\"" and \
            text.count("«") + text.count('"') == (2 if text[0] == '"' else 1):
        return text[1:-1]
    return text


SUBJECT_WARNING = N_("Тему запиту «%(subject)s» не вдалося узгодити з реченням вступу: "
                     "перевірте формулювання першого абзацу.")


def opening(r: RequestInfo, warnings: list[str] | None = None) -> str:
    """«Розглянувши Ваш запит від 28.03.2018 щодо …, повідомляємо»; a subject that could not
    be worked into the sentence adds a warning to ``warnings`` (the letter's, for the editor)."""
    s = " ".join((r.subject or "").split()).strip().rstrip(".")
    if not s:
        return f"Розглянувши Ваш запит {r.dated}, повідомляємо"
    if subject_after("щодо", s) is None and warnings is not None:
        warnings.append(Note(SUBJECT_WARNING,
                             subject=_unquote(typography(s, apostrophe=None))))
    return (f"Розглянувши Ваш запит {r.dated} щодо "
            f"{subject_phrase(s)}, повідомляємо")


def base(kind: str, c: Common, r: RequestInfo, paragraphs: list[str], **kw) -> LetterContent:
    executor = ", ".join(p for p in (c.executor.name, c.executor.phone) if p)
    return LetterContent(
        kind=kind, council=c.council, date=c.today, number=c.number,
        ref_number=r.reference[0], ref_date=r.reference[1], addressee=r.addressee, addressee_lines=list(r.address_lines),
        paragraphs=paragraphs, signatory_position=c.signatory.position,
        signatory_name=c.signature, executor_line=executor, **kw)


def sentence(text: str) -> str:
    """One clean sentence: whitespace folded, straight quotes as «…», a full stop at the end
    if it has none."""
    text = " ".join((text or "").split()).strip().rstrip(",;:")
    text = typography(text, apostrophe=None)
    if text and text[-1] not in ".!?…":
        text += "."
    return text


#: Adjectives in -ський that are common words, not made from a place's name.
_COMMON_SKY = re.compile(r"^(?:міськ|сільськ|селищн|громадськ|громадянськ|депутатськ|бухгалтерськ|"
                         r"господарськ|виконавськ)", re.IGNORECASE)


def position_in_sentence(position: str) -> str:
    """A position title inside a sentence, in lower case («начальник управління», «секретар
    міської ради»); a name in it keeps its capital («Житомирський міський голова»)."""
    position = " ".join((position or "").split())
    if position and _COMMON_SKY.match(position) and not position.split()[0].isupper():
        return position[0].lower() + position[1:]
    return lower_initial(position, strict=False)


def responsible(c: Common) -> str:
    name = c.executor.full_name or c.executor.name
    return ", ".join(p for p in (name, position_in_sentence(c.executor.position)) if p)
