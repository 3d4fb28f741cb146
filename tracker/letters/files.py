"""Files that go with a letter: documents released with it (listed as «Додаток: … на N арк.»,
sent with the e-mail, counted for the invoice) and the signed copy (a scan, or a detached
КЕП signature made with the council's own tool), stored and sent after approval.

Type-checked by name and by the file's first bytes; size-limited (LETTER_FILE_MAX_BYTES).
"""
from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from pathlib import PurePath

from flask import current_app
from flask_babel import gettext as _

from ..auth import permissions as perm
from ..auth.models import User
from ..core.errors import ErrorCollector, NotFound, TransitionError
from ..core.validation import clean_text, row_id
from ..core.models import record_event
from ..extensions import db
from ..intake.models import Attachment
from .models import Letter, LetterFile, LetterFileKind, LetterStatus

PDF, ZIP, PNG, JPEG, DER = b"%PDF-", b"PK\x03\x04", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"\x30"
#: Extension → (MIME type, the first bytes a real file of that type has).
TYPES = {
    ".pdf": ("application/pdf", PDF),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP),
    ".odt": ("application/vnd.oasis.opendocument.text", ZIP),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", ZIP),
    ".png": ("image/png", PNG),
    ".jpg": ("image/jpeg", JPEG),
    ".jpeg": ("image/jpeg", JPEG),
    ".p7s": ("application/pkcs7-signature", DER),
    ".asice": ("application/vnd.etsi.asic-e+zip", ZIP),
}
ALLOWED = {
    LetterFileKind.ATTACHMENT: (".pdf", ".docx", ".xlsx", ".odt", ".ods", ".png", ".jpg", ".jpeg"),
    LetterFileKind.SIGNED: (".pdf", ".png", ".jpg", ".jpeg", ".p7s", ".asice"),
}
#: A released document changes the letter's «Додаток» list: only while it is a draft. The
#: signed copy exists only once the letter is signed.
ATTACHABLE = (LetterStatus.DRAFT,)
SIGNABLE = (LetterStatus.FINAL, LetterStatus.FAILED, LetterStatus.TO_PRINT)
#: A file name as the e-mail and the «Додаток» line carry it.
NAME_LIMIT = 150


def clean_filename(filename: str | None) -> str:
    """The name without a path, control or direction-changing characters (a «‮fdp.exe»
    trick), whitespace folded, cut to NAME_LIMIT keeping the extension."""
    base = PurePath((filename or "").replace("\\", "/")).name
    base = "".join(ch for ch in base if not unicodedata.category(ch).startswith("C"))
    base = " ".join(base.split()).strip(" .")
    path = PurePath(base) if base else None
    if path is None:
        return ""
    suffix = path.suffix[:10]
    return path.stem[:NAME_LIMIT - len(suffix)] + suffix


def clean_pages(e: ErrorCollector, value) -> int | None:
    """Sheets as typed: an ASCII whole number 1…10 000, or nothing."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not (isinstance(value, int) or (
            isinstance(value, str) and value.isascii() and value.isdigit())):
        e.add("pages", _("Кількість аркушів — ціле число від 1 до 10 000."))
        return None
    pages = int(value)
    if not 0 < pages <= 10_000:
        e.add("pages", _("Кількість аркушів — ціле число від 1 до 10 000."))
        return None
    return pages


def _pages(data: bytes, ext: str, given: int | None) -> int:
    """Sheets the file takes: a PDF's page count, one for an image, else as the official says."""
    if ext == ".pdf":
        from pypdf import PdfReader  # imported here: only uploads need it
        try:
            return max(len(PdfReader(io.BytesIO(data)).pages), 1)
        except Exception:  # noqa: BLE001 — a PDF pypdf cannot read: the check below refuses it
            return 0
    if ext in (".png", ".jpg", ".jpeg"):
        return 1
    return given or 1


def _check_state(letter: Letter, kind: LetterFileKind) -> None:
    if kind == LetterFileKind.ATTACHMENT and letter.status not in ATTACHABLE:
        raise TransitionError(_("Додатки можна змінювати лише в чернетці: вони перелічені в "
                                "тексті листа. Створіть нову версію листа."))
    if kind == LetterFileKind.SIGNED and (letter.status not in SIGNABLE or not letter.approved):
        raise TransitionError(_("Підписаний примірник можна додати лише до затвердженого листа."))


def _der(data: bytes) -> bool:
    """A DER SEQUENCE with a long-form length, as a PKCS #7 signature file begins."""
    return len(data) > 4 and data[0] == 0x30 and 0x81 <= data[1] <= 0x84


def clean_kind(e: ErrorCollector, value) -> LetterFileKind | None:
    try:
        return LetterFileKind(value or "attachment")
    except ValueError:
        e.add("kind", _("Допустимі значення: signed, attachment."))
        return None


def add_file(actor: User, letter: Letter, kind: str | None, filename: str | None,
             data: bytes | None, pages=None, title=None) -> LetterFile:
    """Store an uploaded file with the letter (ValidationError on a wrong name, type or size);
    ``title``: the document's name in the «Додаток» line, if not the file's."""
    perm.require_can_act(actor, letter.request)
    e = ErrorCollector()
    kind_ = clean_kind(e, kind)
    pages = clean_pages(e, pages)
    title = clean_title(e, title)
    name = clean_filename(filename)
    ext = PurePath(name.lower()).suffix
    limit = current_app.config["LETTER_FILE_MAX_BYTES"]
    if not data:
        e.add("file", _("Оберіть файл."))
    elif len(data) > limit:
        e.add("file", _("Файл завеликий: %(size)s МБ при межі %(limit)s МБ.",
                        size=f"{len(data) / 1048576:.1f}", limit=f"{limit / 1048576:.0f}"))
    elif kind_ and ext not in ALLOWED[kind_]:
        e.add("file", _("Файл такого типу не приймається. Допустимі: %(types)s.",
                        types=", ".join(ALLOWED[kind_])))
    elif kind_ and (not data.startswith(TYPES[ext][1]) or (ext == ".p7s" and not _der(data))):
        e.add("file", _("Вміст файлу не відповідає його розширенню %(ext)s.", ext=ext))
    e.raise_if_any()
    _check_state(letter, kind_)
    if kind_ == LetterFileKind.SIGNED and any(f.kind == kind_ for f in letter.files):
        raise TransitionError(_("Підписаний примірник уже додано: вилучіть його, щоб замінити."))
    sheets = _pages(data, ext, pages)
    if not sheets:
        e.add("file", _("PDF пошкоджений: його не вдалося прочитати."))
        e.raise_if_any()
    item = LetterFile(letter=letter, kind=kind_, filename=name, title=title,
                      content_type=TYPES[ext][0],
                      size=len(data), sha256=hashlib.sha256(data).hexdigest(), pages=sheets,
                      uploaded_by_id=actor.id, content=data)
    db.session.add(item)
    db.session.flush()
    record_event(actor, "letter_file_added", "letter", letter.id, request_id=letter.request_id,
                 after={"kind": kind_.value, "file": name, "pages": sheets, "size": len(data)})
    return item


def copy_request_attachment(actor: User | None, letter: Letter, attachment: Attachment,
                            pages: int | None = None, title=None) -> LetterFile:
    """Release one of the request's own files with the letter (or forward it to a holder).

    The request's files came from outside: they are not type-checked again, only listed.
    """
    if actor is not None:
        perm.require_can_act(actor, letter.request)
    if attachment.request_id != letter.request_id:
        raise NotFound(_("Файл не належить цьому запиту."))
    e = ErrorCollector()
    title = clean_title(e, title)
    e.raise_if_any()
    _check_state(letter, LetterFileKind.ATTACHMENT)
    ext = PurePath(attachment.filename.lower()).suffix
    item = LetterFile(letter=letter, kind=LetterFileKind.ATTACHMENT, title=title,
                      filename=clean_filename(attachment.filename) or "файл",
                      content_type=attachment.content_type, size=attachment.size,
                      sha256=attachment.sha256,
                      pages=_pages(attachment.content, ext, pages) or pages or 1,
                      source_attachment_id=attachment.id,
                      uploaded_by_id=actor.id if actor else None, content=attachment.content)
    db.session.add(item)
    db.session.flush()
    return item


def copy_released(old: Letter, new: Letter) -> None:
    """A new version of a letter releases the same documents (the signed copy is not
    carried: the new version is signed anew)."""
    for f in old.files:
        if f.kind == LetterFileKind.ATTACHMENT:
            db.session.add(LetterFile(
                letter=new, kind=f.kind, filename=f.filename, title=f.title,
                content_type=f.content_type,
                size=f.size, sha256=f.sha256, pages=f.pages,
                source_attachment_id=f.source_attachment_id, uploaded_by_id=f.uploaded_by_id,
                content=f.content))
    db.session.flush()


def get_file(letter: Letter, file_id: int) -> LetterFile:
    item = db.session.get(LetterFile, file_id)
    if item is None or item.letter_id != letter.id:
        raise NotFound(_("Файл не знайдено."))
    return item


_SHEETS = re.compile(r"\s*,?\s*на\s+\d+\s*(?:арк|аркуш\w*)\.?\s*$", re.IGNORECASE)


def clean_title(e: ErrorCollector, value) -> str | None:
    """A document's name for the «Додаток» line: one line, as typed; the sheets the line adds
    itself («… на 3 арк.») are not repeated."""
    title = clean_text(e, "title", value, multiline=False, limit_key="name")
    title = _SHEETS.sub("", title or "").rstrip(" .;,")
    return title or None


def rename_file(actor: User, letter: Letter, file_id: int, title) -> LetterFile:
    """Name a released document as the «Додаток» line should (empty: from the file name);
    while the letter is a draft, since the line is part of what is signed."""
    perm.require_can_act(actor, letter.request)
    item = get_file(letter, file_id)
    e = ErrorCollector()
    title = clean_title(e, title)
    e.raise_if_any()
    if item.kind != LetterFileKind.ATTACHMENT:
        raise TransitionError(_("Назву в додатку має лише документ, що надається з листом."))
    _check_state(letter, item.kind)
    before, item.title = item.title, title
    record_event(actor, "letter_file_renamed", "letter", letter.id, request_id=letter.request_id,
                 before={"title": before}, after={"title": title, "file": item.filename})
    return item


def remove_file(actor: User, letter: Letter, file_id: int) -> None:
    perm.require_can_act(actor, letter.request)
    item = get_file(letter, file_id)
    _check_state(letter, item.kind)
    db.session.delete(item)
    record_event(actor, "letter_file_removed", "letter", letter.id, request_id=letter.request_id,
                 after={"kind": item.kind.value, "file": item.filename})


def email_size(letter: Letter) -> int:
    """The e-mail's size as it will be sent (attachments are base64: 4 bytes for 3)."""
    raw = len(letter.pdf or b"") + sum(f.size for f in letter.files)
    return raw * 4 // 3 + 20_000


def check_email_size(letter: Letter) -> None:
    limit = current_app.config["LETTER_EMAIL_MAX_BYTES"]
    size = email_size(letter)
    if size > limit:
        raise TransitionError(_(
            "Лист із додатками завеликий для електронної пошти: %(size)s МБ при межі %(limit)s "
            "МБ. Надішліть частину документів окремим листом або поштою.",
            size=f"{size / 1048576:.1f}", limit=f"{limit / 1048576:.0f}"))


def released_pages(letter: Letter) -> int:
    return sum(f.pages for f in letter.files if f.kind == LetterFileKind.ATTACHMENT)


def request_attachment(letter: Letter, value) -> Attachment:
    """One of the request's own files, by id (NotFound for anything else)."""
    ident = row_id(value)
    attachment = db.session.get(Attachment, ident) if ident is not None else None
    if attachment is None or attachment.request_id != letter.request_id:
        raise NotFound(_("Файл запиту не знайдено."))
    return attachment
