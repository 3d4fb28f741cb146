"""Uploaded reports waiting for the official's confirmation, kept in instance/imports/.

The preview and the import read the very same bytes: the file is staged under its SHA-256,
and the confirmation names only that hash.
"""
from __future__ import annotations

import hashlib
import re
import time
from pathlib import Path

from flask import current_app

_TOKEN = re.compile(r"^[0-9a-f]{64}$")
MAX_AGE_SECONDS = 24 * 3600


def _folder() -> Path:
    folder = Path(current_app.instance_path) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def stage(data: bytes) -> str:
    token = hashlib.sha256(data).hexdigest()
    (_folder() / token).write_bytes(data)
    _sweep()
    return token


def load(token: str) -> bytes | None:
    if not _TOKEN.match(token or ""):
        return None
    path = _folder() / token
    return path.read_bytes() if path.exists() else None


def discard(token: str) -> None:
    if _TOKEN.match(token or ""):
        (_folder() / token).unlink(missing_ok=True)


def _sweep() -> None:
    """Forget uploads nobody confirmed within a day."""
    cutoff = time.time() - MAX_AGE_SECONDS
    for path in _folder().iterdir():
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
