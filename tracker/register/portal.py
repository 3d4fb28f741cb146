"""Requests from Alaveteli sites such as «Доступ до правди». Pure.

The portal's address ``…request-<id>-<hash>@<domain>`` is the only thing that matches a
reply to its request; the subject is ``Інформаційний запит - <title>``; the body is the
request between a greeting and the portal's footer (between lines of dashes).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.i18n import N_

ADDRESS = re.compile(r"^(?P<local>[^@\s]*?request-(?P<id>\d+)-(?P<hash>[0-9a-f]{8}))"
                     r"@(?P<domain>[^@\s>]+)$", re.IGNORECASE)
SUBJECT = re.compile(r"^(?:(?:re|fwd?|fw|відп|пересл|отв)\s*:\s*)*"
                     r"(?:інформаційний запит|запит на (?:публічну )?інформацію|"
                     r"freedom of information request|foi request)\s*[-–—:]\s*(?P<title>.+)$",
                     re.IGNORECASE)
REPLY_PREFIX = re.compile(r"^(?:(?:re|fwd?|fw|відп|відповідь|пересл|отв|aw|wg)\s*(?:\[\d+\])?\s*:\s*)+",
                          re.IGNORECASE)
_GREETING = re.compile(r"^(доброго дня|добрий день|добридень|вітаю|здравствуйте|шановн\w*[^\n]*"
                       r"|dear [^\n]*|hello|good (?:morning|afternoon))\s*[!,.]?\s*$", re.IGNORECASE)
_FOOTER_HINT = re.compile(r"використовуйте цю (електронну )?адресу|use this email address",
                          re.IGNORECASE)
_DASHES = re.compile(r"^\s*-{10,}\s*$")
_SIGN_OFF = re.compile(r"^(з повагою|з найкращими побажаннями|щиро|yours (?:faithfully|sincerely)"
                       r"|regards|kind regards)\s*,?\s*$", re.IGNORECASE)

#: Known Alaveteli sites by domain; any other domain is named by itself.
KNOWN_PORTALS = {"dostup.pravda.com.ua": N_("Доступ до правди")}  # a name: translated where shown


@dataclass(frozen=True)
class Portal:
    name: str
    domain: str
    request_id: str
    hash: str
    address: str


def find_portal(addresses: list[str], known: dict[str, str] | None = None) -> Portal | None:
    """The portal behind the first address that is an Alaveteli request address."""
    known = KNOWN_PORTALS if known is None else known
    for address in addresses:
        m = ADDRESS.match((address or "").strip())
        if m:
            domain = m.group("domain").lower()
            return Portal(name=known.get(domain, domain), domain=domain,
                          request_id=m.group("id"), hash=m.group("hash").lower(),
                          address=address.strip().lower())
    return None


def title_from_subject(subject: str) -> str | None:
    m = SUBJECT.match((subject or "").strip())
    return m.group("title").strip() if m else None


def strip_reply_prefixes(subject: str) -> str:
    return REPLY_PREFIX.sub("", (subject or "").strip()).strip()


def request_text(body: str) -> str:
    """The request itself: no greeting, no sign-off with the name, no portal footer."""
    lines = (body or "").replace("\r\n", "\n").split("\n")
    # Cut the footer: the dashes line that opens the "use this address" block.
    for i, line in enumerate(lines):
        if _DASHES.match(line) and any(_FOOTER_HINT.search(l) for l in lines[i + 1:i + 5]):
            lines = lines[:i]
            break
    while lines and not lines[0].strip():
        lines.pop(0)
    if lines and _GREETING.match(lines[0].strip()):
        lines.pop(0)
    # Drop "З повагою," and the few short lines (the name) after it, at the end.
    for i in range(len(lines) - 1, max(len(lines) - 8, -1), -1):
        if _SIGN_OFF.match(lines[i].strip()):
            tail = [l for l in lines[i + 1:] if l.strip()]
            if len(tail) <= 3 and all(len(l) < 80 for l in tail):
                lines = lines[:i]
            break
    return "\n".join(lines).strip()
