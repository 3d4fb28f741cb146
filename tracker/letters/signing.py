"""A letter as it is signed: its printable content (dates resolved, released documents
listed), its DOCX and PDF frozen on the day it is signed."""
from __future__ import annotations

import datetime as dt
from pathlib import PurePath

from flask import current_app

from ..auth.models import User
from ..core.timeutil import utcnow
from .blank import blank_bytes
from .content import LetterContent
from .typography import typography
from .legal import LAW
from .models import Letter, LetterFileKind, LetterKind, LetterStatus
from .render.docx import render_docx
from .render.pdf import render_pdf


def attachment_lines(letter: Letter) -> list[str]:
    """«Додаток: … на N арк.» for every document released with the letter."""
    return [f"{document_title(f)} на {f.pages} арк."
            for f in letter.files if f.kind == LetterFileKind.ATTACHMENT]


def document_title(item) -> str:
    """How the «Додаток» line names a released document: as the official named it (their
    capitals kept: «Закон України …»), else from its file name, mid-line with a small letter
    («Копії договорів.pdf» → «копії договорів»; not an abbreviation: «ЦНАП»)."""
    if item.title:
        return item.title
    name = PurePath(item.filename).stem.strip() or item.filename
    return name[:1].lower() + name[1:] if name[1:2].islower() else name


def typeset(content: LetterContent) -> LetterContent:
    """The content ready to draw: date marks resolved, the apostrophe the council writes
    (LETTER_APOSTROPHE: ' or ʼ)."""
    content = content.printable()
    apostrophe = current_app.config["LETTER_APOSTROPHE"]
    texts = _law_named_once([*content.paragraphs, *content.closing])
    texts = [typography(p, apostrophe=apostrophe) for p in texts]
    content.paragraphs, content.closing = (texts[:len(content.paragraphs)],
                                           texts[len(content.paragraphs):])
    if content.table is not None:
        content.table.rows = [[typography(cell, apostrophe=apostrophe) for cell in row]
                              for row in content.table.rows]
    return content


def _law_named_once(texts: list[str]) -> list[str]:
    """The Law's full title the first time, «зазначеного Закону» after it (a letter is not
    the Law: «цього Закону» would be the letter's own)."""
    out, named = [], False
    for text in texts:
        head, sep, tail = text.partition(LAW) if not named else ("", "", text)
        if sep:
            named = True
            out.append(head + sep + tail.replace(LAW, "зазначеного Закону"))
        else:
            out.append(tail.replace(LAW, "зазначеного Закону") if named else text)
    return out


def printed_content(letter: Letter) -> LetterContent:
    """What the signatory signs and the requester reads: the content typeset and the
    attached documents listed."""
    content = typeset(LetterContent.from_dict(letter.content))
    content.attachments = [*content.attachments, *(attachment_lines(letter) or
                                                   _posted_copies(letter))]
    return content


def _posted_copies(letter: Letter) -> list[str]:
    """A cost notice that says copies go with it names them in its «Додаток» (ДСТУ
    4163:2020) even when they go on paper in the envelope, with no file in the app."""
    pages = (letter.fields or {}).get("attached_pages") or 0
    if letter.kind != LetterKind.INVOICE or not pages:
        return []
    return [f"копії документів на {pages} арк."]


def sample_pdf() -> bytes:
    """A short letter on the council's current blank, for the admin to look at."""
    from . import facts, rules  # the council's reference data, today's date
    content = LetterContent(
        kind="answer", council=facts.council(), date=rules.today(), number="1/2026",
        ref_number=None, ref_date=None, addressee="Петренку Олегу",
        addressee_lines=["e-mail: oleg@example.com"],
        paragraphs=["Зразок листа на бланку ради. Так виглядатиме кожен лист, який "
                    "система оформлює: шапка бланка, реквізити, текст, підпис."],
        signatory_position="Секретар міської ради", signatory_name="Наталія ЧИЖ")
    return render_pdf(content, blank_bytes())


def date_letter(letter: Letter, on: dt.date) -> None:
    """The letter's date is the day it is signed: every "today" in it follows."""
    content = LetterContent.from_dict(letter.content)
    letter.date = content.date = on
    letter.content = content.to_dict()


def freeze(actor: User, letter: Letter, on: dt.date) -> None:
    """Date the letter ``on`` and store its DOCX and PDF: the letter is final."""
    date_letter(letter, on)
    content, head = printed_content(letter), blank_bytes()
    letter.docx = render_docx(content, head)
    letter.pdf = render_pdf(content, head)
    letter.status, letter.finalized_at, letter.finalized_by_id = (
        LetterStatus.FINAL, utcnow(), actor.id)

