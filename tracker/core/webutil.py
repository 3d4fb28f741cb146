"""Small helpers shared by the HTML views."""
from __future__ import annotations

from flask import flash

from .errors import DomainError, ValidationError


def apply_errors(form, exc: DomainError, field_map: dict[str, str] | None = None) -> None:
    """Show a domain error on the form: field errors next to their fields, the rest flashed."""
    if not isinstance(exc, ValidationError):
        flash(exc.message, "error")
        return
    field_map = field_map or {}
    for key, messages in exc.errors.items():
        name = field_map.get(key, key.replace(".", "_"))
        field = getattr(form, name, None)
        if field is not None and hasattr(field, "errors"):
            field.errors = list(field.errors) + list(messages)
        else:
            for m in messages:
                flash(m, "error")
    flash("Форму не збережено: виправте позначені поля.", "error")


def run_operation(form, operation, *args, field_map: dict[str, str] | None = None, **kwargs):
    """Run one operation as one transaction: commit it, or roll back and show the error.

    Returns ``(True, result)`` on success, ``(False, None)`` when a domain error was shown.
    """
    from flask import abort

    from ..extensions import db
    from .errors import PermissionDenied
    try:
        result = operation(*args, **kwargs)
        db.session.commit()
    except PermissionDenied:
        db.session.rollback()
        abort(403)
    except DomainError as exc:
        db.session.rollback()
        apply_errors(form, exc, field_map)
        return False, None
    return True, result


def safe_filename(name: str | None, default: str = "file") -> str:
    """A file name fit for a Content-Disposition header: no control characters (NUL, CR/LF
    would break or inject headers), no path separators or quotes, bounded in length."""
    import unicodedata
    cleaned = "".join(ch for ch in (name or "") if unicodedata.category(ch)[0] != "C"
                      and ch not in '/\\"')
    cleaned = cleaned.strip(" .")[:180]
    return cleaned or default


def attachment_disposition(name: str, ascii_fallback: str) -> str:
    """``attachment`` with an ASCII name for old clients and the real name (RFC 5987)."""
    from urllib.parse import quote
    fallback = "".join(ch for ch in safe_filename(ascii_fallback) if ch.isascii())
    return (f"attachment; filename=\"{fallback or 'file'}\"; "
            f"filename*=UTF-8''{quote(safe_filename(name))}")
