"""Polling the council's request mailbox over IMAP (imap-tools).

A message is never taken twice: each is stored with its mailbox, UIDVALIDITY and UID under
a unique key. Nothing is deleted from the mailbox until its queue item is registered,
attached or dismissed; then it is deleted (or moved to IMAP_ARCHIVE_FOLDER) by the next poll.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from imap_tools import MailBox, MailBoxStartTls, MailBoxUnencrypted
from sqlalchemy import select

from ..extensions import db
from .receiving import take_in
from .models import IntakeMessage, IntakeStatus

log = logging.getLogger(__name__)
HANDLED = (IntakeStatus.REGISTERED, IntakeStatus.ATTACHED, IntakeStatus.DISMISSED)


@dataclass(frozen=True)
class MailboxSettings:
    host: str
    port: int
    user: str
    password: str
    folder: str = "INBOX"
    security: str = "ssl"
    archive_folder: str = ""

    @property
    def key(self) -> str:
        return f"{self.user}@{self.host}/{self.folder}"

    @classmethod
    def from_config(cls, config) -> MailboxSettings | None:
        if not config.get("IMAP_HOST"):
            return None
        return cls(host=config["IMAP_HOST"], port=int(config["IMAP_PORT"]),
                   user=config["IMAP_USER"] or "", password=config["IMAP_PASSWORD"] or "",
                   folder=config["IMAP_FOLDER"], security=config["IMAP_SECURITY"],
                   archive_folder=config["IMAP_ARCHIVE_FOLDER"])


@dataclass
class PollResult:
    new: int = 0
    attached: int = 0
    errors: int = 0
    removed: int = 0


def _connect(s: MailboxSettings):
    box = {"ssl": MailBox, "starttls": MailBoxStartTls, "plain": MailBoxUnencrypted}[s.security]
    return box(s.host, s.port).login(s.user, s.password, initial_folder=s.folder)


def _fetch_raw(mailbox, uid: str) -> bytes | None:
    """The message's bytes exactly as stored on the server, unparsed (imap-tools would
    parse it on fetch, and a hostile message must reach our own limits first)."""
    typ, data = mailbox.client.uid("FETCH", uid, "(BODY.PEEK[])")
    if typ != "OK":
        return None
    return next((part[1] for part in data if isinstance(part, tuple) and len(part) > 1), None)


def poll(s: MailboxSettings) -> PollResult:
    """Take new messages into the queue (one transaction each), then tidy the mailbox."""
    result = PollResult()
    with _connect(s) as mailbox:
        uidvalidity = int(mailbox.folder.status(s.folder)["UIDVALIDITY"])
        known = set(db.session.scalars(select(IntakeMessage.uid).where(
            IntakeMessage.mailbox == s.key, IntakeMessage.uidvalidity == uidvalidity)))
        new_uids = [u for u in mailbox.uids() if int(u) not in known]
        for uid in new_uids:
            raw = _fetch_raw(mailbox, uid)
            if raw is None:
                result.errors += 1  # the server gave nothing: tried again next poll
                continue
            try:
                item = take_in(None, raw, "imap", mailbox=s.key, uidvalidity=uidvalidity,
                               uid=int(uid), auto_attach=True).item
            except Exception:  # noqa: BLE001 — e.g. the database went away; next poll retries
                db.session.rollback()
                log.exception("intake: message uid %s of %s not stored", uid, s.key)
                result.errors += 1
                continue
            result.new += 1
            result.attached += item.status == IntakeStatus.ATTACHED
            result.errors += item.status == IntakeStatus.ERROR
        done = db.session.scalars(select(IntakeMessage).where(
            IntakeMessage.mailbox == s.key, IntakeMessage.uidvalidity == uidvalidity,
            IntakeMessage.status.in_(HANDLED),
            IntakeMessage.removed_from_mailbox.is_(False))).all()
        if done:
            uids = [str(item.uid) for item in done]
            if s.archive_folder:
                mailbox.move(uids, s.archive_folder)
            else:
                mailbox.delete(uids)
            for item in done:
                item.removed_from_mailbox = True
            db.session.commit()
            result.removed = len(done)
    return result
