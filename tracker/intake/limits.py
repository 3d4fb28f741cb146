"""What a hostile message may cost before it is refused, and text made safe to store. Pure.

The standard library's parser is thorough, not cautious: a From header with 160 000
addresses took 211 s, 1 000 nested multiparts exhaust the recursion limit, 200 000 tiny
attachments became 200 000 rows. So the raw bytes are measured first (cheap scans, no
parsing), the parsed tree is walked without recursion, and every text that reaches the
database loses NUL and other control characters (PostgreSQL refuses NUL in text).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.i18n import Count, ngettext
from ..core.i18n import gettext as _

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTENT_TYPE = re.compile(rb"(?im)^content-type[ \t]*:")
_ADDRESS_HEADERS = re.compile(rb"(?im)^(from|sender|reply-to|to|cc)[ \t]*:(.*(?:\r?\n[ \t].*)*)")


@dataclass(frozen=True)
class MessageLimits:
    max_parts: int = 200  # MIME parts of any kind, nested messages included
    max_depth: int = 12  # multipart / message nesting
    max_addresses: int = 100  # addresses in From, Sender, Reply-To, To and Cc together
    max_header_bytes: int = 256 * 1024  # the top-level header block
    max_attachments: int = 100


class LimitExceeded(ValueError):
    """The message is over a limit; the text names it (kept in the queue with the reason)."""


def check_raw(raw: bytes, limits: MessageLimits) -> None:
    """Refuse, before any parsing, a message whose headers or structure are over a limit."""
    end = _header_end(raw)
    if end > limits.max_header_bytes:
        raise LimitExceeded(_("Заголовки листа завеликі: %(size)s КБ, дозволено до %(limit)s "
                              "КБ.", size=end // 1024, limit=limits.max_header_bytes // 1024))
    headers = raw[:end]
    addresses = sum(m.group(2).count(b"@") for m in _ADDRESS_HEADERS.finditer(headers))
    if addresses > limits.max_addresses:
        raise LimitExceeded(ngettext("У заголовках листа %(n)s адреса — більше за дозволені "
                                     "%(limit)s.",
                                     "У заголовках листа %(n)s адрес — більше за дозволені "
                                     "%(limit)s.", addresses, n=Count(addresses),
                                     limit=Count(limits.max_addresses)))
    for parts, _match in enumerate(_CONTENT_TYPE.finditer(raw), start=1):
        if parts > limits.max_parts:  # stop counting here: the rest costs time, not news
            raise LimitExceeded(ngettext("Лист має понад %(n)s частину — більше, ніж дозволено.",
                                         "Лист має понад %(n)s частин — більше, ніж дозволено.",
                                         limits.max_parts, n=Count(limits.max_parts)))


def _header_end(raw: bytes) -> int:
    ends = [i for i in (raw.find(b"\r\n\r\n"), raw.find(b"\n\n")) if i >= 0]
    return min(ends) if ends else len(raw)


def check_tree(msg, limits: MessageLimits) -> None:
    """Walk the parsed message without recursion: depth and attachment count."""
    stack, attachments = [(msg, 1)], 0
    while stack:
        part, depth = stack.pop()
        if depth > limits.max_depth:
            raise LimitExceeded(_("Лист вкладено сам у себе глибше за %(limit)s рівнів.",
                                  limit=limits.max_depth))
        payload = part.get_payload() if part.is_multipart() else None
        if isinstance(payload, list):
            stack.extend((p, depth + 1) for p in payload)
        elif part.get_content_disposition() == "attachment":
            attachments += 1
    if attachments > limits.max_attachments:
        raise LimitExceeded(ngettext("Лист має %(n)s вкладення — більше за дозволені %(limit)s.",
                                     "Лист має %(n)s вкладень — більше за дозволені %(limit)s.",
                                     attachments, n=Count(attachments),
                                     limit=Count(limits.max_attachments)))


def clean_text(value: str | None) -> str:
    """Text without NUL and control characters (line breaks and tabs kept)."""
    return _CONTROL.sub("", value or "")


def clean_line(value: str | None) -> str:
    """One line: control characters, CR and LF become spaces; runs of spaces collapse."""
    return " ".join(_LINE_CONTROL.sub(" ", value or "").split())


def clean_json(value):
    """Every string inside a JSON-like value cleaned (keys too)."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [clean_json(v) for v in value]
    if isinstance(value, dict):
        return {clean_text(k): clean_json(v) for k, v in value.items()}
    return value
