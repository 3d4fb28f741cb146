"""The status page's secret codes: issued, stored as a hash only, checked alike for a wrong
code and an unknown index.

A code is 128 random bits (22 URL-safe characters), so a plain SHA-256 is enough to keep it
(nothing to brute-force) and the lookup can go by the hash: the hash is computed for every
attempt whatever is wrong, the row is found by its unique hash (a timing difference there
tells nothing about the code), and the index given is compared in constant time. A wrong code,
an unknown index, or both, take the same path and give the same None.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets

from sqlalchemy import select

from ..extensions import db
from ..register.models import Request
from .models import StatusCode

CODE_BYTES = 16
CODE_MAX = 64


def hash_code(code: str) -> str:
    return hashlib.sha256(code.encode("utf-8", "surrogatepass")).hexdigest()


def issue(req: Request, purpose: str) -> str:
    """A new code for ``req`` (kept as its hash); the code itself is returned once."""
    code = secrets.token_urlsafe(CODE_BYTES)
    db.session.add(StatusCode(request_id=req.id, code_hash=hash_code(code), purpose=purpose))
    return code


def find(index: str | None, code: str | None) -> Request | None:
    """The request ``index`` names if ``code`` opens it, else None (see the module)."""
    index, code = (index or "")[:200], (code or "")[:CODE_MAX]
    digest = hash_code(code)
    row = db.session.execute(
        select(StatusCode.request_id, Request.registration_number)
        .join(Request, Request.id == StatusCode.request_id)
        .where(StatusCode.code_hash == digest)).first()
    expected = row.registration_number if row else secrets.token_hex(16)
    matches = hmac.compare_digest(expected.encode(), index.encode())
    if not (row and code and matches):
        return None
    return db.session.get(Request, row.request_id)
