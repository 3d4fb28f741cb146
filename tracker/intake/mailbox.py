"""Polling the council's request mailbox over IMAP (imap-tools).

A message is never taken twice: each is stored with its mailbox, UIDVALIDITY and UID under
a unique key. Nothing is deleted from the mailbox until its queue item is registered,
attached or dismissed; then it is deleted (or moved to IMAP_ARCHIVE_FOLDER) by the next poll.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from imap_tools import AND, MailBox, MailBoxStartTls, MailBoxUnencrypted
from sqlalchemy import select

from ..extensions import db
from . import operations as ops
from .models import IntakeMessage, IntakeStatus

log = logging.getLogger(__name__)
HANDLED = (IntakeStatus.REGISTERED, IntakeStatus.ATTACHED, IntakeStatus.DISMISSED)
BATCH = 50


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


def poll(s: MailboxSettings) -> PollResult:
    """Take new messages into the queue (one transaction each), then tidy the mailbox."""
    result = PollResult()
    with _connect(s) as mailbox:
        uidvalidity = int(mailbox.folder.status(s.folder)["UIDVALIDITY"])
        known = set(db.session.scalars(select(IntakeMessage.uid).where(
            IntakeMessage.mailbox == s.key, IntakeMessage.uidvalidity == uidvalidity)))
        new_uids = [u for u in mailbox.uids() if int(u) not in known]
        for start in range(0, len(new_uids), BATCH):
            chunk = new_uids[start:start + BATCH]
            for msg in mailbox.fetch(AND(uid=chunk), mark_seen=False, bulk=True):
                try:
                    item = ops.receive_message(None, msg.obj.as_bytes(), "imap", mailbox=s.key,
                                               uidvalidity=uidvalidity, uid=int(msg.uid),
                                               auto_attach=True)
                    db.session.commit()
                except Exception:  # noqa: BLE001 — one bad message must not stop the rest
                    db.session.rollback()
                    log.exception("intake: message uid %s of %s not stored", msg.uid, s.key)
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
