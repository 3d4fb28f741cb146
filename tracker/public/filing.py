"""What a requester sends through the public pages is kept as intake keeps mail: an
``IntakeMessage`` (source "web") with its attachments, filed with the request — the filed
request itself (status "registered") or a reply (status "attached", a follow-up on the
request's timeline, as intake files one). The raw copy is a MIME message built here, so the
clerk downloads "the original" exactly as for mail."""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from ..core.timeutil import utcnow
from ..extensions import db
from ..intake.models import Attachment, IntakeMessage, IntakeStatus
from ..outbox.queueing import new_message_id
from ..register.models import Request

SOURCE = "web"


NO_ADDRESS = "no-address@website.invalid"
#: What a display name or a header may not carry: line breaks and other control characters
#: (a header of our own), angle brackets and quotes (another address inside the name). An
#: apostrophe stays: it is a letter of Ukrainian names (Дем'яненко).
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029<>\"`«»„“”\\]")


def display_name(name: str | None) -> str:
    """The requester's name as a From display name: no control characters, no brackets or
    quotes, spaces folded, so that the header parses back to the requester's address only."""
    return " ".join(_UNSAFE.sub(" ", name or "").split())[:200]


def header_text(value: str | None) -> str:
    """A header's text on one line (a line break would start a header of its own)."""
    return " ".join(re.sub(r"[\x00-\x1f\x7f\u2028\u2029]", " ", value or "").split())


def _address(email: str | None) -> Address:
    """The requester's address as a header address; one that is not a plain address (it
    was checked at registration, so this is defence only) becomes the no-address one."""
    try:
        local, domain = (email or "").strip().rsplit("@", 1)
        address = Address(username=local, domain=domain)
        if not _UNSAFE.search(email or "") and "," not in (email or "") and " " not in email:
            return address
    except (ValueError, HeaderParseError, IndexError):
        pass
    return Address(addr_spec=NO_ADDRESS)


def web_message(*, name: str, email: str | None, subject: str, text: str,
                files: list[tuple[str, str, bytes]], when: dt.datetime,
                message_id: str) -> bytes:
    """The submission as a MIME message (the form's own record, never sent anywhere). The
    From header carries the requester's address and nothing else whatever the name says
    (email.headerregistry encodes the cleaned name)."""
    msg = EmailMessage()
    sender = _address(email)
    msg["From"] = Address(display_name=display_name(name), username=sender.username,
                          domain=sender.domain)
    msg["Subject"] = header_text(subject)
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = message_id
    msg["X-Zapyt-Source"] = "public form"
    msg.set_content(text or "")
    for filename, content_type, data in files:
        maintype, _, subtype = content_type.partition("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype,
                           filename=header_text(filename))
    return msg.as_bytes()


def file_with(req: Request, *, name: str, email: str | None, subject: str, text: str,
              files: list[tuple[str, str, bytes]], status: IntakeStatus) -> IntakeMessage:
    """Keep a submission (``status`` REGISTERED) or a reply (PENDING, for
    intake.operations.attach_to_request to file) with ``req``; nothing commits."""
    now = utcnow()
    message_id = new_message_id()
    raw = web_message(name=name, email=email, subject=subject, text=text, files=files,
                      when=now, message_id=message_id)
    item = IntakeMessage(
        source=SOURCE, message_id=message_id, sha256=hashlib.sha256(raw).hexdigest(),
        size=len(raw), raw=raw, status=status, from_name=name[:300] or None,
        from_address=email, subject=subject, received_at=now,
        parsed={"requester": {"name": name, "email": email}, "subject": subject,
                "title": None, "text": text, "channel": "website", "portal": None,
                "received_at": now.isoformat(), "reply_to": None,
                "attachments": [{"filename": f, "size": len(d)} for f, _t, d in files],
                "follow_up_of": req.id if status == IntakeStatus.PENDING else None,
                "notes": []})
    if status != IntakeStatus.PENDING:
        item.request_id, item.handled_at = req.id, now
    for filename, content_type, data in files:
        item.attachments.append(Attachment(
            filename=filename, content_type=content_type, size=len(data),
            sha256=hashlib.sha256(data).hexdigest(), content=data,
            request_id=req.id if status != IntakeStatus.PENDING else None))
    db.session.add(item)
    db.session.flush()
    return item
