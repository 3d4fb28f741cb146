"""The form's proof-of-work, as plain functions (no Flask): the page's own script
(static/js/public-form.js) finds a ``nonce`` such that SHA-256("<challenge>:<nonce>") begins
with ``bits`` zero bits; the server checks it with one hash. A browser spends a few hundred
milliseconds once; a bot filing thousands of requests spends that each time. Nothing calls out
to a third party."""
from __future__ import annotations

import hashlib
import itertools

#: A nonce is a decimal counter; anything longer is not one the script makes.
NONCE_MAX = 20


def digest(challenge: str, nonce: str) -> bytes:
    return hashlib.sha256(f"{challenge}:{nonce}".encode()).digest()


def leading_zero_bits(data: bytes) -> int:
    bits = 0
    for byte in data:
        if byte:
            return bits + 8 - byte.bit_length()
        bits += 8
    return bits


def solves(challenge: str, nonce: str | None, bits: int) -> bool:
    """Whether ``nonce`` is a solution of ``challenge`` at ``bits`` of difficulty."""
    nonce = (nonce or "").strip()
    if not nonce or len(nonce) > NONCE_MAX or not nonce.isdigit() or not nonce.isascii():
        return False
    return leading_zero_bits(digest(challenge, nonce)) >= bits


def solve(challenge: str, bits: int) -> str:
    """The first solution (what the script finds; tests and API clients may use it)."""
    for n in itertools.count():
        if leading_zero_bits(digest(challenge, str(n))) >= bits:
            return str(n)
    raise AssertionError("unreachable")
