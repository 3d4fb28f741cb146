"""The council's letter blank (бланк): a DOCX with its coat of arms and letterhead, uploaded
by an admin; letters are written on it, in the DOCX and in the PDF alike. Without one, the
LETTERHEAD_DOCX file of the config, else the default head.

Stored in the council settings (base64 in the JSON value); the Event records its name and
checksum, not the file."""
from __future__ import annotations

import base64
import hashlib
import io
import zipfile
from pathlib import PurePath

from flask import current_app
from flask_babel import gettext as _
from PIL import Image

from ..auth import permissions as perm
from ..auth.models import User
from ..core.council_settings import CouncilSetting, get_setting
from ..core.errors import ErrorCollector
from ..core.models import record_event
from ..core.timeutil import utcnow
from ..extensions import db
from .render.letterhead import read_letterhead

KEY = "LETTER_BLANK"
MAX_BYTES = 2 * 1024 * 1024
#: What a blank may make every letter's rendering do: a head, not a book.
MAX_UNPACKED = 10 * 1024 * 1024
MAX_MEMBERS = 200
MAX_RATIO = 100
MAX_TEXT = 3000  # characters of the head's text
MAX_PIXELS = 4000 * 4000  # per image


def current_blank() -> dict | None:
    """{"filename", "sha256", "size"} of the uploaded blank, or None."""
    value = get_setting(KEY)
    return {k: value[k] for k in ("filename", "sha256", "size")} if value else None


def blank_bytes() -> bytes | None:
    """The blank letters are written on: the uploaded one, else LETTERHEAD_DOCX, else None."""
    value = get_setting(KEY)
    if value:
        return base64.b64decode(value["data"])
    path = current_app.config["LETTERHEAD_DOCX"]
    if not path:
        return None
    with open(path, "rb") as fh:
        return fh.read()


def set_blank(actor: User, filename: str | None, data: bytes | None) -> dict:
    """Check and store an uploaded blank (ValidationError with a Ukrainian message)."""
    perm.require_role(actor, perm.ADMINS, _("змінювати бланк листа"))
    e = ErrorCollector()
    name = PurePath((filename or "").replace("\\", "/")).name[:200]
    if not data:
        e.add("file", _("Оберіть файл бланка (DOCX)."))
    elif len(data) > MAX_BYTES:
        e.add("file", _("Бланк завеликий: до %(limit)s МБ.", limit=MAX_BYTES // 1048576))
    elif not name.lower().endswith(".docx") or not data.startswith(b"PK\x03\x04"):
        e.add("file", _("Бланк має бути документом Word (.docx)."))
    elif problem := _package_problem(data):
        e.add("file", problem)
    else:
        try:
            head = read_letterhead(data)
        except ValueError:
            e.add("file", _("Файл не вдалося прочитати як документ Word (.docx)."))
        else:
            if problem := _head_problem(head):
                e.add("file", problem)
    e.raise_if_any()
    value = {"filename": name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data),
             "data": base64.b64encode(data).decode("ascii")}
    row = db.session.get(CouncilSetting, KEY, with_for_update=True)
    if row is None:
        row = CouncilSetting(key=KEY)
        db.session.add(row)
    row.value, row.updated_by_id, row.updated_at = value, actor.id, utcnow()
    db.session.flush()
    record_event(actor, "letter_blank_set", "council_setting", None,
                 after={k: value[k] for k in ("filename", "sha256", "size")})
    return current_blank()


def _package_problem(data: bytes) -> str | None:
    """Checked before any XML is parsed: the unpacked size and ratio (a «ZIP bomb»), and
    links to anything outside the file (Word would fetch them when a letter is opened)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                return _("У бланку забагато частин: це не схоже на бланк.")
            if sum(m.file_size for m in members) > MAX_UNPACKED:
                return _("Бланк після розпакування завеликий (понад 10 МБ): це не схоже на бланк.")
            if any(m.file_size > 1_000_000 and m.file_size > MAX_RATIO * max(m.compress_size, 1)
                   for m in members):
                return _("Бланк стиснуто підозріло сильно (ознака «ZIP-бомби»): файл не прочитано.")
            for m in members:
                if m.filename.endswith(".rels") and b'TargetMode="External"' in archive.read(m):
                    return (_("Бланк посилається на зовнішні ресурси (зображення, шаблон з мережі): "
                              "збережіть бланк із вбудованими зображеннями."))
    except zipfile.BadZipFile:
        return _("Файл не вдалося прочитати як документ Word (.docx).")
    return None


def _head_problem(head) -> str | None:
    if not head.paragraphs and not head.images:
        return _("У бланку немає ні тексту, ні зображень: це не бланк.")
    if sum(len(p.text) for p in head.paragraphs) > MAX_TEXT:
        return _("У бланку понад %(limit)s символів тексту: бланк — це лише шапка листа.",
                 limit=MAX_TEXT)
    for image in head.images:
        try:
            with Image.open(io.BytesIO(image.data)) as picture:
                width, height = picture.size
        except Exception:  # noqa: BLE001 — an image Pillow cannot read is refused too
            return _("Зображення в бланку не вдалося прочитати.")
        if width * height > MAX_PIXELS:
            return _("Зображення в бланку завелике (%(width)s×%(height)s пікселів): зменште "
                     "його до 4000×4000.", width=width, height=height)
    return None


def clear_blank(actor: User) -> None:
    perm.require_role(actor, perm.ADMINS, _("змінювати бланк листа"))
    row = db.session.get(CouncilSetting, KEY, with_for_update=True)
    if row is not None:
        record_event(actor, "letter_blank_cleared", "council_setting", None,
                     before={k: row.value[k] for k in ("filename", "sha256", "size")})
        db.session.delete(row)
