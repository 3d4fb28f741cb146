"""File downloads: a name safe for the Content-Disposition header."""
from __future__ import annotations


def safe_filename(name: str | None, default: str = "file") -> str:
    """A file name fit for a Content-Disposition header: no control characters (NUL, CR/LF
    would break or inject headers), no path separators or quotes, bounded in length."""
    import unicodedata
    cleaned = "".join(ch for ch in (name or "") if unicodedata.category(ch)[0] != "C"
                      and ch not in '/\\"')
    cleaned = cleaned.strip(" .")[:180]
    return cleaned or default


#: Types a browser shows safely by itself (its PDF viewer, an image): opened, not saved.
VIEWABLE = frozenset({"application/pdf", "image/png", "image/jpeg"})


def attachment_disposition(name: str, ascii_fallback: str, content_type: str | None = None) -> str:
    """``attachment`` (or ``inline`` for a PDF or an image, which the browser opens) with an
    ASCII name for old clients and the real name (RFC 5987)."""
    from urllib.parse import quote
    fallback = "".join(ch for ch in safe_filename(ascii_fallback) if ch.isascii())
    kind = "inline" if content_type in VIEWABLE else "attachment"
    return (f"{kind}; filename=\"{fallback or 'file'}\"; "
            f"filename*=UTF-8''{quote(safe_filename(name))}")
