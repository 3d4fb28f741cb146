"""The letter content model: one structure that every renderer (HTML, DOCX, PDF) draws."""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from ..core.i18n import Note


@dataclass
class Council:
    name: str
    unit: str
    address: str
    phone: str
    email: str
    website: str
    edrpou: str
    head_title: str = "міського голови"

    def reference_lines(self) -> list[str]:
        """Reference data as two lines under the name (ДСТУ 4163:2020)."""
        first = ", ".join(p for p in (self.address, f"тел. {self.phone}" if self.phone else "") if p)
        second = ", ".join(p for p in (f"e-mail: {self.email}" if self.email else "",
                                       self.website,
                                       f"код ЄДРПОУ {self.edrpou}" if self.edrpou else "") if p)
        return [line for line in (first, second) if line]


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    total: list[str] | None = None


@dataclass
class LetterContent:
    kind: str
    council: Council
    date: dt.date
    number: str
    ref_number: str | None  # the incoming request's index (None for a letter to a holder)
    ref_date: dt.date | None
    addressee: str  # in the dative case
    addressee_lines: list[str]  # e-mail or postal address
    paragraphs: list[str]  # before the table
    table: Table | None = None
    table_intro: str | None = None
    closing: list[str] = field(default_factory=list)  # after the table
    signatory_position: str = ""
    signatory_name: str = ""  # "Наталія ЧИЖ"
    executor_line: str = ""  # "Ірина Коваль, 48-11-85"
    attachments: list[str] = field(default_factory=list)
    #: What the official must check before signing (a form the app could not inflect, a
    #: figure that differs from the source report); shown in the editor, never printed.
    #: Ukrainian strings, mostly ``Note``s: stored with their msgid, shown translated.
    warnings: list[str] = field(default_factory=list)

    # --- storage ------------------------------------------------------------------------
    def to_dict(self) -> dict:
        data = asdict(self)
        data["date"] = self.date.isoformat()
        data["ref_date"] = self.ref_date.isoformat() if self.ref_date else None
        data["warnings"] = [w.to_json() if isinstance(w, Note) else w for w in self.warnings]
        return data

    @classmethod
    def from_dict(cls, data: dict) -> LetterContent:
        data = dict(data)
        data["council"] = Council(**data["council"])
        data["table"] = Table(**data["table"]) if data.get("table") else None
        data["date"] = dt.date.fromisoformat(data["date"])
        data["ref_date"] = dt.date.fromisoformat(data["ref_date"]) if data.get("ref_date") else None
        data["warnings"] = [Note.from_json(w) for w in data.get("warnings") or []]
        return cls(**data)

    # --- text -----------------------------------------------------------------------------
    def attachment_lines(self) -> list[str]:
        """ДСТУ 4163:2020: «Додаток: … на N арк.»; several are numbered under «Додатки:»."""
        if len(self.attachments) == 1:
            return [f"Додаток: {self.attachments[0]}"]
        return [f"{'Додатки: ' if i == 1 else ''}{i}. {a[:1].upper()}{a[1:]}"
                for i, a in enumerate(self.attachments, start=1)]

    @property
    def date_line(self) -> str:
        return f"{self.date:%d.%m.%Y} № {self.number}"

    @property
    def reference_line(self) -> str | None:
        if not self.ref_number:
            return None
        return f"на № {self.ref_number} від {self.ref_date:%d.%m.%Y}"

    def body_text(self) -> str:
        """The editable text: paragraphs, a [ТАБЛИЦЯ] marker, the closing paragraphs."""
        parts = list(self.paragraphs)
        if self.table is not None:
            parts.append(TABLE_MARK)
        return "\n\n".join(parts + list(self.closing))

    def set_body_text(self, text: str) -> None:
        """Take the official's edited text back (plain paragraphs, never markup)."""
        blocks = [b.strip() for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]
        if TABLE_MARK in blocks:
            at = blocks.index(TABLE_MARK)
            self.paragraphs, self.closing = blocks[:at], blocks[at + 1:]
        else:
            self.paragraphs, self.closing, self.table = blocks, [], None

    def printable(self) -> LetterContent:
        """A copy with the date marks resolved: dates that mean "today" (the refusal's date,
        the notice's date) are the letter's date, the day it is signed — not the day the
        draft was written (DOMAIN.md §5). Renderers draw this copy."""
        data = self.to_dict()
        mark = f"{self.date:%d.%m.%Y}"
        for key in ("paragraphs", "closing", "attachments"):
            data[key] = [text.replace(DATE_MARK, mark) for text in data[key]]
        return LetterContent.from_dict(data)

    def plain_text(self) -> str:
        """The whole letter as text (the API's "text", the e-mail body, tests)."""
        if any(DATE_MARK in p for p in (*self.paragraphs, *self.closing)):
            return self.printable().plain_text()
        lines = [self.council.name, self.council.unit, *self.council.reference_lines(), "",
                 self.date_line]
        if self.reference_line:
            lines.append(self.reference_line)
        lines += ["", self.addressee, *self.addressee_lines, ""]
        lines += [p for p in self.paragraphs for p in (p, "")]
        if self.table is not None:
            if self.table_intro:
                lines += [self.table_intro, ""]
            lines.append(" | ".join(self.table.header))
            lines += [" | ".join(r) for r in self.table.rows]
            if self.table.total:
                lines.append(" | ".join(self.table.total))
            lines.append("")
        lines += [p for p in self.closing for p in (p, "")]
        lines += self.attachment_lines()
        lines += ["", f"{self.signatory_position}    {self.signatory_name}", "",
                  self.executor_line]
        return "\n".join(line for line in lines if line is not None).strip() + "\n"


TABLE_MARK = "[ТАБЛИЦЯ]"
#: Stands for the letter's date in the text; resolved when the letter is signed and drawn.
DATE_MARK = "[ДАТА ЛИСТА]"
