"""Files attached to a request by hand: the scan of a paper request, a document handed in at
the reception. They are stored as intake's ``Attachment`` rows (``request_id`` set, no
message), so they are listed and downloaded with the e-mail attachments (the download logs
the access: a request's file is its requester's personal data).

Type-checked by the name's extension and by the file's first bytes (and, for the office
formats, the part every such file has); size-limited by REQUEST_FILE_MAX_BYTES (20 MB unless
set; Flask's MAX_CONTENT_LENGTH refuses a larger body before it is read). Each file is an
Event on the request's timeline. Nothing here commits.
"""
from __future__ import annotations

import hashlib
import io
import unicodedata
import zipfile
import zlib
from pathlib import PurePath

from flask import current_app
from sqlalchemy import select

from ..auth import permissions as perm
from ..auth.models import User
from ..core.errors import ConflictError, ErrorCollector
from ..core.i18n import gettext as _
from ..core.models import record_event
from ..extensions import db
from ..register.models import Request
from ..core.sizes import file_size
from .models import Attachment

#: The setting (config.py) that bounds one file.
SETTING = "REQUEST_FILE_MAX_BYTES"
#: A stored name, as the list and the download carry it (the column holds 255).
NAME_LIMIT = 150

PDF, ZIP, PNG, JPEG = b"%PDF-", b"PK\x03\x04", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff"
TIFF = (b"II*\x00", b"MM\x00*")  # little- and big-endian
ODT_MIME = "application/vnd.oasis.opendocument.text"
#: Extension → (MIME type, the first bytes a real file of that type begins with, the part a
#: ZIP-based office file must hold).
TYPES = {
    ".pdf": ("application/pdf", (PDF,), None),
    ".png": ("image/png", (PNG,), None),
    ".jpg": ("image/jpeg", (JPEG,), None),
    ".jpeg": ("image/jpeg", (JPEG,), None),
    ".tif": ("image/tiff", TIFF, None),
    ".tiff": ("image/tiff", TIFF, None),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
              (ZIP,), "word/document.xml"),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              (ZIP,), "xl/workbook.xml"),
    ".odt": (ODT_MIME, (ZIP,), "mimetype"),
}
ALLOWED = ", ".join(sorted({ext for ext in TYPES if ext not in (".jpeg", ".tiff")}))


def max_bytes() -> int:
    return int(current_app.config[SETTING])


def clean_filename(filename: str | None) -> str:
    """The name without a path, control or direction-changing characters (a «‮fdp.exe»
    trick), whitespace folded, cut to NAME_LIMIT keeping the extension."""
    base = PurePath((filename or "").replace("\\", "/")).name
    base = "".join(ch for ch in base if not unicodedata.category(ch).startswith("C"))
    base = " ".join(base.split()).strip(" .")
    if not base:
        return ""
    path = PurePath(base)
    suffix = path.suffix[:10]
    return path.stem[:NAME_LIMIT - len(suffix)].rstrip() + suffix


def _zip_holds(data: bytes, part: str) -> bool:
    """Whether the ZIP's directory names ``part`` (an ODT: its ``mimetype`` says text). Only
    the directory is read; nothing large is unpacked."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if part != "mimetype":
                return part in archive.namelist()
            info = archive.getinfo(part)
            return info.file_size < 100 and archive.read(info).strip() == ODT_MIME.encode()
    # zipfile raises NotImplementedError for a compression method it cannot read,
    # RuntimeError for an encrypted member, zlib.error for a corrupt one: such a file is not
    # one of the office formats either.
    except (zipfile.BadZipFile, KeyError, EOFError, ValueError, NotImplementedError,
            RuntimeError, zlib.error):
        return False


def content_matches(ext: str, data: bytes) -> bool:
    """Whether the bytes are what the extension says."""
    _mime, magics, part = TYPES[ext]
    if not data.startswith(magics):
        return False
    return part is None or _zip_holds(data, part)


def check_file(e: ErrorCollector, field: str, filename: str | None,
               data: bytes | None) -> tuple[str, str]:
    """(the clean name, its MIME type); an error on ``field`` for no file, a file over the
    limit, a type not accepted or content that is not what its name says. Also used by the
    public request form (tracker/public)."""
    name = clean_filename(filename)
    ext = PurePath(name.lower()).suffix
    limit = max_bytes()
    if data is None:
        e.add(field, _("Оберіть файл."))
    elif not data:
        e.add(field, _("Файл порожній."))
    elif len(data) > limit:
        e.add(field, _("Файл завеликий: %(size)s при межі %(limit)s.",
                       size=file_size(len(data)), limit=file_size(limit)))
    elif ext not in TYPES:
        e.add(field, _("Файл такого типу не приймається. Допустимі: %(types)s.", types=ALLOWED))
    elif not content_matches(ext, data):
        e.add(field, _("Вміст файлу не відповідає його розширенню %(ext)s.", ext=ext))
    return name, TYPES[ext][0] if ext in TYPES else "application/octet-stream"


def add_file(actor: User, req: Request, filename: str | None, data: bytes | None):
    """Keep an uploaded file with the request; returns the new Attachment.

    ValidationError (field ``file``) on no file, a file over the limit, a type not accepted or
    content that is not what its name says; ConflictError when the same file is already
    there (a double submit); PermissionDenied unless the actor acts on the request."""
    perm.require_can_act(actor, req)
    e = ErrorCollector()
    name, mime = check_file(e, "file", filename, data)
    e.raise_if_any()
    digest = hashlib.sha256(data).hexdigest()
    same = db.session.scalars(select(Attachment.filename).where(
        Attachment.request_id == req.id, Attachment.sha256 == digest).limit(1)).first()
    if same is not None:
        raise ConflictError(_("Цей файл уже є серед файлів запиту: «%(name)s».", name=same))
    item = Attachment(request_id=req.id, intake_message_id=None, filename=name,
                      content_type=mime, size=len(data), sha256=digest, content=data)
    db.session.add(item)
    db.session.flush()
    record_event(actor, "file_added", "attachment", item.id, request_id=req.id,
                 after={"file": name, "size": len(data), "sha256": digest})
    return item


def file_json(item) -> dict:
    return {"id": item.id, "request_id": item.request_id, "filename": item.filename,
            "content_type": item.content_type, "size": item.size, "sha256": item.sha256,
            "uploaded": item.intake_message_id is None,
            "created_at": item.created_at.isoformat() if item.created_at else None}
