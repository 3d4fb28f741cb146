"""An outgoing message as the bytes SMTP carries, and its addresses as SMTP can carry them.
Pure: plain values in, bytes out.

Why not Flask-Mail's ``Message``: it formats ``To`` with ASCII-only rules and raises
``UnicodeEncodeError`` on an address such as ``тест@example.org`` — one such message stopped
every delivery. Here the domain goes out in IDNA (``приклад.укр`` → ``xn--…``), a non-ASCII
local part only to a server that offers SMTPUTF8 (RFC 6531), and anything that still cannot
be written is an ``UnsendableMessage``: a permanent failure of that one message.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime

import idna


class UnsendableMessage(ValueError):
    """The message cannot be written or sent as it is: retrying will not help."""


@dataclass
class Outgoing:
    sender: str
    recipients: list[str]
    subject: str
    body_text: str
    message_id: str
    body_html: str | None = None
    reply_to: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    #: (filename, content type, bytes)
    attachments: list[tuple[str, str, bytes]] = field(default_factory=list)
    date: dt.datetime | None = None


def _split(address: str) -> tuple[str, str]:
    address = (address or "").strip()
    if any(ch in address for ch in "\r\n\0<>,; \t"):
        raise UnsendableMessage(f"Некоректна адреса «{address[:200]}».")
    local, at, domain = address.rpartition("@")
    if not at or not local or not domain:
        raise UnsendableMessage(f"Некоректна адреса «{address[:200]}».")
    return local, domain


def needs_smtputf8(addresses: list[str]) -> bool:
    """True if any address has a non-ASCII local part (only SMTPUTF8 can carry it)."""
    return any(not _split(a)[0].isascii() for a in addresses)


def smtp_address(address: str, smtputf8: bool) -> str:
    """The address as it goes into the SMTP envelope and headers: the domain in IDNA."""
    local, domain = _split(address)
    try:
        ascii_domain = domain if domain.isascii() else idna.encode(domain, uts46=True).decode()
    except idna.IDNAError:
        raise UnsendableMessage(
            f"Домен адреси «{address}» не можна записати для пошти (IDNA).") from None
    if not local.isascii() and not smtputf8:
        raise UnsendableMessage(
            f"Адреса «{address}» має нелатинські літери до «@», а поштовий сервер не підтримує "
            f"SMTPUTF8: такий лист не може бути доставлений. Уточніть адресу в запитувача або "
            f"надішліть лист поштою.")
    return f"{local}@{ascii_domain}"


def build(message: Outgoing, *, smtputf8: bool = False) -> bytes:
    """The message as bytes (UnsendableMessage if a header or address cannot be written)."""
    try:
        msg = EmailMessage(policy=policy.SMTPUTF8 if smtputf8 else policy.SMTP)
        # Bare addresses, already checked by smtp_address (no names, brackets or commas).
        msg["From"] = smtp_address(message.sender, smtputf8)
        msg["To"] = ", ".join(smtp_address(r, smtputf8) for r in message.recipients)
        if message.reply_to:
            msg["Reply-To"] = smtp_address(message.reply_to, smtputf8)
        msg["Subject"] = message.subject
        msg["Message-ID"] = message.message_id
        msg["Date"] = format_datetime(message.date or dt.datetime.now(dt.timezone.utc))
        for name, value in (message.headers or {}).items():
            msg[name] = value
        msg.set_content(message.body_text)
        if message.body_html:
            msg.add_alternative(message.body_html, subtype="html")
        for filename, content_type, content in message.attachments:
            maintype, _, subtype = (content_type or "application/octet-stream").partition("/")
            msg.add_attachment(content, maintype=maintype, subtype=subtype or "octet-stream",
                               filename=filename)
        return msg.as_bytes()
    except UnsendableMessage:
        raise
    except (ValueError, TypeError, UnicodeError, LookupError) as exc:
        # e.g. a CR/LF in a header value (header injection) or an unencodable part.
        raise UnsendableMessage(f"Лист не вдалося сформувати: {exc}") from None
