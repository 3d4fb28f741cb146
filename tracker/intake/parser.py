"""A raw e-mail to the facts a clerk registers. Pure: the standard library's ``email``.

Handles encoded-word headers (UTF-8, KOI8-U, windows-1251), quoted-printable and base64
bodies, HTML-only mail, attachments with Cyrillic names (RFC 2231 or encoded words),
forwarded requests (attached message/rfc822 or an inline "Forwarded message" block) and
Alaveteli portal requests.
"""
from __future__ import annotations

import base64
import binascii
import datetime as dt
import email
import hashlib
import re
from dataclasses import dataclass, field
from email import errors as email_errors
from email import policy
from email.header import decode_header, make_header
from email.policy import EmailPolicy
from email.message import EmailMessage
from email.utils import getaddresses, parsedate_to_datetime

from ..core.i18n import N_, gettext as _
from ..register import portal as alaveteli
from .htmltext import html_to_text
from .limits import LimitExceeded, MessageLimits, check_raw, check_tree, clean_line, clean_text


class MalformedMessage(ValueError):
    """Not an e-mail we can read; the message says why (kept in the queue with it)."""


@dataclass
class ParsedAttachment:
    filename: str
    content_type: str
    size: int
    content: bytes | None  # None when kept out (too large)
    note: str | None = None


@dataclass
class ParsedMessage:
    message_id: str | None
    from_name: str
    from_address: str | None
    reply_to: str | None
    sent_at: dt.datetime | None  # the Date header, aware; None if absent or unreadable
    subject: str
    title: str
    text: str
    channel: str  # "portal" or "email"
    portal: alaveteli.Portal | None
    attachments: list[ParsedAttachment] = field(default_factory=list)
    in_reply_to: list[str] = field(default_factory=list)
    forwarded_by: str | None = None
    html_only: bool = False
    notes: list[str] = field(default_factory=list)
    sha256: str = ""

    @property
    def reply_address(self) -> str | None:
        """Where a reply must go: the portal's exact address, else Reply-To, else From."""
        if self.portal:
            return self.portal.address
        return self.reply_to or self.from_address


_ENCODED_WORD = r"=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?="
_ENCODED_RUN = re.compile(rf"{_ENCODED_WORD}(?:[ \t]*\r?\n?[ \t]+{_ENCODED_WORD})+")


def _joined_words(match: re.Match) -> str:
    """Adjacent encoded-words as one UTF-8 encoded-word: RFC 2047 §6.2, the whitespace
    between them is not text (and a character split across two words is whole again)."""
    try:
        parts = decode_header(match.group(0))  # same-charset neighbours: bytes joined first
    except (email_errors.HeaderParseError, binascii.Error, ValueError):
        return match.group(0)
    text = ""
    for chunk, charset in parts:
        if isinstance(chunk, str):
            text += chunk
            continue
        try:
            text += chunk.decode(charset or "ascii", errors="replace")
        except LookupError:
            text += chunk.decode("utf-8", errors="replace")
    return "=?utf-8?b?" + base64.b64encode(text.encode("utf-8")).decode("ascii") + "?="


class _JoiningPolicy(EmailPolicy):
    """The standard policy, but adjacent encoded-words are joined before a header is read.

    Python's own folder splits a long Cyrillic display name inside a word across encoded-
    words, and its address parser then keeps the folding space («Ів анович»). Joining them
    in the raw value fixes every header the parser reads: From, Reply-To, Subject,
    filenames, and the headers of forwarded messages.
    """

    def header_fetch_parse(self, name, value):
        if "=?" in value:
            value = _ENCODED_RUN.sub(_joined_words, value)
        return super().header_fetch_parse(name, value)


POLICY = _JoiningPolicy()


_FORWARD_MARK = re.compile(
    r"^\s*-{2,}\s*(forwarded message|original message|пересланное сообщение|исходное сообщение|"
    r"переслане повідомлення|пересланий лист|початкове повідомлення|оригінальне повідомлення)"
    r"\s*-{2,}\s*$", re.IGNORECASE | re.MULTILINE)
_FWD_HEADER = re.compile(r"^\s*(from|від|от|subject|тема|date|дата|sent|надіслано|to|кому)\s*:\s*(.*)$",
                         re.IGNORECASE)


def _header(msg, name: str) -> str:
    """A header as text; tolerant of encodings the strict parser refuses."""
    try:
        value = msg.get(name)
        return str(value).strip() if value is not None else ""
    except Exception:  # noqa: BLE001 — a broken header must not lose the message
        # The unparsed value (get_all would run the same failing parser again).
        raw = next((v for k, v in msg.raw_items() if k.lower() == name.lower()), None) \
            if hasattr(msg, "raw_items") else None
        if raw is None:
            return ""
        try:
            return str(make_header(decode_header(str(raw)))).strip()
        except Exception:  # noqa: BLE001
            return str(raw).strip()


def _addresses(value: str) -> list[tuple[str, str]]:
    return [(name.strip(), addr.strip()) for name, addr in getaddresses([value]) if addr.strip()]


def _decode_part(part) -> str:
    try:
        return part.get_content()
    except (LookupError, UnicodeError, AssertionError, KeyError):
        payload = part.get_payload(decode=True) or b""
        for charset in (part.get_content_charset(), "utf-8", "cp1251", "koi8-u"):
            if not charset:
                continue
            try:
                return payload.decode(charset)
            except (LookupError, UnicodeDecodeError):
                continue
        return payload.decode("utf-8", errors="replace")


def _body(msg: EmailMessage) -> tuple[str, bool]:
    """(text, html_only) from the best body part."""
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        if msg.get_content_maintype() == "text":
            part = msg
        else:
            return "", False
    content = _decode_part(part)
    if part.get_content_subtype() == "html":
        return html_to_text(content), True
    return content.replace("\r\n", "\n").strip(), False


def _attachments(msg: EmailMessage, limit: int) -> list[ParsedAttachment]:
    out = []
    for part in msg.iter_attachments():
        if part.get_content_type() == "message/rfc822":
            continue  # a forwarded message is read as the request, not filed as a file
        try:
            filename = part.get_filename() or ""
        except Exception:  # noqa: BLE001
            filename = ""
        filename = filename.replace("/", "_").replace("\\", "_").strip() or "вкладення"
        data = part.get_payload(decode=True) or b""
        if len(data) > limit:
            out.append(ParsedAttachment(filename, part.get_content_type(), len(data), None,
                                        _("Вкладення «%(name)s» (%(size)s КБ) більше за "
                                          "дозволені %(limit)s КБ: не збережено.",
                                          name=filename, size=len(data) // 1024,
                                          limit=limit // 1024)))
        else:
            out.append(ParsedAttachment(filename, part.get_content_type(), len(data), data))
    return out


def _date(msg) -> dt.datetime | None:
    raw = _header(msg, "Date")
    if not raw:
        return None
    try:
        value = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return None
    if value is None or value.tzinfo is None:
        return None
    return value


def _inline_forward(text: str):
    """(sender name, sender address, subject, body) of an inline forwarded block, or None."""
    m = _FORWARD_MARK.search(text)
    if not m:
        return None
    rest = text[m.end():].lstrip("\n").split("\n")
    headers, i = {}, 0
    while i < len(rest) and rest[i].strip():
        hm = _FWD_HEADER.match(rest[i])
        if not hm:
            break
        key = hm.group(1).lower()
        key = {"від": "from", "от": "from", "тема": "subject", "дата": "date", "sent": "date",
               "надіслано": "date", "кому": "to"}.get(key, key)
        headers.setdefault(key, hm.group(2).strip())
        i += 1
    if "from" not in headers:
        return None
    sender = _addresses(headers["from"])
    name, address = sender[0] if sender else (headers["from"], None)
    return name, address, headers.get("subject", ""), "\n".join(rest[i:]).strip()


NOT_A_MESSAGE = N_("Файл не схожий на лист (.eml): %(why)s Збережіть лист у поштовому "
                   "клієнті як файл .eml («Зберегти як») і завантажте його.")


def check_upload(raw: bytes) -> None:
    """Refuse a file handed in by a person that is not an e-mail at all (random bytes, a
    .txt, a PDF): an RFC 5322 message has header lines, at least From or Subject among
    them, and a body after them. Raises MalformedMessage with a Ukrainian reason.

    Only for uploads: mail from the mailbox is always kept, with a reason if unreadable.
    """
    if not raw or not raw.strip():
        raise MalformedMessage(_(NOT_A_MESSAGE, why=_("файл порожній.")))
    end = _header_end_of(raw)
    # Names and raw values only: parsing a hostile From here would cost what the limits save.
    headers = email.message_from_bytes(raw[:end], policy=policy.compat32).raw_items()
    has_header = any(name.strip().lower() in ("from", "subject") and str(value).strip()
                     for name, value in headers)
    if not has_header:
        raise MalformedMessage(_(NOT_A_MESSAGE, why=_(
            "у ньому немає заголовків листа From (Від) чи Subject (Тема).")))
    if end >= len(raw.rstrip()):
        raise MalformedMessage(_(NOT_A_MESSAGE, why=_("після заголовків немає тексту листа.")))


def _header_end_of(raw: bytes) -> int:
    """Where the header block ends: the blank line, or the first line that is no header."""
    pos, stop = 0, min(len(raw), _HEADER_SCAN)
    while pos < stop:
        nl = raw.find(b"\n", pos)
        line = raw[pos:] if nl < 0 else raw[pos:nl]
        if not line.rstrip(b"\r"):
            return pos  # the blank line: a body (perhaps empty) follows
        continued = line[:1] in (b" ", b"\t") and pos > 0
        mbox = pos == 0 and line.startswith(b"From ")  # an mbox "From " line first
        if not (continued or mbox or _HEADER_LINE.match(line)):
            return pos  # not a header line: the body starts here
        if nl < 0:
            return len(raw)
        pos = nl + 1
    return pos if pos < len(raw) else len(raw)


_HEADER_LINE = re.compile(rb"[\x21-\x39\x3b-\x7e]+[ \t]*:")
_HEADER_SCAN = 512 * 1024  # past this the header limit refuses the message anyway


def parse_message(raw: bytes, *, max_attachment_bytes: int = 10 * 1024 * 1024,
                  portals: dict[str, str] | None = None,
                  limits: MessageLimits = MessageLimits()) -> ParsedMessage:
    """Read one message. Raises MalformedMessage when it is not a readable e-mail or is
    over a limit (the reason says which)."""
    if not raw or not raw.strip():
        raise MalformedMessage(_("Порожній файл: це не e-mail."))
    try:
        check_raw(raw, limits)
        msg = email.message_from_bytes(raw, policy=POLICY)
        check_tree(msg, limits)
        return _clean(_read(raw, msg, max_attachment_bytes, portals))
    except LimitExceeded as exc:
        raise MalformedMessage(str(exc)) from None
    except RecursionError:
        raise MalformedMessage(_("Структура листа надто глибоко вкладена: його не "
                                 "прочитати.")) from None


def _clean(p: ParsedMessage) -> ParsedMessage:
    """No control characters in what is stored: NUL breaks PostgreSQL, CR/LF break lines."""
    p.from_name, p.subject, p.title = clean_line(p.from_name), clean_line(p.subject), clean_line(p.title)
    p.text = clean_text(p.text)
    p.message_id = clean_line(p.message_id) or None
    p.from_address = clean_line(p.from_address) or None
    p.reply_to = clean_line(p.reply_to) or None
    p.in_reply_to = [clean_line(v) for v in p.in_reply_to]
    for a in p.attachments:
        a.filename, a.content_type = clean_line(a.filename) or "вкладення", clean_line(a.content_type)
        a.note = clean_line(a.note) or None
    p.notes = [clean_line(n) for n in p.notes]
    return p


def _read(raw: bytes, msg, max_attachment_bytes: int, portals) -> ParsedMessage:
    if not msg.keys() or not (_header(msg, "From") or _header(msg, "Sender")):
        raise MalformedMessage(_("Не схоже на e-mail: немає заголовків From/Від."))
    sender = _addresses(_header(msg, "From") or _header(msg, "Sender"))
    if not sender:
        raise MalformedMessage(_("Не вдалося прочитати адресу відправника: «%(sender)s».",
                                 sender=_header(msg, "From")[:200]))
    from_name, from_address = sender[0]
    reply_to = [a for _name, a in _addresses(_header(msg, "Reply-To"))]
    subject = " ".join(_header(msg, "Subject").split())
    text, html_only = _body(msg)
    notes: list[str] = []
    forwarded_by = None
    sent_at = _date(msg)

    inner = next((p for p in msg.iter_attachments() if p.get_content_type() == "message/rfc822"),
                 None)
    if inner is not None:
        original = inner.get_content()
        if isinstance(original, EmailMessage) and _addresses(_header(original, "From")):
            forwarded_by = from_address
            from_name, from_address = _addresses(_header(original, "From"))[0]
            reply_to = [a for _name, a in _addresses(_header(original, "Reply-To"))]
            subject = " ".join(_header(original, "Subject").split()) or subject
            text, html_only = _body(original)
            # Deadlines count from the earliest receipt: the original's date when readable.
            sent_at = _date(original) or sent_at
            notes.append(_("Пересланий лист від %(sender)s: запитувач — відправник "
                           "оригіналу.", sender=forwarded_by))
    else:
        found = _inline_forward(text)
        if found and found[1]:
            forwarded_by = from_address
            from_name, from_address, fwd_subject, text = found
            reply_to = []
            subject = " ".join(fwd_subject.split()) or alaveteli.strip_reply_prefixes(subject)
            notes.append(_("Пересланий лист від %(sender)s: запитувач — відправник "
                           "оригіналу.", sender=forwarded_by))

    portal = alaveteli.find_portal(reply_to + [from_address], portals)
    if portal:
        title = alaveteli.title_from_subject(subject) or alaveteli.strip_reply_prefixes(subject)
        text = alaveteli.request_text(text)
    else:
        title = alaveteli.strip_reply_prefixes(subject)
    attachments = _attachments(msg, max_attachment_bytes)
    notes += [a.note for a in attachments if a.note]
    in_reply_to = re.findall(r"<[^<>\s]+>", _header(msg, "In-Reply-To") + " " +
                             _header(msg, "References"))
    return ParsedMessage(
        message_id=(_header(msg, "Message-ID") or None), from_name=from_name,
        from_address=from_address.lower() if from_address else None,
        reply_to=reply_to[0].lower() if reply_to else None, sent_at=sent_at,
        subject=subject, title=title or subject, text=text,
        channel="portal" if portal else "email", portal=portal, attachments=attachments,
        in_reply_to=in_reply_to, forwarded_by=forwarded_by, html_only=html_only, notes=notes,
        sha256=hashlib.sha256(raw).hexdigest())
